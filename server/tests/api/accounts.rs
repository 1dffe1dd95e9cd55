//! The three ways people are known, through HTTP as browsers and proxies
//! use them: `password` (sign-up, sign-in, throttling, sign-out that ends
//! the session on the server, a fresh session id at sign-in), an admin made
//! with `colloquy user add --admin` who alone sees /admin and the feedback
//! dataset, and `proxy` (a user header believed only from the proxy).

use std::io::Write;
use std::sync::Arc;

use crate::common::{self, TestApp};

use colloquy_config::AuthMode;
use colloquy_test_upstream::{Options, TestUpstream};
use common::{config, frames};
use reqwest::cookie::CookieStore;
use serde_json::{json, Value};

/// A browser with a cookie jar we can read.
struct Browser {
    base: String,
    jar: Arc<reqwest::cookie::Jar>,
    client: reqwest::Client,
}

impl Browser {
    fn new(base: &str) -> Self {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        // Browsers say they take HTML; form posts are answered with redirects then.
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::ACCEPT, "text/html,application/xhtml+xml,*/*;q=0.8".parse().unwrap());
        let client = reqwest::Client::builder().cookie_provider(jar.clone()).default_headers(headers).build().unwrap();
        Self { base: base.into(), jar, client }
    }

    /// The session cookie's value.
    fn session(&self) -> Option<String> {
        let cookies = self.jar.cookies(&self.base.parse().unwrap())?;
        cookies.to_str().unwrap().split("; ").find_map(|c| c.strip_prefix("colloquy_session=")).map(String::from)
    }

    /// Plants a session cookie (as an attacker would, for fixation).
    fn plant(&self, value: &str) {
        self.jar.add_cookie_str(&format!("colloquy_session={value}; Path=/"), &self.base.parse().unwrap());
    }

    async fn form(&self, function: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client.post(format!("{}/api/{function}", self.base)).form(form).send().await.unwrap()
    }

    async fn page(&self, path: &str) -> (u16, String, String) {
        let response = self.client.get(format!("{}{path}", self.base)).send().await.unwrap();
        let landed = response.url().path().to_string();
        (response.status().as_u16(), landed, response.text().await.unwrap())
    }

    async fn turn(&self, text: &str) -> reqwest::Response {
        let turn = json!({ "message": { "role": "user", "content": text }, "model": "gpt" });
        let url = format!("{}/api/chat_reply", self.base);
        // As the page's script calls it.
        self.client
            .post(url)
            .header(reqwest::header::ACCEPT, "*/*")
            .json(&json!({ "turn": turn }))
            .send()
            .await
            .unwrap()
    }

    async fn sign_in(&self, name: &str, password: &str) -> (String, String) {
        let response = self.form("sign_in", &[("name", name), ("password", password), ("next", "/")]).await;
        let landed = response.url().path().to_string();
        (landed, crate::common::without_messages(&response.text().await.unwrap()))
    }
}

