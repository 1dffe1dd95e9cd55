//! `[server]`: where the app listens, the proxies it believes, who may
//! frame or call it, and how long it waits for slow clients and replies.

use std::net::SocketAddr;

use serde::{Deserialize, Serialize};

use crate::error::{invalid, ConfigError};

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    /// Address and port to listen on.
    pub listen: SocketAddr,
    /// How long a reply keeps going after its browser disconnects, waiting
    /// for it to reattach; after that the model's request is dropped.
    pub reattach_grace_secs: f64,
    /// Reverse proxies in front of the app (addresses or networks such as
    /// `127.0.0.1` or `10.0.0.0/8`): only from these are `X-Forwarded-For`
    /// and `auth.proxy_header` believed.
    pub trusted_proxies: Vec<String>,
    /// Who may show the app in a frame (CSP `frame-ancestors`): origins
    /// such as `https://example.com`, or `'self'` / `'none'`. Empty: only
    /// this app itself.
    pub frame_ancestors: Vec<String>,
    /// Send `Strict-Transport-Security` with this max-age (seconds). Only
    /// for an app reached over HTTPS.
    pub hsts_max_age_secs: Option<u64>,
    /// Other sites' origins (`https://example.com`) whose pages may call
    /// this app's API from the browser, with cookies (CORS), and post to it.
    /// Empty (the default): none; requests that change something are taken
    /// only from the app's own pages. Never `*` or `null`. Behind a proxy
    /// that changes the `Host` header, list the public origin here.
    pub cors_origins: Vec<String>,
    /// How long a client has to send a request's headers (from its first
    /// byte). A slowloris client, trickling a header a minute to hold a
    /// connection open, is cut off after this.
    pub header_timeout_secs: f64,
    /// On SIGTERM (or Ctrl-C) the server stops taking connections and lets
    /// the replies in flight finish for up to this long (seconds); those
    /// still running are then ended, saved as interrupted with what they
    /// had, and the process exits. Keep it under the orchestrator's own
    /// grace (Kubernetes: 30 s by default).
    pub shutdown_grace_secs: f64,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 3000)),
            reattach_grace_secs: 10.0,
            trusted_proxies: Vec::new(),
            frame_ancestors: Vec::new(),
            hsts_max_age_secs: None,
            cors_origins: Vec::new(),
            header_timeout_secs: 10.0,
            shutdown_grace_secs: 25.0,
        }
    }
}

impl ServerConfig {
    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        let grace = self.reattach_grace_secs;
        if !(grace.is_finite() && (0.0..=3600.0).contains(&grace)) {
            return Err(invalid("server.reattach_grace_secs", &grace.to_string(), "use 0 to 3600 seconds"));
        }
        let headers = self.header_timeout_secs;
        if !(headers.is_finite() && (0.1..=300.0).contains(&headers)) {
            return Err(invalid("server.header_timeout_secs", &headers.to_string(), "use 0.1 to 300 seconds"));
        }
        let grace = self.shutdown_grace_secs;
        if !(grace.is_finite() && (0.0..=3600.0).contains(&grace)) {
            return Err(invalid("server.shutdown_grace_secs", &grace.to_string(), "use 0 to 3600 seconds"));
        }
        for entry in &self.trusted_proxies {
            if colloquy_auth::client::TrustedProxies::parse(std::slice::from_ref(entry)).is_err() {
                return Err(invalid(
                    "server.trusted_proxies",
                    entry,
                    "use an address (10.0.0.1) or a network (10.0.0.0/8)",
                ));
            }
        }
        for entry in &self.frame_ancestors {
            if !is_frame_ancestor(entry) {
                return Err(invalid(
                    "server.frame_ancestors",
                    entry,
                    "use an origin such as https://example.com (or 'self' / 'none')",
                ));
            }
        }
        validate_origins("server.cors_origins", &self.cors_origins)
    }
}

/// Each of `origins` an exact origin.
pub(crate) fn validate_origins(setting: &str, origins: &[String]) -> Result<(), ConfigError> {
    match origins.iter().find(|entry| !is_origin(entry)) {
        Some(entry) => Err(invalid(
            setting,
            entry,
            "use an origin such as https://example.com: a scheme and a host, an optional port, no path; never * or null",
        )),
        None => Ok(()),
    }
}

/// A CSP source a frame ancestor may be: `'self'`, `'none'`, or an http(s)
/// origin (host, optional port; no path, no spaces or separators that
/// would end the directive).
pub(crate) fn is_frame_ancestor(entry: &str) -> bool {
    if entry == "'self'" || entry == "'none'" {
        return true;
    }
    let Some(rest) = entry.strip_prefix("https://").or_else(|| entry.strip_prefix("http://")) else {
        return false;
    };
    !rest.is_empty()
        && rest.len() <= 253
        && rest.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'*'))
}

/// An exact http(s) origin, as browsers send it in `Origin`: lowercase
/// scheme and host, an optional port, nothing else (no wildcard, path, or
/// trailing slash).
pub(crate) fn is_origin(entry: &str) -> bool {
    let Some(rest) = entry.strip_prefix("https://").or_else(|| entry.strip_prefix("http://")) else {
        return false;
    };
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    };
    crate::markdown::is_host_name(host)
        && host.bytes().all(|b| !b.is_ascii_uppercase())
        && port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()))
}
