//! A first-come, first-served line in front of a model that can serve only
//! so many replies at once. Whoever waits knows their place and sees it
//! move; a full line refuses at once rather than letting waits grow without
//! bound; whoever gives up (drops their ticket) leaves the line.

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::watch;

/// The line is as long as it may get: busy, try again later.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("this model is busy ({waiting} already waiting); try again in a little while")]
pub struct QueueFull {
    pub waiting: usize,
}

/// One model's line, shared by every request for it.
#[derive(Clone)]
pub struct FairQueue {
    inner: Arc<Inner>,
}

struct Inner {
    concurrency: usize,
    max_waiting: usize,
    state: Mutex<State>,
    /// Bumped on every change, for tickets to look at their place again.
    changed: watch::Sender<u64>,
}

#[derive(Default)]
struct State {
    serving: usize,
    waiting: VecDeque<u64>,
    /// Let in, but their ticket has not yet turned into a permit.
    admitted: HashSet<u64>,
    next_id: u64,
}

impl std::fmt::Debug for FairQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = self.inner.lock();
        f.debug_struct("FairQueue")
            .field("concurrency", &self.inner.concurrency)
            .field("serving", &state.serving)
            .field("waiting", &state.waiting.len())
            .finish()
    }
}

impl FairQueue {
    /// Serves `concurrency` at once (at least one) with up to `max_waiting`
    /// more in line (zero: refuse whenever all are busy).
    pub fn new(concurrency: usize, max_waiting: usize) -> Self {
        Self {
            inner: Arc::new(Inner {
                concurrency: concurrency.max(1),
                max_waiting,
                state: Mutex::new(State::default()),
                changed: watch::Sender::new(0),
            }),
        }
    }

    /// Takes a place: at once if nobody is waiting and a slot is free, else
    /// at the back of the line, unless the line is full.
    pub fn join(&self) -> Result<Ticket, QueueFull> {
        let mut state = self.inner.lock();
        let id = state.next_id;
        state.next_id += 1;
        if state.waiting.is_empty() && state.serving < self.inner.concurrency {
            state.serving += 1;
            state.admitted.insert(id);
        } else if state.waiting.len() >= self.inner.max_waiting {
            return Err(QueueFull { waiting: state.waiting.len() });
        } else {
            state.waiting.push_back(id);
        }
        drop(state);
        Ok(Ticket { queue: self.inner.clone(), id, changes: self.inner.changed.subscribe(), done: false })
    }

    /// Replies being served now.
    pub fn serving(&self) -> usize {
        self.inner.lock().serving
    }

    /// Requests in line.
    pub fn waiting(&self) -> usize {
        self.inner.lock().waiting.len()
    }

    pub fn concurrency(&self) -> usize {
        self.inner.concurrency
    }
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, State> {
        // Every change below leaves the state whole before it can panic.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A slot came free: let in whoever is first in line.
    fn release(&self, state: &mut State) {
        state.serving -= 1;
        while state.serving < self.concurrency {
            let Some(next) = state.waiting.pop_front() else { break };
            state.serving += 1;
            state.admitted.insert(next);
        }
        self.changed.send_modify(|n| *n = n.wrapping_add(1));
    }
}

/// Where a ticket stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Its turn: [`Ticket::admit`] gives the permit.
    Admitted,
    /// This many in line up to and including it (1: next).
    Waiting(usize),
}

/// A place in line. Dropping it leaves the line (or gives back the slot it
/// was let into).
pub struct Ticket {
    queue: Arc<Inner>,
    id: u64,
    changes: watch::Receiver<u64>,
    done: bool,
}

impl std::fmt::Debug for Ticket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ticket").field("id", &self.id).finish()
    }
}

impl std::fmt::Debug for Permit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Permit")
    }
}

impl Ticket {
    pub fn place(&self) -> Place {
        let state = self.queue.lock();
        if state.admitted.contains(&self.id) {
            return Place::Admitted;
        }
        let ahead = state.waiting.iter().position(|&id| id == self.id).unwrap_or(0);
        Place::Waiting(ahead + 1)
    }

    /// Where this ticket stands, as soon as that differs from `known` (at
    /// once if it already does; `None`: whatever it is now).
    pub async fn moved_from(&mut self, known: Option<Place>) -> Place {
        loop {
            // Seen before reading: a change after this read wakes the wait.
            self.changes.borrow_and_update();
            let now = self.place();
            if Some(now) != known {
                return now;
            }
            // The sender lives as long as the queue, which this ticket holds.
            if self.changes.changed().await.is_err() {
                return self.place();
            }
        }
    }

