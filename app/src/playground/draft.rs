//! A bot being drafted in the playground: the fields of its form, the bot
//! file (TOML) they make, and how a model's drafting answer becomes them.
//! Pure code, compiled for the browser (the TOML follows the form as it is
//! typed) and the server (drafting, checks).

use serde::{Deserialize, Serialize};

/// The playground's form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BotDraft {
    /// Its name: the file `bots/NAME.toml` and the address `/bots/NAME`.
    pub name: String,
    pub title: String,
    pub description: String,
    pub system_prompt: String,
    pub examples: Vec<String>,
    /// Dropdowns in the settings panel; each is `{name}` in the prompt.
    pub inputs: Vec<DraftInput>,
}

/// A dropdown input of a draft.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DraftInput {
    pub name: String,
    pub label: String,
    pub choices: Vec<String>,
}

/// The most examples and inputs a draft takes from a model.
pub const MAX_DRAFT_EXAMPLES: usize = 5;
pub const MAX_DRAFT_INPUTS: usize = 3;
const MAX_TITLE: usize = 60;
const MAX_DESCRIPTION: usize = 300;
const MAX_PROMPT: usize = 2000;
const MAX_EXAMPLE: usize = 200;

/// A TOML basic string. JSON's string escapes (`\"`, `\\`, `\n`, `\uXXXX`
/// for other control characters) are all TOML escapes too, and JSON leaves
/// other characters as they are, which TOML allows.
fn toml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

fn toml_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|i| toml_string(i)).collect();
    format!("[{}]", items.join(", "))
}

impl BotDraft {
    /// The bot file this draft saves as.
    pub fn to_toml(&self) -> String {
        let mut toml = String::from("[chat]\n");
        toml.push_str(&format!("title = {}\n", toml_string(&self.title)));
        toml.push_str(&format!("description = {}\n", toml_string(&self.description)));
        toml.push_str(&format!("system_prompt = {}\n", toml_string(&self.system_prompt)));
        let examples: Vec<String> =
            self.examples.iter().map(|e| e.trim().to_string()).filter(|e| !e.is_empty()).collect();
        toml.push_str(&format!("examples = {}\n", toml_list(&examples)));
        for input in &self.inputs {
            toml.push_str("\n[[inputs]]\nkind = \"dropdown\"\n");
            toml.push_str(&format!("name = {}\n", toml_string(&input.name)));
            toml.push_str(&format!("label = {}\n", toml_string(&input.label)));
            toml.push_str(&format!("choices = {}\n", toml_list(&input.choices)));
        }
        toml
    }
}

/// What the drafting model is told: the form to answer in, with one worked
/// example (a small model follows an example better than a description).
pub const DRAFTING_INSTRUCTIONS: &str = "You design chatbots. The user describes a chatbot; you answer with its \
configuration in exactly this form, one field per line, and nothing else:\n\
Title: <two to five words>\n\
Description: <one sentence telling its users what it does>\n\
System prompt: <instructions to the chatbot, starting with \"You are\">\n\
Example: <a first message a user might send it>\n\
Example: <another first message>\n\
Example: <another first message>\n\
Setting: <a choice its users can make, one word>: <option>, <option>, <option>";

pub const DRAFTING_EXAMPLE_REQUEST: &str = "A bot that helps children practise fractions.";

pub const DRAFTING_EXAMPLE_ANSWER: &str = "Title: Fraction Coach\n\
Description: Practise fractions with friendly step-by-step help.\n\
System prompt: You are a patient maths tutor for children. Explain fractions in small steps with everyday examples, and ask one question at a time.\n\
Example: What is a half of a half?\n\
Example: Is 2/3 bigger than 3/4?\n\
Example: Give me a fraction puzzle.\n\
Setting: level: beginner, intermediate, advanced";

