//! Switching between a message's variants (what Retry and Edit kept): the
//! server changes the path, and the page puts the new path's messages in
//! place of the old ones from there on.

use leptos::prelude::*;

use super::{Conversation, Message};
use crate::chat::server_fns::select_variant;
use crate::errors::error_text;
use colloquy_wire::{SwitchedPath, VariantOf};

/// A message that replaces one with `before` variants (none: it had no
/// others) is the newest of one more.
pub(super) fn one_more(before: Option<VariantOf>) -> VariantOf {
    let of = before.map_or(1, |v| v.of) + 1;
    VariantOf { shown: of, of }
}

impl Conversation {
    /// Shows variant `shown` of `message` (a stored one), and below it what
    /// was chosen there last.
    pub fn switch_variant(&self, message: Message, shown: u32) {
        if self.reply_active() || self.undoing.get_untracked() {
            return;
        }
        let Some((id, place)) = self.stored_place(&message) else { return };
        let expect = self.stored.get_value() as u32;
        let this = *self;
        leptos::task::spawn_local(async move {
            match select_variant(id, expect, place, shown).await {
                Ok(path) => this.show_path(path),
                Err(e) => this.error.set(Some(crate::i18n::tf("version-failed", &[("why", (&error_text(&e)).into())]))),
            }
        });
    }

    /// Puts a switched path in place: the messages shown before its first
    /// stay, the rest are its; if it starts before the first shown, it is
    /// all that is shown ("Show earlier messages" reads the rest).
    pub(super) fn show_path(&self, path: SwitchedPath) {
        let from = (path.from as usize).saturating_sub(1);
        let earlier = self.earlier.get_untracked();
        let added: Vec<Message> = path.messages.into_iter().map(|view| self.stored_message(view, false)).collect();
        if from >= earlier {
            self.messages.update(|messages| {
                messages.truncate(from - earlier);
                messages.extend(added);
            });
        } else {
            self.messages.set(added);
            self.earlier.set(from);
        }
        self.stored.set_value(path.count as usize);
        self.error.set(None);
    }

    /// Where a "‹ ›" link goes without JavaScript: the conversation's page,
    /// asked to show variant `shown` of `message`.
    pub fn variant_link(&self, message: &Message, shown: u32) -> Option<String> {
        let (id, place) = self.stored_place(message)?;
        Some(format!("/c/{id}?at={place}&variant={shown}&of={}", self.stored.get_value()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replacement_is_the_newest_of_one_more() {
        assert_eq!(one_more(None), VariantOf { shown: 2, of: 2 });
        assert_eq!(one_more(Some(VariantOf { shown: 1, of: 3 })), VariantOf { shown: 4, of: 4 });
    }
}
