-- Times are kept as the ISO text they were written in (they come back exactly so), under the
-- "C" collation so that comparing and ordering them is comparing the instants, whatever the
-- database's own collation is. Keys and ids use "C" too, to order as SQLite does.

-- Sites carry their whole policy as one validated document (categories, departments, deadlines).
CREATE TABLE sites (
  key        TEXT COLLATE "C" PRIMARY KEY,
  document   JSONB NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL
);

-- The record: every change to a complaint, appended and hash-chained, never rewritten.
CREATE TABLE events (
  id           BIGSERIAL PRIMARY KEY,
  complaint_id TEXT COLLATE "C" NOT NULL,
  seq          INTEGER NOT NULL,
  type         TEXT NOT NULL,
  at           TEXT COLLATE "C" NOT NULL,
  actor        JSONB NOT NULL,
  data         JSONB NOT NULL,
  prev_hash    TEXT NOT NULL,
  hash         TEXT NOT NULL,
  CONSTRAINT events_complaint_seq UNIQUE (complaint_id, seq)
);
-- Where each complaint's chain starts, in creation order: walking every chain pages through this.
CREATE INDEX events_chain_starts ON events (id) WHERE seq = 1;

CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events are append-only (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER events_append_only_rows BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_append_only();
-- TRUNCATE fires no row triggers: refuse it for the whole statement.
CREATE TRIGGER events_append_only_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();

-- The read model: a projection of the events, rebuilt from them at will.
CREATE TABLE complaints (
  id            TEXT COLLATE "C" PRIMARY KEY,
  site_key      TEXT COLLATE "C" NOT NULL REFERENCES sites(key),
  reference     TEXT NOT NULL,
  status        TEXT NOT NULL,
  category      TEXT NOT NULL,
  department    TEXT NOT NULL,
  priority      TEXT NOT NULL,
  channel       TEXT NOT NULL,
  registered_at TEXT COLLATE "C" NOT NULL,
  updated_at    TEXT COLLATE "C" NOT NULL,
  version       INTEGER NOT NULL,
  state         JSONB NOT NULL,
  CONSTRAINT complaints_site_reference UNIQUE (site_key, reference)
);
CREATE INDEX complaints_site_status ON complaints (site_key, status, registered_at);

-- Answers to requests that carried an Idempotency-Key; the key itself is kept only as a hash.
-- The body is JSON, not JSONB, so that a replay answers with the very text first sent.
CREATE TABLE idempotency_keys (
  scope        TEXT NOT NULL,
  key_hash     TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status       INTEGER NOT NULL,
  body         JSON NOT NULL,
  created_at   TEXT COLLATE "C" NOT NULL,
  CONSTRAINT idempotency_keys_claim PRIMARY KEY (scope, key_hash)
);

CREATE TABLE api_keys (
  id         TEXT COLLATE "C" PRIMARY KEY,
  site_key   TEXT COLLATE "C" NOT NULL REFERENCES sites(key),
  key_hash   TEXT NOT NULL UNIQUE,
  label      TEXT,
  created_at TEXT COLLATE "C" NOT NULL,
  revoked_at TEXT COLLATE "C"
);

CREATE TABLE secrets (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