#[tokio::test]
async fn password_mode_signs_up_in_and_out() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(&upstream, &format!("sqlite:{}/colloquy.db", dir.path().display()));
    config.auth.mode = AuthMode::Password;
    config.auth.signup = true;
    let base = TestApp::spawn(config).await.base;

    // Nobody signed in: pages send to the sign-in form, calls are 401.
    let alice = Browser::new(&base);
    let (status, landed, html) = alice.page("/c/0123456789abcdef0123456789abcdef").await;
    assert_eq!((status, landed.as_str()), (200, "/login"), "{html}");
    assert!(html.contains(r#"action="/api/sign_in""#) && html.contains("next"), "{html}");
    assert_eq!(alice.turn("hello").await.status(), 401);

    // Sign up: a new session id, and then the chat.
    alice.plant("planted-by-an-attacker");
    let response = alice.form("sign_up", &[("name", "Alice"), ("password", "correct horse"), ("next", "/")]).await;
    let landed = response.url().path().to_string();
    let status = response.status();
    let html = response.text().await.unwrap();
    assert_eq!(landed, "/", "{status}: {html}");
    assert!(html.contains("alice") && html.contains("Sign out"), "{html}");
    let first_session = alice.session().expect("a session cookie");
    assert_ne!(first_session, "planted-by-an-attacker");
    let reply = frames(alice.turn("Hi [tokens:2]").await).await;
    assert_eq!(reply.last().unwrap()["type"], "done");

    // The name is taken now; short passwords are refused; both say why.
    let bob = Browser::new(&base);
    let response = bob.form("sign_up", &[("name", "ALICE"), ("password", "another one"), ("next", "/")]).await;
    assert_eq!(response.url().path(), "/signup");
    assert!(response.text().await.unwrap().contains("is taken"));
    let response = bob.form("sign_up", &[("name", "bob"), ("password", "short"), ("next", "/")]).await;
    assert!(response.text().await.unwrap().contains("at least 8 characters"));

    // Sign out ends the session on the server: the old cookie is worth nothing.
    let response = alice.form("sign_out", &[]).await;
    assert_eq!(response.url().path(), "/login");
    let thief = Browser::new(&base);
    thief.plant(&first_session);
    assert_eq!(thief.turn("still me?").await.status(), 401);
    assert_eq!(thief.page("/").await.1, "/login");

    // Wrong password and unknown name read the same.
    let (landed, html) = alice.sign_in("alice", "wrong password").await;
    assert_eq!(landed, "/login");
    assert!(html.contains("do not match an account"), "{html}");
    let (_, html) = alice.sign_in("nobody-here", "wrong password").await;
    assert!(html.contains("do not match an account"), "{html}");
    // Then the right one, with a fresh session id; her conversation is there.
    let (landed, html) = alice.sign_in("Alice", "correct horse").await;
    assert_eq!(landed, "/");
    assert!(html.contains("Hi [tokens:2]"), "her conversation is in the sidebar: {html}");
    assert_ne!(alice.session().unwrap(), first_session);
    // A return address that leaves the site is not followed.
    let response =
        alice.form("sign_in", &[("name", "alice"), ("password", "correct horse"), ("next", "//evil.example/")]).await;
    assert_eq!(response.url().host_str(), Some("127.0.0.1"));

    // Throttled per account: five quick wrong tries, then a wait, even with the right password.
    let mallory = Browser::new(&base);
    for _ in 0..5 {
        mallory.sign_in("alice", "guess").await;
    }
    let (_, html) = mallory.sign_in("alice", "correct horse").await;
    assert!(html.contains("Too many sign-in attempts. You can try again in "), "{html}");
    // A program (no text/html) is told 429 and how long to wait.
    let response = reqwest::Client::new()
        .post(format!("{base}/api/sign_in"))
        .header("accept", "*/*")
        .form(&[("name", "alice"), ("password", "correct horse")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    let wait: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
}

#[tokio::test]
async fn sign_up_off_leaves_accounts_to_the_command_line_and_only_admins_see_admin() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite:{}/colloquy.db", dir.path().display());
    let config_path = dir.path().join("colloquy.toml");
    std::fs::write(&config_path, format!("[auth]\nmode = \"password\"\n[storage]\nurl = \"{database}\"\n")).unwrap();
    // The real binary, as an operator runs it: password on standard input.
    let add = |args: &[&str], password: &str| {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_colloquy"))
            .args(["--config", config_path.to_str().unwrap(), "user", "add"])
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(format!("{password}\n").as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr))
    };
    assert_eq!(add(&["--admin", "Root"], "admin password").0, Some(0));
    assert_eq!(add(&["carol"], "carol password").0, Some(0));
    let (code, said) = add(&["carol"], "carol password");
    assert_eq!(code, Some(2));
    assert!(said.contains("taken"), "{said}");
    let (code, said) = add(&["dave"], "short");
    assert_eq!(code, Some(2));
    assert!(said.contains("at least 8"), "{said}");
    let (code, said) = add(&["two words"], "long enough");
    assert_eq!(code, Some(2));
    assert!(said.contains("no spaces"), "{said}");

    let mut config = config(&upstream, &database);
    config.auth.mode = AuthMode::Password;
    let base = TestApp::spawn(config).await.base;
    let visitor = Browser::new(&base);
    assert_eq!(visitor.page("/signup").await.0, 404);
    let response = visitor.form("sign_up", &[("name", "eve"), ("password", "long enough"), ("next", "/")]).await;
    assert_eq!(response.status(), 404);

    // carol chats and dislikes a reply; she is not an admin.
    let carol = Browser::new(&base);
    assert_eq!(carol.sign_in("carol", "carol password").await.0, "/");
    let reply = frames(carol.turn("What is 2+2? [tokens:2]").await).await;
    let chat = reply[0]["conversation"].as_str().unwrap().to_string();
    let feedback = json!({ "feedback": { "conversation": chat, "seq": 2, "rating": "dislike", "comment": "wrong" } });
    let response = carol
        .client
        .post(format!("{base}/api/send_feedback"))
        .header(reqwest::header::ACCEPT, "*/*")
        .json(&feedback)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(carol.page("/admin").await.0, 404);
    assert_eq!(carol.page("/admin/feedback.jsonl").await.0, 404);
    assert_eq!(visitor.page("/admin/feedback.jsonl").await.0, 404);

    // The admin sees the users and downloads the dataset.
    let root = Browser::new(&base);
    assert_eq!(root.sign_in("root", "admin password").await.0, "/");
    let (status, _, html) = root.page("/admin").await;
    assert_eq!(status, 200);
    assert!(html.contains("carol") && html.contains("root") && html.contains("feedback.jsonl"), "{html}");
    let response = root.client.get(format!("{base}/admin/feedback.jsonl")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let body = response.text().await.unwrap();
    let lines: Vec<Value> = body.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 1, "{body}");
    assert_eq!(lines[0]["user"], "carol");
    assert_eq!(lines[0]["rating"], "dislike");
    assert_eq!(lines[0]["comment"], "wrong");
    assert_eq!(lines[0]["prompt"], "What is 2+2? [tokens:2]");
    assert_eq!(lines[0]["reply"], "t0 t1");
}

#[tokio::test]
async fn proxy_mode_believes_the_user_header_only_from_the_proxy() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(&upstream, &format!("sqlite:{}/colloquy.db", dir.path().display()));
    config.auth.mode = AuthMode::Proxy;
    config.auth.admins = vec!["Ops".into()];
    config.server.trusted_proxies = vec!["127.0.0.1".into()];
    let base = TestApp::spawn(config.clone()).await.base;

    let as_user = |name: &'static str| {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-forwarded-user", name.parse().unwrap());
        reqwest::Client::builder().default_headers(headers).cookie_store(true).build().unwrap()
    };
    let turn =
        json!({ "turn": { "message": { "role": "user", "content": "Proxy hello [tokens:2]" }, "model": "gpt" } });
    let alice = as_user("alice");
    let reply = frames(alice.post(format!("{base}/api/chat_reply")).json(&turn).send().await.unwrap()).await;
    let chat = reply[0]["conversation"].as_str().unwrap().to_string();
    let html = alice.get(format!("{base}/c/{chat}")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Proxy hello") && html.contains("alice"), "{html}");
    // Another name through the proxy is another person.
    let bob = as_user("bob");
    assert_eq!(bob.get(format!("{base}/c/{chat}")).send().await.unwrap().status(), 404);
    // No header: nobody.
    let plain = reqwest::Client::new();
    assert_eq!(plain.get(format!("{base}/")).send().await.unwrap().status(), 401);
    assert_eq!(plain.post(format!("{base}/api/chat_reply")).json(&turn).send().await.unwrap().status(), 401);
    // Admins are named in the config.
    assert_eq!(as_user("ops").get(format!("{base}/admin")).send().await.unwrap().status(), 200);
    assert_eq!(alice.get(format!("{base}/admin")).send().await.unwrap().status(), 404);

    // A server whose proxy is elsewhere believes no header from here.
    let mut elsewhere = config;
    elsewhere.server.trusted_proxies = vec!["10.9.9.9".into()];
    let base = TestApp::spawn(elsewhere).await.base;
    let spoofed = as_user("alice");
    assert_eq!(spoofed.get(format!("{base}/c/{chat}")).send().await.unwrap().status(), 401);
    assert_eq!(spoofed.post(format!("{base}/api/chat_reply")).json(&turn).send().await.unwrap().status(), 401);
}

