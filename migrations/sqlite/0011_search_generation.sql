-- A counter that moves on every change to the search index, so a cache of
-- search results (store/caching_search_store.h) can tell, with one cheap
-- read, whether anything it holds may be stale. On every node: it lives in
-- the database, not in a process.

CREATE TABLE search_generation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n  INTEGER NOT NULL
) STRICT;
INSERT INTO search_generation (id, n) VALUES (1, 0);

-- Every index write goes through search_docs (the article and Q&A triggers
-- delete and re-insert a document's row), so these three see them all.
CREATE TRIGGER search_generation_ai AFTER INSERT ON search_docs BEGIN
  UPDATE search_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_generation_ad AFTER DELETE ON search_docs BEGIN
  UPDATE search_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER search_generation_au AFTER UPDATE ON search_docs BEGIN
  UPDATE search_generation SET n = n + 1 WHERE id = 1;
END;
