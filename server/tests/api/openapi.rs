//! `/api/openapi.json` against the running server: every operation it
//! lists is called, with good and bad requests, and each answer's status
//! must be one the document lists for it, its body valid against the
//! schema given there (each event of a stream too), and its documented
//! headers present.

use crate::common::{self, TestApp};

use colloquy_config::BudgetConfig;
use colloquy_test_upstream::{Options, TestUpstream};
use serde_json::{json, Value};

/// The document's schema at `pointer` (a JSON pointer into it), as a
/// validator resolving its `$ref`s in the document.
fn validator(doc: &Value, pointer: &str) -> jsonschema::Validator {
    let mut root = doc.clone();
    root["$ref"] = Value::String(format!("#{pointer}"));
    jsonschema::options().with_draft(jsonschema::Draft::Draft202012).build(&root).expect("a valid schema")
}

/// The response object for `status`, with one `$ref` followed.
fn documented<'a>(doc: &'a Value, path: &str, method: &str, status: u16) -> Option<&'a Value> {
    let response = doc["paths"][path][method]["responses"].get(status.to_string())?;
    match response["$ref"].as_str() {
        Some(reference) => doc.pointer(reference.trim_start_matches('#')),
        None => Some(response),
    }
}

/// Checks one answer against the document; returns its status.
async fn check(doc: &Value, path: &str, method: &str, response: reqwest::Response) -> u16 {
    let status = response.status().as_u16();
    let Some(spec) = documented(doc, path, method, status) else {
        panic!(
            "{method} {path} answered {status}, which the document does not list: {}",
            response.text().await.unwrap()
        );
    };
    for (name, _) in spec["headers"].as_object().into_iter().flatten() {
        assert!(
            response.headers().contains_key(name.as_str()),
            "{method} {path} {status}: header {name} is documented"
        );
    }
    let kind = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let body = response.text().await.unwrap();
    let content = &spec["content"];
    if content.is_null() {
        return status;
    }
    let (media, events) =
        if kind.starts_with("text/event-stream") { ("text/event-stream", true) } else { ("application/json", false) };
    let schema = &content[media]["schema"];
    assert!(!schema.is_null(), "{method} {path} {status}: {media} is not documented");
    let pointer = match schema["$ref"].as_str() {
        Some(reference) => reference.trim_start_matches('#').to_string(),
        None => format!(
            "/paths/{}/{method}/responses/{status}/content/{}/schema",
            path.replace('/', "~1"),
            media.replace('/', "~1")
        ),
    };
    let validator = validator(doc, &pointer);
    let instances: Vec<Value> = if events {
        let data: Vec<&str> = body.lines().filter_map(|l| l.strip_prefix("data: ")).collect();
        assert!(!data.is_empty(), "a stream of events");
        data.iter().filter(|d| **d != "[DONE]").map(|d| serde_json::from_str(d).unwrap()).collect()
    } else {
        vec![serde_json::from_str(&body).unwrap_or_else(|e| panic!("{method} {path} {status}: not JSON ({e}): {body}"))]
    };
    for instance in &instances {
        let errors: Vec<String> = validator.iter_errors(instance).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{method} {path} {status}: {instance} does not match {pointer}: {errors:?}");
    }
    status
}

