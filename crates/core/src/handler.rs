//! Bots written in Rust: a [`Handler`] gets each turn (the new message, the
//! history, the page's additional inputs, and the models it may call) and
//! answers with a [`Reply`], a stream of [`ChatEvent`]s. Colloquy does the
//! rest (page, streaming, persistence, limits, API), exactly as for a model:
//! a handler is served through [`HandlerModel`], a [`ModelProvider`].

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use futures::channel::mpsc;
use futures::{SinkExt, Stream, StreamExt};

use crate::{
    ChatEvent, ChatMessage, ChatRequest, ChatStream, FinishReason, InputValue, ModelProvider, PanelStatus, PanelUpdate,
    ProviderError, Role, SamplingParams, ToolCall, ToolCallDelta, Tools, Usage,
};

/// One turn, as a handler sees it.
#[derive(Clone)]
pub struct Turn {
    /// The user's message this turn answers (on a retry, the last one again).
    pub message: ChatMessage,
    /// Everything before `message`, oldest first.
    pub history: Vec<ChatMessage>,
    /// The page's additional inputs, by name, already checked against their
    /// configuration (ranges, choices, types).
    pub inputs: BTreeMap<String, InputValue>,
    /// The configured system prompt, or the one from the settings panel.
    pub system_prompt: Option<String>,
    pub sampling: SamplingParams,
    /// The models this bot may call.
    pub models: Models,
    /// The tools it may call: the configured MCP servers' (offer
    /// `tools.specs()` to a model, run its calls with [`Turn::call_tool`]).
    pub tools: Tools,
}

impl Turn {
    /// The text of the new message.
    pub fn text(&self) -> &str {
        &self.message.content
    }

    /// An additional input's value, if the page sent it.
    pub fn input(&self, name: &str) -> Option<&InputValue> {
        self.inputs.get(name)
    }

    /// The turn as a model request: the system prompt, the history and the
    /// new message, with the turn's sampling; change it before sending it
    /// to one of [`Turn::models`].
    pub fn to_request(&self) -> ChatRequest {
        let mut messages = self.history.clone();
        messages.push(self.message.clone());
        ChatRequest {
            system_prompt: self.system_prompt.clone(),
            messages,
            sampling: self.sampling.clone(),
            inputs: self.inputs.clone(),
            tools: Vec::new(),
        }
    }

    /// Runs a tool the model asked for; the error is for the model (and a
    /// panel) to read.
    pub async fn call_tool(&self, call: &ToolCall) -> Result<String, String> {
        self.tools.call(call).await
    }

    fn from_request(request: ChatRequest, models: Models, tools: Tools) -> Self {
        let mut history = request.messages;
        let message = match history.iter().rposition(|m| m.role == Role::User) {
            Some(at) if at + 1 == history.len() => history.remove(at),
            _ => ChatMessage::new(Role::User, ""),
        };
        Turn {
            message,
            history,
            inputs: request.inputs,
            system_prompt: request.system_prompt,
            sampling: request.sampling,
            models,
            tools,
        }
    }
}

/// The models a handler may call, by id.
#[derive(Clone, Default)]
pub struct Models {
    by_id: Arc<BTreeMap<String, Arc<dyn ModelProvider>>>,
    default: Option<String>,
}

impl Models {
    /// `default` is the model [`Models::default_model`] answers with.
    pub fn new(models: impl IntoIterator<Item = Arc<dyn ModelProvider>>, default: Option<String>) -> Self {
        let by_id = models.into_iter().map(|m| (m.id().to_string(), m)).collect();
        Self { by_id: Arc::new(by_id), default }
    }

    pub fn get(&self, id: &str) -> Option<&Arc<dyn ModelProvider>> {
        self.by_id.get(id)
    }

    /// The configured default model: the embedded one unless configured
    /// otherwise. `None` when the bot was given no model.
    pub fn default_model(&self) -> Option<&Arc<dyn ModelProvider>> {
        self.default.as_deref().and_then(|id| self.get(id)).or_else(|| self.by_id.values().next())
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.by_id.keys().map(String::as_str)
    }
}

