//! Text measured in display columns: wrapping with a hanging indent, and cutting to a width.
//! A wide character is never split and never placed where only one column is left.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Punctuation that must not begin a line (禁则): it is pulled back with the character before it.
const NO_LINE_START: &str = "，。、；：！？）》」』”’,.;:!?)";

/// Opening brackets and quotes that must not end a line: they move down with what they open.
const NO_LINE_END: &str = "“‘（《「『【(";

/// A character with its style, the unit of wrapping.
pub type StyledChar = (char, Style);

/// Builds styled characters from text, highlighting the characters at `positions`.
pub fn styled(text: &str, base: Style, highlight: Style, positions: &[usize]) -> Vec<StyledChar> {
    let mut out = Vec::with_capacity(text.len());
    let mut shown = String::new();
    for (i, c) in text.chars().enumerate() {
        let style = if positions.binary_search(&i).is_ok() {
            base.patch(highlight)
        } else {
            base
        };
        // Controls in the data are shown as the commands show them (␛), not dropped unseen.
        shown.clear();
        crate::inert::push(&mut shown, c);
        out.extend(shown.chars().map(|c| (c, style)));
    }
    out
}

/// Text in one style, nothing highlighted.
pub fn plain(text: &str, style: Style) -> Vec<StyledChar> {
    styled(text, style, style, &[])
}

/// A character's columns, char by char: the joining parts of an emoji sequence (skin tones,
/// ZWJ, tags, keycap) add none, VS16 adds the one that turns a narrow base wide. A ZWJ family
/// is over-counted, which only wraps early; nothing is under-counted and cut at an edge.
pub fn char_width(c: char) -> usize {
    match c {
        '\u{FE0F}' => 1,
        '\u{FE0E}'
        | '\u{200D}'
        | '\u{20E3}'
        | '\u{1F3FB}'..='\u{1F3FF}'
        | '\u{E0020}'..='\u{E007F}' => 0,
        _ => c.width().unwrap_or(0),
    }
}

/// Wraps styled text to `width` columns. Lines after the first start with `indent` spaces.
pub fn wrap(chars: &[StyledChar], width: u16, indent: u16) -> Vec<Line<'static>> {
    let width = width as usize;
    let indent = (indent as usize).min(width.saturating_sub(2));
    if width == 0 {
        return Vec::new();
    }
    let mut lines: Vec<Vec<StyledChar>> = Vec::new();
    let mut current: Vec<StyledChar> = Vec::new();
    let mut used = 0;
    for &(c, style) in chars {
        let w = char_width(c);
        if w == 0 && c.is_control() {
            continue;
        }
        if used + w > width && !current.is_empty() {
            let mut carry = Vec::new();
            let opens = current
                .last()
                .is_some_and(|&(l, _)| NO_LINE_END.contains(l));
            // A number or id goes whole ("35.1": the '.' is no full stop here).
            let word = in_word(c) && current.last().is_some_and(|&(l, _)| in_word(l));
            if word || (in_word(c) && !NO_LINE_START.contains(c)) {
                carry = take_trailing_word(&mut current);
            } else if (NO_LINE_START.contains(c) || opens) && current.len() > 1 {
                // The closing mark takes the word before it along, not just its last letter.
                let ends_word = !opens && current.last().is_some_and(|&(l, _)| in_word(l));
                carry = if ends_word {
                    take_trailing_word(&mut current)
                } else {
                    Vec::new()
                };
                if carry.is_empty() {
                    carry.extend(current.pop());
                    // "事项）" before "，": the closers go down together with a character.
                    while current.len() > 1
                        && carry
                            .first()
                            .is_some_and(|&(l, _)| NO_LINE_START.contains(l))
                    {
                        carry.insert(0, current.pop().expect("more than one"));
                    }
                }
            }
            lines.push(std::mem::take(&mut current));
            used = indent + carry.iter().map(|&(c, _)| char_width(c)).sum::<usize>();
            current = carry;
        }
        if w > width {
            continue;
        }
        current.push((c, style));
        used += w;
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
        .into_iter()
        .enumerate()
        .map(|(i, chars)| to_line(&chars, if i == 0 { 0 } else { indent }))
        .collect()
}

/// Moves a Latin word that would be split onto the next line, if it is not the whole line.
/// Characters of one unbreakable run: words, ids (coop-81), numbers (35.1, 12%) and times
/// (05:00:42), so a score
/// never wraps as "得分 3" over "5.1".
fn in_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '%' | '/' | ':')
}

fn take_trailing_word(line: &mut Vec<StyledChar>) -> Vec<StyledChar> {
    let start = line
        .iter()
        .rposition(|(c, _)| !in_word(*c))
        .map_or(0, |p| p + 1);
    if start == 0 || start == line.len() {
        return Vec::new();
    }
    line.split_off(start)
}

