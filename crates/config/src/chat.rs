//! `[chat]`: the page's words, looks, examples and limits.

use serde::{Deserialize, Serialize};

use crate::appearance::{self, Avatars, Example, ExampleAction, Layout};
use crate::error::{invalid, ConfigError};

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ChatConfig {
    /// The page's heading and the browser tab's title.
    pub title: String,
    /// The model a new conversation starts with: an id from `[model]` or
    /// `[[models]]`. Default: the embedded model, else the first of `[[models]]`.
    pub default_model: Option<String>,
    /// The line under the title.
    pub description: String,
    /// What the model is told before every conversation; `{name}` is an
    /// additional input's value. Empty: none.
    pub system_prompt: Option<String>,
    /// Prompts offered on an empty chat: text, or `{ text, label, icon }`.
    pub examples: Vec<Example>,
    /// What clicking an example does: `send` it, or `fill` the input box.
    pub example_action: ExampleAction,
    /// The line above the examples on an empty chat.
    pub placeholder: String,
    pub layout: Layout,
    /// The accent colour (buttons, links, focus rings), e.g. `#2563eb`.
    pub theme_color: Option<String>,
    pub avatars: Avatars,
    /// Largest message a user may send, in bytes.
    pub max_message_bytes: usize,
    /// Largest whole conversation sent with a turn, in bytes.
    pub max_history_bytes: usize,
    /// How a new conversation gets its title.
    pub auto_title: TitleMode,
    /// Whether browsers may install the app: a web app manifest (this
    /// title, description and accent colour) and a service worker that
    /// keeps the app's own files and shows an offline page, never a
    /// conversation or an answer. Turned off, the worker a browser already
    /// has removes what it kept and itself.
    pub installable: bool,
}

/// How a new conversation is titled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TitleMode {
    /// The first words of the first message, at once.
    #[default]
    FirstWords,
    /// The first words at once, then a short title written by the
    /// conversation's model once its first reply is complete (unless the
    /// person renamed it meanwhile).
    Model,
}

impl Default for ChatConfig {
    fn default() -> Self {
        Self {
            title: "Colloquy".into(),
            default_model: None,
            description: "Chat with a small language model running right here on this server.".into(),
            system_prompt: Some("You are a helpful, concise assistant.".into()),
            examples: vec![
                "What is the capital of France?".into(),
                "Write a haiku about the sea.".into(),
                "Explain what a hash map is in two sentences.".into(),
            ],
            example_action: ExampleAction::Send,
            placeholder: "Ask anything, or start with an example:".into(),
            layout: Layout::Bubble,
            theme_color: None,
            avatars: Avatars::default(),
            max_message_bytes: 16 * 1024,
            max_history_bytes: 256 * 1024,
            auto_title: TitleMode::FirstWords,
            installable: true,
        }
    }
}

/// The accent colour of the page's styles (style/main.css) when the
/// configuration names none.
pub const DEFAULT_ACCENT: &str = "#2563eb";

impl ChatConfig {
    /// The accent colour: the configured one, else the styles' own.
    pub fn accent(&self) -> &str {
        self.theme_color.as_deref().unwrap_or(DEFAULT_ACCENT)
    }

    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        if !(1..=1024 * 1024).contains(&self.max_message_bytes) {
            return Err(invalid("chat.max_message_bytes", &self.max_message_bytes.to_string(), "use 1 to 1048576"));
        }
        if self.max_history_bytes < self.max_message_bytes {
            return Err(invalid(
                "chat.max_history_bytes",
                &self.max_history_bytes.to_string(),
                "must be at least chat.max_message_bytes",
            ));
        }
        if self.title.trim().is_empty() {
            return Err(invalid("chat.title", &self.title, "give the chat a title"));
        }
        if self.examples.len() > 20 {
            return Err(invalid("chat.examples", &format!("{} examples", self.examples.len()), "use at most 20"));
        }
        for (i, example) in self.examples.iter().enumerate() {
            appearance::validate_example(&format!("chat.examples[{i}]"), example)?;
        }
        if let Some(color) = &self.theme_color {
            appearance::validate_color("chat.theme_color", color)?;
        }
        if let Some(avatar) = &self.avatars.user {
            appearance::validate_avatar("chat.avatars.user", avatar)?;
        }
        if let Some(avatar) = &self.avatars.assistant {
            appearance::validate_avatar("chat.avatars.assistant", avatar)?;
        }
        Ok(())
    }
}
