//! The configuration reference (`docs/CONFIGURATION.md`), generated from
//! the configuration's own types: their doc comments, types and defaults,
//! read from the JSON Schema that `schemars` derives for them. A test keeps
//! the checked-in file in step with the types.

use serde_json::{Map, Value};

const HEADER: &str = "# Configuration reference\n\n\
Generated from the configuration types (`crates/config`) by\n\
`COLLOQUY_WRITE_REFERENCE=1 cargo test -p colloquy-config --test reference`;\n\
a test fails when this file and the types differ. Every key is optional.\n\
Settings are read from `colloquy.toml`, then `COLLOQUY_*` environment\n\
variables, then flags (`colloquy --help`); bot files (`bots/NAME.toml`)\n\
hold `[chat]`, `[[inputs]]` and `[sampling]` only.\n";

/// The reference, as Markdown.
pub fn markdown() -> String {
    let root = serde_json::to_value(schemars::schema_for!(crate::Config)).unwrap_or_default();
    let empty = Map::new();
    let definitions = root["definitions"].as_object().unwrap_or(&empty);
    let reference = Reference { definitions };
    let mut out = String::from(HEADER);
    let sections = root["properties"].as_object().unwrap_or(&empty);
    for (name, property) in sections {
        reference.section(&mut out, name, property);
    }
    out
}

struct Reference<'a> {
    definitions: &'a Map<String, Value>,
}

impl Reference<'_> {
    /// A schema with its `$ref` (direct or as `allOf`'s only member) followed.
    fn resolve<'s>(&'s self, schema: &'s Value) -> &'s Value {
        let target = schema["$ref"].as_str().or_else(|| match schema["allOf"].as_array() {
            Some(all) if all.len() == 1 => all[0]["$ref"].as_str(),
            _ => None,
        });
        match target.and_then(|t| t.strip_prefix("#/definitions/")).and_then(|name| self.definitions.get(name)) {
            Some(found) => found,
            None => schema,
        }
    }

    fn section(&self, out: &mut String, name: &str, property: &Value) {
        let schema = self.resolve(property);
        let description = text(property).or_else(|| text(schema)).unwrap_or_default();
        let default = &property["default"];
        if schema["type"] == "array" {
            let item = self.resolve(&schema["items"]);
            out.push_str(&format!("\n## `[[{name}]]`\n\n{description}\n"));
            match item["oneOf"].as_array() {
                // An internally tagged enum: one table per kind.
                Some(kinds) => {
                    for kind in kinds {
                        let tag = kind["properties"]["kind"]["enum"][0].as_str().unwrap_or("?");
                        let about = text(kind).map(|t| format!("{t}\n\n")).unwrap_or_default();
                        out.push_str(&format!("\n### `kind = \"{tag}\"`\n\n{about}"));
                        self.table(out, kind, &Value::Null, &["kind"]);
                    }
                }
                None => {
                    out.push('\n');
                    self.table(out, item, &Value::Null, &[]);
                }
            }
        } else if let Some(values) = schema["additionalProperties"].as_object() {
            let item = self.resolve(&Value::Object(values.clone())).clone();
            out.push_str(&format!("\n## `[{name}.NAME]`\n\n{description}\n\n"));
            self.table(out, &item, &Value::Null, &[]);
        } else {
            out.push_str(&format!("\n## `[{name}]`\n\n"));
            if !description.is_empty() {
                out.push_str(&format!("{description}\n\n"));
            }
            self.table(out, schema, default, &[]);
        }
    }

    /// A table of `schema`'s keys (nested tables flattened as `a.b`).
    fn table(&self, out: &mut String, schema: &Value, defaults: &Value, skip: &[&str]) {
        out.push_str("| key | type | default | meaning |\n|---|---|---|---|\n");
        self.rows(out, "", schema, defaults, "", skip);
    }

    fn rows(&self, out: &mut String, prefix: &str, schema: &Value, defaults: &Value, context: &str, skip: &[&str]) {
        let empty = Map::new();
        let required: Vec<&str> =
            schema["required"].as_array().map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
        for (key, property) in schema["properties"].as_object().unwrap_or(&empty) {
            if skip.contains(&key.as_str()) {
                continue;
            }
            let resolved = self.resolve(property);
            let default = match &property["default"] {
                Value::Null => &defaults[key.as_str()],
                own => own,
            };
            let name = format!("{prefix}{key}");
            if resolved["properties"].is_object() && resolved["type"] == "object" {
                // A nested table: its keys as `a.b`, each saying what `a` is.
                let about = text(property).unwrap_or_default();
                self.rows(out, &format!("{name}."), resolved, default, &about, &[]);
                continue;
            }
            let own = text(property).or_else(|| text(resolved)).unwrap_or_default();
            let meaning = match (context.is_empty(), own.is_empty()) {
                (true, _) => own,
                (false, true) => context.to_string(),
                (false, false) => format!("{context} — {own}"),
            };
            let default = match (default, required.contains(&key.as_str())) {
                (Value::Null, true) => "required".to_string(),
                (Value::Null, false) => "—".to_string(),
                (value, _) => format!("`{}`", toml_value(value)),
            };
            out.push_str(&format!("| `{name}` | {} | {default} | {} |\n", self.type_name(property), cell(&meaning)));
        }
    }

    fn type_name(&self, schema: &Value) -> String {
        let schema = self.resolve(schema);
        if let Some(values) = schema["enum"].as_array() {
            let values: Vec<String> = values.iter().map(|v| format!("`{}`", toml_value(v))).collect();
            return values.join(" or ");
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(options) = schema[key].as_array() {
                let names: Vec<String> =
                    options.iter().filter(|o| o["type"] != "null").map(|o| self.type_name(o)).collect();
                let mut names = names;
                names.dedup();
                return names.join(" or ");
            }
        }
        match &schema["type"] {
            Value::String(kind) => match kind.as_str() {
                "array" => format!("list of {}", self.type_name(&schema["items"])),
                "object" if schema["additionalProperties"].is_object() => "table".into(),
                "object" => "table".into(),
                "integer" => "integer".into(),
                "number" => "number".into(),
                other => other.into(),
            },
            // `["string", "null"]`: an optional value.
            Value::Array(kinds) => {
                let kinds: Vec<&str> = kinds.iter().filter_map(Value::as_str).filter(|k| *k != "null").collect();
                kinds.join(" or ")
            }
            _ => "value".into(),
        }
    }
}

/// A schema's description, as one paragraph.
fn text(schema: &Value) -> Option<String> {
    let description = schema["description"].as_str()?;
    Some(description.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Text safe in a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// A default as TOML writes it.
fn toml_value(value: &Value) -> String {
    match value {
        Value::String(s) => format!("{s:?}"),
        Value::Array(items) => format!("[{}]", items.iter().map(toml_value).collect::<Vec<_>>().join(", ")),
        Value::Object(fields) => {
            let fields: Vec<String> = fields.iter().map(|(k, v)| format!("{k} = {}", toml_value(v))).collect();
            format!("{{ {} }}", fields.join(", "))
        }
        // Defaults of `f32` settings arrive widened (0.3 as
        // 0.30000001192092896): written as the `f32` they are.
        Value::Number(n) if n.is_f64() => match n.as_f64() {
            Some(x) if f64::from(x as f32) == x && x.fract() != 0.0 => (x as f32).to_string(),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}
