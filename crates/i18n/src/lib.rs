//! Colloquy's interface in every language.
//!
//! The texts live in Fluent files (`locales/*.ftl`, one per language). The
//! server reads them (feature `server`: `fluent-syntax` parses them,
//! `fluent-langneg` picks a language from `Accept-Language`) and gives a
//! page its language's [`Catalog`] only: each message as text, variables
//! and plural choices ([`Piece`]), ready to format. Formatting is this
//! crate's small [`Catalog::format`], the same on the server and in the
//! browser; plural categories and numbers come from a [`Locale`] (in the
//! browser, its own `Intl`). The whole of `fluent-bundle` in the WASM
//! client would cost the chat page tens of kilobytes for features the
//! interface does not use.

use serde::{Deserialize, Serialize};

#[cfg(feature = "server")]
mod files;
mod said;
#[cfg(feature = "server")]
pub use files::{catalog, negotiate, parse, server_locale, ServerLocale};
pub use said::{Said, SaidValue};

/// The languages the interface ships in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Language {
    #[default]
    En,
    De,
    Fr,
    Es,
    ZhCn,
    Ar,
}

impl Language {
    pub const ALL: [Language; 6] =
        [Language::En, Language::De, Language::Fr, Language::Es, Language::ZhCn, Language::Ar];

    /// Its BCP 47 tag, as `<html lang>` and the browser's `Intl` take it.
    pub fn tag(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::De => "de",
            Language::Fr => "fr",
            Language::Es => "es",
            Language::ZhCn => "zh-CN",
            Language::Ar => "ar",
        }
    }

    /// The language of a tag this crate gave out (any case); `None` for
    /// anything else.
    pub fn from_tag(tag: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.tag().eq_ignore_ascii_case(tag))
    }

    /// Its name in itself, as a language picker shows it.
    pub fn name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::De => "Deutsch",
            Language::Fr => "Français",
            Language::Es => "Español",
            Language::ZhCn => "简体中文",
            Language::Ar => "العربية",
        }
    }

    /// `rtl` for a language written right to left, else `ltr`.
    pub fn dir(self) -> &'static str {
        if self.right_to_left() {
            "rtl"
        } else {
            "ltr"
        }
    }

    pub fn right_to_left(self) -> bool {
        matches!(self, Language::Ar)
    }
}

/// A part of a message, as the translation file says it.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Text(String),
    /// A variable's value (`{ $name }`).
    Var(String),
    /// One of several texts, chosen by a variable (`{ $count -> … }`): the
    /// case whose key is the value itself (`[0]`), else its plural category
    /// (`[one]`), else the default (`*[other]`).
    Select {
        select: String,
        cases: Vec<Case>,
        default: usize,
    },
}

/// A case of a [`Piece::Select`].
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub key: String,
    pub pieces: Vec<Piece>,
}

/// How a message travels and is kept: one string, its text as it is and
/// each variable or choice between marks that no text contains (control
/// characters). A message without variables is just its text, so [`Catalog::text`]
/// hands it out as it is; the page's JSON is a plain map of strings.
mod marks {
    /// Around a variable's name: `\u{1}name\u{1}`.
    pub const VAR: char = '\u{1}';
    /// Opens a choice: `\u{2}var`, then each case `\u{3}key\u{4}text`
    /// (the default's key starts with `*`), then `\u{5}`.
    pub const SELECT: char = '\u{2}';
    pub const CASE: char = '\u{3}';
    pub const KEY_END: char = '\u{4}';
    pub const SELECT_END: char = '\u{5}';
}

/// `pieces` as a message string (see [`marks`]).
pub fn encode(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.extend(text.chars().filter(|c| !('\u{1}'..='\u{5}').contains(c))),
            Piece::Var(name) => {
                out.push(marks::VAR);
                out.push_str(name);
                out.push(marks::VAR);
            }
            Piece::Select { select, cases, default } => {
                out.push(marks::SELECT);
                out.push_str(select);
                for (i, case) in cases.iter().enumerate() {
                    out.push(marks::CASE);
                    if i == *default {
                        out.push('*');
                    }
                    out.push_str(&case.key);
                    out.push(marks::KEY_END);
                    out.push_str(&encode(&case.pieces));
                }
                out.push(marks::SELECT_END);
            }
        }
    }
    out
}

/// A value given to a message.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Arg<'a> {
    Text(&'a str),
    Number(f64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(text: &'a str) -> Self {
        Arg::Text(text)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(text: &'a String) -> Self {
        Arg::Text(text)
    }
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Arg::Number(n as f64)
            }
        }
    )*};
}
number_args!(u32, u64, usize, i32, i64, f64);

