-- Mailbag: visitors ask, staff experts answer, editors publish the best
-- exchanges (see src/mailbag/README.md). Times are RFC 3339 UTC text.
-- Privacy: the asker's email is stored only sealed (crypto::Seal, by the
-- service); the original question stays private, the public sees
-- published_question. No IP addresses are stored (rate limits live in memory).

CREATE TABLE mailbag_topics (
  id       INTEGER PRIMARY KEY,
  slug     TEXT NOT NULL UNIQUE,
  name     TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE mailbag_questions (
  id                 INTEGER PRIMARY KEY,
  status             TEXT NOT NULL
                     CHECK (status IN ('new', 'assigned', 'answered', 'published', 'declined')),
  decline_reason     TEXT NOT NULL DEFAULT ''
                     CHECK (decline_reason IN ('', 'spam', 'answered_privately')),
  topic_id           INTEGER REFERENCES mailbag_topics (id) ON DELETE SET NULL,
  lang               TEXT NOT NULL DEFAULT 'en',
  consent            INTEGER NOT NULL DEFAULT 0 CHECK (consent IN (0, 1)),
  notify             INTEGER NOT NULL DEFAULT 0 CHECK (notify IN (0, 1)),
  -- Hash of the normalized question text: exact duplicates collide here.
  dedupe_key         TEXT NOT NULL UNIQUE,
  slug               TEXT UNIQUE,  -- NULL until first published; kept on unpublish
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  published_at       TEXT,         -- set on each publish
  notified_at        TEXT,         -- when the asker was told of publication (once)
  asker_name         TEXT NOT NULL DEFAULT '',
  asker_email_sealed TEXT NOT NULL DEFAULT '',  -- '' = no address given
  question           TEXT NOT NULL,             -- original, never public
  published_question TEXT NOT NULL              -- what the public sees
) STRICT;
CREATE INDEX mailbag_questions_queue ON mailbag_questions (status, created_at);
CREATE INDEX mailbag_questions_by_topic ON mailbag_questions (topic_id, status, published_at);
CREATE INDEX mailbag_questions_published ON mailbag_questions (status, published_at DESC, id DESC);

CREATE TABLE mailbag_answers (
  question_id   INTEGER PRIMARY KEY REFERENCES mailbag_questions (id) ON DELETE CASCADE,
  updated_at    TEXT NOT NULL,
  updated_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
  link_url      TEXT NOT NULL DEFAULT '',
  body_markdown TEXT NOT NULL,
  body_html     TEXT NOT NULL
) STRICT;

-- The answerers as they sign, in order ("BY: Ana, Ben and Carla").
CREATE TABLE mailbag_bylines (
  question_id INTEGER NOT NULL REFERENCES mailbag_questions (id) ON DELETE CASCADE,
  byline_id   INTEGER NOT NULL REFERENCES bylines (id),
  position    INTEGER NOT NULL,
  PRIMARY KEY (question_id, byline_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX mailbag_bylines_by_byline ON mailbag_bylines (byline_id, question_id);

-- Which staff experts a question is assigned to.
CREATE TABLE mailbag_assignments (
  question_id INTEGER NOT NULL REFERENCES mailbag_questions (id) ON DELETE CASCADE,
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  assigned_at TEXT NOT NULL,
  PRIMARY KEY (question_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX mailbag_assignments_by_user ON mailbag_assignments (user_id, question_id);

-- Per-question history for the queue UI (the audit log covers admin actions
-- site-wide; this is the question's own story).
CREATE TABLE mailbag_events (
  id          INTEGER PRIMARY KEY,
  question_id INTEGER NOT NULL REFERENCES mailbag_questions (id) ON DELETE CASCADE,
  at          TEXT NOT NULL,
  actor_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,  -- NULL = the asker / system
  kind        TEXT NOT NULL,
  from_status TEXT NOT NULL DEFAULT '',
  to_status   TEXT NOT NULL DEFAULT '',
  detail      TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX mailbag_events_by_question ON mailbag_events (question_id, id);
