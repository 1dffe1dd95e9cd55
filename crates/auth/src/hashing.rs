//! Password hashing off the async runtime, a few at a time.
//!
//! Each argon2id hash takes tens of milliseconds of a core and 19 MiB of
//! memory. Without a bound, a flood of sign-in attempts (each refused only
//! after its hash, so that timing tells nothing) would start as many hashes
//! as requests arrive and take every core and a great deal of memory; with
//! one, the flood waits its turn and everything else goes on.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::sync::Semaphore;

use crate::passwords::{self, PasswordError};

/// Hashes and verifies passwords, at most `permits` at once.
#[derive(Debug, Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
    gauge: Arc<Gauge>,
}

/// How many hashes run now, and the most that ever ran at once.
#[derive(Debug, Default)]
struct Gauge {
    now: AtomicUsize,
    peak: AtomicUsize,
}

impl Hasher {
    /// At most `permits` hashes at once (at least one).
    pub fn new(permits: usize) -> Self {
        Self { permits: Arc::new(Semaphore::new(permits.max(1))), gauge: Arc::default() }
    }

    /// Whether `password` matches `hash` (see [`passwords::verify`]).
    pub async fn verify(&self, password: String, hash: Option<String>) -> bool {
        self.run(move || passwords::verify(&password, hash.as_deref())).await.unwrap_or(false)
    }

    /// A new hash of `password` (see [`passwords::hash`]).
    pub async fn hash(&self, password: String) -> Result<String, PasswordError> {
        self.run(move || passwords::hash(&password))
            .await
            .unwrap_or_else(|| Err(PasswordError::Hash("the hashing task failed".into())))
    }

    /// The most hashes that ran at once since the start.
    pub fn peak(&self) -> usize {
        self.gauge.peak.load(Ordering::Relaxed)
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
        // The semaphore is never closed, so a permit always comes.
        let _permit = self.permits.acquire().await.ok()?;
        let gauge = self.gauge.clone();
        tokio::task::spawn_blocking(move || {
            let running = gauge.now.fetch_add(1, Ordering::SeqCst) + 1;
            gauge.peak.fetch_max(running, Ordering::SeqCst);
            let out = work();
            gauge.now.fetch_sub(1, Ordering::SeqCst);
            out
        })
        .await
        .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_flood_of_sign_ins_hashes_a_few_at_a_time() {
        let hasher = Hasher::new(2);
        let hash = hasher.hash("correct horse battery".into()).await.unwrap();
        let flood: Vec<_> = (0..24)
            .map(|i| {
                let (hasher, hash) = (hasher.clone(), hash.clone());
                tokio::spawn(async move { hasher.verify(format!("guess number {i}"), Some(hash)).await })
            })
            .collect();
        for attempt in flood {
            assert!(!attempt.await.unwrap(), "a wrong guess matched");
        }
        assert!(hasher.verify("correct horse battery".into(), Some(hash)).await);
        assert!(hasher.peak() <= 2, "{} hashes ran at once", hasher.peak());
        assert!(hasher.peak() >= 1);
    }
}
