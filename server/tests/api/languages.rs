//! The page's language (issue 26): from the browser's `Accept-Language`,
//! or the one picked (a cookie); only that language's messages in the page.

use crate::common::{self, TestApp};

use colloquy_test_upstream::{Options, TestUpstream};

async fn page(base: &str, headers: &[(&str, &str)]) -> (reqwest::header::HeaderMap, String) {
    let mut request = reqwest::Client::new().get(format!("{base}/"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200);
    (response.headers().clone(), response.text().await.unwrap())
}

#[tokio::test]
async fn the_page_speaks_the_browser_s_language_or_the_picked_one() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap().keep();
    let app = TestApp::spawn(common::config(&upstream, &format!("sqlite:{}/colloquy.db", dir.display()))).await;

    let (headers, english) = page(&app.base, &[]).await;
    assert!(english.contains(r#"<html lang="en" dir="ltr""#), "{}", &english[..300]);
    assert!(english.contains("Type a message…"));
    let vary = headers.get_all("vary").iter().map(|v| v.to_str().unwrap().to_string()).collect::<Vec<_>>().join(",");
    assert!(vary.contains("Accept-Language") && vary.contains("Cookie"), "{vary}");

    let (_, german) = page(&app.base, &[("accept-language", "de-AT,de;q=0.9,en;q=0.5")]).await;
    assert!(german.contains(r#"<html lang="de" dir="ltr""#));
    assert!(german.contains("Nachricht eingeben…") && german.contains(">Senden<"), "German on the page");
    // Only German's messages travel with the page.
    assert!(!german.contains("Type a message…") && !german.contains("Écrivez un message"), "one language only");

    let (_, arabic) = page(&app.base, &[("accept-language", "ar")]).await;
    assert!(arabic.contains(r#"<html lang="ar" dir="rtl""#));

    // The cookie a picker set wins over the browser's languages; an
    // unknown one is ignored.
    let (_, picked) = page(&app.base, &[("accept-language", "de"), ("cookie", "colloquy-lang=zh-CN")]).await;
    assert!(picked.contains(r#"<html lang="zh-CN""#) && picked.contains(">发送<"));
    let (_, unknown) = page(&app.base, &[("accept-language", "fr"), ("cookie", "colloquy-lang=xx")]).await;
    assert!(unknown.contains(r#"<html lang="fr""#));

    // Picking one sets the cookie, for a year, for the whole site.
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let set = client.post(format!("{}/api/set_language", app.base)).form(&[("language", "es")]).send().await.unwrap();
    assert!(set.status().is_success() || set.status().is_redirection(), "{}", set.status());
    let cookie = set.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.starts_with("colloquy-lang=es;") && cookie.contains("Path=/") && cookie.contains("Max-Age=31536000")
    );
    let refused =
        client.post(format!("{}/api/set_language", app.base)).form(&[("language", "en\r\nx: y")]).send().await.unwrap();
    assert_eq!(refused.status(), 400);
    assert!(refused.headers().get("set-cookie").is_none());
}

/// What the server says (a refusal, a reply's failure) is a message of the
/// translation files: the server function's error names it and its values
/// beside the English for a program, and a page says it in its language,
/// also after a reload, when the stored failure is shown.
#[tokio::test]
async fn the_server_s_words_reach_the_page_as_messages_in_its_language() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap().keep();
    let app = TestApp::spawn(common::config(&upstream, &format!("sqlite:{}/colloquy.db", dir.display()))).await;
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let browser = common::Browser::with_client(&app.base, client);
    let turn = |text: &str| serde_json::json!({"turn": {"message": {"role": "user", "content": text}, "model": "gpt"}});

    // A refusal: its kind, its words as a message with values, then English.
    let empty = browser.call("chat_reply", turn("  ")).await;
    assert_eq!(empty.status(), 400);
    let body = empty.text().await.unwrap();
    assert_eq!(body, r#"Args|{"id":"error-message-empty"}|the message is empty; type something before sending"#);
    let missing = browser.form("rename_conversation", &[("id", "nope"), ("title", "x")]).await;
    assert_eq!(missing.status(), 404);
    let body = missing.text().await.unwrap();
    assert!(
        body.starts_with(r#"NotFound|{"id":"error-not-found","args":[["what","conversation"]]}|This conv"#),
        "{body}"
    );

    // A reply that fails: the frame carries the words; stored, the page says
    // them in German.
    let frames = common::frames(browser.call("chat_reply", turn("boom [fault:500]")).await).await;
    let failed = frames.last().unwrap();
    assert_eq!(failed["type"], "error");
    assert_eq!(failed["said"]["id"], "error-provider-status-detail", "{failed}");
    assert!(failed["message"].as_str().unwrap().contains("answered HTTP 500"), "{failed}");
    let conversation = frames[0]["conversation"].as_str().unwrap().to_string();
    let response = browser
        .client
        .get(format!("{}/c/{conversation}", app.base))
        .header("accept-language", "de")
        .send()
        .await
        .unwrap();
    let german = common::without_messages(&response.text().await.unwrap());
    assert!(german.contains("antwortete mit HTTP 500"), "the stored failure in German: {german}");
    assert!(!german.contains("answered HTTP"), "{german}");
}
