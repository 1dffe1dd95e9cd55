//! Additional inputs: controls in the page's settings panel whose values
//! are sent with each turn (Gradio's `additional_inputs`).
//!
//! Four of them steer the model directly (system prompt, temperature, top-p,
//! max tokens); the others (text, number, slider, checkbox, dropdown) reach
//! custom handlers, and any of them can be written into the system prompt as
//! `{name}`, so a config-only bot can use them too.

use std::collections::BTreeMap;

use colloquy_core::{InputValue, SamplingParams};
use serde::{Deserialize, Serialize};

use crate::ConfigError;

/// The inputs the app knows, whose labels it can give itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuiltInInput {
    SystemPrompt,
    Temperature,
    TopP,
    MaxTokens,
}

/// One `[[inputs]]` entry.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum InputSpec {
    /// A textarea starting with `chat.system_prompt`.
    SystemPrompt(PromptInput),
    /// A slider for `sampling.temperature`.
    Temperature(RangeInput),
    /// A slider for `sampling.top_p`.
    TopP(RangeInput),
    /// A slider for `sampling.max_new_tokens`.
    MaxTokens(RangeInput),
    Text(TextInput),
    Number(NumberInput),
    Slider(NumberInput),
    Checkbox(CheckboxInput),
    Dropdown(DropdownInput),
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PromptInput {
    /// What the panel shows; a default label when unset.
    pub label: Option<String>,
    /// Longest accepted prompt, in bytes (default 4000).
    pub max_length: Option<usize>,
}

