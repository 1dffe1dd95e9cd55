//! Login attempts, limited per account name and per client address with
//! token buckets: a burst of tries, then one every so often. A guesser is
//! slowed on each account it tries and from each address it uses.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::DefaultClock;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};

type Keyed<K> = RateLimiter<K, DefaultKeyedStateStore<K>, DefaultClock>;

/// How many attempts are allowed at once, and how fast they come back.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub burst: u32,
    pub every: Duration,
}

pub struct LoginThrottle {
    accounts: Keyed<String>,
    addresses: Keyed<IpAddr>,
}

impl std::fmt::Debug for LoginThrottle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LoginThrottle")
    }
}

/// Refused: try again after this long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttled {
    pub retry_after: Duration,
}

fn quota(budget: Budget) -> Quota {
    let burst = NonZeroU32::new(budget.burst.max(1)).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(budget.every.max(Duration::from_millis(1)))
        .unwrap_or(Quota::per_second(NonZeroU32::MIN))
        .allow_burst(burst)
}

impl LoginThrottle {
    pub fn new(per_account: Budget, per_address: Budget) -> Self {
        Self { accounts: RateLimiter::keyed(quota(per_account)), addresses: RateLimiter::keyed(quota(per_address)) }
    }

    /// Takes one attempt for `account` from `address`, or says how long to
    /// wait. Names are compared case-insensitively (as they sign in).
    pub fn attempt(&self, account: &str, address: Option<IpAddr>) -> Result<(), Throttled> {
        let clock = governor::clock::DefaultClock::default();
        use governor::clock::Clock;
        if let Some(address) = address {
            if let Err(not_until) = self.addresses.check_key(&address) {
                return Err(Throttled { retry_after: not_until.wait_time_from(clock.now()) });
            }
        }
        if let Err(not_until) = self.accounts.check_key(&account.to_lowercase()) {
            return Err(Throttled { retry_after: not_until.wait_time_from(clock.now()) });
        }
        Ok(())
    }

    /// Forgets keys whose buckets are full again (call now and then).
    pub fn forget_idle(&self) {
        self.accounts.retain_recent();
        self.addresses.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_account_and_each_address_has_its_own_budget() {
        let budget = Budget { burst: 3, every: Duration::from_secs(60) };
        let throttle = LoginThrottle::new(budget, Budget { burst: 5, every: Duration::from_secs(60) });
        let here: IpAddr = "192.0.2.1".parse().unwrap();
        let there: IpAddr = "192.0.2.2".parse().unwrap();
        for _ in 0..3 {
            throttle.attempt("Alice", Some(here)).unwrap();
        }
        // The account is used up, from anywhere, however it is spelled.
        let refused = throttle.attempt("alice", Some(there)).unwrap_err();
        assert!(refused.retry_after > Duration::from_secs(1) && refused.retry_after <= Duration::from_secs(60));
        // Another account is fine, until this address has used its five.
        throttle.attempt("bob", Some(here)).unwrap();
        throttle.attempt("carol", Some(here)).unwrap();
        assert!(throttle.attempt("dave", Some(here)).is_err());
        throttle.attempt("dave", Some(there)).unwrap();
    }
}
