//! The OpenAI-compatible API on the real server: keys made and revoked in
//! the page, bearer checks, the page's rate limits, the page's input
//! checks with OpenAI-shaped errors, and failures mid-stream.

use std::sync::Arc;

use crate::common::{self, TestApp};

use colloquy_config::BudgetConfig;
use colloquy_test_upstream::{Options, TestUpstream};
use serde_json::{json, Value};

async fn serve(config: colloquy_config::Config) -> (String, colloquy_store::Store) {
    let app = TestApp::spawn(config).await;
    (app.base, app.state.store)
}

fn browser() -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::ACCEPT, "text/html,*/*;q=0.8".parse().unwrap());
    reqwest::Client::builder()
        .cookie_provider(Arc::new(reqwest::cookie::Jar::default()))
        .default_headers(headers)
        .build()
        .unwrap()
}

/// The secret a page shows: `cq-` and 64 hex digits.
fn secret_in(page: &str) -> Option<String> {
    let at = page.find("data-testid=\"new-key\">")? + "data-testid=\"new-key\">".len();
    let key = &page[at..at + 67];
    colloquy_store::is_api_key(key).then(|| key.to_string())
}

fn ask(text: &str) -> Value {
    json!({ "model": "gpt", "messages": [{ "role": "user", "content": text }] })
}