/// A slider over one of the sampling settings; unset bounds take the
/// setting's own range.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct RangeInput {
    /// What the panel shows; a default label when unset.
    pub label: Option<String>,
    /// The slider's lowest value (the setting's own range when unset).
    pub min: Option<f64>,
    /// The slider's highest value.
    pub max: Option<f64>,
    /// The slider's step.
    pub step: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TextInput {
    /// The value's name: sent under it, `{name}` in the system prompt.
    pub name: String,
    /// What the panel shows; `name` when unset.
    pub label: Option<String>,
    /// The starting value.
    #[serde(default)]
    pub default: String,
    /// Longest accepted value, in bytes (default 1000).
    pub max_length: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NumberInput {
    /// The value's name: sent under it, `{name}` in the system prompt.
    pub name: String,
    /// What the panel shows; `name` when unset.
    pub label: Option<String>,
    /// The lowest value accepted.
    pub min: f64,
    /// The highest value accepted.
    pub max: f64,
    /// The step between values.
    pub step: Option<f64>,
    /// The starting value; `min` when unset.
    pub default: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckboxInput {
    /// The value's name: sent under it, `{name}` in the system prompt.
    pub name: String,
    /// What the panel shows; `name` when unset.
    pub label: Option<String>,
    /// Ticked at first.
    #[serde(default)]
    pub default: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DropdownInput {
    /// The value's name: sent under it, `{name}` in the system prompt.
    pub name: String,
    /// What the panel shows; `name` when unset.
    pub label: Option<String>,
    /// The values offered, in order.
    pub choices: Vec<String>,
    /// One of `choices`; the first when unset.
    pub default: Option<String>,
}

/// How an input is drawn, with its starting value and bounds resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum Control {
    Textarea { default: String, max_length: usize },
    Text { default: String, max_length: usize },
    Number { default: f64, min: f64, max: f64, step: f64 },
    Slider { default: f64, min: f64, max: f64, step: f64 },
    Checkbox { default: bool },
    Dropdown { default: String, choices: Vec<String> },
}

/// An input as the page shows it: the name its value is sent under, a
/// label, and the control.
#[derive(Debug, Clone, PartialEq)]
pub struct InputControl {
    pub name: String,
    pub label: String,
    pub control: Control,
}

/// What the inputs decide for one turn.
#[derive(Debug, Clone, PartialEq)]
pub struct TurnOptions {
    pub system_prompt: Option<String>,
    pub sampling: SamplingParams,
    /// The generic inputs' values, by name.
    pub inputs: BTreeMap<String, InputValue>,
}

/// A value from the page that its input does not accept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("there is no setting named {0:?}; reload the page to get the current settings")]
    Unknown(String),
    #[error("{label} must be {expected}")]
    Invalid { label: String, expected: String },
}

const SYSTEM_PROMPT: &str = "system_prompt";
const TEMPERATURE: &str = "temperature";
const TOP_P: &str = "top_p";
const MAX_TOKENS: &str = "max_tokens";

impl InputSpec {
    fn name(&self) -> &str {
        match self {
            InputSpec::SystemPrompt(_) => SYSTEM_PROMPT,
            InputSpec::Temperature(_) => TEMPERATURE,
            InputSpec::TopP(_) => TOP_P,
            InputSpec::MaxTokens(_) => MAX_TOKENS,
            InputSpec::Text(i) => &i.name,
            InputSpec::Number(i) | InputSpec::Slider(i) => &i.name,
            InputSpec::Checkbox(i) => &i.name,
            InputSpec::Dropdown(i) => &i.name,
        }
    }

    /// Which built-in input this is, when the configuration leaves its
    /// label to the app (which then shows its own, in the page's
    /// language); `None` for any input labelled by the configuration.
    pub fn default_label(&self) -> Option<BuiltInInput> {
        match self {
            InputSpec::SystemPrompt(i) if i.label.is_none() => Some(BuiltInInput::SystemPrompt),
            InputSpec::Temperature(r) if r.label.is_none() => Some(BuiltInInput::Temperature),
            InputSpec::TopP(r) if r.label.is_none() => Some(BuiltInInput::TopP),
            InputSpec::MaxTokens(r) if r.label.is_none() => Some(BuiltInInput::MaxTokens),
            _ => None,
        }
    }

    /// The control with its defaults: the configured system prompt and
    /// sampling settings for the built-in inputs.
    pub fn control(&self, system_prompt: Option<&str>, sampling: &SamplingParams) -> InputControl {
        let (label, control) = match self {
            InputSpec::SystemPrompt(i) => (
                i.label.clone().unwrap_or_else(|| "System prompt".into()),
                Control::Textarea {
                    default: system_prompt.unwrap_or_default().to_string(),
                    max_length: i.max_length.unwrap_or(4000),
                },
            ),
            InputSpec::Temperature(r) => range_control(r, "Temperature", sampling.temperature.into(), (0.0, 2.0, 0.05)),
            InputSpec::TopP(r) => range_control(r, "Top-p", sampling.top_p.into(), (0.05, 1.0, 0.05)),
            InputSpec::MaxTokens(r) => {
                range_control(r, "Max tokens", sampling.max_new_tokens.into(), (1.0, 4096.0, 1.0))
            }
            InputSpec::Text(i) => (
                label_or_name(&i.label, &i.name),
                Control::Text { default: i.default.clone(), max_length: i.max_length.unwrap_or(1000) },
            ),
            InputSpec::Number(i) => (label_or_name(&i.label, &i.name), {
                let (default, min, max, step) = number_bounds(i);
                Control::Number { default, min, max, step }
            }),
            InputSpec::Slider(i) => (label_or_name(&i.label, &i.name), {
                let (default, min, max, step) = number_bounds(i);
                Control::Slider { default, min, max, step }
            }),
            InputSpec::Checkbox(i) => (label_or_name(&i.label, &i.name), Control::Checkbox { default: i.default }),
            InputSpec::Dropdown(i) => (
                label_or_name(&i.label, &i.name),
                Control::Dropdown {
                    default: i.default.clone().or_else(|| i.choices.first().cloned()).unwrap_or_default(),
                    choices: i.choices.clone(),
                },
            ),
        };
        InputControl { name: self.name().to_string(), label, control }
    }

    pub(crate) fn validate(&self, at: &str) -> Result<(), ConfigError> {
        let bad = |field: &str, value: String, why: &str| {
            Err(ConfigError::Invalid { setting: format!("{at}.{field}"), value, why: why.into() })
        };
        let name = self.name();
        if !matches!(
            self,
            InputSpec::SystemPrompt(_) | InputSpec::Temperature(_) | InputSpec::TopP(_) | InputSpec::MaxTokens(_)
        ) {
            let valid = !name.is_empty()
                && name.len() <= 40
                && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                && ![SYSTEM_PROMPT, TEMPERATURE, TOP_P, MAX_TOKENS].contains(&name);
            if !valid {
                return bad(
                    "name",
                    name.into(),
                    "use up to 40 of a-z, 0-9 and _, other than system_prompt, temperature, top_p and max_tokens",
                );
            }
        }
        let control = self.control(None, &SamplingParams::default());
        if control.label.trim().is_empty() || control.label.len() > 80 {
            return bad("label", control.label, "give a label of up to 80 bytes");
        }
        match (&control.control, self) {
            (Control::Number { min, max, step, default } | Control::Slider { min, max, step, default }, _) => {
                if !(min.is_finite() && max.is_finite() && min < max) {
                    return bad("max", max.to_string(), "min and max must be numbers with min below max");
                }
                if !(step.is_finite() && *step > 0.0) {
                    return bad("step", step.to_string(), "use a step above 0");
                }
                if !(min..=max).contains(&default)
                    && !matches!(self, InputSpec::Temperature(_) | InputSpec::TopP(_) | InputSpec::MaxTokens(_))
                {
                    return bad("default", default.to_string(), "the default must lie between min and max");
                }
                let limits = match self {
                    InputSpec::Temperature(_) => Some((0.0, 2.0)),
                    InputSpec::TopP(_) => Some((0.0, 1.0)),
                    InputSpec::MaxTokens(_) => Some((1.0, 32768.0)),
                    _ => None,
                };
                if let Some((low, high)) = limits {
                    if *min < low || *max > high {
                        return bad(
                            "max",
                            format!("{min}..{max}"),
                            &format!("this setting's range is {low} to {high}"),
                        );
                    }
                }
            }
            (Control::Dropdown { choices, default }, _) => {
                if choices.is_empty()
                    || choices.len() > 50
                    || choices.iter().any(|c| c.trim().is_empty() || c.len() > 200)
                {
                    return bad(
                        "choices",
                        format!("{} choices", choices.len()),
                        "give 1 to 50 choices of up to 200 bytes",
                    );
                }
                if !choices.contains(default) {
                    return bad("default", default.clone(), "the default must be one of the choices");
                }
            }
            (Control::Text { default, max_length } | Control::Textarea { default, max_length }, _) => {
                if !(1..=100_000).contains(max_length) {
                    return bad("max_length", max_length.to_string(), "use 1 to 100000");
                }
                if default.len() > *max_length {
                    return bad("default", default.clone(), "the default is longer than max_length");
                }
            }
            (Control::Checkbox { .. }, _) => {}
        }
        Ok(())
    }
}

fn label_or_name(label: &Option<String>, name: &str) -> String {
    label.clone().unwrap_or_else(|| name.replace('_', " "))
}

fn range_control(r: &RangeInput, label: &str, current: f64, (min, max, step): (f64, f64, f64)) -> (String, Control) {
    let min = r.min.unwrap_or(min);
    let max = r.max.unwrap_or(max);
    // f32 settings read back as f64 carry noise (0.3 → 0.30000001192…).
    // Not `clamp`, which panics on crossed or NaN bounds: `validate` refuses
    // those after it has read this control.
    let default = ((current.max(min).min(max)) * 1e6).round() / 1e6;
    (
        r.label.clone().unwrap_or_else(|| label.into()),
        Control::Slider { default, min, max, step: r.step.unwrap_or(step) },
    )
}

fn number_bounds(i: &NumberInput) -> (f64, f64, f64, f64) {
    (i.default.unwrap_or(i.min), i.min, i.max, i.step.unwrap_or(1.0))
}

/// Checks the page's values against the inputs and works out the turn's
/// system prompt, sampling and generic values. Inputs the page left out
/// keep their defaults.
pub fn resolve(
    specs: &[InputSpec],
    system_prompt: Option<&str>,
    sampling: &SamplingParams,
    values: &BTreeMap<String, InputValue>,
) -> Result<TurnOptions, InputError> {
    if let Some(unknown) = values.keys().find(|name| !specs.iter().any(|s| s.name() == name.as_str())) {
        return Err(InputError::Unknown(unknown.clone()));
    }
    let mut options = TurnOptions {
        system_prompt: system_prompt.map(str::to_string),
        sampling: sampling.clone(),
        inputs: BTreeMap::new(),
    };
    for spec in specs {
        let InputControl { name, label, control } = spec.control(system_prompt, sampling);
        let value = match values.get(&name) {
            Some(value) => check(&label, &control, value)?,
            None => default_value(&control),
        };
        match (spec, value) {
            (InputSpec::SystemPrompt(_), InputValue::Text(text)) => {
                options.system_prompt = Some(text).filter(|t| !t.trim().is_empty());
            }
            (InputSpec::Temperature(_), InputValue::Number(n)) => options.sampling.temperature = n as f32,
            (InputSpec::TopP(_), InputValue::Number(n)) => options.sampling.top_p = (n as f32).max(f32::MIN_POSITIVE),
            (InputSpec::MaxTokens(_), InputValue::Number(n)) => {
                options.sampling.max_new_tokens = (n.round() as u32).max(1)
            }
            (_, value) => {
                options.inputs.insert(name, value);
            }
        }
    }
    if let Some(prompt) = &mut options.system_prompt {
        for (name, value) in &options.inputs {
            let placeholder = format!("{{{name}}}");
            if prompt.contains(&placeholder) {
                *prompt = prompt.replace(&placeholder, &value.to_string());
            }
        }
    }
    Ok(options)
}

fn default_value(control: &Control) -> InputValue {
    match control {
        Control::Textarea { default, .. } | Control::Text { default, .. } | Control::Dropdown { default, .. } => {
            InputValue::Text(default.clone())
        }
        Control::Number { default, .. } | Control::Slider { default, .. } => InputValue::Number(*default),
        Control::Checkbox { default } => InputValue::Bool(*default),
    }
}

fn check(label: &str, control: &Control, value: &InputValue) -> Result<InputValue, InputError> {
    let invalid = |expected: String| InputError::Invalid { label: label.to_string(), expected };
    match (control, value) {
        (Control::Textarea { max_length, .. } | Control::Text { max_length, .. }, InputValue::Text(text)) => {
            if text.len() > *max_length {
                return Err(invalid(format!("at most {max_length} bytes long (it is {})", text.len())));
            }
            Ok(value.clone())
        }
        (Control::Number { min, max, .. } | Control::Slider { min, max, .. }, InputValue::Number(n)) => {
            if !(n.is_finite() && (min..=max).contains(&n)) {
                return Err(invalid(format!("a number from {min} to {max}")));
            }
            Ok(value.clone())
        }
        (Control::Checkbox { .. }, InputValue::Bool(_)) => Ok(value.clone()),
        (Control::Dropdown { choices, .. }, InputValue::Text(text)) => {
            if !choices.contains(text) {
                return Err(invalid(format!("one of: {}", choices.join(", "))));
            }
            Ok(value.clone())
        }
        (Control::Textarea { .. } | Control::Text { .. }, _) => Err(invalid("text".into())),
        (Control::Number { min, max, .. } | Control::Slider { min, max, .. }, _) => {
            Err(invalid(format!("a number from {min} to {max}")))
        }
        (Control::Checkbox { .. }, _) => Err(invalid("on or off".into())),
        (Control::Dropdown { choices, .. }, _) => Err(invalid(format!("one of: {}", choices.join(", ")))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;

    fn specs(toml: &str) -> Vec<InputSpec> {
        Config::from_toml(toml).unwrap().inputs
    }

    const ALL: &str = r#"
        [[inputs]]
        kind = "system_prompt"
        [[inputs]]
        kind = "temperature"
        max = 1.5
        [[inputs]]
        kind = "max_tokens"
        max = 1024
        [[inputs]]
        kind = "dropdown"
        name = "tone"
        choices = ["friendly", "formal"]
        [[inputs]]
        kind = "checkbox"
        name = "emoji"
        label = "Use emoji"
        [[inputs]]
        kind = "slider"
        name = "depth"
        min = 1
        max = 5
        default = 3
    "#;

    fn values(pairs: &[(&str, InputValue)]) -> BTreeMap<String, InputValue> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
    }

    #[test]
    fn defaults_come_from_the_configuration() {
        let specs = specs(ALL);
        let options = resolve(&specs, Some("Be {tone}."), &SamplingParams::default(), &BTreeMap::new()).unwrap();
        assert_eq!(options.system_prompt.as_deref(), Some("Be friendly."));
        assert_eq!(options.sampling, SamplingParams::default());
        assert_eq!(options.inputs["emoji"], InputValue::Bool(false));
        assert_eq!(options.inputs["depth"], InputValue::Number(3.0));
        let temperature = specs[1].control(None, &SamplingParams::default());
        assert_eq!(temperature.control, Control::Slider { default: 0.3, min: 0.0, max: 1.5, step: 0.05 });
    }

    #[test]
    fn page_values_steer_the_turn() {
        let specs = specs(ALL);
        let page = values(&[
            ("system_prompt", InputValue::Text("Talk like a pirate, {tone}ly.".into())),
            ("temperature", InputValue::Number(1.2)),
            ("max_tokens", InputValue::Number(64.0)),
            ("tone", InputValue::Text("formal".into())),
            ("emoji", InputValue::Bool(true)),
        ]);
        let options = resolve(&specs, Some("Be brief."), &SamplingParams::default(), &page).unwrap();
        assert_eq!(options.system_prompt.as_deref(), Some("Talk like a pirate, formally."));
        assert!((options.sampling.temperature - 1.2).abs() < 1e-6);
        assert_eq!(options.sampling.max_new_tokens, 64);
        assert_eq!(options.inputs["emoji"], InputValue::Bool(true));
        let blank = values(&[("system_prompt", InputValue::Text("  ".into()))]);
        assert_eq!(resolve(&specs, Some("Be brief."), &SamplingParams::default(), &blank).unwrap().system_prompt, None);
    }

    #[test]
    fn values_outside_an_input_are_refused_with_its_label() {
        let specs = specs(ALL);
        let cases = [
            ("temperature", InputValue::Number(1.6), "Temperature must be a number from 0 to 1.5"),
            ("temperature", InputValue::Text("hot".into()), "Temperature must be a number from 0 to 1.5"),
            ("tone", InputValue::Text("rude".into()), "tone must be one of: friendly, formal"),
            ("emoji", InputValue::Number(1.0), "Use emoji must be on or off"),
            ("depth", InputValue::Number(9.0), "depth must be a number from 1 to 5"),
            (
                "system_prompt",
                InputValue::Text("x".repeat(4001)),
                "System prompt must be at most 4000 bytes long (it is 4001)",
            ),
        ];
        for (name, value, message) in cases {
            let err = resolve(&specs, None, &SamplingParams::default(), &values(&[(name, value)])).unwrap_err();
            assert_eq!(err.to_string(), message);
        }
        let err = resolve(&specs, None, &SamplingParams::default(), &values(&[("top_p", InputValue::Number(0.5))]))
            .unwrap_err();
        assert_eq!(err, InputError::Unknown("top_p".into()), "top_p is not offered, so the page cannot set it");
    }

    #[test]
    fn bad_input_declarations_are_named() {
        let cases = [
            ("kind = \"dropdown\"\nname = \"x\"\nchoices = []", "inputs[0].choices"),
            ("kind = \"dropdown\"\nname = \"x\"\nchoices = [\"a\"]\ndefault = \"b\"", "inputs[0].default"),
            ("kind = \"slider\"\nname = \"x\"\nmin = 5\nmax = 1", "inputs[0].max"),
            ("kind = \"text\"\nname = \"Bad Name\"", "inputs[0].name"),
            ("kind = \"text\"\nname = \"temperature\"", "inputs[0].name"),
            ("kind = \"temperature\"\nmax = 3", "inputs[0].max"),
        ];
        for (body, setting) in cases {
            let mut config = Config::from_toml(&format!("[[inputs]]\n{body}")).unwrap();
            config.models.clear();
            let err = config.validate().unwrap_err().to_string();
            assert!(err.starts_with(setting), "{body}: {err}");
        }
        assert!(Config::from_toml("[[inputs]]\nkind = \"colour\"").is_err());
        assert!(Config::from_toml("[[inputs]]\nkind = \"checkbox\"\nname = \"a\"\nbogus = 1").is_err());
        let mut twice = Config::from_toml("[[inputs]]\nkind = \"top_p\"\n[[inputs]]\nkind = \"top_p\"").unwrap();
        twice.models.clear();
        assert!(twice.validate().unwrap_err().to_string().starts_with("inputs[1]"));
    }
}

#[cfg(test)]
mod range_tests {
    use crate::Config;

    /// A range setting with its bounds crossed or not numbers is refused
    /// with a message (the config fuzz target found `max = 0` on
    /// max_tokens panicking in `f64::clamp` before the check ran).
    #[test]
    fn crossed_or_missing_bounds_are_refused_not_a_panic() {
        for (kind, bounds) in [
            ("max_tokens", "max = 0"),
            ("temperature", "min = 1.5\nmax = 1.0"),
            ("top_p", "min = nan"),
            ("temperature", "max = nan"),
        ] {
            let toml = format!("[[inputs]]\nkind = \"{kind}\"\n{bounds}\n");
            let config = Config::from_toml(&toml).expect(&toml);
            let error = config.validate().expect_err(&toml).to_string();
            assert!(error.contains("inputs"), "{toml}: {error}");
        }
    }
}
