//! Math: delimiters, and LaTeX to MathML (`latex2mathml`: 36 KiB smaller
//! in the gzipped WASM than `math-core`, which covers more of LaTeX; size
//! won, see docs/PERFORMANCE.md).

use std::borrow::Cow;

use pulldown_cmark_escape::escape_html;

/// Which delimiters mark math.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MathDelimiters {
    /// `$…$` inline and `$$…$$` display.
    pub dollars: bool,
    /// `\(…\)` inline and `\[…\]` display.
    pub brackets: bool,
}

impl Default for MathDelimiters {
    fn default() -> Self {
        Self { dollars: true, brackets: true }
    }
}

/// Rewrites `\(…\)` and `\[…\]` as `$…$` and `$$…$$` (which the parser
/// knows), outside code. With dollars off, literal `$` are escaped so the
/// parser leaves them alone.
pub fn normalize_delimiters<'a>(markdown: &'a str, delimiters: &MathDelimiters) -> Cow<'a, str> {
    let needs_brackets = delimiters.brackets && (markdown.contains("\\(") || markdown.contains("\\["));
    let needs_dollar_escape = !delimiters.dollars && delimiters.brackets && markdown.contains('$');
    if !needs_brackets && !needs_dollar_escape {
        return Cow::Borrowed(markdown);
    }
    let mut out = String::with_capacity(markdown.len() + 8);
    let mut fence: Option<String> = None;
    for line in markdown.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let marker: String = trimmed.chars().take_while(|c| *c == '`' || *c == '~').collect();
        if let Some(open) = &fence {
            out.push_str(line);
            if marker.len() >= open.len() && marker.starts_with(&open[..1]) && trimmed[marker.len()..].trim().is_empty()
            {
                fence = None;
            }
            continue;
        }
        if marker.len() >= 3 && (marker.chars().all(|c| c == '`') || marker.chars().all(|c| c == '~')) {
            fence = Some(marker);
            out.push_str(line);
            continue;
        }
        rewrite_line(line, needs_brackets, needs_dollar_escape, &mut out);
    }
    Cow::Owned(out)
}

/// Rewrites one line outside fences, leaving inline code spans alone.
fn rewrite_line(line: &str, brackets: bool, escape_dollars: bool, out: &mut String) {
    let mut chars = line.chars().peekable();
    let mut code_ticks = 0usize;
    while let Some(c) = chars.next() {
        if c == '`' {
            let mut run = 1;
            while chars.peek() == Some(&'`') {
                chars.next();
                run += 1;
            }
            code_ticks = match code_ticks {
                0 => run,
                open if open == run => 0,
                open => open,
            };
            out.push_str(&"`".repeat(run));
            continue;
        }
        if code_ticks > 0 {
            out.push(c);
            continue;
        }
        if c == '\\' && brackets {
            if let Some(next) = chars.peek().copied() {
                let replacement = match next {
                    '(' | ')' => Some("$"),
                    '[' | ']' => Some("$$"),
                    _ => None,
                };
                if let Some(r) = replacement {
                    chars.next();
                    out.push_str(r);
                    continue;
                }
            }
        }
        if c == '$' && escape_dollars {
            out.push_str("\\$");
            continue;
        }
        out.push(c);
    }
}

/// MathML for `tex`, or the escaped source in a `<code>` if it does not
/// parse (mid-stream, half an equation is normal).
pub fn to_mathml(tex: &str, display: bool) -> String {
    let style = if display { latex2mathml::DisplayStyle::Block } else { latex2mathml::DisplayStyle::Inline };
    latex2mathml::latex_to_mathml(tex, style).unwrap_or_else(|_| as_source(tex, display))
}

/// `tex` as escaped source in a `<code>`.
pub fn as_source(tex: &str, display: bool) -> String {
    let mut html = String::from(if display { "<code class=\"math math-display\">" } else { "<code class=\"math\">" });
    let _ = escape_html(&mut html, tex);
    html.push_str("</code>");
    html
}
