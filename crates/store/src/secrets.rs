//! Bearer secrets (session ids, share tokens) are looked up by their
//! SHA-256, never by their own bytes. An index search compares keys byte
//! by byte, so its timing could tell an attacker how much of a guess is
//! right; compared as hashes, a guess's prefix says nothing about the
//! secret's. And a copy of the database holds no session anyone can use.

use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::{Store, StoreError};

/// The lookup key of a secret: 64 lowercase hex digits.
pub(crate) fn lookup_key(secret: &str) -> String {
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

impl Store {
    /// Gives rows stored before secrets were hashed their hash: session
    /// ids (22 characters of base64; a hash is 64) and share tokens
    /// without a `token_hash`. Nobody is logged out, no link breaks.
    pub(crate) async fn hash_legacy_secrets(&self) -> Result<(), StoreError> {
        self.hash_each("SELECT id FROM sessions WHERE length(id) <> 64", "UPDATE sessions SET id = $1 WHERE id = $2")
            .await?;
        self.hash_each(
            "SELECT token FROM shares WHERE token_hash IS NULL",
            "UPDATE shares SET token_hash = $1, token = $1 WHERE token = $2",
        )
        .await
    }

    /// For each secret `select` finds (its one column), runs `update` with
    /// the secret's lookup key as `$1` and the secret as `$2`.
    async fn hash_each(&self, select: &str, update: &str) -> Result<(), StoreError> {
        for row in sqlx::query(select).fetch_all(&self.pool).await? {
            let secret: String = row.try_get(0)?;
            sqlx::query(update).bind(lookup_key(&secret)).bind(&secret).execute(&self.pool).await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::lookup_key;

    #[test]
    fn the_key_is_the_sha256_in_hex() {
        assert_eq!(lookup_key("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
