//! The house kept in order (issue 26): no file in src/ over 600 lines, no function over 100
//! lines outside tests, and no two files that import each other. Read from the sources, so a
//! change that breaks one fails here, naming the file.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

const MAX_FILE: usize = 600;
const MAX_FUNCTION: usize = 100;

/// Every .rs file under src/, as its module path ("search/index/mod" → ["search", "index"]).
fn sources() -> BTreeMap<Vec<String>, (PathBuf, String)> {
    let root = common::repo_file("src");
    common::rust_sources()
        .into_iter()
        .map(|file| {
            let mut module: Vec<String> = file
                .strip_prefix(&root)
                .expect("under src")
                .iter()
                .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
                .collect();
            if module.last().is_some_and(|m| m == "mod" || m == "lib") {
                module.pop();
            }
            let text = std::fs::read_to_string(&file).expect("source");
            (module, (file, text))
        })
        .collect()
}

/// The code before the file's test module.
fn code(text: &str) -> &str {
    text.split("#[cfg(test)]").next().unwrap_or(text)
}

#[test]
fn no_file_in_src_is_over_600_lines() {
    let long: Vec<String> = sources()
        .values()
        .filter(|(_, text)| text.lines().count() > MAX_FILE)
        .map(|(file, text)| format!("{} ({} lines)", file.display(), text.lines().count()))
        .collect();
    assert!(
        long.is_empty(),
        "over {MAX_FILE} lines:\n{}",
        long.join("\n")
    );
}

/// A function runs from its `fn` line to the first line after it that is its indentation and
/// a closing brace (rustfmt's layout).
#[test]
fn no_function_is_over_100_lines() {
    let mut long = Vec::new();
    for (file, text) in sources().values() {
        let lines: Vec<&str> = code(text).lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            let indent = &line[..line.len() - trimmed.len()];
            let words: Vec<&str> = trimmed.split_whitespace().collect();
            let Some(at) = words.iter().position(|w| *w == "fn") else {
                continue;
            };
            // Only qualifiers may come before `fn`: not a call or a type that mentions it.
            let qualifiers = words[..at].iter().all(|w| {
                w.starts_with("pub") || ["const", "async", "unsafe", "extern"].contains(w)
            });
            if !qualifiers || line.trim_end().ends_with(';') {
                continue;
            }
            let close = format!("{indent}}}");
            if let Some(end) = lines[i + 1..].iter().position(|l| *l == close) {
                let length = end + 2;
                if length > MAX_FUNCTION {
                    long.push(format!("{}:{}: {length} lines", file.display(), i + 1));
                }
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_FUNCTION} lines:\n{}",
        long.join("\n")
    );
}

/// The files a file uses: each `crate::`, `super::` or `self::` path resolved to the longest
/// module it names.
fn used_by(
    module: &[String],
    is_dir: bool,
    code: &str,
    modules: &BTreeSet<Vec<String>>,
) -> BTreeSet<Vec<String>> {
    let mut used = BTreeSet::new();
    for root in ["crate::", "super::", "self::"] {
        for (at, _) in code.match_indices(root) {
            // `super::super::x`, `crate::{a, b::c}`: each path read from where it starts.
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let mut base: Vec<String> = match root {
                "crate::" => Vec::new(),
                // From a/b.rs `super` is a; from a/b/mod.rs it is a as well.
                "super::" => module[..module.len().saturating_sub(1)].to_vec(),
                _ if is_dir => module.to_vec(),
                _ => module[..module.len().saturating_sub(1)].to_vec(),
            };
            let mut rest = &code[at + root.len()..];
            while let Some(more) = rest.strip_prefix("super::") {
                base.pop();
                rest = more;
            }
            let groups: Vec<String> = match rest.strip_prefix('{') {
                Some(group) => group[..group.find('}').unwrap_or(group.len())]
                    .split(',')
                    .map(|p| p.trim().to_string())
                    .collect(),
                None => vec![rest.to_string()],
            };
            for path in groups {
                let segments: Vec<String> = path
                    .split("::")
                    .map(|s| {
                        s.chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect::<String>()
                    })
                    .take_while(|s| !s.is_empty())
                    .collect();
                let full: Vec<String> = base.iter().cloned().chain(segments).collect();
                let found = (1..=full.len())
                    .rev()
                    .map(|k| full[..k].to_vec())
                    .find(|m| modules.contains(m));
                if let Some(found) = found.filter(|m| m.as_slice() != module) {
                    used.insert(found);
                }
            }
        }
    }
    used
}

#[test]
fn no_two_files_import_each_other() {
    let sources = sources();
    let modules: BTreeSet<Vec<String>> = sources.keys().cloned().collect();
    let uses: BTreeMap<&Vec<String>, BTreeSet<Vec<String>>> = sources
        .iter()
        .map(|(module, (file, text))| {
            let is_dir = file.ends_with("mod.rs") || file.ends_with("lib.rs");
            (module, used_by(module, is_dir, code(text), &modules))
        })
        .collect();
    let mut circles = Vec::new();
    for (a, used) in &uses {
        for b in used {
            let back = uses.get(b).is_some_and(|u| u.contains(*a));
            // A module and the file that declares it (its parent's mod.rs) are one unit.
            let parent = b.len() + 1 == a.len() && a.starts_with(b);
            if back && !parent && *a < b {
                circles.push(format!("{} ⇄ {}", a.join("/"), b.join("/")));
            }
        }
    }
    assert!(
        circles.is_empty(),
        "files that import each other:\n{}",
        circles.join("\n")
    );
}
