//! What the server says to a person (a refusal, an error), as a message of
//! the translation files rather than as words: its id and its values. The
//! page says it in its own language; a program that calls the server (the
//! OpenAI-compatible API, the logs) reads it in English. So a layer that
//! knows nothing of the page's language (the application's crates, the
//! server functions) still speaks every language.

use serde::{Deserialize, Serialize};

use crate::{Arg, Catalog, Locale};

/// A message id and the values it is given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Said {
    pub id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(String, SaidValue)>,
}

/// A value given to a [`Said`] message: a text (a name, or a choice's key
/// such as the kind of thing not found) or a whole number (which chooses
/// plural forms and is written as the language writes numbers). On the
/// wire, a JSON string or number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum SaidValue {
    Number(i64),
    Text(String),
}

/// Read by hand rather than by serde's untagged derive, which buffers each
/// value and costs the page's WASM several kilobytes for two cases.
impl<'de> Deserialize<'de> for SaidValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Value;
        impl serde::de::Visitor<'_> for Value {
            type Value = SaidValue;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a text or a whole number")
            }

            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<SaidValue, E> {
                Ok(SaidValue::Number(n))
            }

            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<SaidValue, E> {
                Ok(SaidValue::Number(i64::try_from(n).unwrap_or(i64::MAX)))
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<SaidValue, E> {
                Ok(SaidValue::Text(text.to_string()))
            }
        }
        deserializer.deserialize_any(Value)
    }
}

impl Said {
    /// Message `id`, without values yet.
    pub fn new(id: impl Into<String>) -> Self {
        Self { id: id.into(), args: Vec::new() }
    }

    /// Gives variable `name` the text `value`.
    pub fn text(mut self, name: &str, value: impl Into<String>) -> Self {
        self.args.push((name.to_string(), SaidValue::Text(value.into())));
        self
    }

    /// Gives variable `name` the number `value`.
    pub fn number(mut self, name: &str, value: impl TryInto<i64>) -> Self {
        self.args.push((name.to_string(), SaidValue::Number(value.try_into().unwrap_or(i64::MAX))));
        self
    }

    /// Words that are not the app's own, shown as they are inside a message
    /// that is (a bot file's parse error, a provider's reason).
    pub fn detail(id: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(id).text("detail", detail)
    }

    /// In `catalog`'s language.
    pub fn in_language(&self, catalog: &Catalog, locale: &dyn Locale) -> String {
        let args: Vec<(&str, Arg)> = self
            .args
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    SaidValue::Number(n) => Arg::Number(*n as f64),
                    SaidValue::Text(text) => Arg::Text(text),
                };
                (name.as_str(), value)
            })
            .collect();
        catalog.format(&self.id, &args, locale)
    }

    /// In English, for a program or the logs.
    #[cfg(feature = "server")]
    pub fn english(&self) -> String {
        let language = crate::Language::En;
        self.in_language(crate::catalog(language), crate::server_locale(language))
    }
}

#[cfg(all(test, feature = "server"))]
mod tests {
    use super::*;

    #[test]
    fn said_reads_back_from_json_and_is_worded_per_language() {
        let said = Said::new("error-busy").text("model", "Demo").number("waiting", 3);
        let json = serde_json::to_string(&said).unwrap();
        assert_eq!(serde_json::from_str::<Said>(&json).unwrap(), said);
        // A text that looks like a number stays a text.
        let named = Said::new("x").text("name", "42");
        assert_eq!(serde_json::from_str::<Said>(&serde_json::to_string(&named).unwrap()).unwrap(), named);
        assert_eq!(
            Said::new("error-not-found").text("what", "folder").english(),
            "This folder was not found; it may have been deleted."
        );
        let german = crate::catalog(crate::Language::De);
        let worded = said.in_language(german, crate::server_locale(crate::Language::De));
        assert!(worded.contains("Demo") && worded.contains('3') && !worded.contains("busy"), "{worded}");
    }
}
