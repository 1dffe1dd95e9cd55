//! Stored conversations through HTTP, as browsers use them: turns that
//! continue a conversation, conflicts between tabs, undo, rename and
//! delete; every id of one person's is "not found" for another, on both
//! databases; and a server killed mid-reply keeps what it had saved.

use std::time::{Duration, Instant};

use crate::common::{self, Browser, TestApp};

use colloquy_test_upstream::{Options, TestUpstream};
use common::{config, database_urls, frames};
use futures::StreamExt;
use serde_json::{json, Value};
use server::Application;

/// A turn as the chat page sends it.
async fn send_turn(
    browser: &Browser,
    conversation: Option<&str>,
    expect: u32,
    keep: u32,
    text: &str,
) -> reqwest::Response {
    let message = json!({ "role": "user", "content": text });
    let turn =
        json!({ "conversation": conversation, "expect": expect, "keep": keep, "message": message, "model": "gpt" });
    browser.call("chat_reply", json!({ "turn": turn })).await
}

/// A whole reply; returns its conversation and its frames.
async fn reply(response: reqwest::Response) -> (String, Vec<Value>) {
    let frames = frames(response).await;
    assert_eq!(frames[0]["type"], "started", "{frames:?}");
    assert_eq!(frames.last().unwrap()["type"], "done", "{frames:?}");
    (frames[0]["conversation"].as_str().unwrap().to_string(), frames)
}

/// Starts a long reply and reads its first frame; returns the reply id,
/// the conversation and the rest of the stream.
async fn start_long(
    browser: &Browser,
    conversation: Option<&str>,
    expect: u32,
    text: &str,
) -> (String, String, impl futures::Stream<Item = reqwest::Result<bytes::Bytes>>) {
    let response = send_turn(browser, conversation, expect, expect, &format!("{text} [tokens:1000] [delay:20]")).await;
    assert_eq!(response.status(), 200);
    let mut body = Box::pin(response.bytes_stream());
    let mut decoder = colloquy_wire::FrameDecoder::default();
    loop {
        let chunk = body.next().await.expect("a first frame").unwrap();
        if let Some(first) = decoder.push(std::str::from_utf8(&chunk).unwrap()).into_iter().next() {
            let first = serde_json::to_value(first.unwrap()).unwrap();
            assert_eq!(first["type"], "started");
            let reply_id = first["reply_id"].as_str().unwrap().to_string();
            return (reply_id, first["conversation"].as_str().unwrap().to_string(), body);
        }
    }
}

async fn assert_not_found(response: reqwest::Response, what: &str) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    assert_eq!(status, 404, "{what}: {text}");
    assert!(!text.contains("heist"), "{what} leaked data: {text}");
}

