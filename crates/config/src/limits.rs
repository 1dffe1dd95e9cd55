//! `[limits]`: how often one person, and one address, may act, and how
//! many wait in line for a model.

use serde::{Deserialize, Serialize};

use crate::ConfigError;

/// A token bucket: `burst` at once, then one more every `every_secs`.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetConfig {
    /// How many at once (1 to 1000000).
    pub burst: u32,
    /// One more every this many seconds (0.001 to 86400).
    pub every_secs: f64,
}

impl BudgetConfig {
    const fn new(burst: u32, every_secs: f64) -> Self {
        Self { burst, every_secs }
    }

    fn validate(self, setting: &str) -> Result<(), ConfigError> {
        if !(1..=1_000_000).contains(&self.burst) {
            return Err(ConfigError::Invalid {
                setting: format!("limits.{setting}.burst"),
                value: self.burst.to_string(),
                why: "use 1 to 1000000".into(),
            });
        }
        if !(self.every_secs.is_finite() && (0.001..=86_400.0).contains(&self.every_secs)) {
            return Err(ConfigError::Invalid {
                setting: format!("limits.{setting}.every_secs"),
                value: self.every_secs.to_string(),
                why: "use 0.001 to 86400 seconds".into(),
            });
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct LimitsConfig {
    /// Replies started, per user.
    pub chat_per_user: BudgetConfig,
    /// Replies started, per client address (all its users together).
    pub chat_per_address: BudgetConfig,
    /// Files sent, per user.
    pub uploads_per_user: BudgetConfig,
    pub uploads_per_address: BudgetConfig,
    /// Sign-in and sign-up attempts, per account name tried.
    pub logins_per_account: BudgetConfig,
    pub logins_per_address: BudgetConfig,
    /// The playground's drafts and previews (each a model's reply), per user.
    pub playground_per_user: BudgetConfig,
    /// The same, per client address.
    pub playground_per_address: BudgetConfig,
    /// Bot files saved from the playground, per user.
    pub bot_saves_per_user: BudgetConfig,
    /// The same, per client address.
    pub bot_saves_per_address: BudgetConfig,
    /// Conversation imports, per user.
    pub imports_per_user: BudgetConfig,
    /// The same, per client address.
    pub imports_per_address: BudgetConfig,
    /// Searches of one's conversations (`/?q=`), per user.
    pub searches_per_user: BudgetConfig,
    /// The same, per client address.
    pub searches_per_address: BudgetConfig,
    /// Messages in one turn's history (the conversation so far).
    pub max_history_messages: usize,
    /// Places one user may hold at once in one model's line (waiting or
    /// being answered): a flood of parallel turns waits its turn behind
    /// everyone else's instead of filling the line.
    pub queue_places_per_user: usize,
    /// The same for one client address (all its users together; an IPv6
    /// client's whole /64).
    pub queue_places_per_address: usize,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        // A person chatting sends a few messages a minute; an address may
        // be a whole office behind one NAT, so it gets several people's worth.
        Self {
            chat_per_user: BudgetConfig::new(10, 6.0),
            chat_per_address: BudgetConfig::new(60, 1.0),
            uploads_per_user: BudgetConfig::new(20, 3.0),
            uploads_per_address: BudgetConfig::new(100, 0.5),
            logins_per_account: BudgetConfig::new(5, 60.0),
            logins_per_address: BudgetConfig::new(20, 15.0),
            playground_per_user: BudgetConfig::new(10, 6.0),
            playground_per_address: BudgetConfig::new(30, 2.0),
            bot_saves_per_user: BudgetConfig::new(5, 60.0),
            bot_saves_per_address: BudgetConfig::new(10, 30.0),
            imports_per_user: BudgetConfig::new(10, 30.0),
            imports_per_address: BudgetConfig::new(30, 10.0),
            searches_per_user: BudgetConfig::new(30, 1.0),
            searches_per_address: BudgetConfig::new(120, 0.25),
            max_history_messages: 1000,
            queue_places_per_user: 2,
            queue_places_per_address: 2,
        }
    }
}

impl LimitsConfig {
    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        self.chat_per_user.validate("chat_per_user")?;
        self.chat_per_address.validate("chat_per_address")?;
        self.uploads_per_user.validate("uploads_per_user")?;
        self.uploads_per_address.validate("uploads_per_address")?;
        self.logins_per_account.validate("logins_per_account")?;
        self.logins_per_address.validate("logins_per_address")?;
        self.playground_per_user.validate("playground_per_user")?;
        self.playground_per_address.validate("playground_per_address")?;
        self.bot_saves_per_user.validate("bot_saves_per_user")?;
        self.bot_saves_per_address.validate("bot_saves_per_address")?;
        self.imports_per_user.validate("imports_per_user")?;
        self.imports_per_address.validate("imports_per_address")?;
        self.searches_per_user.validate("searches_per_user")?;
        self.searches_per_address.validate("searches_per_address")?;
        for (setting, places) in [
            ("queue_places_per_user", self.queue_places_per_user),
            ("queue_places_per_address", self.queue_places_per_address),
        ] {
            if !(1..=100_000).contains(&places) {
                return Err(ConfigError::Invalid {
                    setting: format!("limits.{setting}"),
                    value: places.to_string(),
                    why: "use 1 to 100000".into(),
                });
            }
        }
        if !(2..=100_000).contains(&self.max_history_messages) {
            return Err(ConfigError::Invalid {
                setting: "limits.max_history_messages".into(),
                value: self.max_history_messages.to_string(),
                why: "use 2 to 100000".into(),
            });
        }
        Ok(())
    }
}

/// A model's line: how many replies it serves at once, how many may wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QueueConfig {
    /// Replies written at once.
    pub concurrency: usize,
    /// Replies that may wait their turn; past that a turn gets 503.
    pub max_waiting: usize,
}

