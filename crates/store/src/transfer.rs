//! A conversation out of the store and back in: exported as Markdown (to
//! read) or JSON (to import again, here or on another Colloquy server).
//!
//! Files are not part of an export: their names, kinds and sizes are, but
//! not their upload ids, so an imported message can never name somebody
//! else's upload (or any server path) as its attachment.

use crate::conversations::check_title;
use serde::Deserialize;

use crate::export_format::{
    empty_object, ConversationExport, ExportedAttachment, ExportedMessage, ImportError, ImportLimits, EXPORT_FORMAT,
    EXPORT_VERSION,
};
use crate::{now_ms, Conversation, ConversationId, MessageStatus, Role, Store, StoreError, StoredMessage, UserId};

impl ConversationExport {
    /// A stored conversation, ready to write out: its path, and the
    /// variants off it (none: an export as before variants).
    pub fn new(conversation: &Conversation, messages: &[StoredMessage], variants: &[StoredMessage]) -> Self {
        let tree = !variants.is_empty();
        let exported = |m: &StoredMessage| ExportedMessage {
            id: tree.then_some(m.node),
            parent: (tree && m.parent > 0).then_some(m.parent),
            role: m.role.as_str().into(),
            content: m.content.clone(),
            reasoning: m.reasoning.clone(),
            attachments: attachment_names(&m.attachments),
            panels: serde_json::from_str(&m.panels).unwrap_or_default(),
            // A reply being written is exported as far as it got.
            status: match m.status {
                MessageStatus::Streaming => MessageStatus::Interrupted,
                other => other,
            }
            .as_str()
            .into(),
            error: m.error.clone(),
            prompt_tokens: m.prompt_tokens,
            completion_tokens: m.completion_tokens,
            created_ms: m.created_ms,
        };
        Self {
            format: EXPORT_FORMAT.into(),
            version: EXPORT_VERSION,
            title: conversation.title.clone(),
            model: conversation.model.clone(),
            settings: serde_json::from_str(&conversation.settings).unwrap_or_else(|_| empty_object()),
            created_ms: conversation.created_ms,
            messages: messages.iter().map(exported).collect(),
            variants: variants.iter().map(exported).collect(),
        }
    }

