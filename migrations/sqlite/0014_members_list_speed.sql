-- The back office's member list at 100,000 members (bench/README.md,
-- "Members"). Every list page shows a total and pages with LIMIT/OFFSET:
-- - page 500 read the table row of each of the 24,950 members it skipped
--   to test `status <> 'erased'` (19 ms); with the status in the index
--   SQLite tests it there and fetches only the 50 rows it shows (2 ms);
-- - the total walked an index of every member (13 ms). member_counts keeps
--   the number of members per (status, chapter), maintained by triggers in
--   the same transaction as each change, so the totals the list shows most
--   (everyone, a status, a chapter) are a sum over a few rows. Filters the
--   table cannot answer (type, dates, consent, search) still count rows.
CREATE INDEX members_by_created_status ON members (created_at DESC, id DESC, status);
CREATE INDEX members_live ON members (id) WHERE status <> 'erased';

CREATE TABLE member_counts (
  status     TEXT NOT NULL,
  chapter_id INTEGER NOT NULL,  -- 0: no chapter
  n          INTEGER NOT NULL,
  PRIMARY KEY (status, chapter_id)
) STRICT, WITHOUT ROWID;

INSERT INTO member_counts (status, chapter_id, n)
  SELECT status, coalesce(chapter_id, 0), count(*) FROM members GROUP BY 1, 2;

CREATE TRIGGER member_counts_ai AFTER INSERT ON members BEGIN
  INSERT INTO member_counts (status, chapter_id, n)
    VALUES (NEW.status, coalesce(NEW.chapter_id, 0), 1)
    ON CONFLICT (status, chapter_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER member_counts_ad AFTER DELETE ON members BEGIN
  UPDATE member_counts SET n = n - 1
    WHERE status = OLD.status AND chapter_id = coalesce(OLD.chapter_id, 0);
END;
-- Also fires for ON DELETE SET NULL when a chapter is deleted.
CREATE TRIGGER member_counts_au AFTER UPDATE OF status, chapter_id ON members
  WHEN OLD.status IS NOT NEW.status OR OLD.chapter_id IS NOT NEW.chapter_id BEGIN
  UPDATE member_counts SET n = n - 1
    WHERE status = OLD.status AND chapter_id = coalesce(OLD.chapter_id, 0);
  INSERT INTO member_counts (status, chapter_id, n)
    VALUES (NEW.status, coalesce(NEW.chapter_id, 0), 1)
    ON CONFLICT (status, chapter_id) DO UPDATE SET n = n + 1;
END;
