//! Emoji sequences in a form every terminal gives the same width. A skin-tone modifier, VS16
//! (❤️), a ZWJ family or a flag is one grapheme that ratatui lays out as two columns, while
//! terminals that measure code point by code point (xterm, tmux, PuTTY, Windows' console over
//! SSH) advance by another amount, and the cells after it go stale. Such a grapheme is drawn as
//! its base emoji (or a flag's two letters), padded to the columns it was given, one code point
//! a cell, so ratatui's model of the screen, the backend's and the terminal's are the same.

use std::borrow::Cow;

use super::wrap::char_width;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

/// Parts of a sequence whose width terminals disagree on.
fn joins(c: char) -> bool {
    matches!(c,
        '\u{FE0E}' | '\u{FE0F}' | '\u{200D}' | '\u{20E3}'
        | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0020}'..='\u{E007F}')
        || is_regional_indicator(c)
}

fn is_regional_indicator(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

/// `symbol` (one grapheme) as it is safe to print: itself when every terminal agrees on its
/// width, else a stand-in of exactly `symbol.width()` columns by any terminal's count.
pub fn stable(symbol: &str) -> Cow<'_, str> {
    if !symbol.chars().any(joins) {
        return Cow::Borrowed(symbol);
    }
    let columns = symbol.width();
    let mut out = String::new();
    if symbol.chars().all(is_regional_indicator) {
        // A flag: its country's letters, 🇨🇳 → CN.
        out.extend(
            symbol
                .chars()
                .map(|c| char::from(b'A' + (c as u32 - 0x1F1E6) as u8)),
        );
    } else if let Some(base) = symbol.chars().next().filter(|&c| !joins(c)) {
        out.push(base);
    }
    let width = |s: &str| s.chars().map(char_width).sum::<usize>();
    if width(&out) > columns {
        out.clear();
    }
    while width(&out) < columns {
        out.push(' ');
    }
    Cow::Owned(out)
}

/// Replaces every emoji sequence in `area` of a rendered buffer by its stable form, each of
/// its characters in a cell of its own (a narrow base leaves its second column to the pad), in
/// the sequence's style. Run once on the finished frame: every view gets it.
pub fn settle(buf: &mut Buffer, area: Rect) {
    let area = area.intersection(buf.area);
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let symbol = buf[(x, y)].symbol();
            let width = symbol.width().max(1) as u16;
            if let Cow::Owned(shown) = stable(symbol) {
                let style = buf[(x, y)].style();
                let mut at = x;
                for c in shown.chars() {
                    if at >= area.right() {
                        break;
                    }
                    buf[(at, y)].set_char(c).set_style(style);
                    at += char_width(c).max(1) as u16;
                }
            }
            x += width;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use unicode_width::UnicodeWidthChar;

    /// Columns as a terminal that measures code point by code point counts them.
    fn per_code_point(s: &str) -> usize {
        s.chars().map(|c| c.width().unwrap_or(0)).sum()
    }

    #[test]
    fn sequences_take_the_columns_they_were_given_on_any_terminal() {
        for (symbol, shown) in [
            ("👍🏽", "👍"),
            ("❤️", "❤ "),
            ("👨‍👩‍👧", "👨"),
            ("🇨🇳", "CN"),
            ("1️⃣", "1 "),
            ("🏳️‍🌈", "🏳 "),
        ] {
            let stable = stable(symbol);
            assert_eq!(stable, shown, "{symbol}");
            assert_eq!(per_code_point(&stable), symbol.width(), "{symbol}");
        }
        for plain in ["犬", "a", "👍", "é", "（"] {
            assert!(matches!(stable(plain), Cow::Borrowed(_)), "{plain}");
        }
    }
}
