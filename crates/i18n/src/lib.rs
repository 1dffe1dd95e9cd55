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

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

#[cfg(feature = "server")]
mod files;
#[cfg(feature = "server")]
pub use files::{catalog, negotiate, parse, ServerLocale};

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

/// A part of a message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Piece {
    Text(String),
    /// A variable's value (`{ $name }`).
    Var { var: String },
    /// One of several texts, chosen by a variable (`{ $count -> … }`): the
    /// case whose key is the value itself (`[0]`), else its plural category
    /// (`[one]`), else the default (`*[other]`).
    Select { select: String, cases: Vec<Case>, default: usize },
}

/// A case of a [`Piece::Select`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Case {
    pub key: String,
    pub pieces: Vec<Piece>,
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

/// One language's messages, by id (an attribute as `id.attribute`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    pub language: Language,
    pub messages: HashMap<String, Vec<Piece>>,
}

/// Around a variable's value in a right-to-left language: the Unicode
/// isolates keep a left-to-right value (a name, a number) from reordering
/// the text around it, as Fluent does.
const ISOLATE: (char, char) = ('\u{2068}', '\u{2069}');

impl Catalog {
    /// Message `id` with no variables. A missing id shows as itself, so it
    /// is seen (and the tests fail) rather than hidden.
    pub fn text(&self, id: &str) -> String {
        match self.messages.get(id) {
            Some(pieces) => {
                let mut out = String::new();
                self.write(pieces, &[], &NoLocale, &mut out);
                out
            }
            None => id.to_string(),
        }
    }

    /// Message `id` with `args`.
    pub fn format(&self, id: &str, args: &[(&str, Arg)], locale: &dyn Locale) -> String {
        match self.messages.get(id) {
            Some(pieces) => {
                let mut out = String::new();
                self.write(pieces, args, locale, &mut out);
                out
            }
            None => id.to_string(),
        }
    }

    pub fn has(&self, id: &str) -> bool {
        self.messages.contains_key(id)
    }

    fn write(&self, pieces: &[Piece], args: &[(&str, Arg)], locale: &dyn Locale, out: &mut String) {
        let arg = |name: &str| args.iter().find(|(n, _)| *n == name).map(|(_, a)| *a);
        for piece in pieces {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Var { var } => {
                    let value = match arg(var) {
                        Some(Arg::Text(text)) => text.to_string(),
                        Some(Arg::Number(n)) => locale.number(n),
                        None => format!("{{${var}}}"),
                    };
                    if self.language.right_to_left() {
                        out.push(ISOLATE.0);
                        out.push_str(&value);
                        out.push(ISOLATE.1);
                    } else {
                        out.push_str(&value);
                    }
                }
                Piece::Select { select, cases, default } => {
                    let chosen = match arg(select) {
                        Some(Arg::Number(n)) => {
                            let exact = cases.iter().position(|c| c.key.parse::<f64>().ok() == Some(n));
                            exact.or_else(|| cases.iter().position(|c| c.key == locale.plural(n)))
                        }
                        Some(Arg::Text(text)) => cases.iter().position(|c| c.key == text),
                        None => None,
                    };
                    if let Some(case) = cases.get(chosen.unwrap_or(*default)) {
                        self.write(&case.pieces, args, locale, out);
                    }
                }
            }
        }
    }
}

/// For messages without variables: no plural or number is ever asked for.
struct NoLocale;

impl Locale for NoLocale {
    fn plural(&self, _: f64) -> &'static str {
        "other"
    }

    fn number(&self, n: f64) -> String {
        n.to_string()
    }
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
        Catalog { language, messages: HashMap::from([(id.to_string(), pieces)]) }
    }

    #[test]
    fn variables_and_plurals_are_filled_in() {
        let text = |t: &str| Piece::Text(t.into());
        let count = Piece::Var { var: "count".into() };
        let select = Piece::Select {
            select: "count".into(),
            cases: vec![
                Case { key: "0".into(), pieces: vec![text("no messages")] },
                Case { key: "one".into(), pieces: vec![text("one message")] },
                Case { key: "other".into(), pieces: vec![count.clone(), text(" messages")] },
            ],
            default: 2,
        };
        let c = catalog(Language::En, "earlier", vec![text("Show "), select]);
        let say = |n: u32| c.format("earlier", &[("count", n.into())], &English);
        assert_eq!(say(0), "Show no messages");
        assert_eq!(say(1), "Show one message");
        assert_eq!(say(7), "Show 7 messages");
        // Missing: the id, and a missing variable shows its name.
        assert_eq!(c.text("nope"), "nope");
        assert_eq!(c.format("earlier", &[], &English), "Show {$count} messages");
        let named = catalog(Language::En, "hi", vec![text("Hi "), Piece::Var { var: "name".into() }]);
        assert_eq!(named.format("hi", &[], &English), "Hi {$name}");
    }

    #[test]
    fn right_to_left_values_are_isolated() {
        let c = catalog(Language::Ar, "m", vec![Piece::Text("النموذج ".into()), Piece::Var { var: "name".into() }]);
        assert_eq!(c.format("m", &[("name", "GPT".into())], &English), "النموذج \u{2068}GPT\u{2069}");
    }

    #[test]
    fn a_catalog_travels_as_compact_json() {
        let c = catalog(Language::De, "send", vec![Piece::Text("Senden".into())]);
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(json, r#"{"language":"De","messages":{"send":["Senden"]}}"#);
        assert_eq!(serde_json::from_str::<Catalog>(&json).unwrap(), c);
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
