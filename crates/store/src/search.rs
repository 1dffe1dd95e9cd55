//! Searching a person's own messages: FTS5 on SQLite, `tsvector` on
//! PostgreSQL; never anyone else's.

use sqlx::Row;

use crate::conversations::conversation_id;
use crate::{Backend, ConversationId, Shelf, Store, StoreError, UserId};

/// A message matching a search, with where to find it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub conversation: ConversationId,
    pub title: String,
    pub seq: i64,
    /// A few words around the match.
    pub snippet: String,
}

impl Store {
    /// The owner's messages on `shelf` matching `query` (all its words, any
    /// order), newest first: ranking every match of common words cost more
    /// than the budget on both databases.
    pub async fn search(
        &self,
        owner: &UserId,
        query: &str,
        shelf: Shelf<'_>,
        limit: i64,
    ) -> Result<Vec<SearchHit>, StoreError> {
        let words: Vec<&str> = query.split_whitespace().take(16).collect();
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let (sql, terms) = match self.backend {
            Backend::Sqlite => (
                match shelf {
                    Shelf::All => SQLITE_SEARCH,
                    Shelf::Folder(_) => SQLITE_SEARCH_IN_FOLDER,
                },
                fts_query(owner, &words),
            ),
            Backend::Postgres => (
                match shelf {
                    Shelf::All => POSTGRES_SEARCH,
                    Shelf::Folder(_) => POSTGRES_SEARCH_IN_FOLDER,
                },
                words.join(" "),
            ),
        };
        let query = sqlx::query(sql).bind(terms).bind(owner.as_str()).bind(limit);
        let query = match shelf {
            Shelf::All => query,
            Shelf::Folder(folder) => query.bind(folder.as_str()),
        };
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| {
                Ok(SearchHit {
                    conversation: conversation_id(row.try_get("conversation_id")?)?,
                    title: row.try_get("title")?,
                    seq: row.try_get("seq")?,
                    snippet: row.try_get("snippet")?,
                })
            })
            .collect()
    }
}

/// A search on SQLite. The index holds each message's owner beside its
/// text (migration 0012), and `$1` asks for the owner's token AND the
/// words, so FTS5 intersects the two lists and ranks only the owner's
/// matches: a search costs what its owner has stored, never what others
/// have. Newest first (the order messages were written in, which FTS5
/// walks backwards and stops after `$3`), as on PostgreSQL: ranking every
/// match of common words was most of a search's time (81 ms for 40,000
/// matches, over the 50 ms budget). `$1` the FTS5 query ([`fts_query`]), `$2` the owner, `$3` the limit.
const SQLITE_SEARCH: &str = "SELECT m.conversation_id AS conversation_id, c.title AS title, m.seq AS seq, \
     snippet(messages_fts, 0, '', '', '…', 12) AS snippet \
     FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid \
     JOIN conversations c ON c.id = m.conversation_id \
     WHERE messages_fts MATCH $1 AND c.owner = $2 ORDER BY messages_fts.rowid DESC LIMIT $3";

/// As [`SQLITE_SEARCH`], within the folder `$4`.
const SQLITE_SEARCH_IN_FOLDER: &str = "SELECT m.conversation_id AS conversation_id, c.title AS title, m.seq AS seq, \
     snippet(messages_fts, 0, '', '', '…', 12) AS snippet \
     FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid \
     JOIN conversations c ON c.id = m.conversation_id \
     WHERE messages_fts MATCH $1 AND c.owner = $2 AND c.folder_id = $4 \
     ORDER BY messages_fts.rowid DESC LIMIT $3";

/// The FTS5 query for `words` of `owner`'s messages: each word quoted, so
/// FTS5's query syntax never reaches the user; the owner's id is
/// hexadecimal (`UserId`), one token.
fn fts_query(owner: &UserId, words: &[&str]) -> String {
    let words: Vec<String> = words.iter().map(|w| format!("\"{}\"", w.replace('"', "\"\""))).collect();
    format!("owner : \"{}\" AND content : ({})", owner.as_str(), words.join(" "))
}

/// A search on PostgreSQL: `$1` the words, `$2` the owner, `$3` the limit.
/// Newest first by conversation (the most recently active first, then the
/// latest messages in each), which PostgreSQL reads from the owner's index
/// of conversations and stops after the limit; ordering every match by the
/// message's time read and sorted all of them (65 ms for 40,000 matches,
/// over the 50 ms budget).
const POSTGRES_SEARCH: &str = "SELECT m.conversation_id AS conversation_id, c.title AS title, m.seq AS seq, \
     ts_headline('simple', m.content, plainto_tsquery('simple', $1), \
     'StartSel=\"\", StopSel=\"\", MaxWords=14, MinWords=6') AS snippet \
     FROM messages m JOIN conversations c ON c.id = m.conversation_id \
     WHERE m.search @@ plainto_tsquery('simple', $1) AND c.owner = $2 \
     ORDER BY c.updated_ms DESC, m.seq DESC LIMIT $3";

/// As [`POSTGRES_SEARCH`], within the folder `$4`.
const POSTGRES_SEARCH_IN_FOLDER: &str = "SELECT m.conversation_id AS conversation_id, c.title AS title, m.seq AS seq, \
     ts_headline('simple', m.content, plainto_tsquery('simple', $1), \
     'StartSel=\"\", StopSel=\"\", MaxWords=14, MinWords=6') AS snippet \
     FROM messages m JOIN conversations c ON c.id = m.conversation_id \
     WHERE m.search @@ plainto_tsquery('simple', $1) AND c.owner = $2 AND c.folder_id = $4 \
     ORDER BY c.updated_ms DESC, m.seq DESC LIMIT $3";

