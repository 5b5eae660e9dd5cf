-- Staff accounts. Memberships (site, roles, departments) live in the document: they are read
-- whole with the user at every request and changed whole by an administrator.
CREATE TABLE users (
  id            TEXT COLLATE "C" PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  memberships   JSONB NOT NULL,
  superadmin    BOOLEAN NOT NULL DEFAULT false,
  created_at    TEXT COLLATE "C" NOT NULL,
  disabled_at   TEXT COLLATE "C",
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until  TEXT COLLATE "C"
);

CREATE TABLE user_sites (
  user_id  TEXT COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  site_key TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (site_key, user_id)
);

CREATE TABLE sessions (
  id_hash    TEXT PRIMARY KEY,
  user_id    TEXT COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  expires_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE staff_tokens (
  id           TEXT COLLATE "C" PRIMARY KEY,
  user_id      TEXT COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash   TEXT NOT NULL UNIQUE,
  label        TEXT NOT NULL,
  created_at   TEXT COLLATE "C" NOT NULL,
  last_used_at TEXT COLLATE "C",
  revoked_at   TEXT COLLATE "C"
);

CREATE TABLE audit_log (
  id        BIGSERIAL PRIMARY KEY,
  at        TEXT COLLATE "C" NOT NULL,
  site_key  TEXT COLLATE "C",
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  target    TEXT,
  details   JSONB NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE INDEX audit_log_site ON audit_log (site_key, id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER audit_log_append_only_rows BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_append_only_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
