//! The compiled client's files: the precompressed copy the browser accepts,
//! and a year's cache for a file named by its content.

use colloquy_test_upstream::{Options, TestUpstream};

use crate::common::{self, TestApp, HASHED_WASM};

async fn spawn() -> (TestApp, TestUpstream) {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap().keep();
    let app = TestApp::spawn(common::config(&upstream, &format!("sqlite:{}/colloquy.db", dir.display()))).await;
    (app, upstream)
}

/// Status, `content-encoding`, `cache-control`, `vary` and the body.
async fn get(app: &TestApp, path: &str, accept_encoding: &str) -> (u16, String, String, String, String) {
    let response = reqwest::Client::new()
        .get(format!("{}{path}", app.base))
        .header("accept-encoding", accept_encoding)
        .send()
        .await
        .unwrap();
    let header = |name: &str| response.headers().get(name).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let (encoding, cache, vary) = (header("content-encoding"), header("cache-control"), header("vary"));
    (response.status().as_u16(), encoding, cache, vary, response.text().await.unwrap())
}

#[tokio::test]
async fn the_precompressed_copy_the_browser_accepts_is_sent() {
    let (app, _upstream) = spawn().await;
    let path = format!("/pkg/{HASHED_WASM}");
    let (status, encoding, _, vary, body) = get(&app, &path, "gzip, deflate, br").await;
    assert_eq!((status, encoding.as_str(), body.as_str()), (200, "br", "brotli bytes"));
    assert!(vary.to_ascii_lowercase().contains("accept-encoding"), "caches keep each copy apart: {vary:?}");
    let (status, encoding, _, _, body) = get(&app, &path, "gzip, deflate").await;
    assert_eq!((status, encoding.as_str(), body.as_str()), (200, "gzip", "gzip bytes"));
    let (status, encoding, _, _, body) = get(&app, &path, "identity").await;
    assert_eq!((status, encoding.as_str(), body.as_str()), (200, "", "plain bytes"));
}

#[tokio::test]
async fn a_file_named_by_its_content_is_cached_for_a_year_and_others_are_checked() {
    let (app, _upstream) = spawn().await;
    let (status, _, cache, _, _) = get(&app, &format!("/pkg/{HASHED_WASM}"), "br").await;
    assert_eq!((status, cache.as_str()), (200, "public, max-age=31536000, immutable"));
    let (status, _, cache, _, body) = get(&app, "/pkg/app.js", "identity").await;
    assert_eq!((status, cache.as_str(), body.as_str()), (200, "no-cache", "console.log('app')"));
    // No file: the app's "page not found", cached by nobody as a file.
    let (status, _, cache, _, body) = get(&app, "/pkg/colloquy.Zz3dEfGhIjKlMnOpQrStUv.wasm", "identity").await;
    assert_eq!(status, 404);
    assert_ne!(cache, "public, max-age=31536000, immutable");
    assert!(body.contains("Page not found"), "{body}");
}

/// A page goes compressed, unless the request chose some of its words (a
/// query string) or it can show a new key: BREACH reads a secret from the
/// compressed sizes of pages that echo guesses. The reply stream is never
/// compressed (a compressor would hold tokens back).
#[tokio::test]
async fn pages_go_compressed_unless_they_echo_the_request() {
    let (app, _upstream) = spawn().await;
    let (status, encoding, _, _, _) = get(&app, "/", "gzip, br").await;
    assert_eq!((status, encoding.as_str()), (200, "br"));
    let page =
        reqwest::Client::new().get(format!("{}/", app.base)).header("accept-encoding", "br").send().await.unwrap();
    let vary: Vec<String> =
        page.headers().get_all("vary").iter().map(|v| v.to_str().unwrap().to_ascii_lowercase()).collect();
    assert!(vary.iter().any(|v| v.contains("accept-encoding")), "caches keep each copy apart: {vary:?}");
    assert!(vary.iter().any(|v| v.contains("accept-language")), "{vary:?}");
    let (status, encoding, _, _, _) = get(&app, "/", "gzip").await;
    assert_eq!((status, encoding.as_str()), (200, "gzip"));
    for echoing in ["/?q=secret", "/playground?next=%2F", "/keys"] {
        let (_, encoding, _, _, _) = get(&app, echoing, "gzip, br").await;
        assert_eq!(encoding, "", "{echoing} goes uncompressed");
    }
    let turn = serde_json::json!({"turn": {"message": {"role": "user", "content": "hi"}, "model": "gpt"}});
    let reply = reqwest::Client::new()
        .post(format!("{}/api/chat_reply", app.base))
        .header("accept-encoding", "gzip, br")
        .json(&turn)
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 200);
    assert!(reply.headers().get("content-encoding").is_none(), "the reply stream is sent as it comes");
}
