-- Why a reply failed, as a message of the translation files (a JSON
-- object: its id and values), so a page says it in its own language; the
-- English `error` beside it stays the record that exports carry. NULL for
-- rows written before, and for imported messages: those show `error`.
ALTER TABLE messages ADD COLUMN error_words TEXT;
