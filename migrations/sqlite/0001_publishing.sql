-- Publishing: bylines, sections, tags, articles (and pages), slug redirects.
-- Times are RFC 3339 UTC text ('YYYY-MM-DDTHH:MM:SSZ'), which sorts as time does.

CREATE TABLE bylines (
  id         INTEGER PRIMARY KEY,
  slug       TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('person', 'body')),
  title      TEXT NOT NULL DEFAULT '',
  bio_html   TEXT NOT NULL DEFAULT '',
  photo_path TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE sections (
  id          INTEGER PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  position    INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE tags (
  id   INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL
) STRICT;

CREATE TABLE articles (
  -- Small and filtered-on columns first, bodies last: SQLite reads a row's
  -- columns in order, so listings never walk a long body's overflow pages.
  id                INTEGER PRIMARY KEY,
  kind              TEXT NOT NULL CHECK (kind IN ('article', 'page')),
  slug              TEXT NOT NULL,
  status            TEXT NOT NULL CHECK (status IN ('draft', 'scheduled', 'published')),
  published_at      TEXT,  -- required unless draft (checked by the store)
  lang              TEXT NOT NULL DEFAULT 'en',
  section_id        INTEGER REFERENCES sections (id),
  featured          INTEGER NOT NULL DEFAULT 0 CHECK (featured IN (0, 1)),
  -- Id of the article that started the group; translations share it. Not a
  -- foreign key: the group outlives the deletion of its first article.
  translation_group INTEGER NOT NULL,
  version           INTEGER NOT NULL DEFAULT 1,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  title             TEXT NOT NULL,
  deck              TEXT NOT NULL DEFAULT '',
  excerpt           TEXT NOT NULL DEFAULT '',
  image_path        TEXT NOT NULL DEFAULT '',
  image_alt         TEXT NOT NULL DEFAULT '',
  image_caption     TEXT NOT NULL DEFAULT '',
  image_credit      TEXT NOT NULL DEFAULT '',
  image_credit_url  TEXT NOT NULL DEFAULT '',
  image_width       INTEGER NOT NULL DEFAULT 0,
  image_height      INTEGER NOT NULL DEFAULT 0,
  body_markdown     TEXT NOT NULL DEFAULT '',
  body_html         TEXT NOT NULL DEFAULT '',
  UNIQUE (kind, slug)
) STRICT;

-- Visible listings: newest first per kind; status rides along so the
-- visibility test (and counts) need not touch the table.
CREATE INDEX articles_by_published ON articles (kind, published_at DESC, id DESC, status);
CREATE INDEX articles_by_section ON articles (section_id, published_at DESC, status);
CREATE INDEX articles_by_lang ON articles (kind, lang, published_at DESC, status);
CREATE INDEX articles_by_group ON articles (translation_group);

CREATE TABLE article_bylines (
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  byline_id  INTEGER NOT NULL REFERENCES bylines (id),
  position   INTEGER NOT NULL,
  PRIMARY KEY (article_id, byline_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX article_bylines_by_byline ON article_bylines (byline_id, article_id);

CREATE TABLE article_tags (
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  tag_id     INTEGER NOT NULL REFERENCES tags (id),
  PRIMARY KEY (article_id, tag_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX article_tags_by_tag ON article_tags (tag_id, article_id);

-- Old slugs of articles whose slug changed; answered with a 301 when no live
-- article has the slug.
CREATE TABLE slug_redirects (
  kind       TEXT NOT NULL CHECK (kind IN ('article', 'page')),
  old_slug   TEXT NOT NULL,
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  PRIMARY KEY (kind, old_slug)
) STRICT, WITHOUT ROWID;
CREATE INDEX slug_redirects_by_article ON slug_redirects (article_id);