#[tokio::test]
async fn the_document_describes_what_the_server_answers() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = common::config(&upstream, &format!("sqlite:{}/openapi.db", dir.path().display()));
    config.limits.chat_per_user = BudgetConfig { burst: 14, every_secs: 3600.0 };
    let app = TestApp::spawn(config).await;
    let user = app.state.store.create_user(None, None).await.unwrap();
    let key = app.state.store.create_api_key(&user, "openapi").await.unwrap().secret;
    let base = app.base.clone();
    let client = reqwest::Client::new();

    let served = client.get(format!("{base}/api/openapi.json")).send().await.unwrap();
    assert_eq!(served.headers()["content-type"], "application/json");
    let doc: Value = served.json().await.unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    // Every schema in it is itself valid.
    for (name, _) in doc["components"]["schemas"].as_object().unwrap() {
        validator(&doc, &format!("/components/schemas/{name}"));
    }
    let operations: Vec<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| ops.as_object().unwrap().keys().map(move |m| (path.clone(), m.clone())))
        .collect();
    assert_eq!(operations.len(), 3, "{operations:?}");

    let mut seen = std::collections::BTreeSet::new();
    let doc_ref = &doc;
    let get = |path: &str, key: Option<&str>| {
        let mut request = client.get(format!("{base}{path}"));
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        request.send()
    };
    let post = |body: String, key: Option<&str>| {
        let mut request =
            client.post(format!("{base}/v1/chat/completions")).header("content-type", "application/json").body(body);
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        request.send()
    };
    for (key, expect) in [(Some(key.as_str()), 200), (None, 401), (Some("cq-nope"), 401)] {
        let status = check(doc_ref, "/v1/models", "get", get("/v1/models", key).await.unwrap()).await;
        assert_eq!(status, expect);
        seen.insert(("/v1/models", status));
    }
    assert_eq!(check(doc_ref, "/api/openapi.json", "get", get("/api/openapi.json", None).await.unwrap()).await, 200);

    let chat = |v: Value| v.to_string();
    let requests = [
        (chat(json!({ "model": "gpt", "messages": [{ "role": "user", "content": "hello" }] })), 200),
        (
            chat(
                json!({ "model": "gpt", "stream": true, "stream_options": { "include_usage": true }, "messages": [{ "role": "user", "content": "hello [think]" }] }),
            ),
            200,
        ),
        (
            chat(
                json!({ "model": "gpt", "stream": true, "messages": [{ "role": "user", "content": "[tokens:8] [fault:cut]" }] }),
            ),
            200,
        ),
        (
            chat(
                json!({ "model": "gpt", "messages": [{ "role": "user", "content": [{ "type": "text", "text": "parts" }] }] }),
            ),
            200,
        ),
        (chat(json!({ "model": "gpt", "messages": [] })), 400),
        (chat(json!({ "model": "gpt", "messages": [{ "role": "user", "content": 5 }] })), 400),
        ("[1, 2".to_string(), 400),
        (chat(json!({ "model": "gpt", "temperature": -1, "messages": [{ "role": "user", "content": "hi" }] })), 400),
        (chat(json!({ "model": "unknown", "messages": [{ "role": "user", "content": "hi" }] })), 404),
        (chat(json!({ "model": "gpt", "messages": [{ "role": "user", "content": "[fault:500]" }] })), 502),
        (chat(json!({ "model": "gpt", "messages": [{ "role": "user", "content": "x".repeat(400_000) }] })), 413),
    ];
    for (body, expect) in requests {
        let status =
            check(doc_ref, "/v1/chat/completions", "post", post(body.clone(), Some(&key)).await.unwrap()).await;
        assert_eq!(status, expect, "{}", &body[..body.len().min(200)]);
        seen.insert(("/v1/chat/completions", status));
    }
    let unauthorized = post(chat(json!({ "model": "gpt", "messages": [] })), None).await.unwrap();
    assert_eq!(check(doc_ref, "/v1/chat/completions", "post", unauthorized).await, 401);
    seen.insert(("/v1/chat/completions", 401));
    // Until the budget is spent: then 429, as documented, with Retry-After.
    let mut last = 200;
    for _ in 0..5 {
        let body = chat(json!({ "model": "gpt", "messages": [{ "role": "user", "content": "again" }] }));
        last = check(doc_ref, "/v1/chat/completions", "post", post(body, Some(&key)).await.unwrap()).await;
    }
    assert_eq!(last, 429);
    seen.insert(("/v1/chat/completions", 429));
    assert_eq!(seen.len(), 9, "{seen:?}");
}