    /// Reads an export, checking everything before anything is stored.
    pub fn parse(json: &[u8], limits: ImportLimits) -> Result<Self, ImportError> {
        // Read straight into the typed structure, never into a whole
        // `serde_json::Value` (a tree of every node of a megabytes-large
        // body). A first pass keeps only `format`, skipping the rest, so a
        // file of another kind gets that error.
        #[derive(Deserialize)]
        struct Format {
            #[serde(default)]
            format: Option<serde_json::Value>,
        }
        let not_json = |e: serde_json::Error| ImportError::NotJson(e.to_string());
        if json.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            // JSON of another shape, or not JSON at all (checked without
            // keeping anything).
            serde_json::from_slice::<serde::de::IgnoredAny>(json).map_err(not_json)?;
            return Err(ImportError::Format { found: String::new() });
        }
        let header: Format = serde_json::from_slice(json).map_err(not_json)?;
        let found = header.format.as_ref().and_then(|f| f.as_str()).unwrap_or_default().to_string();
        if found != EXPORT_FORMAT {
            return Err(ImportError::Format { found });
        }
        let export: Self = serde_json::from_slice(json).map_err(|e| ImportError::Shape(e.to_string()))?;
        if export.version != EXPORT_VERSION {
            return Err(ImportError::Version { found: export.version });
        }
        check_title(&export.title).map_err(|e| ImportError::Title(e.to_string()))?;
        if !export.settings.is_object() {
            return Err(ImportError::Shape("settings must be an object".into()));
        }
        let found = export.messages.len() + export.variants.len();
        if found > limits.max_messages {
            return Err(ImportError::TooManyMessages { found, limit: limits.max_messages });
        }
        crate::transfer_tree::check_tree(&export)?;
        for (i, message) in export.messages.iter().chain(&export.variants).enumerate() {
            let fail = |why: String| ImportError::Message { index: i + 1, why };
            Role::parse(&message.role)
                .map_err(|_| fail(format!("has role {:?}; use user or assistant", message.role)))?;
            match MessageStatus::parse(&message.status) {
                Ok(MessageStatus::Streaming) | Err(_) => {
                    return Err(fail(format!(
                        "has status {:?}; use complete, interrupted, stopped or failed",
                        message.status
                    )))
                }
                Ok(_) => {}
            }
            for (what, text) in [("content", &message.content), ("reasoning", &message.reasoning)] {
                if text.len() > limits.max_message_bytes {
                    return Err(fail(format!(
                        "has {} bytes of {what}; at most {} fit",
                        text.len(),
                        limits.max_message_bytes
                    )));
                }
            }
            if message.attachments.len() > 64 {
                return Err(fail("names more than 64 attachments".into()));
            }
            if message.panels.len() > 64 || !message.panels.iter().all(serde_json::Value::is_object) {
                return Err(fail("has more than 64 panels, or a panel that is not an object".into()));
            }
            let panel_bytes = serde_json::to_string(&message.panels).map_or(usize::MAX, |text| text.len());
            if panel_bytes > limits.max_message_bytes {
                return Err(fail(format!(
                    "has {panel_bytes} bytes of panels; at most {} fit",
                    limits.max_message_bytes
                )));
            }
        }
        Ok(export)
    }

    /// The conversation as Markdown, to read or keep.
    pub fn to_markdown(&self) -> String {
        let mut out = format!("# {}\n\n", one_line(&self.title));
        out.push_str(&format!("*Exported from Colloquy · model `{}`", one_line(&self.model).replace('`', "'")));
        if let Some(date) = date(self.created_ms) {
            out.push_str(&format!(" · started {date}"));
        }
        out.push_str("*\n");
        for message in &self.messages {
            let who = if message.role == "user" { "You" } else { "Assistant" };
            out.push_str(&format!("\n---\n\n**{who}**"));
            if let Some(date) = date(message.created_ms) {
                out.push_str(&format!(" · {date}"));
            }
            out.push_str("\n\n");
            if !message.reasoning.is_empty() {
                for line in message.reasoning.lines() {
                    out.push_str(&format!("> {line}\n"));
                }
                out.push('\n');
            }
            out.push_str(message.content.trim_end());
            out.push('\n');
            for file in &message.attachments {
                out.push_str(&format!("\n*Attached: {}*\n", one_line(&file.name)));
            }
            for panel in &message.panels {
                let title = panel["title"].as_str().unwrap_or("Step");
                let ended = if panel["failed"] == true { "failed" } else { "done" };
                out.push_str(&format!("\n*{} ({ended})*\n", one_line(title)));
            }
            if message.status != "complete" {
                let why = message.error.as_deref().map(|e| format!(": {}", one_line(e))).unwrap_or_default();
                out.push_str(&format!("\n*({}{why})*\n", message.status));
            }
        }
        out
    }
}

fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

fn date(ms: i64) -> Option<String> {
    let at = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok()?;
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    (ms > 0).then(|| at.format(&format).ok()).flatten()
}

fn attachment_names(json: &str) -> Vec<ExportedAttachment> {
    let Ok(serde_json::Value::Array(files)) = serde_json::from_str::<serde_json::Value>(json) else {
        return Vec::new();
    };
    files
        .iter()
        .map(|file| ExportedAttachment {
            name: file.get("name").and_then(|v| v.as_str()).unwrap_or("file").into(),
            kind: file.get("kind").and_then(|v| v.as_str()).unwrap_or("").into(),
            size: file.get("size").and_then(|v| v.as_u64()).unwrap_or(0),
        })
        .collect()
}

impl Store {
    /// The owner's conversation as an export: its path and its variants.
    pub async fn export_conversation(
        &self,
        owner: &UserId,
        id: &ConversationId,
    ) -> Result<ConversationExport, StoreError> {
        let (conversation, messages) = self.open_conversation(owner, id).await?;
        let mut variants = self.read_messages(id, i64::MIN, -1).await?;
        variants.sort_by_key(|m| m.node);
        Ok(ConversationExport::new(&conversation, &messages, &variants))
    }

