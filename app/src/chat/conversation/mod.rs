//! The conversation as the page holds it, and the reply loop that streams
//! a reply into it. Its parts: each message's state (`messages`), the
//! reader that applies a reply's frames (`reply_reader`), and following
//! the newest text as it arrives (`scrolling`).

mod compare;
mod messages;
mod reply_reader;
mod revisions;
mod scrolling;
mod variants;

pub use compare::Comparison;
pub use messages::{Message, MessageStatus};
use reply_reader::ReplyReader;

use futures::future::{AbortHandle, Abortable};
use leptos::html::Section;
use leptos::prelude::*;
use leptos::server_fn::codec::TextStream;

use super::composer_files::{Pending, Sent, UploadState};
use super::server_fns::{chat_reply, earlier_messages, resume_reply, stop_reply};
use crate::errors::error_text;
use crate::i18n::{t, tf};
use colloquy_wire::{
    AppError, ChatTurn, ConversationLink, FileKind, InputValues, ModelChoice, OpenConversation, Speaker, StoredView,
    ThinkSplitter, VariantOf, WireMessage,
};

/// The reply being streamed, if any.
#[derive(Debug, Clone)]
struct ActiveReply {
    abort: AbortHandle,
    message: Message,
    /// The second reply streaming beside it (Compare).
    rival: Option<Message>,
}

/// How to put things back if the server refuses a turn (it then stored
/// nothing): the messages as they were, and the text and files that were
/// being sent, back in the composer or the edited message.
#[derive(Debug, Clone)]
struct Rollback {
    messages: Vec<Message>,
    composer: Option<(String, Vec<Sent>)>,
    /// A message edited, with its text and variant before.
    edited: Option<(Message, String, Option<VariantOf>)>,
}

/// The page's conversation, provided as context.
#[derive(Clone, Copy)]
pub struct Conversation {
    pub messages: RwSignal<Vec<Message>>,
    pub input: RwSignal<String>,
    pub error: RwSignal<Option<String>>,
    /// The model this conversation talks to (an id the server offered).
    pub model: RwSignal<String>,
    /// The settings panel's changed values, sent with each turn.
    pub inputs: RwSignal<InputValues>,
    /// Whether the page is running in the browser (effects have run).
    pub hydrated: RwSignal<bool>,
    /// What the live region last said (reply text, a sentence at a time).
    pub announcement: RwSignal<String>,
    /// Files attached in the composer, not yet sent.
    pub pending: RwSignal<Vec<Pending>>,
    /// The models on offer, for what each can read.
    models: StoredValue<Vec<ModelChoice>>,
    pub list: NodeRef<Section>,
    /// Whether the message list is scrolled to (near) its end; when not,
    /// streaming text does not pull the view down.
    pub at_end: RwSignal<bool>,
    active: RwSignal<Option<ActiveReply>>,
    /// Two replies to one message shown side by side (Compare), until one
    /// is chosen or the conversation goes on.
    pub comparison: RwSignal<Option<Comparison>>,
    /// An Undo the server has not confirmed yet. The next turn or Undo
    /// waits for it: each says how many messages it saw, and reaching the
    /// server before the Undo it would be refused (409).
    undoing: RwSignal<bool>,
    next_id: StoredValue<u64>,
    /// A scroll to the end is waiting for the next frame.
    scroll_queued: StoredValue<bool>,
    /// Where the list was scrolled to when last seen at its end: a lower
    /// position now means the person scrolled up (see `follow_end_now`).
    followed_top: StoredValue<i32>,
    max_message_bytes: usize,
    /// The bot a new conversation is with (empty: the app's own).
    bot: StoredValue<String>,
    /// The stored conversation's id; `None` until the first reply starts.
    pub id: RwSignal<Option<String>>,
    /// The person's conversations, for the sidebar (newest first).
    pub sidebar: RwSignal<Vec<ConversationLink>>,
    /// How many messages the server has stored (the page shows the same,
    /// once a turn it refused is rolled back, counting `earlier`).
    stored: StoredValue<usize>,
    /// How many stored messages come before the first one shown: a long
    /// conversation opens at its end, and "Show earlier messages" adds
    /// them a window at a time. Positions sent to the server count these.
    pub earlier: RwSignal<usize>,
    /// The conversation's reactive owner. Messages' signals are created
    /// under it, not under whatever component's handler adds them (an edit
    /// box or a Retry button that unmounts would take them along).
    owner: StoredValue<Owner>,
}

/// How often a lost connection is resumed before the reply counts as
/// interrupted.
const RESUME_ATTEMPTS: u32 = 3;

