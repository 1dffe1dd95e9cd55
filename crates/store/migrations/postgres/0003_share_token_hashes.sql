-- Share links are found by the SHA-256 of their token, so the time a
-- lookup takes says nothing about how much of a guessed token is right.
-- Rows from before are given their hash at start-up (Store::connect).
ALTER TABLE shares ADD COLUMN token_hash TEXT;
CREATE UNIQUE INDEX shares_by_token_hash ON shares (token_hash);
