//! Panels beside a reply (tool calls, a handler's titled steps), as one
//! list built from the reply's panel frames: by the page as they arrive,
//! and by the server as it saves the reply, so a stored reply keeps them.

use serde::{Deserialize, Serialize};

use crate::{PanelState, ReplyFrame};

/// One panel, as the page shows it and a stored reply keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelView {
    pub id: String,
    pub parent: Option<String>,
    pub title: String,
    pub pending: bool,
    /// Ended in failure (a tool that failed).
    pub failed: bool,
    pub text: String,
    pub duration_ms: Option<u64>,
}

/// An update as it arrives in a reply frame.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PanelChange {
    pub id: String,
    pub parent: Option<String>,
    pub title: Option<String>,
    /// An unknown state leaves the status.
    pub status: Option<PanelState>,
    pub text: String,
    pub duration_ms: Option<u64>,
}

impl PanelChange {
    /// What `frame` changes in the panels, if anything: a panel frame, or
    /// a piece of a tool call the model made (its own panel, by index).
    pub fn of_frame(frame: &ReplyFrame) -> Option<Self> {
        match frame {
            ReplyFrame::Panel { id, parent, title, status, text, duration_ms } => Some(Self {
                id: id.clone(),
                parent: parent.clone(),
                title: title.clone(),
                status: *status,
                text: text.clone(),
                duration_ms: *duration_ms,
            }),
            ReplyFrame::ToolCall { index, name, arguments, .. } => Some(Self {
                id: format!("tool-call-{index}"),
                title: name.as_ref().map(|name| format!("Tool call: {name}")),
                text: arguments.clone(),
                ..Default::default()
            }),
            _ => None,
        }
    }
}

/// Applies `change`: a new id makes a panel (pending unless said done),
/// a known one gets its fields updated and `text` appended. A parent that
/// names the panel itself, or a panel inside it, is dropped: panels form a
/// tree, never a loop.
pub fn apply(panels: &mut Vec<PanelView>, change: PanelChange) {
    let pending = match change.status {
        Some(PanelState::Pending) => Some(true),
        Some(PanelState::Done | PanelState::Failed) => Some(false),
        _ => None,
    };
    let failed = change.status == Some(PanelState::Failed);
    let parent = change.parent.filter(|parent| !is_within(panels, parent, &change.id));
    match panels.iter_mut().find(|p| p.id == change.id) {
        Some(panel) => {
            if let Some(title) = change.title {
                panel.title = title;
            }
            if let Some(pending) = pending {
                panel.pending = pending;
                panel.failed = failed;
            }
            if parent.is_some() {
                panel.parent = parent;
            }
            panel.text.push_str(&change.text);
            if change.duration_ms.is_some() {
                panel.duration_ms = change.duration_ms;
            }
        }
        None => panels.push(PanelView {
            title: change.title.unwrap_or_else(|| change.id.clone()),
            id: change.id,
            parent,
            pending: pending.unwrap_or(true),
            failed,
            text: change.text,
            duration_ms: change.duration_ms,
        }),
    }
}

/// Whether `candidate` is `id` or sits (at any depth) inside it.
fn is_within(panels: &[PanelView], candidate: &str, id: &str) -> bool {
    let mut at = Some(candidate.to_string());
    let mut steps = 0;
    while let Some(current) = at {
        if current == id || steps > panels.len() {
            return true;
        }
        at = panels.iter().find(|p| p.id == current).and_then(|p| p.parent.clone());
        steps += 1;
    }
    false
}

/// A reply ended: nothing in it is still running.
pub fn finish(panels: &mut [PanelView]) {
    for panel in panels.iter_mut() {
        panel.pending = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(id: &str, parent: Option<&str>, status: Option<&str>, text: &str) -> PanelChange {
        PanelChange {
            id: id.into(),
            parent: parent.map(Into::into),
            title: Some(format!("Step {id}")),
            // As the wire reads it: an unknown word is `Unknown`.
            status: status.map(|word| serde_json::from_value(serde_json::Value::from(word)).unwrap()),
            text: text.into(),
            duration_ms: None,
        }
    }

    #[test]
    fn updates_build_a_tree_of_panels() {
        let mut panels = Vec::new();
        apply(&mut panels, change("search", None, None, "query: rust"));
        apply(&mut panels, change("fetch", Some("search"), Some("pending"), ""));
        apply(&mut panels, change("search", None, None, "\n3 results"));
        apply(
            &mut panels,
            PanelChange {
                id: "fetch".into(),
                status: Some(PanelState::Done),
                duration_ms: Some(1200),
                ..Default::default()
            },
        );
        assert_eq!(panels.len(), 2);
        assert_eq!((panels[0].text.as_str(), panels[0].pending), ("query: rust\n3 results", true));
        assert_eq!(
            (panels[1].parent.as_deref(), panels[1].pending, panels[1].duration_ms),
            (Some("search"), false, Some(1200))
        );
        assert_eq!(panels[1].title, "Step fetch", "a title is kept when an update has none");
        finish(&mut panels);
        assert!(panels.iter().all(|p| !p.pending));
    }

    #[test]
    fn a_failed_panel_is_ended_and_marked() {
        let mut panels = Vec::new();
        apply(&mut panels, change("calc", None, Some("pending"), ""));
        apply(&mut panels, change("calc", None, Some("sideways"), "x"));
        assert!(panels[0].pending, "an unknown status changes nothing");
        apply(&mut panels, change("calc", None, Some("failed"), "division by zero"));
        assert_eq!((panels[0].pending, panels[0].failed), (false, true));
        assert_eq!(panels[0].text, "xdivision by zero");
    }

    #[test]
    fn parents_never_make_a_loop() {
        let mut panels = Vec::new();
        apply(&mut panels, change("a", None, None, ""));
        apply(&mut panels, change("b", Some("a"), None, ""));
        apply(&mut panels, change("a", Some("b"), None, ""));
        apply(&mut panels, change("c", Some("c"), None, ""));
        assert_eq!(panels[0].parent, None, "a cannot sit inside its own child");
        assert_eq!(panels[2].parent, None, "nor c inside itself");
    }
}
