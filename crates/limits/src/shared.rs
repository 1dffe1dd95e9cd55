//! Limits held in Redis, so that they hold across every replica behind a
//! load balancer: rate-limit budgets (GCRA, one key per bucket, Redis's own
//! clock) and the lines in front of models whose capacity the replicas
//! share (an OpenAI-compatible server, say). Each operation is one Lua
//! script, so it is atomic however many replicas run it at once.
//!
//! A replica that dies holding places in a line must not hold them for
//! ever: each replica keeps a key alive in Redis (`colloquy:replica:ID`,
//! refreshed every beat, expiring after three), and a place whose replica's
//! key is gone is dropped by the next script that reads the line. Each beat
//! also drops this replica's places it no longer holds (a release that
//! failed because Redis was away for a moment).
//!
//! The scripts read keys they are not handed (the replicas' keys), which a
//! single Redis server (or its replicas) allows; Redis Cluster does not.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use redis::aio::ConnectionManager;
use redis::Script;
use tokio::sync::watch;

/// Keys are named under this prefix; use another Redis database (the URL's
/// `/N`) for another app.
const PREFIX: &str = "colloquy:";

/// Where each replica's liveness key is (`…ID`).
const REPLICA_KEYS: &str = "colloquy:replica:";

/// Takes one from a bucket or says how long until one is back (µs; 0:
/// taken). GCRA: the key holds the bucket's theoretical arrival time.
const TAKE: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tolerance = (tonumber(ARGV[2]) - 1) * interval
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
if now < tat - tolerance then
  return tat - tolerance - now
end
local next_tat = tat + interval
redis.call('SET', KEYS[1], string.format('%.0f', next_tat), 'PX', math.ceil((next_tat - now) / 1000) + 1)
return 0
";

/// Drops the places of replicas that are gone (KEYS[1]: the line; ARGV[1]:
/// the replicas' key prefix). Shared by the scripts below.
const DROP_GONE: &str = r"
local alive = {}
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local replica = string.match(member, '^([^:]+):')
  if replica == nil then
    redis.call('ZREM', KEYS[1], member)
  else
    if alive[replica] == nil then
      alive[replica] = redis.call('EXISTS', ARGV[1] .. replica) == 1
    end
    if not alive[replica] then redis.call('ZREM', KEYS[1], member) end
  end
end
";

/// Joins a line (KEYS[2]: its counter; ARGV[2]: the place's member; ARGV[3]:
/// how many it holds, served and waiting): the place's rank (0-based), or
/// -1 - waiting when it is full.
const JOIN_BODY: &str = r"
local held = redis.call('ZCARD', KEYS[1])
if held >= tonumber(ARGV[3]) then
  return -1 - (held - tonumber(ARGV[4]))
end
local seq = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[1], seq, ARGV[2])
return redis.call('ZRANK', KEYS[1], ARGV[2])
";