impl Conversation {
    /// The page's conversation: `opened` (a stored one) or a new one.
    pub fn new(
        max_message_bytes: usize,
        bot: String,
        model: String,
        models: Vec<ModelChoice>,
        opened: Option<OpenConversation>,
        sidebar: Vec<ConversationLink>,
    ) -> Self {
        let model =
            opened.as_ref().filter(|o| models.iter().any(|m| m.id == o.model)).map_or(model, |o| o.model.clone());
        let this = Self {
            messages: RwSignal::new(Vec::new()),
            input: RwSignal::new(String::new()),
            error: RwSignal::new(None),
            model: RwSignal::new(model),
            inputs: RwSignal::new(InputValues::default()),
            pending: RwSignal::new(Vec::new()),
            announcement: RwSignal::new(String::new()),
            hydrated: RwSignal::new(false),
            models: StoredValue::new(models),
            list: NodeRef::new(),
            at_end: RwSignal::new(true),
            active: RwSignal::new(None),
            comparison: RwSignal::new(None),
            undoing: RwSignal::new(false),
            next_id: StoredValue::new(0),
            scroll_queued: StoredValue::new(false),
            followed_top: StoredValue::new(0),
            max_message_bytes,
            bot: StoredValue::new(bot),
            id: RwSignal::new(opened.as_ref().map(|o| o.id.clone())),
            sidebar: RwSignal::new(sidebar),
            stored: StoredValue::new(0),
            earlier: RwSignal::new(0),
            owner: StoredValue::new(Owner::current().unwrap_or_default()),
        };
        if let Some(opened) = opened {
            let count = opened.messages.len();
            let earlier = opened.earlier as usize;
            let messages = opened
                .messages
                .into_iter()
                .enumerate()
                .map(|(i, stored)| this.stored_message(stored, opened.reply.is_some() && i + 1 == count))
                .collect();
            this.messages.set(messages);
            this.earlier.set(earlier);
            this.stored.set_value(earlier + count);
            // No clock time: the server rendered these without one.
            this.messages.update_untracked(|messages| {
                messages.iter_mut().for_each(|m| {
                    m.created_ms = 0.0;
                    m.prerendered = true;
                })
            });
            if let Some(reply_id) = opened.reply {
                this.reattach_on_hydrate(reply_id);
            }
        }
        this
    }

