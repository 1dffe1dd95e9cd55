//! The conversation as the page holds it, and the reply loop that streams
//! a reply into it.

use futures::future::{AbortHandle, Abortable};
use futures::StreamExt;
use leptos::html::Section;
use leptos::prelude::*;
use leptos::server_fn::error::ServerFnError;

use super::server_fns::{chat_reply, stop_reply};
use super::wire::{ChatTurn, FrameDecoder, ReplyFrame, Speaker, WireMessage};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageStatus {
    Complete,
    /// Waiting for the model to load.
    Loading,
    Streaming,
    /// The user pressed Stop; the text so far stays.
    Stopped,
    /// The reply ended with an error; the text so far stays.
    Failed(String),
}

impl MessageStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            MessageStatus::Complete => "complete",
            MessageStatus::Loading => "loading",
            MessageStatus::Streaming => "streaming",
            MessageStatus::Stopped => "stopped",
            MessageStatus::Failed(_) => "failed",
        }
    }
}

/// A message with its own signals, so a streaming reply re-renders only itself.
#[derive(Debug, Clone, Copy)]
pub struct Message {
    pub id: u64,
    pub role: Speaker,
    pub text: RwSignal<String>,
    pub status: RwSignal<MessageStatus>,
}

/// The reply being streamed, if any.
#[derive(Debug, Clone)]
struct ActiveReply {
    abort: AbortHandle,
    message: Message,
    /// Known once the server's first frame arrives.
    reply_id: Option<String>,
}

/// The page's conversation, provided as context.
#[derive(Clone, Copy)]
pub struct Conversation {
    pub messages: RwSignal<Vec<Message>>,
    pub input: RwSignal<String>,
    pub error: RwSignal<Option<String>>,
    pub list: NodeRef<Section>,
    active: RwSignal<Option<ActiveReply>>,
    next_id: StoredValue<u64>,
    max_message_bytes: usize,
}

impl Conversation {
    pub fn new(max_message_bytes: usize) -> Self {
        Self {
            messages: RwSignal::new(Vec::new()),
            input: RwSignal::new(String::new()),
            error: RwSignal::new(None),
            list: NodeRef::new(),
            active: RwSignal::new(None),
            next_id: StoredValue::new(0),
            max_message_bytes,
        }
    }

    pub fn reply_active(&self) -> bool {
        self.active.with(Option::is_some)
    }

    fn push(&self, role: Speaker, text: String, status: MessageStatus) -> Message {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        let message = Message { id, role, text: RwSignal::new(text), status: RwSignal::new(status) };
        self.messages.update(|m| m.push(message));
        message
    }

    /// Sends `text` as the user's next message. Returns false (and says why
    /// in `error`, where there is something to say) if it was not sent.
    pub fn send(&self, text: String) -> bool {
        if text.trim().is_empty() || self.reply_active() {
            return false;
        }
        if text.len() > self.max_message_bytes {
            self.error.set(Some(format!(
                "This message is {} bytes long; the limit is {} bytes. Shorten it or split it into parts.",
                text.len(),
                self.max_message_bytes
            )));
            return false;
        }
        self.error.set(None);
        self.push(Speaker::User, text, MessageStatus::Complete);
        let history: Vec<WireMessage> = self.messages.with_untracked(|messages| {
            messages
                .iter()
                // A failed or stopped reply is still what the user saw; an
                // empty one says nothing to the model.
                .filter(|m| m.text.with_untracked(|t| !t.is_empty()))
                .map(|m| WireMessage { role: m.role, content: m.text.get_untracked() })
                .collect()
        });
        let reply = self.push(Speaker::Assistant, String::new(), MessageStatus::Streaming);
        self.scroll_to_end(true);

        let (abort, registration) = AbortHandle::new_pair();
        self.active.set(Some(ActiveReply { abort, message: reply, reply_id: None }));
        let this = *self;
        leptos::task::spawn_local(async move {
            let _ = Abortable::new(this.stream_reply(history, reply), registration).await;
            this.active.update(|active| {
                if active.as_ref().is_some_and(|a| a.message.id == reply.id) {
                    *active = None;
                }
            });
        });
        true
    }

    async fn stream_reply(self, messages: Vec<WireMessage>, reply: Message) {
        let stream = match chat_reply(ChatTurn { messages }).await {
            Ok(stream) => stream.into_inner(),
            Err(e) => {
                reply.status.set(MessageStatus::Failed(user_message(e)));
                return;
            }
        };
        let mut stream = std::pin::pin!(stream);
        let mut decoder = FrameDecoder::default();
        while let Some(chunk) = stream.next().await {
            let chunk = match chunk {
                Ok(chunk) => chunk,
                Err(e) => {
                    reply.status.set(MessageStatus::Failed(format!("The connection failed: {}", user_message(e))));
                    return;
                }
            };
            for frame in decoder.push(&chunk) {
                match frame {
                    Ok(ReplyFrame::Started { reply_id }) => self.active.update(|active| {
                        if let Some(active) = active.as_mut().filter(|a| a.message.id == reply.id) {
                            active.reply_id = Some(reply_id);
                        }
                    }),
                    Ok(ReplyFrame::Loading) => reply.status.set(MessageStatus::Loading),
                    Ok(ReplyFrame::Delta { text }) => {
                        if reply.status.get_untracked() != MessageStatus::Streaming {
                            reply.status.set(MessageStatus::Streaming);
                        }
                        reply.text.update(|t| t.push_str(&text));
                        self.scroll_to_end(false);
                    }
                    Ok(ReplyFrame::Done { .. }) => {
                        reply.status.set(MessageStatus::Complete);
                        return;
                    }
                    Ok(ReplyFrame::Error { message }) => {
                        reply.status.set(MessageStatus::Failed(message));
                        return;
                    }
                    Err(why) => {
                        reply.status.set(MessageStatus::Failed(why));
                        return;
                    }
                }
            }
        }
        reply.status.set(MessageStatus::Failed("The connection ended before the reply was complete.".into()));
    }

    /// Ends the streaming reply; what arrived so far stays.
    pub fn stop(&self) {
        let Some(active) = self.active.get_untracked() else { return };
        active.abort.abort();
        active.message.status.set(MessageStatus::Stopped);
        self.active.set(None);
        // Dropping the stream closes the connection, which the server notices;
        // telling it directly also covers proxies that keep connections open.
        if let Some(reply_id) = active.reply_id {
            leptos::task::spawn_local(async move {
                let _ = stop_reply(reply_id).await;
            });
        }
    }

    /// Empties the conversation (stopping a reply in progress).
    pub fn clear(&self) {
        self.stop();
        self.messages.set(Vec::new());
        self.error.set(None);
    }

    /// Keeps the newest text in view, unless the user has scrolled up to read.
    fn scroll_to_end(&self, force: bool) {
        let list = self.list;
        request_animation_frame(move || {
            if let Some(el) = list.get_untracked() {
                let distance = el.scroll_height() - el.scroll_top() - el.client_height();
                if force || distance < 80 {
                    el.set_scroll_top(el.scroll_height());
                }
            }
        });
    }
}

/// The part of a server function error a person should read.
fn user_message(e: ServerFnError) -> String {
    match e {
        ServerFnError::Args(message) | ServerFnError::ServerError(message) => message,
        ServerFnError::Request(_) => "The server could not be reached. Check your connection and try again.".into(),
        other => other.to_string(),
    }
}
