//! The `[limits]` section as the limits crate's rate limiter. The mapping
//! lives here, where the app is put together, so the configuration crate
//! stays plain data and needs none of the limiter (nor Redis) to build.

use colloquy_config::{BudgetConfig, LimitsConfig};
use colloquy_limits::{Action, ActionBudgets, Budget, RateLimits};

/// One limiter for every action, each with the budgets configured for it.
pub fn rate_limits(limits: &LimitsConfig) -> RateLimits {
    RateLimits::new(|action| budgets(limits, action))
}

/// The per-user and per-address budgets of `action`.
pub fn budgets(limits: &LimitsConfig, action: Action) -> ActionBudgets {
    let (per_user, per_address) = match action {
        Action::Chat => (limits.chat_per_user, limits.chat_per_address),
        Action::Upload => (limits.uploads_per_user, limits.uploads_per_address),
        Action::Login => (limits.logins_per_account, limits.logins_per_address),
        Action::Playground => (limits.playground_per_user, limits.playground_per_address),
        Action::BotSave => (limits.bot_saves_per_user, limits.bot_saves_per_address),
        Action::Import => (limits.imports_per_user, limits.imports_per_address),
        Action::Search => (limits.searches_per_user, limits.searches_per_address),
    };
    ActionBudgets { per_user: budget(per_user), per_address: budget(per_address) }
}

fn budget(config: BudgetConfig) -> Budget {
    Budget { burst: config.burst, every: std::time::Duration::from_secs_f64(config.every_secs) }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use colloquy_config::Config;

    use super::*;

    #[test]
    fn each_action_gets_its_own_configured_budgets() {
        let config = Config::from_toml(
            "[limits]\nchat_per_user = { burst = 2, every_secs = 30 }\nsearches_per_address = { burst = 7, every_secs = 0.5 }",
        )
        .unwrap();
        let chat = budgets(&config.limits, Action::Chat);
        assert_eq!((chat.per_user.burst, chat.per_user.every), (2, Duration::from_secs(30)));
        let search = budgets(&config.limits, Action::Search);
        assert_eq!((search.per_address.burst, search.per_address.every), (7, Duration::from_millis(500)));
        let logins = budgets(&config.limits, Action::Login);
        assert_eq!(logins.per_user.burst, config.limits.logins_per_account.burst, "keyed by the account name");
    }
}