    /// A reply still being written when the page was loaded: once in the
    /// browser, read it again from its first frame (the server keeps them
    /// all), so the text is whole, with nothing lost or repeated.
    fn reattach_on_hydrate(&self, reply_id: String) {
        #[cfg(feature = "hydrate")]
        {
            let this = *self;
            Effect::new(move |done: Option<()>| {
                if done.is_some() {
                    return;
                }
                let Some(reply) = this.messages.with_untracked(|m| m.last().copied()) else { return };
                reply.prerendered_reset();
                let (abort, registration) = AbortHandle::new_pair();
                this.active.set(Some(ActiveReply { abort, message: reply, rival: None }));
                reply.reply_id.set(Some(reply_id.clone()));
                let reply_id = reply_id.clone();
                leptos::task::spawn_local(async move {
                    let resumed = async move {
                        match resume_reply(reply_id, 0).await {
                            Ok(stream) => this.read_reply(stream, reply, None).await,
                            Err(e) => reply.fail(error_text(&e)),
                        }
                    };
                    let _ = Abortable::new(resumed, registration).await;
                    this.finish_active(reply);
                });
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = reply_id;
    }

    /// The stored conversation and `message`'s place in it (from 1), for
    /// feedback; `None` for a message the server does not have.
    pub fn stored_place(&self, message: &Message) -> Option<(String, u32)> {
        let id = self.id.get_untracked()?;
        let at = self.earlier.get_untracked()
            + self.messages.with_untracked(|m| m.iter().position(|m| m.id == message.id))?;
        (at < self.stored.get_value()).then_some((id, at as u32 + 1))
    }

    /// How many messages the page has, the ones not shown yet included.
    fn count(&self) -> usize {
        self.earlier.get_untracked() + self.messages.with_untracked(Vec::len)
    }

    /// Adds the window of stored messages before the first one shown
    /// ("Show earlier messages"); the browser's scroll anchoring keeps the
    /// messages being read where they were.
    pub fn show_earlier(&self) {
        let (Some(id), before) = (self.id.get_untracked(), self.earlier.get_untracked()) else { return };
        if before == 0 {
            return;
        }
        let this = *self;
        leptos::task::spawn_local(async move {
            match earlier_messages(id, before as u32 + 1).await {
                Ok(views) => {
                    // The page may have moved on (another window, a new
                    // chat) while this was read.
                    if this.earlier.get_untracked() != before {
                        return;
                    }
                    let added: Vec<Message> = views.into_iter().map(|view| this.stored_message(view, false)).collect();
                    let (count, now_earlier) = (added.len(), before.saturating_sub(added.len()));
                    this.messages.update(|messages| {
                        messages.splice(0..0, added);
                    });
                    this.earlier.set(if count == 0 { 0 } else { now_earlier });
                }
                Err(e) => this.error.set(Some(tf("earlier-failed", &[("why", (&error_text(&e)).into())]))),
            }
        });
    }

    /// A stored message as the page holds it (not yet in `messages`).
    fn stored_message(&self, stored: StoredView, running: bool) -> Message {
        let status = MessageStatus::from_stored(&stored, running);
        let mut message = self.new_message(stored.role, stored.content, status);
        // No clock time: the server renders stored messages without one.
        message.created_ms = 0.0;
        message.reasoning.set(stored.reasoning);
        message.rating.set(stored.rating);
        message.panels.set(stored.panels);
        message.variant.set(stored.variant);
        message.attachments.set(stored.attachments.into_iter().map(|view| Sent { view, preview: None }).collect());
        message
    }

    /// The bot a new conversation is with (empty: the app's own).
    pub fn bot_name(&self) -> String {
        self.bot.get_value()
    }

    /// How many messages the conversation has, those not shown yet
    /// included (what the no-JavaScript form says it saw).
    pub fn message_count(&self) -> usize {
        self.earlier.get() + self.messages.with(Vec::len)
    }

    pub fn reply_active(&self) -> bool {
        self.active.with(Option::is_some)
    }

    fn push(&self, role: Speaker, text: String, status: MessageStatus) -> Message {
        let message = self.new_message(role, text, status);
        self.messages.update(|m| m.push(message));
        message
    }

    fn new_message(&self, role: Speaker, text: String, status: MessageStatus) -> Message {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        let owner = self.owner.get_value();
        owner.with(|| Message {
            id,
            role,
            text: RwSignal::new(text),
            status: RwSignal::new(status),
            reasoning: RwSignal::new(String::new()),
            reasoning_time: RwSignal::new(None),
            panels: RwSignal::new(Vec::new()),
            created_ms: now_ms(),
            reply_id: RwSignal::new(None),
            editing: RwSignal::new(false),
            rating: RwSignal::new(None),
            attachments: RwSignal::new(Vec::new()),
            prerendered: false,
            variant: RwSignal::new(None),
        })
    }

    /// Whether `text` (with `attachments`) can go to the model now; says
    /// why not in `error` where there is something to say, and clears
    /// `error` if it can.
    fn may_send(&self, text: &str, attachments: &[Sent]) -> bool {
        if (text.trim().is_empty() && attachments.is_empty()) || self.reply_active() || self.undoing.get_untracked() {
            return false;
        }
        if text.len() > self.max_message_bytes {
            self.error.set(Some(tf(
                "message-too-long",
                &[("length", text.len().into()), ("limit", self.max_message_bytes.into())],
            )));
            return false;
        }
        if let Some(why) = self.unreadable(&self.model.get_untracked(), attachments) {
            self.error.set(Some(why));
            return false;
        }
        self.error.set(None);
        true
    }

    /// Why `model` cannot read one of `attachments`, if it cannot.
    fn unreadable(&self, model: &str, attachments: &[Sent]) -> Option<String> {
        self.models.with_value(|models| {
            let choice = models.iter().find(|m| m.id == model)?;
            let sent =
                attachments.iter().find(|a| a.view.kind != FileKind::Text && !choice.accepts.contains(&a.view.kind))?;
            let kind = crate::i18n::kind_name(sent.view.kind);
            Some(tf(
                "model-cannot-read",
                &[("model", (&choice.label).into()), ("kind", kind.into()), ("name", (&sent.view.name).into())],
            ))
        })
    }

    /// The models on offer.
    pub fn model_choices(&self) -> Vec<ModelChoice> {
        self.models.get_value()
    }

    /// The composer's files, if all are uploaded; otherwise says what to
    /// wait for or remove.
    fn take_ready(&self) -> Option<Vec<Sent>> {
        let ready = self.pending.with_untracked(|pending| {
            pending
                .iter()
                .map(|p| match p.state.get_untracked() {
                    UploadState::Ready(view) => Ok(Sent { view, preview: p.preview.clone() }),
                    UploadState::Uploading => Err(t("files-wait")),
                    UploadState::Failed(_) => Err(t("files-failed")),
                })
                .collect::<Result<Vec<_>, _>>()
        });
        ready.map_err(|why| self.error.set(Some(why.to_string()))).ok()
    }

    /// Sends `text`, with the composer's files, as the user's next message.
    /// Returns false (and says why in `error`, where there is something to
    /// say) if it was not sent.
    pub fn send(&self, text: String) -> bool {
        let Some(attachments) = self.take_ready() else { return false };
        if !self.may_send(&text, &attachments) {
            return false;
        }
        let (keep, message, rollback) = self.push_turn(text, attachments);
        self.request_reply(keep, Some(message), rollback);
        true
    }

    /// Shows `text` with `attachments` as the user's next message, the
    /// composer's files taken; returns how many messages it follows, the
    /// message, and how to put things back if the server refuses the turn.
    fn push_turn(&self, text: String, attachments: Vec<Sent>) -> (usize, Message, Rollback) {
        let rollback = Rollback {
            messages: self.messages.get_untracked(),
            composer: Some((text.clone(), attachments.clone())),
            edited: None,
        };
        let keep = self.count();
        let message = self.push(Speaker::User, text, MessageStatus::Complete);
        message.attachments.set(attachments);
        self.pending.set(Vec::new());
        (keep, message, rollback)
    }

    /// A file added to the composer, uploading.
    pub fn add_pending(&self, name: String, kind: FileKind, preview: Option<String>) -> Pending {
        let key = self.next_id.get_value();
        self.next_id.set_value(key + 1);
        let state = self.owner.get_value().with(|| RwSignal::new(UploadState::Uploading));
        let pending = Pending { key, name, kind, preview, state };
        self.pending.update(|p| p.push(pending.clone()));
        pending
    }

    pub fn remove_pending(&self, key: u64) {
        self.pending.update(|p| p.retain(|p| p.key != key));
        self.error.set(None);
    }

    /// The whole conversation as markdown, for the clipboard.
    pub fn transcript(&self) -> String {
        self.messages.with_untracked(|messages| {
            messages
                .iter()
                .filter(|m| m.text.with_untracked(|t| !t.is_empty()))
                .map(|m| {
                    let who = match m.role {
                        Speaker::User => "**User:**",
                        Speaker::Assistant => "**Assistant:**",
                    };
                    format!("{who}\n\n{}", m.text.get_untracked())
                })
                .collect::<Vec<_>>()
                .join("\n\n---\n\n")
        })
    }

    /// Asks for a reply after the first `keep` messages and `message` (the
    /// user's new one, already shown; `None` to answer the last kept one
    /// again), streamed into a new assistant message.
    fn request_reply(&self, keep: usize, message: Option<Message>, rollback: Rollback) {
        let has_message = message.is_some();
        let turn = self.turn(keep, message);
        let reply = self.push(Speaker::Assistant, String::new(), MessageStatus::Streaming);
        self.scroll_to_end(true);

        let (abort, registration) = AbortHandle::new_pair();
        self.active.set(Some(ActiveReply { abort, message: reply, rival: None }));
        let this = *self;
        let stored_after = keep + usize::from(has_message) + 1;
        leptos::task::spawn_local(async move {
            let _ = Abortable::new(this.stream_reply(turn, reply, rollback, stored_after), registration).await;
            this.finish_active(reply);
        });
    }

    /// The turn that keeps the first `keep` messages and adds `message` (the
    /// user's new one; `None` to answer the last kept one again). A
    /// comparison on show ends: the conversation goes on from its first
    /// reply, or from before it.
    fn turn(&self, keep: usize, message: Option<Message>) -> ChatTurn {
        self.comparison.set(None);
        let message = message.map(|m| WireMessage {
            role: m.role,
            content: m.text.get_untracked(),
            attachments: m.attachments.with_untracked(|a| a.iter().map(|a| a.view.clone()).collect()),
        });
        ChatTurn {
            conversation: self.id.get_untracked(),
            expect: self.stored.get_value() as u32,
            keep: keep as u32,
            message,
            model: self.model.get_untracked(),
            inputs: self.inputs.get_untracked(),
            bot: self.bot.get_value(),
        }
    }

    fn finish_active(&self, reply: Message) {
        self.active.update(|active| {
            if active.as_ref().is_some_and(|a| a.message.id == reply.id) {
                *active = None;
            }
        });
    }

    /// Puts back what a refused turn changed, and says why.
    fn roll_back(&self, rollback: Rollback, why: String) {
        self.messages.set(rollback.messages);
        if let Some((message, text, variant)) = rollback.edited {
            message.text.set(text);
            message.variant.set(variant);
        }
        if let Some((text, attachments)) = rollback.composer {
            if self.input.with_untracked(String::is_empty) {
                self.input.set(text);
            }
            for sent in attachments {
                let pending = self.add_pending(sent.view.name.clone(), sent.view.kind, sent.preview);
                pending.state.set(UploadState::Ready(sent.view));
            }
        }
        self.error.set(Some(why));
    }

    /// The conversation is stored under `id` (with `title`, if new): the
    /// address and the sidebar follow.
    fn note_stored(&self, id: String, title: Option<String>) {
        let is_new = self.id.get_untracked().as_deref() != Some(id.as_str());
        if is_new {
            self.id.set(Some(id.clone()));
            #[cfg(feature = "hydrate")]
            if let Ok(history) = window().history() {
                let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("/c/{id}")));
            }
        }
        // Most recently used first, after the pinned ones (a pinned one
        // keeps its place).
        self.sidebar.update(|links| {
            if links.iter().any(|l| l.id == id && l.pinned) {
                return;
            }
            let existing = links.iter().position(|l| l.id == id).map(|at| links.remove(at));
            let link = existing.unwrap_or_else(|| ConversationLink {
                id,
                title: title.unwrap_or_else(|| t("new-chat-title").to_string()),
                pinned: false,
                folder: None,
            });
            let after_pinned = links.iter().take_while(|l| l.pinned).count();
            links.insert(after_pinned, link);
        });
    }

    async fn stream_reply(self, turn: ChatTurn, reply: Message, rollback: Rollback, stored_after: usize) {
        let stream = match chat_reply(turn).await {
            Ok(stream) => stream,
            Err(e) => {
                // Refused before anything was stored.
                self.roll_back(rollback, error_text(&e));
                return;
            }
        };
        self.read_reply(stream, reply, Some(stored_after)).await;
    }

    /// Reads a reply into `reply`, resuming after lost connections.
    /// `stored_after` is the stored count once this reply's turn began (a
    /// new turn; `None` when reattaching to one already counted).
    async fn read_reply(self, mut stream: TextStream<AppError>, reply: Message, stored_after: Option<usize>) {
        let mut reader = ReplyReader {
            conversation: self,
            reply,
            frames_seen: 0,
            think: ThinkSplitter::default(),
            announced: 0,
            stored_after,
        };
        let mut resumes = 0;
        loop {
            let lost = match reader.read(stream).await {
                Ok(()) => return,
                Err(lost) => lost,
            };
            // The connection broke mid-reply; the reply goes on at the
            // server for a while, so pick it up where it left off.
            let Some(reply_id) = reply.reply_id.get_untracked().filter(|_| resumes < RESUME_ATTEMPTS) else {
                reply.fail(lost);
                return;
            };
            resumes += 1;
            sleep_ms(300 * resumes).await;
            stream = match resume_reply(reply_id, reader.frames_seen).await {
                Ok(stream) => stream,
                Err(e) => {
                    reply.fail(format!("{lost} ({})", error_text(&e)));
                    return;
                }
            };
        }
    }

    /// Ends the streaming reply; what arrived so far stays.
    pub fn stop(&self) {
        let Some(active) = self.active.get_untracked() else {
            return;
        };
        active.abort.abort();
        self.active.set(None);
        for message in [Some(active.message), active.rival].into_iter().flatten() {
            // One of two compared replies may have ended already.
            if !message.status.with_untracked(MessageStatus::is_streaming) {
                continue;
            }
            message.status.set(MessageStatus::Stopped);
            // Dropping the stream closes the connection, but the server
            // keeps a reply for a browser that reconnects: say it is not
            // wanted.
            if let Some(reply_id) = message.reply_id.get_untracked() {
                leptos::task::spawn_local(async move {
                    let _ = stop_reply(reply_id).await;
                });
            }
        }
    }
}

/// Milliseconds since the epoch in the browser; 0 on the server.
pub fn now_ms() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0.0
    }
}

async fn sleep_ms(ms: u32) {
    let (tx, rx) = futures::channel::oneshot::channel::<()>();
    set_timeout(
        move || {
            let _ = tx.send(());
        },
        std::time::Duration::from_millis(ms.into()),
    );
    let _ = rx.await;
}
