//! A reply's text, rendered from markdown by `colloquy-markdown`, whose
//! HTML is safe by construction (model output is untrusted).
//!
//! The server renders the whole text once. In the browser a streaming
//! reply is rendered block by block ([`colloquy_markdown::StreamingRender`]):
//! each showing re-renders and replaces only the last, open block, and
//! blocks that finish are appended once. Re-rendering the whole reply into
//! `innerHTML` for every token made each token cost more than the one
//! before (style, layout and paint of the whole reply).
//!
//! The renderer is a WASM chunk of its own ([`MarkdownRenderer`]): the
//! page's history arrives rendered by the server, so the renderer is
//! needed only for a new reply. It is fetched when the person starts
//! typing, or when a reply first needs it (until it arrives the reply
//! shows as plain text). Math and code highlighting are a second chunk,
//! fetched when a reply rendered in the browser first has math or code in
//! a named language; until then those show as source and plain code, then
//! the reply renders again with them.

use leptos::prelude::*;

use super::conversation::Message;
use colloquy_markdown::Extensions;
use colloquy_wire::MarkdownSettings;

/// What this page has loaded of the markdown renderer. The server has it
/// all; the browser starts with none of it.
#[derive(Debug, Clone, Copy)]
pub struct MarkdownRenderer {
    /// The streaming renderer's step, once its chunk has loaded.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    step: RwSignal<Option<StepFn>>,
    /// Math and highlighting: none at first, both once a reply needed one.
    extensions: RwSignal<Extensions>,
    /// Whether each chunk has been asked for.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    step_requested: StoredValue<bool>,
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    extensions_requested: StoredValue<bool>,
}

/// [`colloquy_markdown::StreamingRender::step`], reached only through the
/// chunk that returns it, so that the parser is in that chunk.
type StepFn = fn(&mut colloquy_markdown::StreamingRender, &str) -> colloquy_markdown::Step;

impl MarkdownRenderer {
    pub fn new() -> Self {
        // The server renders with both extensions: its HTML needs no chunk.
        #[cfg(feature = "ssr")]
        let extensions = Extensions::all();
        #[cfg(not(feature = "ssr"))]
        let extensions = Extensions::NONE;
        Self {
            step: RwSignal::new(None),
            extensions: RwSignal::new(extensions),
            step_requested: StoredValue::new(false),
            extensions_requested: StoredValue::new(false),
        }
    }

    /// Fetches the renderer, once: called when someone starts typing, who
    /// will soon need it, and by a reply that needs it.
    pub fn prepare(self) {
        #[cfg(feature = "hydrate")]
        load_once(self.step_requested, self.step, async { Some(load_renderer().await) });
    }

    /// Fetches the extensions' chunk, once; replies render again when it
    /// has loaded.
    #[cfg(feature = "hydrate")]
    fn request_extensions(self) {
        load_once(self.extensions_requested, self.extensions, load_extensions());
    }
}

/// Sets `into` to what `load` (a chunk's fetch) gives, unless `requested`
/// says that was asked for already.
#[cfg(feature = "hydrate")]
fn load_once<T: Send + Sync + 'static>(
    requested: StoredValue<bool>,
    into: RwSignal<T>,
    load: impl std::future::Future<Output = T> + 'static,
) {
    if !requested.get_value() {
        requested.set_value(true);
        leptos::task::spawn_local(async move { into.set(load.await) });
    }
}

impl Default for MarkdownRenderer {
    fn default() -> Self {
        Self::new()
    }
}

