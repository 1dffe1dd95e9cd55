//! What operators run the app with: metrics for Prometheus.

use serde::Deserialize;

use crate::ConfigError;

/// `[metrics]`: Prometheus metrics at `GET /metrics` (text format).
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
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
