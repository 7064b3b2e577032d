//! A notice's lines as the splitter reads them: without what a forwarded message adds before
//! its words (a channel's label, a work group's @mentions, the salutation), and one line with
//! several numbered clauses cut into lines.

use super::marks::numbering;

/// A line that starts with a numbered clause, cut before each later clause numbered alike
/// that follows the end of a sentence: "一、摸排户厕。二、抽调干部。" is two lines.
pub(super) fn split_inline(line: &str) -> Vec<String> {
    let Some((level, _)) = numbering(line) else {
        return vec![line.to_string()];
    };
    let mut parts = Vec::new();
    let mut start = 0;
    let mut after_sentence = false;
    for (at, c) in line.char_indices() {
        if after_sentence && numbering(&line[at..]).is_some_and(|(l, _)| l == level) {
            parts.push(line[start..at].trim().to_string());
            start = at;
        }
        after_sentence = "。；！？;!?".contains(c);
    }
    parts.push(line[start..].trim().to_string());
    parts.retain(|p| !p.is_empty());
    parts
}

/// Labels a forwarded message starts with: where it came from, not what it asks.
const CHANNEL_PREFIXES: &[&str] = &[
    "12345工单",
    "12345热线工单",
    "工单",
    "电话记录",
    "电话通知",
    "微信通知",
    "微信",
    "短信",
    "会议纪要",
    "会议要求",
    "紧急通知",
    "通知",
    "转办",
];

/// A line without a leading channel label ("电话记录：", "【民政局工作群】").
fn strip_channel(line: &str) -> &str {
    let mut line = line.trim();
    if line.starts_with('【') && !super::marks::is_bracketed_sender(line) {
        if let Some(end) = line.find('】') {
            line = line[end + '】'.len_utf8()..].trim_start();
            // A group's name is followed by how many are in it: "【…对接群】(26)".
            let count = line.trim_matches(['(', ')', '（', '）']);
            if !count.is_empty() && count.chars().all(|c| c.is_ascii_digit()) {
                return "";
            }
        }
    }
    for prefix in CHANNEL_PREFIXES {
        if let Some(rest) = line.strip_prefix(prefix) {
            if let Some(rest) = rest.strip_prefix(['：', ':']) {
                return rest.trim_start();
            }
        }
    }
    line
}

/// A line or a task without the salutation it starts with ("各乡镇：一、…", "各乡镇要：一是…");
/// a salutation alone on its line is kept, to mark where the heading ends.
pub(super) fn strip_salutation(text: &str) -> &str {
    match text.split_once(['：', ':']) {
        Some((head, rest))
            if !rest.trim().is_empty()
                && head.chars().count() <= 12
                && (head.starts_with('各') || head.contains("乡镇")) =>
        {
            rest.trim_start()
        }
        _ => text,
    }
}

/// Trims a line and makes its spaces plain; a line of only punctuation or spaces is empty.
pub(super) fn clean_line(line: &str) -> String {
    let line: String = line
        .chars()
        .map(|c| match c {
            '\u{3000}' | '\u{a0}' | '\t' => ' ',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    strip_salutation(strip_mentions(strip_channel(&line))).to_string()
}

/// A work group's message without the people it is addressed to ("@各乡镇文化站 本周内…").
fn strip_mentions(line: &str) -> &str {
    let mut line = line.trim_start();
    while let Some(rest) = line.strip_prefix(['@', '＠']) {
        match rest.split_once(' ') {
            Some((_, after)) => line = after.trim_start(),
            None => return line,
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_inside_a_sentence_is_no_clause() {
        assert_eq!(split_inline("1. 完成1.5万亩。"), ["1. 完成1.5万亩。"]);
        assert_eq!(
            split_inline("一、摸排户厕。二、抽调干部。"),
            ["一、摸排户厕。", "二、抽调干部。"]
        );
    }

    #[test]
    fn what_a_forwarded_message_adds_is_not_its_words() {
        assert_eq!(
            clean_line("【民政局工作群】@各乡镇 请核实名单"),
            "请核实名单"
        );
        assert_eq!(clean_line("电话记录：请镇里巡查"), "请镇里巡查");
    }
}