/// A timing attack on sign-in: if a wrong password for a real account took
/// longer than an unknown name (a hash checked against a hash skipped), the
/// time would tell which names exist. Both check one Argon2 hash.
#[tokio::test]
async fn sign_in_takes_as_long_for_an_unknown_name_as_for_a_wrong_password() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(&upstream, &format!("sqlite:{}/colloquy.db", dir.path().display()));
    config.auth.mode = AuthMode::Password;
    config.auth.signup = true;
    // The sign-in budgets are not what this measures.
    config.limits.logins_per_account = colloquy_config::BudgetConfig { burst: 1000, every_secs: 0.001 };
    config.limits.logins_per_address = colloquy_config::BudgetConfig { burst: 1000, every_secs: 0.001 };
    let base = TestApp::spawn(config).await.base;
    let alice = Browser::new(&base);
    alice.form("sign_up", &[("name", "alice"), ("password", "correct horse"), ("next", "/")]).await;

    let attacker = Browser::new(&base);
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    // Interleaved, so that a slow patch of the machine slows both, and
    // each going first in turn, so that neither is always the one to meet
    // a burst of the other tests' work.
    for i in 0..15 {
        let wrong = format!("guess {i}");
        let nobody = format!("nobody{i}");
        let timed = |name: String| {
            let attacker = &attacker;
            let wrong = wrong.clone();
            async move {
                let started = std::time::Instant::now();
                let (landed, _) = attacker.sign_in(&name, &wrong).await;
                assert_eq!(landed, "/login");
                started.elapsed()
            }
        };
        if i % 2 == 0 {
            known.push(timed("alice".into()).await);
            unknown.push(timed(nobody).await);
        } else {
            unknown.push(timed(nobody).await);
            known.push(timed("alice".into()).await);
        }
    }
    // Each pair ran back to back, so a busy moment of the machine (other
    // tests of this file run beside this one) slows both of a pair: the
    // median of the pairs' ratios, not of all the times, is compared.
    let mut ratios: Vec<f64> = known.iter().zip(&unknown).map(|(k, u)| k.as_secs_f64() / u.as_secs_f64()).collect();
    ratios.sort_by(f64::total_cmp);
    unknown.sort();
    let (ratio, u) = (ratios[7], unknown[7].as_secs_f64());
    // An Argon2 check is tens of milliseconds; skipping it would halve
    // the time or less. Within 35% of each other.
    assert!((ratio - 1.0).abs() < 0.35, "wrong password / unknown name, median of pairs: {ratio:.3} ({ratios:.2?})");
    assert!(u > 0.005, "an unknown name was answered in {u:.4} s (median): no hash was checked");
}
