//! `<think>` blocks split off reply text, for models that write their
//! reasoning inline.

/// A piece of streamed reply text, after `<think>` blocks are taken out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextPiece {
    Reasoning(String),
    Answer(String),
}

/// Splits reply text into reasoning and answer for models that write their
/// reasoning inline as `<think>…</think>` at the start of the reply
/// (DeepSeek-R1, Qwen3 and others served without a reasoning parser).
/// Tags split across deltas are held back until they are whole.
#[derive(Debug, Default)]
pub struct ThinkSplitter {
    state: ThinkState,
    held: String,
}

#[derive(Debug, Default, PartialEq, Eq)]
enum ThinkState {
    /// Nothing but whitespace yet: a `<think>` may still open.
    #[default]
    Start,
    Thinking,
    /// Just after `</think>`: the whitespace before the answer is dropped.
    AfterThinking,
    Answering,
}

const OPEN: &str = "<think>";
const CLOSE: &str = "</think>";

impl ThinkSplitter {
    pub fn push(&mut self, delta: &str) -> Vec<TextPiece> {
        self.held.push_str(delta);
        let mut out = Vec::new();
        loop {
            match self.state {
                ThinkState::Start => {
                    let trimmed = self.held.trim_start();
                    if trimmed.starts_with(OPEN) {
                        let at = self.held.find(OPEN).unwrap_or(0) + OPEN.len();
                        self.held.drain(..at);
                        self.state = ThinkState::Thinking;
                    } else if OPEN.starts_with(trimmed) {
                        // Whitespace, or the start of "<think>": wait.
                        return out;
                    } else {
                        self.state = ThinkState::Answering;
                    }
                }
                ThinkState::Thinking => match self.held.find(CLOSE) {
                    Some(at) => {
                        let reasoning: String = self.held.drain(..at).collect();
                        self.held.drain(..CLOSE.len());
                        if !reasoning.is_empty() {
                            out.push(TextPiece::Reasoning(reasoning));
                        }
                        self.state = ThinkState::AfterThinking;
                    }
                    None => {
                        // Keep back what could be the start of "</think>".
                        let keep = (1..CLOSE.len()).rev().find(|n| self.held.ends_with(&CLOSE[..*n])).unwrap_or(0);
                        let emit = self.held.len() - keep;
                        if emit > 0 {
                            out.push(TextPiece::Reasoning(self.held.drain(..emit).collect()));
                        }
                        return out;
                    }
                },
                ThinkState::AfterThinking => {
                    // The answer usually starts after a blank line.
                    let rest = self.held.trim_start().to_string();
                    self.held = rest;
                    if self.held.is_empty() {
                        return out;
                    }
                    self.state = ThinkState::Answering;
                }
                ThinkState::Answering => {
                    if !self.held.is_empty() {
                        out.push(TextPiece::Answer(std::mem::take(&mut self.held)));
                    }
                    return out;
                }
            }
        }
    }

    /// The stream ended: whatever was held back is text after all.
    pub fn finish(&mut self) -> Vec<TextPiece> {
        let held = std::mem::take(&mut self.held);
        match self.state {
            _ if held.is_empty() => vec![],
            ThinkState::Thinking => vec![TextPiece::Reasoning(held)],
            _ => vec![TextPiece::Answer(held)],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(deltas: &[&str]) -> (String, String) {
        let mut splitter = ThinkSplitter::default();
        let (mut reasoning, mut answer) = (String::new(), String::new());
        let mut pieces: Vec<TextPiece> = deltas.iter().flat_map(|d| splitter.push(d)).collect();
        pieces.extend(splitter.finish());
        for piece in pieces {
            match piece {
                TextPiece::Reasoning(t) => reasoning.push_str(&t),
                TextPiece::Answer(t) => answer.push_str(&t),
            }
        }
        (reasoning, answer)
    }

    #[test]
    fn think_blocks_split_off_whatever_the_chunking() {
        let text = "<think>\nThe user wants 2+2.\n</think>\n\nIt is **4**.";
        for size in [1, 2, 3, 5, 8, text.len()] {
            let chars: Vec<char> = text.chars().collect();
            let deltas: Vec<String> = chars.chunks(size).map(|c| c.iter().collect()).collect();
            let refs: Vec<&str> = deltas.iter().map(String::as_str).collect();
            assert_eq!(
                split(&refs),
                ("\nThe user wants 2+2.\n".to_string(), "It is **4**.".to_string()),
                "size {size}"
            );
        }
        // No think block: all answer, including a "<" that starts nothing.
        assert_eq!(split(&["<", "b>hi</b>"]), (String::new(), "<b>hi</b>".to_string()));
        assert_eq!(
            split(&["Hello <think>not at the start</think>"]),
            (String::new(), "Hello <think>not at the start</think>".to_string())
        );
        // Unclosed: all reasoning so far.
        assert_eq!(split(&["<think>still going </thi"]), ("still going </thi".to_string(), String::new()));
    }
}
