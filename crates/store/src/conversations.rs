//! Conversations and the shapes of their messages, always read and changed
//! through their owner: created, listed, opened, renamed, deleted. What a
//! turn does to the messages is in `turns`.

use sqlx::Row;

use crate::{found, now_ms, ConversationId, FolderId, Refused, Shelf, Store, StoreError, UserId};

/// The longest title kept, in characters.
pub const MAX_TITLE_CHARS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    User,
    Assistant,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::User => "user",
            Role::Assistant => "assistant",
        }
    }

    pub(crate) fn parse(text: &str) -> Result<Self, StoreError> {
        match text {
            "user" => Ok(Role::User),
            "assistant" => Ok(Role::Assistant),
            other => Err(StoreError::Corrupt(format!("an unknown role {other:?}"))),
        }
    }
}

/// Where a stored message stands. A reply is saved as `Streaming` while it
/// is written; one found in that state after a restart was cut off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageStatus {
    Complete,
    Streaming,
    Interrupted,
    Stopped,
    Failed,
}

impl MessageStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MessageStatus::Complete => "complete",
            MessageStatus::Streaming => "streaming",
            MessageStatus::Interrupted => "interrupted",
            MessageStatus::Stopped => "stopped",
            MessageStatus::Failed => "failed",
        }
    }

    pub(crate) fn parse(text: &str) -> Result<Self, StoreError> {
        Ok(match text {
            "complete" => MessageStatus::Complete,
            "streaming" => MessageStatus::Streaming,
            "interrupted" => MessageStatus::Interrupted,
            "stopped" => MessageStatus::Stopped,
            "failed" => MessageStatus::Failed,
            other => return Err(StoreError::Corrupt(format!("an unknown message status {other:?}"))),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversation {
    pub id: ConversationId,
    pub title: String,
    pub model: String,
    /// The bot it talks to (`bots/NAME.toml`); empty for the app's own.
    pub bot: String,
    /// The settings panel's values, as JSON.
    pub settings: String,
    pub created_ms: i64,
    pub updated_ms: i64,
}

/// A sidebar entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationSummary {
    pub id: ConversationId,
    pub title: String,
    pub updated_ms: i64,
    /// Pinned to the top of the list.
    pub pinned: bool,
    /// The folder it is filed in, if any.
    pub folder: Option<FolderId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMessage {
    /// Its place in the conversation, from 1.
    pub seq: i64,
    pub role: Role,
    pub content: String,
    pub reasoning: String,
    /// The attachments' metadata, as JSON.
    pub attachments: String,
    /// A reply's panels, as JSON (`[]`: none).
    pub panels: String,
    pub status: MessageStatus,
    pub prompt_tokens: Option<i64>,
    pub completion_tokens: Option<i64>,
    /// Why a reply failed or broke off.
    pub error: Option<String>,
    /// The same, as a message of the translation files (JSON), when it was
    /// stored with one.
    pub error_words: Option<String>,
    /// The owner's "like" or "dislike", if given.
    pub rating: Option<String>,
    pub created_ms: i64,
    pub updated_ms: i64,
    /// Which of its variants this is (from 1) and how many there are:
    /// other replies kept by Retry, other messages kept by Edit (1 and 1:
    /// none).
    pub variant: i64,
    pub variants: i64,
    /// Its number in the conversation's tree, and the message it follows
    /// (0: none, it is a first message): what an export carries so that
    /// an import rebuilds the variants.
    pub node: i64,
    pub parent: i64,
}

/// A reply as it stands, to save while it streams and when it ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplyProgress {
    pub content: String,
    pub reasoning: String,
    pub status: Option<MessageStatus>,
    /// Prompt and completion tokens, once known.
    pub tokens: Option<(i64, i64)>,
    pub error: Option<String>,
    /// The same, as a message of the translation files (JSON).
    pub error_words: Option<String>,
    /// The reply's files' metadata as JSON, once it has any (as a user
    /// message's attachments).
    pub attachments: Option<String>,
    /// The reply's panels as JSON, once it has any.
    pub panels: Option<String>,
}

/// What a turn does to a conversation before its reply starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TurnStart<'a> {
    /// How many messages the sender saw: if the conversation has a
    /// different number now, someone else changed it and the turn is
    /// refused ([`StoreError::Conflict`]) rather than undo their change.
    pub expect: i64,
    /// Messages kept; those after are dropped (Retry, or editing one).
    pub keep: i64,
    /// The user's new message, if any (Retry has none).
    pub message: Option<&'a NewMessage>,
    /// The model and settings of this turn, remembered for the next.
    pub model: &'a str,
    pub settings: &'a str,
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    pub role: Role,
    pub content: String,
    pub reasoning: String,
    pub attachments: String,
    pub status: MessageStatus,
}

/// A title from the first words of a conversation's first message: its
/// first line, without markdown's marks, cut at a word near 48 characters.
pub fn title_from(text: &str) -> String {
    const AROUND: usize = 48;
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    let plain: String = line.chars().filter(|c| !matches!(c, '#' | '*' | '_' | '`' | '>') && !c.is_control()).collect();
    let words = plain.split_whitespace();
    let mut title = String::new();
    for word in words {
        if !title.is_empty() && title.chars().count() + 1 + word.chars().count() > AROUND {
            title.push('…');
            break;
        }
        if !title.is_empty() {
            title.push(' ');
        }
        title.push_str(word);
    }
    if title.chars().count() > MAX_TITLE_CHARS {
        title = title.chars().take(AROUND).collect::<String>() + "…";
    }
    if title.is_empty() {
        "New chat".into()
    } else {
        title
    }
}

pub(crate) fn check_title(title: &str) -> Result<String, StoreError> {
    let title = title.trim();
    if title.is_empty() {
        return Err(Refused::TitleEmpty.into());
    }
    if title.chars().count() > MAX_TITLE_CHARS {
        return Err(Refused::TitleTooLong.into());
    }
    Ok(title.chars().filter(|c| !c.is_control()).collect())
}

impl Store {
    pub async fn create_conversation(
        &self,
        owner: &UserId,
        title: &str,
        model: &str,
    ) -> Result<Conversation, StoreError> {
        self.create_bot_conversation(owner, title, model, "").await
    }

    /// As [`Store::create_conversation`], with one of the app's other bots.
    pub async fn create_bot_conversation(
        &self,
        owner: &UserId,
        title: &str,
        model: &str,
        bot: &str,
    ) -> Result<Conversation, StoreError> {
        let title = check_title(title)?;
        let now = now_ms();
        let id = ConversationId::new();
        sqlx::query(
            "INSERT INTO conversations (id, owner, title, model, bot, settings, created_ms, updated_ms) \
             VALUES ($1, $2, $3, $4, $5, '{}', $6, $6)",
        )
        .bind(id.as_str())
        .bind(owner.as_str())
        .bind(&title)
        .bind(model)
        .bind(bot)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(Conversation {
            id,
            title,
            model: model.into(),
            bot: bot.into(),
            settings: "{}".into(),
            created_ms: now,
            updated_ms: now,
        })
    }

    /// The owner's conversations on `shelf`: the pinned ones first (the
    /// most recently pinned on top), then the most recently changed; the
    /// order of the `conversations_sidebar` index (migration 0013), so no
    /// sort of all of them.
    pub async fn list_conversations(
        &self,
        owner: &UserId,
        shelf: Shelf<'_>,
        limit: i64,
    ) -> Result<Vec<ConversationSummary>, StoreError> {
        let rows = match shelf {
            Shelf::All => sqlx::query(
                "SELECT id, title, updated_ms, pinned_ms, folder_id FROM conversations WHERE owner = $1 \
                 ORDER BY pinned_ms DESC NULLS LAST, updated_ms DESC, id LIMIT $2",
            )
            .bind(owner.as_str())
            .bind(limit),
            Shelf::Folder(folder) => sqlx::query(
                "SELECT id, title, updated_ms, pinned_ms, folder_id FROM conversations WHERE owner = $1 \
                 AND folder_id = $3 ORDER BY pinned_ms DESC NULLS LAST, updated_ms DESC, id LIMIT $2",
            )
            .bind(owner.as_str())
            .bind(limit)
            .bind(folder.as_str()),
        }
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let folder: Option<String> = row.try_get("folder_id")?;
                Ok(ConversationSummary {
                    id: conversation_id(row.try_get("id")?)?,
                    title: row.try_get("title")?,
                    updated_ms: row.try_get("updated_ms")?,
                    pinned: row.try_get::<Option<i64>, _>("pinned_ms")?.is_some(),
                    folder: folder.as_deref().and_then(FolderId::parse),
                })
            })
            .collect()
    }

    /// A conversation and its messages in order, if it is the owner's.
    pub async fn open_conversation(
        &self,
        owner: &UserId,
        id: &ConversationId,
    ) -> Result<(Conversation, Vec<StoredMessage>), StoreError> {
        let row = self.owned_conversation_row(owner, id).await?;
        self.read_conversation(id, &row).await
    }

    /// The owner's conversation with only its newest `newest` messages (a
    /// page opens a long conversation at its end and reads what came
    /// before on request, [`Store::messages_before`]). Also returns how
    /// many messages come before those: the first one's `seq` is that
    /// plus one.
    pub async fn open_conversation_end(
        &self,
        owner: &UserId,
        id: &ConversationId,
        newest: i64,
    ) -> Result<(Conversation, i64, Vec<StoredMessage>), StoreError> {
        let row = self.owned_conversation_row(owner, id).await?;
        self.read_conversation_end(id, &row, newest).await
    }

    /// The conversation in `row` with its newest `newest` messages, and
    /// how many come before them; callers have checked who may read it.
    pub(crate) async fn read_conversation_end(
        &self,
        id: &ConversationId,
        row: &sqlx::any::AnyRow,
        newest: i64,
    ) -> Result<(Conversation, i64, Vec<StoredMessage>), StoreError> {
        let conversation = conversation_from_row(id, row)?;
        let count: i64 = sqlx::query("SELECT COALESCE(MAX(seq), 0) AS count FROM messages WHERE conversation_id = $1")
            .bind(id.as_str())
            .fetch_one(&self.pool)
            .await?
            .try_get("count")?;
        let earlier = (count - newest.max(0)).max(0);
        let messages = self.read_messages(id, earlier, count).await?;
        Ok((conversation, earlier, messages))
    }

    /// Up to `limit` of the owner's messages just before the one at
    /// `seq` = `before`, oldest first.
    pub async fn messages_before(
        &self,
        owner: &UserId,
        id: &ConversationId,
        before: i64,
        limit: i64,
    ) -> Result<Vec<StoredMessage>, StoreError> {
        self.owned_conversation_row(owner, id).await?;
        let last = before - 1;
        self.read_messages(id, (last - limit.max(0)).max(0), last).await
    }

    async fn owned_conversation_row(
        &self,
        owner: &UserId,
        id: &ConversationId,
    ) -> Result<sqlx::any::AnyRow, StoreError> {
        sqlx::query(
            "SELECT title, model, bot, settings, created_ms, updated_ms FROM conversations WHERE id = $1 AND owner = $2",
        )
        .bind(id.as_str())
        .bind(owner.as_str())
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)
    }

    /// The conversation in `row` (its `conversations` columns) and its
    /// messages; callers have checked who may read it.
    pub(crate) async fn read_conversation(
        &self,
        id: &ConversationId,
        row: &sqlx::any::AnyRow,
    ) -> Result<(Conversation, Vec<StoredMessage>), StoreError> {
        let conversation = conversation_from_row(id, row)?;
        let messages = self.read_messages(id, 0, i64::MAX).await?;
        Ok((conversation, messages))
    }

    /// The messages with `seq` in `after + 1 ..= upto`, in order (the
    /// path's are `seq` > 0; those off it, variants not shown, below 0).
    pub(crate) async fn read_messages(
        &self,
        id: &ConversationId,
        after: i64,
        upto: i64,
    ) -> Result<Vec<StoredMessage>, StoreError> {
        let rows = sqlx::query(
            "SELECT m.seq AS seq, role, content, reasoning, attachments, panels, status, prompt_tokens, completion_tokens, \
             error, error_words, f.rating AS rating, m.created_ms AS created_ms, updated_ms, variant, variants, node, \
             parent_node \
             FROM messages m LEFT JOIN feedback f ON f.conversation_id = m.conversation_id AND f.seq = m.seq \
             WHERE m.conversation_id = $1 AND m.seq > $2 AND m.seq <= $3 ORDER BY m.seq",
        )
        .bind(id.as_str())
        .bind(after)
        .bind(upto)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(StoredMessage {
                    seq: row.try_get("seq")?,
                    role: Role::parse(row.try_get("role")?)?,
                    content: row.try_get("content")?,
                    reasoning: row.try_get("reasoning")?,
                    attachments: row.try_get("attachments")?,
                    panels: row.try_get("panels")?,
                    status: MessageStatus::parse(row.try_get("status")?)?,
                    prompt_tokens: row.try_get("prompt_tokens")?,
                    completion_tokens: row.try_get("completion_tokens")?,
                    error: row.try_get("error")?,
                    error_words: row.try_get("error_words")?,
                    rating: row.try_get("rating")?,
                    created_ms: row.try_get("created_ms")?,
                    updated_ms: row.try_get("updated_ms")?,
                    variant: row.try_get("variant")?,
                    variants: row.try_get("variants")?,
                    node: row.try_get("node")?,
                    parent: row.try_get("parent_node")?,
                })
            })
            .collect()
    }

    pub async fn rename_conversation(
        &self,
        owner: &UserId,
        id: &ConversationId,
        title: &str,
    ) -> Result<(), StoreError> {
        let title = check_title(title)?;
        let done = sqlx::query("UPDATE conversations SET title = $1, updated_ms = $2 WHERE id = $3 AND owner = $4")
            .bind(&title)
            .bind(now_ms())
            .bind(id.as_str())
            .bind(owner.as_str())
            .execute(&self.pool)
            .await?;
        found(done.rows_affected())
    }

    /// Sets an automatic title, unless the title is no longer `expected`
    /// (the person renamed it meanwhile). Whether it was set.
    pub async fn retitle_conversation(
        &self,
        owner: &UserId,
        id: &ConversationId,
        expected: &str,
        title: &str,
    ) -> Result<bool, StoreError> {
        let title = check_title(title)?;
        let done = sqlx::query("UPDATE conversations SET title = $1 WHERE id = $2 AND owner = $3 AND title = $4")
            .bind(&title)
            .bind(id.as_str())
            .bind(owner.as_str())
            .bind(expected)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Deletes a conversation and its messages.
    /// Returns the upload ids its messages carried, for their files to be
    /// deleted with it.
    pub async fn delete_conversation(&self, owner: &UserId, id: &ConversationId) -> Result<Vec<String>, StoreError> {
        let mut tx = self.begin_write().await?;
        let rows = sqlx::query(
            "SELECT m.attachments FROM messages m JOIN conversations c ON c.id = m.conversation_id \
             WHERE c.id = $1 AND c.owner = $2 AND m.attachments <> '[]'",
        )
        .bind(id.as_str())
        .bind(owner.as_str())
        .fetch_all(&mut *tx)
        .await?;
        let done = sqlx::query("DELETE FROM conversations WHERE id = $1 AND owner = $2")
            .bind(id.as_str())
            .bind(owner.as_str())
            .execute(&mut *tx)
            .await?;
        found(done.rows_affected())?;
        tx.commit().await?;
        #[derive(serde::Deserialize)]
        struct Attached {
            id: String,
        }
        let mut ids = Vec::new();
        for row in rows {
            let attachments: String = row.try_get(0)?;
            let attached: Vec<Attached> = serde_json::from_str(&attachments).unwrap_or_default();
            ids.extend(attached.into_iter().map(|a| a.id));
        }
        Ok(ids)
    }
}

