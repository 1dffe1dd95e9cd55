-- Users, conversations and their messages. Times are milliseconds since the
-- Unix epoch; ids are random 128-bit hex strings made by the application.

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    name          TEXT UNIQUE,
    password_hash TEXT,
    is_admin      BOOLEAN NOT NULL DEFAULT FALSE,
    created_ms    BIGINT NOT NULL
);

CREATE TABLE conversations (
    id         TEXT PRIMARY KEY,
    owner      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    model      TEXT NOT NULL,
    settings   TEXT NOT NULL DEFAULT '{}',
    created_ms BIGINT NOT NULL,
    updated_ms BIGINT NOT NULL
);
CREATE INDEX conversations_by_owner ON conversations (owner, updated_ms DESC);

CREATE TABLE messages (
    conversation_id   TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq               INTEGER NOT NULL,
    role              TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    content           TEXT NOT NULL,
    reasoning         TEXT NOT NULL DEFAULT '',
    attachments       TEXT NOT NULL DEFAULT '[]',
    status            TEXT NOT NULL CHECK (status IN ('complete', 'streaming', 'interrupted', 'stopped', 'failed')),
    prompt_tokens     INTEGER,
    completion_tokens INTEGER,
    created_ms        BIGINT NOT NULL,
    updated_ms        BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, seq)
);

-- Full-text search over one's conversations: message text, kept in step by
-- triggers (an external-content FTS5 table over `messages`).
CREATE VIRTUAL TABLE messages_fts USING fts5 (content, content = 'messages', content_rowid = 'rowid');
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, content) VALUES (new.rowid, new.content);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
    INSERT INTO messages_fts (rowid, content) VALUES (new.rowid, new.content);
END;
