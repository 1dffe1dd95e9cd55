//! Token buckets per user and per client address, one pair for each kind
//! of action: a burst allowed at once, then one more every so often. A
//! person who uses up chat turns can still sign in, and a flood from one
//! address leaves everyone else's budgets untouched.
//!
//! With [`SharedState`] the buckets are kept in Redis, so a budget is one
//! budget across every replica; if Redis fails, each server falls back to
//! its own buckets until Redis answers again.

use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};

use crate::shared::{LogThrottle, SharedState};

type Keyed<K> = RateLimiter<K, DefaultKeyedStateStore<K>, DefaultClock>;

/// How many at once, and how fast they come back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub burst: u32,
    pub every: Duration,
}

/// What is being limited; each has budgets of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Starting a reply (a chat turn, a regeneration).
    Chat,
    /// Sending a file.
    Upload,
    /// Trying a name and password (or signing up). Keyed by the account
    /// name tried (normalised) rather than by a user.
    Login,
    /// The playground's drafts and previews: each costs a model's reply.
    Playground,
    /// Saving a bot file from the playground (a write to the bots folder).
    BotSave,
    /// Importing conversations (a large body parsed and stored).
    Import,
    /// Searching one's conversations (`GET /?q=`).
    Search,
}

impl Action {
    /// Every action, in the order their budgets are listed.
    pub const ALL: [Action; 7] = [
        Action::Chat,
        Action::Upload,
        Action::Login,
        Action::Playground,
        Action::BotSave,
        Action::Import,
        Action::Search,
    ];

    /// The action's name: in Redis keys and the metrics.
    pub fn key(self) -> &'static str {
        match self {
            Action::Chat => "chat",
            Action::Upload => "upload",
            Action::Login => "login",
            Action::Playground => "playground",
            Action::BotSave => "bot_save",
            Action::Import => "import",
            Action::Search => "search",
        }
    }
}

/// The key an address's budget is kept under. An IPv6 client is given a
/// whole /64 (one customer's network, where it can pick any address of
/// 2^64 at will), so its budget is its /64's; IPv4 written as IPv6 is the
/// IPv4 address.
pub fn address_key(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(std::net::Ipv6Addr::from(prefix))
            }
        },
    }
}

/// Refused: try again after this long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limited {
    pub retry_after: Duration,
}

impl Limited {
    /// Whole seconds to wait, at least one (what `Retry-After` says).
    pub fn retry_after_secs(&self) -> u64 {
        let secs = self.retry_after.as_secs() + u64::from(self.retry_after.subsec_nanos() > 0);
        secs.max(1)
    }
}

/// The budgets of one action: per user (or account name) and per address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionBudgets {
    pub per_user: Budget,
    pub per_address: Budget,
}

struct Buckets {
    budgets: ActionBudgets,
    users: Keyed<String>,
    addresses: Keyed<IpAddr>,
    /// Requests refused so far, for the metrics.
    refused: std::sync::atomic::AtomicU64,
}

impl Buckets {
    fn new(budgets: ActionBudgets) -> Self {
        Self {
            budgets,
            users: RateLimiter::keyed(quota(budgets.per_user)),
            addresses: RateLimiter::keyed(quota(budgets.per_address)),
            refused: std::sync::atomic::AtomicU64::new(0),
        }
    }

    fn counted(&self, taken: Result<(), Limited>) -> Result<(), Limited> {
        if taken.is_err() {
            self.refused.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        taken
    }

    fn forget_idle(&self) {
        self.users.retain_recent();
        self.addresses.retain_recent();
        self.users.shrink_to_fit();
        self.addresses.shrink_to_fit();
    }

    fn keys(&self) -> usize {
        self.users.len() + self.addresses.len()
    }
}

fn take<K: Hash + Eq + Clone>(limiter: &Keyed<K>, key: &K) -> Result<(), Limited> {
    limiter
        .check_key(key)
        .map_err(|not_until| Limited { retry_after: not_until.wait_time_from(DefaultClock::default().now()) })
}

fn quota(budget: Budget) -> Quota {
    let burst = NonZeroU32::new(budget.burst).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(budget.every.max(Duration::from_millis(1)))
        .unwrap_or(Quota::per_second(NonZeroU32::MIN))
        .allow_burst(burst)
}

/// Every action's buckets.
pub struct RateLimits {
    /// In the order of [`Action::ALL`].
    buckets: Vec<Buckets>,
    shared: Option<SharedState>,
    /// Redis's failure is logged once a minute.
    warn: LogThrottle,
}

impl std::fmt::Debug for RateLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimits").field("keys", &self.keys()).finish()
    }
}

