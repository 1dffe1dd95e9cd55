//! A first-come, first-served line in front of a model that can serve only
//! so many replies at once. Whoever waits knows their place and sees it
//! move; a full line refuses at once rather than letting waits grow without
//! bound; whoever gives up (drops their ticket) leaves the line.
//!
//! A line is this server's own, or (for a model whose capacity several
//! replicas share, given [`SharedState`]) held in Redis: the same order and
//! the same bounds across every replica. If Redis fails, a request falls
//! back to this server's own line rather than failing.

use std::collections::{HashSet, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::watch;

use crate::places::{HeldPlace, PlaceCaps, TooManyPlaces};
use crate::shared::{PlaceWatch, SharedState};

/// The line is as long as it may get: busy, try again later.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("this model is busy ({waiting} already waiting); try again in a little while")]
pub struct QueueFull {
    pub waiting: usize,
}

/// Why a place in line was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum JoinRefused {
    #[error(transparent)]
    Full(#[from] QueueFull),
    #[error(transparent)]
    TooManyPlaces(#[from] TooManyPlaces),
}

/// One model's line, shared by every request for it.
#[derive(Clone)]
pub struct FairQueue {
    inner: Arc<Inner>,
    shared: Option<SharedLine>,
    /// How many places one user and one address may hold in it.
    caps: Arc<PlaceCaps>,
}

/// A line in Redis, and what this server holds of it.
#[derive(Clone)]
struct SharedLine {
    state: SharedState,
    name: Arc<str>,
    concurrency: usize,
    max_waiting: usize,
    waiting_here: Arc<AtomicUsize>,
    serving_here: Arc<AtomicUsize>,
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
            shared: None,
            caps: PlaceCaps::unbounded(),
        }
    }

    /// One user may hold at most `per_user` places at once, one address
    /// (all its users) `per_address` ([`join_as`](Self::join_as)). Per
    /// server: with replicas, each counts its own.
    pub fn with_caps(mut self, per_user: usize, per_address: usize) -> Self {
        self.caps = PlaceCaps::new(per_user, per_address);
        self
    }

    /// Takes a place for `user` from `address`: refused at once when they
    /// hold as many as they may, else as [`join`](Self::join).
    pub async fn join_as(&self, user: &str, address: Option<std::net::IpAddr>) -> Result<Ticket, JoinRefused> {
        let held = self.caps.take(user, address)?;
        let mut ticket = self.join().await?;
        ticket.held = Some(Box::new(held));
        Ok(ticket)
    }

    /// The same line, held in Redis as `name` (a model id): its places and
    /// bounds hold across every replica sharing `state`.
    pub fn shared(mut self, state: SharedState, name: &str) -> Self {
        self.shared = Some(SharedLine {
            state,
            name: name.into(),
            concurrency: self.inner.concurrency,
            max_waiting: self.inner.max_waiting,
            waiting_here: Arc::default(),
            serving_here: Arc::default(),
        });
        self
    }

    /// Takes a place: at once if nobody is waiting and a slot is free, else
    /// at the back of the line, unless the line is full.
    pub async fn join(&self) -> Result<Ticket, QueueFull> {
        if let Some(line) = &self.shared {
            let place = line.state.new_place(&line.name);
            match line.state.join(&line.name, &place, line.concurrency, line.max_waiting).await {
                Ok(Ok(rank)) => {
                    let place = SharedPlace { line: line.clone(), place };
                    return Ok(Ticket::shared(place, line.place_of(rank)));
                }
                Ok(Err(waiting)) => return Err(QueueFull { waiting }),
                Err(e) => tracing::warn!(line = %line.name, "{e}; this server's own line is used meanwhile"),
            }
        }
        self.join_here().map(|ticket| Ticket { kind: TicketKind::Local(ticket), held: None })
    }

    fn join_here(&self) -> Result<LocalTicket, QueueFull> {
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
        Ok(LocalTicket { queue: self.inner.clone(), id, changes: self.inner.changed.subscribe(), done: false })
    }

    /// Replies being served now by this server.
    pub fn serving(&self) -> usize {
        let shared = self.shared.as_ref().map_or(0, |line| line.serving_here.load(Ordering::Relaxed));
        self.inner.lock().serving + shared
    }

    /// Requests in line on this server.
    pub fn waiting(&self) -> usize {
        let shared = self.shared.as_ref().map_or(0, |line| line.waiting_here.load(Ordering::Relaxed));
        self.inner.lock().waiting.len() + shared
    }

    /// Whether the line is held in Redis.
    pub fn is_shared(&self) -> bool {
        self.shared.is_some()
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
    kind: TicketKind,
    /// Counted against its user and address until the reply ends.
    held: Option<Box<HeldPlace>>,
}

enum TicketKind {
    Local(LocalTicket),
    /// A place in Redis, and where it stood when last looked at.
    Shared {
        place: SharedPlace,
        last: Place,
        _waiting: Option<Counted>,
        /// Where it stands, looked at with this replica's other waiting
        /// places (from the first wait on).
        watch: Option<Box<PlaceWatch>>,
    },
}

impl std::fmt::Debug for Ticket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            TicketKind::Local(ticket) => f.debug_struct("Ticket").field("id", &ticket.id).finish(),
            TicketKind::Shared { place, .. } => f.debug_struct("Ticket").field("shared", &place.place).finish(),
        }
    }
}