/// A handler's answer: a stream of events, ended by [`ChatEvent::Done`] or
/// [`ChatEvent::Error`] (added when the stream just ends). Dropping it (the
/// user pressed Stop, or left) stops whatever produces it.
pub struct Reply(ChatStream);

impl Reply {
    /// A whole reply at once.
    pub fn text(text: impl Into<String>) -> Self {
        let text = text.into();
        Reply::stream(futures::stream::iter([ChatEvent::TextDelta(text)]))
    }

    /// A failed reply; the page shows `message` as the reason.
    pub fn error(message: impl Into<String>) -> Self {
        let error = ProviderError::Generation(message.into());
        Reply::stream(futures::stream::iter([ChatEvent::Error(error)]))
    }

    /// Events as they come.
    pub fn stream(events: impl Stream<Item = ChatEvent> + Send + 'static) -> Self {
        Reply(events.boxed())
    }

    /// A model's reply, passed through (its tokens stream as it makes them).
    pub fn from_model(model: &dyn ModelProvider, request: ChatRequest) -> Self {
        Reply(model.stream_chat(request))
    }

    /// Events written by `write` through a [`ReplyWriter`], streamed as it
    /// writes them: the natural shape for a reply built step by step (tool
    /// calls, then an answer). `write` runs on the server's runtime and is
    /// dropped when the reply is: a write after Stop returns [`Stopped`].
    pub fn writer<F, Fut>(write: F) -> Self
    where
        F: FnOnce(ReplyWriter) -> Fut + Send + 'static,
        Fut: Future<Output = Result<(), Stopped>> + Send + 'static,
    {
        // Small: a writer ahead of a slow reader waits instead of piling up.
        let (tx, rx) = mpsc::channel(16);
        let work = write(ReplyWriter { tx });
        let driven = futures::stream::once(work).filter_map(|_| async { None });
        Reply(futures::stream::select(rx, driven).boxed())
    }

    pub fn into_stream(self) -> ChatStream {
        self.0
    }
}

impl From<String> for Reply {
    fn from(text: String) -> Self {
        Reply::text(text)
    }
}

impl From<&str> for Reply {
    fn from(text: &str) -> Self {
        Reply::text(text)
    }
}

/// The reply was stopped (Stop pressed, or the reader left): the writer
/// should return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the reply was stopped")]
pub struct Stopped;

/// Writes a reply's events, in order.
pub struct ReplyWriter {
    tx: mpsc::Sender<ChatEvent>,
}

impl ReplyWriter {
    pub async fn send(&mut self, event: ChatEvent) -> Result<(), Stopped> {
        self.tx.send(event).await.map_err(|_| Stopped)
    }

    /// More reply text (markdown).
    pub async fn text(&mut self, text: impl Into<String>) -> Result<(), Stopped> {
        self.send(ChatEvent::TextDelta(text.into())).await
    }

    /// A file in the reply, after the text so far: an image (PNG, JPEG,
    /// GIF, WebP) shows in place, anything else is offered for download.
    /// The server checks it as an upload (type by content, size, the
    /// user's storage); one it refuses is named in the reply instead.
    pub async fn file(&mut self, name: impl Into<String>, data: Vec<u8>) -> Result<(), Stopped> {
        self.send(ChatEvent::File(crate::ReplyFile { name: name.into(), data })).await
    }

    /// More reasoning, shown apart from the reply.
    pub async fn reasoning(&mut self, text: impl Into<String>) -> Result<(), Stopped> {
        self.send(ChatEvent::ReasoningDelta(text.into())).await
    }

    /// Opens a panel beside the reply (a tool's run, a search), shown as
    /// pending until [`Panel::done`]. Its id must be unique in the reply.
    pub async fn panel(&mut self, id: impl Into<String>, title: impl Into<String>) -> Result<Panel, Stopped> {
        let id = id.into();
        let update = PanelUpdate {
            id: id.clone(),
            parent: None,
            title: Some(title.into()),
            status: Some(PanelStatus::Pending),
            text: String::new(),
            duration_ms: None,
        };
        self.send(ChatEvent::Panel(update)).await?;
        Ok(Panel { id, started: Instant::now() })
    }

