//! Why a configuration cannot be used: each error names the setting, the
//! value and what to use instead.

use std::path::PathBuf;

/// Why the configuration cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("config file {path} is invalid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{setting} = {value:?} is not valid: {why}")]
    Invalid { setting: String, value: String, why: String },
}

/// A setting whose value cannot be used, and why.
pub(crate) fn invalid(setting: &str, value: &str, why: &str) -> ConfigError {
    ConfigError::Invalid { setting: setting.to_string(), value: value.to_string(), why: why.to_string() }
}
