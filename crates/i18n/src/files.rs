//! The server's side: the translation files (built in), read once into
//! catalogs; the language a browser asks for; plural rules and numbers for
//! the server's own rendering.

use std::collections::HashMap;
use std::sync::OnceLock;

use fluent_syntax::ast;

use crate::{Case, Catalog, Language, Locale, Piece};

/// Each language's file. English is the reference: every other file has
/// exactly its messages (a test says so).
const FILES: [(Language, &str); 6] = [
    (Language::En, include_str!("../locales/en.ftl")),
    (Language::De, include_str!("../locales/de.ftl")),
    (Language::Fr, include_str!("../locales/fr.ftl")),
    (Language::Es, include_str!("../locales/es.ftl")),
    (Language::ZhCn, include_str!("../locales/zh-CN.ftl")),
    (Language::Ar, include_str!("../locales/ar.ftl")),
];

/// `language`'s catalog, read from its file the first time it is asked
/// for. A file that does not read is a build's mistake, caught by the
/// tests; it then shows the message ids.
pub fn catalog(language: Language) -> &'static Catalog {
    static CATALOGS: OnceLock<HashMap<Language, Catalog>> = OnceLock::new();
    let all = CATALOGS.get_or_init(|| {
        FILES
            .iter()
            .map(|(language, source)| {
                let catalog = parse(*language, source).unwrap_or_else(|e| {
                    eprintln!("the {} translations do not read: {e}", language.tag());
                    Catalog::new(*language, [])
                });
                (*language, catalog)
            })
            .collect()
    });
    &all[&language]
}

/// Reads a Fluent file into a catalog. Refused: anything Fluent's parser
/// does not read, and what the formatter does not do (references to other
/// messages, functions).
pub fn parse(language: Language, source: &str) -> Result<Catalog, String> {
    let messages = read(source)?.into_iter().map(|(id, pieces)| (id, crate::encode(&pieces)));
    Ok(Catalog::new(language, messages))
}

/// A Fluent file's messages and attributes, by id, as pieces.
fn read(source: &str) -> Result<HashMap<String, Vec<Piece>>, String> {
    let resource = fluent_syntax::parser::parse(source).map_err(|(_, errors)| {
        errors.iter().map(|e| format!("{:?} at {:?}", e.kind, e.pos)).collect::<Vec<_>>().join("; ")
    })?;
    let terms: HashMap<&str, &ast::Pattern<&str>> = resource
        .body
        .iter()
        .filter_map(|entry| match entry {
            ast::Entry::Term(term) => Some((term.id.name, &term.value)),
            _ => None,
        })
        .collect();
    let mut messages = HashMap::new();
    for entry in &resource.body {
        let ast::Entry::Message(message) = entry else { continue };
        let id = message.id.name;
        if let Some(value) = &message.value {
            messages.insert(id.to_string(), pieces(value, &terms).map_err(|e| format!("{id}: {e}"))?);
        }
        for attribute in &message.attributes {
            let key = format!("{id}.{}", attribute.id.name);
            messages.insert(key.clone(), pieces(&attribute.value, &terms).map_err(|e| format!("{key}: {e}"))?);
        }
    }
    Ok(messages)
}

fn pieces(pattern: &ast::Pattern<&str>, terms: &HashMap<&str, &ast::Pattern<&str>>) -> Result<Vec<Piece>, String> {
    let mut out: Vec<Piece> = Vec::new();
    let push_text = |out: &mut Vec<Piece>, text: &str| match out.last_mut() {
        Some(Piece::Text(last)) => last.push_str(text),
        _ => out.push(Piece::Text(text.to_string())),
    };
    for element in &pattern.elements {
        match element {
            ast::PatternElement::TextElement { value } => push_text(&mut out, value),
            ast::PatternElement::Placeable { expression } => match expression {
                ast::Expression::Inline(inline) => match inline {
                    ast::InlineExpression::StringLiteral { value } => push_text(&mut out, value),
                    ast::InlineExpression::NumberLiteral { value } => push_text(&mut out, value),
                    ast::InlineExpression::VariableReference { id } => out.push(Piece::Var(id.name.into())),
                    ast::InlineExpression::TermReference { id, .. } => {
                        let term = terms.get(id.name).ok_or_else(|| format!("no term -{}", id.name))?;
                        for piece in pieces(term, terms)? {
                            match piece {
                                Piece::Text(text) => push_text(&mut out, &text),
                                other => out.push(other),
                            }
                        }
                    }
                    other => return Err(format!("unsupported placeable {other:?}")),
                },
                ast::Expression::Select { selector, variants } => {
                    let ast::InlineExpression::VariableReference { id } = selector else {
                        return Err("a choice must be on a variable".into());
                    };
                    let mut cases = Vec::new();
                    let mut default = 0;
                    for (i, variant) in variants.iter().enumerate() {
                        let key = match &variant.key {
                            ast::VariantKey::Identifier { name } => name.to_string(),
                            ast::VariantKey::NumberLiteral { value } => value.to_string(),
                        };
                        if variant.default {
                            default = i;
                        }
                        cases.push(Case { key, pieces: pieces(&variant.value, terms)? });
                    }
                    out.push(Piece::Select { select: id.name.into(), cases, default });
                }
            },
        }
    }
    Ok(out)
}

