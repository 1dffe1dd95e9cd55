-- Several server replicas share one database. Each streaming reply names
-- the replica writing it, and each replica says it is alive in `replicas`
-- every few seconds, so a replica that died (killed, its machine gone) can
-- be told apart from one still writing: only the dead one's unfinished
-- replies are marked cut off. '' is a reply stored before this column.
ALTER TABLE messages ADD COLUMN replica TEXT NOT NULL DEFAULT '';
CREATE TABLE replicas (
    id       TEXT PRIMARY KEY,
    seen_ms  BIGINT NOT NULL
);
-- The sweep reads only the few replies being written.
CREATE INDEX messages_streaming ON messages (replica) WHERE status = 'streaming';
