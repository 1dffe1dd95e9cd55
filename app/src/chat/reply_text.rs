//! A reply's text, rendered from markdown by `colloquy-markdown`, whose
//! HTML is safe by construction (model output is untrusted).
//!
//! The server renders the whole text once. In the browser a streaming
//! reply is rendered block by block ([`colloquy_markdown::StreamingRender`]):
//! each token re-renders and replaces only the last, open block, and
//! blocks that finish are appended once. Re-rendering the whole reply into
//! `innerHTML` for every token made each token cost more than the one
//! before (style, layout and paint of the whole reply).

use leptos::prelude::*;

use super::conversation::Message;
use colloquy_wire::MarkdownSettings;

#[component]
pub fn ReplyText(message: Message) -> impl IntoView {
    let markdown = expect_context::<MarkdownSettings>().render_options();
    let element = NodeRef::<leptos::html::Div>::new();
    // Only the server writes the HTML here: hydration keeps it as it is
    // (rendering history again would be most of the time to open a long
    // conversation), and the browser's own renders go through the effect.
    #[cfg(feature = "ssr")]
    let html = message.text.with_untracked(|text| colloquy_markdown::render(text, &markdown));
    #[cfg(not(feature = "ssr"))]
    let html = String::new();
    #[cfg(feature = "hydrate")]
    {
        let mut shown = live::Shown::new(markdown, message.prerendered);
        Effect::new(move |_| {
            message.text.with(|text| {
                if let Some(element) = element.get() {
                    shown.update(&element, text);
                }
            })
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = markdown;
    view! { <div class="text markdown" node_ref=element inner_html=html></div> }
}

#[cfg(feature = "hydrate")]
mod live {
    use colloquy_markdown::{RenderOptions, StreamingRender};

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

        pub fn update(&mut self, element: &web_sys::HtmlDivElement, text: &str) {
            let first = !std::mem::replace(&mut self.started, true);
            if first && self.from_server {
                return;
            }
            let step = self.renderer.step(text);
            if step.reset || std::mem::take(&mut self.from_server) {
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
        }
    }
}
