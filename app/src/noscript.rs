//! Conversations of browsers without JavaScript.
//!
//! Without JavaScript the page cannot hold the conversation or stream a
//! reply, so the composer's form posts to `post_message`, which waits for
//! the whole reply and keeps the conversation here, under a random id in a
//! cookie; the redirect back to the page then renders it. Kept in memory,
//! bounded, for a day: conversations that last belong to the storage layer.
//! Each conversation is also bounded by `chat.max_history_bytes`, since a
//! post whose history is over it is refused.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::chat::wire::WireMessage;

/// The cookie naming a browser's conversation.
pub const COOKIE: &str = "colloquy_nojs";
/// How long an untouched conversation is kept.
pub const LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);
/// Conversations kept at once; the least recently used goes first.
const MAX_CONVERSATIONS: usize = 200;
/// Messages kept per conversation; the oldest turns go first.
const MAX_MESSAGES: usize = 2000;

/// One browser's conversation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NoScriptChat {
    pub messages: Vec<WireMessage>,
    /// A message that could not be sent, put back in the box with `error`.
    pub draft: Option<String>,
    pub error: Option<String>,
}

#[derive(Clone, Default)]
pub struct NoScriptChats {
    chats: Arc<Mutex<HashMap<String, (Instant, NoScriptChat)>>>,
}

impl NoScriptChats {
    /// The conversation under `id`, if it is still kept.
    pub fn get(&self, id: &str) -> NoScriptChat {
        let mut chats = self.chats.lock().unwrap_or_else(|e| e.into_inner());
        match chats.get(id) {
            Some((touched, _)) if touched.elapsed() > LIFETIME => {
                chats.remove(id);
                NoScriptChat::default()
            }
            Some((_, chat)) => chat.clone(),
            None => NoScriptChat::default(),
        }
    }

    /// Replaces the conversation under `id`.
    pub fn put(&self, id: &str, mut chat: NoScriptChat) {
        let messages = &mut chat.messages;
        if messages.len() > MAX_MESSAGES {
            messages.drain(..messages.len() - MAX_MESSAGES);
        }
        let mut chats = self.chats.lock().unwrap_or_else(|e| e.into_inner());
        if !chats.contains_key(id) && chats.len() >= MAX_CONVERSATIONS {
            let oldest = chats.iter().min_by_key(|(_, (touched, _))| *touched).map(|(id, _)| id.clone());
            if let Some(oldest) = oldest {
                chats.remove(&oldest);
            }
        }
        chats.insert(id.to_string(), (Instant::now(), chat));
    }
}

/// The conversation id in a `Cookie` header, if well formed.
pub fn id_from_cookies(header: &str) -> Option<String> {
    cookie::Cookie::split_parse(header)
        .filter_map(Result::ok)
        .find(|c| c.name() == COOKIE)
        .map(|c| c.value().to_string())
        .filter(|id| colloquy_core::is_random_id(id))
}

/// A `Set-Cookie` value for `id`: HttpOnly, SameSite=Lax, a day long.
pub fn set_cookie(id: &str) -> String {
    cookie::Cookie::build((COOKIE, id.to_string()))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .max_age(cookie::time::Duration::seconds(LIFETIME.as_secs() as i64))
        .build()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::wire::Speaker;

    fn message(text: &str) -> WireMessage {
        WireMessage { role: Speaker::User, content: text.into(), attachments: vec![] }
    }

    #[test]
    fn conversations_are_bounded() {
        let chats = NoScriptChats::default();
        chats.put(
            "a",
            NoScriptChat {
                messages: (0..MAX_MESSAGES + 50).map(|i| message(&i.to_string())).collect(),
                ..Default::default()
            },
        );
        let kept = chats.get("a").messages;
        assert_eq!((kept.len(), kept[0].content.as_str()), (MAX_MESSAGES, "50"));
        for i in 0..MAX_CONVERSATIONS {
            chats.put(&format!("c{i}"), NoScriptChat { messages: vec![message("x")], ..Default::default() });
        }
        assert!(chats.get("a").messages.is_empty(), "the least recently used went first");
        assert_eq!(chats.get("c1").messages.len(), 1);
    }

    #[test]
    fn cookies_carry_only_well_formed_ids() {
        let id = "0123456789abcdef0123456789abcdef";
        assert_eq!(id_from_cookies(&format!("theme=dark; {COOKIE}={id}")), Some(id.to_string()));
        assert_eq!(id_from_cookies(&format!("{COOKIE}=../../etc")), None);
        assert_eq!(id_from_cookies("other=1"), None);
        let set = set_cookie(id);
        assert!(
            set.starts_with(&format!("{COOKIE}={id}")) && set.contains("HttpOnly") && set.contains("SameSite=Lax"),
            "{set}"
        );
    }
}
