//! The checks every turn passes before a model sees it, whether it comes
//! from the page (`chat_reply`) or from the API (`/v1/chat/completions`):
//! the new message's size, the history's length in messages and in bytes.
//! Each caller words the refusal its own way (a page error, OpenAI's shape).

use colloquy_config::Config;
use colloquy_core::{ChatMessage, History, HistoryError, MessageText, MessageTextError, Role};

/// Why a turn was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TurnRefused {
    #[error(transparent)]
    Text(#[from] MessageTextError),
    #[error("This conversation has {messages} messages; the limit is {limit}.")]
    TooManyMessages { messages: usize, limit: usize },
    #[error(transparent)]
    History(#[from] HistoryError),
}

/// The conversation a model is asked to continue: `history`, then the new
/// user message `text`, both within `config`'s limits. `text` may be blank
/// only when `attached` (a message of attachments alone).
pub fn checked_conversation(
    config: &Config,
    history: Vec<ChatMessage>,
    text: String,
    attached: bool,
) -> Result<Vec<ChatMessage>, TurnRefused> {
    let chat = &config.chat;
    let text = match MessageText::parse(text.clone(), chat.max_message_bytes) {
        Err(MessageTextError::Empty) if attached => text,
        parsed => parsed?.into_inner(),
    };
    let limit = config.limits.max_history_messages;
    if history.len() + 1 > limit {
        return Err(TurnRefused::TooManyMessages { messages: history.len() + 1, limit });
    }
    let mut conversation = History::parse(history, chat.max_message_bytes, chat.max_history_bytes)?.into_inner();
    conversation.push(ChatMessage::new(Role::User, text));
    Ok(conversation)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(n: usize) -> Vec<ChatMessage> {
        (0..n).map(|i| ChatMessage::new(if i % 2 == 0 { Role::User } else { Role::Assistant }, "hi")).collect()
    }

    #[test]
    fn a_turn_within_the_limits_is_the_history_then_the_message() {
        let config = Config::default();
        let conversation = checked_conversation(&config, said(2), "next".into(), false).unwrap();
        assert_eq!(conversation.len(), 3);
        assert_eq!((conversation[2].role, conversation[2].content.as_str()), (Role::User, "next"));
    }

    #[test]
    fn each_limit_refuses() {
        let mut config = Config::default();
        config.chat.max_message_bytes = 8;
        config.limits.max_history_messages = 3;
        assert_eq!(
            checked_conversation(&config, said(0), " ".into(), false),
            Err(TurnRefused::Text(MessageTextError::Empty))
        );
        assert_eq!(checked_conversation(&config, said(0), String::new(), true).unwrap()[0].content, "");
        assert!(matches!(
            checked_conversation(&config, said(0), "far too long".into(), false),
            Err(TurnRefused::Text(MessageTextError::TooLong { .. }))
        ));
        assert_eq!(
            checked_conversation(&config, said(3), "next".into(), false),
            Err(TurnRefused::TooManyMessages { messages: 4, limit: 3 })
        );
        let long = vec![ChatMessage::new(Role::User, "much too long")];
        assert!(matches!(checked_conversation(&config, long, "ok".into(), false), Err(TurnRefused::History(_))));
    }
}
