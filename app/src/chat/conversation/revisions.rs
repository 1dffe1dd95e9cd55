//! Changing the conversation's last turns: Retry (a new reply), Edit (a
//! new message in place of one, and a new reply), and Undo (the last turn
//! taken back, its message returned to the box). What Retry and Edit
//! replace stays on the server, as variants.

use leptos::prelude::*;

use super::super::composer_files::UploadState;
use super::super::server_fns::undo_turn;
use super::{variants, Conversation, Message, Rollback};
use crate::errors::error_text;
use colloquy_wire::Speaker;

impl Conversation {
    /// Whether `message` is the last reply and may be regenerated.
    pub fn can_retry(&self, message: &Message) -> bool {
        message.role == Speaker::Assistant
            && !self.reply_active()
            && !self.undoing.get()
            && self.messages.with(|m| m.last().map(|last| last.id) == Some(message.id))
    }

    /// Replaces the last reply with a new one.
    pub fn retry(&self) {
        if self.reply_active() || self.undoing.get_untracked() {
            return;
        }
        let before = self.messages.get_untracked();
        let removed = self.messages.try_update(|m| match m.last() {
            Some(last) if last.role == Speaker::Assistant => m.pop(),
            _ => None,
        });
        if let Some(Some(replaced)) = removed {
            self.error.set(None);
            let keep = self.count();
            self.request_reply(keep, None, Rollback { messages: before, composer: None, edited: None });
            // The replaced reply is kept: this one is a variant more.
            if let Some(reply) = self.messages.with_untracked(|m| m.last().copied()) {
                reply.variant.set(Some(variants::one_more(replaced.variant.get_untracked())));
            }
        }
    }

    /// Whether there is a turn to undo.
    pub fn can_undo(&self) -> bool {
        !self.reply_active() && !self.undoing.get() && self.messages.with(|m| m.iter().any(|m| m.role == Speaker::User))
    }

    /// Removes the last turn (the user's last message and everything after
    /// it) and puts that message back in the input box.
    pub fn undo(&self) {
        if self.reply_active() || self.undoing.get_untracked() {
            return;
        }
        let expect = self.stored.get_value();
        let earlier = self.earlier.get_untracked();
        let undone = self.messages.try_update(|messages| {
            let last_user = messages.iter().rposition(|m| m.role == Speaker::User)?;
            let message = messages[last_user];
            messages.truncate(last_user);
            Some((message, earlier + last_user))
        });
        if let Some(Some((message, keep))) = undone {
            self.comparison.set(None);
            self.stored.set_value(keep);
            self.input.set(message.text.get_untracked());
            // Its files go back to the composer too.
            for sent in message.attachments.get_untracked() {
                let pending = self.add_pending(sent.view.name.clone(), sent.view.kind, sent.preview);
                pending.state.set(UploadState::Ready(sent.view));
            }
            self.error.set(None);
            if let Some(id) = self.id.get_untracked() {
                let (error, undoing) = (self.error, self.undoing);
                undoing.set(true);
                leptos::task::spawn_local(async move {
                    if let Err(e) = undo_turn(id, expect as u32, keep as u32).await {
                        error.set(Some(format!("{}: {}", crate::i18n::t("undo-failed"), error_text(&e))));
                    }
                    undoing.set(false);
                });
            }
        }
    }

    /// Replaces a user message's text, drops everything after it, and asks
    /// for a new reply.
    pub fn edit(&self, message: Message, text: String) -> bool {
        if self.reply_active() || !message.attachments.with_untracked(|attachments| self.may_send(&text, attachments)) {
            return false;
        }
        let before = self.messages.get_untracked();
        let found = self.messages.try_update(|messages| {
            let at = messages.iter().position(|m| m.id == message.id)?;
            messages.truncate(at + 1);
            Some(at)
        });
        let Some(keep) = found.flatten().map(|at| self.earlier.get_untracked() + at) else { return false };
        let old = (message.text.get_untracked(), message.variant.get_untracked());
        message.text.set(text);
        message.editing.set(false);
        // The message as it was is kept: this one is a variant more.
        message.variant.set(Some(variants::one_more(old.1)));
        self.request_reply(
            keep,
            Some(message),
            Rollback { messages: before, composer: None, edited: Some((message, old.0, old.1)) },
        );
        true
    }

    /// Opens the last user message for editing (Up arrow in an empty box).
    pub fn edit_last(&self) -> bool {
        if self.reply_active() {
            return false;
        }
        let last = self.messages.with_untracked(|m| m.iter().rev().find(|m| m.role == Speaker::User).copied());
        match last {
            Some(message) => {
                message.editing.set(true);
                true
            }
            None => false,
        }
    }
}