/// The ranks now of the places ARGV[2], ARGV[3], … (-1: no longer in the
/// line): one script for all of a replica's waiting places in a line.
const RANKS_BODY: &str = r"
local ranks = {}
for i = 2, #ARGV do
  local rank = redis.call('ZRANK', KEYS[1], ARGV[i])
  if rank == false then rank = -1 end
  ranks[#ranks + 1] = rank
end
return ranks
";

/// How often a replica looks where its waiting places in a line stand.
const POLL: Duration = Duration::from_millis(25);

/// Keeps this replica's key alive and drops its places it no longer holds
/// (KEYS[1]: the replica's key; ARGV[1]: its life in ms; ARGV[2]: the
/// member prefix; ARGV[3]: places numbered from this on were made after the
/// list was taken, and are left alone; then pairs of line key and a
/// comma-joined list held).
const BEAT: &str = r"
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
local newer = tonumber(ARGV[3])
local i = 4
while ARGV[i] do
  local line, held = ARGV[i], {}
  for member in string.gmatch(ARGV[i + 1], '[^,]+') do held[member] = true end
  for _, member in ipairs(redis.call('ZRANGE', line, 0, -1)) do
    if string.sub(member, 1, #ARGV[2]) == ARGV[2] and not held[member]
      and tonumber(string.sub(member, #ARGV[2] + 1)) < newer then
      redis.call('ZREM', line, member)
    end
  end
  i = i + 2
end
return 1
";

/// Redis, as the replicas share it.
#[derive(Clone)]
pub struct SharedState {
    inner: Arc<Inner>,
}

struct Inner {
    connection: ConnectionManager,
    replica: String,
    take: Script,
    join: Script,
    ranks: Script,
    beat: Script,
    /// This replica's places, by line key: what the beat keeps.
    held: Mutex<HashMap<String, HashSet<String>>>,
    /// The next place's number (taken under `held`'s lock).
    next_place: AtomicU64,
    /// This replica's waiting places, by line key: one poll per line for
    /// all of them, however many wait.
    watched: Mutex<HashMap<String, Arc<LineWatch>>>,
    /// How many times it has looked (a figure for tests).
    polls: AtomicU64,
}

/// A line's waiting places on this replica, and where each stood when
/// last looked at.
struct LineWatch {
    state: Mutex<Watched>,
    /// Bumped after each look, for the waiters to read their rank again.
    looked: watch::Sender<u64>,
}

#[derive(Default)]
struct Watched {
    /// Rank when last looked at (-1: no longer in the line; `None`: not
    /// looked at yet).
    places: HashMap<String, Option<i64>>,
    polling: bool,
}

impl std::fmt::Debug for SharedState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedState").field("replica", &self.inner.replica).finish()
    }
}

/// Redis could not be reached or refused an operation.
#[derive(Debug, thiserror::Error)]
#[error("Redis failed: {0}; check replicas.redis_url and that Redis is running")]
pub struct SharedError(#[from] redis::RedisError);

impl SharedState {
    /// Connects (failing if Redis does not answer within a few seconds),
    /// and starts the beat that keeps this replica's places alive.
    /// `replica` names this process among the replicas (no `:`).
    pub async fn connect(url: &str, replica: &str, beat: Duration) -> Result<Self, SharedError> {
        let client = redis::Client::open(url)?;
        let config = redis::aio::ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_secs(3)))
            .set_response_timeout(Some(Duration::from_secs(2)))
            .set_number_of_retries(2);
        let connection = ConnectionManager::new_with_config(client, config).await?;
        let state = Self {
            inner: Arc::new(Inner {
                connection,
                replica: replica.replace(':', "_"),
                take: Script::new(TAKE),
                join: Script::new(&format!("{DROP_GONE}{JOIN_BODY}")),
                ranks: Script::new(&format!("{DROP_GONE}{RANKS_BODY}")),
                beat: Script::new(BEAT),
                held: Mutex::new(HashMap::new()),
                next_place: AtomicU64::new(0),
                watched: Mutex::new(HashMap::new()),
                polls: AtomicU64::new(0),
            }),
        };
        state.beat_once(beat * 3).await?;
        let weak = Arc::downgrade(&state.inner);
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(beat);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                let Some(inner) = weak.upgrade() else { break };
                if let Err(e) = (SharedState { inner }).beat_once(beat * 3).await {
                    tracing::warn!("{e}");
                }
            }
        });
        Ok(state)
    }

    /// Answers when Redis does (a readiness check).
    pub async fn ping(&self) -> Result<(), SharedError> {
        let _: String = redis::cmd("PING").query_async(&mut self.inner.connection.clone()).await?;
        Ok(())
    }

    /// The replica's id, as its places are named.
    pub fn replica(&self) -> &str {
        &self.inner.replica
    }

    async fn beat_once(&self, life: Duration) -> Result<(), SharedError> {
        let (newer, lines): (u64, Vec<(String, String)>) = {
            let held = self.inner.held.lock().unwrap_or_else(|p| p.into_inner());
            // Taken under the lock: every place numbered below is in the list
            // (a place is held before it joins).
            let newer = self.inner.next_place.load(Ordering::SeqCst);
            (
                newer,
                held.iter()
                    .map(|(line, places)| (line.clone(), places.iter().cloned().collect::<Vec<_>>().join(",")))
                    .collect(),
            )
        };
        let mut invocation = self.inner.beat.key(format!("{REPLICA_KEYS}{}", self.inner.replica));
        invocation.arg(life.as_millis() as u64).arg(format!("{}:", self.inner.replica)).arg(newer);
        for (line, places) in lines {
            invocation.arg(line).arg(places);
        }
        let _: i64 = invocation.invoke_async(&mut self.inner.connection.clone()).await?;
        Ok(())
    }

    /// Takes one from a bucket of `burst`, one back every `every`: `None`
    /// if taken, else how long until one is back.
    pub(crate) async fn take(
        &self,
        bucket: &str,
        burst: u32,
        every: Duration,
    ) -> Result<Option<Duration>, SharedError> {
        let wait: i64 = self
            .inner
            .take
            .key(format!("{PREFIX}rate:{bucket}"))
            .arg(every.as_micros().max(1) as u64)
            .arg(burst.max(1))
            .invoke_async(&mut self.inner.connection.clone())
            .await?;
        Ok((wait > 0).then(|| Duration::from_micros(wait as u64)))
    }

    /// A new place in `line`: its rank, or `Err(waiting)` when full.
    pub(crate) async fn join(
        &self,
        line: &str,
        place: &str,
        concurrency: usize,
        max_waiting: usize,
    ) -> Result<Result<usize, usize>, SharedError> {
        let key = line_key(line);
        let rank: i64 = self
            .inner
            .join
            .key(&key)
            .key(format!("{key}:seq"))
            .arg(REPLICA_KEYS)
            .arg(place)
            .arg(concurrency + max_waiting)
            .arg(concurrency)
            .invoke_async(&mut self.inner.connection.clone())
            .await
            .inspect_err(|_| self.forget(&key, place))?;
        if rank < 0 {
            self.forget(&key, place);
            return Ok(Err((-1 - rank) as usize));
        }
        Ok(Ok(rank as usize))
    }

    /// Watches a waiting place's rank. Every waiting place of this
    /// replica in `line` is looked at by one poll (one script every
    /// [`POLL`] while any waits), so Redis's work grows with the replicas,
    /// not with the people waiting.
    pub(crate) fn watch_place(&self, line: &str, place: &str) -> PlaceWatch {
        let key = line_key(line);
        let line_watch = {
            let mut watched = self.inner.watched.lock().unwrap_or_else(|p| p.into_inner());
            watched
                .entry(key.clone())
                .or_insert_with(|| Arc::new(LineWatch { state: Mutex::default(), looked: watch::Sender::new(0) }))
                .clone()
        };
        let start = {
            let mut state = line_watch.lock();
            state.places.insert(place.to_string(), None);
            !std::mem::replace(&mut state.polling, true)
        };
        if start {
            tokio::spawn(poll_line(self.clone(), key, line_watch.clone()));
        }
        let looked = line_watch.looked.subscribe();
        PlaceWatch { line: line_watch, place: place.to_string(), looked }
    }

    /// How many times this replica has looked where its waiting places
    /// stand.
    pub fn polls(&self) -> u64 {
        self.inner.polls.load(Ordering::Relaxed)
    }

    /// Gives a place back (in the background: called on drop). If Redis
    /// misses it, the next beat drops the place.
    pub(crate) fn leave(&self, line: &str, place: &str) {
        let key = line_key(line);
        self.forget(&key, place);
        let Ok(runtime) = tokio::runtime::Handle::try_current() else { return };
        let mut connection = self.inner.connection.clone();
        let place = place.to_string();
        runtime.spawn(async move {
            let removed: Result<i64, _> = redis::cmd("ZREM").arg(&key).arg(&place).query_async(&mut connection).await;
            if let Err(e) = removed {
                tracing::warn!("a place in a shared line was not given back at once (the next beat will): {e}");
            }
        });
    }

    /// A fresh place in `line`, this replica's, held from now on (before it
    /// joins: the beat never drops a place about to join).
    pub(crate) fn new_place(&self, line: &str) -> String {
        let mut held = self.inner.held.lock().unwrap_or_else(|p| p.into_inner());
        let place = format!("{}:{}", self.inner.replica, self.inner.next_place.fetch_add(1, Ordering::SeqCst));
        held.entry(line_key(line)).or_default().insert(place.clone());
        place
    }

    fn forget(&self, line_key: &str, place: &str) {
        let mut lines = self.inner.held.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(places) = lines.get_mut(line_key) {
            places.remove(place);
        }
    }
}

