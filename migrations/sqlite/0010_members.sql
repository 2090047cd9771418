-- Membership (src/members/, store/members_store.h). Personal data is never
-- stored in clear: `sealed_profile` holds the personal fields sealed with the
-- field key (bound to `ref`), and lookups go through keyed blind indexes
-- (email_index, member_name_tokens). Clear columns are only those the back
-- office filters on and that name nobody. Times are RFC 3339 UTC text.

CREATE TABLE chapters (
  id              INTEGER PRIMARY KEY,
  slug            TEXT NOT NULL UNIQUE,
  name            TEXT NOT NULL,
  region          TEXT NOT NULL DEFAULT '',
  -- Assignment rules, one per line (the service refuses line breaks in them).
  postal_prefixes TEXT NOT NULL DEFAULT '',
  regions         TEXT NOT NULL DEFAULT '',
  position        INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE members (
  id              INTEGER PRIMARY KEY,
  ref             TEXT NOT NULL UNIQUE,
  status          TEXT NOT NULL CHECK (status IN
                    ('pending', 'applicant', 'active', 'declined', 'lapsed', 'erased')),
  -- '' once erased; unique among the rest (the partial index below).
  email_index     TEXT NOT NULL,
  sealed_profile  TEXT NOT NULL,
  membership_type TEXT NOT NULL DEFAULT '',
  chapter_id      INTEGER REFERENCES chapters (id) ON DELETE SET NULL,
  email_consent   INTEGER NOT NULL DEFAULT 0 CHECK (email_consent IN (0, 1)),
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  confirmed_at    TEXT,
  activated_at    TEXT,
  lapsed_at       TEXT,
  erase_after     TEXT,
  erased_at       TEXT,
  version         INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE UNIQUE INDEX members_email ON members (email_index) WHERE status <> 'erased';
-- The admin list: newest first, filtered by status and/or chapter.
CREATE INDEX members_by_created ON members (created_at DESC, id DESC);
CREATE INDEX members_by_status ON members (status, created_at DESC, id DESC);
CREATE INDEX members_by_chapter ON members (chapter_id, created_at DESC, id DESC);
CREATE INDEX members_erase_due ON members (erase_after) WHERE erase_after IS NOT NULL
                                                          AND status <> 'erased';

-- Blind indexes of the words of each member's name, for search by name.
CREATE TABLE member_name_tokens (
  token     TEXT NOT NULL,
  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  PRIMARY KEY (token, member_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX member_name_tokens_by_member ON member_name_tokens (member_id);

-- One-time links sent by email: confirm joining, sign in, confirm a new address.
CREATE TABLE member_tokens (
  token_hash     TEXT PRIMARY KEY,
  member_id      INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  purpose        TEXT NOT NULL CHECK (purpose IN ('confirm_join', 'sign_in', 'change_email')),
  created_at     TEXT NOT NULL,
  expires_at     TEXT NOT NULL,
  used_at        TEXT,
  sealed_payload TEXT NOT NULL DEFAULT ''
) STRICT, WITHOUT ROWID;
CREATE INDEX member_tokens_by_member ON member_tokens (member_id, purpose);

-- Member portal sessions (a magic link signs in; no passwords). Stored by
-- the hash of the cookie's token, like staff sessions.
CREATE TABLE member_sessions (
  token_hash TEXT PRIMARY KEY,
  member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX member_sessions_by_member ON member_sessions (member_id);

-- Each member's history: who did what when. Never personal data in `detail`.
CREATE TABLE member_events (
  id            INTEGER PRIMARY KEY,
  member_id     INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  at            TEXT NOT NULL,
  actor_user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  kind          TEXT NOT NULL,
  detail        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX member_events_by_member ON member_events (member_id, id);
