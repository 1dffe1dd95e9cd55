//! Who wrote the bot files the playground saved. The bots folder is the
//! operator's; the playground may change only what it wrote itself, and
//! only for whoever wrote it. A file is known as the playground's by the
//! SHA-256 of the text saved: a file written or changed by hand no longer
//! matches, and is read-only there.

use sqlx::Row;

use crate::{now_ms, Store, StoreError, UserId};

/// Who saved a bot file from the playground, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BotAuthor {
    pub author: UserId,
    /// The SHA-256 of the text saved (64 lowercase hex digits).
    pub text_sha256: String,
}

impl BotAuthor {
    /// Whether `text` is what the playground saved (not changed since).
    pub fn wrote(&self, text: &str) -> bool {
        self.text_sha256 == text_sha256(text)
    }
}

/// The SHA-256 of a bot file's text, as recorded.
pub fn text_sha256(text: &str) -> String {
    crate::secrets::lookup_key(text)
}

impl Store {
    /// Who saved the bot `name` from the playground, if anyone did.
    pub async fn bot_author(&self, name: &str) -> Result<Option<BotAuthor>, StoreError> {
        let row = sqlx::query("SELECT author, text_sha256 FROM bot_authors WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let author: String = row.try_get(0)?;
        let Some(author) = UserId::parse(&author) else { return Ok(None) };
        Ok(Some(BotAuthor { author, text_sha256: row.try_get(1)? }))
    }

    /// Records that `author` saved `text` as the bot `name`.
    pub async fn record_bot_author(&self, name: &str, author: &UserId, text: &str) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO bot_authors (name, author, text_sha256, saved_ms) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (name) DO UPDATE SET author = excluded.author, text_sha256 = excluded.text_sha256, \
             saved_ms = excluded.saved_ms",
        )
        .bind(name)
        .bind(author.as_str())
        .bind(text_sha256(text))
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
