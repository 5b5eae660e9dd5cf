-- Delivering the outbox: a lease so two dispatchers never send one row at the same time, the
-- channels that have delivered a row so far, and the delivery a later row was folded into.
ALTER TABLE outbox ADD COLUMN leased_by TEXT;
ALTER TABLE outbox ADD COLUMN leased_until TEXT COLLATE "C";
ALTER TABLE outbox ADD COLUMN folded_into TEXT COLLATE "C";
ALTER TABLE outbox ADD COLUMN delivered_via JSONB NOT NULL DEFAULT '[]';
CREATE INDEX outbox_complaint ON outbox (complaint_id);
CREATE INDEX outbox_site_status ON outbox (site_key, status, created_at);
CREATE INDEX outbox_folded ON outbox (folded_into) WHERE folded_into IS NOT NULL;

-- How each member of staff wants to hear of their work: at once, or in one daily digest.
CREATE TABLE staff_notification_settings (
  user_id    TEXT COLLATE "C" PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  delivery   TEXT NOT NULL CHECK (delivery IN ('immediate', 'daily-digest')),
  updated_at TEXT COLLATE "C" NOT NULL
);
