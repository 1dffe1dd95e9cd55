-- A reply being streamed is saved every second with all its text so far;
-- recomputing and reindexing its search vector on every save made search
-- the largest part of a save. Only messages that are no longer streaming
-- get a search vector now: a reply becomes searchable when it ends.
DROP INDEX messages_search;
ALTER TABLE messages DROP COLUMN search;
ALTER TABLE messages ADD COLUMN search TSVECTOR GENERATED ALWAYS AS (
    CASE WHEN status = 'streaming' THEN NULL ELSE to_tsvector('simple', content) END
) STORED;
CREATE INDEX messages_search ON messages USING GIN (search);