    /// Adds text to an open panel.
    pub async fn panel_text(&mut self, panel: &Panel, text: impl Into<String>) -> Result<(), Stopped> {
        let update = PanelUpdate {
            id: panel.id.clone(),
            parent: None,
            title: None,
            status: None,
            text: text.into(),
            duration_ms: None,
        };
        self.send(ChatEvent::Panel(update)).await
    }

    /// Streams a model's reply into this one: its text and reasoning pass
    /// through as they come; returns its text, the tools it asked for (when
    /// `request.tools` offered some) and why it ended. Its failure ends
    /// nothing: the handler decides.
    pub async fn relay(&mut self, model: &dyn ModelProvider, request: ChatRequest) -> Result<Relayed, Stopped> {
        let mut events = model.stream_chat(request);
        let mut relayed = Relayed::default();
        while let Some(event) = events.next().await {
            match event {
                ChatEvent::TextDelta(text) => {
                    relayed.text.push_str(&text);
                    self.text(text).await?;
                }
                ChatEvent::ReasoningDelta(text) => self.reasoning(text).await?,
                ChatEvent::Done { finish, usage } => {
                    relayed.finish = Some(finish);
                    relayed.usage = usage;
                }
                ChatEvent::Error(e) => relayed.error = Some(e),
                ChatEvent::Loading => self.send(ChatEvent::Loading).await?,
                ChatEvent::File(file) => self.send(ChatEvent::File(file)).await?,
                ChatEvent::ToolCallDelta(delta) => relayed.add_call_piece(delta),
                ChatEvent::Panel(_) => {}
            }
        }
        Ok(relayed)
    }
}

/// What [`ReplyWriter::relay`] passed on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Relayed {
    pub text: String,
    pub finish: Option<FinishReason>,
    pub usage: Usage,
    pub error: Option<ProviderError>,
    /// The tools the model asked for, whole, in its order.
    pub tool_calls: Vec<ToolCall>,
    /// Stream indexes of `tool_calls`, to join their pieces.
    call_indexes: Vec<u32>,
}

impl Relayed {
    fn add_call_piece(&mut self, delta: ToolCallDelta) {
        let at = match self.call_indexes.iter().position(|&i| i == delta.index) {
            Some(at) => at,
            None => {
                self.call_indexes.push(delta.index);
                // A model that names no id gets one: results must point at a call.
                let id = format!("call_{}", self.tool_calls.len());
                self.tool_calls.push(ToolCall { id, name: String::new(), arguments: String::new() });
                self.tool_calls.len() - 1
            }
        };
        let call = &mut self.tool_calls[at];
        if let Some(id) = delta.id.filter(|id| !id.is_empty()) {
            call.id = id;
        }
        if let Some(name) = delta.name {
            call.name.push_str(&name);
        }
        call.arguments.push_str(&delta.arguments);
    }
}

/// An open panel (see [`ReplyWriter::panel`]).
#[derive(Debug)]
pub struct Panel {
    id: String,
    started: Instant,
}

impl Panel {
    /// Marks the panel done, adding `text` and the time since it opened.
    pub async fn done(self, writer: &mut ReplyWriter, text: impl Into<String>) -> Result<(), Stopped> {
        self.end(writer, PanelStatus::Done, text.into()).await
    }

    /// Marks the panel failed, adding why and the time since it opened.
    pub async fn failed(self, writer: &mut ReplyWriter, why: impl Into<String>) -> Result<(), Stopped> {
        self.end(writer, PanelStatus::Failed, why.into()).await
    }

