//! Every text of a translated component comes from the translation files
//! (issue 26): a message id the components ask for is in `en.ftl` (and the
//! i18n crate's tests hold every language to English's ids), and no text a
//! person reads is written into a component as a literal.
//!
//! What counts as a literal a person reads: a string standing as an
//! element's text (`>"Send"`), the value of an attribute people read or
//! hear (`title`, `aria-label`, `placeholder`, `alt`, `label`), and words
//! between tags inside a string of HTML (`"<summary>Folders</summary>"`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The parts of the interface whose texts are translated: all its pages.
/// Not listed: the playground's drafting (`draft.rs`: the bot's own texts,
/// which the developer writes). What the server says (errors, refusals) is
/// held to the translation files by the last test here.
const TRANSLATED: &[&str] = &[
    "src/chat",
    "src/i18n.rs",
    "src/language_picker.rs",
    "src/reply_stream.rs",
    "src/shared.rs",
    "src/home.rs",
    "src/lib.rs",
    "src/account.rs",
    "src/api_keys.rs",
    "src/playground/mod.rs",
];

/// Attributes whose values are read or heard.
const READ_ATTRIBUTES: &[&str] = &["title", "aria-label", "placeholder", "alt", "label"];

fn app_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sources() -> Vec<PathBuf> {
    let out: Vec<PathBuf> = TRANSLATED.iter().flat_map(|part| rust_files(part)).collect();
    assert!(out.len() > 20, "the translated sources were not found: {out:?}");
    out
}

