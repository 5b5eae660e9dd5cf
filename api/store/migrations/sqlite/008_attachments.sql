-- Photos sent with complaints, by the SHA-256 of their bytes (the same picture twice is one row).
CREATE TABLE attachments (
  site_key     TEXT NOT NULL,
  id           TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size         INTEGER NOT NULL,
  bytes        BLOB NOT NULL,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (site_key, id)
);