impl Default for QueueConfig {
    /// For a model behind HTTP: a few at once, a line a few times longer.
    fn default() -> Self {
        Self { concurrency: 8, max_waiting: 64 }
    }
}

impl QueueConfig {
    pub(crate) fn validate(self, setting: &str) -> Result<(), ConfigError> {
        if !(1..=10_000).contains(&self.concurrency) {
            return Err(ConfigError::Invalid {
                setting: format!("{setting}.concurrency"),
                value: self.concurrency.to_string(),
                why: "use 1 to 10000".into(),
            });
        }
        if self.max_waiting > 100_000 {
            return Err(ConfigError::Invalid {
                setting: format!("{setting}.max_waiting"),
                value: self.max_waiting.to_string(),
                why: "use 0 (no line: busy at once) to 100000".into(),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::Config;

    #[test]
    fn limits_parse_and_are_checked() {
        let config = Config::from_toml("[limits]\nchat_per_user = { burst = 2, every_secs = 30 }").unwrap();
        config.validate().unwrap();
        assert_eq!(config.limits.chat_per_user.burst, 2);
        assert_eq!(config.limits.chat_per_user.every_secs, 30.0);
        assert_eq!(config.limits.logins_per_account.burst, 5, "the others keep their defaults");
        for bad in [
            "chat_per_user = { burst = 0, every_secs = 1 }",
            "uploads_per_address = { burst = 1, every_secs = 0 }",
            "logins_per_account = { burst = 1, every_secs = nan }",
            "max_history_messages = 1",
        ] {
            let config = Config::from_toml(&format!("[limits]\n{bad}")).unwrap();
            assert!(config.validate().unwrap_err().to_string().starts_with("limits."), "{bad}");
        }
        assert!(Config::from_toml("[limits]\nchat_per_user = { burst = 1 }").is_err(), "every_secs is needed");
    }

    #[test]
    fn the_checked_in_file_lists_the_defaults() {
        let file = Config::from_toml(include_str!("../../../colloquy.toml")).unwrap();
        assert_eq!(file.limits, Config::default().limits);
        assert_eq!(file.model.queue, Config::default().model.queue);
        assert_eq!(file.uploads, Config::default().uploads);
        assert_eq!(file.server, Config::default().server);
    }

    #[test]
    fn queues_are_checked() {
        let config = Config::from_toml("[model]\nqueue = { concurrency = 0, max_waiting = 4 }").unwrap();
        assert!(config.validate().unwrap_err().to_string().starts_with("model.queue.concurrency"));
        let config = Config::from_toml(
            "[providers.p]\nkind = \"openai\"\nbase_url = \"http://127.0.0.1:1/v1\"\n\
             [[models]]\nid = \"m\"\nprovider = \"p\"\nqueue = { concurrency = 2, max_waiting = 200000 }",
        )
        .unwrap();
        assert!(config.validate().unwrap_err().to_string().starts_with("models[0].queue.max_waiting"));
    }
}
