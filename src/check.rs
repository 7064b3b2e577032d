//! `lvzhi check`: what a list's maintainer should fix before publishing. Every finding names an
//! item, what is wrong and why it matters; each check is a function of the dataset (and, for a
//! published file, of what its import repaired).

use std::collections::HashMap;

use serde::Serialize;

use crate::departments;
use crate::import::ImportReport;
use crate::model::{Dataset, Item, ListKind, Section};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The list is wrong as published: a missing item, an empty cell, a repeated number.
    Error,
    /// Probably wrong: worth a look before publishing.
    Warning,
    /// Style and consistency.
    Info,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
}

/// One thing to fix: `id` is the item's (or, for a gap, the missing number's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub id: String,
    pub what: String,
    pub why: String,
}

impl Finding {
    fn new(severity: Severity, id: &str, what: String, why: String) -> Finding {
        Finding {
            severity,
            id: id.to_string(),
            what,
            why,
        }
    }
}

/// Every finding, errors first, then in published order.
pub fn check(dataset: &Dataset, import: Option<&ImportReport>) -> Vec<Finding> {
    let mut findings = Vec::new();
    numbering(dataset, import, &mut findings);
    empty_cells(dataset, &mut findings);
    departments_named_in_duties(dataset, &mut findings);
    repeated_titles(dataset, &mut findings);
    near_repeats_across_lists(dataset, &mut findings);
    artefacts(dataset, import, &mut findings);
    unknown_departments(dataset, &mut findings);
    let order: HashMap<&str, usize> = dataset
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| (item.id.as_str(), i))
        .collect();
    let position = |f: &Finding| {
        order.get(f.id.as_str()).copied().unwrap_or_else(|| {
            // A missing number sorts where it would stand.
            crate::model::parse_item_ref(&f.id).map_or(usize::MAX, |(list, no)| {
                dataset
                    .items
                    .iter()
                    .position(|i| i.list == list && i.no > no)
                    .unwrap_or(dataset.items.len())
            })
        })
    };
    findings.sort_by_key(|f| (f.severity, position(f)));
    findings
}

/// Gaps, numbers out of order, and (from the import) numbers used twice.
fn numbering(dataset: &Dataset, import: Option<&ImportReport>, out: &mut Vec<Finding>) {
    for list in ListKind::ALL {
        let numbers: Vec<u32> = dataset.items_of(list).map(|i| i.no).collect();
        for pair in numbers.windows(2) {
            if pair[1] < pair[0] {
                out.push(Finding::new(
                    Severity::Warning,
                    &Item::make_id(list, pair[1]),
                    format!("序号 {} 排在 {} 之后", pair[1], pair[0]),
                    format!("{}应按序号排列，读者按序号找事项", list.full_name()),
                ));
            }
        }
        let mut sorted = numbers.clone();
        sorted.sort_unstable();
        let mut expected = 1;
        for &no in &sorted {
            if no > expected {
                let missing = if no - expected == 1 {
                    format!("缺序号 {expected}")
                } else {
                    format!("缺序号 {expected}–{}", no - 1)
                };
                let before = if expected > 1 {
                    format!("从 {} 跳到 {no}", expected - 1)
                } else {
                    format!("从 {no} 开始")
                };
                out.push(Finding::new(
                    Severity::Error,
                    &Item::make_id(list, expected),
                    missing,
                    format!("{}的序号{before}：漏了事项，或者编号错了", list.full_name()),
                ));
            }
            expected = expected.max(no + 1);
        }
    }
    for duplicate in import.map_or(&[][..], |r| &r.duplicates) {
        out.push(Finding::new(
            Severity::Error,
            &duplicate.id,
            "序号重复".into(),
            format!(
                "{}和{}用了同一个序号；只读了前一个",
                duplicate.first, duplicate.again
            ),
        ));
    }
}