/// The markdown parser and renderer: only this function names the step,
/// so it and what only it uses are the chunk's.
#[cfg(feature = "hydrate")]
#[lazy]
fn load_renderer() -> StepFn {
    colloquy_markdown::StreamingRender::step
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
    let markdown = expect_context::<MarkdownRenderer>();
    let element = NodeRef::<leptos::html::Div>::new();
    // Only the server writes the HTML here: hydration keeps it as it is
    // (rendering history again would be most of the time to open a long
    // conversation), and the browser's own renders go through the effect.
    #[cfg(feature = "ssr")]
    let html = message.text.with_untracked(|text| {
        colloquy_markdown::render(
            text,
            &settings.render_options(markdown.extensions.get_untracked(), crate::i18n::copy_code()),
        )
    });
    #[cfg(not(feature = "ssr"))]
    let html = String::new();
    #[cfg(feature = "hydrate")]
    {
        let shown = std::cell::RefCell::new(live::Shown::new(
            settings.render_options(Extensions::NONE, crate::i18n::copy_code()),
            message.prerendered,
        ));
        let conversation = expect_context::<super::conversation::Conversation>();
        let render = std::rc::Rc::new(move || {
            let Some(element) = element.get_untracked() else { return };
            let renderer = markdown.step.get_untracked();
            if renderer.is_none() {
                markdown.prepare();
            }
            let extensions = markdown.extensions.get_untracked();
            let update =
                message.text.with_untracked(|text| shown.borrow_mut().update(&element, text, renderer, extensions));
            if update.lacking {
                markdown.request_extensions();
            }
            // What was just shown stays in view (unless the person scrolled
            // up to read), drawn in the same frame. Hydrating the history
            // changes nothing: its replies ask for one scroll together.
            if update.changed {
                conversation.follow_end_now();
            } else {
                conversation.scroll_to_end(false);
            }
        });
        let throttle = live::Throttle::default();
        Effect::new(move |_| {
            markdown.step.track();
            markdown.extensions.track();
            message.text.track();
            element.track();
            // A reply starts streaming empty: only showings with text start
            // the wait, so the first token shows the moment it arrives.
            let streaming = message.status.with(|status| *status == super::conversation::MessageStatus::Streaming)
                && message.text.with(|text| !text.is_empty());
            throttle.run(streaming, render.clone());
        });
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    let _ = (settings, markdown);
    view! { <div class="text markdown" node_ref=element inner_html=html></div> }
}

#[cfg(feature = "hydrate")]
mod live {
    use std::cell::Cell;
    use std::rc::Rc;

    use super::super::conversation::now_ms;
    use super::StepFn;
    use colloquy_markdown::{Extensions, RenderOptions, StreamingRender};

    /// While a reply streams its text is shown at most this often: each
    /// showing costs style, layout and paint however few tokens it adds.
    /// The server already sends a streaming reply's text in batches every
    /// 100 ms (`colloquy_chat::replies::TEXT_BATCH_EVERY`), each shown as it
    /// arrives; this only spaces out batches the network delivers bunched
    /// together. The first token shows at once; the rest within this.
    const SHOW_EVERY_MS: f64 = 50.0;

    /// Runs a render at once, or, while streaming and less than
    /// [`SHOW_EVERY_MS`] after the last showing while streaming, once that
    /// much has passed.
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
            // Only showings while streaming start the wait.
            self.last.set(if streaming { now } else { f64::NEG_INFINITY });
            render();
        }
    }

    /// What one [`Shown::update`] did.
    pub struct Update {
        /// The element changed (it was not the server's HTML left alone).
        pub changed: bool,
        /// The text has something only a missing extension renders.
        pub lacking: bool,
    }

    /// What the element shows, and how to change it for the next text.
    pub struct Shown {
        renderer: StreamingRender,
        /// The element holds the server's HTML of the text it arrived
        /// with: left alone until the text changes, then replaced.
        from_server: bool,
        /// The length of the text the element arrived with, once seen.
        /// A reply's text only grows while it streams: the same length is
        /// the same text (a run because a chunk loaded, not a change).
        server_len: Option<usize>,
        /// The element holds the text as plain text, shown while the
        /// renderer loaded: replaced by the first render.
        plain: bool,
        /// How many of the element's last child nodes are the open block.
        open_nodes: u32,
    }

    impl Shown {
        pub fn new(options: RenderOptions, prerendered: bool) -> Self {
            Self {
                renderer: StreamingRender::new(options),
                from_server: prerendered,
                server_len: None,
                plain: false,
                open_nodes: 0,
            }
        }

        /// Shows `text` rendered with `extensions` (as plain text without
        /// a `renderer`).
        pub fn update(
            &mut self,
            element: &web_sys::HtmlDivElement,
            text: &str,
            renderer: Option<StepFn>,
            extensions: Extensions,
        ) -> Update {
            // The server's HTML has everything: kept until the text changes.
            if self.from_server && *self.server_len.get_or_insert(text.len()) == text.len() {
                return Update { changed: false, lacking: false };
            }
            let Some(step) = renderer else {
                element.set_text_content(Some(text));
                (self.from_server, self.plain, self.open_nodes) = (false, true, 0);
                return Update { changed: true, lacking: false };
            };
            let new_extensions = extensions != self.renderer.options().extensions;
            if new_extensions {
                let options = RenderOptions { extensions, ..self.renderer.options().clone() };
                self.renderer = StreamingRender::new(options);
            }
            let step = step(&mut self.renderer, text);
            if step.reset || new_extensions || std::mem::take(&mut self.from_server) || std::mem::take(&mut self.plain)
            {
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
            Update { changed: true, lacking: step.lacking }
        }
    }
}
