-- The sidebar's order (pinned first, the most recently pinned on top, then
-- the most recently changed) read straight from an index, so a person with
-- 10,000 conversations costs a page view 200 rows, not a sort of all of
-- them. (SQLite's 0012 changed its search index; PostgreSQL's needed no
-- change.)
CREATE INDEX conversations_sidebar ON conversations (owner, pinned_ms DESC NULLS LAST, updated_ms DESC, id);
DROP INDEX conversations_by_folder;
CREATE INDEX conversations_by_folder ON conversations (folder_id, pinned_ms DESC NULLS LAST, updated_ms DESC, id);
