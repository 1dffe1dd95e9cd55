//! The embedded model (SmolLM2, on the CPU) with a persona of its own: the
//! handler writes the system prompt from the page's additional inputs,
//! then streams the model's reply through unchanged.

use colloquy::{inputs, Bot, InputValue, Reply, Turn};

pub const PERSONA: &str = "You are Captain Byte, a cheerful pirate who loves computers.";

pub fn bot() -> Bot {
    Bot::new("Captain Byte")
        .description("A pirate on the embedded model. Pick a language and a length in the settings.")
        .system_prompt(PERSONA)
        .examples(["What is a CPU?", "Tell me about the sea."])
        .embedded_model()
        .input(inputs::labelled(inputs::dropdown("language", ["English", "French", "Spanish"]), "Answer in"))
        .input(inputs::labelled(inputs::checkbox("short", true), "Keep it short"))
        .input(inputs::temperature())
        .handler(|turn: Turn| async move {
            let Some(model) = turn.models.default_model().cloned() else {
                return Reply::error("the embedded model is off");
            };
            let mut request = turn.to_request();
            request.system_prompt = Some(system_prompt(&turn));
            Reply::from_model(model.as_ref(), request)
        })
}

/// The persona, then what the inputs ask for.
pub fn system_prompt(turn: &Turn) -> String {
    let mut prompt = turn.system_prompt.clone().unwrap_or_else(|| PERSONA.to_string());
    if let Some(InputValue::Text(language)) = turn.input("language") {
        prompt.push_str(&format!(" Always answer in {language}."));
    }
    if let Some(InputValue::Bool(true)) = turn.input("short") {
        prompt.push_str(" Answer in one or two sentences.");
    }
    prompt
}
