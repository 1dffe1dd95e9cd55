//! Saves of streaming replies, written many to a transaction.
//!
//! Every streaming reply is saved once a second. Written one transaction
//! each, a thousand replies are a thousand commits a second, each with its
//! own log write and lock hand-over, and on SQLite every other writer
//! queues behind them. Here one task per database writes the saves waiting
//! when it is free, up to [`MAX_BATCH`] in one transaction (group commit):
//! under light load a save is written at once, alone; under heavy load the
//! saves that arrived while the last transaction ran share the next one.
//! Callers still get their own answer (saved, or not found).

use sqlx::AnyPool;
use tokio::sync::{mpsc, oneshot};

use crate::{found, Backend, ConversationId, ReplyProgress, StoreError, UserId};

/// The most saves in one transaction: enough to share a commit among many,
/// few enough that the write lock is not held long (a turn that starts
/// meanwhile waits for it on SQLite).
const MAX_BATCH: usize = 128;

/// One reply's save, and where its answer goes.
struct Pending {
    owner: UserId,
    conversation: ConversationId,
    seq: i64,
    progress: ReplyProgress,
    answer: oneshot::Sender<Result<(), StoreError>>,
}

/// The way to the database's save writer. Cloned with the store; the
/// writer ends when the last clone is dropped.
#[derive(Clone)]
pub(crate) struct ReplySaves {
    queue: mpsc::UnboundedSender<Pending>,
}

impl ReplySaves {
    /// Starts the writer for `pool` (on the current tokio runtime).
    pub(crate) fn start(pool: AnyPool, backend: Backend) -> Self {
        let (queue, waiting) = mpsc::unbounded_channel();
        tokio::spawn(write_saves(pool, backend, waiting));
        Self { queue }
    }

    /// Saves one reply's progress, in whichever transaction is next.
    pub(crate) async fn save(
        &self,
        pool: &AnyPool,
        owner: &UserId,
        conversation: &ConversationId,
        seq: i64,
        progress: &ReplyProgress,
    ) -> Result<(), StoreError> {
        let (answer, answered) = oneshot::channel();
        let pending = Pending {
            owner: owner.clone(),
            conversation: conversation.clone(),
            seq,
            progress: progress.clone(),
            answer,
        };
        if self.queue.send(pending).is_ok() {
            if let Ok(result) = answered.await {
                return result;
            }
        }
        // The writer is gone (its runtime is shutting down): write it here.
        found(update_reply(pool, owner, conversation, seq, progress).await?)
    }
}

async fn write_saves(pool: AnyPool, backend: Backend, mut waiting: mpsc::UnboundedReceiver<Pending>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while waiting.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let saves = std::mem::take(&mut batch);
        match write_batch(&pool, backend, &saves).await {
            Ok(rows) => {
                for (pending, rows) in saves.into_iter().zip(rows) {
                    let _ = pending.answer.send(found(rows));
                }
            }
            // One transaction failed: each save is tried on its own, so
            // that each gets its own answer and one cannot sink the rest.
            Err(e) => {
                tracing::warn!(saves = saves.len(), "a batch of reply saves failed ({e}); saving each alone");
                for pending in saves {
                    let result =
                        update_reply(&pool, &pending.owner, &pending.conversation, pending.seq, &pending.progress)
                            .await;
                    let _ = pending.answer.send(result.map_err(StoreError::from).and_then(found));
                }
            }
        }
    }
}

/// The saves in one transaction; how many rows each changed.
async fn write_batch(pool: &AnyPool, backend: Backend, saves: &[Pending]) -> Result<Vec<u64>, sqlx::Error> {
    if let [one] = saves {
        return Ok(vec![update_reply(pool, &one.owner, &one.conversation, one.seq, &one.progress).await?]);
    }
    let mut tx = crate::begin_write(pool, backend).await?;
    let mut rows = Vec::with_capacity(saves.len());
    for save in saves {
        rows.push(update_reply(&mut *tx, &save.owner, &save.conversation, save.seq, &save.progress).await?);
    }
    tx.commit().await?;
    Ok(rows)
}

/// Writes a reply's text and state so far, if the reply is `owner`'s;
/// the number of rows changed (0: not found).
async fn update_reply<'e, E>(
    executor: E,
    owner: &UserId,
    conversation: &ConversationId,
    seq: i64,
    reply: &ReplyProgress,
) -> Result<u64, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let status = reply.status.unwrap_or(crate::MessageStatus::Streaming);
    let done = sqlx::query(
        "UPDATE messages SET content = $1, reasoning = $2, status = $3, \
         prompt_tokens = COALESCE($4, prompt_tokens), completion_tokens = COALESCE($5, completion_tokens), \
         error = $6, updated_ms = $7, attachments = COALESCE($11, attachments), panels = COALESCE($12, panels), \
         error_words = $13 \
         WHERE conversation_id = $8 AND seq = $9 AND role = 'assistant' \
         AND conversation_id IN (SELECT id FROM conversations WHERE owner = $10)",
    )
    .bind(crate::storable_text(&reply.content))
    .bind(crate::storable_text(&reply.reasoning))
    .bind(status.as_str())
    .bind(reply.tokens.map(|t| t.0))
    .bind(reply.tokens.map(|t| t.1))
    .bind(reply.error.as_deref())
    .bind(crate::now_ms())
    .bind(conversation.as_str())
    .bind(seq)
    .bind(owner.as_str())
    .bind(reply.attachments.as_deref())
    .bind(reply.panels.as_deref())
    .bind(reply.error_words.as_deref())
    .execute(executor)
    .await?;
    Ok(done.rows_affected())
}
