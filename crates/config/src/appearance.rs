//! How the chat page looks: layout, avatars, accent colour, examples.

use serde::{Deserialize, Serialize};

use crate::ConfigError;

/// Bubbles (chat-app style) or full-width panels (document style).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    #[default]
    Bubble,
    Panel,
}

/// What clicking an example does.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExampleAction {
    /// Send it at once.
    #[default]
    Send,
    /// Put it in the input box to edit first.
    Fill,
}

/// An example prompt: a plain string, or a table with a label and icon.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Example {
    Text(String),
    Full {
        text: String,
        /// Shown instead of the text.
        label: Option<String>,
        /// An emoji or a few characters shown before the label.
        icon: Option<String>,
    },
}

impl Example {
    pub fn text(&self) -> &str {
        match self {
            Example::Text(text) | Example::Full { text, .. } => text,
        }
    }

    pub fn label(&self) -> Option<&str> {
        match self {
            Example::Full { label, .. } => label.as_deref(),
            Example::Text(_) => None,
        }
    }

    pub fn icon(&self) -> Option<&str> {
        match self {
            Example::Full { icon, .. } => icon.as_deref(),
            Example::Text(_) => None,
        }
    }
}

impl From<&str> for Example {
    fn from(text: &str) -> Self {
        Example::Text(text.to_string())
    }
}

/// Avatars: an emoji or a few characters, or an image URL (`https://…`, or
/// a path such as `/bot.png` for a file in `public/`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Avatars {
    /// Beside the person's messages.
    pub user: Option<String>,
    /// Beside the replies.
    pub assistant: Option<String>,
}

fn invalid(setting: &str, value: &str, why: &str) -> ConfigError {
    ConfigError::Invalid { setting: setting.into(), value: value.into(), why: why.into() }
}

/// `#rgb` or `#rrggbb`: safe to put into a style attribute as it is.
pub(crate) fn validate_color(setting: &str, color: &str) -> Result<(), ConfigError> {
    let hex = color.strip_prefix('#').unwrap_or("");
    if matches!(hex.len(), 3 | 6) && hex.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(invalid(setting, color, "use a hex colour such as #2563eb"))
    }
}

/// An avatar is an image URL (http(s), or a site path) or up to 8
/// characters of text.
pub(crate) fn validate_avatar(setting: &str, avatar: &str) -> Result<(), ConfigError> {
    let is_url = avatar.starts_with("https://") || avatar.starts_with("http://");
    let is_path = avatar.starts_with('/') && !avatar.starts_with("//");
    if is_url || is_path {
        let ok = !avatar.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\'));
        return if ok { Ok(()) } else { Err(invalid(setting, avatar, "the URL has characters it cannot have")) };
    }
    if avatar.is_empty() || avatar.chars().count() > 8 || avatar.chars().any(char::is_control) {
        return Err(invalid(
            setting,
            avatar,
            "use an image URL, a /path in public/, or up to 8 characters such as an emoji",
        ));
    }
    Ok(())
}

pub(crate) fn validate_example(setting: &str, example: &Example) -> Result<(), ConfigError> {
    if example.text().trim().is_empty() {
        return Err(invalid(setting, example.text(), "an example needs text"));
    }
    if example.icon().is_some_and(|i| i.chars().count() > 8) {
        return Err(invalid(setting, example.icon().unwrap_or(""), "an icon is an emoji or up to 8 characters"));
    }
    Ok(())
}
