//! How to reach one model server. Built from configuration, which validates
//! it at start-up; nothing here comes from a user of the page.

use std::fmt;
use std::time::Duration;

use http::header::{HeaderName, HeaderValue};
use url::Url;

/// Which wire protocol a server speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `POST {base_url}/chat/completions`, server-sent events.
    OpenAi,
    /// `POST {base_url}/v1/messages`, server-sent events.
    Anthropic,
    /// `POST {base_url}/api/chat`, newline-delimited JSON.
    Ollama,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::OpenAi => "openai",
            Kind::Anthropic => "anthropic",
            Kind::Ollama => "ollama",
        }
    }
}

/// A secret that never prints: `Debug` and `Display` show `[redacted]`.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }

    /// `text` with every occurrence of the key replaced, for quoting what a
    /// provider said (some echo part of the key back).
    pub(crate) fn scrub(&self, text: &str) -> String {
        if self.0.len() < 4 {
            return text.to_string();
        }
        let mut out = text.replace(&self.0, "[redacted]");
        // Providers often echo a prefix and suffix ("sk-abc***xyz"); hide
        // any long run of the key's leading characters too.
        let prefix: String = self.0.chars().take(12).collect();
        if prefix.len() >= 8 {
            out = out.replace(&prefix, "[redacted]");
        }
        out
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// The three waits of a streamed request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Opening the TCP (and TLS) connection.
    pub connect: Duration,
    /// From sending the request to the first piece of output.
    pub first_token: Duration,
    /// Between two chunks of bytes once the response has started.
    pub idle: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self { connect: Duration::from_secs(10), first_token: Duration::from_secs(120), idle: Duration::from_secs(60) }
    }
}

/// Retries happen only before the first piece of output: after that a
/// retry would repeat text the user already has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 = never retry).
    pub max_retries: u32,
    /// The first wait; each retry doubles it.
    pub backoff: Duration,
    /// The longest single wait, `retry-after` included. A provider asking
    /// for longer gets a clear error instead of a hanging request.
    pub max_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self { max_retries: 2, backoff: Duration::from_millis(500), max_wait: Duration::from_secs(20) }
    }
}

impl RetryPolicy {
    /// The wait before retry number `retry` (1-based).
    pub(crate) fn backoff_for(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.saturating_sub(1));
        self.backoff.saturating_mul(factor).min(self.max_wait)
    }
}

/// One model server.
#[derive(Debug, Clone)]
pub struct ProviderSettings {
    /// The name used in configuration, logs and error messages.
    pub name: String,
    pub kind: Kind,
    /// Where the API lives, e.g. `https://api.openai.com/v1`.
    pub base_url: Url,
    pub api_key: Option<ApiKey>,
    /// Sent with every request (organisation ids, gateway headers, …).
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub timeouts: Timeouts,
    pub retry: RetryPolicy,
}

impl ProviderSettings {
    pub fn new(name: impl Into<String>, kind: Kind, base_url: Url) -> Self {
        Self {
            name: name.into(),
            kind,
            base_url,
            api_key: None,
            headers: Vec::new(),
            timeouts: Timeouts::default(),
            retry: RetryPolicy::default(),
        }
    }

    /// The full URL of the chat endpoint.
    pub fn endpoint(&self) -> String {
        let base = self.base_url.as_str().trim_end_matches('/');
        let path = match self.kind {
            Kind::OpenAi => "/chat/completions",
            Kind::Anthropic => "/v1/messages",
            Kind::Ollama => "/api/chat",
        };
        format!("{base}{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_never_print() {
        let key = ApiKey::new("sk-live-0123456789abcdef");
        assert_eq!(format!("{key:?}"), "[redacted]");
        let echoed = "Incorrect API key provided: sk-live-0123***cdef. You can find your key…";
        assert!(!key.scrub(echoed).contains("sk-live-0123"));
        assert!(!key.scrub("key sk-live-0123456789abcdef bad").contains("0123456789abcdef"));
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let policy =
            RetryPolicy { max_retries: 5, backoff: Duration::from_millis(100), max_wait: Duration::from_millis(350) };
        let waits: Vec<_> = (1..=4).map(|n| policy.backoff_for(n).as_millis()).collect();
        assert_eq!(waits, [100, 200, 350, 350]);
    }

    #[test]
    fn endpoints_join_without_double_slashes() {
        let s = ProviderSettings::new("o", Kind::OpenAi, Url::parse("https://api.openai.com/v1/").unwrap());
        assert_eq!(s.endpoint(), "https://api.openai.com/v1/chat/completions");
        let s = ProviderSettings::new("a", Kind::Anthropic, Url::parse("https://api.anthropic.com").unwrap());
        assert_eq!(s.endpoint(), "https://api.anthropic.com/v1/messages");
        let s = ProviderSettings::new("l", Kind::Ollama, Url::parse("http://localhost:11434").unwrap());
        assert_eq!(s.endpoint(), "http://localhost:11434/api/chat");
    }
}
