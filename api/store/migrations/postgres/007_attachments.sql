-- Photos sent with complaints, by the SHA-256 of their bytes (the same picture twice is one row).
CREATE TABLE attachments (
  site_key     TEXT COLLATE "C" NOT NULL,
  id           TEXT COLLATE "C" NOT NULL,
  content_type TEXT NOT NULL,
  size         INTEGER NOT NULL,
  bytes        BYTEA NOT NULL,
  created_at   TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (site_key, id)
);
