//! Read-only share links: a conversation shown to whoever holds its token,
//! without an account. The token is the only key (256 random bits, so it
//! cannot be guessed or counted); its owner can revoke it, after which the
//! link finds nothing. Only the token's hash is stored (see `secrets`): the
//! link is shown once, when it is made, and a copy of the database opens
//! nothing.

use sqlx::Row;

use crate::{now_ms, Conversation, ConversationId, Store, StoreError, StoredMessage, UserId};

/// A share token: 64 lowercase hex digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ShareToken(String);

impl ShareToken {
    fn new() -> Self {
        let (a, b) = (uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
        Self(format!("{}{}", a.simple(), b.simple()))
    }

    /// Checks the form only.
    pub fn parse(text: &str) -> Option<Self> {
        let ok = text.len() == 64 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        ok.then(|| Self(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ShareToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Store {
    /// `NotFound` unless `id` is `owner`'s conversation.
    async fn check_owner(&self, owner: &UserId, id: &ConversationId) -> Result<(), StoreError> {
        let owned = sqlx::query("SELECT 1 FROM conversations WHERE id = $1 AND owner = $2")
            .bind(id.as_str())
            .bind(owner.as_str())
            .fetch_optional(&self.pool)
            .await?;
        owned.map(|_| ()).ok_or(StoreError::NotFound)
    }

    /// A new share link for the conversation; any earlier one stops
    /// working (only a hash is kept, so an earlier link cannot be shown
    /// again: the new token is the one to show, once).
    pub async fn share_conversation(&self, owner: &UserId, id: &ConversationId) -> Result<ShareToken, StoreError> {
        self.check_owner(owner, id).await?;
        let token = ShareToken::new();
        let hash = crate::secrets::lookup_key(token.as_str());
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM shares WHERE conversation_id = $1").bind(id.as_str()).execute(&mut *tx).await?;
        let done = sqlx::query(
            "INSERT INTO shares (token, token_hash, conversation_id, created_ms) \
             SELECT $1, $1, id, $2 FROM conversations WHERE id = $3 AND owner = $4",
        )
        .bind(&hash)
        .bind(now_ms())
        .bind(id.as_str())
        .bind(owner.as_str())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        tx.commit().await?;
        Ok(token)
    }

    /// Whether the conversation has a share link. Another owner's
    /// conversation is not found.
    pub async fn is_shared(&self, owner: &UserId, id: &ConversationId) -> Result<bool, StoreError> {
        self.check_owner(owner, id).await?;
        let row = sqlx::query("SELECT 1 FROM shares WHERE conversation_id = $1 LIMIT 1")
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some())
    }

    /// Ends every share link of the conversation.
    pub async fn revoke_share(&self, owner: &UserId, id: &ConversationId) -> Result<(), StoreError> {
        self.check_owner(owner, id).await?;
        sqlx::query("DELETE FROM shares WHERE conversation_id = $1").bind(id.as_str()).execute(&self.pool).await?;
        Ok(())
    }

    /// The conversation a share link shows, to anyone holding its token.
    pub async fn shared_conversation(
        &self,
        token: &ShareToken,
    ) -> Result<(Conversation, Vec<StoredMessage>), StoreError> {
        let (id, row) = self.shared_row(token).await?;
        self.read_conversation(&id, &row).await
    }

    /// The same with only its newest `newest` messages, and how many come
    /// before them (a long conversation's page opens at its end).
    pub async fn shared_conversation_end(
        &self,
        token: &ShareToken,
        newest: i64,
    ) -> Result<(Conversation, i64, Vec<StoredMessage>), StoreError> {
        let (id, row) = self.shared_row(token).await?;
        self.read_conversation_end(&id, &row, newest).await
    }

    async fn shared_row(&self, token: &ShareToken) -> Result<(ConversationId, sqlx::any::AnyRow), StoreError> {
        let row = sqlx::query(
            "SELECT c.id AS id, title, model, bot, settings, c.created_ms AS created_ms, updated_ms \
             FROM shares s JOIN conversations c ON c.id = s.conversation_id WHERE s.token_hash = $1",
        )
        .bind(crate::secrets::lookup_key(token.as_str()))
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        let id = crate::conversations::conversation_id(row.try_get("id")?)?;
        Ok((id, row))
    }
}

#[cfg(test)]
mod tests {
    use super::ShareToken;

    #[test]
    fn tokens_are_256_random_bits_and_parse_strictly() {
        let token = ShareToken::new();
        assert_eq!(token.as_str().len(), 64);
        assert_eq!(ShareToken::parse(token.as_str()), Some(token.clone()));
        assert_ne!(token, ShareToken::new());
        for bad in ["", &"A".repeat(64), &"0".repeat(63), &"0".repeat(65), "../x", &format!("{}g", "0".repeat(63))] {
            assert_eq!(ShareToken::parse(bad), None, "{bad}");
        }
    }
}
