-- The staff queue: what it filters and sorts on, computed by projectionRow (api/store/projection.ts)
-- from the state. Complaints already stored get their values when the store applies this migration.
ALTER TABLE complaints ADD COLUMN due_at TEXT;
ALTER TABLE complaints ADD COLUMN stage TEXT;
ALTER TABLE complaints ADD COLUMN breached INTEGER NOT NULL DEFAULT 0;
ALTER TABLE complaints ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE complaints ADD COLUMN search_identity TEXT NOT NULL DEFAULT '';

-- One index per order the queue offers, each leading with the site as every query does, and
-- holding every column a filter looks at: a page is found by reading the index alone, however
-- few of its entries match, and only the page's own rows are read from the table. The `due`
-- order puts complaints without a deadline last ('~' sorts after every timestamp).
CREATE INDEX complaints_queue_due ON complaints (site_key, coalesce(due_at, '~'), registered_at, id,
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

-- Substrings of three characters or more, in any language (Chinese has no spaces to split words
-- at). Contentless: the text stays in complaints; a row's entry has the complaint's rowid.
-- Deleting an entry that is not there is harmless, which the rebuild relies on. The text is
-- indexed with two line breaks after it, so that every character starts a trigram: a word of
-- one or two characters is then found through the trigrams that begin with it.
CREATE VIRTUAL TABLE complaints_search USING fts5(
  search_text, search_identity, content = '', contentless_delete = 1, tokenize = 'trigram case_sensitive 1');
-- The trigrams the index holds, for looking up those that begin with a short word.
CREATE VIRTUAL TABLE complaints_search_terms USING fts5vocab(complaints_search, 'row');

CREATE TRIGGER complaints_search_insert AFTER INSERT ON complaints BEGIN
  INSERT INTO complaints_search (rowid, search_text, search_identity)
    VALUES (new.rowid, new.search_text || char(10, 10), new.search_identity || char(10, 10));
END;
CREATE TRIGGER complaints_search_delete AFTER DELETE ON complaints BEGIN
  DELETE FROM complaints_search WHERE rowid = old.rowid;
END;
CREATE TRIGGER complaints_search_update AFTER UPDATE OF search_text, search_identity ON complaints
  WHEN old.search_text IS NOT new.search_text OR old.search_identity IS NOT new.search_identity BEGIN
  DELETE FROM complaints_search WHERE rowid = old.rowid;
  INSERT INTO complaints_search (rowid, search_text, search_identity)
    VALUES (new.rowid, new.search_text || char(10, 10), new.search_identity || char(10, 10));
END;
