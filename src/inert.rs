//! The one rule for showing text that other people wrote (lists, notes, reviewer names, file
//! names) on a terminal or a clipboard: every character a terminal would act on instead of
//! print is shown as a visible, inert stand-in. C0 controls and DEL become their Unicode
//! control pictures (ESC is `␛`), which are one column wide everywhere; C1 controls, bidi
//! controls and the Unicode line separators, which have no picture, become `\u{9b}` text.
//! CJK punctuation and every printable character pass untouched.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether a terminal, a bidi-aware viewer or a line-based reader would act on `c`.
pub fn is_active(c: char) -> bool {
    c.is_control() || is_bidi(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Bidi embedding, override and isolate controls, and the marks: U+202E can make a line read
/// backwards.
pub fn is_bidi(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Appends `c` as it is shown: itself, or its inert stand-in.
pub fn push(out: &mut String, c: char) {
    match c as u32 {
        code @ 0..=0x1F => out.push(char::from_u32(0x2400 + code).unwrap_or('\u{FFFD}')),
        0x7F => out.push('\u{2421}'),
        _ if is_active(c) => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
        _ => out.push(c),
    }
}

/// One field on one line (a TSV cell, a title, a name): line breaks and tabs are shown too, so
/// the field never splits.
pub fn line(text: &str) -> Cow<'_, str> {
    render(text, |_| false)
}

/// Text of several lines (a note, a duty, a report): line breaks are kept, the rest is shown.
pub fn text(text: &str) -> Cow<'_, str> {
    render(text, |c| c == '\n')
}

fn render(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(|c| is_active(c) && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if keep(c) {
            out.push(c);
        } else {
            push(&mut out, c);
        }
    }
    Cow::Owned(out)
}

/// Pretty JSON in which C1 and bidi controls are escaped as well as C0 (serde_json leaves them
/// raw, and a terminal acts on C1), so `--json` output is safe to print and reads back the same.
pub fn json_pretty<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let mut bytes = Vec::new();
    // Our own types only: serializing them cannot fail.
    if json_pretty_to(value, &mut bytes).is_err() {
        return String::new();
    }
    String::from_utf8(bytes).unwrap_or_default()
}

/// `json_pretty` written to `out` as it is made, for what only hashes it: no copy of a whole
/// town's JSON is held (a province's thousand towns were a quarter of a gigabyte of them).
pub fn json_pretty_to<T: serde::Serialize + ?Sized>(
    value: &T,
    out: impl std::io::Write,
) -> serde_json::Result<()> {
    let formatter = SafeFormatter(serde_json::ser::PrettyFormatter::new());
    value.serialize(&mut serde_json::Serializer::with_formatter(out, formatter))
}

struct SafeFormatter<'a>(serde_json::ser::PrettyFormatter<'a>);

impl serde_json::ser::Formatter for SafeFormatter<'_> {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        // Every active character starts with one of these bytes (C0 and DEL, then the lead
        // bytes of C1, U+061C and U+2000-U+2FFF): most text has none and is written whole.
        if !fragment
            .bytes()
            .any(|b| b < 0x20 || matches!(b, 0x7F | 0xC2 | 0xD8 | 0xE2))
        {
            return writer.write_all(fragment.as_bytes());
        }
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if is_active(c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                write!(writer, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Characters that make Excel, WPS and LibreOffice read a cell as a formula (a tab or a carriage
/// return first does too; those are shown as ␉ ␍ by the inert rule before this).
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A spreadsheet cell is text other people wrote too. As written: controls shown inertly, and a
/// leading `'` where a spreadsheet would
/// otherwise run the cell as a formula (`=HYPERLINK(…)`, `@SUM(…)`, `-2+3`).
pub fn cell(cell: &str) -> String {
    let shown = text(cell);
    if shown.starts_with(FORMULA_START) {
        format!("'{shown}")
    } else {
        shown.into_owned()
    }
}

/// The text a neutralised cell stood for: the leading `'` only where `cell` put one.
pub fn restore_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) => rest,
        _ => cell,
    }
}

/// Colour on a terminal for the commands (SGR codes), named by what they mark.
pub mod sgr {
    /// A search's matched characters.
    pub const MATCH: &str = "1;31";
    /// A notice's phrases that match an item.
    pub const PHRASE: &str = "1;33";
    pub const ERROR: &str = "1;31";
    pub const WARNING: &str = "33";
    /// Text a revision took out, and text it put in.
    pub const REMOVED: &str = "31;9";
    pub const ADDED: &str = "32;4";
}

/// `text` in the colour `code` (from `sgr`), reset after.
pub fn paint(code: &str, text: &str) -> String {
    format!("\x1b[{code}m{text}\x1b[0m")
}

/// `text` shown inertly, the characters at `positions` (sorted, in characters) painted in
/// `code`, one escape per run.
pub fn paint_at(text: &str, positions: &[usize], code: &str) -> String {
    let mut out = String::new();
    let mut on = false;
    for (i, c) in text.chars().enumerate() {
        let marked = positions.binary_search(&i).is_ok();
        if marked != on {
            if marked {
                out.push_str(&format!("\x1b[{code}m"));
            } else {
                out.push_str("\x1b[0m");
            }
            on = marked;
        }
        push(&mut out, c);
    }
    if on {
        out.push_str("\x1b[0m");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_become_visible_and_chinese_text_is_untouched() {
        assert_eq!(line("\x1b]0;标题\x07"), "␛]0;标题␇");
        assert_eq!(line("a\tb\nc"), "a␉b␊c");
        assert_eq!(text("第一行\n\x1b[2J第二行"), "第一行\n␛[2J第二行");
        assert_eq!(line("\u{9b}31m\u{202e}"), "\\u{9b}31m\\u{202e}");
        let chinese = "《条例》（一）“犬只”、登记；管理：";
        assert!(matches!(line(chinese), Cow::Borrowed(_)));
        assert_eq!(line("👍🏽❤️👨‍👩‍👧"), "👍🏽❤️👨‍👩‍👧", "emoji sequences are not controls");
    }

    #[test]
    fn json_escapes_c1_and_bidi_and_reads_back_the_same() {
        let value = vec!["\x1b[31m", "\u{9b}2J", "\u{202e}abc", "\u{2028}"];
        let json = json_pretty(&value);
        assert!(!json.chars().any(|c| c != '\n' && is_active(c)), "{json:?}");
        assert!(
            json.contains("\\u009b") && json.contains("\\u202e"),
            "{json}"
        );
        let back: Vec<String> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, value);
        assert_eq!(
            json_pretty(&value[..1]),
            serde_json::to_string_pretty(&value[..1]).unwrap()
        );
    }
}

#[cfg(test)]
mod cell_tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_come_back() {
        for text in [
            "=1+1",
            "+86 994",
            "-2+3",
            "@SUM(A1)",
            "=HYPERLINK(\"http://x\",\"点\")",
        ] {
            let written = cell(text);
            assert!(written.starts_with('\''), "{written}");
            assert_eq!(restore_cell(&written), text);
        }
        for text in ["县水利局", "'引号开头", "1. 宣传", "（一）"] {
            assert_eq!(cell(text), text);
            assert_eq!(restore_cell(text), text);
        }
    }
}
