//! How a reply frame is read: a flat struct of every field any frame has,
//! then the frame its `type` names. serde's derive for an internally
//! tagged enum buffers each frame into a generic tree and has code for
//! every variant inlined wherever frames are read (27 KB of the page's
//! WASM, docs/PERFORMANCE.md); a plain struct is read in one pass.

use serde::Deserialize;

use crate::{AttachmentView, PanelState, ReplyFrame};

/// A frame's `type`.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum FrameKind {
    Started,
    Loading,
    Queued,
    Delta,
    Reasoning,
    ToolCall,
    File,
    Panel,
    Done,
    Error,
}

/// Every field of every frame; which are required depends on the kind.
#[derive(Debug, Deserialize)]
pub(crate) struct FlatFrame {
    #[serde(rename = "type")]
    kind: FrameKind,
    reply_id: Option<String>,
    conversation: Option<String>,
    title: Option<String>,
    position: Option<usize>,
    text: Option<String>,
    index: Option<u32>,
    id: Option<String>,
    name: Option<String>,
    arguments: Option<String>,
    attachment: Option<AttachmentView>,
    parent: Option<String>,
    status: Option<PanelState>,
    duration_ms: Option<u64>,
    finish: Option<String>,
    prompt_tokens: Option<u32>,
    completion_tokens: Option<u32>,
    message: Option<String>,
    said: Option<crate::Said>,
}

/// A required field the frame lacks.
fn needs<T>(field: Option<T>, name: &str) -> Result<T, String> {
    field.ok_or_else(|| format!("missing field `{name}`"))
}

impl TryFrom<FlatFrame> for ReplyFrame {
    type Error = String;

    fn try_from(f: FlatFrame) -> Result<Self, String> {
        Ok(match f.kind {
            FrameKind::Started => ReplyFrame::Started {
                reply_id: needs(f.reply_id, "reply_id")?,
                conversation: f.conversation.unwrap_or_default(),
                title: f.title,
            },
            FrameKind::Loading => ReplyFrame::Loading,
            FrameKind::Queued => ReplyFrame::Queued { position: needs(f.position, "position")? },
            FrameKind::Delta => ReplyFrame::Delta { text: needs(f.text, "text")? },
            FrameKind::Reasoning => ReplyFrame::Reasoning { text: needs(f.text, "text")? },
            FrameKind::ToolCall => ReplyFrame::ToolCall {
                index: needs(f.index, "index")?,
                id: f.id,
                name: f.name,
                arguments: needs(f.arguments, "arguments")?,
            },
            FrameKind::File => ReplyFrame::File { attachment: needs(f.attachment, "attachment")? },
            FrameKind::Panel => ReplyFrame::Panel {
                id: needs(f.id, "id")?,
                parent: f.parent,
                title: f.title,
                status: f.status,
                text: f.text.unwrap_or_default(),
                duration_ms: f.duration_ms,
            },
            FrameKind::Done => ReplyFrame::Done {
                finish: needs(f.finish, "finish")?,
                prompt_tokens: needs(f.prompt_tokens, "prompt_tokens")?,
                completion_tokens: needs(f.completion_tokens, "completion_tokens")?,
            },
            FrameKind::Error => ReplyFrame::Error { message: needs(f.message, "message")?, said: f.said },
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::{AttachmentView, FileKind, PanelState, ReplyFrame};

    /// Every frame, each field set where it can be.
    fn every_frame() -> Vec<ReplyFrame> {
        let attachment = AttachmentView { id: "f1".into(), name: "a.png".into(), kind: FileKind::Image, size: 3 };
        vec![
            ReplyFrame::Started { reply_id: "r".into(), conversation: "c".into(), title: Some("T".into()) },
            ReplyFrame::Started { reply_id: "r".into(), conversation: String::new(), title: None },
            ReplyFrame::Loading,
            ReplyFrame::Queued { position: 2 },
            ReplyFrame::Delta { text: "a \"b\"\n".into() },
            ReplyFrame::Reasoning { text: "why".into() },
            ReplyFrame::ToolCall {
                index: 1,
                id: Some("call".into()),
                name: Some("search".into()),
                arguments: "{}".into(),
            },
            ReplyFrame::ToolCall { index: 0, id: None, name: None, arguments: String::new() },
            ReplyFrame::File { attachment },
            ReplyFrame::Panel {
                id: "p".into(),
                parent: Some("q".into()),
                title: Some("Step".into()),
                status: Some(PanelState::Done),
                text: "out".into(),
                duration_ms: Some(12),
            },
            ReplyFrame::Panel {
                id: "p".into(),
                parent: None,
                title: None,
                status: None,
                text: String::new(),
                duration_ms: None,
            },
            ReplyFrame::Done { finish: "stop".into(), prompt_tokens: 3, completion_tokens: 4 },
            ReplyFrame::Error { message: "no".into(), said: Some(crate::Said::new("error-x").number("n", 2)) },
        ]
    }

    #[test]
    fn every_frame_reads_back_as_it_was_written() {
        for frame in every_frame() {
            let line = frame.to_line();
            assert_eq!(serde_json::from_str::<ReplyFrame>(&line).unwrap(), frame, "{line}");
        }
    }

    #[test]
    fn a_frame_without_a_field_its_kind_needs_is_refused_by_name() {
        let err = serde_json::from_str::<ReplyFrame>(r#"{"type":"delta"}"#).unwrap_err();
        assert!(err.to_string().contains("missing field `text`"), "{err}");
        let err =
            serde_json::from_str::<ReplyFrame>(r#"{"type":"done","finish":"stop","prompt_tokens":1}"#).unwrap_err();
        assert!(err.to_string().contains("completion_tokens"), "{err}");
    }

    #[test]
    fn an_unknown_kind_is_refused_and_unknown_fields_are_ignored() {
        assert!(serde_json::from_str::<ReplyFrame>(r#"{"type":"telepathy"}"#).is_err());
        assert!(serde_json::from_str::<ReplyFrame>(r#"{"text":"no type"}"#).is_err());
        let frame = serde_json::from_str::<ReplyFrame>(r#"{"type":"delta","text":"a","newer":1}"#).unwrap();
        assert_eq!(frame, ReplyFrame::Delta { text: "a".into() });
    }
}
