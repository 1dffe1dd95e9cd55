//! An export's variants as a tree: checked before an import stores
//! anything, then placed as the store keeps them (migration 0014).

use std::collections::{HashMap, HashSet};

use crate::export_format::{ConversationExport, ExportedMessage, ImportError};

/// Where an imported message goes: its `seq` (its place on the path, or
/// -node off it), its node and parent's, and which of how many variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TreePlace {
    pub seq: i64,
    pub node: i64,
    pub parent: i64,
    pub variant: i64,
    pub variants: i64,
}

/// An export with variants must be one tree: every message numbered once,
/// the path a line from the top, and every variant below a message of the
/// file. One without variants is a line whatever its numbers say.
pub(crate) fn check_tree(export: &ConversationExport) -> Result<(), ImportError> {
    if export.variants.is_empty() {
        return Ok(());
    }
    let fail = |why: String| Err(ImportError::Tree(why));
    let mut ids = HashSet::new();
    for (i, message) in export.messages.iter().chain(&export.variants).enumerate() {
        let Some(id) = message.id else { return fail(format!("message {} has no id", i + 1)) };
        if !ids.insert(id) {
            return fail(format!("the id {id} is used twice"));
        }
    }
    let mut above = None;
    for (i, message) in export.messages.iter().enumerate() {
        if message.parent != above {
            return fail(format!("message {} of the path does not follow the one before it", i + 1));
        }
        above = message.id;
    }
    if below_the_path(export).len() != export.variants.len() {
        return fail(
            "a variant's parent is not a message of the file, or variants follow each other in a circle".into(),
        );
    }
    Ok(())
}

/// The variants in an order where each comes after its parent (those that
/// never reach the path are left out: [`check_tree`] refuses them).
fn below_the_path(export: &ConversationExport) -> Vec<&ExportedMessage> {
    let mut known: HashSet<Option<i64>> = export.messages.iter().map(|m| m.id).collect();
    known.insert(None);
    let mut left: Vec<&ExportedMessage> = export.variants.iter().collect();
    let mut ordered = Vec::new();
    loop {
        let (ready, waiting): (Vec<_>, Vec<_>) = left.into_iter().partition(|m| known.contains(&m.parent));
        if ready.is_empty() {
            return ordered;
        }
        known.extend(ready.iter().map(|m| m.id));
        ordered.extend(ready);
        left = waiting;
    }
}

/// Each message of a checked export with its place: the path numbered
/// 1..n, then the variants; siblings ordered by their ids in the file.
pub(crate) fn placed(export: &ConversationExport) -> Vec<(&ExportedMessage, TreePlace)> {
    let path = export.messages.iter().enumerate().map(|(i, m)| (m, Some(i as i64 + 1)));
    let all: Vec<(&ExportedMessage, Option<i64>)> = if export.variants.is_empty() {
        path.collect()
    } else {
        path.chain(below_the_path(export).into_iter().map(|m| (m, None))).collect()
    };
    let tree = !export.variants.is_empty();
    // Nodes in this order; without variants, the line 1..n.
    let node_of: HashMap<i64, i64> =
        all.iter().enumerate().filter_map(|(i, (m, _))| m.id.map(|id| (id, i as i64 + 1))).collect();
    let parent_of = |i: usize, m: &ExportedMessage| -> i64 {
        if tree {
            m.parent.and_then(|p| node_of.get(&p).copied()).unwrap_or(0)
        } else {
            i as i64
        }
    };
    let mut siblings: HashMap<i64, Vec<(i64, i64)>> = HashMap::new();
    for (i, (m, _)) in all.iter().enumerate() {
        siblings.entry(parent_of(i, m)).or_default().push((m.id.unwrap_or(0), i as i64 + 1));
    }
    for group in siblings.values_mut() {
        group.sort();
    }
    all.iter()
        .enumerate()
        .map(|(i, (m, on_path))| {
            let node = i as i64 + 1;
            let parent = parent_of(i, m);
            let group = &siblings[&parent];
            let variant = group.iter().position(|&(_, n)| n == node).map_or(1, |p| p as i64 + 1);
            let place =
                TreePlace { seq: on_path.unwrap_or(-node), node, parent, variant, variants: group.len() as i64 };
            (*m, place)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(id: i64, parent: Option<i64>, content: &str) -> ExportedMessage {
        serde_json::from_value(serde_json::json!({"id": id, "parent": parent, "role": "user", "content": content}))
            .unwrap()
    }

    fn export(messages: Vec<ExportedMessage>, variants: Vec<ExportedMessage>) -> ConversationExport {
        let mut export: ConversationExport = serde_json::from_value(serde_json::json!({
            "format": crate::EXPORT_FORMAT, "version": 1, "title": "T", "model": "m", "messages": []
        }))
        .unwrap();
        export.messages = messages;
        export.variants = variants;
        export
    }

    #[test]
    fn variants_are_placed_below_their_parents_in_id_order() {
        // Path 10 → 30; 20 is an older variant of 30; 40 follows 20.
        let tree = export(
            vec![message(10, None, "q"), message(30, Some(10), "a2")],
            vec![message(40, Some(20), "more"), message(20, Some(10), "a1")],
        );
        check_tree(&tree).unwrap();
        let places: Vec<(&str, TreePlace)> = placed(&tree).into_iter().map(|(m, p)| (m.content.as_str(), p)).collect();
        let place = |seq, node, parent, variant, variants| TreePlace { seq, node, parent, variant, variants };
        assert_eq!(
            places,
            [
                ("q", place(1, 1, 0, 1, 1)),
                ("a2", place(2, 2, 1, 2, 2)),
                ("a1", place(-3, 3, 1, 1, 2)),
                ("more", place(-4, 4, 3, 1, 1)),
            ]
        );
    }

    #[test]
    fn an_export_without_variants_is_a_line() {
        let line = export(vec![message(7, None, "a"), message(3, Some(99), "b")], vec![]);
        check_tree(&line).unwrap();
        let places: Vec<TreePlace> = placed(&line).into_iter().map(|(_, p)| p).collect();
        assert_eq!(places[1], TreePlace { seq: 2, node: 2, parent: 1, variant: 1, variants: 1 });
    }

    #[test]
    fn trees_that_are_not_trees_are_refused() {
        let path = || vec![message(1, None, "q"), message(2, Some(1), "a")];
        let refused = |variants| check_tree(&export(path(), variants)).unwrap_err().to_string();
        assert!(refused(vec![message(2, Some(1), "again")]).contains("used twice"));
        assert!(refused(vec![message(5, Some(9), "lost")]).contains("not a message of the file"));
        assert!(refused(vec![message(5, Some(6), "x"), message(6, Some(5), "y")]).contains("circle"));
        let mut unnumbered = message(5, Some(1), "x");
        unnumbered.id = None;
        assert!(refused(vec![unnumbered]).contains("has no id"));
        let broken = export(vec![message(1, None, "q"), message(2, None, "a")], vec![message(3, Some(1), "b")]);
        assert!(check_tree(&broken).unwrap_err().to_string().contains("does not follow"));
    }
}
