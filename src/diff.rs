//! `lvzhi diff`: what changed between two revisions of a town's lists. Items are paired by
//! content first (so an item inserted at 5 does not make every later item "changed"), then by
//! number, then by likeness; each changed field is diffed line by line, and within a line
//! character by character, which for Chinese is word by word.

use serde::Serialize;
use similar::{Algorithm, DiffTag, capture_diff_slices};

use crate::inert;
use crate::model::duties_text as duties;
use crate::model::{Dataset, Item, ListKind, parse_item_ref};

/// A run of text in a changed line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "snake_case")]
pub enum Piece {
    Same(String),
    Removed(String),
    Added(String),
}

/// One field of a changed item: its changed lines, each as pieces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub lines: Vec<Vec<Piece>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemChange {
    pub old: String,
    pub new: String,
    pub title: String,
    pub fields: Vec<FieldChange>,
}

/// An item only one side has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Only {
    pub id: String,
    pub title: String,
}

/// An item that kept its content under another number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Renumbered {
    pub old: String,
    pub new: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Diff {
    pub added: Vec<Only>,
    pub removed: Vec<Only>,
    pub changed: Vec<ItemChange>,
    /// Unchanged items whose number moved (listed apart, they are not changes of content).
    pub renumbered: Vec<Renumbered>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// The least likeness (shared character pairs, 0–1) at which two items with different numbers
/// are taken for one item changed, rather than one removed and another added.
pub const LIKENESS: f64 = 0.6;
/// The same, for two items with the same number.
pub const SAME_NUMBER_LIKENESS: f64 = 0.35;

/// Every field of an item as (label, text), the duty columns one line per step.
fn fields(dataset: &Dataset, item: &Item) -> Vec<(String, String)> {
    vec![
        ("清单".into(), item.list.full_name().into()),
        ("事项类别".into(), item.category.clone()),
        ("事项名称".into(), item.title.clone()),
        (
            label_or(item.list.departments_label(), "部门"),
            item.departments.join("、"),
        ),
        (
            label_or(item.list.upper_label(), "上级部门职责"),
            duties(&item.upper_duties),
        ),
        (dataset.town_duties_label(), duties(&item.town_duties)),
    ]
}

fn label_or(label: &str, fallback: &str) -> String {
    if label.is_empty() { fallback } else { label }.to_string()
}

/// Everything but the number: two items with equal content are one item.
fn content(dataset: &Dataset, item: &Item) -> String {
    fields(dataset, item)
        .into_iter()
        .map(|(_, text)| text)
        .collect::<Vec<_>>()
        .join("\u{1}")
}

fn bigrams(text: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).collect();
    let mut pairs: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Shared character pairs over all of both (Dice), 0–1.
fn likeness(a: &[(char, char)], b: &[(char, char)]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let shared = a.iter().filter(|p| b.binary_search(p).is_ok()).count();
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}

pub fn diff(old: &Dataset, new: &Dataset) -> Diff {
    let old_content: Vec<String> = old.items.iter().map(|i| content(old, i)).collect();
    let new_content: Vec<String> = new.items.iter().map(|i| content(new, i)).collect();
    let mut old_pair: Vec<Option<usize>> = vec![None; old.items.len()];
    let mut new_taken = vec![false; new.items.len()];

    // 1. Equal content: the same item, perhaps under a new number.
    let mut by_content: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for (n, text) in new_content.iter().enumerate().rev() {
        by_content.entry(text).or_default().push(n);
    }
    for (o, text) in old_content.iter().enumerate() {
        if let Some(n) = by_content.get_mut(text.as_str()).and_then(Vec::pop) {
            old_pair[o] = Some(n);
            new_taken[n] = true;
        }
    }
    let old_grams: Vec<_> = old_content.iter().map(|t| bigrams(t)).collect();
    let new_grams: Vec<_> = new_content.iter().map(|t| bigrams(t)).collect();

    // 2. The same number, if still alike: an item edited in place.
    for (o, item) in old.items.iter().enumerate() {
        if old_pair[o].is_some() {
            continue;
        }
        let same = new
            .items
            .iter()
            .position(|n| n.id == item.id)
            .filter(|&n| !new_taken[n]);
        if let Some(n) = same
            && likeness(&old_grams[o], &new_grams[n]) >= SAME_NUMBER_LIKENESS
        {
            old_pair[o] = Some(n);
            new_taken[n] = true;
        }
    }

    // 3. The likest remaining pairs, best first: an item edited and renumbered (or moved).
    let mut candidates = Vec::new();
    for o in (0..old.items.len()).filter(|&o| old_pair[o].is_none()) {
        for n in (0..new.items.len()).filter(|&n| !new_taken[n]) {
            let score = likeness(&old_grams[o], &new_grams[n]);
            if score >= LIKENESS {
                candidates.push((score, o, n));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (_, o, n) in candidates {
        if old_pair[o].is_none() && !new_taken[n] {
            old_pair[o] = Some(n);
            new_taken[n] = true;
        }
    }

    let mut result = Diff::default();
    for (o, pair) in old_pair.iter().enumerate() {
        let before = &old.items[o];
        let Some(n) = *pair else {
            result.removed.push(Only {
                id: before.id.clone(),
                title: before.title.clone(),
            });
            continue;
        };
        let after = &new.items[n];
        let changes = field_changes(old, before, new, after);
        if changes.is_empty() {
            if before.id != after.id {
                result.renumbered.push(Renumbered {
                    old: before.id.clone(),
                    new: after.id.clone(),
                });
            }
        } else {
            result.changed.push(ItemChange {
                old: before.id.clone(),
                new: after.id.clone(),
                title: after.title.clone(),
                fields: changes,
            });
        }
    }
    for (n, item) in new.items.iter().enumerate() {
        if !new_taken[n] {
            result.added.push(Only {
                id: item.id.clone(),
                title: item.title.clone(),
            });
        }
    }
    result
}

fn field_changes(old: &Dataset, before: &Item, new: &Dataset, after: &Item) -> Vec<FieldChange> {
    fields(old, before)
        .into_iter()
        .zip(fields(new, after))
        .filter(|((_, a), (_, b))| a != b)
        .map(|((_, a), (label, b))| FieldChange {
            field: label,
            lines: changed_lines(&a, &b),
        })
        .collect()
}

/// The lines that differ, each as pieces; a line replaced by one line is diffed within.
fn changed_lines(old: &str, new: &str) -> Vec<Vec<Piece>> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, &a, &b) {
        let (tag, olds, news) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => {}
            DiffTag::Delete => {
                out.extend(a[olds].iter().map(|l| vec![Piece::Removed(l.to_string())]))
            }
            DiffTag::Insert => {
                out.extend(b[news].iter().map(|l| vec![Piece::Added(l.to_string())]))
            }
            DiffTag::Replace => {
                let (olds, news) = (&a[olds], &b[news]);
                let paired = olds.len().min(news.len());
                for i in 0..paired {
                    out.push(words(olds[i], news[i]));
                }
                out.extend(
                    olds[paired..]
                        .iter()
                        .map(|l| vec![Piece::Removed(l.to_string())]),
                );
                out.extend(
                    news[paired..]
                        .iter()
                        .map(|l| vec![Piece::Added(l.to_string())]),
                );
            }
        }
    }
    out
}

/// One line against another, character by character, with a one-character island of sameness
/// between two changes folded into them: "[-水利-]局{+应急+}" reads worse than "[-水利局-]{+应急局+}".
pub fn words(old: &str, new: &str) -> Vec<Piece> {
    let a: Vec<char> = old.chars().collect();
    let b: Vec<char> = new.chars().collect();
    let ops = capture_diff_slices(Algorithm::Myers, &a, &b);
    let tuples: Vec<_> = ops.iter().map(|op| op.as_tag_tuple()).collect();
    let mut pieces: Vec<Piece> = Vec::new();
    let text = |s: &[char]| s.iter().collect::<String>();
    for (i, (tag, olds, news)) in tuples.iter().enumerate() {
        let island = *tag == DiffTag::Equal && olds.len() == 1 && i > 0 && i + 1 < tuples.len();
        if island {
            push(&mut pieces, Piece::Removed(text(&a[olds.clone()])));
            push(&mut pieces, Piece::Added(text(&b[news.clone()])));
            continue;
        }
        match tag {
            DiffTag::Equal => push(&mut pieces, Piece::Same(text(&a[olds.clone()]))),
            DiffTag::Delete => push(&mut pieces, Piece::Removed(text(&a[olds.clone()]))),
            DiffTag::Insert => push(&mut pieces, Piece::Added(text(&b[news.clone()]))),
            DiffTag::Replace => {
                push(&mut pieces, Piece::Removed(text(&a[olds.clone()])));
                push(&mut pieces, Piece::Added(text(&b[news.clone()])));
            }
        }
    }
    regroup(pieces)
}

/// Appends, merging with the last piece of the same kind.
fn push(pieces: &mut Vec<Piece>, piece: Piece) {
    match (pieces.last_mut(), &piece) {
        (Some(Piece::Same(a)), Piece::Same(b))
        | (Some(Piece::Removed(a)), Piece::Removed(b))
        | (Some(Piece::Added(a)), Piece::Added(b)) => a.push_str(b),
        _ => pieces.push(piece),
    }
}

/// Within each run of changes, all removals before all additions.
fn regroup(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out = Vec::new();
    let (mut removed, mut added) = (String::new(), String::new());
    let flush = |out: &mut Vec<Piece>, removed: &mut String, added: &mut String| {
        if !removed.is_empty() {
            out.push(Piece::Removed(std::mem::take(removed)));
        }
        if !added.is_empty() {
            out.push(Piece::Added(std::mem::take(added)));
        }
    };
    for piece in pieces {
        match piece {
            Piece::Removed(t) => removed.push_str(&t),
            Piece::Added(t) => added.push_str(&t),
            Piece::Same(t) => {
                flush(&mut out, &mut removed, &mut added);
                out.push(Piece::Same(t));
            }
        }
    }
    flush(&mut out, &mut removed, &mut added);
    out
}

/// A changed line for a reader: `[-old-]{+new+}`, or with `color`, red struck-through and green
/// underlined (readable without colour vision too).
pub fn render_line(pieces: &[Piece], color: bool) -> String {
    pieces
        .iter()
        .map(|piece| match (piece, color) {
            (Piece::Same(t), _) => inert::line(t).into_owned(),
            (Piece::Removed(t), false) => format!("[-{}-]", inert::line(t)),
            (Piece::Added(t), false) => format!("{{+{}+}}", inert::line(t)),
            (Piece::Removed(t), true) => inert::paint(inert::sgr::REMOVED, &inert::line(t)),
            (Piece::Added(t), true) => inert::paint(inert::sgr::ADDED, &inert::line(t)),
        })
        .collect()
}

/// The whole diff for a terminal or a file.
pub fn render(diff: &Diff, old: &Dataset, new: &Dataset, color: bool) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}（{}）→ {}（{}）：新增 {} 项，删除 {} 项，修改 {} 项，只改序号 {} 项",
        inert::line(&old.town),
        inert::line(&old.source),
        inert::line(&new.town),
        inert::line(&new.source),
        diff.added.len(),
        diff.removed.len(),
        diff.changed.len(),
        diff.renumbered.len()
    );
    for only in &diff.removed {
        let line = render_line(&[Piece::Removed(only.title.clone())], color);
        let _ = writeln!(out, "\n- {}  {line}", only.id);
    }
    for only in &diff.added {
        let line = render_line(&[Piece::Added(only.title.clone())], color);
        let _ = writeln!(out, "\n+ {}  {line}", only.id);
    }
    for change in &diff.changed {
        let ids = if change.old == change.new {
            change.new.clone()
        } else {
            format!("{} → {}", change.old, change.new)
        };
        let _ = writeln!(out, "\n~ {ids}  {}", inert::line(&change.title));
        for field in &change.fields {
            let _ = writeln!(out, "  {}：", inert::line(&field.field));
            for line in &field.lines {
                let _ = writeln!(out, "    {}", render_line(line, color));
            }
        }
    }
    if !diff.renumbered.is_empty() {
        let _ = writeln!(
            out,
            "\n只改了序号：{}",
            renumbered_runs(&diff.renumbered).join("，")
        );
    }
    out
}

