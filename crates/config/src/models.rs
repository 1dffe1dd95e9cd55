//! The models a conversation can pick from: the embedded model (`[model]`)
//! and models on HTTP servers (`[providers.NAME]` plus `[[models]]`).
//!
//! ```toml
//! [providers.openai]
//! kind = "openai"                      # openai | anthropic | ollama
//! base_url = "https://api.openai.com/v1"
//! api_key_env = "OPENAI_API_KEY"       # read at start-up; never shown
//!
//! [[models]]
//! id = "gpt-4o-mini"                   # what the picker shows and sends
//! provider = "openai"
//! fallback = "smollm2-135m-instruct"   # optional
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ConfigError;

/// The wire protocol a provider speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    /// OpenAI Chat Completions and the many servers compatible with it.
    #[serde(alias = "openai-compatible")]
    OpenAi,
    Anthropic,
    Ollama,
}

/// A model server reached over HTTP.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProviderConfig {
    pub kind: ProviderKind,
    /// `https://api.openai.com/v1`, `https://api.anthropic.com`,
    /// `http://localhost:11434`, …
    pub base_url: String,
    /// The environment variable holding the API key (preferred: keeps the
    /// key out of files).
    pub api_key_env: Option<String>,
    /// The API key itself.
    pub api_key: Option<String>,
    /// Extra headers sent with every request.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// How long connecting to the server may take (seconds).
    #[serde(default = "defaults::connect")]
    pub connect_timeout_secs: f64,
    /// From the request to the first piece of output.
    #[serde(default = "defaults::first_token")]
    pub first_token_timeout_secs: f64,
    /// The longest silence once a reply has started.
    #[serde(default = "defaults::idle")]
    pub idle_timeout_secs: f64,
    /// Retries before the first token (never after).
    #[serde(default = "defaults::retries")]
    pub max_retries: u32,
    /// The first wait between retries; doubled each time.
    #[serde(default = "defaults::backoff")]
    pub retry_backoff_secs: f64,
    /// The longest wait between retries, `retry-after` included.
    #[serde(default = "defaults::max_wait")]
    pub max_retry_wait_secs: f64,
}

mod defaults {
    pub fn connect() -> f64 {
        10.0
    }
    pub fn first_token() -> f64 {
        120.0
    }
    pub fn idle() -> f64 {
        60.0
    }
    pub fn retries() -> u32 {
        2
    }
    pub fn backoff() -> f64 {
        0.5
    }
    pub fn max_wait() -> f64 {
        20.0
    }
}

/// A model on one of the providers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModelEntry {
    /// Colloquy's name for it: shown in the picker, sent by the page.
    pub id: String,
    /// A key of `[providers]`.
    pub provider: String,
    /// The provider's name for the model; `id` when not set.
    pub model: Option<String>,
    /// What the picker shows; `id` when not set.
    pub label: Option<String>,
    /// Another model's id, used when this one fails before its first token.
    pub fallback: Option<String>,
    /// Attachments it can read besides text: "image", "audio".
    #[serde(default)]
    pub accepts: Vec<colloquy_core::MediaKind>,
    /// Its line: replies served at once (the provider's own limit, or what
    /// the account's rate allows), and how many may wait.
    #[serde(default)]
    pub queue: crate::QueueConfig,
}

impl ModelEntry {
    /// Model `model` of provider `provider`, known here by the same name.
    pub fn new(provider: impl Into<String>, model: impl Into<String>) -> Self {
        Self {
            id: model.into(),
            provider: provider.into(),
            model: None,
            label: None,
            fallback: None,
            accepts: Vec::new(),
            queue: crate::QueueConfig::default(),
        }
    }

    pub fn upstream_model(&self) -> &str {
        self.model.as_deref().unwrap_or(&self.id)
    }
}

impl ProviderConfig {
    /// A provider at `base_url` with the default timeouts and retries.
    pub fn new(kind: ProviderKind, base_url: impl Into<String>) -> Self {
        Self {
            kind,
            base_url: base_url.into(),
            api_key_env: None,
            api_key: None,
            headers: BTreeMap::new(),
            connect_timeout_secs: defaults::connect(),
            first_token_timeout_secs: defaults::first_token(),
            idle_timeout_secs: defaults::idle(),
            max_retries: defaults::retries(),
            retry_backoff_secs: defaults::backoff(),
            max_retry_wait_secs: defaults::max_wait(),
        }
    }

