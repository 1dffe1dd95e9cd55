//! `[auth]`: who people are, and how long a browser stays signed in.

use serde::{Deserialize, Serialize};

use crate::ConfigError;

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct AuthConfig {
    pub mode: AuthMode,
    /// A session unused for this long ends (hours).
    pub idle_timeout_hours: f64,
    /// A session ends this long after it began, however much it is used
    /// (hours).
    pub absolute_timeout_hours: f64,
    /// Mark the session cookie `Secure` (sent over HTTPS only). Turn on
    /// whenever the app is reached over HTTPS, directly or through a proxy.
    pub secure_cookies: bool,
    /// `password` mode: whether people may create their own accounts (else
    /// only `colloquy user add` makes them).
    pub signup: bool,
    /// `proxy` mode: the header the authenticating proxy puts the user's
    /// name in. Believed only from `server.trusted_proxies`.
    pub proxy_header: String,
    /// `proxy` mode: names that are administrators (the proxy vouches for
    /// the name). Ignored in `password` mode, where admins are made with
    /// `colloquy user add --admin`: anyone who signed up with a listed
    /// name would otherwise be one. With `signup` on, naming admins is
    /// refused at start-up.
    pub admins: Vec<String>,
    /// Password hashes (argon2id: tens of milliseconds of a core and
    /// 19 MiB each) computed at once; a flood of sign-ins waits its turn
    /// rather than taking every core and much memory.
    pub password_hashes_at_once: usize,
}

/// How people are identified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum AuthMode {
    /// No login: each browser gets an anonymous identity of its own, kept
    /// in its session cookie, and sees only its own conversations.
    #[default]
    Open,
    /// Accounts with passwords (argon2id hashes); sign in at `/login`.
    Password,
    /// An authenticating reverse proxy (oauth2-proxy and the like) names
    /// the user in a header; requests that did not come through it are
    /// refused.
    Proxy,
}

impl AuthMode {
    pub fn as_str(self) -> &'static str {
        match self {
            AuthMode::Open => "open",
            AuthMode::Password => "password",
            AuthMode::Proxy => "proxy",
        }
    }
}

impl Default for AuthConfig {
    fn default() -> Self {
        // Anonymous identities live in the cookie: a month unused, a year
        // at most, before a browser starts over with no conversations.
        Self {
            mode: AuthMode::Open,
            idle_timeout_hours: 30.0 * 24.0,
            absolute_timeout_hours: 365.0 * 24.0,
            secure_cookies: false,
            signup: false,
            proxy_header: "X-Forwarded-User".into(),
            admins: Vec::new(),
            password_hashes_at_once: 2,
        }
    }
}

impl AuthConfig {
    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        let hours = |setting: &str, value: f64| {
            if value.is_finite() && (0.1..=24.0 * 3650.0).contains(&value) {
                Ok(())
            } else {
                Err(ConfigError::Invalid {
                    setting: setting.into(),
                    value: value.to_string(),
                    why: "use 0.1 to 87600 hours (ten years)".into(),
                })
            }
        };
        hours("auth.idle_timeout_hours", self.idle_timeout_hours)?;
        hours("auth.absolute_timeout_hours", self.absolute_timeout_hours)?;
        if self.idle_timeout_hours > self.absolute_timeout_hours {
            return Err(ConfigError::Invalid {
                setting: "auth.idle_timeout_hours".into(),
                value: self.idle_timeout_hours.to_string(),
                why: "must not be longer than auth.absolute_timeout_hours".into(),
            });
        }
        if !(1..=64).contains(&self.password_hashes_at_once) {
            return Err(ConfigError::Invalid {
                setting: "auth.password_hashes_at_once".into(),
                value: self.password_hashes_at_once.to_string(),
                why: "use 1 to 64".into(),
            });
        }
        if self.mode == AuthMode::Password && self.signup && !self.admins.is_empty() {
            return Err(ConfigError::Invalid {
                setting: "auth.admins".into(),
                value: self.admins.join(", "),
                why: "with auth.signup on, anyone could sign up under an admin's name; make admins with \
                      `colloquy user add --admin NAME` and leave auth.admins empty (it is for proxy mode)"
                    .into(),
            });
        }
        if http_header_name(&self.proxy_header).is_none() {
            return Err(ConfigError::Invalid {
                setting: "auth.proxy_header".into(),
                value: self.proxy_header.clone(),
                why: "use a header name such as X-Forwarded-User".into(),
            });
        }
        Ok(())
    }

    /// Whether `name` is named an administrator here: in `proxy` mode
    /// only (see [`admins`](Self::admins)).
    pub fn is_listed_admin(&self, name: &str) -> bool {
        self.mode == AuthMode::Proxy && self.admins.iter().any(|admin| admin.eq_ignore_ascii_case(name))
    }

    /// Whether the account `name` (empty for an anonymous user), flagged
    /// admin in the database or not, may open the admin page.
    pub fn is_admin(&self, name: &str, flagged: bool) -> bool {
        flagged || (!name.is_empty() && self.is_listed_admin(name))
    }

    pub fn idle_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs_f64(self.idle_timeout_hours * 3600.0)
    }

    pub fn absolute_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs_f64(self.absolute_timeout_hours * 3600.0)
    }
}

/// A header name: letters, digits and `-`, 1 to 100 of them.
fn http_header_name(name: &str) -> Option<&str> {
    let ok = !name.is_empty() && name.len() <= 100 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    ok.then_some(name)
}
