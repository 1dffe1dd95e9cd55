-- Reply variants (issue 26): Retry and Edit keep what they replace. Each
-- conversation's messages form a tree: `node` numbers a message within its
-- conversation, `parent_node` is the message it answers or follows (0: the
-- first message). Siblings are variants of each other: `variant` is a
-- message's place among them (from 1, in the order they were made) and
-- `variants` how many there are, kept on each so a page reads them with
-- the message. The path shown (and continued, sent to the model, exported
-- as Markdown and shared) keeps `seq` = its place, 1..n; a message off that
-- path has `seq` = -node, so every query of the path (`seq > 0`) is as
-- before. `selected_ms` says when a message was last put on the path: going
-- back to a variant follows, below it, the messages chosen most recently.
--
-- Every existing conversation is one path with no variants: node = seq.
ALTER TABLE messages ADD COLUMN node INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN parent_node INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN variant INTEGER NOT NULL DEFAULT 1;
ALTER TABLE messages ADD COLUMN variants INTEGER NOT NULL DEFAULT 1;
ALTER TABLE messages ADD COLUMN selected_ms BIGINT NOT NULL DEFAULT 0;
UPDATE messages SET node = seq, parent_node = seq - 1, selected_ms = updated_ms;
CREATE UNIQUE INDEX messages_by_node ON messages (conversation_id, node);
CREATE INDEX messages_by_parent ON messages (conversation_id, parent_node, variant);

-- A rating stays with its reply when the reply moves off the path and back
-- (its `seq` changes): the foreign key now follows updates. SQLite cannot
-- change a key in place, so the table is made again.
CREATE TABLE feedback_new (
    conversation_id TEXT NOT NULL,
    seq             INTEGER NOT NULL,
    rating          TEXT CHECK (rating IN ('like', 'dislike')),
    comment         TEXT NOT NULL DEFAULT '',
    created_ms      BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, seq),
    FOREIGN KEY (conversation_id, seq) REFERENCES messages (conversation_id, seq) ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO feedback_new (conversation_id, seq, rating, comment, created_ms)
    SELECT conversation_id, seq, rating, comment, created_ms FROM feedback;
DROP TABLE feedback;
ALTER TABLE feedback_new RENAME TO feedback;