pub(crate) fn conversation_id(text: String) -> Result<ConversationId, StoreError> {
    ConversationId::parse(&text).ok_or_else(|| StoreError::Corrupt(format!("a malformed conversation id {text:?}")))
}

/// A conversation's own columns, read from its row.
fn conversation_from_row(id: &ConversationId, row: &sqlx::any::AnyRow) -> Result<Conversation, StoreError> {
    Ok(Conversation {
        id: id.clone(),
        title: row.try_get("title")?,
        model: row.try_get("model")?,
        bot: row.try_get("bot")?,
        settings: row.try_get("settings")?,
        created_ms: row.try_get("created_ms")?,
        updated_ms: row.try_get("updated_ms")?,
    })
}

#[cfg(test)]
mod tests {
    use super::title_from;

    #[test]
    fn titles_are_the_first_words_of_the_first_line() {
        assert_eq!(title_from("  \n## How do I *sort* a `Vec`?\nMore"), "How do I sort a Vec?");
        assert_eq!(
            title_from("Please explain how the borrow checker decides when two references overlap in a loop"),
            "Please explain how the borrow checker decides…"
        );
        assert_eq!(title_from(""), "New chat");
        assert_eq!(title_from("\u{7}\t  "), "New chat");
        let one_long_word = "x".repeat(500);
        assert_eq!(title_from(&one_long_word).chars().count(), 49);
    }
}
