-- Staff accounts. Memberships (site, roles, departments) live in the document: they are read
-- whole with the user at every request and changed whole by an administrator.
CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  memberships   TEXT NOT NULL,
  superadmin    INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL,
  disabled_at   TEXT,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until  TEXT
);

-- A site's members, for listing them without reading every user.
CREATE TABLE user_sites (
  user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  site_key TEXT NOT NULL,
  PRIMARY KEY (site_key, user_id)
);

-- Sign-in sessions, by the hash of the cookie's value.
CREATE TABLE sessions (
  id_hash    TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Personal API tokens for integrations, by their hash.
CREATE TABLE staff_tokens (
  id           TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash   TEXT NOT NULL UNIQUE,
  label        TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at   TEXT
);

-- Who did what: sign-ins, configuration changes, every reveal of a complainant's identity.
-- Append-only and hash-chained like the events.
CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  at        TEXT NOT NULL,
  site_key  TEXT,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  target    TEXT,
  details   TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE INDEX audit_log_site ON audit_log (site_key, id);
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
