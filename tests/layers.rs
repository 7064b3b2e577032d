//! The layers of the house, kept: a module may use its own layer and the ones below it, never
//! one above. Read from the `crate::…` paths in src/, so a new upward import fails here. The same
//! order is drawn in docs/architecture.md.

mod common;

use std::collections::BTreeSet;

/// The crate's modules, lowest layer first.
const CRATE: &[&[&str]] = &[
    &[
        "inert", "error", "date", "workdays", "files", "mapped", "memory",
    ],
    &["model", "departments"],
    &["import", "search", "meaning"],
    &["admit", "towns", "cache"],
    &["review"],
    &["export", "letter", "check", "diff"],
    &["tui"],
    &["cli"],
];

/// Inside the app, lowest first: what the keys mean below the state that performs them, the
/// state below the drawing of it.
const TUI: &[&[&str]] = &[
    &["mode", "action"],
    &[
        "keymap", "edit", "theme", "wrap", "glyph", "input", "note", "picker", "backend", "hangup",
        "resume",
    ],
    &["layout"],
    &["app"],
    &["view"],
];

/// Uses that break the order today, each with the change that removes it. The test fails when
/// one is no longer there, so the list only shrinks. (Empty: the app measured the detail and
/// the help with the view's line builders until they moved into layout.)
const KNOWN: &[(&str, &str, &str)] = &[];

/// The paths after each `crate::`, a `crate::{a::b, c}` group read as its members.
fn crate_paths(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            paths.extend(inner.split(',').map(|p| p.trim().to_string()));
        } else {
            paths.push(
                rest.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect(),
            );
        }
    }
    paths.retain(|p| !p.is_empty());
    paths
}

/// The module behind a name the crate root re-exports (`crate::Error` is the error module's).
fn root_item(name: &str) -> &str {
    match name {
        "Error" | "Result" => "error",
        "Dataset" | "Item" | "ListKind" | "Section" | "Status" => "model",
        other => other,
    }
}

fn layer_of(layers: &[&[&str]], module: &str) -> Option<usize> {
    layers.iter().position(|layer| layer.contains(&module))
}

/// Every (user, used) pair of modules in the layering, as "tui/app" or "search".
fn uses() -> BTreeSet<(String, String)> {
    let root = common::repo_file("src");
    let files = common::rust_sources();
    let mut pairs = BTreeSet::new();
    for file in files {
        let relative = file.strip_prefix(&root).expect("under src");
        let parts: Vec<String> = relative
            .iter()
            .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
            .collect();
        if parts[0] == "main" || parts[0] == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("source");
        // Test modules may reach anywhere, to build what they test.
        let code = text.split("#[cfg(test)]").next().unwrap_or(&text);
        let user = parts[0].clone();
        let user_tui =
            (user == "tui" && parts.len() > 1 && parts[1] != "mod").then(|| parts[1].clone());
        for path in crate_paths(code) {
            let mut segments = path.split("::");
            let Some(used) = segments.next().map(root_item) else {
                continue;
            };
            if used != user {
                pairs.insert((user.clone(), used.to_string()));
            } else if let (Some(from), Some(to)) = (&user_tui, segments.next()) {
                if from != to {
                    pairs.insert((format!("tui/{from}"), format!("tui/{to}")));
                }
            }
        }
        // `super::` inside the app's modules names a sibling module of tui.
        if let Some(from) = &user_tui {
            // From tui/x.rs or tui/x/mod.rs, `super::` is tui; from tui/x/y.rs, `super::super::`.
            let depth = parts.len() - 1 - usize::from(parts.last().is_some_and(|p| p == "mod"));
            let prefix = "super::".repeat(depth);
            for (at, _) in code.match_indices(&prefix) {
                let to: String = code[at + prefix.len()..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !to.is_empty() && &to != from && layer_of(TUI, &to).is_some() {
                    pairs.insert((format!("tui/{from}"), format!("tui/{to}")));
                }
            }
        }
    }
    pairs
}

#[test]
fn no_module_uses_a_higher_layer() {
    let pairs = uses();
    let mut upward = Vec::new();
    for (user, used) in &pairs {
        let (layers, a, b) = match (user.strip_prefix("tui/"), used.strip_prefix("tui/")) {
            (Some(a), Some(b)) => (TUI, a, b),
            _ => (CRATE, user.as_str(), used.as_str()),
        };
        let (Some(from), Some(to)) = (layer_of(layers, a), layer_of(layers, b)) else {
            panic!(
                "{user} or {used} is in no layer: add it to the order here and in docs/architecture.md"
            );
        };
        let known = KNOWN.iter().any(|(u, d, _)| u == user && d == used);
        if to > from && !known {
            upward.push(format!("{user} uses {used}"));
        }
    }
    assert!(upward.is_empty(), "upward imports:\n{}", upward.join("\n"));
    for (user, used, why) in KNOWN {
        assert!(
            pairs.contains(&(user.to_string(), used.to_string())),
            "{user} no longer uses {used} ({why}): remove it from KNOWN"
        );
    }
}

#[test]
fn the_reader_sees_real_imports() {
    // The check itself: it finds what is certainly there.
    let pairs = uses();
    for (user, used) in [
        ("cli", "tui"),
        ("review", "search"),
        ("tui/app", "tui/layout"),
        ("tui/keymap", "tui/mode"),
    ] {
        assert!(
            pairs.contains(&(user.to_string(), used.to_string())),
            "{user} -> {used} not found"
        );
    }
}
