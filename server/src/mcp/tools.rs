//! The app's bots as MCP tools: each bot's name, description and input
//! schema (the message, then its settings panel's inputs), and a call's
//! arguments read back into a message and input values.

use std::collections::BTreeMap;

use colloquy_chat::state::AppState;
use colloquy_config::{Config, Control};
use colloquy_core::InputValue;
use rmcp::model::{JsonObject, Tool};
use serde_json::{json, Map, Value};

/// The app's own bot's tool name. Bot names are lowercase letters, digits
/// and `-`, so no bot of the folder can take a name with `_`.
pub(crate) const OWN_BOT: &str = "main_bot";

/// The argument that carries the person's message.
const MESSAGE: &str = "message";

/// Every bot of the app, as tools: the app's own first, then the folder's
/// in name order.
pub(crate) fn all(state: &AppState) -> Vec<Tool> {
    let own = tool(OWN_BOT, state.bots.server());
    let folder = state.bots.all();
    std::iter::once(own).chain(folder.values().map(|bot| tool(bot.name.as_str(), &bot.config))).collect()
}

/// The state that answers as the tool `name`, if there is such a bot.
pub(crate) fn bot_state(state: &AppState, name: &str) -> Option<AppState> {
    match name {
        OWN_BOT => Some(state.clone()),
        name => state.for_bot(name),
    }
}

fn tool(name: &str, config: &Config) -> Tool {
    let description = match config.chat.description.trim() {
        "" => format!("Chat with {}: send a message, get its reply.", config.chat.title),
        text => text.to_string(),
    };
    let mut tool = Tool::new(name.to_string(), description, input_schema(config));
    tool.title = Some(config.chat.title.clone());
    tool
}

/// The message, then each of the bot's inputs with its bounds: a dropdown
/// is an enum, a slider or number a number with its range, a checkbox a
/// boolean, a text its longest length. Inputs are optional (the bot's
/// defaults apply); nothing else is accepted.
fn input_schema(config: &Config) -> JsonObject {
    let mut properties = Map::new();
    properties.insert(
        MESSAGE.into(),
        json!({
            "type": "string",
            "description": "What to say to the bot: the user's message.",
            "maxLength": config.chat.max_message_bytes,
        }),
    );
    for spec in &config.inputs {
        let input = spec.control(config.chat.system_prompt.as_deref(), &config.sampling);
        let schema = match input.control {
            Control::Textarea { default, max_length } | Control::Text { default, max_length } => {
                json!({ "type": "string", "maxLength": max_length, "default": default })
            }
            Control::Number { default, min, max, .. } | Control::Slider { default, min, max, .. } => {
                json!({ "type": "number", "minimum": min, "maximum": max, "default": default })
            }
            Control::Checkbox { default } => json!({ "type": "boolean", "default": default }),
            Control::Dropdown { default, choices } => json!({ "type": "string", "enum": choices, "default": default }),
        };
        let mut schema = schema;
        schema["description"] = Value::String(input.label);
        properties.insert(input.name, schema);
    }
    let schema = json!({
        "type": "object",
        "properties": properties,
        "required": [MESSAGE],
        "additionalProperties": false,
    });
    match schema {
        Value::Object(object) => object,
        _ => unreachable!("built as an object above"),
    }
}

/// A call's arguments that are not what the tool's schema asks for.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ArgumentError {
    #[error("`message` is missing: send the user's message as the string argument `message`")]
    NoMessage,
    #[error("`{0}` must be a string, a number or a boolean")]
    NotAValue(String),
}

/// The message and the inputs' values, as the page would send them; the
/// turn checks them against the bot's inputs (names, ranges, choices).
pub(crate) fn arguments(
    arguments: Option<JsonObject>,
) -> Result<(String, BTreeMap<String, InputValue>), ArgumentError> {
    let mut arguments = arguments.unwrap_or_default();
    let Some(Value::String(message)) = arguments.remove(MESSAGE) else { return Err(ArgumentError::NoMessage) };
    let inputs = arguments
        .into_iter()
        .map(|(name, value)| {
            let value = match value {
                Value::String(text) => InputValue::Text(text),
                Value::Bool(on) => InputValue::Bool(on),
                Value::Number(n) => {
                    InputValue::Number(n.as_f64().ok_or_else(|| ArgumentError::NotAValue(name.clone()))?)
                }
                _ => return Err(ArgumentError::NotAValue(name)),
            };
            Ok((name, value))
        })
        .collect::<Result<_, _>>()?;
    Ok((message, inputs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(inputs: &str) -> Config {
        let config = Config::from_toml(inputs).unwrap();
        config.validate().unwrap();
        config
    }

    #[test]
    fn a_bots_inputs_become_its_schema() {
        let config = config(
            r#"
            [[inputs]]
            kind = "dropdown"
            name = "tone"
            choices = ["plain", "formal"]
            [[inputs]]
            kind = "slider"
            name = "level"
            min = 1
            max = 5
            [[inputs]]
            kind = "temperature"
            "#,
        );
        let schema = Value::Object(input_schema(&config));
        assert_eq!(schema["required"], json!(["message"]));
        assert_eq!(schema["additionalProperties"], json!(false));
        assert_eq!(schema["properties"]["message"]["type"], "string");
        assert_eq!(schema["properties"]["tone"]["enum"], json!(["plain", "formal"]));
        assert_eq!(schema["properties"]["level"]["minimum"], json!(1.0));
        assert_eq!(schema["properties"]["level"]["maximum"], json!(5.0));
        assert_eq!(schema["properties"]["temperature"]["type"], "number");
    }

    #[test]
    fn arguments_are_the_message_and_the_inputs() {
        let given = json!({ "message": "hi", "tone": "formal", "level": 3, "short": true });
        let Value::Object(given) = given else { unreachable!() };
        let (message, inputs) = arguments(Some(given)).unwrap();
        assert_eq!(message, "hi");
        assert_eq!(inputs["tone"], InputValue::Text("formal".into()));
        assert_eq!(inputs["level"], InputValue::Number(3.0));
        assert_eq!(inputs["short"], InputValue::Bool(true));
        assert!(matches!(arguments(None), Err(ArgumentError::NoMessage)));
        let Value::Object(nested) = json!({ "message": "hi", "tone": ["a"] }) else { unreachable!() };
        assert!(matches!(arguments(Some(nested)), Err(ArgumentError::NotAValue(name)) if name == "tone"));
    }
}
