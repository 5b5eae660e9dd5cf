-- The staff queue: what it filters and sorts on, computed by projectionRow (api/store/projection.ts)
-- from the state. Complaints already stored get their values when the store applies this migration.
ALTER TABLE complaints ADD COLUMN due_at TEXT COLLATE "C";
ALTER TABLE complaints ADD COLUMN stage TEXT;
ALTER TABLE complaints ADD COLUMN breached BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE complaints ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE complaints ADD COLUMN search_identity TEXT NOT NULL DEFAULT '';

-- One index per order the queue offers, each leading with the site as every query does, and
-- holding every column a filter looks at: a page is found by reading the index alone, however
-- few of its entries match, and only the page's own rows are read from the table. The `due`
-- order puts complaints without a deadline last ('~' sorts after every timestamp).
CREATE INDEX complaints_queue_due ON complaints (site_key, (coalesce(due_at, '~')), registered_at, id,
  status, stage, breached, due_at, department, category, priority, channel, assignee);
CREATE INDEX complaints_queue_registered ON complaints (site_key, registered_at, id,
  status, stage, breached, due_at, department, category, priority, channel, assignee);
CREATE INDEX complaints_queue_updated ON complaints (site_key, updated_at, id,
  status, stage, breached, due_at, department, category, priority, channel, assignee, registered_at);
-- The counts, by status, of a whole site or of one department (a handler's queue), likewise.
CREATE INDEX complaints_queue_status ON complaints (site_key, status,
  breached, due_at, stage, department, category, priority, channel, assignee, registered_at);
CREATE INDEX complaints_queue_department ON complaints (site_key, department, status,
  breached, due_at, stage, category, priority, channel, assignee, registered_at);

-- Text search is LIKE '%word%' on the folded text; pg_trgm's GIN index makes it fast. Where the
-- extension cannot be had, the search still works, by reading the site's rows.
DO $$
DECLARE
  trgm_schema name;
BEGIN
  BEGIN
    -- in public when there is one, so that dropping the application's schema leaves it to others
    IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'public') THEN
      CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
    ELSE
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
    END IF;
  EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pg_trgm is not available (%): text search runs without a trigram index', SQLERRM;
  END;
  SELECT n.nspname INTO trgm_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
  IF trgm_schema IS NOT NULL THEN
    -- named with its schema: the extension need not be on the search path
    EXECUTE format('CREATE INDEX complaints_search_text ON complaints USING gin (search_text %I.gin_trgm_ops)', trgm_schema);
    EXECUTE format('CREATE INDEX complaints_search_identity ON complaints USING gin (search_identity %I.gin_trgm_ops)', trgm_schema);
  END IF;
END
$$;