/// A slot being served; dropping it lets the next in line in.
pub struct Permit {
    _kind: PermitKind,
    _held: Option<Box<HeldPlace>>,
}

/// Held for what dropping it gives back.
enum PermitKind {
    Local { _slot: LocalPermit },
    Shared { _place: SharedPlace, _serving: Counted },
}

impl std::fmt::Debug for Permit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Permit")
    }
}

impl Ticket {
    fn shared(place: SharedPlace, last: Place) -> Self {
        let waiting = matches!(last, Place::Waiting(_)).then(|| Counted::new(&place.line.waiting_here));
        Self { kind: TicketKind::Shared { place, last, _waiting: waiting, watch: None }, held: None }
    }

    /// Where it stands (for a shared line, when last looked at).
    pub fn place(&self) -> Place {
        match &self.kind {
            TicketKind::Local(ticket) => ticket.place(),
            TicketKind::Shared { last, .. } => *last,
        }
    }

    /// Where this ticket stands, as soon as that differs from `known` (at
    /// once if it already does; `None`: whatever it is now).
    pub async fn moved_from(&mut self, known: Option<Place>) -> Place {
        match &mut self.kind {
            TicketKind::Local(ticket) => ticket.moved_from(known).await,
            TicketKind::Shared { place, last, watch, .. } => loop {
                if Some(*last) != known {
                    return *last;
                }
                let watch =
                    watch.get_or_insert_with(|| Box::new(place.line.state.watch_place(&place.line.name, &place.place)));
                match watch.next_rank().await {
                    Some(rank) => *last = place.line.place_of(rank),
                    // Dropped from the line (this replica was taken as gone
                    // while Redis could not hear it): served rather than lost.
                    None => {
                        tracing::warn!(line = %place.line.name, "a place in a shared line was dropped; served anyway");
                        *last = Place::Admitted;
                    }
                }
            },
        }
    }

