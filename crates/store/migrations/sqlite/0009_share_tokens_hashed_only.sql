-- Share tokens are kept only as their SHA-256: the `token` column, once
-- the token itself, now holds the hash too, so a copy of the database
-- opens no shared conversation. (Rows older than token_hash get theirs
-- when the server starts; see secrets.rs.)
UPDATE shares SET token = token_hash WHERE token_hash IS NOT NULL;