/// The language to show a browser that sends `accept_language` (its
/// `Accept-Language` header): the first of its languages this app has
/// (`de-AT` gets German, `zh-Hans-CN` or `zh` Simplified Chinese), else
/// English.
pub fn negotiate(accept_language: &str) -> Language {
    use fluent_langneg::{negotiate_languages, LanguageIdentifier, NegotiationStrategy};

    let requested = fluent_langneg::accepted_languages::parse(accept_language);
    let available: Vec<LanguageIdentifier> = Language::ALL.iter().filter_map(|l| l.tag().parse().ok()).collect();
    let default: LanguageIdentifier = Language::En.tag().parse().expect("en is a language tag");
    let chosen = negotiate_languages(&requested, &available, Some(&default), NegotiationStrategy::Lookup);
    chosen.first().and_then(|tag| Language::from_tag(&tag.to_string())).unwrap_or_default()
}

/// `language`'s plural rules and numbers for what the server renders,
/// made once per language (not per message formatted).
pub fn server_locale(language: Language) -> &'static ServerLocale {
    static LOCALES: OnceLock<Vec<(Language, ServerLocale)>> = OnceLock::new();
    let locales = LOCALES.get_or_init(|| Language::ALL.into_iter().map(|l| (l, ServerLocale::new(l))).collect());
    locales.iter().find(|(l, _)| *l == language).map(|(_, locale)| locale).expect("every language has a locale")
}

/// Plural categories from CLDR's rules (`intl_pluralrules`), and numbers
/// in plain digits, for what the server renders.
pub struct ServerLocale {
    rules: Option<intl_pluralrules::PluralRules>,
}

impl ServerLocale {
    pub fn new(language: Language) -> Self {
        let rules =
            language.tag().parse::<unic_langid::LanguageIdentifier>().ok().and_then(|id| {
                intl_pluralrules::PluralRules::create(id, intl_pluralrules::PluralRuleType::CARDINAL).ok()
            });
        Self { rules }
    }
}

impl Locale for ServerLocale {
    fn plural(&self, n: f64) -> &'static str {
        use intl_pluralrules::PluralCategory as C;
        match self.rules.as_ref().and_then(|rules| rules.select(n).ok()) {
            Some(C::ZERO) => "zero",
            Some(C::ONE) => "one",
            Some(C::TWO) => "two",
            Some(C::FEW) => "few",
            Some(C::MANY) => "many",
            _ => "other",
        }
    }

    fn number(&self, n: f64) -> String {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The variables a message uses, and the plural keys it chooses among.
    fn variables(pieces: &[Piece], out: &mut BTreeSet<String>) {
        for piece in pieces {
            match piece {
                Piece::Text(_) => {}
                Piece::Var(var) => {
                    out.insert(var.clone());
                }
                Piece::Select { select, cases, .. } => {
                    out.insert(select.clone());
                    for case in cases {
                        variables(&case.pieces, out);
                    }
                }
            }
        }
    }

    #[test]
    fn every_language_reads_and_has_exactly_the_english_messages() {
        let english = read(FILES[0].1).unwrap();
        assert!(english.len() > 50, "{}", english.len());
        for (language, source) in FILES {
            parse(language, source).unwrap_or_else(|e| panic!("{}: {e}", language.tag()));
            let catalog = read(source).unwrap();
            let missing: Vec<_> = english.keys().filter(|id| !catalog.contains_key(*id)).collect();
            let extra: Vec<_> = catalog.keys().filter(|id| !english.contains_key(*id)).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", language.tag());
            assert!(extra.is_empty(), "{} has messages English has not: {extra:?}", language.tag());
            for (id, pieces) in &english {
                let (mut want, mut got) = (BTreeSet::new(), BTreeSet::new());
                variables(pieces, &mut want);
                variables(&catalog[id], &mut got);
                assert_eq!(want, got, "{} {id}: the variables differ", language.tag());
            }
        }
    }

    #[test]
    fn a_file_with_a_mistake_is_refused() {
        assert!(parse(Language::En, "send = Send\nbroken = { $x\n").is_err());
        assert!(parse(Language::En, "a = { other-message }\n").is_err());
        let ok =
            parse(Language::En, "-brand = Colloquy\nabout = About { -brand }\n    .title = { $n } more\n").unwrap();
        assert_eq!(ok.text("about"), Some("About Colloquy"));
        assert_eq!(ok.format("about.title", &[("n", 3u32.into())], &ServerLocale::new(Language::En)), "3 more");
    }

    #[test]
    fn the_browser_s_languages_choose_one_we_have() {
        assert_eq!(negotiate("de-AT,de;q=0.9,en;q=0.8"), Language::De);
        assert_eq!(negotiate("fr-CA"), Language::Fr);
        assert_eq!(negotiate("zh-CN,zh;q=0.9"), Language::ZhCn);
        assert_eq!(negotiate("ar-EG"), Language::Ar);
        assert_eq!(negotiate("ja, ko;q=0.5"), Language::En);
        assert_eq!(negotiate("es;q=0.2, pt;q=0.9"), Language::Es);
        assert_eq!(negotiate(""), Language::En);
        assert_eq!(negotiate("😀;;;q=x,"), Language::En);
    }

    #[test]
    fn plural_rules_are_the_language_s() {
        let arabic = ServerLocale::new(Language::Ar);
        assert_eq!(arabic.plural(0.0), "zero");
        assert_eq!(arabic.plural(2.0), "two");
        assert_eq!(arabic.plural(5.0), "few");
        assert_eq!(ServerLocale::new(Language::De).plural(1.0), "one");
        assert_eq!(ServerLocale::new(Language::ZhCn).plural(1.0), "other");
    }
}
