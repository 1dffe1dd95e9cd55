//! Several bots in one server (`bots/NAME.toml`, each at `/bots/NAME`)
//! and the playground that drafts, previews and saves them: a saved bot is
//! served at once, without a restart; a conversation keeps its bot; only
//! admins use the playground when accounts are on.

use crate::common::{self, Browser, TestApp};

use colloquy_config::AuthMode;
use colloquy_test_upstream::{Options, TestUpstream};
use common::{config, database_urls, frames, reply_text};
use serde_json::{json, Value};
use server::Application;

const SUPPORT: &str = r#"
[chat]
title = "Support desk"
description = "Answers questions about orders."
system_prompt = "You are support. Tone: {tone}"
examples = ["Where is my parcel?"]

[[inputs]]
kind = "dropdown"
name = "tone"
choices = ["calm", "brisk"]
"#;

/// A turn with `bot`, as its page sends it; the reply's frames.
async fn turn(browser: &Browser, bot: &str, conversation: Option<&str>, expect: u32, text: &str) -> Vec<Value> {
    let message = json!({ "role": "user", "content": text });
    let turn = json!({ "conversation": conversation, "expect": expect, "keep": expect, "message": message, "model": "gpt", "bot": bot });
    frames(browser.call("chat_reply", json!({ "turn": turn })).await).await
}

/// The system prompt of the stand-in's latest request.
fn last_system_prompt(upstream: &TestUpstream) -> String {
    let requests = upstream.requests();
    let body = &requests.last().expect("a request").body;
    assert_eq!(body["messages"][0]["role"], "system", "{body}");
    body["messages"][0]["content"].as_str().unwrap().to_string()
}

/// The `<title>` of a page.
fn page_title(html: &str) -> &str {
    let start = html.find("<title>").expect("a title") + "<title>".len();
    &html[start..start + html[start..].find("</title>").unwrap()]
}