/// Reads a model's drafting answer into a draft; what it left out or got
/// wrong is filled from `request` (the user's own words), so a draft always
/// makes a valid bot file.
pub fn parse_drafted(answer: &str, request: &str) -> BotDraft {
    let mut draft = BotDraft::default();
    // A multi-line field goes on until the next field.
    let mut continuing: Option<&'static str> = None;
    for line in answer.lines() {
        let line = line.trim().trim_start_matches(['-', '*', '#', '>']).trim();
        if line.is_empty() {
            continuing = None;
            continue;
        }
        let field = line.split_once(':').and_then(|(key, value)| {
            let key = key.trim().trim_matches('*').trim().to_ascii_lowercase();
            let key = key.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ');
            let value = value.trim().trim_start_matches('*').trim();
            let field = match key {
                "title" | "name" => "title",
                "description" => "description",
                "system prompt" | "system_prompt" | "prompt" | "instructions" => "system_prompt",
                "example" | "examples" => "example",
                "setting" | "settings" | "input" | "option" => "setting",
                _ => return None,
            };
            Some((field, value))
        });
        let Some((field, value)) = field else {
            match continuing {
                Some("system_prompt") => push_line(&mut draft.system_prompt, line),
                Some("description") => push_line(&mut draft.description, line),
                _ => {}
            }
            continue;
        };
        let value = unquote(value);
        continuing = matches!(field, "system_prompt" | "description").then_some(field);
        match field {
            "title" if draft.title.is_empty() => draft.title = value.to_string(),
            "description" if draft.description.is_empty() => draft.description = value.to_string(),
            "system_prompt" if draft.system_prompt.is_empty() => draft.system_prompt = value.to_string(),
            "example" if !value.is_empty() && draft.examples.len() < MAX_DRAFT_EXAMPLES => {
                let example = clip(value, MAX_EXAMPLE);
                if !draft.examples.contains(&example) {
                    draft.examples.push(example);
                }
            }
            "setting" if draft.inputs.len() < MAX_DRAFT_INPUTS => {
                if let Some(input) = parse_setting(value) {
                    if !draft.inputs.iter().any(|i| i.name == input.name) {
                        draft.inputs.push(input);
                    }
                }
            }
            _ => {}
        }
    }
    complete(draft, request)
}

fn push_line(field: &mut String, line: &str) {
    if !field.is_empty() {
        field.push(' ');
    }
    field.push_str(line);
}

fn unquote(value: &str) -> &str {
    let value = value.trim();
    for (open, close) in [('"', '"'), ('\'', '\''), ('“', '”'), ('`', '`')] {
        if let Some(inner) = value.strip_prefix(open).and_then(|v| v.strip_suffix(close)) {
            return inner.trim();
        }
    }
    value
}

fn clip(text: &str, max_chars: usize) -> String {
    let text = text.trim();
    match text.char_indices().nth(max_chars) {
        Some((at, _)) => text[..at].trim_end().to_string(),
        None => text.to_string(),
    }
}

/// `tone: friendly, formal` as a dropdown. Its name must be an input name
/// (lowercase letters, digits, `_`, not a built-in one).
fn parse_setting(value: &str) -> Option<DraftInput> {
    let (name, choices) = value.split_once(':').or_else(|| value.split_once('='))?;
    let name: String = name
        .trim()
        .to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    if name.is_empty()
        || name.len() > 30
        || ["system_prompt", "temperature", "top_p", "max_tokens"].contains(&name.as_str())
    {
        return None;
    }
    let mut options: Vec<String> = Vec::new();
    for choice in choices.split([',', '|', '/']) {
        let choice = clip(unquote(choice.trim().trim_end_matches('.')), 40);
        if !choice.is_empty() && !options.contains(&choice) && options.len() < 8 {
            options.push(choice);
        }
    }
    if options.len() < 2 {
        return None;
    }
    let mut label = name.replace('_', " ");
    if let Some(first) = label.get(..1) {
        label = first.to_ascii_uppercase() + &label[1..];
    }
    Some(DraftInput { name, label, choices: options })
}

/// Fills what is missing, clips what is too long, and writes each input
/// into the prompt, so that its choice reaches the model.
fn complete(mut draft: BotDraft, request: &str) -> BotDraft {
    let request = request.split_whitespace().collect::<Vec<_>>().join(" ");
    if draft.title.trim().is_empty() {
        let words: Vec<&str> = request.split(' ').filter(|w| !w.is_empty()).take(5).collect();
        draft.title = if words.is_empty() { "My bot".into() } else { words.join(" ") };
    }
    draft.title = clip(&draft.title, MAX_TITLE);
    if draft.description.trim().is_empty() {
        draft.description = request.clone();
    }
    draft.description = clip(&draft.description, MAX_DESCRIPTION);
    if draft.system_prompt.trim().is_empty() {
        draft.system_prompt = match request.is_empty() {
            true => "You are a helpful, concise assistant.".into(),
            false => format!("You are a chatbot. {request} Answer helpfully and concisely."),
        };
    }
    draft.system_prompt = clip(&draft.system_prompt, MAX_PROMPT);
    for input in &draft.inputs {
        let placeholder = format!("{{{}}}", input.name);
        if !draft.system_prompt.contains(&placeholder) {
            draft.system_prompt.push_str(&format!("\n{}: {placeholder}", input.label));
        }
    }
    draft.name = bot_name_from(&draft.title);
    draft
}

