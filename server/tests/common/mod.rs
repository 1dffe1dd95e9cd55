//! Helpers shared by the server's integration tests.

use futures::StreamExt;
use serde_json::Value;

/// Reads a reply stream to its end, as frames (JSON values).
pub async fn frames(response: reqwest::Response) -> Vec<Value> {
    assert_eq!(response.status(), 200);
    let mut decoder = app::chat::wire::FrameDecoder::default();
    let mut out = Vec::new();
    let mut body = response.bytes_stream();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.unwrap();
        for frame in decoder.push(std::str::from_utf8(&chunk).unwrap()) {
            out.push(serde_json::to_value(frame.unwrap()).unwrap());
        }
    }
    out
}

/// The reply text of a list of frames.
pub fn reply_text(frames: &[Value]) -> String {
    frames.iter().filter(|f| f["type"] == "delta").map(|f| f["text"].as_str().unwrap()).collect()
}
