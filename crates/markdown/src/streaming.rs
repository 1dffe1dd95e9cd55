//! Rendering a reply while it streams, without rendering it all again for
//! every token.
//!
//! A markdown document is a sequence of top-level blocks (paragraphs,
//! lists, code fences, tables, …). Text only ever arrives at the end, so
//! every top-level block but the last is finished: no later text can turn
//! it into something else. [`StreamingRender`] renders each finished block
//! once, and on every token renders only the last, open one. The page
//! appends the finished blocks' HTML and replaces only the open block's.
//!
//! What crosses blocks is handled by falling back to rendering the whole
//! text: link reference definitions (`[x]: https://…` makes `[x]` anywhere
//! a link), and a math-delimiter rewrite that changes text already shown.
//! Text that no longer extends what was rendered (an edit, a retry) starts
//! over. Each step's output equals rendering the whole text at once (tested
//! on every prefix of the test corpus).

use std::ops::Range;

use pulldown_cmark::{Event, Parser};

use crate::{math, parse_options, render_source_lacking, RenderOptions};

/// Renders one growing text, block by block.
#[derive(Debug, Clone)]
pub struct StreamingRender {
    options: RenderOptions,
    /// The normalized source of the finished blocks rendered so far.
    closed: String,
    /// Set once the text has a link reference definition: from then on
    /// every step renders the whole text.
    whole: bool,
}

/// What changed since the last step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Throw away everything shown before (the finished blocks too); the
    /// text was not a continuation of the last one.
    pub reset: bool,
    /// HTML of blocks that finished since the last step: appended after
    /// the finished blocks shown so far, in place of the old open block.
    pub closed: String,
    /// HTML of the open (last) block, replacing the previous one.
    pub open: String,
    /// What this step rendered had math or a code block in a named
    /// language, shown plain for want of an [`crate::Extensions`].
    pub lacking: bool,
}

impl StreamingRender {
    pub fn new(options: RenderOptions) -> Self {
        Self { options, closed: String::new(), whole: false }
    }

    /// What it renders with.
    pub fn options(&self) -> &RenderOptions {
        &self.options
    }

    /// Renders `text`, the whole reply so far.
    pub fn step(&mut self, text: &str) -> Step {
        let source = math::normalize_delimiters(text, &self.options.math);
        let mut reset = false;
        if !source.starts_with(self.closed.as_str()) {
            // Not a continuation (or the delimiter rewrite changed text
            // already rendered): start over.
            self.closed.clear();
            self.whole = false;
            reset = true;
        }
        let tail = &source[self.closed.len()..];
        let opts = parse_options(&self.options);
        // A definition needs `]:`; only then is the tail parsed to look.
        if !self.whole
            && tail.contains("]:")
            && Parser::new_ext(tail, opts).reference_definitions().iter().next().is_some()
        {
            self.whole = true;
        }
        if self.whole {
            self.closed.clear();
            let (open, lacking) = render_source_lacking(&source, &self.options);
            return Step { reset: true, closed: String::new(), open, lacking };
        }
        // Only complete lines decide where blocks start: a half-written
        // last line may yet join the block above (`|` under a table becomes
        // one of its rows once more of it arrives).
        let complete = tail.rfind('\n').map_or(0, |newline| newline + 1);
        let open_start =
            last_block_start(&tail[..complete], Parser::new_ext(&tail[..complete], opts).into_offset_iter());
        let (closed, closed_lacking) = if open_start > 0 {
            let finished = &tail[..open_start];
            let rendered = render_source_lacking(finished, &self.options);
            self.closed.push_str(finished);
            rendered
        } else {
            (String::new(), false)
        };
        let (open, open_lacking) = render_source_lacking(&source[self.closed.len()..], &self.options);
        Step { reset, closed, open, lacking: closed_lacking || open_lacking }
    }
}

