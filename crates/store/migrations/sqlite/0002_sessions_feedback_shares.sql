-- Sessions (tower-sessions records, JSON), feedback on replies, share
-- links, and why a reply failed.

CREATE TABLE sessions (
    id        TEXT PRIMARY KEY,
    data      TEXT NOT NULL,
    expiry_ms BIGINT NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expiry_ms);

ALTER TABLE messages ADD COLUMN error TEXT;

CREATE TABLE feedback (
    conversation_id TEXT NOT NULL,
    seq             INTEGER NOT NULL,
    rating          TEXT CHECK (rating IN ('like', 'dislike')),
    comment         TEXT NOT NULL DEFAULT '',
    created_ms      BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, seq),
    FOREIGN KEY (conversation_id, seq) REFERENCES messages (conversation_id, seq) ON DELETE CASCADE
);

CREATE TABLE shares (
    token           TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    created_ms      BIGINT NOT NULL
);
CREATE INDEX shares_by_conversation ON shares (conversation_id);