#[tokio::test]
async fn every_id_of_one_person_is_not_found_for_another() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    for url in database_urls(dir.path(), "isolation").await {
        let base = TestApp::spawn(config(&upstream, &url)).await.base;

        let alice = Browser::new(&base);
        let file = alice.upload("plan.txt", b"the heist is at noon").await;
        let message = json!({ "role": "user", "content": "Plans for the heist [tokens:3]", "attachments": [file] });
        let turn = json!({ "message": message, "model": "gpt" });
        let (chat, _) = reply(alice.call("chat_reply", json!({ "turn": turn })).await).await;
        let (status, html) = alice.page(&format!("/c/{chat}")).await;
        assert_eq!(status, 200);
        assert!(html.contains("Plans for the heist"), "{html}");
        let (running, other_chat, _stream) = start_long(&alice, None, 0, "Tell me a long story").await;

        let bob = Browser::new(&base);
        reply(send_turn(&bob, None, 0, 0, "My own chat [tokens:2]").await).await;
        let (status, html) = bob.page(&format!("/c/{chat}")).await;
        assert_eq!(status, 404);
        assert!(!html.contains("heist"), "the page leaked alice's conversation");
        let (status, html) = bob.page("/?q=heist").await;
        assert_eq!(status, 200);
        assert!(html.contains("Nothing found") && !html.contains(&chat), "search leaked: {html}");
        assert_not_found(send_turn(&bob, Some(&chat), 2, 2, "mine now").await, "chat_reply").await;
        let stolen = json!({ "role": "user", "content": "read this", "attachments": [file] });
        let turn = json!({ "message": stolen, "model": "gpt" });
        assert_not_found(bob.call("chat_reply", json!({ "turn": turn })).await, "attachment").await;
        assert_not_found(bob.call("resume_reply", json!({ "reply_id": running, "from": 0 })).await, "resume").await;
        assert_not_found(bob.form("stop_reply", &[("reply_id", &running)]).await, "stop").await;
        let undo = [("conversation", chat.as_str()), ("expect", "2"), ("keep", "0")];
        assert_not_found(bob.form("undo_turn", &undo).await, "undo").await;
        assert_not_found(bob.form("rename_conversation", &[("id", &chat), ("title", "Mine")]).await, "rename").await;
        assert_not_found(bob.form("delete_conversation", &[("id", &chat)]).await, "delete").await;
        let feedback = json!({ "feedback": { "conversation": chat, "seq": 2, "rating": "dislike" } });
        assert_not_found(bob.call("send_feedback", feedback).await, "feedback").await;

        // A browser with no session at all fares no better.
        let stranger = Browser::new(&base);
        assert_eq!(stranger.page(&format!("/c/{chat}")).await.0, 404);
        assert_eq!(stranger.page(&format!("/c/{other_chat}")).await.0, 404);
        assert_not_found(stranger.call("resume_reply", json!({ "reply_id": running, "from": 0 })).await, "resume")
            .await;

        // Alice's data is all still there, and hers to change.
        let (status, html) = alice.page(&format!("/c/{chat}")).await;
        assert_eq!(status, 200);
        assert!(html.contains("Plans for the heist") && html.contains("plan.txt"), "{html}");
        assert_eq!(alice.form("stop_reply", &[("reply_id", &running)]).await.text().await.unwrap(), "true");
        let feedback = json!({ "feedback": { "conversation": chat, "seq": 2, "rating": "like" } });
        assert_eq!(alice.call("send_feedback", feedback).await.status(), 200);
        println!("isolation holds on {}", url.split(':').next().unwrap());
    }
}

#[tokio::test]
async fn turns_continue_a_conversation_and_a_stale_tab_is_refused() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    for url in database_urls(dir.path(), "turns").await {
        let base = TestApp::spawn(config(&upstream, &url)).await.base;
        let alice = Browser::new(&base);

        let (chat, frames) = reply(send_turn(&alice, None, 0, 0, "Where is Lisbon? [tokens:2]").await).await;
        assert_eq!(frames[0]["title"], "Where is Lisbon? [tokens:2]");
        let (again, _) = reply(send_turn(&alice, Some(&chat), 2, 2, "And Porto? [tokens:2]").await).await;
        assert_eq!(again, chat, "the same conversation goes on");
        let (_, html) = alice.page(&format!("/c/{chat}")).await;
        assert!(html.contains("Where is Lisbon?") && html.contains("And Porto?"), "{html}");

        // A second tab that still shows two messages.
        let stale = send_turn(&alice, Some(&chat), 2, 2, "From the old tab").await;
        assert_eq!(stale.status(), 409);
        assert!(stale.text().await.unwrap().contains("changed elsewhere"));
        let (_, html) = alice.page(&format!("/c/{chat}")).await;
        assert!(!html.contains("From the old tab") && html.contains("And Porto?"));

        // Retry the last reply (keep the 3 messages before it).
        let retry = json!({ "turn": { "conversation": chat, "expect": 4, "keep": 3, "model": "gpt" } });
        reply(alice.call("chat_reply", retry).await).await;
        // Undo the second turn.
        let undo = alice.form("undo_turn", &[("conversation", &chat), ("expect", "4"), ("keep", "2")]).await;
        assert_eq!(undo.status(), 200);
        let (_, html) = alice.page(&format!("/c/{chat}")).await;
        assert!(!html.contains("And Porto?") && html.contains("Where is Lisbon?"));

        // Titles: checked, then shown in the sidebar.
        let long = "t".repeat(201);
        let refused = alice.form("rename_conversation", &[("id", &chat), ("title", &long)]).await;
        assert_eq!(refused.status(), 400);
        assert!(refused.text().await.unwrap().contains("at most 200"));
        assert_eq!(alice.form("rename_conversation", &[("id", &chat), ("title", "Portugal trip")]).await.status(), 200);
        let (_, html) = alice.page("/").await;
        assert!(html.contains("Portugal trip"), "{html}");
        let (_, html) = alice.page("/?q=lisbon").await;
        assert!(html.contains(&format!("/c/{chat}")), "search finds it: {html}");

        // Unknown and malformed ids read as missing.
        assert_eq!(alice.page(&format!("/c/{}", "0".repeat(32))).await.0, 404);
        assert_eq!(alice.page("/c/..%2F..%2Fetc").await.0, 404);

        assert_eq!(alice.form("delete_conversation", &[("id", &chat)]).await.status(), 200);
        assert_eq!(alice.page(&format!("/c/{chat}")).await.0, 404);
    }
}

