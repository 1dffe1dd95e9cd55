//! What operators and load balancers read: `/healthz`, `/readyz` (the
//! database and a model), and `/metrics` (off by default, behind a bearer
//! token when one is set), with the figures a turn, a provider failure and
//! a rate limit leave in it.

use crate::common::{self, TestApp};

use colloquy_config::BudgetConfig;
use colloquy_test_upstream::{Options, TestUpstream};
use common::{config, frames};
use serde_json::{json, Value};

const TOKEN: &str = "metrics-token-0123456789";

async fn scrape(client: &reqwest::Client, base: &str) -> String {
    let response = client.get(format!("{base}/metrics")).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    response.text().await.unwrap()
}

/// The value of the sample named exactly `series` (name and labels).
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines().find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

async fn turn(client: &reqwest::Client, base: &str, text: &str) -> reqwest::Response {
    let turn = json!({ "message": { "role": "user", "content": text }, "model": "gpt" });
    client.post(format!("{base}/api/chat_reply")).json(&json!({ "turn": turn })).send().await.unwrap()
}

#[tokio::test]
async fn health_and_readiness_say_what_answers() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let base = TestApp::spawn(config(&upstream, &format!("sqlite:{}/h.db", dir.path().display()))).await.base;
    let client = reqwest::Client::new();

    let health = client.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    assert_eq!(health.text().await.unwrap(), "ok\n");
    let ready = client.get(format!("{base}/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    let body: Value = ready.json().await.unwrap();
    assert_eq!(
        body,
        json!({
            "ready": true, "database": "ok", "embedded_model": null, "providers": { "oa": "reachable" },
            // Only reported when replicas share one (tests/replicas.rs).
            "redis": null,
            // Only reported when MCP servers are configured (tests/api/mcp.rs).
            "mcp_servers": null,
        })
    );
    assert_eq!(client.get(format!("{base}/metrics")).send().await.unwrap().status(), 404, "metrics are off by default");

    // A provider nobody listens on: alive, but not ready.
    let mut lonely = config(&upstream, &format!("sqlite:{}/l.db", dir.path().display()));
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    lonely.providers.get_mut("oa").unwrap().base_url = format!("http://127.0.0.1:{port}/v1");
    let base = TestApp::spawn(lonely).await.base;
    assert_eq!(client.get(format!("{base}/healthz")).send().await.unwrap().status(), 200);
    let ready = client.get(format!("{base}/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 503);
    let body: Value = ready.json().await.unwrap();
    assert_eq!((body["ready"].clone(), body["providers"]["oa"].clone()), (json!(false), json!("unreachable")));
}

#[tokio::test]
async fn metrics_need_their_token_and_count_turns_failures_and_limits() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(&upstream, &format!("sqlite:{}/m.db", dir.path().display()));
    config.metrics.enabled = true;
    config.metrics.bearer_token = Some(TOKEN.into());
    config.limits.chat_per_user = BudgetConfig { burst: 3, every_secs: 3600.0 };
    let base = TestApp::spawn(config).await.base;
    let browser = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let scraper = reqwest::Client::new();

    for wrong in [None, Some("nope"), Some("metrics-token-0123456788")] {
        let mut request = scraper.get(format!("{base}/metrics"));
        if let Some(token) = wrong {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 401, "{wrong:?}");
        assert_eq!(response.headers()["www-authenticate"], "Bearer");
    }

    assert_eq!(browser.get(format!("{base}/")).send().await.unwrap().status(), 200);
    let reply = frames(turn(&browser, &base, "hello [tokens:5] [delay:20]").await).await;
    assert_eq!(reply.last().unwrap()["type"], "done");
    // A stream in flight is seen as one while it runs.
    let long = turn(&browser, &base, "long [tokens:40] [delay:50]").await;
    let during = scrape(&scraper, &base).await;
    assert_eq!(sample(&during, "colloquy_streams_in_flight"), Some(1.0), "{during}");
    frames(long).await;
    let failed = frames(turn(&browser, &base, "boom [fault:500]").await).await;
    assert_eq!(failed.last().unwrap()["type"], "error");
    assert_eq!(turn(&browser, &base, "one too many").await.status(), 429);

    let text = scrape(&scraper, &base).await;
    let expect = |series: &str, at_least: f64| {
        let value = sample(&text, series).unwrap_or_else(|| panic!("{series} missing from\n{text}"));
        assert!(value >= at_least, "{series} = {value}, expected at least {at_least}");
    };
    expect("colloquy_http_requests_total{route=\"page\",status=\"2xx\"}", 1.0);
    expect("colloquy_http_requests_total{route=\"server_fn\",status=\"2xx\"}", 3.0);
    expect("colloquy_http_requests_total{route=\"server_fn\",status=\"4xx\"}", 1.0);
    expect("colloquy_http_requests_total{route=\"metrics\",status=\"4xx\"}", 3.0);
    expect("colloquy_time_to_first_token_seconds_count{model=\"gpt\"}", 2.0);
    expect("colloquy_tokens_per_second_count{model=\"gpt\"}", 2.0);
    expect("colloquy_queue_wait_seconds_count{model=\"gpt\"}", 3.0);
    expect("colloquy_provider_errors_total{model=\"gpt\",kind=\"upstream\"}", 1.0);
    expect("colloquy_rate_limited_total{action=\"chat\"}", 1.0);
    assert_eq!(sample(&text, "colloquy_streams_in_flight"), Some(0.0));
    assert_eq!(sample(&text, "colloquy_queue_waiting{model=\"gpt\"}"), Some(0.0));
    // About 50 tokens a second for the long reply (20 ms and 50 ms apart): the
    // mean of the two replies' rates is between 15 and 60.
    let rate = sample(&text, "colloquy_tokens_per_second_sum{model=\"gpt\"}").unwrap() / 2.0;
    assert!((15.0..=60.0).contains(&rate), "mean tokens/s {rate}");
    assert!(!text.contains("hello") && !text.contains("boom"), "no message text in metrics");
}
