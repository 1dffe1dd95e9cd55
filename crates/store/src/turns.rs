//! A conversation's turns: messages added, a reply saved while it streams,
//! a turn begun and undone, feedback, and the history cut back. Every change
//! goes through the conversation's owner, as in `conversations`.

use sqlx::Row;

use crate::variants::{self, Place};
use crate::{
    now_ms, ConversationId, MessageStatus, NewMessage, Refused, ReplyProgress, Role, Store, StoreError, TurnStart,
    UserId,
};

impl Store {
    /// Adds a message at the end; returns its `seq`.
    pub async fn append_message(
        &self,
        owner: &UserId,
        id: &ConversationId,
        message: &NewMessage,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        let owned = sqlx::query("SELECT 1 FROM conversations WHERE id = $1 AND owner = $2")
            .bind(id.as_str())
            .bind(owner.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        if owned.is_none() {
            return Err(StoreError::NotFound);
        }
        let next: i64 =
            sqlx::query("SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM messages WHERE conversation_id = $1")
                .bind(id.as_str())
                .fetch_one(&mut *tx)
                .await?
                .try_get("next")?;
        let now = now_ms();
        variants::add_on_path(self, &mut tx, id, next, message, now).await?;
        sqlx::query("UPDATE conversations SET updated_ms = $1 WHERE id = $2")
            .bind(now)
            .bind(id.as_str())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(next)
    }

    /// Saves a reply's text so far (while it streams, and at its end),
    /// sharing a transaction with the other saves waiting (`reply_saves`).
    pub async fn save_reply(
        &self,
        owner: &UserId,
        id: &ConversationId,
        seq: i64,
        reply: &ReplyProgress,
    ) -> Result<(), StoreError> {
        self.saves.save(&self.pool, owner, id, seq, reply).await
    }

    /// Starts a turn in one transaction: checks that the conversation is
    /// the owner's, as the sender saw it, and has no reply being written;
    /// drops what the turn replaces,
    /// adds the user's message and an empty reply (`Streaming`). Returns the
    /// reply's `seq`.
    pub async fn begin_turn(
        &self,
        owner: &UserId,
        id: &ConversationId,
        turn: &TurnStart<'_>,
    ) -> Result<i64, StoreError> {
        Ok(self.begin(owner, id, turn, false).await?.0)
    }

    /// Starts a turn whose message two models answer side by side
    /// (Compare): as [`Store::begin_turn`], with a second empty reply beside
    /// the first, off the path (its variant until one is chosen). Returns
    /// both replies' `seq` (the second's is negative, as off the path).
    pub async fn begin_compared_turn(
        &self,
        owner: &UserId,
        id: &ConversationId,
        turn: &TurnStart<'_>,
    ) -> Result<(i64, i64), StoreError> {
        let (first, second) = self.begin(owner, id, turn, true).await?;
        Ok((first, second.ok_or(StoreError::NotFound)?))
    }

    async fn begin(
        &self,
        owner: &UserId,
        id: &ConversationId,
        turn: &TurnStart<'_>,
        compared: bool,
    ) -> Result<(i64, Option<i64>), StoreError> {
        let mut tx = self.begin_write().await?;
        let (count, streaming) = variants::path_state(&mut tx, owner, id).await?.ok_or(StoreError::NotFound)?;
        // A reply still being written would go on saving into the place
        // of whatever this turn puts there.
        if count != turn.expect || turn.keep > count || turn.keep < 0 || streaming > 0 {
            return Err(StoreError::Conflict);
        }
        // What the turn replaces (Retry, Edit) stays, as variants.
        variants::move_off_path(&mut tx, id, turn.keep).await?;
        let now = now_ms();
        let mut next = turn.keep + 1;
        let empty_reply = NewMessage {
            role: Role::Assistant,
            content: String::new(),
            reasoning: String::new(),
            attachments: "[]".into(),
            status: MessageStatus::Streaming,
        };
        for message in turn.message.into_iter().chain([&empty_reply]) {
            variants::add_on_path(self, &mut tx, id, next, message, now).await?;
            next += 1;
        }
        let reply = next - 1;
        let second = match compared {
            true => Some(-variants::add_beside_path(self, &mut tx, id, reply, &empty_reply, now).await?),
            false => None,
        };
        sqlx::query("UPDATE conversations SET updated_ms = $1, model = $2, settings = $3 WHERE id = $4")
            .bind(now)
            .bind(turn.model)
            .bind(turn.settings)
            .bind(id.as_str())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok((reply, second))
    }

    /// Undoes turns: keeps the first `keep` messages, if the conversation
    /// still has the `expect` its sender saw and no reply being written.
    pub async fn undo_turns(
        &self,
        owner: &UserId,
        id: &ConversationId,
        expect: i64,
        keep: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let (count, streaming) = variants::path_state(&mut tx, owner, id).await?.ok_or(StoreError::NotFound)?;
        if count != expect || !(0..=count).contains(&keep) || streaming > 0 {
            return Err(StoreError::Conflict);
        }
        // The undone turns go with their variants.
        variants::drop_after(&mut tx, id, keep).await?;
        sqlx::query("UPDATE conversations SET updated_ms = $1 WHERE id = $2")
            .bind(now_ms())
            .bind(id.as_str())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records (or replaces) the owner's like or dislike of a reply, with
    /// an optional comment; `None` takes the rating back.
    pub async fn save_feedback(
        &self,
        owner: &UserId,
        id: &ConversationId,
        seq: i64,
        rating: Option<&str>,
        comment: &str,
    ) -> Result<(), StoreError> {
        if rating.is_some_and(|r| r != "like" && r != "dislike") {
            return Err(Refused::BadRating.into());
        }
        let reply = sqlx::query(
            "SELECT 1 FROM messages m JOIN conversations c ON c.id = m.conversation_id \
             WHERE m.conversation_id = $1 AND m.seq = $2 AND m.role = 'assistant' AND c.owner = $3",
        )
        .bind(id.as_str())
        .bind(seq)
        .bind(owner.as_str())
        .fetch_optional(&self.pool)
        .await?;
        if reply.is_none() {
            return Err(StoreError::NotFound);
        }
        sqlx::query(
            "INSERT INTO feedback (conversation_id, seq, rating, comment, created_ms) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (conversation_id, seq) DO UPDATE SET rating = excluded.rating, comment = excluded.comment, \
             created_ms = excluded.created_ms",
        )
        .bind(id.as_str())
        .bind(seq)
        .bind(rating)
        .bind(comment)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Drops the messages after place `seq` of the path, with their
    /// variants; returns how many were dropped (0 if the conversation is
    /// not the owner's).
    pub async fn truncate_after(&self, owner: &UserId, id: &ConversationId, seq: i64) -> Result<u64, StoreError> {
        let mut tx = self.begin_write().await?;
        if variants::path_state(&mut tx, owner, id).await?.is_none() {
            return Ok(0);
        }
        let dropped = variants::drop_after(&mut tx, id, seq).await?;
        tx.commit().await?;
        Ok(dropped)
    }
}

impl Store {
    /// Writes `message` at `seq` of conversation `id`, at `place` in its
    /// tree, made and last changed `now` (and, on the path, chosen then),
    /// by this replica (a turn's rows; an import writes its own).
    pub(crate) async fn insert_message(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        id: &ConversationId,
        seq: i64,
        place: Place,
        message: &NewMessage,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO messages (conversation_id, seq, role, content, reasoning, attachments, status, created_ms, \
             updated_ms, replica, node, parent_node, variant, variants, selected_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(id.as_str())
        .bind(seq)
        .bind(message.role.as_str())
        .bind(crate::storable_text(&message.content))
        .bind(crate::storable_text(&message.reasoning))
        .bind(&message.attachments)
        .bind(message.status.as_str())
        .bind(now)
        .bind(self.replica.as_ref())
        .bind(place.node)
        .bind(place.parent)
        .bind(place.variant)
        .bind(place.variants)
        // Off the path, it was never chosen.
        .bind(if seq > 0 { now } else { 0 })
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}
