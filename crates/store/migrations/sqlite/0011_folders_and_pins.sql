-- Folders a person files conversations into, and conversations pinned to
-- the top of the sidebar. Deleting a folder puts its conversations back in
-- the list (folder_id becomes NULL); it never deletes them. Existing
-- conversations are in no folder and not pinned.
CREATE TABLE folders (
    id         TEXT PRIMARY KEY,
    owner      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    created_ms BIGINT NOT NULL
);
CREATE INDEX folders_by_owner ON folders (owner, name);

ALTER TABLE conversations ADD COLUMN folder_id TEXT REFERENCES folders (id) ON DELETE SET NULL;
-- When it was pinned; NULL: not pinned. Pinned ones come first, the most
-- recently pinned at the top.
ALTER TABLE conversations ADD COLUMN pinned_ms BIGINT;
CREATE INDEX conversations_by_folder ON conversations (folder_id);