/// Kills the server with SIGKILL mid-reply, three times over, and checks
/// after each restart that every finished message is there and the cut-off
/// reply kept what was saved, marked interrupted, with Retry.
#[test]
fn a_server_killed_mid_reply_keeps_what_it_saved() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let upstream = runtime.block_on(TestUpstream::start(Options::default())).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (config_path, port, _) = common::binary_config(&upstream, dir.path(), "", "");
    let base = format!("http://127.0.0.1:{port}");
    let browser = Browser::without_keep_alive(&base);
    let mut chat: Option<String> = None;
    for round in 0..3u32 {
        let server = ServerProcess::start(&config_path, dir.path());
        let received = runtime.block_on(async {
            wait_until_up(&browser).await;
            if let Some(chat) = &chat {
                check_after_restart(&browser, chat, round).await;
            }
            let (_, id, mut body) =
                start_long(&browser, chat.as_deref(), 2 * round, &format!("Story number {round}")).await;
            chat = Some(id);
            // Past the first save (once a second), then some more.
            let until = Instant::now() + Duration::from_millis(1600);
            let mut received = String::new();
            while Instant::now() < until {
                let chunk = body.next().await.unwrap().unwrap();
                received.push_str(std::str::from_utf8(&chunk).unwrap());
            }
            received
        });
        assert!(received.contains(r#""text":" t20""#), "tokens were streaming: {received}");
        // SIGKILL: no shutdown, no last save.
        drop(server);
    }
    let _server = ServerProcess::start(&config_path, dir.path());
    runtime.block_on(async {
        wait_until_up(&browser).await;
        check_after_restart(&browser, chat.as_deref().unwrap(), 3).await;
    });
}

/// The server process, killed (SIGKILL) when dropped, even by a failing
/// assertion.
struct ServerProcess(std::process::Child);

impl ServerProcess {
    fn start(config: &std::path::Path, dir: &std::path::Path) -> Self {
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_colloquy"))
            .args(["--config", config.to_str().unwrap()])
            .current_dir(dir)
            .stdout(std::process::Stdio::null())
            // Kept beside the database, for a look when this test fails.
            .stderr(std::fs::File::options().create(true).append(true).open(dir.join("server.log")).unwrap())
            .spawn()
            .unwrap();
        Self(child)
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn wait_until_up(browser: &Browser) {
    let started = Instant::now();
    while browser.client.get(format!("{}/favicon.ico", browser.base)).send().await.is_err() {
        assert!(started.elapsed() < Duration::from_secs(20), "server did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// After `rounds` killed replies: each round's message and the start of
/// its reply are there, the replies marked cut off, the last with Retry.
async fn check_after_restart(browser: &Browser, chat: &str, rounds: u32) {
    let (status, html) = browser.page(&format!("/c/{chat}")).await;
    assert_eq!(status, 200, "{html}");
    for round in 0..rounds {
        assert!(html.contains(&format!("Story number {round}")), "round {round}'s message is missing: {html}");
    }
    // Saved at least a second in: the first 20 tokens, in each reply (in
    // the page's settings and in its HTML).
    let start = (0..20).map(|i| format!("t{i}")).collect::<Vec<_>>().join(" ");
    assert_eq!(html.matches(&start).count(), 2 * rounds as usize, "{html}");
    assert_eq!(html.matches("cut off before it finished").count(), rounds as usize, "{html}");
    assert_eq!(html.matches(r#"class="retry""#).count(), 1, "{html}");
}

/// Export as Markdown and JSON, import the JSON back (and refuse broken
/// files without storing anything), share read-only and revoke; all of it
/// the owner's only, on both databases.
#[tokio::test]
async fn export_import_and_share_links() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    for url in database_urls(dir.path(), "transfer").await {
        let base = TestApp::spawn(config(&upstream, &url)).await.base;
        let alice = Browser::new(&base);
        let (chat, _) = reply(send_turn(&alice, None, 0, 0, "Plans for the heist [tokens:3]").await).await;

        // Markdown, to read.
        let response = alice.client.get(format!("{base}/c/{chat}/export.md")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert!(response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("plans-for-the-heist-tokens-3.md"));
        let markdown = response.text().await.unwrap();
        assert!(markdown.starts_with("# Plans for the heist"), "{markdown}");
        assert!(markdown.contains("**You**") && markdown.contains("**Assistant**") && markdown.contains("t0 t1 t2"));

        // JSON, to import again: the copy is a new conversation with the same messages.
        let response = alice.client.get(format!("{base}/c/{chat}/export.json")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let export: Value = response.json().await.unwrap();
        assert_eq!(export["format"], "colloquy.conversation");
        assert_eq!(export["messages"].as_array().unwrap().len(), 2);
        let imported = alice.client.post(format!("{base}/api/import")).json(&export).send().await.unwrap();
        assert_eq!(imported.status(), 201);
        let copy = imported.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
        assert_ne!(copy, chat);
        let (status, html) = alice.page(&format!("/c/{copy}")).await;
        assert_eq!(status, 200);
        assert!(html.contains("Plans for the heist") && html.contains("t0 t1 t2"), "{html}");
        // The copy goes on like any conversation.
        let (again, _) = reply(send_turn(&alice, Some(&copy), 2, 2, "Go on [tokens:2]").await).await;
        assert_eq!(again, copy);

        // The sidebar's plain form (multipart) lands on the new conversation.
        let form = reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(export.to_string().into_bytes()).file_name("chat.json"));
        let response = alice.client.post(format!("{base}/api/import")).multipart(form).send().await.unwrap();
        assert_eq!(response.status(), 200, "followed to the conversation");
        assert!(response.url().path().starts_with("/c/"), "{}", response.url());

        // Broken files: a clear reason, nothing stored.
        let (_, before) = alice.page("/").await;
        let count = |html: &str| html.matches(r#"class="conversation-item"#).count();
        let mut bad_role = export.clone();
        bad_role["messages"][0]["role"] = "system".into();
        let mut long_title = export.clone();
        long_title["title"] = "t".repeat(201).into();
        let mut stolen_file = export.clone();
        stolen_file["messages"][0]["attachments"] = json!([{ "id": "0".repeat(32), "name": "../../etc/passwd" }]);
        for (body, why) in [
            (b"{ not json".to_vec(), "not a JSON file"),
            (b"[1,2]".to_vec(), "not a Colloquy conversation export"),
            (bad_role.to_string().into_bytes(), "message 1 has role \"system\""),
            (long_title.to_string().into_bytes(), "at most 200"),
            (Vec::new(), "no file"),
        ] {
            let response = alice.client.post(format!("{base}/api/import")).body(body).send().await.unwrap();
            assert_eq!(response.status(), 400, "{why}");
            let error = response.json::<Value>().await.unwrap()["error"].as_str().unwrap().to_string();
            assert!(error.contains(why), "{why}: {error}");
        }
        let huge = vec![b' '; 9 * 1024 * 1024];
        let response = alice.client.post(format!("{base}/api/import")).body(huge).send().await;
        assert!(response.map_or(true, |r| r.status() == 413), "an oversized file is refused");
        let (_, after) = alice.page("/").await;
        assert_eq!(count(&after), count(&before), "nothing was stored by the refused imports");
        // A file naming an upload imports its name only, never the file.
        let response = alice.client.post(format!("{base}/api/import")).json(&stolen_file).send().await.unwrap();
        assert_eq!(response.status(), 201);
        let named = response.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
        let exported: Value =
            alice.client.get(format!("{base}/c/{named}/export.json")).send().await.unwrap().json().await.unwrap();
        assert!(exported["messages"][0].get("attachments").is_none(), "{exported}");
        assert!(exported["messages"][0]["content"].as_str().unwrap().contains("Attached: ../../etc/passwd"));

        // Share: anyone with the link reads it, without an account; revoked, it is gone.
        let shared = alice.form("share_conversation", &[("id", &chat)]).await;
        assert_eq!(shared.status(), 200);
        let (_, html) = alice.page(&format!("/c/{chat}")).await;
        let token = html.split("/s/").nth(1).expect("the page shows the link")[..64].to_string();
        let stranger = Browser::new(&base);
        let response = stranger.client.get(format!("{base}/s/{token}")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["referrer-policy"], "no-referrer");
        let html = response.text().await.unwrap();
        assert!(html.contains("Plans for the heist") && html.contains("read-only"), "{html}");
        assert!(!html.contains(r#"name="message""#) && !html.contains(&chat), "no composer, no owner's id: {html}");
        // Only the link's hash is stored: it is shown once, and sharing
        // again makes a new link that replaces it.
        assert!(!alice.page(&format!("/c/{chat}")).await.1.contains(&token), "the link is shown once");
        let again = alice.form("share_conversation", &[("id", &chat)]).await;
        assert_eq!(again.status(), 200);
        let (_, html) = alice.page(&format!("/c/{chat}")).await;
        let new_token = html.split("/s/").nth(1).expect("the new link, shown once")[..64].to_string();
        assert_ne!(new_token, token);
        assert_eq!(stranger.page(&format!("/s/{token}")).await.0, 404, "the old link stopped working");
        let token = new_token;

        // Nobody else can export, share or revoke alice's conversation.
        let bob = Browser::new(&base);
        reply(send_turn(&bob, None, 0, 0, "My own chat [tokens:2]").await).await;
        for file in ["export.md", "export.json"] {
            assert_not_found(bob.client.get(format!("{base}/c/{chat}/{file}")).send().await.unwrap(), file).await;
        }
        assert_not_found(bob.form("share_conversation", &[("id", &chat)]).await, "share").await;
        assert_not_found(bob.form("stop_sharing", &[("id", &chat)]).await, "revoke").await;
        assert_eq!(stranger.page(&format!("/s/{token}")).await.0, 200, "bob's tries changed nothing");

        assert_eq!(alice.form("stop_sharing", &[("id", &chat)]).await.status(), 200);
        let (status, html) = stranger.page(&format!("/s/{token}")).await;
        assert_eq!(status, 404);
        assert!(!html.contains("heist"), "{html}");
        assert_eq!(stranger.page(&format!("/s/{}", "0".repeat(64))).await.0, 404);
        assert_eq!(stranger.page("/s/..%2F..%2Fetc").await.0, 404);
    }
}

/// `chat.auto_title = "model"`: the first words at once, then the model's
/// title once the first reply is complete (that a rename wins over it is
/// the store's `retitle_conversation`, tested there).
#[tokio::test]
async fn the_model_titles_a_new_conversation() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(&upstream, &format!("sqlite:{}/colloquy.db", dir.path().display()));
    config.chat.auto_title = colloquy_config::TitleMode::Model;
    let base = TestApp::spawn(config).await.base;
    let alice = Browser::new(&base);
    let (chat, frames) = reply(send_turn(&alice, None, 0, 0, "Plan a trip to Lisbon [tokens:3]").await).await;
    assert_eq!(frames[0]["title"], "Plan a trip to Lisbon [tokens:3]", "first words at once");
    // The title request quotes the message, directive and all, so the
    // stand-in answers it with three tokens: the title is "t0 t1 t2".
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (_, html) = alice.page("/").await;
        if html.contains(r#""title":"t0 t1 t2""#) {
            break;
        }
        assert!(Instant::now() < deadline, "the model's title never came: {html}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = chat;
}

/// PostgreSQL going away mid-run (connections refused, the open ones cut):
/// calls get a clear 503 and change nothing; once it is back, everything
/// stored before is there and work goes on.
#[tokio::test]
async fn a_database_that_goes_away_gives_clear_errors_and_loses_nothing() {
    let Ok(admin_url) = std::env::var("COLLOQUY_TEST_POSTGRES_URL") else {
        assert_eq!(std::env::var("COLLOQUY_SKIP_POSTGRES").as_deref(), Ok("1"), "set COLLOQUY_TEST_POSTGRES_URL");
        return;
    };
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let urls = database_urls(dir.path(), "away").await;
    let base = TestApp::spawn(config(&upstream, &urls[1])).await.base;
    let alice = Browser::new(&base);
    let (chat, _) = reply(send_turn(&alice, None, 0, 0, "Kept safe [tokens:2]").await).await;

    use sqlx::Connection;
    let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
    let away = |allow: bool| format!("ALTER DATABASE colloquy_server_away ALLOW_CONNECTIONS {allow}");
    sqlx::query(&away(false)).execute(&mut admin).await.unwrap();
    sqlx::query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'colloquy_server_away'")
        .execute(&mut admin)
        .await
        .unwrap();

    let response = send_turn(&alice, Some(&chat), 2, 2, "While it is away").await;
    assert_eq!(response.status(), 503);
    let why = response.text().await.unwrap();
    assert!(why.contains("right now") && why.contains("Try again shortly") && !why.contains("postgres"), "{why}");
    let renamed = alice.form("rename_conversation", &[("id", &chat), ("title", "Lost?")]).await;
    assert_eq!(renamed.status(), 503);
    let (status, html) = alice.page(&format!("/c/{chat}")).await;
    assert!(status == 503 || html.contains("cannot be reached right now"), "{status}: {html}");

    sqlx::query(&away(true)).execute(&mut admin).await.unwrap();
    let (status, html) = alice.page(&format!("/c/{chat}")).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Kept safe") && html.contains("t0 t1") && !html.contains("While it is away"), "{html}");
    assert!(!html.contains("Lost?"), "the refused rename changed nothing");
    let (again, _) = reply(send_turn(&alice, Some(&chat), 2, 2, "Back again [tokens:2]").await).await;
    assert_eq!(again, chat);
}

/// A long conversation's page holds its newest messages and says how many
/// came before; `?show=N` (no JavaScript) and `earlier_messages` read the
/// rest; turns go on counting every message, shown or not.
#[tokio::test]
async fn a_long_conversation_opens_at_its_end_and_reads_back_the_rest() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let app = Application::build(config(&upstream, &format!("sqlite:{}/long.db", dir.path().display())))
        .await
        .expect("server starts");
    let base = format!("http://{}", app.local_addr());
    tokio::spawn(app.run());
    let alice = Browser::new(&base);
    let (chat, _) = reply(send_turn(&alice, None, 0, 0, "Start [tokens:1]").await).await;
    let mut export: Value =
        alice.client.get(format!("{base}/c/{chat}/export.json")).send().await.unwrap().json().await.unwrap();
    let template = export["messages"][0].clone();
    let messages: Vec<Value> = (1..=230)
        .map(|i| {
            let mut message = template.clone();
            message["role"] = json!(if i % 2 == 1 { "user" } else { "assistant" });
            message["content"] = json!(format!("note-{i}-end"));
            message
        })
        .collect();
    export["messages"] = json!(messages);
    let imported = alice.client.post(format!("{base}/api/import")).json(&export).send().await.unwrap();
    assert_eq!(imported.status(), 201);
    let long = imported.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    let shown = |html: &str| (1..=230).filter(|i| html.contains(&format!("note-{i}-end"))).collect::<Vec<_>>();

    // The newest 100, and a way to the 130 before them.
    let (status, html) = alice.page(&format!("/c/{long}")).await;
    assert_eq!(status, 200);
    assert_eq!(shown(&html), (131..=230).collect::<Vec<_>>());
    assert!(html.contains("Show earlier messages (130 messages before these)"), "{html}");
    assert!(html.contains(&format!("href=\"/c/{long}?show=200\"")), "{html}");
    // The no-JavaScript form says it saw all 230.
    assert!(html.contains(r#"name="expect" value="230""#), "{html}");
    // Without JavaScript: the page with more.
    let (_, html) = alice.page(&format!("/c/{long}?show=200")).await;
    assert_eq!(shown(&html), (31..=230).collect::<Vec<_>>());
    assert!(html.contains("(30 messages before these)"));
    let (_, html) = alice.page(&format!("/c/{long}?show=99999")).await;
    assert_eq!(shown(&html), (1..=230).collect::<Vec<_>>());
    assert!(!html.contains("Show earlier messages"));
    let (_, html) = alice.page(&format!("/c/{long}?show=nonsense")).await;
    assert_eq!(shown(&html).len(), 100);

    // With JavaScript: the window before the first shown, then the rest.
    let earlier = |before: &'static str| {
        let (alice, long) = (alice.clone(), long.clone());
        async move {
            let response = alice.form("earlier_messages", &[("conversation", &long), ("before", before)]).await;
            assert_eq!(response.status(), 200);
            let views: Vec<Value> = response.json().await.unwrap();
            views.iter().map(|v| v["content"].as_str().unwrap().to_string()).collect::<Vec<_>>()
        }
    };
    let window = earlier("131").await;
    assert_eq!(window.len(), 100);
    assert_eq!((window[0].as_str(), window[99].as_str()), ("note-31-end", "note-130-end"));
    assert_eq!(earlier("31").await, (1..=30).map(|i| format!("note-{i}-end")).collect::<Vec<_>>());
    assert!(earlier("1").await.is_empty());
    // Not someone else's.
    let bob = Browser::new(&base);
    reply(send_turn(&bob, None, 0, 0, "Hi [tokens:1]").await).await;
    assert_not_found(bob.form("earlier_messages", &[("conversation", &long), ("before", "131")]).await, "earlier")
        .await;

    // Its share link opens at the end too, with a plain link to more.
    assert_eq!(alice.form("share_conversation", &[("id", &long)]).await.status(), 200);
    let (_, html) = alice.page(&format!("/c/{long}")).await;
    let token = html.split("/s/").nth(1).expect("the page shows the link")[..64].to_string();
    let stranger = Browser::new(&base);
    let (status, html) = stranger.page(&format!("/s/{token}")).await;
    assert_eq!(status, 200);
    assert_eq!(shown(&html), (131..=230).collect::<Vec<_>>());
    assert!(html.contains(r#"href="?show=200""#) && html.contains("(130 messages before these)"), "{html}");
    let (_, html) = stranger.page(&format!("/s/{token}?show=200")).await;
    assert_eq!(shown(&html), (31..=230).collect::<Vec<_>>());

    // A turn counts every message, shown or not: 230 stored, all kept.
    let (again, _) = reply(send_turn(&alice, Some(&long), 230, 230, "And then? [tokens:2]").await).await;
    assert_eq!(again, long);
    let (_, html) = alice.page(&format!("/c/{long}")).await;
    assert!(html.contains("And then?") && html.contains("(132 messages before these)"), "{html}");
}
