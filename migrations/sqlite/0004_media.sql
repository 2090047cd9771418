-- Media library: one row per uploaded image. The files themselves live under
-- MEDIA_DIR/lib/<key>/<width>.webp and <width>.jpg (see src/media/README.md).
-- Times are RFC 3339 UTC text ('YYYY-MM-DDTHH:MM:SSZ'), which sorts as time does.

CREATE TABLE media (
  id            INTEGER PRIMARY KEY,
  -- Derived from the upload's content hash: the directory name, and how a
  -- re-upload of the same bytes finds the existing item.
  key           TEXT NOT NULL UNIQUE,
  format        TEXT NOT NULL CHECK (format IN ('jpeg', 'png', 'webp', 'gif')),
  width         INTEGER NOT NULL CHECK (width > 0),   -- of the largest variant
  height        INTEGER NOT NULL CHECK (height > 0),
  bytes         INTEGER NOT NULL DEFAULT 0,           -- all variants on disk
  widths        TEXT NOT NULL,                        -- variant widths, ascending: '480,960,1600'
  created_at    TEXT NOT NULL,
  -- The uploader; kept as NULL when the account goes (the image stays).
  uploaded_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
  original_name TEXT NOT NULL DEFAULT '',             -- for people, never a path
  alt           TEXT NOT NULL DEFAULT '',
  caption       TEXT NOT NULL DEFAULT '',
  credit        TEXT NOT NULL DEFAULT '',
  credit_url    TEXT NOT NULL DEFAULT ''
) STRICT;

-- The library listing: newest first.
CREATE INDEX media_by_created ON media (created_at DESC, id DESC);
CREATE INDEX media_by_uploader ON media (uploaded_by);
