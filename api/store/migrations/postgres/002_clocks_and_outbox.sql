-- Who holds a complaint, and when the scheduler must next look at it (a warning or a breach).
ALTER TABLE complaints ADD COLUMN assignee TEXT;
ALTER TABLE complaints ADD COLUMN next_deadline_at TEXT COLLATE "C";
CREATE INDEX complaints_next_deadline ON complaints (next_deadline_at) WHERE next_deadline_at IS NOT NULL;

-- Messages to send, written in the same transaction as the events that cause them.
CREATE TABLE outbox (
  id              TEXT COLLATE "C" PRIMARY KEY,
  site_key        TEXT COLLATE "C" NOT NULL,
  complaint_id    TEXT COLLATE "C",
  event_seq       INTEGER,
  kind            TEXT NOT NULL,
  recipient       JSONB NOT NULL,
  payload         JSONB NOT NULL,
  status          TEXT NOT NULL DEFAULT 'pending',
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT COLLATE "C" NOT NULL,
  last_error      TEXT,
  created_at      TEXT COLLATE "C" NOT NULL,
  sent_at         TEXT COLLATE "C"
);
CREATE INDEX outbox_pending ON outbox (status, next_attempt_at);
