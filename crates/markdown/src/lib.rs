//! Markdown to HTML that is safe to insert into the page, for chat
//! messages: model output and user text are both untrusted.
//!
//! Parsing is `pulldown-cmark` (CommonMark plus tables, task lists,
//! strikethrough and math); the HTML it writes is made safe by construction
//! rather than cleaned afterwards:
//! - raw HTML in the input (blocks and inline) becomes escaped text;
//! - links keep their `href` only for `http(s):` and `mailto:` URLs and open
//!   in a new tab with `rel="noopener noreferrer nofollow"`; other links
//!   become their text;
//! - images keep their `src` only for `http(s):` URLs on configured hosts
//!   (and base64 `data:image/…` when allowed); others become their alt text;
//! - math becomes MathML (`latex2mathml`), or escaped source if it does not
//!   parse;
//! - code in a fenced block of a known language is highlighted by `hl-lite`
//!   (hand-written lexers, no regex engine: small enough for the WASM
//!   bundle), whose spans are escaped here like any text;
//! - every other tag comes from pulldown-cmark's own writer, which escapes
//!   all text and attribute values.
//!
//! It runs in the browser (WASM) on every streamed token, so it is pure
//! Rust with no allocation-heavy sanitizer pass; an unfinished document
//! (an open code fence, half a table) renders as what it is so far.

mod highlight;
mod math;
mod streaming;
mod urls;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

pub use math::MathDelimiters;
pub use streaming::{Step, StreamingRender};

/// How to render.
#[derive(Default, Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    /// Math and code highlighting (all by default).
    pub extensions: Extensions,
    /// Which math delimiters are recognised.
    pub math: MathDelimiters,
    /// Render single line breaks as breaks (chat-style) rather than as
    /// spaces (CommonMark).
    pub line_breaks: bool,
    /// Allow `data:image/{png,jpeg,gif,webp};base64,…` images.
    pub data_images: bool,
    /// Hosts whose `http(s)` images are shown; any other image becomes its
    /// alt text.
    pub image_hosts: Vec<String>,
    /// The words on each code block's copy button, in the page's language.
    pub copy_code: CopyCode,
}

/// A code block's copy button: its text, and its name for screen readers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyCode {
    pub label: String,
    pub name: String,
}

impl Default for CopyCode {
    fn default() -> Self {
        Self { label: "Copy".into(), name: "Copy code".into() }
    }
}

/// The parts of rendering that cost the most code: TeX to MathML, and
/// highlighting code. Without them math shows as its escaped source and
/// code as plain text, so the browser's chat page can start without them
/// and load them when a reply first needs them.
#[derive(Debug, Clone, Copy)]
pub struct Extensions {
    /// TeX to MathML (`true`: a display formula).
    pub math: Option<fn(&str, bool) -> String>,
    /// A code block's body highlighted, in a language named by its fence's
    /// info string; `None` for a language it does not know.
    pub highlight: Option<fn(&str, &str) -> Option<String>>,
}

impl Extensions {
    /// Neither: math as source, code plain.
    pub const NONE: Self = Self { math: None, highlight: None };

    /// Both.
    pub fn all() -> Self {
        Self { math: Some(math::to_mathml), highlight: Some(highlight::highlight) }
    }
}

impl Default for Extensions {
    fn default() -> Self {
        Self::all()
    }
}

/// Extensions are equal when they can do the same (there is one of each).
impl PartialEq for Extensions {
    fn eq(&self, other: &Self) -> bool {
        self.math.is_some() == other.math.is_some() && self.highlight.is_some() == other.highlight.is_some()
    }
}

impl Eq for Extensions {}

/// Renders `markdown` to safe HTML.
pub fn render(markdown: &str, options: &RenderOptions) -> String {
    render_source(&math::normalize_delimiters(markdown, &options.math), options)
}

/// The parser's extensions for these options.
fn parse_options(options: &RenderOptions) -> Options {
    let mut parse_options =
        Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_GFM;
    if options.math.dollars || options.math.brackets {
        parse_options |= Options::ENABLE_MATH;
    }
    parse_options
}

/// Renders source whose math delimiters are already normalized.
fn render_source(source: &str, options: &RenderOptions) -> String {
    render_source_lacking(source, options).0
}

/// [`render_source`], and whether it met math or a code block in a named
/// language that an extension it lacks would have rendered.
fn render_source_lacking(source: &str, options: &RenderOptions) -> (String, bool) {
    let mut events = SafeEvents {
        inner: Parser::new_ext(source, parse_options(options)),
        options,
        in_image: None,
        in_code: None,
        links: Vec::new(),
        lacking: false,
    };
    let mut html = String::with_capacity(source.len() * 3 / 2 + 16);
    pulldown_cmark::html::push_html(&mut html, &mut events);
    (html, events.lacking)
}

/// The parser's events with everything unsafe replaced; the HTML this
/// adapter emits itself is built with escaping.
struct SafeEvents<'a, 'o> {
    inner: Parser<'a>,
    options: &'o RenderOptions,
    /// Inside an image: its safe `src` (if any) and the alt text so far.
    in_image: Option<(Option<String>, String)>,
    /// Inside a code block: its language and the code so far (highlighted
    /// as a whole at the block's end).
    in_code: Option<(String, String)>,
    /// Open links: whether each was kept (an `<a>`) or refused (a `<span>`).
    links: Vec<bool>,
    /// Met something a missing extension would have rendered.
    lacking: bool,
}

