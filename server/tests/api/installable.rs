//! The app as one a browser installs (`chat.installable`): the page names
//! the manifest and registers the worker; the manifest comes from the
//! configuration; turned off, none is offered and the worker a browser has
//! is replaced by one that removes itself.

use colloquy_test_upstream::{Options, TestUpstream};

use crate::common::{self, TestApp};

async fn spawn(installable: bool) -> (TestApp, TestUpstream) {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap().keep();
    let mut config = common::config(&upstream, &format!("sqlite:{}/colloquy.db", dir.display()));
    config.chat.title = "Order <help> desk".into();
    config.chat.theme_color = Some("#0a7".into());
    config.chat.installable = installable;
    (TestApp::spawn(config).await, upstream)
}

/// Status, `content-type`, `cache-control` and the body.
async fn get(app: &TestApp, path: &str) -> (u16, String, String, String) {
    let response = reqwest::get(format!("{}{path}", app.base)).await.unwrap();
    let header = |name: &str| response.headers().get(name).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let (kind, cache) = (header("content-type"), header("cache-control"));
    (response.status().as_u16(), kind, cache, response.text().await.unwrap())
}

#[tokio::test]
async fn the_manifest_worker_and_offline_page_come_from_the_configuration() {
    let (app, _upstream) = spawn(true).await;
    let (status, _, _, page) = get(&app, "/").await;
    assert_eq!(status, 200);
    assert!(page.contains(r#"<link rel="manifest" href="/manifest.webmanifest">"#), "{page}");
    assert!(page.contains(r##"<meta name="theme-color" content="#0a7">"##), "{page}");
    assert!(page.contains("navigator.serviceWorker.register('/sw.js')"), "{page}");

    let (status, kind, cache, manifest) = get(&app, "/manifest.webmanifest").await;
    assert_eq!((status, kind.as_str(), cache.as_str()), (200, "application/manifest+json", "no-cache"));
    let manifest: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    assert_eq!(manifest["name"], "Order <help> desk");
    assert_eq!(manifest["short_name"], "Order <help>");
    assert_eq!(manifest["theme_color"], "#0a7");
    assert_eq!(manifest["start_url"], "/");
    assert_eq!(manifest["display"], "standalone");
    let sizes: Vec<&str> = manifest["icons"].as_array().unwrap().iter().map(|i| i["sizes"].as_str().unwrap()).collect();
    assert!(sizes.contains(&"192x192") && sizes.contains(&"512x512"), "{sizes:?}");

    let (status, kind, cache, worker) = get(&app, "/sw.js").await;
    assert_eq!((status, kind.as_str(), cache.as_str()), (200, "text/javascript; charset=utf-8", "no-cache"));
    assert!(worker.starts_with("const BUILD = {"), "{worker}");
    assert!(worker.lines().next().unwrap().contains("\"/offline\""), "the offline page is kept ahead");
    assert!(worker.contains("addEventListener('fetch'"), "{worker}");

    let (status, kind, _, offline) = get(&app, "/offline").await;
    assert_eq!((status, kind.as_str()), (200, "text/html; charset=utf-8"));
    assert!(offline.contains("<h1>Order &lt;help&gt; desk</h1>"), "the title, escaped: {offline}");
    assert!(offline.contains("You are offline."), "{offline}");

    // In the language the worker's request asks for (the browser's, or the
    // one chosen), as the page it was installed from.
    let in_language = |header: (&'static str, &'static str)| {
        let url = format!("{}/offline", app.base);
        async move {
            let response = reqwest::Client::new().get(url).header(header.0, header.1).send().await.unwrap();
            assert_eq!(response.headers()["vary"], "Accept-Language, Cookie");
            response.text().await.unwrap()
        }
    };
    let german = in_language(("accept-language", "de-DE,de;q=0.9")).await;
    assert!(german.contains(r#"<html lang="de" dir="ltr">"#), "{german}");
    assert!(german.contains("Sie sind offline.") && german.contains("Erneut versuchen"), "{german}");
    assert!(!german.contains("You are offline"), "{german}");
    let arabic = in_language(("cookie", "colloquy-lang=ar")).await;
    assert!(arabic.contains(r#"<html lang="ar" dir="rtl">"#), "{arabic}");
    assert!(arabic.contains("أنت غير متصل"), "{arabic}");
}

#[tokio::test]
async fn turned_off_nothing_is_offered_and_the_worker_retires() {
    let (app, _upstream) = spawn(false).await;
    let (_, _, _, page) = get(&app, "/").await;
    assert!(!page.contains("manifest.webmanifest"), "{page}");
    assert!(!page.contains("serviceWorker"), "{page}");
    assert_eq!(get(&app, "/manifest.webmanifest").await.0, 404);
    assert_eq!(get(&app, "/offline").await.0, 404);
    let (status, kind, _, worker) = get(&app, "/sw.js").await;
    assert_eq!((status, kind.as_str()), (200, "text/javascript; charset=utf-8"));
    assert!(worker.contains("caches.delete") && worker.contains("registration.unregister()"), "{worker}");
    assert!(!worker.contains("addEventListener('fetch'"), "it answers no request: {worker}");
}