/// Where the last top-level block of `source` begins: the start of its
/// first line (an indented code block's indentation is part of it).
fn last_block_start<'a>(source: &str, events: impl Iterator<Item = (Event<'a>, Range<usize>)>) -> usize {
    let mut depth = 0usize;
    let mut last = 0;
    for (event, range) in events {
        match event {
            Event::Start(_) => {
                if depth == 0 {
                    last = range.start;
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            // A thematic break is a block with no content.
            Event::Rule if depth == 0 => last = range.start,
            _ => {}
        }
    }
    source[..last].rfind('\n').map_or(0, |newline| newline + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render;

    /// Streams `text` in pieces of `size` characters and checks that after
    /// every piece the page shows exactly the one-shot render of the text
    /// so far. Returns how many steps reset.
    fn stream(text: &str, size: usize, options: &RenderOptions) -> usize {
        let mut renderer = StreamingRender::new(options.clone());
        let (mut shown_closed, mut resets) = (String::new(), 0);
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for piece in chars.chunks(size) {
            let (last_at, last) = *piece.last().unwrap();
            let so_far = &text[..last_at + last.len_utf8()];
            let step = renderer.step(so_far);
            if step.reset {
                shown_closed.clear();
                resets += 1;
            }
            shown_closed.push_str(&step.closed);
            let shown = format!("{shown_closed}{}", step.open);
            assert_eq!(shown, render(so_far, options), "after {so_far:?}");
        }
        resets
    }

    fn corpus() -> Vec<&'static str> {
        include_str!("../tests/corpus.md").split("\n<!-- next -->\n").collect()
    }

    #[test]
    fn every_prefix_of_the_corpus_renders_as_the_whole_would() {
        let options = RenderOptions::default();
        let breaks = RenderOptions { line_breaks: true, ..RenderOptions::default() };
        let no_dollars =
            RenderOptions { math: math::MathDelimiters { dollars: false, brackets: true }, ..RenderOptions::default() };
        let plain = RenderOptions { extensions: crate::Extensions::NONE, ..RenderOptions::default() };
        for doc in corpus() {
            for size in [1, 3, 7] {
                assert_eq!(stream(doc, size, &plain), 0);
                // Nothing in the corpus crosses blocks: it never starts over.
                assert_eq!(stream(doc, size, &options), 0);
                assert_eq!(stream(doc, size, &breaks), 0);
                assert_eq!(stream(doc, size, &no_dollars), 0);
            }
        }
    }

    #[test]
    fn the_xss_corpus_streams_as_it_renders_whole() {
        let corpus: serde_json::Value =
            serde_json::from_str(include_str!("../../../end2end/xss/corpus.json")).expect("the corpus is JSON");
        let payloads = corpus["payloads"].as_array().expect("payloads");
        let doc = payloads.iter().map(|p| p["payload"].as_str().expect("a payload")).collect::<Vec<_>>().join("\n\n");
        stream(&doc, 5, &RenderOptions::default());
    }

    #[test]
    fn finished_blocks_are_rendered_once() {
        let mut renderer = StreamingRender::new(RenderOptions::default());
        // The next block's first line is still being written: it may yet
        // belong to the first, so nothing is finished.
        let first = renderer.step("Hello **world**.\n\nSec");
        assert_eq!(first.closed, "");
        let next = renderer.step("Hello **world**.\n\nSecond\n");
        assert!(!next.reset);
        assert_eq!(next.closed, "<p>Hello <strong>world</strong>.</p>\n");
        assert_eq!(next.open, "<p>Second</p>\n");
        let next = renderer.step("Hello **world**.\n\nSecond\nparagraph");
        assert_eq!(next.closed, "", "the first paragraph is not rendered again");
        assert_eq!(next.open, "<p>Second\nparagraph</p>\n");
        // A long reply: the work per step is the open block's, however much
        // came before it.
        let long: String = (0..500).map(|i| format!("Paragraph {i}.\n\n")).collect();
        renderer.step(&long);
        let step = renderer.step(&format!("{long}Last\n"));
        assert_eq!(step.closed, "<p>Paragraph 499.</p>\n");
        assert_eq!(step.open, "<p>Last</p>\n");
    }

    #[test]
    fn an_open_code_fence_stays_the_open_block() {
        let mut renderer = StreamingRender::new(RenderOptions::default());
        let step = renderer.step("Intro\n\n```rust\nfn main() {\n\nlet x = 1;\n");
        assert!(step.closed.starts_with("<p>Intro</p>"));
        assert!(step.open.starts_with("<div class=\"code-block\">"), "{}", step.open);
        assert_eq!(
            stream("Intro\n\n```rust\nfn main() {\n\n    let x = 1;\n}\n```\n\nAfter.", 1, &RenderOptions::default()),
            0
        );
    }

    #[test]
    fn a_step_says_when_it_lacked_an_extension() {
        let plain = RenderOptions { extensions: crate::Extensions::NONE, ..RenderOptions::default() };
        let mut renderer = StreamingRender::new(plain.clone());
        assert!(!renderer.step("Plain text and `code`.\n\n```\nno language\n```\n").lacking);
        let step = renderer.step("Plain text and `code`.\n\n```\nno language\n```\n\nThen $x^2$");
        assert!(step.lacking);
        assert!(step.open.contains("<code class=\"math\">x^2</code>"), "{}", step.open);
        let step = StreamingRender::new(plain).step("```rust\nfn main() {}\n```\n");
        assert!(step.lacking);
        assert!(step.open.contains("fn main() {}"), "plain, unhighlighted: {}", step.open);
        let step = StreamingRender::new(RenderOptions::default()).step("```rust\nfn main() {}\n```\n\n$x$");
        assert!(!step.lacking);
        assert!(step.open.contains("hl-"), "{}", step.open);
    }

    #[test]
    fn text_that_is_not_a_continuation_starts_over() {
        let mut renderer = StreamingRender::new(RenderOptions::default());
        renderer.step("One.\n\nTwo.\n\nThree");
        let step = renderer.step("Another reply");
        assert!(step.reset);
        assert_eq!(format!("{}{}", step.closed, step.open), "<p>Another reply</p>\n");
        // Nothing finished to throw away: the open block just empties.
        let step = renderer.step("");
        assert_eq!((step.closed.as_str(), step.open.as_str()), ("", ""));
    }

    #[test]
    fn a_reference_definition_anywhere_renders_the_whole_text() {
        // The definition comes last: the link in the first block changes.
        let text = "See [the docs].\n\nMore text.\n\n[the docs]: https://example.com\n";
        assert!(stream(text, 1, &RenderOptions::default()) > 0);
        let mut renderer = StreamingRender::new(RenderOptions::default());
        let step = renderer.step(text);
        assert!(step.open.contains("<a href=\"https://example.com\""), "{}", step.open);
    }
}
