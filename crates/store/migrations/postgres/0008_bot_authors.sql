-- Who saved each bot file the playground wrote, and the SHA-256 of the
-- text it wrote. A file whose text no longer has that hash was written (or
-- changed) by hand: the playground leaves it alone. Only the one who saved
-- a bot (or an admin) may replace it.
CREATE TABLE bot_authors (
    name        TEXT PRIMARY KEY,
    author      TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    saved_ms    BIGINT NOT NULL
);
