//! Password hashes: argon2id with the crate's defaults (19 MiB, 2 passes,
//! one lane: OWASP's recommended minimum), in the PHC string format, so
//! the parameters travel with each hash and can be raised later.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use password_hash::rand_core::OsRng;

/// The shortest and longest passwords taken, in characters and bytes.
pub const MIN_CHARS: usize = 8;
pub const MAX_BYTES: usize = 1024;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PasswordError {
    #[error("a password needs at least {MIN_CHARS} characters")]
    TooShort,
    #[error("a password can be at most {MAX_BYTES} bytes")]
    TooLong,
    #[error("the password could not be hashed: {0}")]
    Hash(String),
}

/// Hashes a new password (checked for length). Slow by design (tens of
/// milliseconds): call it off the async runtime.
pub fn hash(password: &str) -> Result<String, PasswordError> {
    if password.chars().count() < MIN_CHARS {
        return Err(PasswordError::TooShort);
    }
    if password.len() > MAX_BYTES {
        return Err(PasswordError::TooLong);
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| PasswordError::Hash(e.to_string()))
}

/// Whether `password` matches `hash`. With no hash (no such user), a hash
/// is checked anyway, so an unknown name takes as long as a wrong password
/// and timing does not tell which names exist. Slow: off the runtime.
pub fn verify(password: &str, hash: Option<&str>) -> bool {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let dummy = DUMMY.get_or_init(|| self::hash("not anyone's password").unwrap_or_default());
    let (stored, real) = match hash {
        Some(hash) => (hash, true),
        None => (dummy.as_str(), false),
    };
    if password.len() > MAX_BYTES {
        return false;
    }
    let Ok(parsed) = PasswordHash::new(stored) else { return false };
    Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok() && real
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_only_their_password() {
        let hash = hash("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$v=19$"), "{hash}");
        assert!(verify("correct horse battery", Some(&hash)));
        assert!(!verify("correct horse batterY", Some(&hash)));
        assert!(!verify("correct horse battery", None));
        assert!(!verify("anything", Some("not a hash")));
        // Salted: the same password hashes differently each time.
        assert_ne!(hash, super::hash("correct horse battery").unwrap());
        assert_eq!(super::hash("short"), Err(PasswordError::TooShort));
        assert_eq!(super::hash(&"x".repeat(MAX_BYTES + 1)), Err(PasswordError::TooLong));
    }
}
