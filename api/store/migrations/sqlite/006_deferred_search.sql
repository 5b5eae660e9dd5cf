-- Keeping the trigram index in step inside every write made each filing about twice as slow.
-- A changed row now only leaves a note here; the index catches up before any text search and
-- in the background, so searches still see every complaint.
DROP TRIGGER complaints_search_insert;
DROP TRIGGER complaints_search_update;
CREATE TABLE search_pending (row INTEGER PRIMARY KEY);
-- (NOT EXISTS rather than OR IGNORE: inside a trigger, the upsert's own conflict rule would win)
CREATE TRIGGER complaints_search_pending_insert AFTER INSERT ON complaints BEGIN
  INSERT INTO search_pending (row) SELECT new.rowid WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE row = new.rowid);
END;
CREATE TRIGGER complaints_search_pending_update AFTER UPDATE OF search_text, search_identity ON complaints
  WHEN old.search_text IS NOT new.search_text OR old.search_identity IS NOT new.search_identity BEGIN
  INSERT INTO search_pending (row) SELECT new.rowid WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE row = new.rowid);
END;