    async fn end(self, writer: &mut ReplyWriter, status: PanelStatus, text: String) -> Result<(), Stopped> {
        let update = PanelUpdate {
            id: self.id,
            parent: None,
            title: None,
            status: Some(status),
            text,
            duration_ms: Some(self.started.elapsed().as_millis() as u64),
        };
        writer.send(ChatEvent::Panel(update)).await
    }
}

/// A bot's logic. Implemented for every `Fn(Turn) -> impl Future<Output =
/// impl Into<Reply>>`, so an async closure is a handler.
pub trait Handler: Send + Sync + 'static {
    fn reply(&self, turn: Turn) -> futures::future::BoxFuture<'static, Reply>;
}

impl<F, Fut, R> Handler for F
where
    F: Fn(Turn) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = R> + Send + 'static,
    R: Into<Reply>,
{
    fn reply(&self, turn: Turn) -> futures::future::BoxFuture<'static, Reply> {
        let reply = self(turn);
        Box::pin(async move { reply.await.into() })
    }
}

/// A handler served as a model: what the page, the queue, persistence and
/// the API see. The reply always ends with `Done` or `Error`.
pub struct HandlerModel {
    id: String,
    handler: Arc<dyn Handler>,
    models: Models,
    tools: Tools,
}

impl HandlerModel {
    pub fn new(id: impl Into<String>, handler: Arc<dyn Handler>, models: Models) -> Self {
        Self { id: id.into(), handler, models, tools: Tools::default() }
    }

    /// The tools its turns may call.
    pub fn with_tools(mut self, tools: Tools) -> Self {
        self.tools = tools;
        self
    }
}

impl ModelProvider for HandlerModel {
    fn id(&self) -> &str {
        &self.id
    }

    fn stream_chat(&self, request: ChatRequest) -> ChatStream {
        let turn = Turn::from_request(request, self.models.clone(), self.tools.clone());
        let reply = self.handler.reply(turn);
        let events = futures::stream::once(reply).flat_map(Reply::into_stream);
        ended(events).boxed()
    }
}

