-- Published Mailbag Q&As in site search, as documents of type 'qa' (see
-- 0007_search.sql for the index itself). Kept in step ON WRITE by triggers,
-- like articles, so publishing, unpublishing, editing the public question,
-- saving the answer, changing the co-signers or renaming a byline or topic
-- shows in search at once.
--
-- Only PUBLISHED questions are indexed: an unpublished question's text (the
-- asker's words, possibly with personal details an editor has yet to remove)
-- never enters the index, not even behind a visibility filter.
--
-- What is indexed: title = the public version of the question (the web layer
-- shortens it for display), summary = '' (the question is already the title),
-- body = the answer's Markdown, names = the co-signers and the topic.

-- One row per published Q&A, in the shape the index wants. The triggers and
-- the backfill read from here, so the text rules live in one place.
CREATE VIEW search_qa_source AS
SELECT q.id AS ref_id,
       coalesce(q.slug, '') AS slug,
       q.published_question AS title,
       q.lang AS lang,
       q.published_at AS visible_from,
       coalesce(a.body_markdown, '') AS body,
       coalesce((SELECT group_concat(b.name, ' ') FROM mailbag_bylines mb
                 JOIN bylines b ON b.id = mb.byline_id WHERE mb.question_id = q.id), '')
       || ' ' || coalesce(t.name, '') AS names
FROM mailbag_questions q
LEFT JOIN mailbag_answers a ON a.question_id = q.id
LEFT JOIN mailbag_topics t ON t.id = q.topic_id
WHERE q.status = 'published' AND q.published_at IS NOT NULL;

-- Re-indexing question NEW.id (or dropping it when no longer published):
-- the question triggers below. The relation triggers re-index a question by
-- "touching" its public text (SET published_question = published_question).
CREATE TRIGGER search_qa_au AFTER UPDATE OF
    status, slug, published_question, published_at, lang, topic_id
    ON mailbag_questions BEGIN
  DELETE FROM search_fts WHERE rowid IN
    (SELECT doc_id FROM search_docs WHERE type = 'qa' AND ref_id = OLD.id);
  DELETE FROM search_suggest WHERE rowid IN
    (SELECT doc_id FROM search_docs WHERE type = 'qa' AND ref_id = OLD.id);
  DELETE FROM search_docs WHERE type = 'qa' AND ref_id = OLD.id;
  INSERT INTO search_docs (type, ref_id, slug, title, lang, visible_from)
  SELECT 'qa', ref_id, slug, title, lang, visible_from FROM search_qa_source
  WHERE ref_id = NEW.id;
  INSERT INTO search_fts (rowid, title, summary, body, names)
  SELECT d.doc_id, s.title, '', s.body, s.names
  FROM search_docs d JOIN search_qa_source s ON s.ref_id = d.ref_id
  WHERE d.type = 'qa' AND d.ref_id = NEW.id;
  INSERT INTO search_suggest (rowid, title)
  SELECT doc_id, title FROM search_docs WHERE type = 'qa' AND ref_id = NEW.id;
END;

-- A question is created unpublished (nothing to index); deleting one drops it.
CREATE TRIGGER search_qa_ad AFTER DELETE ON mailbag_questions BEGIN
  DELETE FROM search_fts WHERE rowid IN
    (SELECT doc_id FROM search_docs WHERE type = 'qa' AND ref_id = OLD.id);
  DELETE FROM search_suggest WHERE rowid IN
    (SELECT doc_id FROM search_docs WHERE type = 'qa' AND ref_id = OLD.id);
  DELETE FROM search_docs WHERE type = 'qa' AND ref_id = OLD.id;
END;

-- The answer, the co-signers, and the names of bylines and topics.
CREATE TRIGGER search_qa_answers_ai AFTER INSERT ON mailbag_answers BEGIN
  UPDATE mailbag_questions SET published_question = published_question
  WHERE id = NEW.question_id AND status = 'published';
END;
CREATE TRIGGER search_qa_answers_au AFTER UPDATE OF body_markdown ON mailbag_answers BEGIN
  UPDATE mailbag_questions SET published_question = published_question
  WHERE id = NEW.question_id AND status = 'published';
END;
CREATE TRIGGER search_qa_bylines_ai AFTER INSERT ON mailbag_bylines BEGIN
  UPDATE mailbag_questions SET published_question = published_question
  WHERE id = NEW.question_id AND status = 'published';
END;
CREATE TRIGGER search_qa_bylines_ad AFTER DELETE ON mailbag_bylines BEGIN
  UPDATE mailbag_questions SET published_question = published_question
  WHERE id = OLD.question_id AND status = 'published';
END;
CREATE TRIGGER search_qa_byline_names_au AFTER UPDATE OF name ON bylines BEGIN
  UPDATE mailbag_questions SET published_question = published_question
  WHERE status = 'published'
    AND id IN (SELECT question_id FROM mailbag_bylines WHERE byline_id = NEW.id);
END;
CREATE TRIGGER search_qa_topic_names_au AFTER UPDATE OF name ON mailbag_topics BEGIN
  UPDATE mailbag_questions SET published_question = published_question
  WHERE status = 'published' AND topic_id = NEW.id;
END;

-- Backfill the Q&As published before this migration.
INSERT INTO search_docs (type, ref_id, slug, title, lang, visible_from)
SELECT 'qa', ref_id, slug, title, lang, visible_from FROM search_qa_source;
INSERT INTO search_fts (rowid, title, summary, body, names)
SELECT d.doc_id, s.title, '', s.body, s.names
FROM search_docs d JOIN search_qa_source s ON s.ref_id = d.ref_id
WHERE d.type = 'qa';
INSERT INTO search_suggest (rowid, title)
SELECT doc_id, title FROM search_docs WHERE type = 'qa';