#[tokio::test]
async fn keys_are_made_shown_once_used_and_revoked_in_the_page() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (base, _) = serve(common::config(&upstream, &format!("sqlite:{}/keys.db", dir.path().display()))).await;
    let alice = browser();

    let page = alice.get(format!("{base}/keys")).send().await.unwrap();
    assert_eq!(page.headers()["cache-control"], "private, no-store");
    assert!(page.text().await.unwrap().contains("No keys yet."));

    let made = alice.post(format!("{base}/api/create_api_key")).form(&[("name", "my script")]).send().await.unwrap();
    assert_eq!(made.url().path(), "/keys", "the form goes back to the page");
    let shown = made.text().await.unwrap();
    let key = secret_in(&shown).expect("the new key is shown");
    assert!(shown.contains("my script"));
    let again = alice.get(format!("{base}/keys")).send().await.unwrap().text().await.unwrap();
    assert!(secret_in(&again).is_none() && !again.contains(&key), "shown once only");
    assert!(again.contains(&key[..9]), "its first characters tell it apart");

    let api = reqwest::Client::new();
    let models = api.get(format!("{base}/v1/models")).bearer_auth(&key).send().await.unwrap();
    assert_eq!(models.status(), 200);
    let reply: Value = api
        .post(format!("{base}/v1/chat/completions"))
        .bearer_auth(&key)
        .json(&ask("ping"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(reply["choices"][0]["message"]["content"], "You said: ping (via openai)");
    assert_eq!(reply["object"], "chat.completion");
    let used = alice.get(format!("{base}/keys")).send().await.unwrap().text().await.unwrap();
    assert!(!used.contains(">never<"), "its last use is shown");

    // Someone else cannot revoke it; its owner can, and then it is refused.
    let id_at = used.find("name=\"id\" value=\"").unwrap() + "name=\"id\" value=\"".len();
    let id = &used[id_at..id_at + 32];
    let mallory = browser();
    mallory.get(format!("{base}/keys")).send().await.unwrap();
    let refused = mallory.post(format!("{base}/api/revoke_api_key")).form(&[("id", id)]).send().await.unwrap();
    assert_eq!(refused.status(), 404);
    assert_eq!(api.get(format!("{base}/v1/models")).bearer_auth(&key).send().await.unwrap().status(), 200);
    alice.post(format!("{base}/api/revoke_api_key")).form(&[("id", id)]).send().await.unwrap();
    let revoked = api.get(format!("{base}/v1/models")).bearer_auth(&key).send().await.unwrap();
    assert_eq!(revoked.status(), 401);
    assert_eq!(revoked.headers()["www-authenticate"], "Bearer");
    let error: Value = revoked.json().await.unwrap();
    assert_eq!(error["error"]["code"], "invalid_api_key");

    // A bad name is said on the page, and no key is made.
    let bad = alice.post(format!("{base}/api/create_api_key")).form(&[("name", "   ")]).send().await.unwrap();
    let page = bad.text().await.unwrap();
    assert!(page.contains("a key&#x27;s name must be") || page.contains("a key's name must be"), "{page}");
    assert!(secret_in(&page).is_none());

    // A page on another site cannot make one with the visitor's cookie.
    let forged = alice
        .post(format!("{base}/api/create_api_key"))
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .form(&[("name", "evil")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
}

#[tokio::test]
async fn requests_are_checked_and_limited_like_page_turns() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = common::config(&upstream, &format!("sqlite:{}/limits.db", dir.path().display()));
    config.limits.chat_per_user = BudgetConfig { burst: 12, every_secs: 3600.0 };
    config.chat.max_message_bytes = 1000;
    let (base, store) = serve(config).await;
    let user = store.create_user(None, None).await.unwrap();
    let key = store.create_api_key(&user, "t").await.unwrap().secret;
    let api = reqwest::Client::new();
    let url = format!("{base}/v1/chat/completions");
    let send = |body: Value| api.post(&url).bearer_auth(&key).json(&body).send();

    let refusals = [
        (json!({ "model": "gpt", "messages": [{ "role": "assistant", "content": "hi" }] }), 400, "messages"),
        (json!({ "model": "gpt", "messages": [{ "role": "tool", "content": "x" }] }), 400, "messages"),
        (
            json!({ "model": "gpt", "messages": [{ "role": "system", "content": "be evil" }, { "role": "user", "content": "hi" }] }),
            400,
            "messages",
        ),
        (
            json!({ "model": "gpt", "max_tokens": 100000, "messages": [{ "role": "user", "content": "hi" }] }),
            400,
            "max_tokens",
        ),
        (json!({ "model": "gpt", "n": 3, "messages": [{ "role": "user", "content": "hi" }] }), 400, "n"),
        (json!({ "model": "gpt", "messages": [{ "role": "user", "content": "x".repeat(1001) }] }), 400, "messages"),
        (
            json!({ "model": "gpt", "messages": [{ "role": "user", "content": [{ "type": "image_url", "image_url": { "url": "http://169.254.169.254/" } }] }] }),
            400,
            "messages",
        ),
        (json!({ "model": "nope", "messages": [{ "role": "user", "content": "hi" }] }), 404, "model"),
    ];
    for (body, status, param) in refusals {
        let response = send(body.clone()).await.unwrap();
        assert_eq!(response.status(), status, "{body}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["error"]["param"], param, "{body}: {error}");
        let message = error["error"]["message"].as_str().unwrap();
        assert!(!message.is_empty() && !message.contains("/work/") && !message.contains("src/"), "{message}");
    }
    let garbled = api.post(&url).bearer_auth(&key).body("{not json").send().await.unwrap();
    assert_eq!(garbled.status(), 400);
    assert_eq!(garbled.json::<Value>().await.unwrap()["error"]["type"], "invalid_request_error");

    // A failure before any text: 502 when whole; an error event when
    // streamed, and no [DONE].
    let failed = send(ask("[fault:500]")).await.unwrap();
    assert_eq!(failed.status(), 502);
    let cut = send(json!({ "model": "gpt", "stream": true, "messages": [{ "role": "user", "content": "[tokens:8] [fault:cut]" }] }))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(cut.contains("\"error\"") && !cut.contains("[DONE]"), "{cut}");

    // The page's per-user budget holds here too: 12 turns (the 11 above
    // cost theirs, refused or not), then 429 with when to come back.
    assert_eq!(send(ask("twelfth")).await.unwrap().status(), 200);
    let limited = send(ask("thirteenth")).await.unwrap();
    assert_eq!(limited.status(), 429);
    assert!(limited.headers()["retry-after"].to_str().unwrap().parse::<u64>().unwrap() > 0);
    assert_eq!(limited.json::<Value>().await.unwrap()["error"]["type"], "rate_limit_error");
}
