//! Which server replica is writing which reply. A reply is saved as
//! `streaming` while its replica streams it; if that replica dies (SIGKILL,
//! a lost machine) nobody will finish it, and the conversation would stay
//! blocked, since a turn never starts beside a reply being written. Each
//! replica therefore beats in `replicas` every few seconds, and any replica
//! marks the replies of one not heard from for a while as interrupted,
//! keeping their text. A live replica's replies are never touched, however
//! many replicas start and stop beside it.

use std::time::Duration;

use sqlx::Row;

use crate::{Backend, Store, StoreError};

/// Replicas gone longer than this are forgotten (their row, not replies).
const FORGET_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX / 2)
}

impl Store {
    /// This process's replica id: random, new at each start.
    pub fn replica(&self) -> &str {
        &self.replica
    }

    /// The same database seen by another replica (a new id): for running
    /// several replicas' logic in one process, as tests do.
    pub fn another_replica(&self) -> Store {
        Store {
            pool: self.pool.clone(),
            backend: self.backend,
            replica: uuid::Uuid::new_v4().simple().to_string().into(),
            saves: self.saves.clone(),
        }
    }

    /// The database's clock in ms, as SQL. Beats and sweeps both read the
    /// database's clock, never a replica's own: replicas on machines whose
    /// clocks disagree must not take each other for silent.
    fn database_now(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "CAST((julianday('now') - 2440587.5) * 86400000 AS BIGINT)",
            Backend::Postgres => "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)",
        }
    }

    /// Says this replica is alive.
    pub async fn beat(&self) -> Result<(), StoreError> {
        let now = self.database_now();
        sqlx::query(&format!(
            "INSERT INTO replicas (id, seen_ms) VALUES ($1, {now}) \
             ON CONFLICT (id) DO UPDATE SET seen_ms = excluded.seen_ms"
        ))
        .bind(self.replica.as_ref())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Marks interrupted the replies left `streaming` by replicas not heard
    /// from within `silent` (and by none: replies from before replicas were
    /// named), keeping their text; forgets replicas long gone. Returns how
    /// many replies were marked.
    pub async fn interrupt_orphaned_replies(&self, silent: Duration) -> Result<u64, StoreError> {
        let now = self.database_now();
        let done = sqlx::query(&format!(
            "UPDATE messages SET status = 'interrupted' WHERE status = 'streaming' AND replica NOT IN \
             (SELECT id FROM replicas WHERE seen_ms >= {now} - $1)"
        ))
        .bind(millis(silent))
        .execute(&self.pool)
        .await?;
        sqlx::query(&format!("DELETE FROM replicas WHERE seen_ms < {now} - $1"))
            .bind(millis(FORGET_AFTER))
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// At start-up. A SQLite file is one server's (replicas share
    /// PostgreSQL), so whatever is still `streaming` in it was left by this
    /// server's last run: all of it is marked at once, even if that run
    /// died a second ago. On PostgreSQL only the replies of replicas silent
    /// for `silent` are; the rest are other replicas' live replies, or will
    /// be swept once their replica has been silent long enough.
    pub async fn interrupt_unfinished_at_start(&self, silent: Duration) -> Result<u64, StoreError> {
        self.beat().await?;
        match self.backend {
            Backend::Sqlite => {
                let done = sqlx::query("UPDATE messages SET status = 'interrupted' WHERE status = 'streaming'")
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected())
            }
            Backend::Postgres => self.interrupt_orphaned_replies(silent).await,
        }
    }

    /// Leaves the set of live replicas (a graceful shutdown, after the last
    /// reply is saved), so nothing waits for this one's silence.
    pub async fn retire(&self) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM replicas WHERE id = $1").bind(self.replica.as_ref()).execute(&self.pool).await?;
        Ok(())
    }

    /// Replicas heard from within `silent` (what the tests look at).
    pub async fn live_replicas(&self, silent: Duration) -> Result<i64, StoreError> {
        let now = self.database_now();
        let row = sqlx::query(&format!("SELECT COUNT(*) AS n FROM replicas WHERE seen_ms >= {now} - $1"))
            .bind(millis(silent))
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }
}