/// Says when a repeated failure is worth logging again: at its first time,
/// then at most once per period (a Redis that is down fails every call).
pub(crate) struct LogThrottle {
    every: Duration,
    started: std::time::Instant,
    /// When it last said yes, in whole seconds since `started`.
    last: AtomicU64,
}

impl LogThrottle {
    pub(crate) fn new(every: Duration) -> Self {
        Self { every, started: std::time::Instant::now(), last: AtomicU64::new(u64::MAX) }
    }

    /// Whether to log now (and if so, counts this as the time it did).
    pub(crate) fn due(&self) -> bool {
        let now = self.started.elapsed().as_secs();
        let last = self.last.load(Ordering::Relaxed);
        if last != u64::MAX && now < last + self.every.as_secs() {
            return false;
        }
        self.last.store(now, Ordering::Relaxed);
        true
    }
}

impl LineWatch {
    fn lock(&self) -> std::sync::MutexGuard<'_, Watched> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Looks where `line`'s waiting places stand every [`POLL`], until none
/// waits.
async fn poll_line(state: SharedState, key: String, line: Arc<LineWatch>) {
    let warn = LogThrottle::new(Duration::from_secs(60));
    loop {
        tokio::time::sleep(POLL).await;
        let places: Vec<String> = {
            let mut watched = line.lock();
            if watched.places.is_empty() {
                watched.polling = false;
                return;
            }
            watched.places.keys().cloned().collect()
        };
        state.inner.polls.fetch_add(1, Ordering::Relaxed);
        let mut invocation = state.inner.ranks.key(&key);
        invocation.arg(REPLICA_KEYS);
        for place in &places {
            invocation.arg(place);
        }
        let ranks: Result<Vec<i64>, _> = invocation.invoke_async(&mut state.inner.connection.clone()).await;
        match ranks {
            Ok(ranks) => {
                let mut watched = line.lock();
                for (place, rank) in places.into_iter().zip(ranks) {
                    if let Some(known) = watched.places.get_mut(&place) {
                        *known = Some(rank);
                    }
                }
                drop(watched);
                line.looked.send_modify(|n| *n += 1);
            }
            // The waiters keep their places and wait on; said once a minute.
            Err(e) => {
                if warn.due() {
                    tracing::warn!(line = %key, "where the waiting places stand could not be read: {}", SharedError(e));
                }
            }
        }
    }
}

/// A waiting place being watched; dropping it stops the watch.
pub(crate) struct PlaceWatch {
    line: Arc<LineWatch>,
    place: String,
    looked: watch::Receiver<u64>,
}

impl PlaceWatch {
    /// The place's rank at the next look; `None` if it is no longer in
    /// the line.
    pub(crate) async fn next_rank(&mut self) -> Option<usize> {
        loop {
            if self.looked.changed().await.is_err() {
                return None;
            }
            if let Some(Some(rank)) = self.line.lock().places.get(&self.place) {
                return usize::try_from(*rank).ok();
            }
        }
    }
}

impl Drop for PlaceWatch {
    fn drop(&mut self) {
        self.line.lock().places.remove(&self.place);
    }
}

fn line_key(line: &str) -> String {
    format!("{PREFIX}line:{line}")
}
