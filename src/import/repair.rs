//! Repairs of PDF-conversion artefacts, and the tally of every repair made, by kind and field.
//! Only these two repairs exist; every other character stays as published.

use std::collections::BTreeMap;
use std::fmt::Write;

/// Which cell a repair was made in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Category,
    Title,
    Departments,
    Duties,
}

impl Field {
    fn label(self) -> &'static str {
        match self {
            Field::Category => "事项类别",
            Field::Title => "事项名称",
            Field::Departments => "部门",
            Field::Duties => "职责 / 工作方式",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RepairKind {
    /// A line break of the PDF's narrow column left a space inside a word: "玛纳斯县应 急管理局".
    SpaceInWord,
    /// The converter wrote "and" where the text has 和: "单位 and 个人".
    AndForHe,
}

impl RepairKind {
    pub fn label(self) -> &'static str {
        match self {
            RepairKind::SpaceInWord => "词内空格，删去",
            RepairKind::AndForHe => "“ and ”，改回“和”",
        }
    }
}

/// How often one repair was made, and the first place it was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub count: usize,
    pub first_item: String,
    pub example: String,
}

/// Every repair an import made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Repairs {
    pub tallies: BTreeMap<(RepairKind, Field), Tally>,
}

impl Repairs {
    pub(crate) fn record(&mut self, kind: RepairKind, field: Field, item: &str, example: &str) {
        self.tallies
            .entry((kind, field))
            .and_modify(|t| t.count += 1)
            .or_insert_with(|| Tally {
                count: 1,
                first_item: item.to_string(),
                example: example.to_string(),
            });
    }

    pub fn total(&self) -> usize {
        self.tallies.values().map(|t| t.count).sum()
    }

    /// The table docs/data.md carries (a test keeps it equal to a fresh import).
    pub fn markdown_table(&self) -> String {
        let mut table =
            String::from("| 痕迹与修复 | 字段 | 处数 | 首见 | 原文 |\n|---|---|---:|---|---|\n");
        for ((kind, field), tally) in &self.tallies {
            let _ = writeln!(
                table,
                "| {} | {} | {} | {} | `{}` |",
                kind.label(),
                field.label(),
                tally.count,
                tally.first_item,
                tally.example
            );
        }
        table
    }
}

/// Characters of Chinese text, punctuation included; a space between two of them is an artefact.
pub(crate) fn is_wide_script(c: char) -> bool {
    !c.is_ascii() && !c.is_whitespace()
}

/// Replaces "X and Y" with "X和Y" where X and Y are Chinese characters.
pub(crate) fn and_for_he(text: &str, field: Field, item: &str, repairs: &mut Repairs) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if let Some(end) = and_at(&chars, i) {
            let from = i.saturating_sub(4);
            let to = (end + 4).min(chars.len());
            let example: String = chars[from..to].iter().collect();
            repairs.record(RepairKind::AndForHe, field, item, &example);
            out.push('和');
            i = end;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// If `chars[i..]` is whitespace, "and", whitespace between two wide characters, where it ends.
fn and_at(chars: &[char], i: usize) -> Option<usize> {
    if i == 0 || !is_wide_script(chars[i - 1]) || !chars[i].is_whitespace() {
        return None;
    }
    let mut j = i;
    while j < chars.len() && chars[j].is_whitespace() {
        j += 1;
    }
    if chars.get(j..j + 3)? != ['a', 'n', 'd'] {
        return None;
    }
    let mut k = j + 3;
    if !chars.get(k)?.is_whitespace() {
        return None;
    }
    while k < chars.len() && chars[k].is_whitespace() {
        k += 1;
    }
    is_wide_script(*chars.get(k)?).then_some(k)
}

/// Joins two pieces of one text that a run of white space separated: nothing between two Chinese
/// characters (an artefact, counted), one space otherwise.
pub(crate) fn join_piece(
    acc: &mut String,
    piece: &str,
    field: Field,
    item: &str,
    repairs: &mut Repairs,
) {
    match (acc.chars().last(), piece.chars().next()) {
        (None, _) => {}
        (Some(a), Some(b)) if is_wide_script(a) && is_wide_script(b) => {
            // Beside Chinese punctuation a space only separates sentences: dropped, not a repair.
            if !(a.is_alphanumeric() && b.is_alphanumeric()) {
                acc.push_str(piece);
                return;
            }
            let tail: String = {
                let v: Vec<char> = acc.chars().collect();
                v[v.len().saturating_sub(4)..].iter().collect()
            };
            let head: String = piece.chars().take(4).collect();
            repairs.record(
                RepairKind::SpaceInWord,
                field,
                item,
                &format!("{tail} {head}"),
            );
        }
        _ => acc.push(' '),
    }
    acc.push_str(piece);
}

/// A single-line cell (category, title): white space inside words removed, the rest collapsed.
pub(crate) fn plain_cell(text: &str, field: Field, item: &str, repairs: &mut Repairs) -> String {
    let text = and_for_he(text, field, item, repairs);
    let mut out = String::with_capacity(text.len());
    for piece in text.split_whitespace() {
        join_piece(&mut out, piece, field, item, repairs);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_inside_chinese_words_are_removed_and_counted() {
        let mut repairs = Repairs::default();
        let fixed = plain_cell("应急管理 及消防", Field::Category, "coop-80", &mut repairs);
        assert_eq!(fixed, "应急管理及消防");
        let fixed = plain_cell(" 市场监 管  ", Field::Category, "coop-92", &mut repairs);
        assert_eq!(fixed, "市场监管");
        let tally = &repairs.tallies[&(RepairKind::SpaceInWord, Field::Category)];
        assert_eq!((tally.count, tally.first_item.as_str()), (2, "coop-80"));
    }

    #[test]
    fn spaces_between_latin_words_stay() {
        let mut repairs = Repairs::default();
        assert_eq!(
            plain_cell("WPS  Office 表格", Field::Title, "x", &mut repairs),
            "WPS Office 表格"
        );
        assert_eq!(repairs.total(), 0);
    }

    #[test]
    fn and_between_chinese_words_becomes_he() {
        let mut repairs = Repairs::default();
        let fixed = plain_cell(
            "显著成绩的单位 and 个人的奖励",
            Field::Title,
            "r11",
            &mut repairs,
        );
        assert_eq!(fixed, "显著成绩的单位和个人的奖励");
        assert_eq!(
            plain_cell("rock and roll", Field::Title, "x", &mut repairs),
            "rock and roll"
        );
        assert_eq!(repairs.total(), 1);
    }
}
