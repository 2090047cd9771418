-- Settings that admins edit in the back office, one JSON document per name
-- ('site' for the site's identity; see src/settings/). `version` counts the
-- writes and guards against lost updates (optimistic concurrency).
-- Times are RFC 3339 UTC text ('YYYY-MM-DDTHH:MM:SSZ').

CREATE TABLE settings (
  name        TEXT PRIMARY KEY,
  document    TEXT NOT NULL,
  version     INTEGER NOT NULL CHECK (version > 0),
  updated_at  TEXT NOT NULL,
  updated_by  TEXT NOT NULL DEFAULT ''
) STRICT;
