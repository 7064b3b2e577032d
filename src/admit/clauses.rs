//! A notice's body as clauses: numbered lines (一、 （一） 1. （1） ①), "一是…二是…" inside a
//! line, headings and the paragraphs under them, and which parts organise the work rather than
//! give it (工作要求, a meeting's views, a closing exhortation).

use super::asking::{asks, sentences};
use super::marks::numbering;

/// Headings of the parts of a notice that organise the work rather than give it (要求, 保障,
/// 目标…): their clauses are not tasks, though their burden words are still flagged.
pub(super) const NON_TASK_HEADINGS: &[&str] = &[
    "工作要求",
    "有关要求",
    "相关要求",
    "具体要求",
    "总体要求",
    "保障措施",
    "组织保障",
    "组织领导",
    "工作目标",
    "目标任务",
    "指导思想",
    "基本原则",
    "工作原则",
    "时间安排",
    "实施步骤",
    "工作步骤",
    "方法步骤",
    "进度安排",
    "联系方式",
    "工作背景",
    "编制依据",
    "适用范围",
    "其他事项",
    "附则",
    // The closing exhortations of a notice's last clauses: how seriously, not what.
    "政治站位",
    "思想认识",
    "工作纪律",
    "督导检查",
    "督查考核",
    "督导考核",
    "责任落实",
    "压实责任",
    // Notes under a table or a batch of orders ("备注：1.请于转办后2小时内签收…"). Not 说明: an
    // assessment sheet's "说明：" often comes first, above the rows.
    "备注",
];

/// A numbered clause as found: its depth (一、 is 1, （一） 2, 1. 3, （1） 4, 一是 5) and text.
#[derive(Debug, Clone)]
pub(super) struct Clause {
    pub(super) level: u8,
    pub(super) line: usize,
    pub(super) text: String,
    pub(super) numbered: bool,
    /// A paragraph under a heading alone on its line ("一、整治重点"), numbered by it.
    pub(super) content: bool,
    /// A numbered line without punctuation that took the paragraph under it: it takes the
    /// next ones too ("一、研究高标准农田建设项目", what the meeting heard, what it decided).
    pub(super) absorbs: bool,
}

/// Adds a line's clauses: a numbered line starts one; "一是…二是…" inside it starts more; an
/// unnumbered line continues the clause above it, or is a paragraph of its own.
pub(super) fn read_line(number: usize, line: &str, clauses: &mut Vec<Clause>) {
    let (level, text, numbered) = match numbering(line) {
        Some((level, len)) => (level, line[len..].trim(), true),
        // "工作要求" alone on its line heads a part, as "三、工作要求" would.
        None if is_non_task(line) && is_bare_heading(line.trim_end_matches(['：', ':'])) => {
            (1, line, true)
        }
        // "备注：1.各责任单位每月…" heads the notes with its first one.
        None if closes(line) && is_non_task(line) => (1, line, true),
        // "二是…" alone on its line (not "一是…二是…" on one line, split below).
        None => match enumerated_line(line).filter(|_| split_enumerated(line).len() < 2) {
            Some(rest) => (5, rest.trim(), true),
            None => (0, line, false),
        },
    };
    let parts = split_enumerated(text);
    // "一是反映…二是反映…" in a report or a letter's background tells what was found: the parts
    // are clauses when at least two of them ask.
    let asking = parts
        .iter()
        .skip(1)
        .filter(|p| sentences(p).iter().any(|s| asks(s)))
        .count();
    if parts.len() > 1 && asking >= 2 {
        let Some((first, rest)) = parts.split_first() else {
            return;
        };
        if !first.trim().is_empty() {
            // "工作要求：一是…二是…" on one line: the parts are under that heading.
            let heads =
                is_non_task(first) && is_bare_heading(first.trim().trim_end_matches(['：', ':']));
            clauses.push(Clause {
                level: if heads { 1 } else { level },
                line: number,
                text: first.trim().to_string(),
                numbered: numbered || heads,
                content: false,
                absorbs: false,
            });
        }
        for part in rest {
            clauses.push(Clause {
                level: 5,
                line: number,
                text: part.trim().to_string(),
                numbered: true,
                content: false,
                absorbs: false,
            });
        }
        return;
    }
    match clauses.last_mut() {
        // A heading alone on its line ("三、工作要求") has the lines under it as its content.
        Some(last) if !numbered && last.numbered && is_bare_heading(&last.text) => {
            let level = last.level + 1;
            clauses.push(Clause {
                level,
                line: number,
                text: text.to_string(),
                numbered: true,
                content: true,
                absorbs: false,
            });
        }
        // A numbered clause's text often runs onto the next line; a heading's paragraphs are
        // all its content ("一、研究高标准农田建设" and what the meeting heard and decided).
        Some(last)
            if !numbered
                && last.numbered
                && !closes(text)
                && (!ends_sentence(&last.text) || last.content || last.absorbs) =>
        {
            last.absorbs |= !last.text.contains(['，', '。', '；', ',', ';', '（', '(']);
            last.text.push_str(text);
        }
        _ => clauses.push(Clause {
            level,
            line: number,
            text: text.to_string(),
            numbered,
            content: false,
            absorbs: false,
        }),
    }
}

