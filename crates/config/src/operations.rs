//! What operators run the app with: metrics for Prometheus, and logs.

use serde::{Deserialize, Serialize};

use crate::ConfigError;

/// `[metrics]`: Prometheus metrics at `GET /metrics` (text format).
#[derive(Clone, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct MetricsConfig {
    /// Serve `/metrics`. Off (the default), it is 404.
    pub enabled: bool,
    /// If set, a scrape must send `Authorization: Bearer TOKEN` (else 401).
    /// Without it anyone who reaches the app reads the metrics: fine on a
    /// private network, not on a public address.
    pub bearer_token: Option<String>,
}

// The token is a secret: never printed.
impl std::fmt::Debug for MetricsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MetricsConfig")
            .field("enabled", &self.enabled)
            .field("bearer_token", &self.bearer_token.as_ref().map(|_| "(set)"))
            .finish()
    }
}

impl MetricsConfig {
    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        if let Some(token) = &self.bearer_token {
            let printable = token.bytes().all(|b| b.is_ascii_graphic());
            if token.len() < 16 || !printable {
                return Err(ConfigError::Invalid {
                    setting: "metrics.bearer_token".into(),
                    value: "(hidden)".into(),
                    why: "use at least 16 printable characters without spaces, such as the output of `openssl rand -hex 16`".into(),
                });
            }
        }
        Ok(())
    }
}

/// `[logging]`: how the log is written (`RUST_LOG` picks what is written).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct LoggingConfig {
    pub format: LogFormat,
    /// Also log each turn's message text (debugging a bot). Off, no message
    /// or reply text is ever logged.
    pub message_text: bool,
}

/// One line per event: for people (`text`) or for a log pipeline (`json`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}