impl RateLimits {
    /// Each action's budgets, as `budgets` gives them.
    pub fn new(budgets: impl Fn(Action) -> ActionBudgets) -> Self {
        Self {
            buckets: Action::ALL.iter().map(|&action| Buckets::new(budgets(action))).collect(),
            shared: None,
            warn: LogThrottle::new(Duration::from_secs(60)),
        }
    }

    /// The same budgets, kept in Redis: one budget across every replica.
    pub fn shared(mut self, state: SharedState) -> Self {
        self.shared = Some(state);
        self
    }

    /// Takes one `action` for `user` (for logins, the account name tried;
    /// compared case-insensitively) from `address`, or says how long to
    /// wait. Without an address (a test's in-process call) only the user's
    /// budget applies.
    pub async fn check(&self, action: Action, user: &str, address: Option<IpAddr>) -> Result<(), Limited> {
        // The address first: a flood from one place is refused before it
        // can use up the budget of the names it tries.
        if let Some(address) = address {
            self.check_address(action, address).await?;
        }
        self.check_user(action, user).await
    }

    /// Takes one `action` from `address` only: checked before the request
    /// costs anything (such as making an anonymous user), with
    /// [`check_user`](Self::check_user) once the user is known.
    pub async fn check_address(&self, action: Action, address: IpAddr) -> Result<(), Limited> {
        let buckets = self.buckets(action);
        let address = address_key(address);
        let taken = match self.take_shared(action, "a", &address.to_string(), buckets.budgets.per_address).await {
            Some(taken) => taken,
            None => take(&buckets.addresses, &address),
        };
        buckets.counted(taken)
    }

    /// Takes one `action` for `user` only (see [`check_address`](Self::check_address)).
    pub async fn check_user(&self, action: Action, user: &str) -> Result<(), Limited> {
        let buckets = self.buckets(action);
        let user = user.to_lowercase();
        let taken = match self.take_shared(action, "u", &user, buckets.budgets.per_user).await {
            Some(taken) => taken,
            None => take(&buckets.users, &user),
        };
        buckets.counted(taken)
    }

    /// Redis, when the budgets are kept there.
    pub fn shared_state(&self) -> Option<&SharedState> {
        self.shared.as_ref()
    }

