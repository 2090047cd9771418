-- Editorial (back office): who created an article, the Markdown source of
-- byline bios, and indexes for the admin listings.

-- Id of the staff user (accounts domain) who created the article; NULL for
-- content made before accounts existed or by the demo/importers. Not a foreign
-- key: publishing must not depend on the accounts tables, and users are
-- disabled, never deleted. Appended last (after the bodies), so only reads
-- that want it pay for walking a long body's overflow pages.
ALTER TABLE articles ADD COLUMN created_by INTEGER;

-- Source of bylines.bio_html, so the bio can be edited. Bylines made before
-- this migration have '' here (their HTML is kept; an edit replaces it).
ALTER TABLE bylines ADD COLUMN bio_markdown TEXT NOT NULL DEFAULT '';

-- Admin listings: newest-updated first, optionally per author.
CREATE INDEX articles_by_updated ON articles (updated_at DESC, id DESC);
CREATE INDEX articles_by_creator ON articles (created_by, updated_at DESC);
-- PublishDue and the status counts look scheduled articles up by time.
CREATE INDEX articles_by_status ON articles (status, published_at);
