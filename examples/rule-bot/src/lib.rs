//! A bot with no model: its replies are a few rules. The handler is any
//! async function of the [`Turn`]; what it returns (here a `String`) is
//! the reply.

use colloquy::{Bot, Turn};

pub fn bot() -> Bot {
    Bot::new("Rule bot")
        .description("No model at all: a few rules written in Rust.")
        .examples(["hello", "reverse stressed", "count the words in this sentence"])
        .handler(|turn: Turn| async move { answer(turn.text(), turn.history.len() / 2) })
}

/// The rules, first match wins; `earlier` is how many turns came before.
pub fn answer(text: &str, earlier: usize) -> String {
    let text = text.trim();
    let lower = text.to_lowercase();
    if let Some(rest) = lower.strip_prefix("reverse ") {
        let word: String = text[text.len() - rest.len()..].chars().rev().collect();
        format!("**{word}**")
    } else if lower.starts_with("count") {
        let words = text.split_whitespace().count().saturating_sub(1);
        format!("That is {words} words after \"count\".")
    } else if ["hello", "hi", "hey"].iter().any(|greeting| lower.starts_with(greeting)) {
        match earlier {
            0 => "Hello! Try `reverse WORD` or `count SOME WORDS`.".to_string(),
            n => format!("Hello again! This is turn {} of ours.", n + 1),
        }
    } else {
        "I know three rules: say hello, `reverse WORD`, or `count SOME WORDS`.".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::answer;

    #[test]
    fn each_rule_answers() {
        assert_eq!(answer("reverse stressed", 0), "**desserts**");
        assert_eq!(answer("Reverse Ünïcode", 0), "**edocïnÜ**");
        assert_eq!(answer("count one two three", 0), "That is 3 words after \"count\".");
        assert!(answer("hello", 0).starts_with("Hello! Try"));
        assert_eq!(answer("hi", 2), "Hello again! This is turn 3 of ours.");
        assert!(answer("what?", 0).starts_with("I know three rules"));
    }
}