#[tokio::test]
async fn each_bot_has_its_page_its_prompt_and_its_conversations() {
    let dir = tempfile::tempdir().unwrap();
    for (i, url) in database_urls(dir.path(), "bots").await.into_iter().enumerate() {
        let upstream = TestUpstream::start(Options::default()).await.unwrap();
        let mut config = config(&upstream, &url);
        config.bots.dir = dir.path().join(format!("bots-{i}"));
        colloquy_config::write_bot(&config.bots.dir, &colloquy_config::BotName::parse("support").unwrap(), SUPPORT)
            .unwrap();
        let base = TestApp::spawn(config).await.base;
        let alice = Browser::new(&base);

        // The home page lists the app's own bot and the folder's.
        let (status, html) = alice.page("/bots").await;
        assert_eq!(status, 200, "{url}");
        assert!(html.contains("Support desk") && html.contains(r#"href="/bots/support""#), "{html}");
        assert!(html.contains(r#"<a href="/"><h2>Colloquy"#), "{html}");

        // Its page is its own: title, examples, settings panel.
        let (status, html) = alice.page("/bots/support").await;
        assert_eq!(status, 200);
        assert_eq!(page_title(&html), "Support desk");
        assert!(html.contains("Where is my parcel?") && html.contains(r#""bot":"support""#), "{html}");
        assert!(html.contains(r#"href="/bots/support" class="new-chat""#), "a new chat stays with this bot");
        for missing in ["/bots/nope", "/bots/..%2F..%2Fetc", "/bots/Support"] {
            assert_eq!(alice.page(missing).await.0, 404, "{missing}");
        }

        // A turn with it uses its prompt, with its input's default.
        let reply = turn(&alice, "support", None, 0, "hi").await;
        assert_eq!(reply_text(&reply), "You said: hi (via openai)");
        assert_eq!(last_system_prompt(&upstream), "You are support. Tone: calm");
        let chat = reply[0]["conversation"].as_str().unwrap().to_string();

        // The conversation stays with its bot, whatever a page says.
        let (status, html) = alice.page(&format!("/c/{chat}")).await;
        assert_eq!(status, 200);
        assert_eq!(page_title(&html), "Support desk", "its page is the bot's");
        let reply = turn(&alice, "", Some(&chat), 2, "again").await;
        assert_eq!(reply.last().unwrap()["type"], "done", "{reply:?}");
        assert_eq!(last_system_prompt(&upstream), "You are support. Tone: calm");

        // The app's own bot is unchanged, and a bot that is not there is refused.
        turn(&alice, "", None, 0, "plain").await;
        assert_eq!(last_system_prompt(&upstream), "You are a helpful, concise assistant.");
        let turn = json!({ "message": { "role": "user", "content": "x" }, "model": "gpt", "bot": "nope" });
        assert_eq!(alice.call("chat_reply", json!({ "turn": turn })).await.status(), 404);
        // Without JavaScript the form names the bot too.
        let response =
            alice.form("post_message", &[("message", "by form"), ("model", "gpt"), ("bot", "support")]).await;
        assert_eq!(response.status(), 200);
        assert_eq!(last_system_prompt(&upstream), "You are support. Tone: calm");
    }
}

#[tokio::test]
async fn a_bad_bot_file_stops_the_start_with_its_name() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(&upstream, &format!("sqlite:{}/b.db", dir.path().display()));
    config.bots.dir = dir.path().join("bots");
    std::fs::create_dir_all(&config.bots.dir).unwrap();
    std::fs::write(config.bots.dir.join("broken.toml"), "[chat]\ntitle = \"x\"\nmodel = 3\n").unwrap();
    let e = Application::build(config).await.err().expect("refused").to_string();
    assert!(e.contains("broken.toml") && e.contains("line 3") && e.contains("model"), "{e}");
}

#[tokio::test]
async fn the_playground_drafts_previews_and_saves_a_bot_the_app_serves_at_once() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(&upstream, &format!("sqlite:{}/p.db", dir.path().display()));
    config.bots.dir = dir.path().join("bots");
    let base = TestApp::spawn(config).await.base;
    let alice = Browser::new(&base);
    assert_eq!(alice.page("/playground").await.0, 200);

    // The model drafts; the stand-in answers with the request's own text.
    let request = "[reply:raw]Title: Pirate Pal\nDescription: Talks like a pirate.\nSystem prompt: You are a pirate.\n\
                   Example: Ahoy?\nSetting: mood: salty, jolly";
    let response = alice.call("draft_bot", json!({ "request": request, "model": "gpt" })).await;
    assert_eq!(response.status(), 200);
    let draft: Value = response.json().await.unwrap();
    assert_eq!(draft["name"], "pirate-pal");
    assert_eq!(draft["title"], "Pirate Pal");
    assert_eq!(draft["system_prompt"], "You are a pirate.\nMood: {mood}");
    assert_eq!(draft["examples"], json!(["Ahoy?"]));
    assert_eq!(draft["inputs"][0]["choices"], json!(["salty", "jolly"]));
    assert!(last_system_prompt(&upstream).starts_with("You design chatbots"));
    let empty = alice.call("draft_bot", json!({ "request": "  ", "model": "gpt" })).await;
    assert_eq!(empty.status(), 400);

    // The bot file the form makes, previewed without saving anything.
    let draft: app::playground::draft::BotDraft = serde_json::from_value(draft).unwrap();
    let toml = draft.to_toml();
    let preview = |system_prompt: Option<&str>, bot: &str| {
        let turn = json!({
            "bot": bot, "model": "gpt", "system_prompt": system_prompt,
            "messages": [{ "role": "user", "content": "hello" }],
        });
        alice.call("preview_reply", json!({ "turn": turn }))
    };
    let frames_seen = frames(preview(None, &toml).await).await;
    assert_eq!(reply_text(&frames_seen), "You said: hello (via openai)");
    assert_eq!(last_system_prompt(&upstream), "You are a pirate.\nMood: salty");
    // The compare view's other prompt.
    frames(preview(Some("Be brief."), &toml).await).await;
    assert_eq!(last_system_prompt(&upstream), "Be brief.");
    let broken = preview(None, "[chat\n").await;
    assert_eq!(broken.status(), 400);
    assert!(broken.text().await.unwrap().contains("line 1"));
    let (_, html) = alice.page("/").await;
    assert!(!html.contains("hello"), "a preview is stored nowhere");

    // Saved: served at its address at once, listed on the home page.
    let save = |name: &str, bot: &str, replace: bool| {
        alice.call("save_bot", json!({ "name": name, "bot": bot, "replace": replace }))
    };
    let response = save("pirate-pal", &toml, false).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<String>().await.unwrap(), "/bots/pirate-pal");
    assert_eq!(std::fs::read_to_string(dir.path().join("bots/pirate-pal.toml")).unwrap(), toml);
    let (status, html) = alice.page("/bots/pirate-pal").await;
    assert_eq!((status, page_title(&html)), (200, "Pirate Pal"));
    assert!(alice.page("/bots").await.1.contains("Talks like a pirate."));
    let reply = turn(&alice, "pirate-pal", None, 0, "arr").await;
    assert_eq!(reply.last().unwrap()["type"], "done");
    assert_eq!(last_system_prompt(&upstream), "You are a pirate.\nMood: salty");

    // A name taken needs "replace"; a changed bot is served changed.
    let changed = toml.replace("Pirate Pal", "Captain Pal");
    assert_eq!(save("pirate-pal", &changed, false).await.status(), 409);
    assert_eq!(save("pirate-pal", &changed, true).await.status(), 200);
    assert_eq!(page_title(&alice.page("/bots/pirate-pal").await.1), "Captain Pal");

    // Refused, saying why, and nothing written.
    let invalid = toml.replace("title = \"Pirate Pal\"", "title = \"\"");
    let response = save("pirate-pal", &invalid, true).await;
    assert_eq!(response.status(), 400);
    assert!(response.text().await.unwrap().contains("chat.title"));
    for name in ["../escape", "Pirate", "", "a/b"] {
        assert_eq!(save(name, &toml, true).await.status(), 400, "{name:?}");
    }
    let files: Vec<_> = std::fs::read_dir(dir.path().join("bots")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(files, ["pirate-pal.toml"], "no other file, no temporary left");
    assert_eq!(page_title(&alice.page("/bots/pirate-pal").await.1), "Captain Pal");

    // Reading a bot file back into the form.
    let read = alice.call("read_bot", json!({ "text": changed })).await;
    assert_eq!(read.json::<Value>().await.unwrap()["title"], "Captain Pal");
}

#[tokio::test]
async fn only_admins_use_the_playground_when_accounts_are_on_and_none_when_it_is_off() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(&upstream, &format!("sqlite:{}/a.db", dir.path().display()));
    config.bots.dir = dir.path().join("bots");
    config.auth.mode = AuthMode::Password;
    config.auth.signup = true;
    // Admins are made on the command line (`colloquy user add --admin`);
    // `auth.admins` is for proxy mode.
    let store = colloquy_store::Store::connect(&config.storage.url).await.unwrap();
    store.create_account("root", &colloquy_auth::passwords::hash("a long password").unwrap(), true).await.unwrap();
    let base = TestApp::spawn(config.clone()).await.base;
    let toml = "[chat]\ntitle = \"Mine\"\n";
    let save = json!({ "name": "mine", "bot": toml, "replace": false });

    let nobody = Browser::new(&base);
    assert!(nobody.client.get(format!("{base}/playground")).send().await.unwrap().url().path() == "/login");
    assert_eq!(nobody.call("save_bot", save.clone()).await.status(), 401);

    let bob = Browser::new(&base);
    bob.form("sign_up", &[("name", "bob"), ("password", "a long password"), ("next", "/")]).await;
    let (status, html) = bob.page("/playground").await;
    assert_eq!(status, 404, "{html}");
    assert!(!html.contains("playground-link"));
    assert_eq!(bob.call("save_bot", save.clone()).await.status(), 404);
    assert_eq!(bob.call("draft_bot", json!({ "request": "x", "model": "gpt" })).await.status(), 404);

    let root = Browser::new(&base);
    root.form("sign_in", &[("name", "root"), ("password", "a long password"), ("next", "/")]).await;
    assert_eq!(root.page("/playground").await.0, 200);
    assert!(root.page("/").await.1.contains("playground-link"));
    assert_eq!(root.call("save_bot", save.clone()).await.status(), 200);
    assert_eq!(bob.page("/bots/mine").await.0, 200, "a saved bot is everyone's to chat with");

    // Turned off: no page, no functions, for anyone.
    let mut off = config;
    off.playground.enabled = false;
    off.storage.url = format!("sqlite:{}/off.db", dir.path().display());
    let store = colloquy_store::Store::connect(&off.storage.url).await.unwrap();
    store.create_account("root", &colloquy_auth::passwords::hash("a long password").unwrap(), true).await.unwrap();
    let base = TestApp::spawn(off).await.base;
    let anyone = Browser::new(&base);
    anyone.form("sign_in", &[("name", "root"), ("password", "a long password"), ("next", "/")]).await;
    assert_eq!(anyone.page("/playground").await.0, 404);
    assert_eq!(anyone.call("save_bot", json!({ "name": "x", "bot": toml, "replace": false })).await.status(), 404);
}

/// Polls `path` until `check` holds for its status and body (5 s at most).
async fn eventually(browser: &Browser, path: &str, check: impl Fn(u16, &str) -> bool) -> (u16, String) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let (status, html) = browser.page(path).await;
        if check(status, &html) || std::time::Instant::now() > deadline {
            return (status, html);
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn bot_files_added_changed_or_removed_by_hand_are_served_without_a_restart() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(&upstream, &format!("sqlite:{}/w.db", dir.path().display()));
    let bots = dir.path().join("bots");
    config.bots.dir = bots.clone();
    config.bots.watch_secs = 0.1;
    let base = TestApp::spawn(config).await.base;
    let alice = Browser::new(&base);
    assert_eq!(alice.page("/bots/late").await.0, 404);

    std::fs::create_dir_all(&bots).unwrap();
    std::fs::write(bots.join("late.toml"), "[chat]\ntitle = \"Late\"\n").unwrap();
    let (status, html) = eventually(&alice, "/bots/late", |status, _| status == 200).await;
    assert_eq!((status, page_title(&html)), (200, "Late"), "added");

    std::fs::write(bots.join("late.toml"), "[chat]\ntitle = \"Later\"\nsystem_prompt = \"Be late.\"\n").unwrap();
    let (_, html) = eventually(&alice, "/bots/late", |_, html| page_title(html) == "Later").await;
    assert_eq!(page_title(&html), "Later", "changed");
    turn(&alice, "late", None, 0, "hi").await;
    assert_eq!(last_system_prompt(&upstream), "Be late.");

    // A broken file changes nothing: the folder is taken whole or not at all.
    std::fs::write(bots.join("broken.toml"), "[chat\n").unwrap();
    std::fs::write(bots.join("late.toml"), "[chat]\ntitle = \"Latest\"\n").unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert_eq!(page_title(&alice.page("/bots/late").await.1), "Later");
    std::fs::remove_file(bots.join("broken.toml")).unwrap();
    let (_, html) = eventually(&alice, "/bots/late", |_, html| page_title(html) == "Latest").await;
    assert_eq!(page_title(&html), "Latest", "taken once the folder is valid again");

    std::fs::remove_file(bots.join("late.toml")).unwrap();
    assert_eq!(eventually(&alice, "/bots/late", |status, _| status == 404).await.0, 404, "removed");
}