    /// How many `action` requests were refused since the start.
    pub fn refused(&self, action: Action) -> u64 {
        self.buckets(action).refused.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Takes from the bucket in Redis; `None` when there is none, or Redis
    /// failed (then this server's own bucket answers).
    async fn take_shared(&self, action: Action, kind: &str, key: &str, budget: Budget) -> Option<Result<(), Limited>> {
        let shared = self.shared.as_ref()?;
        match shared.take(&format!("{}:{kind}:{key}", action.key()), budget.burst, budget.every).await {
            Ok(None) => Some(Ok(())),
            Ok(Some(retry_after)) => Some(Err(Limited { retry_after })),
            Err(e) => {
                if self.warn.due() {
                    tracing::warn!("{e}; this server's own rate limits apply meanwhile");
                }
                None
            }
        }
    }

    /// Forgets keys whose buckets are full again, so memory follows the
    /// people active lately rather than everyone ever seen.
    pub fn forget_idle(&self) {
        for buckets in &self.buckets {
            buckets.forget_idle();
        }
    }

    /// Keys held (users and addresses, over all actions).
    pub fn keys(&self) -> usize {
        self.buckets.iter().map(Buckets::keys).sum()
    }

    fn buckets(&self, action: Action) -> &Buckets {
        let index = Action::ALL.iter().position(|&a| a == action).unwrap_or(0);
        &self.buckets[index]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budgets(user: u32, address: u32) -> ActionBudgets {
        ActionBudgets {
            per_user: Budget { burst: user, every: Duration::from_secs(60) },
            per_address: Budget { burst: address, every: Duration::from_secs(60) },
        }
    }

    #[tokio::test]
    async fn each_user_and_each_address_has_its_own_budget() {
        let limits = RateLimits::new(|action| if action == Action::Chat { budgets(3, 5) } else { budgets(1, 1) });
        let here: IpAddr = "192.0.2.1".parse().unwrap();
        let there: IpAddr = "192.0.2.2".parse().unwrap();
        for _ in 0..3 {
            limits.check(Action::Chat, "Alice", Some(here)).await.unwrap();
        }
        // Alice is used up, from anywhere, however her name is spelled.
        let refused = limits.check(Action::Chat, "alice", Some(there)).await.unwrap_err();
        assert!(refused.retry_after > Duration::from_secs(1) && refused.retry_after <= Duration::from_secs(60));
        assert!((2..=60).contains(&refused.retry_after_secs()));
        // Someone else is fine, until this address has used its five.
        limits.check(Action::Chat, "bob", Some(here)).await.unwrap();
        limits.check(Action::Chat, "carol", Some(here)).await.unwrap();
        assert!(limits.check(Action::Chat, "dave", Some(here)).await.is_err());
        limits.check(Action::Chat, "dave", Some(there)).await.unwrap();
    }

    #[tokio::test]
    async fn actions_do_not_share_budgets() {
        let limits = RateLimits::new(|_| budgets(1, 10));
        limits.check(Action::Chat, "alice", None).await.unwrap();
        assert!(limits.check(Action::Chat, "alice", None).await.is_err());
        limits.check_user(Action::Upload, "alice").await.unwrap();
        limits.check(Action::Login, "alice", None).await.unwrap();
        let here: IpAddr = "192.0.2.1".parse().unwrap();
        limits.check_address(Action::Upload, here).await.unwrap();
        limits.check(Action::Upload, "bob", Some(here)).await.unwrap();
        assert!(limits.check_user(Action::Upload, "alice").await.is_err());
        assert!(limits.check(Action::Login, "ALICE", None).await.is_err());
    }

    #[tokio::test]
    async fn an_ipv6_client_cannot_escape_its_budget_by_changing_address_within_its_64() {
        let limits = RateLimits::new(|_| budgets(100, 3));
        // Every request from a fresh address of the same /64.
        for i in 0..3u16 {
            let address: IpAddr = format!("2001:db8:1:2::{i:x}").parse().unwrap();
            limits.check_address(Action::Chat, address).await.unwrap();
        }
        let next: IpAddr = "2001:db8:1:2:ffff:eeee:dddd:cccc".parse().unwrap();
        assert!(limits.check_address(Action::Chat, next).await.is_err(), "a new address in the same /64 got through");
        // Another /64 has its own budget; IPv4 written as IPv6 is IPv4.
        limits.check_address(Action::Chat, "2001:db8:1:3::1".parse().unwrap()).await.unwrap();
        assert_eq!(address_key("::ffff:192.0.2.7".parse().unwrap()), "192.0.2.7".parse::<IpAddr>().unwrap());
        assert_eq!(address_key("192.0.2.7".parse().unwrap()), "192.0.2.7".parse::<IpAddr>().unwrap());
    }

    #[tokio::test]
    async fn a_budget_comes_back_with_time_and_idle_keys_are_forgotten() {
        let quick = ActionBudgets {
            per_user: Budget { burst: 1, every: Duration::from_millis(50) },
            per_address: Budget { burst: 100, every: Duration::from_millis(1) },
        };
        let limits = RateLimits::new(|_| quick);
        limits.check(Action::Chat, "alice", None).await.unwrap();
        let refused = limits.check(Action::Chat, "alice", None).await.unwrap_err();
        assert!(refused.retry_after <= Duration::from_millis(50));
        assert_eq!(refused.retry_after_secs(), 1, "never asks to wait zero seconds");
        tokio::time::sleep(Duration::from_millis(60)).await;
        limits.check(Action::Chat, "alice", None).await.unwrap();
        assert_eq!(limits.keys(), 1);
        // Governor keeps a key until one period after its bucket is full.
        tokio::time::sleep(Duration::from_millis(150)).await;
        limits.forget_idle();
        assert_eq!(limits.keys(), 0);
    }
}
