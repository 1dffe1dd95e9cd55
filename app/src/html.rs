//! Text made safe to put into HTML markup, as text or a quoted attribute
//! value: the one escape for markup the app writes as text (the page's
//! title, the sidebar's folder forms, the server's offline page).

/// `text` with `& < > " '` as character references.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