/// The columns an item of its list must fill.
fn empty_cells(dataset: &Dataset, out: &mut Vec<Finding>) {
    let town_label = dataset.town_duties_label();
    for item in &dataset.items {
        let mut empty = Vec::new();
        if item.category.trim().is_empty() {
            empty.push("事项类别");
        }
        if item.title.trim().is_empty() {
            empty.push("事项名称");
        }
        if item.list != ListKind::Basic {
            if item.departments.is_empty() {
                empty.push(item.list.departments_label());
            }
            if is_empty(&item.upper_duties) {
                empty.push(item.list.upper_label());
            }
        }
        if item.list == ListKind::Coop && is_empty(&item.town_duties) {
            empty.push(&town_label);
        }
        for column in empty {
            out.push(Finding::new(
                Severity::Error,
                &item.id,
                format!("{column}为空"),
                format!("{}的每一项都要写明{column}", item.list.full_name()),
            ));
        }
    }
}

fn is_empty(sections: &[Section]) -> bool {
    sections
        .iter()
        .all(|s| s.steps.iter().all(|step| step.trim().is_empty()))
}

/// A duty column as one string, headings included.
fn text_of(sections: &[Section]) -> String {
    let mut text = String::new();
    for section in sections {
        for part in section.heading.iter().chain(&section.steps) {
            text.push_str(part);
            text.push('\n');
        }
    }
    text
}

/// Up to `n` characters either side of a byte range, on one line.
fn excerpt(text: &str, at: usize, len: usize, n: usize) -> String {
    let before: String = {
        let chars: Vec<char> = text[..at].chars().collect();
        chars[chars.len().saturating_sub(n)..].iter().collect()
    };
    let after: String = text[at + len..].chars().take(n).collect();
    let mark = |s: &str| s.replace('\n', " ");
    format!("…{}{}{}…", mark(&before), &text[at..at + len], mark(&after))
}

/// A department the duty text gives work to, missing from the department column: whoever
/// reads the column to find who owns the item would miss it (coop-87 names 县应急管理局).
fn departments_named_in_duties(dataset: &Dataset, out: &mut Vec<Finding>) {
    let town_label = dataset.town_duties_label();
    for item in dataset.items.iter().filter(|i| i.list != ListKind::Basic) {
        let columns = [
            (item.list.upper_label(), &item.upper_duties),
            (town_label.as_str(), &item.town_duties),
        ];
        let mut reported = Vec::new();
        for (label, sections) in columns {
            let text = text_of(sections);
            for (department, at, spelling) in departments::mentions(&text) {
                let listed = item.departments.iter().any(|d| d == department.name);
                if listed || reported.contains(&department.name) {
                    continue;
                }
                reported.push(department.name);
                out.push(Finding::new(
                    Severity::Warning,
                    &item.id,
                    format!("{}里没有{}", item.list.departments_label(), department.name),
                    format!(
                        "{label}提到「{}」，而{}只写了{}",
                        excerpt(&text, at, spelling.len(), 8),
                        item.list.departments_label(),
                        item.departments.join("、")
                    ),
                ));
            }
        }
    }
}

