-- API keys for the OpenAI-compatible API (/v1/...), one user's each.
-- Only the SHA-256 of the secret is kept (a copy of the database holds no
-- key anyone can use); `prefix` is the key's first characters, shown in
-- the page so its owner can tell keys apart.
CREATE TABLE api_keys (
    id          TEXT PRIMARY KEY,
    owner       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    prefix      TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    created_ms  BIGINT NOT NULL,
    last_used_ms BIGINT
);
CREATE INDEX api_keys_by_owner ON api_keys (owner, created_ms);
