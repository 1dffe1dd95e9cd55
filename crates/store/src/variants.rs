//! A conversation's messages as a tree (migration 0014): Retry and Edit
//! keep what they replace as variants, and the path shown is chosen among
//! them. The path keeps `seq` = its place (1..n); a message off it has
//! `seq` = -node, so reading the path is reading `seq > 0` as always.

use sqlx::Row;

use crate::{now_ms, ConversationId, NewMessage, Store, StoreError, UserId};

/// The transaction the tree's steps run in.
type Tx = sqlx::Transaction<'static, sqlx::Any>;

impl Store {
    /// Shows variant `variant` (from 1) of the message at place `place` of
    /// the path: it and, below it, the messages chosen there most recently
    /// become the path from `place` on. Refused ([`StoreError::Conflict`])
    /// if the conversation no longer has the `expect` messages its sender
    /// saw or a reply is being written. Returns the path's new length.
    pub async fn select_variant(
        &self,
        owner: &UserId,
        id: &ConversationId,
        expect: i64,
        place: i64,
        variant: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        let (count, streaming) = path_state(&mut tx, owner, id).await?.ok_or(StoreError::NotFound)?;
        if count != expect || streaming > 0 {
            return Err(StoreError::Conflict);
        }
        if !(1..=count).contains(&place) {
            return Err(StoreError::NotFound);
        }
        let parent = path_node(&mut tx, id, place - 1).await?;
        let chosen = sqlx::query(
            "SELECT node, seq FROM messages WHERE conversation_id = $1 AND parent_node = $2 AND variant = $3",
        )
        .bind(id.as_str())
        .bind(parent)
        .bind(variant)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        if chosen.try_get::<i64, _>("seq")? == place {
            return Ok(count);
        }
        let chosen: i64 = chosen.try_get("node")?;
        move_off_path(&mut tx, id, place - 1).await?;
        // The chosen message, then at each step the child put on the path
        // most recently (the newest if none ever was).
        let below = sqlx::query(
            "WITH RECURSIVE path (node, place) AS ( \
                 SELECT $2, $3 \
                 UNION ALL \
                 SELECT (SELECT c.node FROM messages c WHERE c.conversation_id = $1 AND c.parent_node = path.node \
                         ORDER BY c.selected_ms DESC, c.node DESC LIMIT 1), path.place + 1 \
                 FROM path WHERE EXISTS (SELECT 1 FROM messages c WHERE c.conversation_id = $1 AND c.parent_node = path.node)) \
             SELECT node, place FROM path",
        )
        .bind(id.as_str())
        .bind(chosen)
        .bind(place)
        .fetch_all(&mut *tx)
        .await?;
        // Later than every choice before, even one in the same millisecond.
        let latest: i64 =
            sqlx::query("SELECT COALESCE(MAX(selected_ms), 0) AS latest FROM messages WHERE conversation_id = $1")
                .bind(id.as_str())
                .fetch_one(&mut *tx)
                .await?
                .try_get("latest")?;
        let now = now_ms().max(latest + 1);
        let mut last = place - 1;
        for row in &below {
            let (node, at): (i64, i64) = (row.try_get("node")?, row.try_get("place")?);
            sqlx::query("UPDATE messages SET seq = $1, selected_ms = $2 WHERE conversation_id = $3 AND node = $4")
                .bind(at)
                .bind(now)
                .bind(id.as_str())
                .bind(node)
                .execute(&mut *tx)
                .await?;
            last = at;
        }
        tx.commit().await?;
        Ok(last)
    }
}

/// The path's length and how many replies are being written, if the
/// conversation is the owner's.
pub(crate) async fn path_state(
    tx: &mut Tx,
    owner: &UserId,
    id: &ConversationId,
) -> Result<Option<(i64, i64)>, StoreError> {
    let row = sqlx::query(
        "SELECT COALESCE(MAX(m.seq), 0) AS count, \
         COALESCE(SUM(CASE WHEN m.status = 'streaming' THEN 1 ELSE 0 END), 0) AS streaming \
         FROM conversations c LEFT JOIN messages m ON m.conversation_id = c.id \
         WHERE c.id = $1 AND c.owner = $2 GROUP BY c.id",
    )
    .bind(id.as_str())
    .bind(owner.as_str())
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|row| Ok((row.try_get("count")?, row.try_get("streaming")?))).transpose()
}

