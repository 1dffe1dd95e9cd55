//! Any text a model or a person writes renders to HTML with nothing that
//! runs: no script-bearing element, no event handler, no `javascript:`,
//! `vbscript:` or `data:text` URL.
#![no_main]

use colloquy_markdown::{Extensions, MathDelimiters, RenderOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let Some((&flags, text)) = input.split_first() else { return };
    let Ok(text) = std::str::from_utf8(text) else { return };
    let options = RenderOptions {
        extensions: if flags & 32 != 0 { Extensions::NONE } else { Extensions::all() },
        math: MathDelimiters { dollars: flags & 1 != 0, brackets: flags & 2 != 0 },
        line_breaks: flags & 4 != 0,
        data_images: flags & 8 != 0,
        image_hosts: if flags & 16 != 0 { vec!["images.example.com".into()] } else { Vec::new() },
        copy_code: Default::default(),
    };
    let html = colloquy_markdown::render(text, &options);
    for tag in tags(&html) {
        assert!(
            !["script", "iframe", "object", "embed", "style", "link", "meta", "base", "form", "svg"]
                .contains(&tag.name.as_str()),
            "<{}> in {html}",
            tag.name
        );
        for (name, value) in &tag.attributes {
            assert!(!name.starts_with("on"), "handler {name} in {html}");
            let value: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
            let value = value.to_ascii_lowercase();
            for scheme in ["javascript:", "vbscript:", "data:text"] {
                assert!(!value.starts_with(scheme), "{name}={value} in {html}");
            }
        }
    }
});

struct Tag {
    name: String,
    attributes: Vec<(String, String)>,
}

/// The start tags of serialized HTML. Sanitized output is regular: text
/// has `<` escaped, and every attribute value is double-quoted with `"`
/// escaped, so a small scanner reads it exactly.
fn tags(html: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        if rest.starts_with('/') || rest.starts_with('!') {
            continue;
        }
        let name_end = rest.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(rest.len());
        let mut tag = Tag { name: rest[..name_end].to_ascii_lowercase(), attributes: Vec::new() };
        rest = &rest[name_end..];
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if rest.is_empty() || rest.starts_with('>') {
                break;
            }
            let name_end = rest.find(|c: char| c.is_whitespace() || c == '=' || c == '>').unwrap_or(rest.len());
            let name = rest[..name_end].to_ascii_lowercase();
            rest = &rest[name_end..];
            let mut value = String::new();
            if let Some(after) = rest.strip_prefix("=\"") {
                let end = after.find('"').unwrap_or(after.len());
                value = after[..end].replace("&amp;", "&");
                rest = &after[(end + 1).min(after.len())..];
            }
            tag.attributes.push((name, value));
        }
        out.push(tag);
    }
    out
}
