-- Donation receipts as a durable queue (store/donations_store.h, "Receipts").
-- The store inserts a row in the SAME transaction as the event that
-- completed the gift, and the service's background pass sends it later, so a
-- crash between the two loses nothing: the row is still 'due' at restart.
--
-- A table of its own rather than columns on `donations`:
-- - the webhook's transaction adds one short row; the wide gift row and the
--   code that writes all its columns (the books' invariants) stay as they are;
-- - the sender's query reads a partial index over the few rows still due,
--   not an index over every gift ever made;
-- - the primary key is the gift, so a gift has one receipt at most, and a
--   row stays after sending (or giving up) as the treasurer's record of it.
-- Offline gifts get no row: they never had an emailed receipt (unchanged).
CREATE TABLE donation_receipts (
  donation_id INTEGER PRIMARY KEY REFERENCES donations (id),
  status      TEXT NOT NULL DEFAULT 'due' CHECK (status IN ('due', 'sent', 'failed')),
  queued_at   TEXT NOT NULL,
  -- When the next attempt may start: a failure's backoff, or a sender's
  -- lease (a claimed row is not due again until the lease ends).
  due_at      TEXT NOT NULL,
  attempts    INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),  -- failed or sent
  last_error  TEXT NOT NULL DEFAULT '',  -- never personal data
  sent_at     TEXT
) STRICT;
CREATE INDEX donation_receipts_due ON donation_receipts (due_at, donation_id)
  WHERE status = 'due';
CREATE INDEX donation_receipts_by_status ON donation_receipts (status, queued_at DESC);
