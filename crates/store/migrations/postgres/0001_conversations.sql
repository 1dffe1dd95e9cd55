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
    seq               BIGINT NOT NULL,
    role              TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    content           TEXT NOT NULL,
    reasoning         TEXT NOT NULL DEFAULT '',
    attachments       TEXT NOT NULL DEFAULT '[]',
    status            TEXT NOT NULL CHECK (status IN ('complete', 'streaming', 'interrupted', 'stopped', 'failed')),
    prompt_tokens     BIGINT,
    completion_tokens BIGINT,
    created_ms        BIGINT NOT NULL,
    updated_ms        BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, seq),
    -- Full-text search over one's conversations.
    search            TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', content)) STORED
);
CREATE INDEX messages_search ON messages USING GIN (search);
