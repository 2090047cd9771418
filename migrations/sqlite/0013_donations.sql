-- Donations (src/donations/, store/donations_store.h). Donors' personal data
-- is never stored in clear: `sealed_profile` and `sealed_extra` are sealed by
-- the service (bound to the row's random ref) and donors are found by a keyed
-- blind index of the normalized email. Money is INTEGER minor units with an
-- upper-case ISO 4217 code. Times are RFC 3339 UTC text.

CREATE TABLE donors (
  id             INTEGER PRIMARY KEY,
  ref            TEXT NOT NULL UNIQUE,
  email_index    TEXT NOT NULL UNIQUE,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  sealed_profile TEXT NOT NULL
) STRICT;

-- Monthly gifts. status_at orders status changes: an older event never
-- undoes a newer one, and 'cancelled' is final (the store enforces both).
CREATE TABLE donation_plans (
  id                     INTEGER PRIMARY KEY,
  ref                    TEXT NOT NULL UNIQUE,
  donor_id               INTEGER NOT NULL REFERENCES donors (id),
  amount_minor           INTEGER NOT NULL CHECK (amount_minor > 0),
  currency               TEXT NOT NULL CHECK (length(currency) = 3),
  status                 TEXT NOT NULL CHECK (status IN
                           ('pending', 'active', 'past_due', 'cancelled')),
  status_at              TEXT NOT NULL,
  stripe_subscription_id TEXT UNIQUE,
  stripe_customer_id     TEXT,
  cancel_token_hash      TEXT UNIQUE,  -- crypto::HashToken of the cancel link's token
  lang                   TEXT NOT NULL DEFAULT 'en',
  created_at             TEXT NOT NULL,
  updated_at             TEXT NOT NULL,
  cancelled_at           TEXT
) STRICT;
CREATE INDEX donation_plans_by_donor ON donation_plans (donor_id);
CREATE INDEX donation_plans_by_status ON donation_plans (status, currency);

-- One gift or one monthly charge. `status` is derived by the store from the
-- facts (completed_at, failed_at, expired_at, refunded_minor) on every write,
-- and kept as a column only to filter on. received_at is set exactly when
-- the gift counts as money in (completed, or anything refunded).
CREATE TABLE donations (
  id                       INTEGER PRIMARY KEY,
  ref                      TEXT NOT NULL UNIQUE,
  donor_id                 INTEGER NOT NULL REFERENCES donors (id),
  kind                     TEXT NOT NULL CHECK (kind IN ('one_time', 'monthly_charge')),
  plan_id                  INTEGER REFERENCES donation_plans (id),
  method                   TEXT NOT NULL CHECK (method IN
                             ('stripe', 'check', 'cash', 'bank_transfer', 'other')),
  status                   TEXT NOT NULL CHECK (status IN ('pending', 'completed', 'expired',
                             'failed', 'refunded', 'partially_refunded')),
  amount_minor             INTEGER NOT NULL CHECK (amount_minor > 0),
  currency                 TEXT NOT NULL CHECK (length(currency) = 3),
  refunded_minor           INTEGER NOT NULL DEFAULT 0
                             CHECK (refunded_minor >= 0 AND refunded_minor <= amount_minor),
  received_at              TEXT,
  completed_at             TEXT,
  failed_at                TEXT,
  expired_at               TEXT,
  refunded_at              TEXT,
  stripe_session_id        TEXT UNIQUE,
  stripe_payment_intent_id TEXT UNIQUE,
  stripe_invoice_id        TEXT UNIQUE,
  stripe_charge_id         TEXT UNIQUE,
  offline_reference        TEXT NOT NULL DEFAULT '',
  recorded_by_user_id      INTEGER REFERENCES users (id) ON DELETE SET NULL,
  lang                     TEXT NOT NULL DEFAULT 'en',
  created_at               TEXT NOT NULL,
  updated_at               TEXT NOT NULL,
  sealed_extra             TEXT NOT NULL DEFAULT ''
) STRICT;
-- The treasurer's list, newest first by the gift's date.
CREATE INDEX donations_by_date ON donations (coalesce(received_at, created_at) DESC, id DESC);
CREATE INDEX donations_by_donor ON donations (donor_id, received_at);
CREATE INDEX donations_by_plan ON donations (plan_id) WHERE plan_id IS NOT NULL;
CREATE INDEX donations_by_received ON donations (received_at, currency)
  WHERE received_at IS NOT NULL;
CREATE INDEX donations_refunds ON donations (refunded_at DESC, id DESC)
  WHERE refunded_minor > 0;

-- Each Stripe event applied, at most once (the primary key is the
-- idempotency check), with what it touched: a gift's history.
CREATE TABLE donation_events (
  event_id    TEXT PRIMARY KEY,
  type        TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  received_at TEXT NOT NULL,
  donation_id INTEGER REFERENCES donations (id),
  plan_id     INTEGER REFERENCES donation_plans (id)
) STRICT, WITHOUT ROWID;
CREATE INDEX donation_events_by_donation ON donation_events (donation_id, occurred_at)
  WHERE donation_id IS NOT NULL;
CREATE INDEX donation_events_by_plan ON donation_events (plan_id, occurred_at)
  WHERE plan_id IS NOT NULL;

-- The books: one row per money movement, written by the store with the
-- change that caused it. Append-only: rows are never edited or deleted
-- (only a deleted user's id may be cleared).
CREATE TABLE donation_ledger (
  id            INTEGER PRIMARY KEY,
  donation_id   INTEGER NOT NULL REFERENCES donations (id),
  at            TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('received', 'refund', 'offline', 'correction')),
  amount_minor  INTEGER NOT NULL,
  currency      TEXT NOT NULL CHECK (length(currency) = 3),
  event_id      TEXT REFERENCES donation_events (event_id),
  actor_user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  note          TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX donation_ledger_by_donation ON donation_ledger (donation_id, id);
CREATE TRIGGER donation_ledger_no_update
  BEFORE UPDATE OF donation_id, at, kind, amount_minor, currency, event_id, note
  ON donation_ledger
BEGIN
  SELECT RAISE(ABORT, 'donation_ledger is append-only');
END;
CREATE TRIGGER donation_ledger_no_delete BEFORE DELETE ON donation_ledger
BEGIN
  SELECT RAISE(ABORT, 'donation_ledger is append-only');
END;
