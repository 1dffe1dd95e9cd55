//! `[widget]`: the embeddable chat and the sites that may embed it.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::error::ConfigError;

/// The embeddable widget: one script tag and a `<colloquy-chat>` element
/// put the chat on another site's page, talking to this server through the
/// OpenAI-compatible API.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct WidgetConfig {
    /// Origins (`https://example.com`) whose pages may embed the widget:
    /// they may load its files and call `/v1/` from the browser (CORS,
    /// without cookies). Empty (the default): none. With `auth.mode =
    /// "open"` their visitors chat without a key, each address within the
    /// page's chat budgets; otherwise the element must carry an API key.
    pub hosts: Vec<String>,
    /// The built widget (`trunk build` writes it here), served at
    /// `/widget/`. Apart from the site folder, which each `cargo leptos`
    /// build empties.
    pub dir: PathBuf,
}

impl Default for WidgetConfig {
    fn default() -> Self {
        Self { hosts: Vec::new(), dir: PathBuf::from("target/widget") }
    }
}

impl WidgetConfig {
    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        crate::server::validate_origins("widget.hosts", &self.hosts)
    }
}
