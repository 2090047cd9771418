-- Mail: the outbox of outgoing messages. Recipient and message are sealed by
-- the mail module (sealed_envelope is opaque here) and erased once sent.
-- Times are RFC 3339 UTC text ('YYYY-MM-DDTHH:MM:SSZ'), which sorts as time does.

CREATE TABLE mail_outbox (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  created_at      TEXT NOT NULL,
  next_attempt_at TEXT NOT NULL,
  sent_at         TEXT,
  last_error      TEXT NOT NULL DEFAULT '',
  -- Long text last: SQLite reads a row's columns in order.
  sealed_envelope TEXT NOT NULL DEFAULT ''
) STRICT;

-- The sender's question: which queued messages are due, oldest first.
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at, id);