/// A bot name from a title: `Fraction Coach` → `fraction-coach`.
pub fn bot_name_from(title: &str) -> String {
    // The longest bot name (`colloquy_config::MAX_BOT_NAME`, a server-only crate).
    colloquy_core::slug(title, 40).unwrap_or_else(|| "my-bot".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worked_example_reads_back_whole() {
        let draft = parse_drafted(DRAFTING_EXAMPLE_ANSWER, "ignored");
        assert_eq!(draft.name, "fraction-coach");
        assert_eq!(draft.title, "Fraction Coach");
        assert_eq!(draft.description, "Practise fractions with friendly step-by-step help.");
        assert!(draft.system_prompt.starts_with("You are a patient maths tutor"));
        assert!(draft.system_prompt.ends_with("Level: {level}"), "{}", draft.system_prompt);
        assert_eq!(draft.examples.len(), 3);
        assert_eq!(
            draft.inputs,
            [DraftInput {
                name: "level".into(),
                label: "Level".into(),
                choices: vec!["beginner".into(), "intermediate".into(), "advanced".into()],
            }]
        );
    }

    #[test]
    fn a_sloppy_answer_still_gives_a_draft() {
        let answer = "Sure! Here is your bot:\n\n**Title:** \"Pirate Pal\"\n- **System Prompt**: You are a pirate.\n\
            You speak in pirate slang.\nExample 1: Ahoy?\nExample 2: Ahoy?\nSetting: mood = salty | jolly\n\
            Setting: temperature: hot, cold\nSetting: x: only-one\nTitle: Another";
        let draft = parse_drafted(answer, "a pirate who talks like one");
        assert_eq!(draft.title, "Pirate Pal", "the first title, unquoted");
        assert_eq!(draft.system_prompt, "You are a pirate. You speak in pirate slang.\nMood: {mood}");
        assert_eq!(draft.examples, ["Ahoy?"], "no repeats");
        assert_eq!(draft.inputs.len(), 1, "a built-in name and a one-choice setting are left out");
        assert_eq!(draft.description, "a pirate who talks like one", "missing: the request");
    }

    #[test]
    fn an_answer_with_nothing_usable_falls_back_to_the_request() {
        let draft = parse_drafted("I cannot help with that.", "  a bot that   recommends books to read ");
        assert_eq!(draft.title, "a bot that recommends books");
        assert_eq!(draft.name, "a-bot-that-recommends-books");
        assert!(draft.system_prompt.contains("recommends books"));
        assert!(draft.examples.is_empty() && draft.inputs.is_empty());
        let empty = parse_drafted("", "");
        assert_eq!((empty.title.as_str(), empty.name.as_str()), ("My bot", "my-bot"));
    }

    #[test]
    fn long_fields_are_clipped_on_character_boundaries() {
        let answer = format!("Title: {}\nExample: {}", "é".repeat(100), "ü".repeat(500));
        let draft = parse_drafted(&answer, "x");
        assert_eq!(draft.title.chars().count(), MAX_TITLE);
        assert_eq!(draft.examples[0].chars().count(), MAX_EXAMPLE);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_toml_is_a_valid_bot_file_whatever_the_text() {
        let draft = BotDraft {
            name: "x".into(),
            title: "Quote \" backslash \\ tab\t newline\n bell \u{7} ☃".into(),
            description: "'''\"\"\" [chat] = # not a comment".into(),
            system_prompt: "Line one\nLine two {tone}".into(),
            examples: vec!["a \"b\"".into(), "   ".into(), "ß".into()],
            inputs: vec![DraftInput {
                name: "tone".into(),
                label: "T\"one".into(),
                choices: vec!["a".into(), "b\\".into()],
            }],
        };
        let (file, _) = colloquy_config::BotFile::parse(&draft.to_toml(), &colloquy_config::Config::default())
            .unwrap_or_else(|e| panic!("{e}\n{}", draft.to_toml()));
        assert_eq!(file.chat.title, draft.title);
        assert_eq!(file.chat.description, draft.description);
        assert_eq!(file.chat.system_prompt.as_deref(), Some(draft.system_prompt.as_str()));
        let examples: Vec<&str> = file.chat.examples.iter().map(|e| e.text()).collect();
        assert_eq!(examples, ["a \"b\"", "ß"], "blank examples are left out");
        assert_eq!(file.inputs.len(), 1);
    }
}