    /// The permit, when it is this ticket's turn; the ticket back if not.
    pub fn admit(self) -> Result<Permit, Ticket> {
        let held = self.held;
        match self.kind {
            TicketKind::Local(ticket) => match ticket.admit() {
                Ok(permit) => Ok(Permit { _kind: PermitKind::Local { _slot: permit }, _held: held }),
                Err(ticket) => Err(Ticket { kind: TicketKind::Local(ticket), held }),
            },
            TicketKind::Shared { place, last: Place::Admitted, .. } => {
                let serving = Counted::new(&place.line.serving_here);
                Ok(Permit { _kind: PermitKind::Shared { _place: place, _serving: serving }, _held: held })
            }
            kind @ TicketKind::Shared { .. } => Err(Ticket { kind, held }),
        }
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

impl SharedLine {
    fn place_of(&self, rank: usize) -> Place {
        if rank < self.concurrency {
            Place::Admitted
        } else {
            Place::Waiting(rank - self.concurrency + 1)
        }
    }
}

/// A place in a shared line; dropping it gives it back.
struct SharedPlace {
    line: SharedLine,
    place: String,
}

impl Drop for SharedPlace {
    fn drop(&mut self) {
        self.line.state.leave(&self.line.name, &self.place);
    }
}

/// One more in a count while it lives.
struct Counted(Arc<AtomicUsize>);

impl Counted {
    fn new(count: &Arc<AtomicUsize>) -> Self {
        count.fetch_add(1, Ordering::Relaxed);
        Self(count.clone())
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A place in this server's own line.
struct LocalTicket {
    queue: Arc<Inner>,
    id: u64,
    changes: watch::Receiver<u64>,
    done: bool,
}

impl LocalTicket {
    fn place(&self) -> Place {
        let state = self.queue.lock();
        if state.admitted.contains(&self.id) {
            return Place::Admitted;
        }
        let ahead = state.waiting.iter().position(|&id| id == self.id).unwrap_or(0);
        Place::Waiting(ahead + 1)
    }

    async fn moved_from(&mut self, known: Option<Place>) -> Place {
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

    fn admit(mut self) -> Result<LocalPermit, LocalTicket> {
        let mut state = self.queue.lock();
        if !state.admitted.remove(&self.id) {
            drop(state);
            return Err(self);
        }
        drop(state);
        self.done = true;
        Ok(LocalPermit { queue: self.queue.clone() })
    }
}

impl Drop for LocalTicket {
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

/// A slot being served in this server's own line.
struct LocalPermit {
    queue: Arc<Inner>,
}

impl Drop for LocalPermit {
    fn drop(&mut self) {
        let mut state = self.queue.lock();
        self.queue.release(&mut state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn first_come_first_served_within_the_concurrency() {
        let queue = FairQueue::new(2, 3);
        let a = queue.join().await.unwrap().admit().ok().unwrap();
        let b = queue.join().await.unwrap().admit().ok().unwrap();
        let c = queue.join().await.unwrap();
        let d = queue.join().await.unwrap();
        let e = queue.join().await.unwrap();
        assert_eq!((c.place(), d.place(), e.place()), (Place::Waiting(1), Place::Waiting(2), Place::Waiting(3)));
        assert_eq!(queue.join().await.unwrap_err(), QueueFull { waiting: 3 });
        assert_eq!((queue.serving(), queue.waiting()), (2, 3));
        // One finishes: the first in line goes in, the rest move up.
        drop(a);
        assert_eq!((c.place(), d.place(), e.place()), (Place::Admitted, Place::Waiting(1), Place::Waiting(2)));
        let d = d.admit().expect_err("not its turn yet");
        let _c = c.admit().ok().unwrap();
        drop(b);
        assert_eq!(d.place(), Place::Admitted);
        assert_eq!(e.place(), Place::Waiting(1));
    }

    #[tokio::test]
    async fn leaving_the_line_moves_everyone_behind_up() {
        let queue = FairQueue::new(1, 10);
        let serving = queue.join().await.unwrap().admit().ok().unwrap();
        let first = queue.join().await.unwrap();
        let second = queue.join().await.unwrap();
        drop(first);
        assert_eq!(second.place(), Place::Waiting(1));
        assert_eq!(queue.waiting(), 1);
        drop(serving);
        assert_eq!(second.place(), Place::Admitted);
        // A ticket let in but dropped before use gives its slot back.
        let third = queue.join().await.unwrap();
        drop(second);
        assert_eq!(third.place(), Place::Admitted);
        drop(third);
        assert_eq!((queue.serving(), queue.waiting()), (0, 0));
    }

    #[tokio::test]
    async fn no_line_at_all_refuses_whenever_busy() {
        let queue = FairQueue::new(1, 0);
        let _serving = queue.join().await.unwrap();
        assert!(queue.join().await.is_err());
    }

    #[tokio::test]
    async fn waiters_hear_their_place_move_and_get_in_in_order() {
        let queue = FairQueue::new(1, 10);
        let serving = queue.join().await.unwrap().admit().ok().unwrap();
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut waiters = Vec::new();
        for i in 0..4 {
            let ticket = queue.join().await.unwrap();
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
