//! The pirate on the real embedded model: the inputs shape its system
//! prompt, and its reply streams through the API.

use serde_json::{json, Value};

/// The model file `scripts/install-tools.sh` fetches, from this crate's
/// folder (tests run there).
const MODEL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/SmolLM2-135M-Instruct.Q4_1.gguf");

#[tokio::test]
async fn the_inputs_reach_the_model_and_it_answers() {
    let dir = tempfile::tempdir().unwrap();
    let colloquy::TestServer { base, api_key: key } = embedded_bot::bot()
        .model_file(MODEL)
        .configure(|c| c.model.threads = 2)
        .serve_for_test(dir.path())
        .await
        .expect("the bot starts (run scripts/install-tools.sh --test for the model file)");
    let client = reqwest::Client::new();

    let models: Value =
        client.get(format!("{base}/v1/models")).bearer_auth(&key).send().await.unwrap().json().await.unwrap();
    assert_eq!(models["data"][0]["id"], "captain-byte", "the bot is the one model: {models}");

    let ask = json!({
        "model": "captain-byte", "max_tokens": 24, "temperature": 0.0,
        "messages": [{ "role": "user", "content": "What is a CPU?" }],
        "inputs": { "language": "French", "short": true },
    });
    let reply: Value = client
        .post(format!("{base}/v1/chat/completions"))
        .bearer_auth(&key)
        .json(&ask)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let text = reply["choices"][0]["message"]["content"].as_str().unwrap_or_default();
    assert!(!text.trim().is_empty(), "the model answered: {reply}");
    assert!(reply["usage"]["completion_tokens"].as_u64().unwrap() <= 24, "{reply}");

    // A choice the dropdown does not offer is refused before the model.
    let bad = json!({
        "model": "captain-byte", "messages": [{ "role": "user", "content": "hi" }], "inputs": { "language": "Klingon" },
    });
    let refused = client.post(format!("{base}/v1/chat/completions")).bearer_auth(&key).json(&bad).send().await.unwrap();
    assert_eq!(refused.status(), 400);
    let error: Value = refused.json().await.unwrap();
    assert_eq!(error["error"]["param"], "inputs", "{error}");
}

#[test]
fn the_system_prompt_follows_the_inputs() {
    use colloquy::{ChatMessage, InputValue, Role, Turn};
    let turn = Turn {
        message: ChatMessage::new(Role::User, "hi"),
        history: Vec::new(),
        inputs: [
            ("language".to_string(), InputValue::Text("Spanish".into())),
            ("short".to_string(), InputValue::Bool(false)),
        ]
        .into(),
        system_prompt: Some(embedded_bot::PERSONA.into()),
        sampling: Default::default(),
        models: Default::default(),
        tools: Default::default(),
    };
    let prompt = embedded_bot::system_prompt(&turn);
    assert!(prompt.starts_with(embedded_bot::PERSONA));
    assert!(prompt.contains("Always answer in Spanish."));
    assert!(!prompt.contains("one or two sentences"));
}
