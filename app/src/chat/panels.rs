//! Panels beside a reply: tool calls the model makes, and the titled steps
//! a handler reports (Gradio's message metadata), each collapsible, with a
//! status, nested under its parent.

use colloquy_wire::PanelState;
use leptos::prelude::*;

/// One panel as the page holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// The panels of a reply whose parent is `parent`, each with its own
/// panels inside.
#[component]
pub fn PanelList(panels: RwSignal<Vec<PanelView>>, #[prop(optional)] parent: Option<String>) -> impl IntoView {
    let ids =
        move || panels.with(|all| all.iter().filter(|p| p.parent == parent).map(|p| p.id.clone()).collect::<Vec<_>>());
    view! { <For each=ids key=|id| id.clone() children=move |id| view! { <PanelBox panels id/> } /> }
}

#[component]
fn PanelBox(panels: RwSignal<Vec<PanelView>>, id: String) -> impl IntoView {
    let key = StoredValue::new(id.clone());
    let read = move |f: fn(&PanelView) -> String| {
        panels.with(|all| all.iter().find(|p| p.id == *key.read_value()).map(f).unwrap_or_default())
    };
    let status = move || {
        read(|p| match (p.pending, p.failed) {
            (true, _) => "pending".into(),
            (false, true) => "failed".into(),
            (false, false) => "done".into(),
        })
    };
    let summary = move || {
        read(|p| {
            let ended = if p.failed { "failed" } else { "done" };
            match (p.pending, p.duration_ms) {
                (true, _) => "running…".into(),
                (false, Some(ms)) => format!("{ended} in {:.1} s", ms as f64 / 1000.0),
                (false, None) => ended.into(),
            }
        })
    };
    // Boxed: a panel holds a list of panels, which would be an endlessly
    // nested type otherwise.
    let children = view! { <PanelList panels parent=id/> }.into_any();
    view! {
        <details class="panel" data-status=status>
            <summary>
                <span class="panel-title">{move || read(|p| p.title.clone())}</span>
                <span class="panel-status" role="status">{summary}</span>
            </summary>
            <pre class="panel-text">{move || read(|p| p.text.clone())}</pre>
            {children}
        </details>
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