/// A table's total and the notes under it ("合计  100", "说明：1.考核结果按30%权重…"): they end
/// the last row, whatever it ends with.
fn closes(line: &str) -> bool {
    ["合计", "说明：", "说明:", "备注：", "备注:", "注："]
        .iter()
        .any(|w| line.trim_start().starts_with(w))
}

/// A short heading without punctuation: "工作要求", "秸秆禁烧".
pub(super) fn is_bare_heading(text: &str) -> bool {
    text.chars().count() <= 12 && !text.chars().any(|c| "，。；：,.;:！？".contains(c))
}

pub(super) fn ends_sentence(text: &str) -> bool {
    text.ends_with(['。', '！', '；', '？', '!', '?', ';', '：', ':'])
}

/// "一是…；二是…；三是…" as its parts; the text before 一是 is the first part.
const MARKS: [&str; 9] = [
    "一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是",
];

/// A line that starts with "二是…" (each part of an enumeration on a line of its own): the
/// part's text without its mark.
fn enumerated_line(line: &str) -> Option<&str> {
    MARKS.iter().find_map(|m| line.trim_start().strip_prefix(m))
}

pub(super) fn split_enumerated(text: &str) -> Vec<&str> {
    let Some(first) = text.find(MARKS[0]) else {
        return vec![text];
    };
    if !text[first..].contains(MARKS[1]) {
        return vec![text];
    }
    let mut parts = vec![&text[..first]];
    let mut at = first;
    for mark in &MARKS[1..] {
        match text[at + MARKS[0].len()..].find(mark) {
            Some(next) => {
                let next = at + MARKS[0].len() + next;
                parts.push(&text[at + mark.len()..next]);
                at = next;
            }
            None => break,
        }
    }
    parts.push(&text[at + MARKS[0].len()..]);
    parts
}

/// A heading's first sentence: "一、秸秆禁烧。各乡镇要…" is about 秸秆禁烧.
pub(super) fn heading_subject(heading: &str) -> &str {
    heading
        .split(['。', '：', ':', '；'])
        .next()
        .unwrap_or(heading)
}

/// What a meeting thought or heard ("会议认为…", "会议听取了…的汇报"; "会议强调" often goes on
/// to ask) and a short closing
/// exhortation ("会议要求，各镇要压实责任，县政府督查室将适时督查"): no task.
pub(super) fn is_closing(text: &str) -> bool {
    const VIEWS: [&str; 2] = ["会议认为", "会议听取"];
    const CLOSING: [&str; 6] = [
        "压实责任",
        "高度重视",
        "督查",
        "工作纪律",
        "政治站位",
        "组织领导",
    ];
    sentences(text)
        .iter()
        .all(|s| VIEWS.iter().any(|v| s.trim().starts_with(v)))
        || (text.chars().count() <= 40 && CLOSING.iter().any(|c| text.contains(c)))
}

/// Headings of the parts of a 督查通报 that tell what was found ("二、六户地镇存在的主要问题"):
/// the problems listed there are answered in the 整改要求 part, each its task.
const FINDINGS: &[&str] = &[
    "总体情况",
    "基本情况",
    "督查情况",
    "检查情况",
    "主要问题",
    "存在问题",
    "存在的问题",
];

pub(super) fn is_non_task(text: &str) -> bool {
    let subject = heading_subject(text);
    let found = || {
        FINDINGS.iter().any(|h| subject.contains(h))
            && !["整改", "要求", "措施", "任务"]
                .iter()
                .any(|w| subject.contains(w))
    };
    subject.chars().count() <= 12
        && (NON_TASK_HEADINGS.iter().any(|h| subject.contains(h)) || found())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enumerated_parts() {
        assert_eq!(
            split_enumerated("各乡镇要：一是加强宣传；二是开展巡查；三是及时上报。"),
            vec!["各乡镇要：", "加强宣传；", "开展巡查；", "及时上报。"]
        );
        assert_eq!(split_enumerated("一是加强宣传"), vec!["一是加强宣传"]);
    }
}
