//! Every fault the issue lists, for each of the three protocols, against a
//! local server speaking that protocol's real stream format.

use std::sync::Arc;
use std::time::{Duration, Instant};

use colloquy_core::{
    ChatEvent, ChatMessage, ChatRequest, FinishReason, ModelProvider, ProviderError, Role, SamplingParams,
};
use colloquy_providers::{ApiKey, Kind, ProviderClient, ProviderSettings, RetryPolicy, Timeouts, WithFallback};
use colloquy_test_upstream::{Options, TestUpstream};
use futures::StreamExt;

/// What a reply came to.
#[derive(Debug, Default)]
struct Outcome {
    text: String,
    reasoning: String,
    tool_arguments: String,
    tool_name: Option<String>,
    finish: Option<FinishReason>,
    error: Option<ProviderError>,
}

async fn collect(provider: &dyn ModelProvider, message: &str) -> Outcome {
    let mut out = Outcome::default();
    let mut stream = provider.stream_chat(request(message));
    while let Some(event) = stream.next().await {
        assert!(out.finish.is_none() && out.error.is_none(), "an event after the end: {event:?}");
        match event {
            ChatEvent::TextDelta(t) => out.text.push_str(&t),
            ChatEvent::ReasoningDelta(t) => out.reasoning.push_str(&t),
            ChatEvent::ToolCallDelta(t) => {
                out.tool_name = out.tool_name.or(t.name);
                out.tool_arguments.push_str(&t.arguments);
            }
            ChatEvent::Done { finish, .. } => out.finish = Some(finish),
            ChatEvent::Error(e) => out.error = Some(e),
            ChatEvent::Loading => {}
            ChatEvent::Panel(p) => panic!("model servers send no panels: {p:?}"),
            ChatEvent::File(f) => panic!("model servers send no files: {f:?}"),
        }
    }
    assert!(out.finish.is_some() || out.error.is_some(), "the stream ended with neither Done nor Error");
    out
}

fn request(message: &str) -> ChatRequest {
    ChatRequest {
        system_prompt: Some("Be brief.".into()),
        messages: vec![
            ChatMessage::new(Role::User, "Hi"),
            ChatMessage::new(Role::Assistant, "Hello!"),
            ChatMessage::new(Role::User, message),
        ],
        sampling: SamplingParams {
            temperature: 0.5,
            top_p: 0.8,
            max_new_tokens: 64,
            seed: Some(7),
            ..SamplingParams::default()
        },
        ..Default::default()
    }
}

fn settings(kind: Kind, base: &str) -> ProviderSettings {
    let base = match kind {
        Kind::OpenAi => format!("{base}/v1"),
        _ => base.to_string(),
    };
    let mut s = ProviderSettings::new(kind.as_str(), kind, base.parse().unwrap());
    s.timeouts = Timeouts {
        connect: Duration::from_secs(2),
        first_token: Duration::from_secs(5),
        idle: Duration::from_millis(400),
    };
    s.retry = RetryPolicy { max_retries: 2, backoff: Duration::from_millis(10), max_wait: Duration::from_secs(2) };
    s
}

fn provider(settings: ProviderSettings) -> Arc<dyn ModelProvider> {
    Arc::new(ProviderClient::new(settings).unwrap().model("test-model", "upstream-model"))
}

async fn upstream() -> TestUpstream {
    TestUpstream::start(Options::default()).await.unwrap()
}

async fn streams_a_reply(kind: Kind) {
    let up = upstream().await;
    let mut s = settings(kind, &up.url());
    s.api_key = Some(ApiKey::new("sk-test-key-0123456789"));
    let out = collect(&*provider(s), "hello there").await;
    assert_eq!(out.text, format!("You said: hello there (via {})", kind.as_str()));
    assert_eq!(out.finish, Some(FinishReason::Stop));
    assert_eq!(out.error, None);

    // The request carried the conversation, the system prompt and sampling.
    let sent = &up.requests()[0];
    assert_eq!(sent.key.as_deref(), Some("sk-test-key-0123456789"));
    let body = &sent.body;
    assert_eq!(body["model"], "upstream-model");
    assert_eq!(body["stream"], true);
    let messages = body["messages"].as_array().unwrap();
    match kind {
        Kind::Anthropic => {
            assert_eq!(body["system"], "Be brief.");
            assert_eq!(messages.len(), 3);
            assert_eq!(body["max_tokens"], 64);
            assert_eq!(body["temperature"], 0.5);
        }
        Kind::OpenAi => {
            assert_eq!(messages[0]["role"], "system");
            assert_eq!(messages.len(), 4);
            assert_eq!(body["max_tokens"], 64);
            assert_eq!(body["seed"], 7);
            assert!((body["top_p"].as_f64().unwrap() - 0.8).abs() < 1e-6);
        }
        Kind::Ollama => {
            assert_eq!(messages[0]["role"], "system");
            assert_eq!(body["options"]["num_predict"], 64);
            assert_eq!(body["options"]["seed"], 7);
        }
    }
    assert_eq!(messages.last().unwrap()["content"], "hello there");
    assert_eq!(messages.last().unwrap()["role"], "user");
}

