//! Graceful shutdown: on the signal the server takes no new connections,
//! lets replies in flight finish within `server.shutdown_grace_secs`, ends
//! and saves (as interrupted, with their text) those still running at the
//! deadline, and then returns.

use crate::common::{self, TestApp};

use std::time::{Duration, Instant};

use colloquy_test_upstream::{Options, TestUpstream};
use serde_json::{json, Value};
use server::Application;

struct Started {
    client: reqwest::Client,
    base: String,
    stop: tokio::sync::oneshot::Sender<()>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
    /// The model server and the database's folder: bind them by name (`..`
    /// would drop them at once).
    _upstream: TestUpstream,
    _dir: tempfile::TempDir,
}

/// A server in this process on a fresh SQLite database, with `edit` made
/// to its configuration.
async fn start(edit: impl FnOnce(&mut colloquy_config::Config)) -> Started {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = common::config(&upstream, &format!("sqlite:{}/s.db", dir.path().display()));
    edit(&mut config);
    let app = Application::build(config).await.expect("server starts");
    let base = format!("http://{}", app.local_addr());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async move {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    Started { client, base, stop, server, _upstream: upstream, _dir: dir }
}

/// The stored conversation's page, from a server started again on the same
/// database (the browser's session is stored there too).
async fn page_after_restart(config: colloquy_config::Config, client: &reqwest::Client, chat: &str) -> String {
    let base = TestApp::spawn(config).await.base;
    client.get(format!("{base}/c/{chat}")).send().await.unwrap().text().await.unwrap()
}

fn turn(text: &str) -> Value {
    json!({ "turn": { "message": { "role": "user", "content": text }, "model": "gpt" } })
}

#[tokio::test]
async fn a_reply_in_flight_finishes_and_no_new_connection_is_taken() {
    let Started { client, base, stop, server, _upstream, _dir } =
        start(|config| config.server.shutdown_grace_secs = 10.0).await;

    let response =
        client.post(format!("{base}/api/chat_reply")).json(&turn("go [tokens:20] [delay:50]")).send().await.unwrap();
    let mut reply = common::FrameReader::new(response);
    reply.until(|f| f.iter().any(|f| f["type"] == "delta")).await;
    let asked = Instant::now();
    stop.send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let refused = reqwest::Client::new().get(format!("{base}/healthz")).send().await;
    assert!(refused.is_err(), "a new connection after the signal: {refused:?}");

    reply.read_rest().await;
    let frames = reply.frames;
    assert_eq!(frames.last().unwrap()["type"], "done", "the reply finished: {frames:?}");
    let text: String = frames.iter().filter(|f| f["type"] == "delta").map(|f| f["text"].as_str().unwrap()).collect();
    assert!(text.ends_with(" t19"), "{text}");
    tokio::time::timeout(Duration::from_secs(5), server).await.expect("the server returned").unwrap().unwrap();
    let took = asked.elapsed();
    assert!(took < Duration::from_secs(4), "shut down in {took:?}, not at the deadline");
}

/// HTTP clients open spare connections ahead of need (reqwest does when a
/// pooled one is busy): one that has sent nothing yet is idle, and closes at
/// once rather than holding the shutdown until its header timeout.
#[tokio::test]
async fn a_connection_that_sent_nothing_does_not_hold_the_shutdown() {
    let Started { client, base, stop, server, _upstream, _dir } =
        start(|config| config.server.header_timeout_secs = 30.0).await;
    assert!(client.get(format!("{base}/healthz")).send().await.unwrap().status().is_success());
    let addr = base.trim_start_matches("http://");
    let mut silent = tokio::net::TcpStream::connect(addr).await.unwrap();
    // Accepted (the server's task is waiting for its first byte).
    tokio::time::sleep(Duration::from_millis(100)).await;

    stop.send(()).unwrap();
    // Without the fix the server waited for it the whole drain (5 s).
    tokio::time::timeout(Duration::from_secs(4), server).await.expect("the server returned").unwrap().unwrap();
    let mut byte = [0u8; 1];
    let read =
        tokio::time::timeout(Duration::from_secs(4), tokio::io::AsyncReadExt::read(&mut silent, &mut byte)).await;
    assert!(matches!(read, Ok(Ok(0)) | Ok(Err(_))), "the idle connection was closed: {read:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn on_sigterm_replies_still_running_at_the_deadline_are_saved_and_the_process_exits() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (config_path, port, db) = common::binary_config(&upstream, dir.path(), "shutdown_grace_secs = 0.3\n", "");
    let mut process = std::process::Command::new(env!("CARGO_BIN_EXE_colloquy"))
        .args(["--config", config_path.to_str().unwrap()])
        .current_dir(dir.path())
        .env("RUST_LOG", "warn")
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let up = Instant::now() + Duration::from_secs(20);
    while client.get(format!("{base}/healthz")).send().await.is_err() {
        assert!(Instant::now() < up, "the server did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let response =
        client.post(format!("{base}/api/chat_reply")).json(&turn("long [tokens:300] [delay:30]")).send().await.unwrap();
    let mut reply = common::FrameReader::new(response);
    // A few tokens in: before the first save (once a second), so only the
    // last save at shutdown can have stored them.
    reply.until(|f| f.iter().filter(|f| f["type"] == "delta").count() >= 5).await;
    let chat = reply.frames[0]["conversation"].as_str().unwrap().to_string();
    let asked = Instant::now();
    let killed = std::process::Command::new("kill").args(["-TERM", &process.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let exited = loop {
        if let Some(status) = process.try_wait().unwrap() {
            break status;
        }
        assert!(asked.elapsed() < Duration::from_secs(8), "still running 8 s after SIGTERM");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let took = asked.elapsed();
    assert!(exited.success(), "{exited:?}");
    assert!(took < Duration::from_secs(3), "took {took:?} for a 0.3 s grace");
    reply.read_rest().await;
    let frames = reply.frames;
    assert_ne!(frames.last().unwrap()["type"], "done", "9 s of reply cannot have finished");

    // Started again on the same database and address (the browser's
    // session cookie goes with it): the partial reply is there.
    let mut again = common::config(&upstream, &db);
    again.server.listen = format!("127.0.0.1:{port}").parse().unwrap();
    let html = page_after_restart(again, &client, &chat).await;
    assert!(html.contains(r#"data-status="interrupted""#), "{html}");
    // Both written by the last save, which the shutdown waited for (a
    // restart alone would only mark the status).
    assert!(html.contains("t0 t1 t2 t3"), "the text it had is kept");
    assert!(html.contains("cut off before it finished"), "{html}");
}
