-- Web Push: a browser subscribed to one complaint (the complainant's tracker) or to a member's
-- work on a site (the portal). The same browser may be subscribed for several of either.
CREATE TABLE push_subscriptions (
  id           TEXT COLLATE "C" PRIMARY KEY,
  site_key     TEXT COLLATE "C" NOT NULL REFERENCES sites(key),
  endpoint     TEXT COLLATE "C" NOT NULL,
  p256dh       TEXT NOT NULL,
  auth         TEXT NOT NULL,
  complaint_id TEXT COLLATE "C",
  user_id      TEXT COLLATE "C" REFERENCES users(id) ON DELETE CASCADE,
  created_at   TEXT COLLATE "C" NOT NULL,
  CHECK ((complaint_id IS NULL) <> (user_id IS NULL))
);
CREATE INDEX push_subscriptions_complaint ON push_subscriptions (complaint_id) WHERE complaint_id IS NOT NULL;
CREATE INDEX push_subscriptions_member ON push_subscriptions (site_key, user_id) WHERE user_id IS NOT NULL;
CREATE INDEX push_subscriptions_endpoint ON push_subscriptions (endpoint);

-- A site's webhooks: where its messages of the chosen kinds are posted, signed with the secret.
CREATE TABLE webhooks (
  id          TEXT COLLATE "C" PRIMARY KEY,
  site_key    TEXT COLLATE "C" NOT NULL REFERENCES sites(key),
  url         TEXT NOT NULL,
  events      JSONB NOT NULL,
  recipients  JSONB NOT NULL,
  secret      TEXT NOT NULL,
  enabled     BOOLEAN NOT NULL DEFAULT TRUE,
  description TEXT,
  created_at  TEXT COLLATE "C" NOT NULL,
  updated_at  TEXT COLLATE "C" NOT NULL
);
CREATE INDEX webhooks_site ON webhooks (site_key, created_at);

-- Every attempt to deliver to a webhook: the delivery log, and what a retry need not repeat.
CREATE TABLE webhook_attempts (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  webhook_id   TEXT COLLATE "C" NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  message_id   TEXT COLLATE "C" NOT NULL,
  type         TEXT NOT NULL,
  attempted_at TEXT COLLATE "C" NOT NULL,
  status_code  INTEGER,
  duration_ms  INTEGER NOT NULL,
  error        TEXT,
  ok           BOOLEAN NOT NULL
);
CREATE INDEX webhook_attempts_log ON webhook_attempts (webhook_id, id);
CREATE INDEX webhook_attempts_time ON webhook_attempts (attempted_at);
CREATE INDEX webhook_attempts_delivered ON webhook_attempts (webhook_id, message_id) WHERE ok;
