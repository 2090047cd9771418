-- Site-wide search: one FTS5 index over every searchable document (articles
-- and pages now; the mailbag's published Q&As later, as type 'qa'), kept in
-- step ON WRITE by triggers, so no write path (UpdateArticle, status changes,
-- PublishDue, deletes, tag merges, byline renames) can forget it.
--
-- Tokenizer: porter wrapped around unicode61 with remove_diacritics 2. The
-- same tokenizer reads the documents and the queries, so "Huélga" and
-- "huelga" meet, in either direction. Porter is an English stemmer
-- ("strikes"/"striking" -> "strike"); SQLite ships no Spanish one. On Spanish
-- text it mostly strips plural endings ("huelgas" -> "huelga",
-- "trabajadores" -> "trabajador"), which helps more than it hurts; one index
-- (not one per language) keeps ranking comparable across a mixed site.
--
-- Adding a type (the mailbag's 'qa'): its own migration adds triggers on its
-- tables that keep one search_docs row per document (visible_from NULL while
-- unpublished) and the search_fts / search_suggest rows with rowid = doc_id
-- (title = the question's headline, summary = the question, body = the
-- answer, names = who answered). Nothing in the store code changes.

-- What a hit shows and what the filters test, one row per document. The
-- FTS row with rowid = doc_id holds its text.
CREATE TABLE search_docs (
  doc_id       INTEGER PRIMARY KEY,
  type         TEXT NOT NULL,     -- 'article', 'page', 'qa'
  ref_id       INTEGER NOT NULL,  -- id within its type's own table
  slug         TEXT NOT NULL,
  title        TEXT NOT NULL,
  lang         TEXT NOT NULL,
  -- Readers see the document from this moment on; NULL = never (a draft).
  -- For articles: published_at unless draft (PublishingService::IsVisible).
  visible_from TEXT,
  section_id   INTEGER,           -- sections.id; not a foreign key (the index follows)
  tag_ids      TEXT NOT NULL DEFAULT ',',  -- ',3,17,': tag ids, for the tag filter
  UNIQUE (type, ref_id)
) STRICT;

-- Columns, by weight in the ranking: title 10, summary (deck and excerpt) 4,
-- names (bylines and tags) 3, body (Markdown source) 1.
CREATE VIRTUAL TABLE search_fts USING fts5(
  title, summary, body, names,
  tokenize = 'porter unicode61 remove_diacritics 2'
);

-- Titles again, unstemmed, for as-you-type suggestions: a prefix cannot be
-- matched against stems ("organi" is no prefix of the stem "organ" that
-- "organizing" is indexed as). Same rowid as search_fts.
CREATE VIRTUAL TABLE search_suggest USING fts5(
  title,
  tokenize = 'unicode61 remove_diacritics 2'
);

-- Indexing an article: its row in search_docs, then its text.
CREATE TRIGGER search_articles_ai AFTER INSERT ON articles BEGIN
  INSERT INTO search_docs (type, ref_id, slug, title, lang, visible_from, section_id, tag_ids)
  VALUES (NEW.kind, NEW.id, NEW.slug, NEW.title, NEW.lang,
          CASE WHEN NEW.status = 'draft' THEN NULL ELSE NEW.published_at END,
          NEW.section_id,
          ',' || coalesce((SELECT group_concat(tag_id, ',') FROM article_tags
                           WHERE article_id = NEW.id), '') || ',');
  INSERT INTO search_fts (rowid, title, summary, body, names)
  VALUES ((SELECT doc_id FROM search_docs WHERE type = NEW.kind AND ref_id = NEW.id),
          NEW.title, NEW.deck || ' ' || NEW.excerpt, NEW.body_markdown,
          coalesce((SELECT group_concat(b.name, ' ') FROM article_bylines ab
                    JOIN bylines b ON b.id = ab.byline_id WHERE ab.article_id = NEW.id), '')
          || ' ' ||
          coalesce((SELECT group_concat(t.name, ' ') FROM article_tags at
                    JOIN tags t ON t.id = at.tag_id WHERE at.article_id = NEW.id), ''));
  INSERT INTO search_suggest (rowid, title)
  VALUES ((SELECT doc_id FROM search_docs WHERE type = NEW.kind AND ref_id = NEW.id), NEW.title);
END;

-- Re-indexing: drop the document and index it afresh. Fires only for the
-- columns the index reads, so version/updated_at bumps cost nothing. The
-- relation triggers below re-index an article by "touching" its title
-- (SET title = title), which changes nothing else.
CREATE TRIGGER search_articles_au AFTER UPDATE OF
    kind, slug, title, deck, excerpt, body_markdown, lang, status, published_at, section_id
    ON articles BEGIN
  DELETE FROM search_fts WHERE rowid IN
    (SELECT doc_id FROM search_docs WHERE type = OLD.kind AND ref_id = OLD.id);
  DELETE FROM search_suggest WHERE rowid IN
    (SELECT doc_id FROM search_docs WHERE type = OLD.kind AND ref_id = OLD.id);
  DELETE FROM search_docs WHERE type = OLD.kind AND ref_id = OLD.id;
  INSERT INTO search_docs (type, ref_id, slug, title, lang, visible_from, section_id, tag_ids)
  VALUES (NEW.kind, NEW.id, NEW.slug, NEW.title, NEW.lang,
          CASE WHEN NEW.status = 'draft' THEN NULL ELSE NEW.published_at END,
          NEW.section_id,
          ',' || coalesce((SELECT group_concat(tag_id, ',') FROM article_tags
                           WHERE article_id = NEW.id), '') || ',');
  INSERT INTO search_fts (rowid, title, summary, body, names)
  VALUES ((SELECT doc_id FROM search_docs WHERE type = NEW.kind AND ref_id = NEW.id),
          NEW.title, NEW.deck || ' ' || NEW.excerpt, NEW.body_markdown,
          coalesce((SELECT group_concat(b.name, ' ') FROM article_bylines ab
                    JOIN bylines b ON b.id = ab.byline_id WHERE ab.article_id = NEW.id), '')
          || ' ' ||
          coalesce((SELECT group_concat(t.name, ' ') FROM article_tags at
                    JOIN tags t ON t.id = at.tag_id WHERE at.article_id = NEW.id), ''));
  INSERT INTO search_suggest (rowid, title)
  VALUES ((SELECT doc_id FROM search_docs WHERE type = NEW.kind AND ref_id = NEW.id), NEW.title);
END;

CREATE TRIGGER search_articles_ad AFTER DELETE ON articles BEGIN
  DELETE FROM search_fts WHERE rowid IN
    (SELECT doc_id FROM search_docs WHERE type = OLD.kind AND ref_id = OLD.id);
  DELETE FROM search_suggest WHERE rowid IN
    (SELECT doc_id FROM search_docs WHERE type = OLD.kind AND ref_id = OLD.id);
  DELETE FROM search_docs WHERE type = OLD.kind AND ref_id = OLD.id;
END;

-- Tags and bylines are indexed by name: any change re-indexes the articles
-- concerned (tag merges and deletes arrive here as article_tags rows).
CREATE TRIGGER search_article_tags_ai AFTER INSERT ON article_tags BEGIN
  UPDATE articles SET title = title WHERE id = NEW.article_id;
END;
CREATE TRIGGER search_article_tags_ad AFTER DELETE ON article_tags BEGIN
  UPDATE articles SET title = title WHERE id = OLD.article_id;
END;
CREATE TRIGGER search_article_bylines_ai AFTER INSERT ON article_bylines BEGIN
  UPDATE articles SET title = title WHERE id = NEW.article_id;
END;
CREATE TRIGGER search_article_bylines_ad AFTER DELETE ON article_bylines BEGIN
  UPDATE articles SET title = title WHERE id = OLD.article_id;
END;
CREATE TRIGGER search_tags_au AFTER UPDATE OF name ON tags BEGIN
  UPDATE articles SET title = title
  WHERE id IN (SELECT article_id FROM article_tags WHERE tag_id = NEW.id);
END;
CREATE TRIGGER search_bylines_au AFTER UPDATE OF name ON bylines BEGIN
  UPDATE articles SET title = title
  WHERE id IN (SELECT article_id FROM article_bylines WHERE byline_id = NEW.id);
END;

-- Backfill what exists.
INSERT INTO search_docs (type, ref_id, slug, title, lang, visible_from, section_id, tag_ids)
SELECT a.kind, a.id, a.slug, a.title, a.lang,
       CASE WHEN a.status = 'draft' THEN NULL ELSE a.published_at END, a.section_id,
       ',' || coalesce((SELECT group_concat(tag_id, ',') FROM article_tags
                        WHERE article_id = a.id), '') || ','
FROM articles a;
INSERT INTO search_fts (rowid, title, summary, body, names)
SELECT d.doc_id, a.title, a.deck || ' ' || a.excerpt, a.body_markdown,
       coalesce((SELECT group_concat(b.name, ' ') FROM article_bylines ab
                 JOIN bylines b ON b.id = ab.byline_id WHERE ab.article_id = a.id), '')
       || ' ' ||
       coalesce((SELECT group_concat(t.name, ' ') FROM article_tags at
                 JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id), '')
FROM search_docs d JOIN articles a ON a.kind = d.type AND a.id = d.ref_id;
INSERT INTO search_suggest (rowid, title) SELECT doc_id, title FROM search_docs;
