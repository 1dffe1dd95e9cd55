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
        let mut shown = live::Shown::new(settings.render_options(Extensions::NONE), message.prerendered);
        Effect::new(move |_| {
            let loaded = extensions.loaded.get();
            message.text.with(|text| {
                let Some(element) = element.get() else { return };
                if shown.update(&element, text, loaded) {
                    extensions.request();
                }
            })
        });
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    let _ = (settings, extensions);
    view! { <div class="text markdown" node_ref=element inner_html=html></div> }
}

#[cfg(feature = "hydrate")]
mod live {
    use colloquy_markdown::{Extensions, RenderOptions, StreamingRender};

    /// What the element shows, and how to change it for the next text.
    pub struct Shown {
        options: RenderOptions,
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
            let renderer = StreamingRender::new(options.clone());
            Self { options, renderer, from_server: prerendered, started: false, open_nodes: 0 }
        }

        /// Shows `text` rendered with `extensions`; says whether it had
        /// something only a missing extension renders.
        pub fn update(&mut self, element: &web_sys::HtmlDivElement, text: &str, extensions: Extensions) -> bool {
            let first = !std::mem::replace(&mut self.started, true);
            let new_extensions = extensions != self.options.extensions;
            if new_extensions {
                self.options.extensions = extensions;
                self.renderer = StreamingRender::new(self.options.clone());
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