impl<'a> Iterator for SafeEvents<'a, '_> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            let event = self.inner.next()?;
            // An image's content is its alt text: collect it, emit at the end.
            if let Some((src, alt)) = &mut self.in_image {
                match event {
                    Event::End(TagEnd::Image) => {
                        let (src, alt) = (src.take(), std::mem::take(alt));
                        self.in_image = None;
                        return Some(match src {
                            Some(src) => {
                                let mut html = String::from("<img src=\"");
                                let _ = escape_href(&mut html, &src);
                                html.push_str("\" alt=\"");
                                let _ = escape_html(&mut html, &alt);
                                html.push_str("\" loading=\"lazy\" referrerpolicy=\"no-referrer\">");
                                Event::InlineHtml(html.into())
                            }
                            None => Event::Text(alt.into()),
                        });
                    }
                    Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => alt.push_str(&t),
                    Event::Html(t) | Event::InlineHtml(t) => alt.push_str(&t),
                    _ => {}
                }
                continue;
            }
            if let Some((language, code)) = &mut self.in_code {
                match event {
                    Event::End(TagEnd::CodeBlock) => {
                        let highlight = self.options.extensions.highlight;
                        self.lacking |= highlight.is_none() && !language.is_empty();
                        let html = code_block_body(highlight.and_then(|h| h(language, code)), code);
                        self.in_code = None;
                        return Some(Event::Html(html.into()));
                    }
                    Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => code.push_str(&t),
                    _ => {}
                }
                continue;
            }
            return Some(match event {
                // Raw HTML from the input is shown, never interpreted.
                Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
                Event::SoftBreak if self.options.line_breaks => Event::HardBreak,
                Event::Start(Tag::Link { dest_url, .. }) => {
                    let safe = urls::safe_link(&dest_url);
                    self.links.push(safe.is_some());
                    match safe {
                        Some(url) => {
                            let mut html = String::from("<a href=\"");
                            let _ = escape_href(&mut html, url);
                            html.push_str("\" target=\"_blank\" rel=\"noopener noreferrer nofollow\">");
                            Event::InlineHtml(html.into())
                        }
                        None => Event::InlineHtml(CowStr::Borrowed("<span class=\"unsafe-link\">")),
                    }
                }
                Event::End(TagEnd::Link) => match self.links.pop() {
                    Some(true) => Event::InlineHtml(CowStr::Borrowed("</a>")),
                    _ => Event::InlineHtml(CowStr::Borrowed("</span>")),
                },
                Event::Start(Tag::Image { dest_url, .. }) => {
                    let src = urls::safe_image(&dest_url, self.options.data_images, &self.options.image_hosts)
                        .map(str::to_string);
                    self.in_image = Some((src, String::new()));
                    continue;
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let (html, language) = code_block_start(&kind, &self.options.copy_code);
                    self.in_code = Some((language, String::new()));
                    Event::Html(html.into())
                }
                Event::InlineMath(tex) => Event::InlineHtml(self.math(&tex, false).into()),
                // Wide formulas scroll; a scrolling region must take keyboard
                // focus so it can be scrolled without a mouse.
                Event::DisplayMath(tex) => Event::InlineHtml(
                    format!("<span class=\"math-display\" tabindex=\"0\">{}</span>", self.math(&tex, true)).into(),
                ),
                // A labelled checkbox: screen readers say what the tick means.
                Event::TaskListMarker(done) => Event::InlineHtml(CowStr::Borrowed(if done {
                    "<input type=\"checkbox\" disabled checked aria-label=\"Done\"> "
                } else {
                    "<input type=\"checkbox\" disabled aria-label=\"Not done\"> "
                })),
                other => other,
            });
        }
    }
}

impl SafeEvents<'_, '_> {
    /// MathML for `tex`, or its source where there is no math extension.
    fn math(&mut self, tex: &str, display: bool) -> String {
        match self.options.extensions.math {
            Some(to_mathml) => to_mathml(tex, display),
            None => {
                self.lacking = true;
                math::as_source(tex, display)
            }
        }
    }
}

/// The opening of a code block: a header with the language and a copy
/// button (wired up by the page), then `<pre><code>`.
fn code_block_start(kind: &CodeBlockKind, copy: &CopyCode) -> (String, String) {
    let language: String = match kind {
        CodeBlockKind::Fenced(info) => info
            .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
            .next()
            .unwrap_or("")
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '-' | '_' | '.'))
            .take(32)
            .collect(),
        CodeBlockKind::Indented => String::new(),
    };
    let mut html = String::from("<div class=\"code-block\"><div class=\"code-head\"><span class=\"code-lang\">");
    html.push_str(&language);
    html.push_str("</span><button type=\"button\" class=\"copy-code\" aria-label=\"");
    let _ = escape_html(&mut html, &copy.name);
    html.push_str("\">");
    let _ = escape_html(&mut html, &copy.label);
    html.push_str("</button></div><pre><code");
    if !language.is_empty() {
        html.push_str(" class=\"language-");
        html.push_str(&language);
        html.push('"');
    }
    html.push('>');
    (html, language)
}

/// A code block's body and end: the highlighted HTML, or the code escaped
/// as it is.
fn code_block_body(highlighted: Option<String>, code: &str) -> String {
    let mut html = highlighted.unwrap_or_else(|| {
        let mut plain = String::with_capacity(code.len() + 32);
        let _ = escape_html(&mut plain, code);
        plain
    });
    html.push_str("</code></pre></div>\n");
    html
}

#[cfg(test)]
mod tests;