    /// Stores an export (checked by [`ConversationExport::parse`]) as a new
    /// conversation of `owner`'s, in one transaction: all of it or nothing.
    /// Attachments become a note of their names: the files did not come
    /// with it.
    pub async fn import_conversation(
        &self,
        owner: &UserId,
        export: &ConversationExport,
    ) -> Result<ConversationId, StoreError> {
        let title = check_title(&export.title)?;
        let now = now_ms();
        let id = ConversationId::new();
        let created = if export.created_ms > 0 { export.created_ms.min(now) } else { now };
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO conversations (id, owner, title, model, settings, created_ms, updated_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id.as_str())
        .bind(owner.as_str())
        .bind(&title)
        .bind(&export.model)
        .bind(export.settings.to_string())
        .bind(created)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        for (message, place) in crate::transfer_tree::placed(export) {
            let role = Role::parse(&message.role)?;
            let status = MessageStatus::parse(&message.status)?;
            let mut content = message.content.clone();
            for file in &message.attachments {
                content.push_str(&format!("\n\n*Attached: {}*", one_line(&file.name)));
            }
            let at = if message.created_ms > 0 { message.created_ms.min(now) } else { now };
            sqlx::query(
                "INSERT INTO messages (conversation_id, seq, role, content, reasoning, attachments, status, \
                 prompt_tokens, completion_tokens, error, created_ms, updated_ms, panels, node, parent_node, \
                 variant, variants, selected_ms) \
                 VALUES ($1, $2, $3, $4, $5, '[]', $6, $7, $8, $9, $10, $10, $11, $12, $13, $14, $15, $16)",
            )
            .bind(id.as_str())
            .bind(place.seq)
            .bind(role.as_str())
            .bind(&content)
            .bind(&message.reasoning)
            .bind(status.as_str())
            .bind(message.prompt_tokens)
            .bind(message.completion_tokens)
            .bind(message.error.as_deref())
            .bind(at)
            .bind(serde_json::to_string(&message.panels).unwrap_or_else(|_| "[]".into()))
            .bind(place.node)
            .bind(place.parent)
            .bind(place.variant)
            .bind(place.variants)
            .bind(if place.seq > 0 { now } else { 0 })
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: ImportLimits = ImportLimits { max_messages: 3, max_message_bytes: 100 };

    fn export() -> serde_json::Value {
        serde_json::json!({
            "format": EXPORT_FORMAT, "version": 1, "title": "Trip", "model": "m",
            "messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello", "status": "stopped"}]
        })
    }

    fn parse(value: serde_json::Value) -> Result<ConversationExport, ImportError> {
        ConversationExport::parse(value.to_string().as_bytes(), LIMITS)
    }

    #[test]
    fn a_minimal_export_reads_with_defaults() {
        let parsed = parse(export()).unwrap();
        assert_eq!(parsed.messages.len(), 2);
        assert_eq!(parsed.messages[0].status, "complete");
        assert!(parsed.settings.is_object());
    }

    #[test]
    fn malformed_files_are_told_apart() {
        let err = |value: serde_json::Value| parse(value).unwrap_err();
        assert!(matches!(ConversationExport::parse(b"{not json", LIMITS), Err(ImportError::NotJson(_))));
        assert!(matches!(err(serde_json::json!([1, 2])), ImportError::Format { .. }));
        let mut v = export();
        v["format"] = "chatgpt".into();
        assert_eq!(
            err(v).to_string(),
            "this file is a \"chatgpt\" file, not a Colloquy conversation export (\"colloquy.conversation\")"
        );
        let mut v = export();
        v["version"] = 7.into();
        assert!(matches!(err(v), ImportError::Version { found: 7 }));
        let mut v = export();
        v["title"] = "x".repeat(201).into();
        assert!(matches!(err(v), ImportError::Title(_)));
        let mut v = export();
        v["messages"][1]["role"] = "system".into();
        assert_eq!(err(v).to_string(), "message 2 has role \"system\"; use user or assistant");
        let mut v = export();
        v["messages"][0]["status"] = "streaming".into();
        assert!(matches!(err(v), ImportError::Message { index: 1, .. }));
        let mut v = export();
        v["messages"][0]["content"] = "x".repeat(101).into();
        assert!(matches!(err(v), ImportError::Message { index: 1, .. }));
        let mut v = export();
        v["messages"] = serde_json::Value::Array(vec![serde_json::json!({"role": "user", "content": "a"}); 4]);
        assert!(matches!(err(v), ImportError::TooManyMessages { found: 4, limit: 3 }));
        let mut v = export();
        v["messages"] = "none".into();
        assert!(matches!(err(v), ImportError::Shape(_)));
        let mut v = export();
        v["settings"] = serde_json::json!([1]);
        assert!(matches!(err(v), ImportError::Shape(_)));
    }

    #[test]
    fn markdown_names_who_said_what_and_keeps_titles_on_one_line() {
        let mut parsed = parse(export()).unwrap();
        parsed.title = "Line one\nline two".into();
        parsed.messages[1].attachments.push(ExportedAttachment {
            name: "cat.png".into(),
            kind: "image".into(),
            size: 3,
        });
        let md = parsed.to_markdown();
        assert!(md.starts_with("# Line one line two\n"), "{md}");
        assert!(md.contains("**You**\n\nhi\n"), "{md}");
        assert!(md.contains("**Assistant**\n\nhello\n\n*Attached: cat.png*\n\n*(stopped)*"), "{md}");
    }
}