/// Renumberings in runs: "coop-6–86 → coop-5–85" for 81 items that each moved up one.
fn renumbered_runs(moves: &[Renumbered]) -> Vec<String> {
    type Number = (ListKind, u32);
    let parsed: Vec<Option<(Number, Number)>> = moves
        .iter()
        .map(|m| Some((parse_item_ref(&m.old)?, parse_item_ref(&m.new)?)))
        .collect();
    let mut runs: Vec<String> = Vec::new();
    let mut i = 0;
    while i < moves.len() {
        let Some(((old_list, old_no), (new_list, new_no))) = parsed[i] else {
            runs.push(format!("{}→{}", moves[i].old, moves[i].new));
            i += 1;
            continue;
        };
        let mut end = i;
        while let Some(Some(((l, o), (nl, n)))) = parsed.get(end + 1) {
            let next = end + 1 - i;
            let continues = *l == old_list
                && *nl == new_list
                && *o == old_no + next as u32
                && *n == new_no + next as u32;
            if !continues {
                break;
            }
            end += 1;
        }
        if end == i {
            runs.push(format!("{}→{}", moves[i].old, moves[i].new));
        } else {
            let len = (end - i) as u32;
            runs.push(format!(
                "{}–{} → {}–{}",
                moves[i].old,
                old_no + len,
                moves[i].new,
                new_no + len
            ));
        }
        i = end + 1;
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_words_are_marked_whole() {
        let pieces = words("县水利局负责", "县应急管理局负责");
        assert_eq!(render_line(&pieces, false), "县[-水利-]{+应急管理+}局负责");
        let pieces = words("甲乙丙", "甲丁丙戊");
        assert_eq!(render_line(&pieces, false), "甲[-乙丙-]{+丁丙戊+}");
        let pieces = words("水利局", "应急局");
        assert_eq!(render_line(&pieces, false), "[-水利-]{+应急+}局");
    }
}