/// Every Rust source under `part` (a folder or a file, relative to this
/// crate).
fn rust_files(part: &str) -> Vec<PathBuf> {
    fn walk(path: &Path, out: &mut Vec<PathBuf>) {
        if path.is_dir() {
            for entry in std::fs::read_dir(path).unwrap() {
                walk(&entry.unwrap().path(), out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path.to_path_buf());
        }
    }
    let mut out = Vec::new();
    walk(&app_dir().join(part), &mut out);
    out
}

/// The message ids of a Fluent file (`id = …` and its `.attribute = …`),
/// each with whether it takes variables (a `{ $` on its first line: every
/// message with variables here has one there).
fn message_ids(ftl: &str) -> BTreeMap<String, bool> {
    let mut ids = BTreeMap::new();
    let mut current = String::new();
    for line in ftl.lines() {
        let is_id = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if let Some((id, value)) = line.split_once(" =") {
            if is_id(id) {
                current = id.to_string();
                ids.insert(current.clone(), value.contains("{ $"));
            } else if let Some(attribute) = id.trim_start().strip_prefix('.').filter(|a| is_id(a)) {
                ids.insert(format!("{current}.{attribute}"), value.contains("{ $"));
            }
        }
    }
    ids
}

/// The source with comments blanked out (so a doc comment's example is
/// not read as code), and each string literal with where it starts.
fn string_literals(source: &str) -> Vec<(usize, String)> {
    let bytes = source.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            // A char literal such as '"' is not a string.
            b'\'' if bytes.get(i + 2) == Some(&b'\'') => i += 3,
            b'\'' if bytes.get(i + 1) == Some(&b'\\') && bytes.get(i + 3) == Some(&b'\'') => i += 4,
            b'"' => {
                let start = i;
                i += 1;
                let mut text = String::new();
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                text.push_str(&source[start + 1..i.min(source.len())]);
                out.push((start, text));
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

fn has_words(text: &str) -> bool {
    let mut run = 0;
    for c in text.chars() {
        run = if c.is_alphabetic() { run + 1 } else { 0 };
        if run >= 2 {
            return true;
        }
    }
    false
}

/// Where a literal stands: the code just before it, without spaces.
fn before(source: &str, at: usize) -> &str {
    source[..at].trim_end()
}

/// Whether `lead` ends with a call of the function `call` (`t(`, not
/// `select(`).
fn calls(lead: &str, call: &str) -> bool {
    lead.strip_suffix(call).is_some_and(|rest| !rest.ends_with(|c: char| c.is_alphanumeric() || c == '_'))
}

/// The literals in `source` a person would read untranslated.
fn untranslated(source: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, text) in string_literals(source) {
        let lead = before(source, at);
        let as_text = lead.ends_with('>') && !lead.ends_with("=>") && !lead.ends_with("->");
        let as_read_attribute = READ_ATTRIBUTES.iter().any(|a| lead.ends_with(&format!("{a}=")));
        if (as_text || as_read_attribute) && has_words(&text) {
            found.push(text.clone());
        }
        // Words between tags in a string of HTML.
        for piece in text.split('<').skip(1) {
            if let Some((_, after_tag)) = piece.split_once('>') {
                if has_words(after_tag) && !after_tag.contains('{') {
                    found.push(text.clone());
                    break;
                }
            }
        }
    }
    found
}

#[test]
fn every_message_a_component_asks_for_is_in_the_english_file() {
    let english = std::fs::read_to_string(app_dir().join("../crates/i18n/locales/en.ftl")).unwrap();
    let ids = message_ids(&english);
    assert_eq!(
        (ids.get("send"), ids.get("copy.message"), ids.get("reply-queued")),
        (Some(&false), Some(&false), Some(&true))
    );
    let (mut missing, mut wrong) = (Vec::new(), Vec::new());
    let mut asked = 0;
    for path in sources() {
        let source = std::fs::read_to_string(&path).unwrap();
        for (at, id) in string_literals(&source) {
            let lead = before(&source, at);
            let with_variables = calls(lead, "tf(");
            if with_variables || calls(lead, "t(") || calls(lead, "text(") {
                asked += 1;
                match ids.get(&id) {
                    None => missing.push(format!("{}: {id}", path.display())),
                    // `t` hands out a message as it is: one with variables
                    // needs `tf`, which fills them in.
                    Some(takes) if *takes != with_variables => wrong.push(format!("{}: {id}", path.display())),
                    Some(_) => {}
                }
            }
        }
    }
    assert!(asked > 100, "only {asked} messages asked for: is the scan reading the sources?");
    assert!(missing.is_empty(), "not in en.ftl: {missing:#?}");
    assert!(wrong.is_empty(), "asked with t for a message with variables, or tf for one without: {wrong:#?}");
}

#[test]
fn no_component_writes_a_text_people_read_as_a_literal() {
    let mut found = Vec::new();
    for path in sources() {
        let source = std::fs::read_to_string(&path).unwrap();
        // A module's unit tests say what English reads; they are not shown.
        let code = source.split("#[cfg(test)]\nmod ").next().unwrap_or_default();
        let code = code.split("#[cfg(all(test").next().unwrap_or_default();
        for text in untranslated(code) {
            found.push(format!("{}: {text:?}", path.display()));
        }
    }
    assert!(found.is_empty(), "texts not from the translation files: {found:#?}");
}

#[test]
fn the_scan_finds_each_kind_of_literal() {
    let source = r#"
        view! { <button>"Send"</button> <p>{t("ok")}</p> <b title="Copy it">"×"</b> }
        let html = "<summary>Folders</summary><b>{}</b>";
        let fine = match x { A => "class-name", B => "note error" };
        // <b>"In a comment"</b>
    "#;
    assert_eq!(untranslated(source), ["Send", "Copy it", "<summary>Folders</summary><b>{}</b>"]);
}

/// Each message of a Fluent file with its whole text (the lines up to the
/// next message), for the variables it uses.
fn message_texts(ftl: &str) -> BTreeMap<String, String> {
    let mut texts = BTreeMap::new();
    let mut current = String::new();
    for line in ftl.lines() {
        let is_id = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        match line.split_once(" =") {
            Some((id, _)) if is_id(id) => {
                current = id.to_string();
                texts.insert(current.clone(), line.to_string());
            }
            _ if !current.is_empty() && line.starts_with(' ') => {
                texts.get_mut(&current).unwrap().push_str(line);
            }
            _ => current.clear(),
        }
    }
    texts
}

/// What the server says to a person (its errors and refusals, in the
/// application's crates, the server functions and the server's own
/// handlers) is a message of the translation files: each id it names is in
/// `en.ftl`, each value it gives is a variable of that message, and a
/// rate limit's words are a message id, never English.
#[test]
fn every_message_the_server_says_is_in_the_english_file_with_its_values() {
    let english = std::fs::read_to_string(app_dir().join("../crates/i18n/locales/en.ftl")).unwrap();
    let texts = message_texts(&english);
    let mut problems = Vec::new();
    let mut said = 0;
    let files: Vec<PathBuf> = ["src", "../server/src", "../crates/chat/src", "../crates/wire/src"]
        .iter()
        .flat_map(|d| rust_files(d))
        .collect();
    for path in files {
        let source = std::fs::read_to_string(&path).unwrap();
        let code = source.split("#[cfg(test)]\nmod ").next().unwrap_or_default();
        let literals = string_literals(code);
        for (i, (at, text)) in literals.iter().enumerate() {
            let lead = before(code, *at);
            let names_a_message = calls(lead, "Said::new(")
                || calls(lead, "Said::detail(")
                || lead.ends_with("limited_message(limited,")
                || lead.ends_with("rate_limited(limited,")
                || text.starts_with("error-");
            if !names_a_message {
                continue;
            }
            said += 1;
            let Some(message) = texts.get(text) else {
                problems.push(format!("{}: {text:?} is not a message of en.ftl", path.display()));
                continue;
            };
            // The values given in the same expression: `.text("name", …)`
            // and `.number("name", …)` up to the statement's or the match
            // arm's end.
            let rest = &code[*at..];
            let end = at
                + [rest.find(';'), rest.find("=>"), rest.find('}')].into_iter().flatten().min().unwrap_or(rest.len());
            let mut values: Vec<&str> = literals[i + 1..]
                .iter()
                .take_while(|(next, _)| *next < end)
                .filter(|(next, _)| {
                    let lead = before(code, *next);
                    lead.ends_with(".text(") || lead.ends_with(".number(")
                })
                .map(|(_, name)| name.as_str())
                .collect();
            if calls(lead, "Said::detail(") {
                values.push("detail");
            }
            if lead.ends_with("limited_message(limited,") || lead.ends_with("rate_limited(limited,") {
                values.push("secs");
            }
            for value in values {
                if !message.contains(&format!("${value} ")) {
                    problems.push(format!("{}: {text} has no variable ${value}", path.display()));
                }
            }
        }
    }
    assert!(said > 80, "only {said} messages found: is the scan reading the sources?");
    assert!(problems.is_empty(), "{problems:#?}");
}
