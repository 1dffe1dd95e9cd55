//! The limits held in Redis, seen from several replicas at once (each a
//! `SharedState` of its own, as each server process has). Needs Redis:
//! `eval "$(scripts/redis.sh start)"` sets `COLLOQUY_TEST_REDIS_URL`.

use std::time::Duration;

use colloquy_limits::queue::Place;
use colloquy_limits::rate::ActionBudgets;
use colloquy_limits::{Action, Budget, FairQueue, QueueFull, RateLimits, SharedState};

fn redis_url() -> Option<String> {
    match std::env::var("COLLOQUY_TEST_REDIS_URL") {
        Ok(url) => Some(url),
        Err(_) if std::env::var("COLLOQUY_SKIP_REDIS").as_deref() == Ok("1") => {
            eprintln!("skipped (COLLOQUY_SKIP_REDIS=1)");
            None
        }
        Err(_) => panic!("set COLLOQUY_TEST_REDIS_URL (scripts/redis.sh starts one) or COLLOQUY_SKIP_REDIS=1"),
    }
}

/// A name no other test, nor another run of these tests, uses.
fn unique(what: &str) -> String {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("{what}-{}-{nanos}-{}", std::process::id(), NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
}

async fn replica(url: &str, name: &str) -> SharedState {
    SharedState::connect(url, &unique(name), Duration::from_millis(100)).await.unwrap()
}

fn budgets(user: u32, address: u32) -> ActionBudgets {
    ActionBudgets {
        per_user: Budget { burst: user, every: Duration::from_secs(60) },
        per_address: Budget { burst: address, every: Duration::from_secs(60) },
    }
}

#[tokio::test]
async fn a_budget_is_one_budget_across_replicas() {
    let Some(url) = redis_url() else { return };
    let one = RateLimits::new(|action| if action == Action::Chat { budgets(3, 100) } else { budgets(1, 1) })
        .shared(replica(&url, "a").await);
    let two = RateLimits::new(|action| if action == Action::Chat { budgets(3, 100) } else { budgets(1, 1) })
        .shared(replica(&url, "b").await);
    let alice = unique("alice");
    one.check_user(Action::Chat, &alice).await.unwrap();
    two.check_user(Action::Chat, &alice).await.unwrap();
    one.check_user(Action::Chat, &alice.to_uppercase()).await.unwrap();
    // Three taken, wherever: both refuse, with a wait within the period.
    for limits in [&one, &two] {
        let refused = limits.check_user(Action::Chat, &alice).await.unwrap_err();
        assert!(refused.retry_after > Duration::from_secs(15) && refused.retry_after <= Duration::from_secs(60));
    }
    assert_eq!((one.refused(Action::Chat), two.refused(Action::Chat)), (1, 1));
    // Another action's budget, and another person's, are untouched.
    two.check_user(Action::Upload, &alice).await.unwrap();
    one.check_user(Action::Chat, &unique("bob")).await.unwrap();
}

#[tokio::test]
async fn a_shared_budget_comes_back_with_time() {
    let Some(url) = redis_url() else { return };
    let quick = ActionBudgets {
        per_user: Budget { burst: 2, every: Duration::from_millis(200) },
        per_address: Budget { burst: 100, every: Duration::from_millis(1) },
    };
    let one = RateLimits::new(|_| quick).shared(replica(&url, "a").await);
    let two = RateLimits::new(|_| quick).shared(replica(&url, "b").await);
    let here: std::net::IpAddr = "192.0.2.7".parse().unwrap();
    let carol = unique("carol");
    one.check(Action::Login, &carol, Some(here)).await.unwrap();
    two.check(Action::Login, &carol, Some(here)).await.unwrap();
    let refused = one.check(Action::Login, &carol, Some(here)).await.unwrap_err();
    assert!(refused.retry_after <= Duration::from_millis(200), "{refused:?}");
    tokio::time::sleep(refused.retry_after + Duration::from_millis(20)).await;
    two.check(Action::Login, &carol, Some(here)).await.unwrap();
    assert!(one.check(Action::Login, &carol, Some(here)).await.is_err());
}

#[tokio::test]
async fn a_shared_line_keeps_one_order_and_one_bound_across_replicas() {
    let Some(url) = redis_url() else { return };
    let name = unique("model");
    let one = FairQueue::new(1, 2).shared(replica(&url, "a").await, &name);
    let two = FairQueue::new(1, 2).shared(replica(&url, "b").await, &name);
    let serving = one.join().await.unwrap().admit().expect("a free line serves at once");
    let mut first = two.join().await.unwrap();
    let mut second = one.join().await.unwrap();
    assert_eq!((first.place(), second.place()), (Place::Waiting(1), Place::Waiting(2)));
    assert_eq!(two.join().await.unwrap_err(), QueueFull { waiting: 2 });
    assert_eq!((one.serving(), one.waiting(), two.waiting()), (1, 1, 1));
    // The one served on replica one finishes: the first in line, on
    // replica two, goes in; the second moves up.
    drop(serving);
    let moved = tokio::time::timeout(Duration::from_secs(2), first.moved_from(Some(Place::Waiting(1)))).await;
    assert_eq!(moved.unwrap(), Place::Admitted);
    let moved = tokio::time::timeout(Duration::from_secs(2), second.moved_from(Some(Place::Waiting(2)))).await;
    assert_eq!(moved.unwrap(), Place::Waiting(1));
    let _served = first.admit().unwrap();
    assert_eq!((two.serving(), two.waiting(), one.waiting()), (1, 0, 1));
    // Giving up leaves the line: room for one more again.
    drop(second);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let _third = two.join().await.unwrap();
}

/// A replica killed while holding a place: its places go when its key
/// expires (three beats), and the line moves on.
#[test]
fn a_dead_replicas_places_are_dropped() {
    let Some(url) = redis_url() else { return };
    let name = unique("model");
    let doomed = tokio::runtime::Runtime::new().unwrap();
    doomed.block_on(async {
        let line = FairQueue::new(1, 4).shared(replica(&url, "doomed").await, &name);
        let permit = line.join().await.unwrap().admit().unwrap();
        // Killed: it never gives its place back, and stops beating.
        std::mem::forget(permit);
    });
    drop(doomed);
    let alive = tokio::runtime::Runtime::new().unwrap();
    alive.block_on(async {
        let line = FairQueue::new(1, 4).shared(replica(&url, "alive").await, &name);
        let mut ticket = line.join().await.unwrap();
        assert_eq!(ticket.place(), Place::Waiting(1), "the dead replica's place still counts for now");
        let moved = tokio::time::timeout(Duration::from_secs(3), ticket.moved_from(Some(Place::Waiting(1)))).await;
        assert_eq!(moved.expect("its place expires within three beats"), Place::Admitted);
    });
}

/// Redis failing must not stop the app: each server's own budgets and
/// line answer meanwhile. Redis is made to refuse this client's scripts
/// (an ACL user whose scripting is taken away), a real Redis error.
#[tokio::test]
async fn when_redis_fails_each_server_falls_back_to_its_own() {
    let Some(url) = redis_url() else { return };
    let user = unique("tester");
    let mut admin = redis::Client::open(url.as_str()).unwrap().get_multiplexed_async_connection().await.unwrap();
    let acl = |rules: &[&str]| {
        let mut command = redis::cmd("ACL");
        command.arg("SETUSER").arg(&user);
        for rule in rules {
            command.arg(*rule);
        }
        command
    };
    let _: () = acl(&["on", ">a-test-password", "~*", "&*", "+@all"]).query_async(&mut admin).await.unwrap();
    let as_user = url.replacen("redis://", &format!("redis://{user}:a-test-password@"), 1);
    let state = SharedState::connect(&as_user, &unique("a"), Duration::from_millis(100)).await.unwrap();
    let limits = RateLimits::new(|action| if action == Action::Chat { budgets(1, 100) } else { budgets(1, 1) })
        .shared(state.clone());
    let line = FairQueue::new(1, 0).shared(state, &unique("model"));
    let dave = unique("dave");
    limits.check_user(Action::Chat, &dave).await.unwrap();
    assert!(limits.check_user(Action::Chat, &dave).await.is_err(), "Redis's budget is used up");

    let _: () = acl(&["-@scripting"]).query_async(&mut admin).await.unwrap();
    // This server's own bucket, untouched so far, answers: one, then no.
    limits.check_user(Action::Chat, &dave).await.unwrap();
    assert!(limits.check_user(Action::Chat, &dave).await.is_err());
    // And its own line.
    let _serving = line.join().await.unwrap().admit().unwrap();
    assert_eq!(line.join().await.unwrap_err(), QueueFull { waiting: 0 });

    let _: () = redis::cmd("ACL").arg("DELUSER").arg(&user).query_async(&mut admin).await.unwrap();
    // A Redis that does not answer at all fails start-up, with the setting named.
    let gone = SharedState::connect("redis://127.0.0.1:1/0", "x", Duration::from_millis(100)).await.unwrap_err();
    assert!(gone.to_string().contains("replicas.redis_url"), "{gone}");
}

/// Thirty people waiting on one replica cost Redis one look every 25 ms,
/// not thirty; and each still hears its own place move.
#[tokio::test]
async fn a_replicas_waiting_places_are_looked_at_together() {
    let Some(url) = redis_url() else { return };
    let state = replica(&url, "a").await;
    let line = FairQueue::new(1, 40).shared(state.clone(), &unique("model"));
    let serving = line.join().await.unwrap().admit().expect("a free line serves at once");
    let mut waiters = Vec::new();
    for n in 1..=30 {
        let mut ticket = line.join().await.unwrap();
        assert_eq!(ticket.place(), Place::Waiting(n));
        waiters.push(tokio::spawn(async move {
            let moved = ticket.moved_from(Some(Place::Waiting(n))).await;
            (n, moved)
        }));
    }
    let before = state.polls();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let polls = state.polls() - before;
    // 500 ms at one look every 25 ms: about 20, whatever the waiters.
    assert!((5..=30).contains(&polls), "{polls} looks in 500 ms for 30 waiting places");
    drop(serving);
    for waiter in waiters {
        let (n, moved) = tokio::time::timeout(Duration::from_secs(2), waiter).await.unwrap().unwrap();
        let expected = if n == 1 { Place::Admitted } else { Place::Waiting(n - 1) };
        assert_eq!(moved, expected);
    }
}
