//! The application layer without a web server: a turn prepared, run
//! through the pipeline and stored, on SQLite, with a Rust handler as the
//! model (the same `HandlerModel` a `colloquy::Bot` is served by).

use std::sync::Arc;

use colloquy_chat::chat_turn::{start_turn, Sender};
use colloquy_chat::pipeline::{self, Step};
use colloquy_chat::state::{AppState, CatalogEntry, ModelCatalog};
use colloquy_chat::turn::{prepare_turn, TurnError};
use colloquy_chat::AppError;
use colloquy_core::{ChatEvent, Handler, HandlerModel, Models, Turn};
use colloquy_limits::FairQueue;
use colloquy_wire::{ChatTurn, FrameDecoder, ReplyFrame, Speaker, WireMessage};
use futures::StreamExt;

/// An app whose one model, `echo`, answers with the turn's text, one
/// reply at a time and one waiting; its database in `dir`.
async fn app(dir: &std::path::Path) -> AppState {
    let mut config = colloquy_config::Config::default();
    config.model.enabled = false;
    config.chat.system_prompt = Some("Be brief.".into());
    let echo: Arc<dyn Handler> = Arc::new(|turn: Turn| async move { format!("echo: {}", turn.text()) });
    let entry = CatalogEntry {
        id: "echo".into(),
        label: "Echo".into(),
        provider: Arc::new(HandlerModel::new("echo", echo, Models::new([], None))),
        accepts: Vec::new(),
        queue: FairQueue::new(1, 1),
    };
    let store = colloquy_store::Store::connect(&format!("sqlite:{}/chat.db", dir.display())).await.unwrap();
    AppState::new(config, ModelCatalog::new(vec![entry], "echo"), None, store, Vec::new(), None)
}

fn user(text: &str) -> WireMessage {
    WireMessage { role: Speaker::User, content: text.into(), attachments: Vec::new() }
}

#[tokio::test]
async fn a_turn_becomes_the_models_request_or_a_clear_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let state = app(dir.path()).await;
    let model = state.models.get("echo").unwrap().clone();
    let history =
        vec![user("hello"), WireMessage { role: Speaker::Assistant, content: "hi".into(), attachments: vec![] }];
    let request =
        prepare_turn(&state, "someone", &model, [history.clone(), vec![user("again")]].concat(), &Default::default())
            .await
            .unwrap();
    assert_eq!(request.system_prompt.as_deref(), Some("Be brief."));
    assert_eq!(request.messages.len(), 3);
    assert_eq!(request.messages[2].content, "again");

    let refused = prepare_turn(&state, "someone", &model, history, &Default::default()).await.unwrap_err();
    assert!(matches!(refused, TurnError::NoUserMessage));
    assert_eq!(AppError::from(refused).to_string(), "There is no message of yours to reply to.");
    let unknown = [("nope".to_string(), colloquy_core::InputValue::Text("x".into()))].into_iter().collect();
    let refused = prepare_turn(&state, "someone", &model, vec![user("hi")], &unknown).await.unwrap_err();
    assert_eq!(AppError::from(refused).status(), 400);
    let too_long = user(&"x".repeat(state.config.chat.max_message_bytes + 1));
    let refused = prepare_turn(&state, "someone", &model, vec![too_long], &Default::default()).await.unwrap_err();
    assert!(matches!(refused, TurnError::Refused(_)), "{refused}");
}

#[tokio::test]
async fn the_pipeline_says_the_place_in_line_then_streams_and_a_full_line_is_busy() {
    let dir = tempfile::tempdir().unwrap();
    let state = app(dir.path()).await;
    let model = state.models.get("echo").unwrap().clone();
    let request = |text: &str| colloquy_core::ChatRequest {
        system_prompt: None,
        messages: vec![colloquy_core::ChatMessage::new(colloquy_core::Role::User, text)],
        sampling: Default::default(),
        inputs: Default::default(),
        tools: Vec::new(),
    };
    let first = pipeline::join_line(&model, "a", None).await.unwrap();
    let mut first = pipeline::model_reply(&state.metrics, &model, request("one"), first);
    // The first holds the model while it is read; the second waits its turn.
    let Some(Step::Event(_)) = first.next().await else { panic!("the first is served at once") };
    let second = pipeline::join_line(&model, "b", None).await.unwrap();
    let mut second = pipeline::model_reply(&state.metrics, &model, request("two"), second);
    let full = pipeline::join_line(&model, "c", None).await.unwrap_err();
    assert_eq!((full.status(), full.retry_after_secs()), (503, Some(5)), "{full}");
    assert!(matches!(second.next().await, Some(Step::Queued(1))));
    let rest: Vec<ChatEvent> = first.filter_map(|step| std::future::ready(step.event())).collect().await;
    assert!(matches!(rest.last(), Some(ChatEvent::Done { .. })), "{rest:?}");
    let text: String = second
        .filter_map(|step| std::future::ready(step.event()))
        .filter_map(|event| {
            std::future::ready(match event {
                ChatEvent::TextDelta(text) => Some(text),
                _ => None,
            })
        })
        .collect()
        .await;
    assert_eq!(text, "echo: two");
}

#[tokio::test]
async fn a_page_turn_is_stored_with_its_reply_and_a_stale_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let state = app(dir.path()).await;
    let sender = Sender { user: state.store.create_user(None, None).await.unwrap(), address: None };
    let turn = ChatTurn {
        conversation: None,
        expect: 0,
        keep: 0,
        message: Some(user("Plan a picnic")),
        model: "echo".into(),
        inputs: Default::default(),
        bot: String::new(),
    };
    let (id, attached) = start_turn(&state, &sender, turn.clone()).await.unwrap();
    let mut decoder = FrameDecoder::default();
    let lines: String = attached.into_stream().collect::<Vec<_>>().await.concat();
    let frames: Vec<ReplyFrame> = decoder.push(&lines).into_iter().map(Result::unwrap).collect();
    assert!(matches!(&frames[0], ReplyFrame::Started { title: Some(title), .. } if title == "Plan a picnic"));
    assert!(matches!(frames.last(), Some(ReplyFrame::Done { .. })), "{frames:?}");
    let (_, stored) = state.store.open_conversation(&sender.user, &id).await.unwrap();
    let texts: Vec<&str> = stored.iter().map(|m| m.content.as_str()).collect();
    assert_eq!(texts, ["Plan a picnic", "echo: Plan a picnic"]);

    // The page showed none of it: another tab's turn is refused, nothing stored.
    let stale = ChatTurn { conversation: Some(id.to_string()), ..turn };
    let refused = start_turn(&state, &sender, stale).await.map(|_| ()).unwrap_err();
    assert_eq!(refused.status(), 409, "{refused}");
    assert_eq!(state.store.open_conversation(&sender.user, &id).await.unwrap().1.len(), 2);
    // Someone else's conversation is not found.
    let stranger = Sender { user: state.store.create_user(None, None).await.unwrap(), address: None };
    let theirs = ChatTurn {
        conversation: Some(id.to_string()),
        expect: 2,
        keep: 2,
        message: Some(user("mine now")),
        model: "echo".into(),
        inputs: Default::default(),
        bot: String::new(),
    };
    assert_eq!(start_turn(&state, &stranger, theirs).await.map(|_| ()).unwrap_err().status(), 404);
}
