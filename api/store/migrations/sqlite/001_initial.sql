-- Sites carry their whole policy as one validated document (categories, departments, deadlines).
CREATE TABLE sites (
  key        TEXT PRIMARY KEY,
  document   TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- The record: every change to a complaint, appended and hash-chained, never rewritten.
CREATE TABLE events (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  complaint_id TEXT NOT NULL,
  seq          INTEGER NOT NULL,
  type         TEXT NOT NULL,
  at           TEXT NOT NULL,
  actor        TEXT NOT NULL,
  data         TEXT NOT NULL,
  prev_hash    TEXT NOT NULL,
  hash         TEXT NOT NULL,
  UNIQUE (complaint_id, seq)
);
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

-- The read model: a projection of the events, rebuilt from them at will.
CREATE TABLE complaints (
  id            TEXT PRIMARY KEY,
  site_key      TEXT NOT NULL REFERENCES sites(key),
  reference     TEXT NOT NULL,
  status        TEXT NOT NULL,
  category      TEXT NOT NULL,
  department    TEXT NOT NULL,
  priority      TEXT NOT NULL,
  channel       TEXT NOT NULL,
  registered_at TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  version       INTEGER NOT NULL,
  state         TEXT NOT NULL,
  UNIQUE (site_key, reference)
);
CREATE INDEX complaints_site_status ON complaints (site_key, status, registered_at);

-- Answers to requests that carried an Idempotency-Key; the key itself is kept only as a hash.
CREATE TABLE idempotency_keys (
  scope        TEXT NOT NULL,
  key_hash     TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status       INTEGER NOT NULL,
  body         TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (scope, key_hash)
);

CREATE TABLE api_keys (
  id         TEXT PRIMARY KEY,
  site_key   TEXT NOT NULL REFERENCES sites(key),
  key_hash   TEXT NOT NULL UNIQUE,
  label      TEXT,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

CREATE TABLE secrets (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
