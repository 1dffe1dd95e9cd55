//! Titles written by the model (`chat.auto_title = "model"`): once a new
//! conversation's first reply is complete, the same model is asked for a
//! few words that name it. Until then, and whenever the model's answer is
//! unusable, the conversation keeps the first words of its first message.

use std::sync::Arc;

use colloquy_core::{ChatEvent, ChatMessage, ChatRequest, ModelProvider, Role, SamplingParams};
use colloquy_store::{ConversationId, Store, UserId};
use futures::StreamExt;

/// What the model sees of the conversation, at most.
const EXCERPT_CHARS: usize = 600;
/// The longest title kept from the model.
const MAX_TITLE_CHARS: usize = 60;

/// Asks `provider` for a title for the exchange, and stores it if the
/// conversation still has its first-words title `current`.
pub async fn retitle(
    provider: Arc<dyn ModelProvider>,
    store: Store,
    owner: UserId,
    conversation: ConversationId,
    current: String,
    question: String,
    answer: String,
) {
    let Some(title) = ask(provider.as_ref(), &question, &answer).await else {
        tracing::info!(conversation = %conversation, "the model's title was unusable; keeping the first words");
        return;
    };
    match store.retitle_conversation(&owner, &conversation, &current, &title).await {
        Ok(true) => tracing::info!(conversation = %conversation, "titled by the model"),
        Ok(false) => {}
        Err(e) => tracing::warn!(conversation = %conversation, "title not saved: {e}"),
    }
}

async fn ask(provider: &dyn ModelProvider, question: &str, answer: &str) -> Option<String> {
    let excerpt = |text: &str| text.chars().take(EXCERPT_CHARS).collect::<String>();
    let request = ChatRequest {
        system_prompt: Some("You name conversations. Reply with a title of two to six words and nothing else.".into()),
        messages: vec![ChatMessage::new(
            Role::User,
            format!(
                "Write a short title for this conversation.\n\nUser: {}\n\nAssistant: {}\n\nTitle:",
                excerpt(question),
                excerpt(answer)
            ),
        )],
        sampling: SamplingParams {
            temperature: 0.0,
            top_p: 1.0,
            max_new_tokens: 24,
            seed: Some(0),
            repeat_penalty: 1.1,
        },
        ..Default::default()
    };
    let mut stream = provider.stream_chat(request);
    let mut text = String::new();
    let wait = tokio::time::timeout(std::time::Duration::from_secs(30), async {
        while let Some(event) = stream.next().await {
            match event {
                ChatEvent::TextDelta(delta) => text.push_str(&delta),
                ChatEvent::Done { .. } => return true,
                ChatEvent::Error(_) => return false,
                _ => {}
            }
        }
        true
    });
    match wait.await {
        Ok(true) => clean(&text),
        _ => None,
    }
}

/// The title in a model's answer: its first line, without quotes, a
/// "Title:" label, markdown marks or a final full stop; `None` if nothing
/// usable is left.
pub fn clean(raw: &str) -> Option<String> {
    // Models that think aloud put it in <think>…</think> first.
    let raw = raw.rsplit("</think>").next().unwrap_or(raw);
    let line = raw.lines().map(str::trim).find(|l| !l.is_empty())?;
    let line = line.strip_prefix("Title:").or_else(|| line.strip_prefix("title:")).unwrap_or(line);
    let plain: String =
        line.chars().filter(|c| !matches!(c, '"' | '“' | '”' | '*' | '#' | '`' | '_') && !c.is_control()).collect();
    let plain = plain.trim().trim_end_matches('.').trim();
    if plain.is_empty() || plain.chars().count() > MAX_TITLE_CHARS * 2 {
        return None;
    }
    let mut title: String = plain.chars().take(MAX_TITLE_CHARS).collect();
    if plain.chars().count() > MAX_TITLE_CHARS {
        title = title.rsplit_once(' ').map_or(title.clone(), |(head, _)| head.to_string()) + "…";
    }
    Some(title)
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn titles_are_cleaned_of_what_models_add() {
        assert_eq!(clean("\"Lisbon Trip Plans\"").as_deref(), Some("Lisbon Trip Plans"));
        assert_eq!(clean("Title: **Sorting a Vec**.\nHere is why…").as_deref(), Some("Sorting a Vec"));
        assert_eq!(clean("<think>hmm</think>\n\nRust lifetimes").as_deref(), Some("Rust lifetimes"));
        assert_eq!(clean("  \n \"\" "), None);
        assert_eq!(clean(&"word ".repeat(100)), None);
        let long = clean(&"abcdefghi ".repeat(8)).unwrap();
        assert!(long.ends_with('…') && long.chars().count() <= 61, "{long}");
    }
}