/// What formatting needs of a language that a catalog does not carry.
pub trait Locale {
    /// The plural category of `n`: `zero`, `one`, `two`, `few`, `many` or
    /// `other`.
    fn plural(&self, n: f64) -> &'static str;
    /// `n` written as the language writes numbers.
    fn number(&self, n: f64) -> String;
}

/// One language's messages: (id, message) pairs sorted by id (an
/// attribute's id is `id.attribute`), each message as [`encode`] writes
/// it. A sorted list rather than a hash map: the browser's copy then needs
/// no hashing code.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    pub language: Language,
    messages: Vec<(String, String)>,
}

/// Around a variable's value in a right-to-left language: the Unicode
/// isolates keep a left-to-right value (a name, a number) from reordering
/// the text around it, as Fluent does.
const ISOLATE: (char, char) = ('\u{2068}', '\u{2069}');

impl Catalog {
    pub fn new(language: Language, messages: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut messages: Vec<(String, String)> = messages.into_iter().collect();
        messages.sort_by(|a, b| a.0.cmp(&b.0));
        messages.dedup_by(|a, b| a.0 == b.0);
        Self { language, messages }
    }

    fn get(&self, id: &str) -> Option<&str> {
        let at = self.messages.binary_search_by(|(key, _)| key.as_str().cmp(id)).ok()?;
        Some(&self.messages[at].1)
    }

    /// Message `id`, which has no variables, as it is; `None` if there is
    /// no such message.
    pub fn text(&self, id: &str) -> Option<&str> {
        self.get(id)
    }

    /// Message `id` with `args`. A missing id shows as itself, so it is
    /// seen (and the tests fail) rather than hidden.
    pub fn format(&self, id: &str, args: &[(&str, Arg)], locale: &dyn Locale) -> String {
        let Some(message) = self.get(id) else { return id.to_string() };
        let mut out = String::new();
        self.render(message, args, locale, &mut out);
        out
    }

