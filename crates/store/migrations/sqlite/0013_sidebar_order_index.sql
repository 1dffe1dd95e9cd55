-- The sidebar's order (pinned first, the most recently pinned on top, then
-- the most recently changed) read straight from an index, so a person with
-- 10,000 conversations costs a page view 200 rows, not a sort of all of
-- them. SQLite sorts NULLs last in descending order, as the query asks.
CREATE INDEX conversations_sidebar ON conversations (owner, pinned_ms DESC, updated_ms DESC, id);
DROP INDEX conversations_by_folder;
CREATE INDEX conversations_by_folder ON conversations (folder_id, pinned_ms DESC, updated_ms DESC, id);
