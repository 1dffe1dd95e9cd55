//! `[storage]`: the database conversations are kept in.

use serde::{Deserialize, Serialize};

use crate::error::{invalid, ConfigError};

/// Where conversations are stored.
#[derive(Clone, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct StorageConfig {
    /// `sqlite:PATH` (embedded, the default) or `postgres://USER:PASSWORD@HOST/DB`
    /// (several server replicas sharing one database).
    pub url: String,
}

impl Default for StorageConfig {
    fn default() -> Self {
        Self { url: "sqlite:data/colloquy.db".into() }
    }
}

// The URL may hold a password: never printed whole.
impl std::fmt::Debug for StorageConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StorageConfig").field("url", &self.scheme()).finish()
    }
}

impl StorageConfig {
    /// The URL's scheme, safe to show: `sqlite`, `postgres`, or what was given.
    pub fn scheme(&self) -> &str {
        self.url.split(':').next().unwrap_or("")
    }
}

impl StorageConfig {
    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        if !matches!(self.scheme(), "sqlite" | "postgres" | "postgresql") {
            return Err(invalid(
                "storage.url",
                &format!("{}:…", self.scheme()),
                "use sqlite:PATH (embedded) or postgres://USER:PASSWORD@HOST/DATABASE",
            ));
        }
        Ok(())
    }
}
