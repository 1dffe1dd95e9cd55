//! A reply's text, rendered from markdown by `colloquy-markdown`, whose
//! HTML is safe by construction (model output is untrusted).
//!
//! The server renders the whole text once. In the browser a streaming
//! reply is rendered block by block ([`colloquy_markdown::StreamingRender`]):
//! each token re-renders and replaces only the last, open block, and
//! blocks that finish are appended once. Re-rendering the whole reply into
//! `innerHTML` for every token made each token cost more than the one
//! before (style, layout and paint of the whole reply).
//!
//! Math and code highlighting are a WASM chunk of their own
//! ([`MarkdownExtensions`]), fetched when a reply rendered in the browser
//! first has math or code in a named language; until then those show as
//! source and plain code, then the reply renders again with them.

use leptos::prelude::*;

use super::conversation::Message;
use colloquy_markdown::Extensions;
use colloquy_wire::MarkdownSettings;

/// The markdown extensions this page has loaded: none at first, both once
/// a reply needed one.
#[derive(Debug, Clone, Copy)]
pub struct MarkdownExtensions {
    loaded: RwSignal<Extensions>,
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    requested: StoredValue<bool>,
}

impl MarkdownExtensions {
    pub fn new() -> Self {
        // The server renders with both: its HTML needs no chunk.
        #[cfg(feature = "ssr")]
        let loaded = Extensions::all();
        #[cfg(not(feature = "ssr"))]
        let loaded = Extensions::NONE;
        Self { loaded: RwSignal::new(loaded), requested: StoredValue::new(false) }
    }

    /// Fetches the extensions' chunk, once; replies render again when it
    /// has loaded.
    #[cfg(feature = "hydrate")]
    fn request(self) {
        if self.requested.get_value() {
            return;
        }
        self.requested.set_value(true);
        leptos::task::spawn_local(async move {
            self.loaded.set(load_extensions().await);
        });
    }
}

impl Default for MarkdownExtensions {
    fn default() -> Self {
        Self::new()
    }
}

/// Math and highlighting: only this function names them, so they and what
/// only they use are the chunk's.
#[cfg(feature = "hydrate")]
#[lazy]
fn load_extensions() -> Extensions {
    Extensions::all()
}

#[component]
pub fn ReplyText(message: Message) -> impl IntoView {
    let settings = expect_context::<MarkdownSettings>();
    let extensions = expect_context::<MarkdownExtensions>();
    let element = NodeRef::<leptos::html::Div>::new();
    // Only the server writes the HTML here: hydration keeps it as it is
    // (rendering history again would be most of the time to open a long
    // conversation), and the browser's own renders go through the effect.
    #[cfg(feature = "ssr")]
    let html = message.text.with_untracked(|text| {
        colloquy_markdown::render(text, &settings.render_options(extensions.loaded.get_untracked()))
    });
    #[cfg(not(feature = "ssr"))]
    let html = String::new();
    #[cfg(feature = "hydrate")]
    {
        let shown =
            std::cell::RefCell::new(live::Shown::new(settings.render_options(Extensions::NONE), message.prerendered));
        let conversation = expect_context::<super::conversation::Conversation>();
        let render = std::rc::Rc::new(move || {
            let Some(element) = element.get_untracked() else { return };
            let loaded = extensions.loaded.get_untracked();
            if message.text.with_untracked(|text| shown.borrow_mut().update(&element, text, loaded)) {
                extensions.request();
            }
            // What was just shown stays in view (unless the person scrolled
            // up to read): once a frame at most.
            conversation.scroll_to_end(false);
        });
        let throttle = live::Throttle::default();
        Effect::new(move |_| {
            extensions.loaded.track();
            message.text.track();
            element.track();
            let streaming = message.status.with(|status| *status == super::conversation::MessageStatus::Streaming);
            throttle.run(streaming, render.clone());
        });
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    let _ = (settings, extensions);
    view! { <div class="text markdown" node_ref=element inner_html=html></div> }
}

#[cfg(feature = "hydrate")]
mod live {
    use std::cell::Cell;
    use std::rc::Rc;

    use super::super::conversation::now_ms;
    use colloquy_markdown::{Extensions, RenderOptions, StreamingRender};

    /// While a reply streams its text is shown at most this often: each
    /// showing costs style, layout and paint however few tokens it adds,
    /// and tokens come faster than people read (a fast model: every 5 to
    /// 20 ms). The first token shows at once; the rest within this.
    const SHOW_EVERY_MS: f64 = 100.0;

    /// Runs a render at once, or, while streaming and less than
    /// [`SHOW_EVERY_MS`] after the last, once that much has passed.
    #[derive(Clone, Default)]
    pub struct Throttle {
        last: Rc<Cell<f64>>,
        scheduled: Rc<Cell<bool>>,
    }

    impl Throttle {
        pub fn run(&self, streaming: bool, render: Rc<dyn Fn()>) {
            let now = now_ms();
            let since = now - self.last.get();
            if streaming && since < SHOW_EVERY_MS {
                if !self.scheduled.replace(true) {
                    let this = self.clone();
                    leptos::prelude::set_timeout(
                        move || {
                            this.scheduled.set(false);
                            this.last.set(now_ms());
                            render();
                        },
                        std::time::Duration::from_millis((SHOW_EVERY_MS - since).ceil() as u64),
                    );
                }
                return;
            }
            self.last.set(now);
            render();
        }
    }

    /// What the element shows, and how to change it for the next text.
    pub struct Shown {
        renderer: StreamingRender,
        /// The element holds the server's HTML of the text it arrived
        /// with: left alone until the text changes, then replaced.
        from_server: bool,
        /// Whether the first run (the text the element was made with) has
        /// been seen.
        started: bool,
        /// How many of the element's last child nodes are the open block.
        open_nodes: u32,
    }

    impl Shown {
        pub fn new(options: RenderOptions, prerendered: bool) -> Self {
            Self { renderer: StreamingRender::new(options), from_server: prerendered, started: false, open_nodes: 0 }
        }

        /// Shows `text` rendered with `extensions`; says whether it had
        /// something only a missing extension renders.
        pub fn update(&mut self, element: &web_sys::HtmlDivElement, text: &str, extensions: Extensions) -> bool {
            let first = !std::mem::replace(&mut self.started, true);
            let new_extensions = extensions != self.renderer.options().extensions;
            if new_extensions {
                let options = RenderOptions { extensions, ..self.renderer.options().clone() };
                self.renderer = StreamingRender::new(options);
            }
            // The server's HTML has everything: kept until the text changes
            // (a run for new extensions alone is not a change of text).
            if self.from_server && (first || new_extensions) {
                return false;
            }
            let step = self.renderer.step(text);
            if step.reset || new_extensions || std::mem::take(&mut self.from_server) {
                element.set_inner_html("");
            } else {
                for _ in 0..self.open_nodes {
                    if let Some(last) = element.last_child() {
                        let _ = element.remove_child(&last);
                    }
                }
            }
            if !step.closed.is_empty() {
                let _ = element.insert_adjacent_html("beforeend", &step.closed);
            }
            let before = element.child_nodes().length();
            if !step.open.is_empty() {
                let _ = element.insert_adjacent_html("beforeend", &step.open);
            }
            self.open_nodes = element.child_nodes().length() - before;
            step.lacking
        }
    }
}
