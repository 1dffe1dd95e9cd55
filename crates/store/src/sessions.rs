//! Browser sessions, kept in the database so that every server replica
//! sees the same ones and a restart logs nobody out. tower-sessions does the
//! cookie and the bookkeeping; this is its storage. Rows are keyed by the
//! hash of the session id (see `secrets`), never the id itself.

use async_trait::async_trait;
use sqlx::Row;
use tower_sessions_core::session::{Id, Record};
use tower_sessions_core::session_store::{self, SessionStore};

use crate::secrets::lookup_key;
use crate::{now_ms, Store};

/// [`Store`] as a tower-sessions store.
#[derive(Clone)]
pub struct SessionRecords {
    store: Store,
}

impl std::fmt::Debug for SessionRecords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionRecords").field("backend", &self.store.backend()).finish()
    }
}

impl Store {
    /// This store's sessions, for a `tower_sessions::SessionManagerLayer`.
    pub fn session_records(&self) -> SessionRecords {
        SessionRecords { store: self.clone() }
    }

    /// Deletes expired sessions; returns how many.
    pub async fn delete_expired_sessions(&self) -> Result<u64, crate::StoreError> {
        let done = sqlx::query("DELETE FROM sessions WHERE expiry_ms < $1").bind(now_ms()).execute(&self.pool).await?;
        Ok(done.rows_affected())
    }
}

fn backend(e: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

fn expiry_ms(record: &Record) -> i64 {
    (record.expiry_date.unix_timestamp_nanos() / 1_000_000) as i64
}

#[async_trait]
impl SessionStore for SessionRecords {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let data = serde_json::to_string(&record.data).map_err(|e| session_store::Error::Encode(e.to_string()))?;
        // A fresh id that happens to exist already is drawn again, never
        // overwritten: that would hand someone else's session over.
        loop {
            let inserted = sqlx::query(
                "INSERT INTO sessions (id, data, expiry_ms) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
            )
            .bind(lookup_key(&record.id.to_string()))
            .bind(&data)
            .bind(expiry_ms(record))
            .execute(&self.store.pool)
            .await
            .map_err(backend)?;
            if inserted.rows_affected() == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = serde_json::to_string(&record.data).map_err(|e| session_store::Error::Encode(e.to_string()))?;
        sqlx::query(
            "INSERT INTO sessions (id, data, expiry_ms) VALUES ($1, $2, $3) \
             ON CONFLICT (id) DO UPDATE SET data = excluded.data, expiry_ms = excluded.expiry_ms",
        )
        .bind(lookup_key(&record.id.to_string()))
        .bind(&data)
        .bind(expiry_ms(record))
        .execute(&self.store.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let row = sqlx::query("SELECT data, expiry_ms FROM sessions WHERE id = $1 AND expiry_ms > $2")
            .bind(lookup_key(&id.to_string()))
            .bind(now_ms())
            .fetch_optional(&self.store.pool)
            .await
            .map_err(backend)?;
        let Some(row) = row else { return Ok(None) };
        let data: String = row.try_get("data").map_err(backend)?;
        let expiry: i64 = row.try_get("expiry_ms").map_err(backend)?;
        let data = serde_json::from_str(&data).map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(expiry) * 1_000_000)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record { id: *id, data, expiry_date }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(lookup_key(&id.to_string()))
            .execute(&self.store.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }
}