async fn reasoning_and_tool_calls(kind: Kind) {
    let up = upstream().await;
    let out = collect(&*provider(settings(kind, &up.url())), "weather? [think] [tool]").await;
    assert_eq!(out.reasoning, "Let me think about this.");
    assert_eq!(out.text, format!("You said: weather? (via {})", kind.as_str()));
    assert_eq!(out.tool_name.as_deref(), Some("get_weather"));
    assert_eq!(out.tool_arguments.replace(' ', ""), r#"{"city":"Paris"}"#);
    assert_eq!(out.finish, Some(FinishReason::ToolCalls));
}

/// 1. Connection refused and DNS failure.
async fn unreachable(kind: Kind) {
    let closed_port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let started = Instant::now();
    let out = collect(&*provider(settings(kind, &format!("http://127.0.0.1:{closed_port}"))), "hi").await;
    let error = out.error.expect("an error");
    assert!(matches!(&error, ProviderError::Unreachable { detail, .. } if detail.contains("refused")), "{error}");
    assert!(error.to_string().contains("could not be reached"), "{error}");
    assert!(started.elapsed() < Duration::from_secs(3));

    let out = collect(&*provider(settings(kind, "http://colloquy-test-host.invalid")), "hi").await;
    let error = out.error.expect("an error");
    assert!(matches!(error, ProviderError::Unreachable { .. } | ProviderError::NoFirstToken { .. }), "{error}");
    assert!(!error.to_string().contains("http://"), "no URLs in messages: {error}");
}

/// 2. A rejected key: said so, and the key is never echoed.
async fn bad_key(kind: Kind) {
    let up =
        TestUpstream::start(Options { api_key: Some("the-right-key".into()), ..Options::default() }).await.unwrap();
    let mut s = settings(kind, &up.url());
    let key = "sk-wrong-key-9876543210abcdef";
    s.api_key = Some(ApiKey::new(key));
    let out = collect(&*provider(s), "hi").await;
    let error = out.error.expect("an error");
    assert_eq!(error, ProviderError::KeyRejected { provider: kind.as_str().into(), status: 401 });
    let message = error.to_string();
    assert!(message.contains("rejected the API key"), "{message}");
    assert!(!message.contains("sk-wro") && !message.contains("cdef"), "{message}");
    assert_eq!(up.requests().len(), 1, "a rejected key is not retried");

    let up = upstream().await;
    let out = collect(&*provider(settings(kind, &up.url())), "[fault:403]").await;
    assert_eq!(out.error, Some(ProviderError::KeyRejected { provider: kind.as_str().into(), status: 403 }));
}

/// 3. 429 with retry-after: retried, then a clear message.
async fn rate_limited(kind: Kind) {
    let up = upstream().await;
    let p = provider(settings(kind, &up.url()));
    let out = collect(&*p, "busy [fault:429x2]").await;
    assert_eq!(out.error, None, "two 429s then a reply: retried");
    assert!(out.text.starts_with("You said: busy"));
    assert_eq!(up.requests().len(), 3);

    let out = collect(&*p, "always busy [fault:429]").await;
    let error = out.error.expect("an error");
    assert!(matches!(error, ProviderError::RateLimited { attempts: 3, .. }), "{error:?}");
    assert!(error.to_string().contains("rate-limiting"), "{error}");
    assert_eq!(up.requests().len(), 6);

    // A wait beyond the configured limit is not waited out.
    let started = Instant::now();
    let out = collect(&*p, "[fault:429-long]").await;
    assert_eq!(
        out.error,
        Some(ProviderError::RateLimited {
            provider: kind.as_str().into(),
            attempts: 1,
            retry_after: Some(Duration::from_secs(3600))
        })
    );
    assert!(out.error.unwrap().to_string().ends_with("try again in 3600 s"));
    assert!(started.elapsed() < Duration::from_secs(1));
}

/// 4. 5xx before the stream starts: retried, then a clear message.
async fn server_error(kind: Kind) {
    let up = upstream().await;
    let p = provider(settings(kind, &up.url()));
    let out = collect(&*p, "flaky [fault:503x1]").await;
    assert_eq!(out.error, None);
    assert!(out.text.starts_with("You said: flaky"));

    let out = collect(&*p, "[fault:500]").await;
    let error = out.error.expect("an error");
    assert!(matches!(&error, ProviderError::Upstream { status: 500, attempts: 3, .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("HTTP 500 after 3 attempts"), "{message}");
    assert_eq!(up.requests().len(), 2 + 3);
}

/// 5. The stream cut in the middle, or an in-stream error: the partial
///    reply is kept, nothing is retried, and a new request succeeds.
async fn cut_mid_stream(kind: Kind) {
    let up = upstream().await;
    let p = provider(settings(kind, &up.url()));
    // A little delay between tokens, so the first ones are on the wire
    // before the cut (a cut before any output is simply retried).
    let out = collect(&*p, "tell me more [delay:5] [fault:cutx1]").await;
    assert!(out.text.starts_with("You said"), "{:?}", out.text);
    let error = out.error.expect("an error");
    assert!(matches!(error, ProviderError::Interrupted { .. }), "{error:?}");
    assert!(error.to_string().contains("interrupted"), "{error}");
    assert_eq!(up.requests().len(), 1, "output had started: no retry");

    let again = collect(&*p, "tell me more [delay:5] [fault:cutx1]").await;
    assert_eq!(again.text, format!("You said: tell me more (via {})", kind.as_str()));

    let out = collect(&*p, "tell me more [fault:error-event]").await;
    assert_eq!(out.text, "You said:");
    let error = out.error.expect("an error");
    assert!(matches!(&error, ProviderError::Interrupted { detail, .. } if !detail.is_empty()), "{error:?}");
}

/// 6. Malformed chunks: reported, partial reply kept, no panic; characters
///    split across network chunks are not a fault.
async fn malformed(kind: Kind) {
    let up = upstream().await;
    let p = provider(settings(kind, &up.url()));
    for fault in ["bad-json", "bad-shape", "bad-utf8"] {
        let out = collect(&*p, &format!("x [fault:{fault}]")).await;
        assert_eq!(out.text, "You said:", "{fault}");
        let error = out.error.unwrap_or_else(|| panic!("{fault}: no error"));
        assert!(matches!(error, ProviderError::Malformed { .. }), "{fault}: {error:?}");
        assert!(error.to_string().contains("cannot read"), "{error}");
    }
    let out = collect(&*p, "x [fault:split-utf8]").await;
    assert_eq!(out.error, None);
    assert_eq!(out.text, format!("You said: héllo 🦀 x (via {})", kind.as_str()));
}

/// 7. A stall: abandoned after the idle timeout with a clear message.
async fn stall(kind: Kind) {
    let up = upstream().await;
    let p = provider(settings(kind, &up.url()));
    let started = Instant::now();
    let out = collect(&*p, "x [fault:stall]").await;
    assert_eq!(out.text, "You said:");
    assert_eq!(
        out.error,
        Some(ProviderError::Stalled { provider: kind.as_str().into(), waited: Duration::from_millis(400) })
    );
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    assert!(out.error.unwrap().to_string().contains("sent nothing for 0.4 s"));

    let out = collect(&*p, "x [fault:stall-start]").await;
    assert!(matches!(out.error, Some(ProviderError::Stalled { .. })), "{:?}", out.error);
}

/// 8. Dropping the stream (Stop) closes the upstream request at once.
async fn stop_closes_upstream(kind: Kind) {
    let up = upstream().await;
    let p = provider(settings(kind, &up.url()));
    let mut stream = p.stream_chat(request("[tokens:500] [delay:20]"));
    let mut seen = 0;
    while let Some(event) = stream.next().await {
        if let ChatEvent::TextDelta(_) = event {
            seen += 1;
            if seen == 5 {
                break;
            }
        }
    }
    let dropped = Instant::now();
    drop(stream);
    loop {
        if up.stats().closed_early == 1 {
            break;
        }
        assert!(dropped.elapsed() < Duration::from_secs(1), "the upstream still streams after 1 s");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(up.stats().completed, 0);
}

/// A first-token timeout shorter than the provider's first token.
async fn first_token_timeout(kind: Kind) {
    let up = upstream().await;
    let mut s = settings(kind, &up.url());
    s.timeouts.first_token = Duration::from_millis(200);
    s.timeouts.idle = Duration::from_secs(5);
    let out = collect(&*provider(s), "[delay:1000]").await;
    assert!(matches!(out.error, Some(ProviderError::NoFirstToken { .. })), "{:?}", out.error);
}

/// Optional fallback: used when the first provider fails before its first
/// token, never after.
async fn fallback(kind: Kind) {
    let up = upstream().await;
    let good = provider(settings(kind, &up.url()));
    let mut down = settings(kind, "http://127.0.0.1:9");
    down.retry.max_retries = 0;
    let with_fallback = WithFallback::new(provider(down), good.clone());
    let out = collect(&with_fallback, "hello").await;
    assert_eq!(out.error, None);
    assert!(out.text.starts_with("You said: hello"));

    let cut_primary = WithFallback::new(good.clone(), good);
    let out = collect(&cut_primary, "x [delay:5] [fault:cut]").await;
    assert!(out.text.starts_with("You said"), "{:?}", out.text);
    assert!(matches!(out.error, Some(ProviderError::Interrupted { .. })));
}

macro_rules! for_each_kind {
    ($($test:ident),* $(,)?) => {
        mod openai { $( #[tokio::test] async fn $test() { super::$test(super::Kind::OpenAi).await } )* }
        mod anthropic { $( #[tokio::test] async fn $test() { super::$test(super::Kind::Anthropic).await } )* }
        mod ollama { $( #[tokio::test] async fn $test() { super::$test(super::Kind::Ollama).await } )* }
    };
}

for_each_kind!(
    streams_a_reply,
    reasoning_and_tool_calls,
    unreachable,
    bad_key,
    rate_limited,
    server_error,
    cut_mid_stream,
    malformed,
    stall,
    stop_closes_upstream,
    first_token_timeout,
    fallback,
);
