//! Replies run in tasks of their own, apart from the HTTP responses that
//! carry them, so that a browser that loses its connection can reattach
//! (`resume_reply`) and pick up where it left off.
//!
//! A reply ends when its model stream ends, when someone presses Stop, or
//! when no browser has been attached to it for the grace period; ending it
//! drops the model stream, which stops the model (or closes the upstream
//! HTTP request).

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use futures::stream::BoxStream;
use futures::{Stream, StreamExt};
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// The longest a shutting-down server waits for replies' last saves.
const SAVES_WAIT: Duration = Duration::from_secs(10);

/// Once a reply's text has begun, a browser gets its frames in batches at
/// most this often (the first text, and the end, at once), and the page
/// shows each batch as it arrives. Each chunk costs the page a network
/// read, a wake-up and a task however little it carries, and each showing
/// a frame (style, layout, paint: about 2 ms in Chromium on a small
/// machine); a model that writes a token every 5 to 20 ms would otherwise
/// cost it that many times over. Ten showings a second still read as
/// streaming (docs/PERFORMANCE.md).
pub const TEXT_BATCH_EVERY: Duration = Duration::from_millis(100);

/// The replies in flight (and, for one grace period, those just finished).
#[derive(Clone)]
pub struct ReplyHub {
    replies: Arc<Mutex<HashMap<String, Arc<Reply>>>>,
    grace: Duration,
    /// The tasks saving replies, waited for when the server shuts down.
    savers: TaskTracker,
}

/// Whose a reply is: only its owner can attach to it or stop it, and a
/// page that opens its conversation finds it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplyOwner {
    pub user: String,
    pub conversation: String,
    /// Whether it is the reply the conversation's page shows (on its
    /// path): not the second reply of a comparison, which the page that
    /// started it reads beside the first.
    pub shown: bool,
}

/// What the reply's producer may ask of the hub.
#[derive(Clone)]
pub struct ReplyHandle {
    pub id: String,
    stopped: Arc<std::sync::atomic::AtomicBool>,
    /// Where the reply's saver task runs, so that shutting down waits for
    /// its last save.
    pub savers: TaskTracker,
}

impl ReplyHandle {
    /// A handle for a reply run outside any hub (benchmarks of what wraps
    /// a reply's frames): never stopped.
    pub fn detached() -> Self {
        Self { id: uuid::Uuid::new_v4().simple().to_string(), stopped: Arc::default(), savers: TaskTracker::new() }
    }

    /// Whether the reply was ended by Stop (rather than abandoned).
    pub fn stopped(&self) -> bool {
        self.stopped.load(Ordering::SeqCst)
    }
}

struct Reply {
    owner: ReplyOwner,
    stopped: Arc<std::sync::atomic::AtomicBool>,
    /// The reply's encoded frames so far.
    lines: Mutex<Vec<String>>,
    /// (number of lines, finished), for attached streams to wait on.
    progress: watch::Sender<(usize, bool)>,
    cancel: CancellationToken,
    attached: AtomicUsize,
    /// Counts attachments, so a grace timer knows whether someone came and
    /// went while it waited (their own timer then decides).
    attachments: AtomicUsize,
}

impl ReplyHub {
    pub fn new(grace: Duration) -> Self {
        Self { replies: Arc::default(), grace, savers: TaskTracker::new() }
    }

