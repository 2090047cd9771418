-- Staff accounts: users, sessions, one-time tokens, login failures, audit log.
-- Times are RFC 3339 UTC text ('YYYY-MM-DDTHH:MM:SSZ'), which sorts as time does.
-- Secrets are never stored usable: sessions and tokens by HashToken(token),
-- passwords as Argon2id PHC strings.

CREATE TABLE users (
  id                  INTEGER PRIMARY KEY,
  email               TEXT NOT NULL UNIQUE,  -- normalized by the service
  roles               INTEGER NOT NULL DEFAULT 0,  -- bit set, see accounts/roles.h
  byline_id           INTEGER REFERENCES bylines (id),
  disabled            INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at          TEXT NOT NULL,
  password_changed_at TEXT,
  display_name        TEXT NOT NULL,
  password_hash       TEXT NOT NULL DEFAULT ''  -- '' = no password yet (invited)
) STRICT;

CREATE TABLE sessions (
  id           INTEGER PRIMARY KEY,
  token_hash   TEXT NOT NULL UNIQUE,
  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at   TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at   TEXT NOT NULL,
  ip           TEXT NOT NULL DEFAULT '',
  user_agent   TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX sessions_by_user ON sessions (user_id);
-- The purge deletes by either end of life.
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
CREATE INDEX sessions_by_last_seen ON sessions (last_seen_at);

-- Invitation (set_password) and reset (reset_password) links. A revoked token
-- is kept with expires_at = created_at, so it reads as expired.
CREATE TABLE one_time_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose    TEXT NOT NULL CHECK (purpose IN ('set_password', 'reset_password')),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at    TEXT
) STRICT, WITHOUT ROWID;
CREATE INDEX one_time_tokens_by_user ON one_time_tokens (user_id, purpose);

CREATE TABLE login_failures (
  id      INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  at      TEXT NOT NULL,
  ip      TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX login_failures_by_user ON login_failures (user_id, at);

-- Append-only. user_id is deliberately not a foreign key: the log must
-- outlive (and never cascade with) what it describes.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  user_id     INTEGER,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  object_type TEXT NOT NULL DEFAULT '',
  object_id   TEXT NOT NULL DEFAULT '',
  ip          TEXT NOT NULL DEFAULT '',
  detail      TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_by_at ON audit_log (at, id);
CREATE INDEX audit_by_user ON audit_log (user_id, at, id);
CREATE INDEX audit_by_object ON audit_log (object_type, object_id, at, id);
CREATE INDEX audit_by_action ON audit_log (action, at, id);

-- Defense in depth: the store offers no update or delete, and neither does
-- the database.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
