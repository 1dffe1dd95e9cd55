//! Following the newest text: the list scrolls with a streaming reply
//! until the person scrolls up to read, and once a frame at most.

use leptos::prelude::*;

use super::Conversation;

/// Closer than this to the end (in CSS pixels) counts as at the end.
const NEAR_END_PX: i32 = 80;

impl Conversation {
    /// Keeps the newest text in view, unless the user has scrolled up to
    /// read (then `force` is needed: sending, or "Jump to latest").
    pub fn scroll_to_end(&self, force: bool) {
        if !force && !self.at_end.get_untracked() {
            return;
        }
        // One scroll per frame, however many tokens arrive in it.
        if self.scroll_queued.get_value() && !force {
            return;
        }
        self.scroll_queued.set_value(true);
        let (list, at_end, queued, followed) = (self.list, self.at_end, self.scroll_queued, self.followed_top);
        request_animation_frame(move || {
            queued.set_value(false);
            // The user may have scrolled away since this was asked for.
            if !force && !at_end.get_untracked() {
                return;
            }
            if let Some(el) = list.get_untracked() {
                el.set_scroll_top(el.scroll_height());
                followed.set_value(el.scroll_top());
                at_end.set(true);
            }
        });
    }

    /// Keeps the text just shown in view now, unless the user has scrolled
    /// up to read: called right after a reply's text changed the page, so
    /// the change and the scroll are drawn in one frame (a scroll asked for
    /// a frame later costs a frame of its own, and its scroll event one
    /// more: about 2 ms each in Chromium, per showing of a streaming reply).
    ///
    /// The browser tells of a scroll by an event at its next frame, so the
    /// person may have scrolled up since `at_end` was last set: a position
    /// above the one last followed, far from the new end, is that, and
    /// stops the following here rather than pulling the view back down.
    /// (Moved up but still near the end is the list's box growing taller,
    /// as when the composer shrinks after a send, and is followed.)
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub fn follow_end_now(&self) {
        if !self.at_end.get_untracked() {
            return;
        }
        if let Some(el) = self.list.get_untracked() {
            let top = el.scroll_top();
            let gap = el.scroll_height() - top - el.client_height();
            if top < self.followed_top.get_value() && gap >= NEAR_END_PX {
                self.at_end.set(false);
                return;
            }
            el.set_scroll_top(el.scroll_height());
            self.followed_top.set_value((el.scroll_height() - el.client_height()).max(0));
        }
    }

    /// Called on scroll: are we still following the end?
    pub fn note_scroll(&self) {
        if let Some(el) = self.list.get_untracked() {
            let top = el.scroll_top();
            let near_end = el.scroll_height() - top - el.client_height() < NEAR_END_PX;
            self.followed_top.set_value(top);
            if near_end != self.at_end.get_untracked() {
                self.at_end.set(near_end);
            }
        }
    }
}
