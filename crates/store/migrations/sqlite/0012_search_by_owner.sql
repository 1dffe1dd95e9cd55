-- The search index knows whose each message is, so a search asks FTS5 for
-- "this owner's messages AND these words" and FTS5 intersects the two
-- lists itself. Before, each of the owner's messages was looked up in the
-- index on its own, which FTS5 answers by walking the whole list of every
-- word: 40,000 messages with common words took minutes.
--
-- The index's content is a view of the messages it indexes (not those still
-- streaming, as in 0007), each with its conversation's owner (owners never
-- change). FTS5 must be told exactly what it indexed
-- to delete it, so a conversation's messages are deleted before the
-- conversation (trigger below): the owner is still there to be read.
DROP TRIGGER messages_fts_insert;
DROP TRIGGER messages_fts_delete;
DROP TRIGGER messages_fts_update;
DROP TABLE messages_fts;

CREATE VIEW messages_search AS
    SELECT m.rowid AS message_rowid, m.content AS content, c.owner AS owner
    FROM messages m JOIN conversations c ON c.id = m.conversation_id
    WHERE m.status <> 'streaming';

CREATE VIRTUAL TABLE messages_fts USING fts5 (
    content, owner, content = 'messages_search', content_rowid = 'message_rowid'
);
INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');

-- As in 0007: a reply is indexed once it is no longer streaming.
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.status <> 'streaming' BEGIN
    INSERT INTO messages_fts (rowid, content, owner)
        SELECT new.rowid, new.content, owner FROM conversations WHERE id = new.conversation_id;
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.status <> 'streaming' BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content, owner)
        SELECT 'delete', old.rowid, old.content, owner FROM conversations WHERE id = old.conversation_id;
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF content, status ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content, owner)
        SELECT 'delete', old.rowid, old.content, owner FROM conversations
        WHERE id = old.conversation_id AND old.status <> 'streaming';
    INSERT INTO messages_fts (rowid, content, owner)
        SELECT new.rowid, new.content, owner FROM conversations
        WHERE id = new.conversation_id AND new.status <> 'streaming';
END;
CREATE TRIGGER conversations_delete_messages_first BEFORE DELETE ON conversations BEGIN
    DELETE FROM messages WHERE conversation_id = old.id;
END;