    /// The API key, read from the environment where configured.
    pub fn resolve_api_key(&self, name: &str) -> Result<Option<String>, ConfigError> {
        match (&self.api_key, &self.api_key_env) {
            (Some(_), Some(_)) => {
                Err(invalid(&format!("providers.{name}"), "api_key and api_key_env", "set one of them, not both"))
            }
            (Some(key), None) => Ok(Some(key.clone())),
            (None, Some(var)) => match std::env::var(var) {
                Ok(key) if !key.trim().is_empty() => Ok(Some(key.trim().to_string())),
                _ => Err(invalid(
                    &format!("providers.{name}.api_key_env"),
                    var,
                    "that environment variable is not set; export it before starting Colloquy",
                )),
            },
            (None, None) => Ok(None),
        }
    }

    pub(crate) fn validate(&self, name: &str) -> Result<(), ConfigError> {
        let setting = |field: &str| format!("providers.{name}.{field}");
        let url = url::Url::parse(&self.base_url).map_err(|e| {
            invalid(&setting("base_url"), &self.base_url, &format!("{e}; use a URL such as https://api.openai.com/v1"))
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid(&setting("base_url"), &self.base_url, "use an http:// or https:// URL"));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(invalid(&setting("base_url"), &self.base_url, "the URL needs a host"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(invalid(
                &setting("base_url"),
                "(hidden: it holds credentials)",
                "do not put credentials in the URL; use api_key_env",
            ));
        }
        if url.fragment().is_some() {
            return Err(invalid(&setting("base_url"), &self.base_url, "remove the #fragment"));
        }
        for (header, value) in &self.headers {
            let name_ok = http::HeaderName::from_bytes(header.as_bytes()).is_ok();
            if !name_ok {
                return Err(invalid(&setting("headers"), header, "not a valid HTTP header name"));
            }
            if matches!(
                header.to_ascii_lowercase().as_str(),
                "host" | "content-length" | "transfer-encoding" | "connection"
            ) {
                return Err(invalid(&setting("headers"), header, "Colloquy sets this header itself"));
            }
            if http::HeaderValue::from_str(value).is_err() {
                return Err(invalid(&setting("headers"), header, "its value has characters a header cannot carry"));
            }
        }
        if let Some(var) = &self.api_key_env {
            if var.is_empty() || var.contains('=') || var.contains('\0') {
                return Err(invalid(&setting("api_key_env"), var, "give the name of an environment variable"));
            }
        }
        if let Some(key) = &self.api_key {
            if http::HeaderValue::from_str(key).is_err() || key.trim().is_empty() {
                return Err(invalid(
                    &setting("api_key"),
                    "(hidden)",
                    "the key is empty or has characters a header cannot carry",
                ));
            }
        }
        for (field, secs) in [
            ("connect_timeout_secs", self.connect_timeout_secs),
            ("first_token_timeout_secs", self.first_token_timeout_secs),
            ("idle_timeout_secs", self.idle_timeout_secs),
            ("max_retry_wait_secs", self.max_retry_wait_secs),
        ] {
            if !(secs.is_finite() && secs > 0.0 && secs <= 86_400.0) {
                return Err(invalid(
                    &setting(field),
                    &secs.to_string(),
                    "use a number of seconds above 0 and at most 86400",
                ));
            }
        }
        if !(self.retry_backoff_secs.is_finite() && (0.0..=3600.0).contains(&self.retry_backoff_secs)) {
            return Err(invalid(
                &setting("retry_backoff_secs"),
                &self.retry_backoff_secs.to_string(),
                "use 0 to 3600 seconds",
            ));
        }
        if self.max_retries > 10 {
            return Err(invalid(&setting("max_retries"), &self.max_retries.to_string(), "use 0 to 10"));
        }
        // Resolving the key checks that its variable is set.
        self.resolve_api_key(name).map(|_| ())
    }
}

/// Checks a model id: short, printable, no spaces.
pub(crate) fn validate_model_id(setting: &str, id: &str) -> Result<(), ConfigError> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '/' | '@'));
    if ok {
        Ok(())
    } else {
        Err(invalid(setting, id, "use 1 to 64 letters, digits and - _ . : / @"))
    }
}

pub(crate) use crate::error::invalid;
use crate::QueueConfig;

/// A bot whose replies come from Rust code. The page offers it alone; the
/// models configured under `[model]` and `[[models]]` are the ones it may
/// call, `chat.default_model` the one it calls first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandlerConfig {
    /// Its id in URLs, logs and the API's model list.
    pub id: String,
    /// Attachments it reads besides text.
    pub accepts: Vec<colloquy_core::MediaKind>,
    /// How many replies it writes at once, how many may wait.
    pub queue: QueueConfig,
}

impl HandlerConfig {
    pub fn new(id: impl Into<String>) -> Self {
        Self { id: id.into(), accepts: Vec::new(), queue: QueueConfig { concurrency: 16, max_waiting: 64 } }
    }
}
