//! How many places one person, and one address, hold in a model's line at
//! once. The line is first come, first served; without this bound one
//! address sending fifty turns in parallel would take fifty places, and
//! everyone after it would be told the model is busy until the flood was
//! served. With it, the flood's extra turns are refused at once and the
//! line stays open to everyone else.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use crate::rate::address_key;

/// Refused: this holder has as many places in the line as it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("you already have {held} replies waiting or being written by this model; wait for one to finish")]
pub struct TooManyPlaces {
    pub held: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Holder {
    User(String),
    Address(IpAddr),
}

/// The bounds, and the places each holder has now.
#[derive(Debug)]
pub struct PlaceCaps {
    per_user: usize,
    per_address: usize,
    held: Mutex<HashMap<Holder, usize>>,
}

impl PlaceCaps {
    pub fn new(per_user: usize, per_address: usize) -> Arc<Self> {
        Arc::new(Self { per_user: per_user.max(1), per_address: per_address.max(1), held: Mutex::default() })
    }

    /// No bounds.
    pub fn unbounded() -> Arc<Self> {
        Self::new(usize::MAX, usize::MAX)
    }

    /// One more place for `user` from `address`, or refused if either has
    /// all it may. The place is given back when the returned value drops.
    pub fn take(self: &Arc<Self>, user: &str, address: Option<IpAddr>) -> Result<HeldPlace, TooManyPlaces> {
        let mut holders = vec![(Holder::User(user.to_lowercase()), self.per_user)];
        if let Some(address) = address {
            holders.push((Holder::Address(address_key(address)), self.per_address));
        }
        let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        for (holder, cap) in &holders {
            let now = held.get(holder).copied().unwrap_or(0);
            if now >= *cap {
                return Err(TooManyPlaces { held: now });
            }
        }
        for (holder, _) in &holders {
            *held.entry(holder.clone()).or_insert(0) += 1;
        }
        drop(held);
        Ok(HeldPlace { caps: self.clone(), holders: holders.into_iter().map(|(h, _)| h).collect() })
    }

    /// Holders with a place now (for tests and the metrics).
    pub fn holders(&self) -> usize {
        self.held.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

/// A place counted against its holders; dropping it gives it back.
#[derive(Debug)]
pub struct HeldPlace {
    caps: Arc<PlaceCaps>,
    holders: Vec<Holder>,
}

impl Drop for HeldPlace {
    fn drop(&mut self) {
        let mut held = self.caps.held.lock().unwrap_or_else(|e| e.into_inner());
        for holder in &self.holders {
            if let Some(count) = held.get_mut(holder) {
                *count -= 1;
                if *count == 0 {
                    held.remove(holder);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_address_holds_at_most_its_share_of_the_line() {
        let caps = PlaceCaps::new(2, 3);
        let here: IpAddr = "198.51.100.1".parse().unwrap();
        let a = caps.take("alice", Some(here)).unwrap();
        let _b = caps.take("alice", Some(here)).unwrap();
        assert_eq!(caps.take("ALICE", None).unwrap_err(), TooManyPlaces { held: 2 }, "the user's cap");
        let _c = caps.take("bob", Some(here)).unwrap();
        assert!(caps.take("carol", Some(here)).is_err(), "the address's cap");
        let _d = caps.take("carol", Some("198.51.100.2".parse().unwrap())).unwrap();
        drop(a);
        caps.take("dave", Some(here)).expect("a place given back is free again");
        // An IPv6 client's /64 is one address.
        let _e = caps.take("e", Some("2001:db8::1".parse().unwrap())).unwrap();
        let _f = caps.take("f", Some("2001:db8::2".parse().unwrap())).unwrap();
        let _g = caps.take("g", Some("2001:db8::3".parse().unwrap())).unwrap();
        assert!(caps.take("h", Some("2001:db8::4".parse().unwrap())).is_err());
    }
}
