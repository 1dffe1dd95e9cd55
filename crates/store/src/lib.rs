//! Storage for users, conversations and messages.
//!
//! One code path for both databases: sqlx's `Any` driver, chosen by the URL
//! (`sqlite:` for the embedded default, `postgres://` when several server
//! replicas share one database). Queries use `$1` placeholders, which both
//! understand. Each database has its own migrations (they differ only in
//! full-text search: FTS5 in SQLite, a `tsvector` column in PostgreSQL),
//! embedded in the binary and run at start-up.
//!
//! Every read or change of a conversation names its owner: a conversation
//! that is someone else's is simply not found, so callers answer 404 and
//! nothing about it leaks.

mod api_keys;
mod bot_authors;
mod conversations;
mod export_format;
mod folders;
mod ids;
mod replicas;
mod reply_saves;
mod search;
mod secrets;
mod sessions;
mod shares;
mod transfer;
mod transfer_tree;
mod turns;
mod users;
mod variants;

use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::any::{install_default_drivers, AnyPoolOptions};
use sqlx::AnyPool;

pub use api_keys::{
    is_api_key, utc_date, ApiKeySummary, NewApiKey, API_KEY_PREFIX, MAX_KEYS_PER_USER, MAX_KEY_NAME_CHARS,
};
pub use bot_authors::{text_sha256, BotAuthor};
pub use conversations::{
    title_from, Conversation, ConversationSummary, MessageStatus, NewMessage, ReplyProgress, Role, StoredMessage,
    TurnStart, MAX_TITLE_CHARS,
};
pub use export_format::{
    ConversationExport, ExportedAttachment, ExportedMessage, ImportError, ImportLimits, EXPORT_FORMAT, EXPORT_VERSION,
};
pub use folders::{Folder, Shelf, MAX_FOLDERS, MAX_FOLDER_NAME_CHARS};
pub use ids::{ConversationId, FolderId, UserId};
pub use search::SearchHit;
pub use sessions::SessionRecords;
pub use shares::ShareToken;
pub use users::{normalize_name, Account, FeedbackRecord, UserSummary, MAX_NAME_CHARS};

/// Which database a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Why storage failed; each says what to do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Holds the scheme only: the rest of a URL may be a password.
    #[error("the database URL must be sqlite:PATH or postgres://… (got {0}:…)")]
    Url(String),
    #[error("cannot open the database: {0}; check the URL, that the server is running, and the credentials")]
    Connect(sqlx::Error),
    #[error("the database could not be brought up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("not found")]
    NotFound,
    /// The conversation changed since the caller read it (another tab).
    #[error("this conversation was changed elsewhere (another tab or device); reload to see it")]
    Conflict,
    /// What the caller gave is refused; theirs to mend.
    #[error(transparent)]
    Refused(#[from] Refused),
    /// The database holds what this code never writes (a row from a newer
    /// version, or damaged): the server's fault, not the caller's.
    #[error("the database holds {0}")]
    Corrupt(String),
    #[error("the database failed: {0}")]
    Database(#[from] sqlx::Error),
}

/// Why the store refused what it was given, each the caller's to mend (a
/// kind, so a page can say it in its language).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("a title cannot be empty")]
    TitleEmpty,
    #[error("a title can be at most {MAX_TITLE_CHARS} characters")]
    TitleTooLong,
    #[error("a name is 1 to {MAX_NAME_CHARS} letters, digits and . _ @ + - (no spaces)")]
    BadName,
    #[error("the name {0} is taken")]
    NameTaken(String),
    #[error("a folder needs a name")]
    FolderNameEmpty,
    #[error("a folder's name can be at most {MAX_FOLDER_NAME_CHARS} characters")]
    FolderNameTooLong,
    #[error("you can have at most {MAX_FOLDERS} folders")]
    TooManyFolders,
    #[error("a key's name must be 1 to {MAX_KEY_NAME_CHARS} characters, without control characters")]
    BadKeyName,
    #[error("you already have {MAX_KEYS_PER_USER} keys; revoke one you no longer use first")]
    TooManyKeys,
    #[error("a rating is like or dislike")]
    BadRating,
}

/// A pool of connections to the database, with its schema up to date.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// This process's id among the replicas sharing the database; written
    /// on the replies it streams (see `replicas`).
    replica: std::sync::Arc<str>,
    /// Where streaming replies' saves are written, many to a transaction.
    saves: reply_saves::ReplySaves,
}

