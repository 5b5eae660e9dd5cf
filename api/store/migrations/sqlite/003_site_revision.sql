-- Every change to a site's document counts up, so a server can keep the parsed site and
-- re-read it only when another process has changed it.
ALTER TABLE sites ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