    pub fn has(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    fn render(&self, mut rest: &str, args: &[(&str, Arg)], locale: &dyn Locale, out: &mut String) {
        let arg = |name: &str| args.iter().find(|(n, _)| *n == name).map(|(_, a)| *a);
        while let Some(at) = rest.find([marks::VAR, marks::SELECT]) {
            out.push_str(&rest[..at]);
            let mark = rest[at..].chars().next();
            rest = &rest[at + 1..];
            if mark == Some(marks::VAR) {
                let (name, after) = rest.split_once(marks::VAR).unwrap_or((rest, ""));
                rest = after;
                let value = match arg(name) {
                    Some(Arg::Text(text)) => text.to_string(),
                    Some(Arg::Number(n)) => locale.number(n),
                    None => format!("{{${name}}}"),
                };
                if self.language.right_to_left() {
                    out.push(ISOLATE.0);
                    out.push_str(&value);
                    out.push(ISOLATE.1);
                } else {
                    out.push_str(&value);
                }
                continue;
            }
            // A choice: its body runs to the end mark at its own depth.
            let mut depth = 0;
            let end = rest
                .char_indices()
                .find(|(_, c)| {
                    match *c {
                        marks::SELECT => depth += 1,
                        marks::SELECT_END if depth == 0 => return true,
                        marks::SELECT_END => depth -= 1,
                        _ => {}
                    }
                    false
                })
                .map_or(rest.len(), |(i, _)| i);
            let body = &rest[..end];
            rest = rest.get(end + 1..).unwrap_or("");
            let (select, cases) = body.split_once(marks::CASE).unwrap_or((body, ""));
            let cases = split_cases(cases);
            let chosen = match arg(select) {
                Some(Arg::Number(n)) => {
                    let exact =
                        cases.iter().find(|c| key_of(c).0.trim_start_matches('*').parse::<f64>().ok() == Some(n));
                    let category = locale.plural(n);
                    exact.or_else(|| cases.iter().find(|c| key_of(c).0.trim_start_matches('*') == category))
                }
                Some(Arg::Text(text)) => cases.iter().find(|c| key_of(c).0.trim_start_matches('*') == text),
                None => None,
            };
            let chosen = chosen.or_else(|| cases.iter().find(|c| key_of(c).0.starts_with('*')));
            if let Some(case) = chosen {
                self.render(key_of(case).1, args, locale, out);
            }
        }
        out.push_str(rest);
    }
}

/// A case's key and text.
fn key_of(case: &str) -> (&str, &str) {
    case.split_once(marks::KEY_END).unwrap_or((case, ""))
}

/// A choice's cases (`key\u{4}text` each), split at their marks outside any
/// choice within them.
fn split_cases(cases: &str) -> Vec<&str> {
    let (mut out, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in cases.char_indices() {
        match c {
            marks::SELECT => depth += 1,
            marks::SELECT_END => depth -= 1,
            marks::CASE if depth == 0 => {
                out.push(&cases[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&cases[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct English;
    impl Locale for English {
        fn plural(&self, n: f64) -> &'static str {
            if n == 1.0 {
                "one"
            } else {
                "other"
            }
        }
        fn number(&self, n: f64) -> String {
            n.to_string()
        }
    }

    fn catalog(language: Language, id: &str, pieces: Vec<Piece>) -> Catalog {
        Catalog::new(language, [(id.to_string(), encode(&pieces))])
    }

    #[test]
    fn variables_and_plurals_are_filled_in() {
        let text = |t: &str| Piece::Text(t.into());
        let count = Piece::Var("count".into());
        let select = Piece::Select {
            select: "count".into(),
            cases: vec![
                Case { key: "0".into(), pieces: vec![text("no messages")] },
                Case { key: "one".into(), pieces: vec![text("one message")] },
                Case { key: "other".into(), pieces: vec![count.clone(), text(" messages")] },
            ],
            default: 2,
        };
        let c = catalog(Language::En, "earlier", vec![text("Show "), select, text(".")]);
        let say = |n: u32| c.format("earlier", &[("count", n.into())], &English);
        assert_eq!(say(0), "Show no messages.");
        assert_eq!(say(1), "Show one message.");
        assert_eq!(say(7), "Show 7 messages.");
        // Missing: the id; a missing variable shows its name (and a choice
        // on it, its default).
        assert_eq!(c.format("nope", &[], &English), "nope");
        assert_eq!(c.format("earlier", &[], &English), "Show {$count} messages.");
        let named = catalog(Language::En, "hi", vec![text("Hi "), Piece::Var("name".into()), text("!")]);
        assert_eq!(named.format("hi", &[], &English), "Hi {$name}!");
        assert_eq!(named.format("hi", &[("name", "Ann".into())], &English), "Hi Ann!");
        // A plain message is handed out as it is.
        assert_eq!(catalog(Language::En, "send", vec![text("Send")]).text("send"), Some("Send"));
    }

    #[test]
    fn a_choice_within_a_choice() {
        let text = |t: &str| Piece::Text(t.into());
        let inner = Piece::Select {
            select: "b".into(),
            cases: vec![
                Case { key: "one".into(), pieces: vec![text("b1")] },
                Case { key: "other".into(), pieces: vec![text("bN")] },
            ],
            default: 1,
        };
        let outer = Piece::Select {
            select: "a".into(),
            cases: vec![
                Case { key: "one".into(), pieces: vec![text("a1 "), inner] },
                Case { key: "other".into(), pieces: vec![text("aN")] },
            ],
            default: 1,
        };
        let c = catalog(Language::En, "m", vec![outer, text(" end")]);
        let say = |a: u32, b: u32| c.format("m", &[("a", a.into()), ("b", b.into())], &English);
        assert_eq!(say(1, 1), "a1 b1 end");
        assert_eq!(say(1, 5), "a1 bN end");
        assert_eq!(say(3, 1), "aN end");
    }

    #[test]
    fn right_to_left_values_are_isolated() {
        let c = catalog(Language::Ar, "m", vec![Piece::Text("النموذج ".into()), Piece::Var("name".into())]);
        assert_eq!(c.format("m", &[("name", "GPT".into())], &English), "النموذج \u{2068}GPT\u{2069}");
    }

    #[test]
    fn a_catalog_travels_as_a_map_of_strings() {
        let c = catalog(Language::De, "send", vec![Piece::Text("Senden".into())]);
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(json, r#"{"language":"De","messages":[["send","Senden"]]}"#);
        assert_eq!(serde_json::from_str::<Catalog>(&json).unwrap(), c);
        // A text cannot fake a mark.
        assert_eq!(encode(&[Piece::Text("a\u{1}b\u{2}".into())]), "ab");
    }

    #[test]
    fn tags_round_trip() {
        for language in Language::ALL {
            assert_eq!(Language::from_tag(language.tag()), Some(language));
        }
        assert_eq!(Language::from_tag("ZH-cn"), Some(Language::ZhCn));
        assert_eq!(Language::from_tag("xx"), None);
        assert_eq!(Language::Ar.dir(), "rtl");
        assert_eq!(Language::De.dir(), "ltr");
    }
}
