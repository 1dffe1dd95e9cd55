-- A reply's panels (tool calls, a handler's steps) as JSON, kept with it
-- so a reloaded, exported or shared reply shows them.
ALTER TABLE messages ADD COLUMN panels TEXT NOT NULL DEFAULT '[]';
