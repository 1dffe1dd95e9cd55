//! Attacks over raw HTTP against the real server: slowloris, path
//! traversal as the bytes a client can really send (no client library
//! normalizing the path first), oversized names and headers, values
//! outside a setting's allowed set, and error responses that could leak
//! internals. Each must fail, and the server must go on serving.

use crate::common;
use crate::common::{site_root, TestApp, SECRET};

/// The default configuration's open doors (issue 22).
mod safe_defaults;

use std::time::{Duration, Instant};

use colloquy_test_upstream::{Options, TestUpstream};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn spawn(configure: impl FnOnce(&mut colloquy_config::Config)) -> (String, std::net::SocketAddr, TestUpstream) {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap().keep();
    let mut config = common::config(&upstream, &format!("sqlite:{}/colloquy.db", dir.display()));
    configure(&mut config);
    let app = TestApp::spawn(config).await;
    (app.base, app.addr, upstream)
}

/// Sends `request` as it is and reads the answer until the server closes
/// the connection (or 5 s pass).
async fn raw(addr: std::net::SocketAddr, request: &[u8]) -> String {
    let mut tcp = TcpStream::connect(addr).await.unwrap();
    tcp.write_all(request).await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), tcp.read_to_end(&mut answer)).await;
    String::from_utf8_lossy(&answer).into_owned()
}

