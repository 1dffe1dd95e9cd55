use serde::{Deserialize, Serialize};

/// The value of one of the page's additional inputs (configured under
/// `[[inputs]]`), as a custom handler or a system-prompt template sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum InputValue {
    Bool(bool),
    Number(f64),
    Text(String),
}

impl std::fmt::Display for InputValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputValue::Bool(b) => write!(f, "{}", if *b { "yes" } else { "no" }),
            InputValue::Number(n) => write!(f, "{n}"),
            InputValue::Text(t) => f.write_str(t),
        }
    }
}
