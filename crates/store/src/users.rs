//! People: anonymous users (open mode), accounts with a password hash, and
//! names vouched for by an authenticating proxy. Names are kept lowercase,
//! so `Alice` and `alice` are one account.

use sqlx::Row;

use crate::{now_ms, Refused, Store, StoreError, UserId};

/// `is_admin` as a number: sqlx's `Any` driver reads no SQLite booleans.
const ADMIN: &str = "CAST(CASE WHEN is_admin THEN 1 ELSE 0 END AS BIGINT) AS is_admin";

/// The longest name taken.
pub const MAX_NAME_CHARS: usize = 64;

/// A user as the admin page lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSummary {
    pub name: String,
    pub is_admin: bool,
    pub created_ms: i64,
    pub conversations: i64,
}

/// What signing in needs to know of an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: UserId,
    pub name: String,
    pub password_hash: Option<String>,
    pub is_admin: bool,
}

/// One like or dislike with what it was about, for the feedback dataset
/// (one JSON object per line, these field names).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FeedbackRecord {
    pub user: Option<String>,
    pub conversation: String,
    pub model: String,
    pub seq: i64,
    pub rating: Option<String>,
    pub comment: String,
    /// The user's message the reply answered.
    pub prompt: String,
    pub reply: String,
    pub created_ms: i64,
}

/// `name`, trimmed and lowercased, if it is a name: 1 to 64 of letters,
/// digits and `. _ @ + -` (an email address is a name).
pub fn normalize_name(name: &str) -> Result<String, StoreError> {
    let name = name.trim().to_lowercase();
    let allowed = |c: char| c.is_alphanumeric() || matches!(c, '.' | '_' | '@' | '+' | '-');
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS || !name.chars().all(allowed) {
        return Err(Refused::BadName.into());
    }
    Ok(name)
}

impl Store {
    /// A new account. The name must be free.
    pub async fn create_account(&self, name: &str, password_hash: &str, is_admin: bool) -> Result<UserId, StoreError> {
        let name = normalize_name(name)?;
        let id = UserId::new();
        sqlx::query("INSERT INTO users (id, name, password_hash, is_admin, created_ms) VALUES ($1, $2, $3, $4, $5)")
            .bind(id.as_str())
            .bind(&name)
            .bind(password_hash)
            .bind(is_admin)
            .bind(now_ms())
            .execute(&self.pool)
            .await
            .map_err(|e| match e.as_database_error() {
                Some(db) if db.is_unique_violation() => StoreError::Refused(Refused::NameTaken(name.to_string())),
                _ => StoreError::Database(e),
            })?;
        Ok(id)
    }

    /// The account named `name`, if any.
    pub async fn account(&self, name: &str) -> Result<Option<Account>, StoreError> {
        let Ok(name) = normalize_name(name) else { return Ok(None) };
        let row = sqlx::query(&format!("SELECT id, name, password_hash, {ADMIN} FROM users WHERE name = $1"))
            .bind(&name)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| account(&row)).transpose()
    }

    /// The user `id`, if it exists.
    pub async fn user(&self, id: &UserId) -> Result<Option<Account>, StoreError> {
        let row = sqlx::query(&format!("SELECT id, name, password_hash, {ADMIN} FROM users WHERE id = $1"))
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| account(&row)).transpose()
    }

    /// The user a trusted proxy calls `name`, made on first sight.
    pub async fn proxy_user(&self, name: &str) -> Result<UserId, StoreError> {
        let name = normalize_name(name)?;
        if let Some(account) = self.account(&name).await? {
            return Ok(account.id);
        }
        let id = UserId::new();
        let inserted = sqlx::query(
            "INSERT INTO users (id, name, password_hash, is_admin, created_ms) VALUES ($1, $2, NULL, $3, $4) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(id.as_str())
        .bind(&name)
        .bind(false)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        if inserted.rows_affected() == 1 {
            return Ok(id);
        }
        // Made by a request beside this one.
        self.account(&name).await?.map(|a| a.id).ok_or(StoreError::NotFound)
    }

    /// Named users, oldest first, with how many conversations each has;
    /// and how many anonymous users there are.
    pub async fn list_users(&self) -> Result<(Vec<UserSummary>, i64), StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT u.name AS name, {ADMIN}, u.created_ms AS created_ms, \
             (SELECT COUNT(*) FROM conversations c WHERE c.owner = u.id) AS conversations \
             FROM users u WHERE u.name IS NOT NULL ORDER BY u.created_ms, u.name",
        ))
        .fetch_all(&self.pool)
        .await?;
        let users = rows
            .iter()
            .map(|row| {
                Ok(UserSummary {
                    name: row.try_get("name")?,
                    is_admin: row.try_get::<i64, _>("is_admin")? != 0,
                    created_ms: row.try_get("created_ms")?,
                    conversations: row.try_get("conversations")?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let anonymous: i64 = sqlx::query("SELECT COUNT(*) AS n FROM users WHERE name IS NULL")
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?;
        Ok((users, anonymous))
    }

    /// Every like and dislike, oldest first, with the message it answered
    /// (the reply's parent, whichever variant is shown).
    pub async fn all_feedback(&self) -> Result<Vec<FeedbackRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT u.name AS name, f.conversation_id AS conversation, c.model AS model, f.seq AS seq, \
             f.rating AS rating, f.comment AS comment, r.content AS reply, f.created_ms AS created_ms, \
             COALESCE((SELECT p.content FROM messages p WHERE p.conversation_id = f.conversation_id \
               AND p.node = r.parent_node AND p.role = 'user'), '') AS prompt \
             FROM feedback f JOIN conversations c ON c.id = f.conversation_id JOIN users u ON u.id = c.owner \
             JOIN messages r ON r.conversation_id = f.conversation_id AND r.seq = f.seq \
             ORDER BY f.created_ms, f.conversation_id, f.seq",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(FeedbackRecord {
                    user: row.try_get("name")?,
                    conversation: row.try_get("conversation")?,
                    model: row.try_get("model")?,
                    seq: row.try_get("seq")?,
                    rating: row.try_get("rating")?,
                    comment: row.try_get("comment")?,
                    prompt: row.try_get("prompt")?,
                    reply: row.try_get("reply")?,
                    created_ms: row.try_get("created_ms")?,
                })
            })
            .collect()
    }
}

fn account(row: &sqlx::any::AnyRow) -> Result<Account, StoreError> {
    let id: String = row.try_get("id")?;
    Ok(Account {
        id: UserId::parse(&id).ok_or_else(|| StoreError::Corrupt(format!("a malformed user id {id:?}")))?,
        name: row.try_get::<Option<String>, _>("name")?.unwrap_or_default(),
        password_hash: row.try_get("password_hash")?,
        is_admin: row.try_get::<i64, _>("is_admin")? != 0,
    })
}
