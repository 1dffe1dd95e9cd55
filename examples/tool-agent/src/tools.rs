//! The agent's tools. Each takes the model's JSON arguments, checks them,
//! and returns text for the model (and the panel).

use std::path::{Path, PathBuf};

use colloquy::{ToolCall, ToolSpec};
use serde::Deserialize;
use serde_json::json;

/// The longest expression the calculator reads.
const MAX_EXPRESSION: usize = 200;
/// The file search reads no file bigger than this, and names at most
/// `MAX_HITS` files.
const MAX_FILE_BYTES: u64 = 256 * 1024;
const MAX_HITS: usize = 10;

/// What the tools are offered to the model as.
pub fn specs() -> Vec<ToolSpec> {
    vec![
        ToolSpec {
            name: "calculator".into(),
            description: "Evaluates an arithmetic expression: + - * / ^, parentheses, sqrt, sin, cos, ln, exp.".into(),
            parameters: json!({
                "type": "object",
                "properties": { "expression": { "type": "string", "description": "e.g. (17 * 23) + 4" } },
                "required": ["expression"],
            }),
        },
        ToolSpec {
            name: "clock".into(),
            description: "The current date and time in UTC, ISO 8601.".into(),
            parameters: json!({ "type": "object", "properties": {} }),
        },
        ToolSpec {
            name: "search_notes".into(),
            description: "Finds the notes (text files) containing a word or phrase, case-insensitively; \
                          returns each file's name and its first matching line."
                .into(),
            parameters: json!({
                "type": "object",
                "properties": { "query": { "type": "string" } },
                "required": ["query"],
            }),
        },
    ]
}

/// Whether `name` is one of this agent's own tools.
pub fn is_own(name: &str) -> bool {
    specs().iter().any(|spec| spec.name == name)
}

/// The tools' state: the folder searched.
pub struct Tools {
    notes: PathBuf,
}

#[derive(Deserialize)]
struct Expression {
    expression: String,
}

#[derive(Deserialize)]
struct Query {
    query: String,
}

impl Tools {
    pub fn new(notes: PathBuf) -> Self {
        Self { notes }
    }

    /// Runs `call`; an error is for the model to read (and the panel to show).
    pub async fn run(&self, call: &ToolCall) -> Result<String, String> {
        run_tool(&call.name, &call.arguments, &self.notes).await
    }
}

/// Runs the tool `name` on `arguments` (JSON text, as the model wrote it).
pub async fn run_tool(name: &str, arguments: &str, notes: &Path) -> Result<String, String> {
    let arguments = if arguments.trim().is_empty() { "{}" } else { arguments };
    match name {
        "calculator" => {
            let Expression { expression } = parse(arguments)?;
            calculate(&expression)
        }
        "clock" => {
            let now = time::OffsetDateTime::now_utc();
            now.format(&time::format_description::well_known::Rfc3339).map_err(|e| e.to_string())
        }
        "search_notes" => {
            let Query { query } = parse(arguments)?;
            let notes = notes.to_path_buf();
            tokio::task::spawn_blocking(move || search(&notes, &query)).await.map_err(|e| e.to_string())?
        }
        other => Err(format!("there is no tool named {other:?}; the tools are calculator, clock, search_notes")),
    }
}

fn parse<T: for<'de> Deserialize<'de>>(arguments: &str) -> Result<T, String> {
    serde_json::from_str(arguments).map_err(|e| format!("the arguments are not what the tool takes: {e}"))
}

fn calculate(expression: &str) -> Result<String, String> {
    if expression.len() > MAX_EXPRESSION {
        return Err(format!("the expression is longer than {MAX_EXPRESSION} characters"));
    }
    let value = exmex::eval_str::<f64>(expression).map_err(|e| format!("cannot evaluate {expression:?}: {e}"))?;
    if !value.is_finite() {
        return Err(format!("{expression} has no finite value"));
    }
    // Whole numbers without a trailing ".0".
    Ok(if value.fract() == 0.0 && value.abs() < 1e15 { format!("{}", value as i64) } else { format!("{value}") })
}

/// Files under `root` (never following links out of it) whose text holds
/// `query`.
fn search(root: &Path, query: &str) -> Result<String, String> {
    let needle = query.trim().to_lowercase();
    if needle.is_empty() || needle.len() > 100 {
        return Err("the query must be 1 to 100 characters".into());
    }
    let mut hits = Vec::new();
    for entry in walkdir::WalkDir::new(root).follow_links(false).max_depth(4).into_iter().filter_map(Result::ok) {
        let is_small_file = entry.file_type().is_file() && entry.metadata().is_ok_and(|m| m.len() <= MAX_FILE_BYTES);
        if !is_small_file {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
        if let Some(line) = text.lines().find(|line| line.to_lowercase().contains(&needle)) {
            let name = entry.path().strip_prefix(root).unwrap_or(entry.path()).display().to_string();
            hits.push(format!("{name}: {}", line.trim()));
            if hits.len() == MAX_HITS {
                break;
            }
        }
    }
    hits.sort();
    Ok(if hits.is_empty() { format!("no note mentions {query:?}") } else { hits.join("\n") })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notes() -> PathBuf {
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/notes"))
    }

    #[tokio::test]
    async fn the_calculator_computes_and_refuses_nonsense() {
        assert_eq!(run_tool("calculator", r#"{"expression":"17 * 23 + 4"}"#, &notes()).await, Ok("395".into()));
        assert_eq!(
            run_tool("calculator", r#"{"expression":"2^0.5"}"#, &notes()).await,
            Ok("1.4142135623730951".into())
        );
        assert!(run_tool("calculator", r#"{"expression":"1/0"}"#, &notes()).await.is_err());
        assert!(run_tool("calculator", r#"{"expression":"rm -rf /"}"#, &notes()).await.is_err());
        assert!(run_tool("calculator", r#"{"expr":"1"}"#, &notes()).await.unwrap_err().contains("arguments"));
        assert!(run_tool("calculator", "not json", &notes()).await.is_err());
        let long = format!(r#"{{"expression":"{}"}}"#, "1+".repeat(150) + "1");
        assert!(run_tool("calculator", &long, &notes()).await.unwrap_err().contains("longer"));
    }

    #[tokio::test]
    async fn the_clock_says_utc_now() {
        let said = run_tool("clock", "", &notes()).await.unwrap();
        let year = time::OffsetDateTime::now_utc().year().to_string();
        assert!(said.starts_with(&year) && said.ends_with('Z'), "{said}");
    }

    #[tokio::test]
    async fn the_search_finds_notes_and_stays_in_its_folder() {
        let found = run_tool("search_notes", r#"{"query":"LLAMA"}"#, &notes()).await.unwrap();
        assert_eq!(found.lines().count(), 2, "{found}");
        assert!(found.contains("animals.md: Llamas and alpacas") && found.contains("travel.txt"), "{found}");
        assert!(run_tool("search_notes", r#"{"query":"submarine"}"#, &notes()).await.unwrap().starts_with("no note"));
        assert!(run_tool("search_notes", r#"{"query":"  "}"#, &notes()).await.is_err());

        // A link out of the folder is not followed.
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "llama secret").unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("link")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), dir.path().join("file-link.txt")).unwrap();
        let said = run_tool("search_notes", r#"{"query":"llama"}"#, dir.path()).await.unwrap();
        assert!(said.starts_with("no note"), "{said}");
    }

    #[tokio::test]
    async fn an_unknown_tool_is_named() {
        let said = run_tool("shell", r#"{"cmd":"ls"}"#, &notes()).await.unwrap_err();
        assert!(said.contains("no tool named \"shell\""), "{said}");
    }
}
