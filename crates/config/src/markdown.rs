//! `[markdown]`: how replies are rendered, and the only hosts their
//! images may come from.

use serde::{Deserialize, Serialize};

use crate::error::{invalid, ConfigError};

/// How messages are rendered.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// `$…$` and `$$…$$` are math.
    pub math_dollars: bool,
    /// `\(…\)` and `\[…\]` are math.
    pub math_brackets: bool,
    /// A single line break is a break (chat style), not a space (CommonMark).
    pub line_breaks: bool,
    /// Allow base64 `data:` images (PNG, JPEG, GIF, WebP) in replies.
    pub data_images: bool,
    /// Hosts (such as `images.example.com`) whose `https:` images replies
    /// may show. Empty: none. Any other image URL loads nothing (a
    /// prompt-injected reply could put the conversation in its URL); the
    /// page's Content-Security-Policy `img-src` lists the same hosts.
    pub image_hosts: Vec<String>,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        Self {
            math_dollars: true,
            math_brackets: true,
            line_breaks: false,
            data_images: false,
            image_hosts: Vec::new(),
        }
    }
}

impl MarkdownConfig {
    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        for host in &self.image_hosts {
            if !is_host_name(host) {
                return Err(invalid(
                    "markdown.image_hosts",
                    host,
                    "use host names such as images.example.com (no scheme, port, path or wildcard)",
                ));
            }
        }
        Ok(())
    }
}

/// A DNS host name: dot-separated labels of letters, digits and `-`.
pub(crate) fn is_host_name(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}