/// Titles without punctuation or spaces, to compare what was written, not how.
fn bare(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// One list naming the same item twice.
fn repeated_titles(dataset: &Dataset, out: &mut Vec<Finding>) {
    let mut seen: HashMap<(ListKind, String), &str> = HashMap::new();
    for item in &dataset.items {
        let key = (item.list, bare(&item.title));
        if key.1.is_empty() {
            continue;
        }
        if let Some(first) = seen.get(&key) {
            out.push(Finding::new(
                Severity::Warning,
                &item.id,
                format!("与 {first} 同名"),
                format!("{}里「{}」出现了两次", item.list.full_name(), item.title),
            ));
        } else {
            seen.insert(key, &item.id);
        }
    }
}

/// Character pairs of a title, each packed in a u64, sorted: the unit that says "the same
/// words" in Chinese without a dictionary.
fn bigrams(text: &str) -> Vec<u64> {
    let chars: Vec<char> = bare(text).chars().collect();
    let mut pairs: Vec<u64> = chars
        .windows(2)
        .map(|w| (u64::from(w[0]) << 32) | u64::from(w[1]))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// How much of one title another repeats, weighting rare character pairs above common ones
/// (工作, 管理), as (share of the shorter title, share of both). Both must be high.
pub const NEAR_REPEAT: (f64, f64) = (0.5, 0.35);

/// An item of one list that nearly repeats one of another: a duty cannot be the town's own
/// and taken back, or the town's own and shared, at once.
fn near_repeats_across_lists(dataset: &Dataset, out: &mut Vec<Finding>) {
    let grams: Vec<Vec<u64>> = dataset.items.iter().map(|i| bigrams(&i.title)).collect();
    let mut df: HashMap<u64, f64> = HashMap::new();
    for &g in grams.iter().flatten() {
        *df.entry(g).or_default() += 1.0;
    }
    let n = dataset.items.len() as f64;
    // Each title's pairs with their weights, in pair order, for a merge.
    let weighted: Vec<Vec<(u64, f64)>> = grams
        .iter()
        .map(|gs| gs.iter().map(|g| (*g, (n / df[g]).ln())).collect())
        .collect();
    let totals: Vec<f64> = weighted
        .iter()
        .map(|gs| gs.iter().map(|(_, w)| w).sum())
        .collect();
    for (a, item_a) in dataset.items.iter().enumerate() {
        for (b, item_b) in dataset.items.iter().enumerate().skip(a + 1) {
            if item_a.list == item_b.list || totals[a] <= 0.0 || totals[b] <= 0.0 {
                continue;
            }
            let shared = shared_weight(&weighted[a], &weighted[b]);
            let of_shorter = shared / totals[a].min(totals[b]);
            let of_both = 2.0 * shared / (totals[a] + totals[b]);
            if of_shorter >= NEAR_REPEAT.0 && of_both >= NEAR_REPEAT.1 {
                out.push(Finding::new(
                    Severity::Warning,
                    &item_a.id,
                    format!("与{}的 {} 相近", item_b.list.full_name(), item_b.id),
                    format!(
                        "「{}」和「{}」说的可能是同一件事，同一件事只应在一张清单里",
                        item_a.title, item_b.title
                    ),
                ));
            }
        }
    }
}

/// The weight of the pairs two sorted lists share.
fn shared_weight(a: &[(u64, f64)], b: &[(u64, f64)]) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// Every text of an item with the column it is in.
fn fields<'a>(dataset: &Dataset, item: &'a Item) -> Vec<(String, &'a str)> {
    let mut fields = vec![
        ("事项类别".to_string(), item.category.as_str()),
        ("事项名称".to_string(), item.title.as_str()),
    ];
    fields.extend(
        item.departments
            .iter()
            .map(|d| (item.list.departments_label().to_string(), d.as_str())),
    );
    let columns = [
        (item.list.upper_label().to_string(), &item.upper_duties),
        (dataset.town_duties_label(), &item.town_duties),
    ];
    for (label, sections) in columns {
        for section in sections {
            for part in section.heading.iter().chain(&section.steps) {
                fields.push((label.clone(), part.as_str()));
            }
        }
    }
    fields
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// What a conversion leaves in text, as (what, severity), for one string.
fn artefacts_in(text: &str) -> Vec<(&'static str, Severity)> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let lower = text.to_ascii_lowercase();
    if chars
        .windows(2)
        .any(|w| w[0] == '<' && (w[1].is_ascii_alphabetic() || w[1] == '/'))
    {
        found.push(("HTML 标签", Severity::Warning));
    }
    if ["&nbsp;", "&amp;", "&lt;", "&gt;", "&quot;", "&#"]
        .iter()
        .any(|e| lower.contains(e))
    {
        found.push(("HTML 实体（如 &nbsp;）", Severity::Warning));
    }
    if chars.contains(&'\u{FFFD}') {
        found.push(("乱码替换符 �", Severity::Warning));
    }
    if chars.iter().any(|&c| {
        matches!(c, '\u{200B}'..='\u{200F}' | '\u{FEFF}' | '\u{00A0}')
            || (c.is_control() && c != '\n')
    }) {
        found.push((
            "看不见的字符（零宽字符、不换行空格或控制字符）",
            Severity::Warning,
        ));
    }
    let between_han =
        |i: usize, j: usize| i > 0 && j < chars.len() && is_han(chars[i - 1]) && is_han(chars[j]);
    for (i, c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            let end = (i..chars.len())
                .find(|&j| !chars[j].is_whitespace())
                .unwrap_or(chars.len());
            if between_han(i, end) && chars[i..end].iter().all(|c| *c == ' ') {
                found.push(("汉字之间的空格", Severity::Warning));
                break;
            }
        }
    }
    if text.contains(" and ") && chars.iter().any(|&c| is_han(c)) {
        found.push(("汉字之间的“and”", Severity::Warning));
    }
    if (0..chars.len()).any(|i| matches!(chars[i], ',' | ';' | ':') && between_han(i, i + 1)) {
        found.push(("汉字之间用了半角标点（, ; :）", Severity::Info));
    }
    let pairs = [
        ('（', '）'),
        ('(', ')'),
        ('“', '”'),
        ('《', '》'),
        ('【', '】'),
    ];
    if pairs.iter().any(|&(open, close)| {
        chars.iter().filter(|&&c| c == open).count()
            != chars.iter().filter(|&&c| c == close).count()
    }) {
        found.push(("括号或引号不成对", Severity::Warning));
    }
    found
}

/// Leftovers of converting the lists from PDF or Word, and what the import had to repair. A
/// style note (half-width punctuation) is one finding listing its items, not one per item.
fn artefacts(dataset: &Dataset, import: Option<&ImportReport>, out: &mut Vec<Finding>) {
    let mut notes: Vec<(&str, Vec<&str>)> = Vec::new();
    for item in &dataset.items {
        let mut seen: Vec<(&str, String)> = Vec::new();
        for (label, text) in fields(dataset, item) {
            for (what, severity) in artefacts_in(text) {
                if severity == Severity::Info {
                    match notes.iter_mut().find(|(w, _)| *w == what) {
                        Some((_, ids)) if ids.last() == Some(&item.id.as_str()) => {}
                        Some((_, ids)) => ids.push(&item.id),
                        None => notes.push((what, vec![&item.id])),
                    }
                    continue;
                }
                if seen.iter().any(|(w, l)| *w == what && *l == label) {
                    continue;
                }
                seen.push((what, label.clone()));
                let sample: String = text.chars().take(40).collect();
                out.push(Finding::new(
                    severity,
                    &item.id,
                    format!("{label}里有{what}"),
                    format!("转换或录入留下的痕迹，检索和导出都会带着它：「{sample}」"),
                ));
            }
        }
    }
    for (what, ids) in notes {
        out.push(Finding::new(
            Severity::Info,
            ids[0],
            format!("{} 项里{what}", ids.len()),
            format!("全角、半角混用，宜统一为全角：{}", ids.join("、")),
        ));
    }
    let Some(report) = import else {
        return;
    };
    for ((kind, _field), tally) in &report.repairs.tallies {
        out.push(Finding::new(
            Severity::Warning,
            &tally.first_item,
            format!("原文件里有转换痕迹（{}）：{} 处", kind.label(), tally.count),
            format!(
                "导入时已修复，但公布的文件里还在，首见「{}」",
                tally.example
            ),
        ));
    }
}

/// Departments the registry does not know: a misspelling, or a body the registry lacks.
fn unknown_departments(dataset: &Dataset, out: &mut Vec<Finding>) {
    let mut reported: Vec<&str> = Vec::new();
    for item in &dataset.items {
        for name in &item.departments {
            if departments::resolve(name).is_none() && !reported.contains(&name.as_str()) {
                reported.push(name);
                out.push(Finding::new(
                    Severity::Info,
                    &item.id,
                    format!("部门登记表里没有「{name}」"),
                    "可能写错了名字，或者是登记表（docs/data.md）还没有的部门；检索「部门:」按登记表的名称归并".into(),
                ));
            }
        }
    }
}

/// (errors, warnings, notes).
pub fn counts(findings: &[Finding]) -> (usize, usize, usize) {
    let count = |s| findings.iter().filter(|f| f.severity == s).count();
    (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn artefacts_are_found_in_text_and_not_in_clean_text() {
        let found =
            |t: &str| -> Vec<&str> { artefacts_in(t).into_iter().map(|(w, _)| w).collect() };
        assert!(found("应急 管理").contains(&"汉字之间的空格"));
        assert!(found("单位 and 个人").contains(&"汉字之间的“and”"));
        assert!(found("<p>巡查").contains(&"HTML 标签"));
        assert!(found("巡查（每月").contains(&"括号或引号不成对"));
        assert!(found("巡查,每月").contains(&"汉字之间用了半角标点（, ; :）"));
        assert!(found("按 1.5 倍计（WPS Office 表格）。").is_empty());
    }
}
