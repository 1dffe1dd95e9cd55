//! API keys: bearer secrets for programs calling the OpenAI-compatible API
//! as one user. A key is `cq-` and 64 hex digits (256 random bits); it is
//! shown once, when made, and found again only by its hash (see
//! `secrets`), so neither the database nor the page can give it back.
//! Revoking deletes it; the next request with it is refused.

use sqlx::Row;

use crate::{now_ms, Refused, Store, StoreError, UserId};

/// What a key's secret starts with, so scanners (and people) recognise one.
pub const API_KEY_PREFIX: &str = "cq-";

/// The most keys one user may hold.
pub const MAX_KEYS_PER_USER: i64 = 20;

/// The longest key name, in characters.
pub const MAX_KEY_NAME_CHARS: usize = 64;

/// A key as its owner sees it in the page: never the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeySummary {
    pub id: String,
    pub name: String,
    /// The secret's first characters (`cq-1a2b3c…`).
    pub prefix: String,
    pub created_ms: i64,
    pub last_used_ms: Option<i64>,
}

/// A key just made: the secret, to show once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApiKey {
    pub summary: ApiKeySummary,
    pub secret: String,
}

/// A time in milliseconds as a UTC date, `YYYY-MM-DD`, as the keys page
/// shows it.
pub fn utc_date(ms: i64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|at| at.format(&format).ok())
        .unwrap_or_default()
}

/// Whether `text` has a key's form (checked before any lookup).
pub fn is_api_key(text: &str) -> bool {
    text.strip_prefix(API_KEY_PREFIX)
        .is_some_and(|hex| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
}

impl Store {
    /// Makes `owner` a key called `name` (trimmed, 1 to 64 characters, no
    /// control characters).
    pub async fn create_api_key(&self, owner: &UserId, name: &str) -> Result<NewApiKey, StoreError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > MAX_KEY_NAME_CHARS || name.chars().any(char::is_control) {
            return Err(Refused::BadKeyName.into());
        }
        let held: i64 = sqlx::query("SELECT COUNT(*) FROM api_keys WHERE owner = $1")
            .bind(owner.as_str())
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?;
        if held >= MAX_KEYS_PER_USER {
            return Err(Refused::TooManyKeys.into());
        }
        let (a, b) = (uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
        let secret = format!("{API_KEY_PREFIX}{}{}", a.simple(), b.simple());
        let summary = ApiKeySummary {
            id: uuid::Uuid::new_v4().simple().to_string(),
            name: name.to_string(),
            prefix: format!("{}…", &secret[..API_KEY_PREFIX.len() + 6]),
            created_ms: now_ms(),
            last_used_ms: None,
        };
        sqlx::query(
            "INSERT INTO api_keys (id, owner, name, prefix, secret_hash, created_ms) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&summary.id)
        .bind(owner.as_str())
        .bind(&summary.name)
        .bind(&summary.prefix)
        .bind(crate::secrets::lookup_key(&secret))
        .bind(summary.created_ms)
        .execute(&self.pool)
        .await?;
        Ok(NewApiKey { summary, secret })
    }

    /// `owner`'s keys, oldest first.
    pub async fn api_keys(&self, owner: &UserId) -> Result<Vec<ApiKeySummary>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, name, prefix, created_ms, last_used_ms FROM api_keys WHERE owner = $1 ORDER BY created_ms, id",
        )
        .bind(owner.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ApiKeySummary {
                    id: row.try_get("id")?,
                    name: row.try_get("name")?,
                    prefix: row.try_get("prefix")?,
                    created_ms: row.try_get("created_ms")?,
                    last_used_ms: row.try_get("last_used_ms")?,
                })
            })
            .collect()
    }

    /// Deletes `owner`'s key `id`; someone else's key is not found.
    pub async fn revoke_api_key(&self, owner: &UserId, id: &str) -> Result<(), StoreError> {
        let done = sqlx::query("DELETE FROM api_keys WHERE id = $1 AND owner = $2")
            .bind(id)
            .bind(owner.as_str())
            .execute(&self.pool)
            .await?;
        match done.rows_affected() {
            0 => Err(StoreError::NotFound),
            _ => Ok(()),
        }
    }

    /// The user a key belongs to, noting its use; `NotFound` for a key
    /// that is malformed, revoked or never was.
    pub async fn api_key_user(&self, secret: &str) -> Result<UserId, StoreError> {
        if !is_api_key(secret) {
            return Err(StoreError::NotFound);
        }
        let hash = crate::secrets::lookup_key(secret);
        let row = sqlx::query("SELECT owner FROM api_keys WHERE secret_hash = $1")
            .bind(&hash)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        let owner: String = row.try_get("owner")?;
        sqlx::query("UPDATE api_keys SET last_used_ms = $1 WHERE secret_hash = $2")
            .bind(now_ms())
            .bind(&hash)
            .execute(&self.pool)
            .await?;
        UserId::parse(&owner).ok_or(StoreError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_days() {
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(1_796_256_000_000 - 1), "2026-12-02");
    }

    #[test]
    fn the_key_form_is_checked() {
        assert!(is_api_key(&format!("cq-{}", "a1".repeat(32))));
        assert!(!is_api_key(&format!("cq-{}", "A1".repeat(32))));
        assert!(!is_api_key(&format!("sk-{}", "a1".repeat(32))));
        assert!(!is_api_key("cq-abc"));
    }

    #[tokio::test]
    async fn a_key_finds_its_owner_until_revoked() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(&format!("sqlite:{}/keys.db", dir.path().display())).await.unwrap();
        let alice = store.create_user(Some("alice"), None).await.unwrap();
        let bob = store.create_user(Some("bob"), None).await.unwrap();
        let key = store.create_api_key(&alice, "  laptop ").await.unwrap();
        assert!(is_api_key(&key.secret));
        assert_eq!(key.summary.name, "laptop");
        assert!(key.secret.starts_with(key.summary.prefix.trim_end_matches('…')));
        assert_eq!(store.api_key_user(&key.secret).await.unwrap(), alice);
        let listed = store.api_keys(&alice).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert!(listed[0].last_used_ms.is_some(), "use is noted");
        assert!(store.api_keys(&bob).await.unwrap().is_empty());

        // Only its owner revokes it; then it finds nobody.
        assert!(matches!(store.revoke_api_key(&bob, &key.summary.id).await, Err(StoreError::NotFound)));
        store.revoke_api_key(&alice, &key.summary.id).await.unwrap();
        assert!(matches!(store.api_key_user(&key.secret).await, Err(StoreError::NotFound)));
        // A near miss finds nobody either.
        let other = store.create_api_key(&alice, "x").await.unwrap();
        let mut near = other.secret.clone();
        near.replace_range(near.len() - 1.., if near.ends_with('0') { "1" } else { "0" });
        assert!(matches!(store.api_key_user(&near).await, Err(StoreError::NotFound)));
    }

    #[tokio::test]
    async fn names_and_counts_are_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(&format!("sqlite:{}/keys.db", dir.path().display())).await.unwrap();
        let alice = store.create_user(None, None).await.unwrap();
        for bad in ["", "   ", "tab\there", &"x".repeat(65)] {
            assert!(matches!(store.create_api_key(&alice, bad).await, Err(StoreError::Refused(_))), "{bad:?}");
        }
        for i in 0..MAX_KEYS_PER_USER {
            store.create_api_key(&alice, &format!("k{i}")).await.unwrap();
        }
        assert!(matches!(store.create_api_key(&alice, "one more").await, Err(StoreError::Refused(_))));
    }
}