/// The node at place `place` of the path; 0 (the tree's root) for place 0.
pub(crate) async fn path_node(tx: &mut Tx, id: &ConversationId, place: i64) -> Result<i64, StoreError> {
    if place <= 0 {
        return Ok(0);
    }
    Ok(sqlx::query("SELECT node FROM messages WHERE conversation_id = $1 AND seq = $2")
        .bind(id.as_str())
        .bind(place)
        .fetch_one(&mut **tx)
        .await?
        .try_get("node")?)
}

/// Takes the path after place `keep` off the path: those messages stay, as
/// variants of what comes next.
pub(crate) async fn move_off_path(tx: &mut Tx, id: &ConversationId, keep: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE messages SET seq = -node WHERE conversation_id = $1 AND seq > $2")
        .bind(id.as_str())
        .bind(keep)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Deletes everything after place `keep` of the path, variants included:
/// every message below the one at `keep`. Returns how many.
pub(crate) async fn drop_after(tx: &mut Tx, id: &ConversationId, keep: i64) -> Result<u64, StoreError> {
    let top = path_node(tx, id, keep).await?;
    let done = sqlx::query(
        "WITH RECURSIVE doomed (node) AS ( \
             SELECT node FROM messages WHERE conversation_id = $1 AND parent_node = $2 \
             UNION ALL \
             SELECT m.node FROM messages m JOIN doomed d ON m.parent_node = d.node WHERE m.conversation_id = $1) \
         DELETE FROM messages WHERE conversation_id = $1 AND node IN (SELECT node FROM doomed)",
    )
    .bind(id.as_str())
    .bind(top)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected())
}

/// Adds `message` at place `seq` of the path, below the path's message at
/// `seq - 1`: a variant of whatever is already there. Returns its node.
pub(crate) async fn add_on_path(
    store: &Store,
    tx: &mut Tx,
    id: &ConversationId,
    seq: i64,
    message: &NewMessage,
    now: i64,
) -> Result<i64, StoreError> {
    let parent = path_node(tx, id, seq - 1).await?;
    add_child(store, tx, id, parent, Some(seq), message, now).await
}

/// Adds `message` beside the path's message at place `place`, off the
/// path: one more variant of it, not shown (Compare's second reply).
/// Returns its node.
pub(crate) async fn add_beside_path(
    store: &Store,
    tx: &mut Tx,
    id: &ConversationId,
    place: i64,
    message: &NewMessage,
    now: i64,
) -> Result<i64, StoreError> {
    let parent = path_node(tx, id, place - 1).await?;
    add_child(store, tx, id, parent, None, message, now).await
}

/// Adds `message` below node `parent`, as its last variant: on the path at
/// place `seq`, or off it (`None`). Returns its node.
async fn add_child(
    store: &Store,
    tx: &mut Tx,
    id: &ConversationId,
    parent: i64,
    seq: Option<i64>,
    message: &NewMessage,
    now: i64,
) -> Result<i64, StoreError> {
    // Two index lookups (one query summing over the conversation would
    // read all its messages).
    let node: i64 = sqlx::query("SELECT COALESCE(MAX(node), 0) + 1 AS node FROM messages WHERE conversation_id = $1")
        .bind(id.as_str())
        .fetch_one(&mut **tx)
        .await?
        .try_get("node")?;
    let siblings: i64 =
        sqlx::query("SELECT COUNT(*) AS siblings FROM messages WHERE conversation_id = $1 AND parent_node = $2")
            .bind(id.as_str())
            .bind(parent)
            .fetch_one(&mut **tx)
            .await?
            .try_get("siblings")?;
    let variants = siblings + 1;
    if siblings > 0 {
        sqlx::query("UPDATE messages SET variants = $1 WHERE conversation_id = $2 AND parent_node = $3")
            .bind(variants)
            .bind(id.as_str())
            .bind(parent)
            .execute(&mut **tx)
            .await?;
    }
    let seq = seq.unwrap_or(-node);
    store.insert_message(tx, id, seq, Place { node, parent, variant: variants, variants }, message, now).await?;
    Ok(node)
}

/// Where a new message goes in the tree.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Place {
    pub node: i64,
    pub parent: i64,
    pub variant: i64,
    pub variants: i64,
}