fn status_of(answer: &str) -> u16 {
    answer.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[tokio::test]
async fn a_slowloris_client_is_cut_off_and_others_are_served_meanwhile() {
    let (base, addr, _upstream) = spawn(|c| c.server.header_timeout_secs = 1.0).await;
    // Ten connections, each trickling one header line every 300 ms.
    let started = Instant::now();
    let mut slow = Vec::new();
    for i in 0..10 {
        slow.push(tokio::spawn(async move {
            let mut tcp = TcpStream::connect(addr).await.unwrap();
            tcp.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").await.unwrap();
            for n in 0..100 {
                tokio::time::sleep(Duration::from_millis(300)).await;
                if tcp.write_all(format!("X-Slow-{i}-{n}: y\r\n").as_bytes()).await.is_err() {
                    break;
                }
                // A closed connection reads as end of file (or the 408).
                let mut buf = [0u8; 256];
                match tokio::time::timeout(Duration::from_millis(1), tcp.read(&mut buf)).await {
                    Ok(Ok(0)) | Ok(Err(_)) => break,
                    Ok(Ok(_)) => {
                        let mut rest = Vec::new();
                        let _ = tokio::time::timeout(Duration::from_secs(1), tcp.read_to_end(&mut rest)).await;
                        break;
                    }
                    Err(_) => {}
                }
            }
            started.elapsed()
        }));
    }
    // Meanwhile the page is served as usual.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let page = reqwest::get(format!("{base}/")).await.unwrap();
    assert_eq!(page.status(), 200);
    for handle in slow {
        let held = handle.await.unwrap();
        assert!(held < Duration::from_secs(4), "a slow client held its connection for {held:?}");
    }
}

/// Every spelling of a way out of a folder a client can send.
const WAYS_OUT: [&str; 16] = [
    "/../secret.txt",
    "/pkg/../../secret.txt",
    "/pkg/..%2f..%2fsecret.txt",
    "/pkg/%2e%2e/%2e%2e/secret.txt",
    "/pkg/%2E%2E%2F%2E%2E%2Fsecret.txt",
    "/pkg/%252e%252e/%252e%252e/secret.txt",
    "/pkg/..%5c..%5csecret.txt",
    "/pkg/..\\..\\secret.txt",
    "/pkg/link.txt",
    "/pkg/app.js%00.png",
    "//etc/passwd",
    "/%2fetc%2fpasswd",
    "/..%00/secret.txt",
    "http://x/../secret.txt",
    "/pkg/./../../secret.txt",
    "/pkg/%c0%ae%c0%ae/secret.txt",
];

async fn none_gets_out(addr: std::net::SocketAddr, paths: impl IntoIterator<Item = String>) {
    for path in paths {
        let answer = raw(addr, format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes()).await;
        assert!(!answer.contains(SECRET), "{path} read the secret: {answer}");
        assert!(!answer.contains("root:"), "{path} read /etc/passwd");
        let status = status_of(&answer);
        assert!(status == 0 || (400..500).contains(&status), "{path}: {status}");
    }
}

#[tokio::test]
async fn static_files_cannot_be_read_from_outside_the_site_root() {
    let (_base, addr, _upstream) = spawn(|_| {}).await;
    let ok = raw(addr, b"GET /pkg/app.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await;
    assert_eq!(status_of(&ok), 200, "{ok}");
    assert!(ok.contains("console.log('app')"));
    none_gets_out(addr, WAYS_OUT.map(String::from)).await;
    // Still serving.
    assert_eq!(status_of(&raw(addr, b"GET /pkg/app.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await), 200);
}

#[tokio::test]
async fn widget_files_cannot_be_read_from_outside_their_folder() {
    let widget = site_root().parent().unwrap().join("widget");
    let (_base, addr, _upstream) = spawn(|config| config.widget.dir = widget).await;
    let ok = raw(addr, b"GET /widget/colloquy-chat.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await;
    assert_eq!(status_of(&ok), 200, "{ok}");
    assert!(ok.contains("customElements.define") && ok.to_lowercase().contains("cache-control: no-cache"), "{ok}");
    // The same ways out, from inside /widget/ (its link.txt points at the secret).
    none_gets_out(addr, WAYS_OUT.iter().map(|path| path.replacen("/pkg/", "/widget/", 1))).await;
    none_gets_out(addr, ["/widget/../secret.txt".to_string(), "/widget/%2e%2e/secret.txt".to_string()]).await;
}

#[tokio::test]
async fn a_huge_file_name_or_header_gets_a_clear_refusal_or_a_short_name() {
    let (base, addr, _upstream) = spawn(|_| {}).await;
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    // 60 KB of name: stored under a short one.
    let name = format!("{}.txt", "a".repeat(60_000));
    let saved = client.post(format!("{base}/api/upload?name={name}")).body("hello").send().await.unwrap();
    assert_eq!(saved.status(), 200);
    let saved: Value = saved.json().await.unwrap();
    assert!(saved["name"].as_str().unwrap().len() <= 120, "{saved}");
    // A megabyte of request line or of one header: refused before any
    // handler, with a 4xx or a closed connection, never a 5xx.
    let long_uri = format!("GET /?q={} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "a".repeat(1 << 20));
    let status = status_of(&raw(addr, long_uri.as_bytes()).await);
    assert!(status == 0 || (400..500).contains(&status), "{status}");
    let long_header =
        format!("GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\nConnection: close\r\n\r\n", "b".repeat(1 << 20));
    let status = status_of(&raw(addr, long_header.as_bytes()).await);
    assert!(status == 0 || (400..500).contains(&status), "{status}");
    // Ten thousand headers.
    let many: String = (0..10_000).map(|i| format!("X-H{i}: v\r\n")).collect();
    let status =
        status_of(&raw(addr, format!("GET / HTTP/1.1\r\nHost: x\r\n{many}Connection: close\r\n\r\n").as_bytes()).await);
    assert!(status == 0 || (400..500).contains(&status), "{status}");
    assert_eq!(reqwest::get(format!("{base}/")).await.unwrap().status(), 200);
}

/// A first turn to `gpt` with these settings.
fn turn_with(settings: Value) -> Value {
    json!({ "turn": {
        "message": { "role": "user", "content": "hello", "attachments": [] },
        "model": "gpt",
        "inputs": settings,
    } })
}

#[tokio::test]
async fn settings_outside_their_allowed_set_or_range_are_refused_before_the_model() {
    let (base, _addr, upstream) = spawn(|config| {
        config.inputs = toml::from_str::<toml::Table>(
            r#"
            [[inputs]]
            kind = "temperature"
            max = 1.5
            [[inputs]]
            kind = "dropdown"
            name = "tone"
            label = "Tone"
            choices = ["friendly", "formal"]
            [[inputs]]
            kind = "slider"
            name = "depth"
            label = "Depth"
            min = 1
            max = 5
            step = 1
            "#,
        )
        .unwrap()["inputs"]
            .clone()
            .try_into()
            .unwrap();
    })
    .await;
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let post = |body: Value| client.post(format!("{base}/api/chat_reply")).header("accept", "*/*").json(&body).send();
    for (settings, said) in [
        (json!({ "tone": "pirate" }), "tone"),
        (json!({ "tone": "<script>" }), "tone"),
        (json!({ "tone": 3 }), "tone"),
        (json!({ "depth": 9 }), "depth"),
        (json!({ "depth": -1 }), "depth"),
        (json!({ "depth": "deep" }), "depth"),
        (json!({ "depth": 1e308 }), "depth"),
        (json!({ "temperature": 7.0 }), "temperature"),
        (json!({ "temperature": -1.0 }), "temperature"),
        (json!({ "unknown": 1 }), "unknown"),
    ] {
        let answer = post(turn_with(settings.clone())).await.unwrap();
        let status = answer.status();
        let body = answer.text().await.unwrap();
        assert_eq!(status, 400, "{settings}: {body}");
        assert!(body.to_lowercase().contains(said), "{settings}: {body}");
    }
    assert!(upstream.requests().is_empty(), "a refused turn reached the model");
    // Inside the ranges, the same turn goes through (for someone else: the
    // refused tries used up this person's budget of turns).
    let fine = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap()
        .post(format!("{base}/api/chat_reply"))
        .header("accept", "*/*")
        .json(&turn_with(json!({ "tone": "formal", "depth": 3, "temperature": 0.5 })))
        .send()
        .await
        .unwrap();
    assert_eq!(fine.status(), 200, "{}", fine.text().await.unwrap());
}

#[tokio::test]
async fn error_responses_say_what_went_wrong_without_internals() {
    let (base, addr, _upstream) = spawn(|config| {
        config.providers.get_mut("oa").unwrap().api_key = Some("sk-very-secret-key".into());
    })
    .await;
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let mut answers = Vec::new();
    for (path, body) in [
        ("/api/chat_reply", "{not json"),
        ("/api/chat_reply", r#"{"turn":{"message":{"role":"user","content":5}}}"#),
        (
            "/api/chat_reply",
            r#"{"turn":{"message":{"role":"user","content":"x","attachments":[{"id":"../../etc/passwd","name":"passwd","kind":"text","size":1}]},"model":"gpt"}}"#,
        ),
        ("/api/rename_conversation", "id=../../etc&title=x"),
        ("/api/upload?name=x.exe", "MZ\u{90}\u{0}\u{3}"),
        ("/api/no_such_function", "x=1"),
    ] {
        let answer = client
            .post(format!("{base}{path}"))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        let status = answer.status().as_u16();
        answers.push((path, status, answer.text().await.unwrap()));
    }
    answers.push(("bad request line", 0, raw(addr, b"GARBAGE\r\n\r\n").await));
    for (path, status, body) in &answers {
        assert!(*status == 0 || (400..500).contains(status), "{path}: {status} {body}");
        for leak in [
            "sk-very-secret-key",
            "sqlite:",
            "/tmp/",
            "src/",
            ".rs:",
            "panicked",
            "backtrace",
            "sqlx",
            "SELECT",
            "thread '",
            "Os {",
            "127.0.0.1:",
        ] {
            assert!(!body.contains(leak), "{path} leaked {leak:?}: {body}");
        }
    }
}

/// SSRF: the server fetches no URL a request names. A canary listener on
/// loopback is named in every field a user controls (the message, a
/// markdown image, an attachment, the model, a setting, an upload's name,
/// headers); it must see no connection at all. Provider URLs come only from
/// the configuration; images are uploaded bytes.
#[tokio::test]
async fn no_url_in_a_request_is_fetched_by_the_server() {
    let canary = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let canary_url = format!("http://{}", canary.local_addr().unwrap());
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = hits.clone();
    tokio::spawn(async move {
        while let Ok((mut tcp, _)) = canary.accept().await {
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            // A redirect to the cloud metadata address, should anyone follow.
            let _ = tcp
                .write_all(b"HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/latest/meta-data/\r\nContent-Length: 0\r\n\r\n")
                .await;
        }
    });
    let (base, _addr, upstream) = spawn(|_| {}).await;
    let targets = [
        canary_url.clone(),
        format!("{canary_url}/image.png"),
        "http://169.254.169.254/latest/meta-data/".to_string(),
        "http://[::1]:1/".to_string(),
        "file:///etc/passwd".to_string(),
        "gopher://127.0.0.1:6379/_INFO".to_string(),
    ];
    for target in &targets {
        let bodies = [
            json!({ "turn": { "message": { "role": "user", "content": format!("fetch {target} ![x]({target}) <img src=\"{target}\">"), "attachments": [] }, "model": "gpt" } }),
            json!({ "turn": { "message": { "role": "user", "content": "hi", "attachments": [{ "id": target, "name": target, "kind": "image", "size": 1 }] }, "model": "gpt" } }),
            json!({ "turn": { "message": { "role": "user", "content": "hi", "attachments": [] }, "model": target } }),
            json!({ "turn": { "message": { "role": "user", "content": "hi", "attachments": [] }, "model": "gpt", "inputs": { "url": target } } }),
            json!({ "turn": { "conversation": target, "message": { "role": "user", "content": "hi", "attachments": [] }, "model": "gpt" } }),
        ];
        // A browser each, so no turn is refused for spent budget before
        // the server has read it.
        let client = || reqwest::Client::builder().cookie_store(true).build().unwrap();
        for body in bodies {
            let answer = client()
                .post(format!("{base}/api/chat_reply"))
                .header("accept", "*/*")
                .header("referer", target.as_str())
                .header("x-forwarded-host", target.as_str())
                .json(&body)
                .send()
                .await
                .unwrap();
            let _ = answer.bytes().await;
        }
        let _ = client().post(format!("{base}/api/upload?name={target}")).body(target.clone()).send().await.unwrap();
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 0, "the server connected to a URL from a request");
    // The one model server it talks to is the configured one: only the
    // message text went there, as text.
    for request in upstream.requests() {
        assert_eq!(request.path, "/v1/chat/completions");
    }
}

/// An endless body: 64 KiB chunks for as long as the server reads.
fn endless(prefix: &'static [u8]) -> reqwest::Body {
    let first = futures::stream::once(async move { Ok::<_, std::io::Error>(bytes::Bytes::from_static(prefix)) });
    let rest = futures::stream::repeat_with(|| Ok(bytes::Bytes::from(vec![b'a'; 64 * 1024])));
    reqwest::Body::wrap_stream(futures::StreamExt::chain(first, rest))
}

/// Upload-based denial of service: bodies without end, on every route that
/// takes one (the raw upload, the multipart import, a turn), are cut at
/// their limit with 413 (or the connection closed), quickly; too many files
/// on one message are refused; and the server goes on serving.
#[tokio::test]
async fn endless_and_oversized_bodies_and_too_many_files_are_cut_off() {
    let (base, _addr, _upstream) = spawn(|_| {}).await;
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let started = Instant::now();
    let upload = client.post(format!("{base}/api/upload?name=big.txt")).body(endless(b"")).send().await;
    assert!(upload.as_ref().map_or(true, |r| r.status() == 413), "{:?}", upload.map(|r| r.status()));
    let import = client
        .post(format!("{base}/api/import"))
        .header("content-type", "multipart/form-data; boundary=XyZ")
        .body(endless(b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"chat.json\"\r\n\r\n"))
        .send()
        .await;
    // A form post is a browser's: it is sent back to the page, which says why.
    match import {
        Ok(answer) => {
            assert_eq!(answer.url().path(), "/", "{}", answer.status());
            let page = crate::common::without_messages(&answer.text().await.unwrap());
            assert!(page.contains("Import failed: an export can be at most"), "the page does not say why");
        }
        Err(e) => assert!(!e.is_timeout(), "{e}"),
    }
    let turn = client
        .post(format!("{base}/api/chat_reply"))
        .header("content-type", "application/json")
        .body(endless(br#"{"turn":{"message":{"role":"user","content":""#))
        .send()
        .await;
    match turn {
        Ok(answer) => assert_eq!(answer.status(), 413, "{}", answer.text().await.unwrap()),
        Err(e) => assert!(!e.is_timeout(), "{e}"),
    }
    assert!(started.elapsed() < Duration::from_secs(20), "the endless bodies took {:?}", started.elapsed());

    // Five attachments where four are allowed.
    let mut ids = Vec::new();
    for i in 0..5 {
        let saved = client.post(format!("{base}/api/upload?name=n{i}.txt")).body("notes").send().await.unwrap();
        assert_eq!(saved.status(), 200);
        let saved: Value = saved.json().await.unwrap();
        ids.push(json!({ "id": saved["id"], "name": saved["name"], "kind": "text", "size": 5 }));
    }
    let answer = client
        .post(format!("{base}/api/chat_reply"))
        .header("accept", "*/*")
        .json(
            &json!({ "turn": { "message": { "role": "user", "content": "hi", "attachments": ids }, "model": "gpt" } }),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 400);
    assert!(answer.text().await.unwrap().contains('4'));
    assert_eq!(reqwest::get(format!("{base}/")).await.unwrap().status(), 200);
}
