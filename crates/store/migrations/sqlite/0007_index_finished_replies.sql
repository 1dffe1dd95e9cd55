-- A reply being streamed is saved every second with all its text so far;
-- reindexing that whole text on every save made the search index the
-- largest part of a save. Only messages that are no longer streaming are
-- indexed now: a reply becomes searchable when it ends (complete, stopped,
-- interrupted or failed). Each statement below keeps the external-content
-- index exactly in step with what it was given, which FTS5 needs to delete.
DROP TRIGGER messages_fts_insert;
DROP TRIGGER messages_fts_delete;
DROP TRIGGER messages_fts_update;
INSERT INTO messages_fts (messages_fts, rowid, content)
    SELECT 'delete', rowid, content FROM messages WHERE status = 'streaming';
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.status <> 'streaming' BEGIN
    INSERT INTO messages_fts (rowid, content) VALUES (new.rowid, new.content);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.status <> 'streaming' BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF content, status ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content)
        SELECT 'delete', old.rowid, old.content WHERE old.status <> 'streaming';
    INSERT INTO messages_fts (rowid, content)
        SELECT new.rowid, new.content WHERE new.status <> 'streaming';
END;