/// Joins runs of equal style into spans.
fn to_line(chars: &[StyledChar], indent: usize) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    if indent > 0 {
        spans.push(Span::raw(" ".repeat(indent)));
    }
    let mut run = String::new();
    let mut run_style = None;
    for &(c, style) in chars {
        if run_style.is_some_and(|s| s != style) {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                run_style.unwrap_or_default(),
            ));
        }
        run_style = Some(style);
        run.push(c);
    }
    if let Some(style) = run_style {
        spans.push(Span::styled(run, style));
    }
    Line::from(spans)
}

/// Cuts styled characters to `width` columns, ending with `ellipsis` if anything was cut.
pub fn truncate(chars: &[StyledChar], width: usize, ellipsis: &str) -> Vec<StyledChar> {
    let total: usize = chars.iter().map(|&(c, _)| char_width(c)).sum();
    if total <= width {
        return chars.to_vec();
    }
    let room = width.saturating_sub(ellipsis.width());
    let mut out = Vec::new();
    let mut used = 0;
    for &(c, style) in chars {
        let w = char_width(c);
        if used + w > room {
            break;
        }
        out.push((c, style));
        used += w;
    }
    let style = out.last().map(|&(_, s)| s).unwrap_or_default();
    if ellipsis.width() <= width {
        out.extend(ellipsis.chars().map(|c| (c, style)));
    }
    out
}

/// A styled line cut to `width` columns, ending with `ellipsis` if anything was cut.
pub fn fit(line: &Line, width: usize, ellipsis: &str) -> Line<'static> {
    let chars: Vec<StyledChar> = line
        .spans
        .iter()
        .flat_map(|s| styled(&s.content, line.style.patch(s.style), Style::new(), &[]))
        .collect();
    to_line(&truncate(&chars, width, ellipsis), 0)
}

/// A line of styled characters, for one-line cells.
pub fn line(chars: &[StyledChar]) -> Line<'static> {
    to_line(chars, 0)
}

/// Display width of styled characters.
pub fn width(chars: &[StyledChar]) -> usize {
    chars.iter().map(|&(c, _)| char_width(c)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Vec<StyledChar> {
        super::plain(text, Style::default())
    }

    fn texts(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn chinese_wraps_by_two_columns_and_never_splits_a_character() {
        let lines = wrap(&plain("文明养犬管理工作"), 7, 0);
        assert_eq!(texts(&lines), ["文明养", "犬管理", "工作"]);
        assert!(lines.iter().all(|l| l.width() <= 7));
    }

    #[test]
    fn continuation_lines_hang_under_the_text() {
        let lines = wrap(&plain("1. 县公安局负责收集"), 10, 3);
        assert_eq!(texts(&lines), ["1. 县公安", "   局负责", "   收集"]);
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        let lines = wrap(&plain("组织村结合，走访"), 10, 0);
        assert_eq!(texts(&lines), ["组织村结", "合，走访"]);
    }

    #[test]
    fn closers_in_a_row_go_down_with_a_character() {
        let lines = wrap(&plain("本镇任一事项），立即保存"), 12, 0);
        assert_eq!(texts(&lines), ["本镇任一事", "项），立即保", "存"]);
    }

    #[test]
    fn opening_quotes_never_end_a_line() {
        let lines = wrap(&plain("坚定拥护“两个确立”"), 10, 0);
        assert_eq!(texts(&lines), ["坚定拥护", "“两个确立”"]);
    }

    #[test]
    fn latin_words_move_whole() {
        let lines = wrap(&plain("安装WPS Office"), 10, 0);
        assert_eq!(texts(&lines), ["安装WPS ", "Office"]);
    }

    /// Issue 23: the 准入 score wrapped as "得分 3" over "5.1" at 80 columns.
    #[test]
    fn numbers_and_ids_are_never_cut() {
        let text = "配81 开展安全生产监督检查（得分 35.1）coop-81 占 12.5%";
        for width in 12..40 {
            let lines = texts(&wrap(&plain(text), width, 2));
            for pair in lines.windows(2) {
                let (end, start) = (pair[0].trim_end(), pair[1].trim_start());
                let joined = |a: char, b: char| in_word(a) && in_word(b);
                if let (Some(a), Some(b)) = (end.chars().last(), start.chars().next()) {
                    assert!(!joined(a, b), "width {width}: {lines:?}");
                }
            }
        }
    }

    #[test]
    fn truncation_keeps_within_width_with_an_ellipsis() {
        let cut = truncate(&plain("文明养犬管理工作"), 7, "…");
        assert_eq!(line(&cut).to_string(), "文明养…");
        assert_eq!(width(&truncate(&plain("文明养犬"), 1, "…")), 1);
        assert_eq!(line(&truncate(&plain("文明"), 4, "…")).to_string(), "文明");
    }

    #[test]
    fn highlights_become_their_own_spans() {
        let hl = Style::default().fg(ratatui::style::Color::Yellow);
        let lines = wrap(&styled("文明养犬", Style::default(), hl, &[3]), 20, 0);
        assert_eq!(lines[0].spans.len(), 2);
        assert_eq!(lines[0].spans[1].content, "犬");
        assert_eq!(lines[0].spans[1].style, hl);
    }
}
