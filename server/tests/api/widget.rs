//! What the server grants pages that embed the widget (`widget.hosts`):
//! reading the API and the widget's files cross-origin without cookies,
//! posting to the API only, chatting without a key only in an open app,
//! each visitor within the page's budgets; and nothing for any other origin.

use crate::common::{self, TestApp};

use colloquy_config::{AuthMode, BudgetConfig};
use colloquy_test_upstream::{Options, TestUpstream};
use reqwest::StatusCode;
use serde_json::{json, Value};

const SHOP: &str = "https://shop.example";

fn ask(text: &str) -> Value {
    json!({ "model": "gpt", "messages": [{ "role": "user", "content": text }], "stream": true })
}

/// The text of a streamed completion (server-sent events).
fn streamed_text(body: &str) -> String {
    body.lines()
        .filter_map(|line| line.strip_prefix("data: "))
        .filter(|data| *data != "[DONE]")
        .filter_map(|data| serde_json::from_str::<Value>(data).ok())
        .filter_map(|chunk| chunk["choices"][0]["delta"]["content"].as_str().map(str::to_owned))
        .collect()
}

/// The preflight a browser sends before the widget's POST (JSON, maybe
/// with a key).
async fn preflight(client: &reqwest::Client, base: &str, origin: &str) -> reqwest::Response {
    client
        .request(reqwest::Method::OPTIONS, format!("{base}/v1/chat/completions"))
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type, authorization")
        .send()
        .await
        .unwrap()
}

/// A browser's cross-site POST from `origin`.
fn from(client: &reqwest::Client, url: String, origin: &str) -> reqwest::RequestBuilder {
    client.post(url).header("origin", origin).header("sec-fetch-site", "cross-site")
}

#[tokio::test]
async fn an_embedding_page_chats_without_a_key_in_an_open_app() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = common::config(&upstream, &format!("sqlite:{}/w.db", dir.path().display()));
    config.widget.hosts = vec![SHOP.into()];
    config.limits.chat_per_user = BudgetConfig { burst: 3, every_secs: 3600.0 };
    let base = TestApp::spawn(config).await.base;
    let client = reqwest::Client::new();

    // The preflight the widget's JSON POST needs: allowed, no credentials.
    let preflight = preflight(&client, &base, SHOP).await;
    assert!(preflight.status().is_success());
    assert_eq!(preflight.headers()["access-control-allow-origin"], SHOP);
    assert!(preflight.headers().get("access-control-allow-credentials").is_none());

    let reply = from(&client, format!("{base}/v1/chat/completions"), SHOP).json(&ask("hi")).send().await.unwrap();
    assert_eq!(reply.status(), 200);
    assert_eq!(reply.headers()["access-control-allow-origin"], SHOP);
    assert_eq!(reply.headers()["access-control-expose-headers"].to_str().unwrap().to_lowercase(), "retry-after");
    let body = reply.text().await.unwrap();
    assert_eq!(streamed_text(&body), "You said: hi (via openai)");
    assert!(body.trim_end().ends_with("data: [DONE]"), "{body}");

    // Each visitor (address) has a person's chat budget: three turns here.
    for _ in 0..2 {
        let ok = from(&client, format!("{base}/v1/chat/completions"), SHOP).json(&ask("again")).send().await.unwrap();
        assert_eq!(ok.status(), 200);
        ok.bytes().await.unwrap();
    }
    let limited = from(&client, format!("{base}/v1/chat/completions"), SHOP).json(&ask("more")).send().await.unwrap();
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers().contains_key("retry-after"));
    assert_eq!(limited.headers()["access-control-allow-origin"], SHOP, "the widget may read why");

    // The widget's files may be read from the shop's page (a module script
    // is fetched with CORS), whatever the answer.
    let file = client.get(format!("{base}/widget/colloquy-chat.js")).header("origin", SHOP).send().await.unwrap();
    assert_eq!(file.headers()["access-control-allow-origin"], SHOP);
}

#[tokio::test]
async fn other_origins_and_other_routes_get_nothing() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = common::config(&upstream, &format!("sqlite:{}/w.db", dir.path().display()));
    config.widget.hosts = vec![SHOP.into()];
    let base = TestApp::spawn(config).await.base;
    let client = reqwest::Client::new();

    for origin in ["https://shop.example.evil", "https://evil.example", "null", "http://shop.example"] {
        let reply = from(&client, format!("{base}/v1/chat/completions"), origin).json(&ask("hi")).send().await.unwrap();
        assert_eq!(reply.status(), StatusCode::FORBIDDEN, "{origin}: a cross-site post from elsewhere");
        assert!(reply.headers().get("access-control-allow-origin").is_none(), "{origin}");
        let preflight = preflight(&client, &base, origin).await;
        assert!(preflight.headers().get("access-control-allow-origin").is_none(), "{origin}");
    }
    // No key and no listed origin (a program): a key is needed.
    let program = client.post(format!("{base}/v1/chat/completions")).json(&ask("hi")).send().await.unwrap();
    assert_eq!(program.status(), StatusCode::UNAUTHORIZED);
    // The app's own pages (the widget's demo page at /widget/index.html).
    let own_origin = base.clone();
    let own = client
        .post(format!("{base}/v1/chat/completions"))
        .header("origin", &own_origin)
        .header("sec-fetch-site", "same-origin")
        .json(&ask("hi"))
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), 200);

    // The shop may not post to the page's own routes (they read the
    // session cookie), nor read them.
    let server_fn = from(&client, format!("{base}/api/rename_conversation"), SHOP).send().await.unwrap();
    assert_eq!(server_fn.status(), StatusCode::FORBIDDEN);
    let page = client.get(format!("{base}/")).header("origin", SHOP).send().await.unwrap();
    assert!(page.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn an_app_that_needs_sign_in_needs_a_key_from_the_widget_too() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = common::config(&upstream, &format!("sqlite:{}/w.db", dir.path().display()));
    config.widget.hosts = vec![SHOP.into()];
    config.auth.mode = AuthMode::Password;
    let base = TestApp::spawn(config).await.base;
    let client = reqwest::Client::new();
    let reply = from(&client, format!("{base}/v1/chat/completions"), SHOP).json(&ask("hi")).send().await.unwrap();
    assert_eq!(reply.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(reply.headers()["access-control-allow-origin"], SHOP, "the widget can say why");
    let body: Value = reply.json().await.unwrap();
    assert!(body["error"]["message"].as_str().unwrap().contains("API key"), "{body}");
}
