//! What operators run the app with: metrics for Prometheus, logs, and
//! what several replicas behind a load balancer share.

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

/// `[replicas]`: several servers behind a load balancer. They share the
/// database (`storage.url` on PostgreSQL) for conversations and sessions,
/// and Redis for rate-limit budgets and the models' lines.
#[derive(Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ReplicasConfig {
    /// `redis://HOST:PORT/DB` (or `rediss://` for TLS): budgets and lines
    /// held there hold across every replica. Empty (the default): each
    /// server keeps its own, which is right for one server. If Redis stops
    /// answering, each server falls back to its own until it answers again.
    pub redis_url: String,
    /// How often this server tells the database it is alive (seconds). A
    /// replica silent for three beats is taken as gone: its unfinished
    /// replies are marked cut off, so their conversations can go on.
    pub heartbeat_secs: f64,
}

impl Default for ReplicasConfig {
    fn default() -> Self {
        Self { redis_url: String::new(), heartbeat_secs: 5.0 }
    }
}

// The URL may hold a password: only its scheme is printed.
impl std::fmt::Debug for ReplicasConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReplicasConfig")
            .field("redis_url", &self.redis_url.split(':').next().unwrap_or(""))
            .field("heartbeat_secs", &self.heartbeat_secs)
            .finish()
    }
}

impl ReplicasConfig {
    /// How long a replica may be silent before it is taken as gone.
    pub fn silent_after(&self) -> std::time::Duration {
        std::time::Duration::from_secs_f64(self.heartbeat_secs * 3.0)
    }

    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        let beat = self.heartbeat_secs;
        if !(beat.is_finite() && (0.1..=300.0).contains(&beat)) {
            return Err(ConfigError::Invalid {
                setting: "replicas.heartbeat_secs".into(),
                value: beat.to_string(),
                why: "use 0.1 to 300 seconds".into(),
            });
        }
        let url = &self.redis_url;
        if !(url.is_empty() || url.starts_with("redis://") || url.starts_with("rediss://")) {
            return Err(ConfigError::Invalid {
                setting: "replicas.redis_url".into(),
                value: format!("{}:…", url.split(':').next().unwrap_or("")),
                why: "use redis://HOST:PORT/DB or rediss://… (or leave it empty for one server)".into(),
            });
        }
        Ok(())
    }
}
