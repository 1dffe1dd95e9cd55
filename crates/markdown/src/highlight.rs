//! Code highlighting by `hl-lite` (hand-written lexers, no regex engine:
//! small enough for a WASM chunk).

use pulldown_cmark_escape::escape_html;

/// `code` highlighted as `language` (a fence's info string, e.g. `rust`):
/// each highlighted span escaped inside a `<span class="hl-KIND">`, plain
/// text escaped as it is. `None` for a language `hl-lite` does not know.
pub fn highlight(language: &str, code: &str) -> Option<String> {
    let language = hl_lite::Lang::from_slug(language)?;
    let mut html = String::with_capacity(code.len() * 2 + 32);
    for span in hl_lite::highlight(language, code) {
        if span.kind == hl_lite::Kind::Plain {
            let _ = escape_html(&mut html, span.text);
        } else {
            html.push_str("<span class=\"hl-");
            html.push_str(span.kind.class());
            html.push_str("\">");
            let _ = escape_html(&mut html, span.text);
            html.push_str("</span>");
        }
    }
    Some(html)
}