#[cfg(test)]
mod search_index_tests {
    use sqlx::Row;

    use crate::{MessageStatus, NewMessage, Role, Shelf, Store};

    async fn sqlite() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(&format!("sqlite:{}/index.db", dir.path().display())).await.unwrap();
        (dir, store)
    }

    fn said(content: &str, status: MessageStatus) -> NewMessage {
        NewMessage {
            role: Role::Assistant,
            content: content.into(),
            reasoning: String::new(),
            attachments: "[]".into(),
            status,
        }
    }

    /// FTS5's own check of an external-content index against its content:
    /// an error when the index holds anything the view does not.
    async fn index_is_whole(store: &Store) {
        sqlx::query("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)")
            .execute(&store.pool)
            .await
            .expect("the index matches the messages and their owners");
    }

    /// The plan starts from the full-text match (which carries the owner),
    /// never from a lookup of the index per message, and takes FTS5's own
    /// order (no sort of every match).
    #[tokio::test]
    async fn a_search_starts_from_the_owners_matches() {
        let (_dir, store) = sqlite().await;
        let owner = crate::UserId::new();
        let plan = sqlx::query(&format!("EXPLAIN QUERY PLAN {}", super::SQLITE_SEARCH))
            .bind(super::fts_query(&owner, &["word"]))
            .bind(owner.as_str())
            .bind(10i64)
            .fetch_all(&store.pool)
            .await
            .unwrap();
        let steps: Vec<String> = plan.iter().map(|row| row.try_get::<String, _>("detail").unwrap()).collect();
        // FTS5's plan string: `M` a match, `=` a rowid lookup.
        assert!(steps[0].starts_with("SCAN messages_fts VIRTUAL TABLE INDEX") && steps[0].contains('M'), "{steps:#?}");
        assert!(!steps[0].contains('='), "{steps:#?}");
        assert!(!steps.iter().any(|s| s.contains("TEMP B-TREE")), "{steps:#?}");
        assert_eq!(
            super::fts_query(&owner, &["a\"b", "c"]),
            format!("owner : \"{}\" AND content : (\"a\"\"b\" \"c\")", owner.as_str())
        );
    }

    /// Deleting a conversation takes its messages out of the index with
    /// their owner, so a message that later gets the same row id (someone
    /// else's) is never found by the first owner.
    #[tokio::test]
    async fn the_index_keeps_each_owners_messages_apart() {
        let (_dir, store) = sqlite().await;
        let alice = store.create_user(None, None).await.unwrap();
        let bob = store.create_user(None, None).await.unwrap();
        let chat = store.create_conversation(&alice, "Plans", "m").await.unwrap();
        store.append_message(&alice, &chat.id, &said("secret plans", MessageStatus::Complete)).await.unwrap();
        store.append_message(&alice, &chat.id, &said("secret draft", MessageStatus::Streaming)).await.unwrap();
        index_is_whole(&store).await;
        store.delete_conversation(&alice, &chat.id).await.unwrap();
        index_is_whole(&store).await;
        let theirs = store.create_conversation(&bob, "Meeting", "m").await.unwrap();
        store.append_message(&bob, &theirs.id, &said("secret meeting", MessageStatus::Complete)).await.unwrap();
        index_is_whole(&store).await;
        assert!(store.search(&alice, "secret", Shelf::All, 10).await.unwrap().is_empty());
        assert_eq!(store.search(&bob, "secret", Shelf::All, 10).await.unwrap().len(), 1);
    }

    /// Migration 0012 indexes the messages already stored, with their
    /// owners, and leaves out replies still streaming (run again here over
    /// stored messages).
    #[tokio::test]
    async fn the_migration_indexes_existing_messages() {
        let (_dir, store) = sqlite().await;
        let alice = store.create_user(None, None).await.unwrap();
        let bob = store.create_user(None, None).await.unwrap();
        let chat = store.create_conversation(&alice, "Trip", "m").await.unwrap();
        store.append_message(&alice, &chat.id, &said("Lisbon in October", MessageStatus::Complete)).await.unwrap();
        store.append_message(&alice, &chat.id, &said("Lisbon half", MessageStatus::Streaming)).await.unwrap();
        let theirs = store.create_conversation(&bob, "Trip", "m").await.unwrap();
        store.append_message(&bob, &theirs.id, &said("Lisbon in May", MessageStatus::Complete)).await.unwrap();
        sqlx::raw_sql("DROP VIEW messages_search; DROP TRIGGER conversations_delete_messages_first;")
            .execute(&store.pool)
            .await
            .unwrap();
        sqlx::raw_sql(include_str!("../migrations/sqlite/0012_search_by_owner.sql"))
            .execute(&store.pool)
            .await
            .unwrap();
        index_is_whole(&store).await;
        let hits = store.search(&alice, "lisbon", Shelf::All, 10).await.unwrap();
        assert_eq!((hits.len(), hits[0].snippet.as_str()), (1, "Lisbon in October"));
        assert_eq!(store.search(&bob, "lisbon may", Shelf::All, 10).await.unwrap().len(), 1);
    }
}
