-- A chapter leader (accounts::Role::kChapterLeader) leads one chapter and
-- sees only its members. The chapter is a property of the staff user; when
-- the chapter is deleted the leader keeps the role and sees nobody.

ALTER TABLE users ADD COLUMN chapter_id INTEGER REFERENCES chapters(id) ON DELETE SET NULL;
CREATE INDEX users_chapter ON users(chapter_id) WHERE chapter_id IS NOT NULL;
