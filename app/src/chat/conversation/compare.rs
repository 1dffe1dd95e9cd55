//! Compare: one message answered by two models (or one model twice),
//! streamed side by side. The first reply is the conversation's; the
//! second is stored as its variant. Choosing one puts it on the path, and
//! the other stays its variant ("‹ 1 / 2 ›").

use futures::future::{AbortHandle, Abortable};
use leptos::prelude::*;

use super::super::server_fns::{compare_replies, resume_reply, select_variant};
use super::{ActiveReply, Conversation, Message, MessageStatus, Rollback};
use crate::errors::error_text;
use crate::i18n::tf;
use colloquy_wire::{ChatTurn, Speaker, VariantOf};

/// Two replies to one message, shown side by side until one is chosen.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The first reply: the last of the conversation's messages.
    pub first: Message,
    /// The second, beside it (not among the messages).
    pub second: Message,
    /// Which model wrote each (their labels).
    pub labels: [String; 2],
}

impl Conversation {
    /// Sends `text`, with the composer's files, to the conversation's model
    /// and to `other`, whose replies stream side by side. Returns false
    /// (and says why in `error`, where there is something to say) if it was
    /// not sent.
    pub fn compare(&self, text: String, other: String) -> bool {
        let Some(attachments) = self.take_ready() else { return false };
        if !self.may_send(&text, &attachments) {
            return false;
        }
        if let Some(why) = self.unreadable(&other, &attachments) {
            self.error.set(Some(why));
            return false;
        }
        let (keep, message, rollback) = self.push_turn(text, attachments);
        let turn = self.turn(keep, Some(message));

        let label = |id: &str| {
            self.models.with_value(|models| models.iter().find(|m| m.id == id).map_or(id, |m| &m.label).to_string())
        };
        let labels = [label(&turn.model), label(&other)];
        let first = self.push(Speaker::Assistant, String::new(), MessageStatus::Streaming);
        let second = self.new_message(Speaker::Assistant, String::new(), MessageStatus::Streaming);
        first.variant.set(Some(VariantOf { shown: 1, of: 2 }));
        second.variant.set(Some(VariantOf { shown: 2, of: 2 }));
        self.comparison.set(Some(Comparison { first, second, labels }));
        self.scroll_to_end(true);

        let (abort, registration) = AbortHandle::new_pair();
        self.active.set(Some(ActiveReply { abort, message: first, rival: Some(second) }));
        let this = *self;
        // The user's message and the first reply are on the path.
        let stored_after = keep + 2;
        leptos::task::spawn_local(async move {
            let compared = this.stream_compared(turn, other, [first, second], rollback, stored_after);
            let _ = Abortable::new(compared, registration).await;
            this.finish_active(first);
        });
        true
    }

    async fn stream_compared(
        self,
        turn: ChatTurn,
        other: String,
        [first, second]: [Message; 2],
        rollback: Rollback,
        stored_after: usize,
    ) {
        let replies = match compare_replies(turn, other).await {
            Ok(replies) => replies,
            Err(e) => {
                // Refused before anything was stored.
                self.comparison.set(None);
                self.roll_back(rollback, error_text(&e));
                return;
            }
        };
        // The server writes both already; each is read from its first frame.
        let read = |reply: Message, id: String, stored_after: Option<usize>| async move {
            reply.reply_id.set(Some(id.clone()));
            match resume_reply(id, 0).await {
                Ok(stream) => self.read_reply(stream, reply, stored_after).await,
                Err(e) => reply.fail(error_text(&e)),
            }
        };
        futures::join!(read(first, replies.first, Some(stored_after)), read(second, replies.second, None));
    }

    /// Makes reply `shown` (1 or 2) of the comparison the conversation's
    /// reply; the other stays its variant.
    pub fn choose(&self, shown: u32) {
        let Some(comparison) = self.comparison.get_untracked() else { return };
        if self.reply_active() || self.undoing.get_untracked() {
            return;
        }
        let Some((id, place)) = self.stored_place(&comparison.first) else {
            // Never stored (refused): nothing to choose between.
            self.comparison.set(None);
            return;
        };
        let expect = self.stored.get_value() as u32;
        let this = *self;
        leptos::task::spawn_local(async move {
            match select_variant(id, expect, place, shown).await {
                Ok(path) => {
                    this.comparison.set(None);
                    this.show_path(path);
                }
                Err(e) => this.error.set(Some(tf("compare-choose-failed", &[("why", (&error_text(&e)).into())]))),
            }
        });
    }
}