impl Store {
    /// Connects and runs the migrations. A `sqlite:` URL's file is created
    /// if missing (with its folder).
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(StoreError::Url(url.split(':').next().unwrap_or("").to_string()));
        };
        let url = match backend {
            Backend::Sqlite => sqlite_url(url)?,
            Backend::Postgres => url.to_string(),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 4 } else { 16 })
            // A database that is down fails start-up in seconds, not minutes.
            .acquire_timeout(std::time::Duration::from_secs(5))
            // A SQLite connection is a file in this process: pinging it
            // before each query is a round trip to its worker thread that
            // can find nothing wrong. A PostgreSQL one can have been cut.
            .test_before_acquire(backend == Backend::Postgres)
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // Readers do not wait for a writer; a writer waits
                        // for another rather than failing at once; cascades.
                        sqlx::query("PRAGMA journal_mode = WAL").execute(&mut *conn).await?;
                        sqlx::query("PRAGMA busy_timeout = 5000").execute(&mut *conn).await?;
                        sqlx::query("PRAGMA foreign_keys = ON").execute(&mut *conn).await?;
                        sqlx::query("PRAGMA synchronous = NORMAL").execute(&mut *conn).await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .map_err(StoreError::Connect)?;
        match backend {
            Backend::Sqlite => sqlx::migrate!("migrations/sqlite").run(&pool).await?,
            Backend::Postgres => sqlx::migrate!("migrations/postgres").run(&pool).await?,
        }
        let replica = uuid::Uuid::new_v4().simple().to_string().into();
        let saves = reply_saves::ReplySaves::start(pool.clone(), backend);
        let store = Self { pool, backend, replica, saves };
        store.hash_legacy_secrets().await?;
        Ok(store)
    }

    /// A transaction that will write. SQLite's default (deferred)
    /// transaction takes the write lock only at its first write, and if
    /// another connection wrote since its first read, fails at once with
    /// "database is locked" (SQLITE_BUSY_SNAPSHOT; busy_timeout does not
    /// help). `BEGIN IMMEDIATE` takes the lock up front, waiting its turn.
    pub(crate) async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        begin_write(&self.pool, self.backend).await
    }

    /// Answers when the database does (a readiness check).
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A new user: anonymous (no name) or with a name and password hash.
    pub async fn create_user(&self, name: Option<&str>, password_hash: Option<&str>) -> Result<UserId, StoreError> {
        let id = UserId::new();
        sqlx::query("INSERT INTO users (id, name, password_hash, is_admin, created_ms) VALUES ($1, $2, $3, $4, $5)")
            .bind(id.as_str())
            .bind(name)
            .bind(password_hash)
            .bind(false)
            .bind(now_ms())
            .execute(&self.pool)
            .await?;
        Ok(id)
    }
}

/// See [`Store::begin_write`].
pub(crate) async fn begin_write(
    pool: &AnyPool,
    backend: Backend,
) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
    match backend {
        Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
        Backend::Postgres => pool.begin().await,
    }
}

/// `sqlite:PATH` with the folder created and the file made if missing.
fn sqlite_url(url: &str) -> Result<String, StoreError> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = rest.split('?').next().unwrap_or("");
    if path.is_empty() || path == ":memory:" {
        return Err(StoreError::Url("sqlite (name a file: several connections share one database)".into()));
    }
    if let Some(folder) = std::path::Path::new(path).parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(|e| {
            StoreError::Connect(sqlx::Error::Configuration(format!("{}: {e}", folder.display()).into()))
        })?;
    }
    Ok(if rest.contains('?') { format!("sqlite://{rest}") } else { format!("sqlite://{rest}?mode=rwc") })
}

/// Text as both databases can hold it: PostgreSQL's `text` cannot hold a
/// NUL, so a message or reply with one would fail to save there (and only
/// there). NUL becomes U+FFFD, which is how a browser shows it anyway.
pub(crate) fn storable_text(text: &str) -> String {
    text.replace('\0', "\u{FFFD}")
}

/// An update or delete of one owner's row: none changed means no such row
/// of theirs (someone else's reads the same).
pub(crate) fn found(rows: u64) -> Result<(), StoreError> {
    if rows == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

pub(crate) fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}
