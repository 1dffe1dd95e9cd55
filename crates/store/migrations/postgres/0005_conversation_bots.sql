-- Which bot a conversation talks to, in an app serving several (its
-- `bots/NAME.toml`); '' is the app's own bot from `[chat]`.
ALTER TABLE conversations ADD COLUMN bot TEXT NOT NULL DEFAULT '';