    /// For a server shutting down: lets the replies in flight finish for up
    /// to `deadline`, ends the rest (each saved as interrupted, with what it
    /// had), and waits for every reply's last save. Returns how many were
    /// ended early.
    pub async fn drain(&self, deadline: Duration) -> usize {
        let until = tokio::time::Instant::now() + deadline;
        while self.running() > 0 && tokio::time::Instant::now() < until {
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        let ended: Vec<Arc<Reply>> = self.lock().values().filter(|r| !r.progress.borrow().1).cloned().collect();
        for reply in &ended {
            reply.cancel.cancel();
        }
        self.savers.close();
        if tokio::time::timeout(SAVES_WAIT, self.savers.wait()).await.is_err() {
            tracing::error!(waited = ?SAVES_WAIT, "replies still saving at shutdown; their last second may be lost");
        }
        ended.len()
    }

    /// Starts a reply: `lines` gets the new reply's handle and returns its
    /// encoded frames. Returns the id and a stream of the frames, attached.
    pub fn start(
        &self,
        owner: ReplyOwner,
        lines: impl FnOnce(&ReplyHandle) -> BoxStream<'static, String>,
    ) -> (String, Attached) {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let stopped = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let reply = Arc::new(Reply {
            owner,
            stopped: stopped.clone(),
            lines: Mutex::new(Vec::new()),
            progress: watch::Sender::new((0, false)),
            cancel: CancellationToken::new(),
            attached: AtomicUsize::new(0),
            attachments: AtomicUsize::new(0),
        });
        self.lock().insert(id.clone(), reply.clone());
        let mut source = lines(&ReplyHandle { id: id.clone(), stopped, savers: self.savers.clone() });
        let attached = self.attach_to(reply.clone(), 0);
        let hub = self.clone();
        let reply_id = id.clone();
        // In the request's span: the reply's logs (queue, provider, storage)
        // carry its request id.
        let span = tracing::Span::current();
        tokio::spawn(tracing::Instrument::instrument(
            async move {
                loop {
                    tokio::select! {
                        biased;
                        _ = reply.cancel.cancelled() => break,
                        line = source.next() => match line {
                            Some(line) => reply.push(line),
                            None => break,
                        },
                    }
                }
                // Dropping the source stops the model.
                drop(source);
                reply.progress.send_modify(|(_, finished)| *finished = true);
                let frames = reply.progress.borrow().0;
                tracing::info!(reply_id = %reply_id, frames, stopped = reply.stopped.load(Ordering::SeqCst), "reply ended");
                // Kept a little longer for a browser that reattaches late.
                tokio::time::sleep(hub.grace).await;
                hub.lock().remove(&reply_id);
            },
            span,
        ));
        (id, attached)
    }

    /// Attaches to `user`'s reply from its `from`-th frame on; `None` if
    /// there is no such reply (never was, long finished, or not theirs).
    pub fn attach(&self, user: &str, id: &str, from: usize) -> Option<Attached> {
        let reply = self.lock().get(id).filter(|r| r.owner.user == user).cloned()?;
        Some(self.attach_to(reply, from))
    }

    /// Stops `user`'s reply now. Returns whether it was still running, or
    /// `None` if there is no such reply of theirs.
    pub fn stop(&self, user: &str, id: &str) -> Option<bool> {
        let replies = self.lock();
        let reply = replies.get(id).filter(|reply| reply.owner.user == user)?;
        if reply.progress.borrow().1 {
            return Some(false);
        }
        reply.stopped.store(true, Ordering::SeqCst);
        reply.cancel.cancel();
        Some(true)
    }

    /// The reply being generated in `user`'s `conversation` that its page
    /// shows, if any.
    pub fn running_in(&self, user: &str, conversation: &str) -> Option<String> {
        self.running_all_in(user, conversation).into_iter().find(|(_, shown)| *shown).map(|(id, _)| id)
    }

    /// Every reply being generated in `user`'s `conversation` (two while a
    /// comparison runs), each with whether its page shows it.
    pub fn running_all_in(&self, user: &str, conversation: &str) -> Vec<(String, bool)> {
        self.lock()
            .iter()
            .filter(|(_, r)| r.owner.user == user && r.owner.conversation == conversation && !r.progress.borrow().1)
            .map(|(id, r)| (id.clone(), r.owner.shown))
            .collect()
    }

    /// Replies still being generated.
    pub fn running(&self) -> usize {
        self.lock().values().filter(|r| !r.progress.borrow().1).count()
    }

    fn attach_to(&self, reply: Arc<Reply>, from: usize) -> Attached {
        reply.attached.fetch_add(1, Ordering::SeqCst);
        reply.attachments.fetch_add(1, Ordering::SeqCst);
        let progress = reply.progress.subscribe();
        Attached { reply, progress, offset: from, grace: self.grace, last_sent: None }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Arc<Reply>>> {
        // A panic while holding this lock leaves the map consistent.
        self.replies.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Reply {
    fn push(&self, line: String) {
        let len = {
            let mut lines = self.lines.lock().unwrap_or_else(|p| p.into_inner());
            lines.push(line);
            lines.len()
        };
        self.progress.send_modify(|(n, _)| *n = len);
    }
}

/// A browser's view of a reply: its frames from an offset on, batched as
/// they become available, and once text has begun at most every
/// [`TEXT_BATCH_EVERY`]. Dropping it detaches; the last to detach starts
/// the grace period.
pub struct Attached {
    reply: Arc<Reply>,
    progress: watch::Receiver<(usize, bool)>,
    offset: usize,
    grace: Duration,
    /// When the last batch went, once one has carried text.
    last_sent: Option<tokio::time::Instant>,
}

impl Attached {
    pub fn into_stream(self) -> impl Stream<Item = String> + Send + 'static {
        futures::stream::unfold(self, |mut this| async move {
            loop {
                let (len, finished) = *this.progress.borrow_and_update();
                if this.offset < len {
                    let due = this.last_sent.map(|sent| sent + TEXT_BATCH_EVERY);
                    if let Some(due) = due.filter(|due| !finished && tokio::time::Instant::now() < *due) {
                        // Until the batch is due, or the reply ends.
                        let _ = tokio::time::timeout_at(due, this.progress.wait_for(|(_, finished)| *finished)).await;
                        continue;
                    }
                    let (batch, has_text) = {
                        let lines = this.reply.lines.lock().unwrap_or_else(|p| p.into_inner());
                        let new = &lines[this.offset..len];
                        // Once text has begun, every batch is paced: no need to look.
                        let has_text = this.last_sent.is_some()
                            || new.iter().any(|line| colloquy_wire::ReplyFrame::line_is_text(line));
                        (new.concat(), has_text)
                    };
                    this.offset = len;
                    if has_text {
                        this.last_sent = Some(tokio::time::Instant::now());
                    }
                    return Some((batch, this));
                }
                if finished || this.progress.changed().await.is_err() {
                    return None;
                }
            }
        })
    }
}

impl Drop for Attached {
    fn drop(&mut self) {
        if self.reply.attached.fetch_sub(1, Ordering::SeqCst) != 1 || self.reply.progress.borrow().1 {
            return;
        }
        let reply = self.reply.clone();
        let grace = self.grace;
        let attachments = reply.attachments.load(Ordering::SeqCst);
        let expire = move || {
            let nobody_came = reply.attachments.load(Ordering::SeqCst) == attachments;
            if nobody_came && reply.attached.load(Ordering::SeqCst) == 0 {
                tracing::info!("no browser reattached within the grace period; ending the reply");
                reply.cancel.cancel();
            }
        };
        if grace.is_zero() {
            expire();
        } else if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                tokio::time::sleep(grace).await;
                expire();
            });
        } else {
            expire();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;

    fn owner() -> ReplyOwner {
        ReplyOwner { user: "u".into(), conversation: "c".into(), shown: true }
    }

    /// Lines "0\n", "1\n", … every 10 ms; sets `dropped` when dropped.
    fn ticking(dropped: Arc<AtomicBool>, count: usize) -> BoxStream<'static, String> {
        struct OnDrop(Arc<AtomicBool>);
        impl Drop for OnDrop {
            fn drop(&mut self) {
                self.0.store(true, Ordering::SeqCst);
            }
        }
        let guard = OnDrop(dropped);
        futures::stream::iter(0..count)
            .then(move |i| {
                let _ = &guard;
                async move {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    format!("{i}\n")
                }
            })
            .boxed()
    }

    #[tokio::test]
    async fn a_reply_streams_to_its_browser_and_is_kept_for_late_readers() {
        let hub = ReplyHub::new(Duration::from_millis(200));
        let dropped = Arc::new(AtomicBool::new(false));
        let (id, attached) = hub.start(owner(), |_| ticking(dropped.clone(), 5));
        let all: String = attached.into_stream().collect::<Vec<_>>().await.concat();
        assert_eq!(all, "0\n1\n2\n3\n4\n");
        // Finished, but still there to reattach to for the grace period.
        let rest: String = hub.attach("u", &id, 3).unwrap().into_stream().collect::<Vec<_>>().await.concat();
        assert_eq!(rest, "3\n4\n");
        assert_eq!(hub.stop("u", &id), Some(false), "already finished");
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(hub.attach("u", &id, 0).is_none());
    }

    #[tokio::test]
    async fn a_disconnected_reply_waits_for_a_reattach_then_ends() {
        let hub = ReplyHub::new(Duration::from_millis(150));
        let dropped = Arc::new(AtomicBool::new(false));
        let (id, attached) = hub.start(owner(), |_| ticking(dropped.clone(), 1000));
        let mut stream = Box::pin(attached.into_stream());
        let first = stream.next().await.unwrap();
        drop(stream);
        // Within the grace period the reply goes on, and a reattach gets
        // every frame after the ones already seen.
        tokio::time::sleep(Duration::from_millis(60)).await;
        assert!(!dropped.load(Ordering::SeqCst));
        let seen = first.lines().count();
        let mut again = Box::pin(hub.attach("u", &id, seen).unwrap().into_stream());
        let next = again.next().await.unwrap();
        assert!(next.starts_with(&format!("{seen}\n")), "{next:?}");
        drop(again);
        // Nobody comes back: the model stream is dropped after the grace.
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(dropped.load(Ordering::SeqCst));
        assert_eq!(hub.running(), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn text_goes_at_once_then_in_paced_batches_and_the_end_at_once() {
        use colloquy_wire::ReplyFrame;
        let hub = ReplyHub::new(Duration::ZERO);
        let line = |i: usize| ReplyFrame::Delta { text: format!("t{i} ") }.to_line();
        let started = ReplyFrame::Loading.to_line();
        // A frame before the text, then 40 tokens 10 ms apart.
        let frames = futures::stream::iter(std::iter::once(started.clone()).chain((0..40).map(line)))
            .then(|frame| async move {
                tokio::time::sleep(Duration::from_millis(10)).await;
                frame
            })
            .boxed();
        let (_, attached) = hub.start(owner(), |_| frames);
        let begun = tokio::time::Instant::now();
        let batches: Vec<(Duration, String)> =
            attached.into_stream().map(|batch| (begun.elapsed(), batch)).collect().await;
        let all: String = batches.iter().map(|(_, batch)| batch.as_str()).collect();
        assert_eq!(all, std::iter::once(started).chain((0..40).map(line)).collect::<String>());
        // Nothing waits before the text, nor the first text.
        assert_eq!(batches[0].0, Duration::from_millis(10));
        assert_eq!(batches[1], (Duration::from_millis(20), line(0)));
        // After it, batches are at least the pace apart, but for the end.
        for pair in batches[1..batches.len() - 1].windows(2) {
            assert!(pair[1].0 - pair[0].0 >= TEXT_BATCH_EVERY, "{:?}", (pair[0].0, pair[1].0));
        }
        assert!(batches.len() < 15, "{} batches", batches.len());
        // The last token is not held back once the reply has ended.
        assert_eq!(batches.last().unwrap().0, Duration::from_millis(410));
    }

    #[tokio::test]
    async fn stop_ends_a_reply_at_once() {
        let hub = ReplyHub::new(Duration::from_secs(10));
        let dropped = Arc::new(AtomicBool::new(false));
        let (id, attached) = hub.start(owner(), |_| ticking(dropped.clone(), 1000));
        assert_eq!(hub.running(), 1);
        assert_eq!(hub.running_in("u", "c").as_deref(), Some(id.as_str()));
        // Someone else can neither stop it nor read it.
        assert_eq!(hub.stop("v", &id), None);
        assert!(hub.attach("v", &id, 0).is_none());
        assert!(hub.running_in("v", "c").is_none());
        assert_eq!(hub.stop("u", &id), Some(true));
        let rest: Vec<String> = attached.into_stream().collect().await;
        assert!(rest.len() <= 1);
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(dropped.load(Ordering::SeqCst));
        assert_eq!(hub.running(), 0);
    }

    #[tokio::test]
    async fn a_page_reattaches_to_the_reply_it_shows_not_the_one_compared() {
        let hub = ReplyHub::new(Duration::from_secs(10));
        let dropped = Arc::new(AtomicBool::new(false));
        let compared = ReplyOwner { shown: false, ..owner() };
        let (second, _b) = hub.start(compared, |_| ticking(dropped.clone(), 1000));
        assert_eq!(hub.running_in("u", "c"), None);
        let (first, _a) = hub.start(owner(), |_| ticking(dropped.clone(), 1000));
        assert_eq!(hub.running_in("u", "c").as_deref(), Some(first.as_str()));
        let mut all = hub.running_all_in("u", "c");
        all.sort_by_key(|(_, shown)| *shown);
        assert_eq!(all, [(second, false), (first, true)]);
        assert!(hub.running_all_in("v", "c").is_empty());
    }
}