    /// The permit, when it is this ticket's turn; the ticket back if not.
    pub fn admit(mut self) -> Result<Permit, Ticket> {
        let mut state = self.queue.lock();
        if !state.admitted.remove(&self.id) {
            drop(state);
            return Err(self);
        }
        drop(state);
        self.done = true;
        Ok(Permit { queue: self.queue.clone() })
    }

    /// Waits for this ticket's turn, telling `moved` each new place.
    pub async fn wait(mut self, mut moved: impl FnMut(usize)) -> Permit {
        let mut known = None;
        loop {
            match self.admit() {
                Ok(permit) => return permit,
                Err(ticket) => self = ticket,
            }
            let place = self.moved_from(known).await;
            if let Place::Waiting(n) = place {
                moved(n);
            }
            known = Some(place);
        }
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        let mut state = self.queue.lock();
        if state.admitted.remove(&self.id) {
            self.queue.release(&mut state);
        } else if let Some(at) = state.waiting.iter().position(|&id| id == self.id) {
            state.waiting.remove(at);
            self.queue.changed.send_modify(|n| *n = n.wrapping_add(1));
        }
    }
}

/// A slot being served; dropping it lets the next in line in.
pub struct Permit {
    queue: Arc<Inner>,
}

impl Drop for Permit {
    fn drop(&mut self) {
        let mut state = self.queue.lock();
        self.queue.release(&mut state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_come_first_served_within_the_concurrency() {
        let queue = FairQueue::new(2, 3);
        let a = queue.join().unwrap().admit().ok().unwrap();
        let b = queue.join().unwrap().admit().ok().unwrap();
        let c = queue.join().unwrap();
        let d = queue.join().unwrap();
        let e = queue.join().unwrap();
        assert_eq!((c.place(), d.place(), e.place()), (Place::Waiting(1), Place::Waiting(2), Place::Waiting(3)));
        assert_eq!(queue.join().unwrap_err(), QueueFull { waiting: 3 });
        assert_eq!((queue.serving(), queue.waiting()), (2, 3));
        // One finishes: the first in line goes in, the rest move up.
        drop(a);
        assert_eq!((c.place(), d.place(), e.place()), (Place::Admitted, Place::Waiting(1), Place::Waiting(2)));
        let d = d.admit().err().expect("not its turn yet");
        let _c = c.admit().ok().unwrap();
        drop(b);
        assert_eq!(d.place(), Place::Admitted);
        assert_eq!(e.place(), Place::Waiting(1));
    }

    #[test]
    fn leaving_the_line_moves_everyone_behind_up() {
        let queue = FairQueue::new(1, 10);
        let serving = queue.join().unwrap().admit().ok().unwrap();
        let first = queue.join().unwrap();
        let second = queue.join().unwrap();
        drop(first);
        assert_eq!(second.place(), Place::Waiting(1));
        assert_eq!(queue.waiting(), 1);
        drop(serving);
        assert_eq!(second.place(), Place::Admitted);
        // A ticket let in but dropped before use gives its slot back.
        let third = queue.join().unwrap();
        drop(second);
        assert_eq!(third.place(), Place::Admitted);
        drop(third);
        assert_eq!((queue.serving(), queue.waiting()), (0, 0));
    }

    #[test]
    fn no_line_at_all_refuses_whenever_busy() {
        let queue = FairQueue::new(1, 0);
        let _serving = queue.join().unwrap();
        assert!(queue.join().is_err());
    }

    #[tokio::test]
    async fn waiters_hear_their_place_move_and_get_in_in_order() {
        let queue = FairQueue::new(1, 10);
        let serving = queue.join().unwrap().admit().ok().unwrap();
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut waiters = Vec::new();
        for i in 0..4 {
            let ticket = queue.join().unwrap();
            let order = order.clone();
            waiters.push(tokio::spawn(async move {
                let mut places = Vec::new();
                let permit = ticket.wait(|n| places.push(n)).await;
                order.lock().unwrap().push(i);
                tokio::task::yield_now().await;
                drop(permit);
                places
            }));
        }
        tokio::task::yield_now().await;
        drop(serving);
        let mut heard = Vec::new();
        for waiter in waiters {
            heard.push(waiter.await.unwrap());
        }
        assert_eq!(*order.lock().unwrap(), vec![0, 1, 2, 3]);
        // The last in line heard itself move up, never down.
        assert!(heard[3].windows(2).all(|w| w[0] >= w[1]), "{heard:?}");
        assert_eq!((queue.serving(), queue.waiting()), (0, 0));
    }
}