/// `events` up to its first `Done` or `Error`, with `Done` added if it
/// ends without either.
fn ended(events: impl Stream<Item = ChatEvent> + Send + 'static) -> impl Stream<Item = ChatEvent> + Send + 'static {
    let mut finished = false;
    events.map(Some).chain(futures::stream::once(async { None })).filter_map(move |event| {
        let out = match event {
            _ if finished => None,
            Some(event @ (ChatEvent::Done { .. } | ChatEvent::Error(_))) => {
                finished = true;
                Some(event)
            }
            Some(event) => Some(event),
            None => {
                finished = true;
                Some(ChatEvent::Done { finish: FinishReason::Stop, usage: Usage::default() })
            }
        };
        async move { out }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(text: &str) -> ChatRequest {
        ChatRequest {
            messages: vec![
                ChatMessage::new(Role::User, "hi"),
                ChatMessage::new(Role::Assistant, "hello"),
                ChatMessage::new(Role::User, text),
            ],
            ..ChatRequest::default()
        }
    }

    fn collect(model: &HandlerModel, text: &str) -> Vec<ChatEvent> {
        futures::executor::block_on(model.stream_chat(request(text)).collect())
    }

    #[test]
    fn a_closure_is_a_handler_and_its_reply_is_ended() {
        let model = HandlerModel::new(
            "echo",
            Arc::new(|turn: Turn| async move { format!("{} after {} messages", turn.text(), turn.history.len()) }),
            Models::default(),
        );
        let events = collect(&model, "ping");
        assert_eq!(
            events,
            vec![
                ChatEvent::TextDelta("ping after 2 messages".into()),
                ChatEvent::Done { finish: FinishReason::Stop, usage: Usage::default() }
            ]
        );
    }

    #[test]
    fn nothing_follows_an_error() {
        let model = HandlerModel::new(
            "failing",
            Arc::new(|_turn: Turn| async move {
                Reply::stream(futures::stream::iter([
                    ChatEvent::TextDelta("partial".into()),
                    ChatEvent::Error(ProviderError::Generation("broke".into())),
                    ChatEvent::TextDelta("after".into()),
                ]))
            }),
            Models::default(),
        );
        let events = collect(&model, "x");
        assert_eq!(events.len(), 2, "{events:?}");
        assert!(matches!(events[1], ChatEvent::Error(_)));
    }

    #[test]
    fn a_writer_streams_panels_and_text_in_order() {
        let model = HandlerModel::new(
            "tools",
            Arc::new(|turn: Turn| async move {
                Reply::writer(move |mut out| async move {
                    let panel = out.panel("t1", "🔧 clock").await?;
                    out.panel_text(&panel, "arguments: {}\n").await?;
                    panel.done(&mut out, "12:00").await?;
                    out.text(format!("It is noon, {}.", turn.text())).await
                })
            }),
            Models::default(),
        );
        let events = collect(&model, "Ann");
        let kinds: Vec<_> = events
            .iter()
            .map(|e| match e {
                ChatEvent::Panel(p) => format!("panel {:?} {:?}", p.status, p.text),
                ChatEvent::TextDelta(t) => format!("text {t}"),
                ChatEvent::Done { .. } => "done".into(),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "panel Some(Pending) \"\"",
                "panel None \"arguments: {}\\n\"",
                "panel Some(Done) \"12:00\"",
                "text It is noon, Ann.",
                "done"
            ]
        );
        let ChatEvent::Panel(done) = &events[2] else { unreachable!() };
        assert!(done.duration_ms.is_some());
    }

    #[test]
    fn a_dropped_reply_stops_its_writer() {
        struct SetOnDrop(Arc<std::sync::atomic::AtomicBool>);
        impl Drop for SetOnDrop {
            fn drop(&mut self) {
                self.0.store(true, std::sync::atomic::Ordering::SeqCst);
            }
        }
        let dropped = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = dropped.clone();
        let model = HandlerModel::new(
            "endless",
            Arc::new(move |_turn: Turn| {
                let guard = SetOnDrop(flag.clone());
                async move {
                    Reply::writer(move |mut out| async move {
                        let _guard = guard;
                        loop {
                            out.text("x").await?;
                        }
                    })
                }
            }),
            Models::default(),
        );
        let mut stream = model.stream_chat(request("go"));
        for _ in 0..3 {
            assert_eq!(futures::executor::block_on(stream.next()), Some(ChatEvent::TextDelta("x".into())));
        }
        assert!(!dropped.load(std::sync::atomic::Ordering::SeqCst), "the writer still runs while read");
        drop(stream);
        assert!(dropped.load(std::sync::atomic::Ordering::SeqCst), "the writer is dropped with its reply");
    }

    struct Upper;
    impl ModelProvider for Upper {
        fn id(&self) -> &str {
            "upper"
        }
        fn stream_chat(&self, request: ChatRequest) -> ChatStream {
            let text = request.messages.last().map(|m| m.content.to_uppercase()).unwrap_or_default();
            futures::stream::iter([
                ChatEvent::TextDelta(text),
                ChatEvent::Done { finish: FinishReason::Stop, usage: Usage { prompt_tokens: 1, completion_tokens: 1 } },
            ])
            .boxed()
        }
    }

    #[test]
    fn a_handler_relays_a_model_it_was_given() {
        let models = Models::new([Arc::new(Upper) as Arc<dyn ModelProvider>], None);
        let model = HandlerModel::new(
            "wrapper",
            Arc::new(|turn: Turn| async move {
                Reply::writer(move |mut out| async move {
                    let model = turn.models.default_model().expect("a model").clone();
                    let relayed = out.relay(model.as_ref(), turn.to_request()).await?;
                    out.text(format!(" ({} characters)", relayed.text.len())).await
                })
            }),
            models,
        );
        let events = collect(&model, "quiet");
        assert_eq!(events[0], ChatEvent::TextDelta("QUIET".into()));
        assert_eq!(events[1], ChatEvent::TextDelta(" (5 characters)".into()));
        assert!(matches!(events[2], ChatEvent::Done { .. }));
    }
}
