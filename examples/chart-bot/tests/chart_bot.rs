//! The chart bot on the real server: its reply streams text and two files;
//! the files are stored as the user's, served back to them alone (the PNG
//! in place, the CSV as a download) and kept with the stored reply.

use serde_json::{json, Value};

#[tokio::test]
async fn the_reply_carries_a_chart_and_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let base = chart_bot::bot().serve_for_test(dir.path()).await.unwrap().base;
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();

    let message = json!({ "role": "user", "content": "3 1 4 1 5", "attachments": [] });
    let turn = json!({ "conversation": null, "expect": 0, "keep": 0, "message": message, "model": "chart-bot" });
    let body = client.post(format!("{base}/api/chat_reply")).json(&json!({ "turn": turn })).send().await.unwrap();
    let frames: Vec<Value> = body
        .text()
        .await
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kinds: Vec<&str> = frames.iter().filter_map(|f| f["type"].as_str()).collect();
    let first_file = kinds.iter().position(|k| *k == "file").expect("a file frame");
    assert!(kinds[..first_file].contains(&"delta"), "text before the chart: {kinds:?}");
    let files: Vec<&Value> = frames.iter().filter(|f| f["type"] == "file").map(|f| &f["attachment"]).collect();
    assert_eq!(files.len(), 2, "{frames:?}");
    assert_eq!((files[0]["name"].as_str(), files[0]["kind"].as_str()), (Some("chart.png"), Some("image")));
    assert_eq!((files[1]["name"].as_str(), files[1]["kind"].as_str()), (Some("numbers.csv"), Some("text")));

    let chart = client.get(format!("{base}/files/{}", files[0]["id"].as_str().unwrap())).send().await.unwrap();
    assert_eq!(chart.status(), 200);
    assert_eq!(chart.headers()["content-type"], "image/png");
    assert!(chart.headers()["content-disposition"].to_str().unwrap().starts_with("inline"));
    assert!(chart.bytes().await.unwrap().starts_with(b"\x89PNG\r\n\x1a\n"));
    let table = client.get(format!("{base}/files/{}", files[1]["id"].as_str().unwrap())).send().await.unwrap();
    assert_eq!(table.headers()["content-type"], "text/plain; charset=utf-8");
    assert!(table.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename=\"numbers.csv\""));
    assert_eq!(table.text().await.unwrap(), "index,value\n1,3\n2,1\n3,4\n4,1\n5,5\n");

    // Nobody else gets them; a made-up or malformed id finds nothing.
    let stranger = reqwest::Client::builder().cookie_store(true).build().unwrap();
    stranger.get(format!("{base}/")).send().await.unwrap();
    let theirs = stranger.get(format!("{base}/files/{}", files[0]["id"].as_str().unwrap())).send().await.unwrap();
    assert_eq!(theirs.status(), 404);
    for id in ["0123456789abcdef0123456789abcdef", "..%2f..%2fetc%2fpasswd", "chart.png"] {
        assert_eq!(client.get(format!("{base}/files/{id}")).send().await.unwrap().status(), 404, "{id}");
    }

    // The stored reply keeps them: the reopened page shows the chart.
    let conversation = frames[0]["conversation"].as_str().unwrap();
    let page = client.get(format!("{base}/c/{conversation}")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(&format!("src=\"/files/{}\"", files[0]["id"].as_str().unwrap())), "the chart in place");
    assert!(page.contains("numbers.csv"));
}
