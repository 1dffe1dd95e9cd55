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
    /// order): best first on SQLite (FTS5's rank), newest first on
    /// PostgreSQL, where ranking every match of common words cost more than
    /// the budget.
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
            // Each word quoted: FTS5's query syntax never reaches the user.
            Backend::Sqlite => (
                match shelf {
                    Shelf::All => SQLITE_SEARCH,
                    Shelf::Folder(_) => SQLITE_SEARCH_IN_FOLDER,
                },
                words.iter().map(|w| format!("\"{}\"", w.replace('"', "\"\""))).collect::<Vec<_>>().join(" "),
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

/// A search on SQLite: the owner's messages first, then the full-text
/// index looked up for each (`CROSS JOIN` keeps that order), so a search
/// costs what its owner has stored, never what every user has, and other
/// people's messages are never ranked. `$1` the FTS5 query, `$2` the
/// owner, `$3` the limit.
const SQLITE_SEARCH: &str = "SELECT m.conversation_id AS conversation_id, c.title AS title, m.seq AS seq, \
     snippet(messages_fts, 0, '', '', '…', 12) AS snippet \
     FROM conversations c JOIN messages m ON m.conversation_id = c.id \
     CROSS JOIN messages_fts ON messages_fts.rowid = m.rowid \
     WHERE c.owner = $2 AND messages_fts MATCH $1 ORDER BY rank LIMIT $3";

/// As [`SQLITE_SEARCH`], within the folder `$4`.
const SQLITE_SEARCH_IN_FOLDER: &str = "SELECT m.conversation_id AS conversation_id, c.title AS title, m.seq AS seq, \
     snippet(messages_fts, 0, '', '', '…', 12) AS snippet \
     FROM conversations c JOIN messages m ON m.conversation_id = c.id \
     CROSS JOIN messages_fts ON messages_fts.rowid = m.rowid \
     WHERE c.owner = $2 AND c.folder_id = $4 AND messages_fts MATCH $1 ORDER BY rank LIMIT $3";

/// A search on PostgreSQL: `$1` the words, `$2` the owner, `$3` the limit.
const POSTGRES_SEARCH: &str = "SELECT m.conversation_id AS conversation_id, c.title AS title, m.seq AS seq, \
     ts_headline('simple', m.content, plainto_tsquery('simple', $1), \
     'StartSel=\"\", StopSel=\"\", MaxWords=14, MinWords=6') AS snippet \
     FROM messages m JOIN conversations c ON c.id = m.conversation_id \
     WHERE m.search @@ plainto_tsquery('simple', $1) AND c.owner = $2 \
     ORDER BY m.updated_ms DESC LIMIT $3";

/// As [`POSTGRES_SEARCH`], within the folder `$4`.
const POSTGRES_SEARCH_IN_FOLDER: &str = "SELECT m.conversation_id AS conversation_id, c.title AS title, m.seq AS seq, \
     ts_headline('simple', m.content, plainto_tsquery('simple', $1), \
     'StartSel=\"\", StopSel=\"\", MaxWords=14, MinWords=6') AS snippet \
     FROM messages m JOIN conversations c ON c.id = m.conversation_id \
     WHERE m.search @@ plainto_tsquery('simple', $1) AND c.owner = $2 AND c.folder_id = $4 \
     ORDER BY m.updated_ms DESC LIMIT $3";

#[cfg(test)]
mod search_plan_tests {
    use sqlx::Row;

    /// The query plan reads the owner's conversations by the owner index
    /// and looks the index up by rowid, never scanning every match.
    #[tokio::test]
    async fn a_search_reads_the_owners_messages_first() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::Store::connect(&format!("sqlite:{}/plan.db", dir.path().display())).await.unwrap();
        let plan = sqlx::query(&format!("EXPLAIN QUERY PLAN {}", super::SQLITE_SEARCH))
            .bind("\"word\"")
            .bind("owner")
            .bind(10i64)
            .fetch_all(&store.pool)
            .await
            .unwrap();
        let steps: Vec<String> = plan.iter().map(|row| row.try_get::<String, _>("detail").unwrap()).collect();
        assert!(steps[0].contains("conversations_by_owner"), "{steps:#?}");
        let fts = steps.iter().find(|s| s.contains("messages_fts")).expect("the index is used");
        // FTS5's plan string: `=` a rowid lookup, `M` the match.
        assert!(fts.starts_with("SCAN messages_fts VIRTUAL TABLE INDEX") && fts.contains(":="), "{steps:#?}");
        let fts_at = steps.iter().position(|s| s.contains("messages_fts")).unwrap();
        assert!(fts_at > 0, "the full-text index is looked up per message of the owner's: {steps:#?}");
    }
}
