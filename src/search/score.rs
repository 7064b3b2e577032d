//! Every number that ranks a match, in one place. A match of a term in a field gets a base
//! score by how it matched (literal, window, pinyin), loses a little for each position into the
//! field and each extra character of a window, gains for word boundaries and for starting or
//! filling the field; the class of the field (title, department, category, duty) multiplies it
//! (`index::Class::weight`). Hits sort by one packed key: score, then the shorter title, then
//! list order.

use super::matcher::{find_chars, window};
use super::pinyin::{self, PinyinText};

/// The characters of the term, contiguous as typed: the strongest match, before any position or
/// boundary adjustment.
pub(super) const LITERAL: i32 = 100;
/// The field starts with the term ("消防" in 消防安全…): what the user is most likely naming.
pub(super) const AT_START: i32 = 40;
/// The term is the whole field (a department's name typed in full).
pub(super) const WHOLE_FIELD: i32 = 40;
/// The term's characters in order within a small window (`WINDOW_SLACK`): below a literal
/// match, above pinyin of the same length.
pub(super) const WINDOW: i32 = 60;
/// Each character the window has beyond the term's own costs this much.
pub(super) const WINDOW_GAP: i32 = 10;
/// A pinyin match (initials or full syllables), plus `PINYIN_PER_CHAR` per character it covers:
/// `yjgl` covering 应急管理 outranks `yj` covering 应急.
pub(super) const PINYIN: i32 = 64;
pub(super) const PINYIN_PER_CHAR: i32 = 4;
/// A scope (`部门:`, `类别:`, `清单:`) matched: it narrows rather than ranks, so it adds little.
pub(super) const SCOPE: i32 = 20;
/// For each end of a match that falls on a word boundary (see `boundary_bonus`).
pub(super) const BOUNDARY: i32 = 15;
/// A character read by one of its rarer readings (拓 as zhi) is a weaker match.
pub(super) const SECONDARY_READING: i32 = 12;

/// Earlier in a field is better, up to a point.
pub(super) fn position_penalty(char_pos: usize) -> i32 {
    (char_pos.min(30) / 2) as i32
}

/// A letter, digit or Chinese character (the common ranges tested first, it runs per match).
pub(super) fn is_word_char(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphanumeric(),
        '\u{4E00}'..='\u{9FFF}' => true,
        // General and CJK punctuation, full-width forms: “”、，。（）
        '\u{2000}'..='\u{206F}' | '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FF65}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// A match that stands as a word of its own ("“河长制”", a whole clause) beats one that starts or
/// ends in the middle of a phrase.
pub(super) fn boundary_bonus(chars: &[char], start: usize, end: usize) -> i32 {
    let open = start == 0 || !is_word_char(chars[start - 1]);
    let close = end >= chars.len() || !is_word_char(chars[end]);
    BOUNDARY * (i32::from(open) + i32::from(close))
}

/// The most items a key can name: the item's index takes the key's low 24 bits.
pub const MAX_ITEMS: usize = 0xFF_FFFF;

/// Scores are capped below this in the sort key (they stay far below it).
pub(super) const SCORE_CAP: i32 = (1 << 23) - 1;

/// One sortable key: higher score first, then the shorter title, then list order.
pub(super) fn sort_key(score: i32, title_len: u32, item: usize) -> u64 {
    let rank = (SCORE_CAP - score.clamp(0, SCORE_CAP)) as u64;
    rank << 40 | u64::from(title_len.min(0xFFFF)) << 24 | item as u64
}

pub(super) fn item_of(key: u64) -> usize {
    (key & 0xFF_FFFF) as usize
}

/// Quality of a contiguous match at `at` in a short field.
pub(super) fn literal_quality(chars: &[char], at: usize, len: usize) -> i32 {
    let mut quality = LITERAL - position_penalty(at) + boundary_bonus(chars, at, at + len);
    if at == 0 {
        quality += AT_START;
    }
    if chars.len() == len {
        quality += WHOLE_FIELD;
    }
    quality
}

/// The best match of a term in a short text: contiguous, within a window, or pinyin. An empty
/// `chars` skips the first two.
pub(super) fn short_quality(
    readings: &pinyin::Readings,
    text: PinyinText,
    chars: &[char],
    pinyin: Option<&[u8]>,
) -> Option<i32> {
    let hay = text.chars;
    let literal = find_chars(hay, chars).map(|at| literal_quality(hay, at, chars.len()));
    let windowed = (literal.is_none() && chars.len() >= 2)
        .then(|| window(hay, chars))
        .flatten()
        .map(|(start, end)| {
            WINDOW - WINDOW_GAP * (end - start - chars.len()) as i32 - position_penalty(start)
                + boundary_bonus(hay, start, end)
        });
    let pinyin = pinyin.and_then(|q| pinyin_quality(readings, text, q));
    literal.max(windowed).max(pinyin)
}

/// The first pinyin match in a short text, scored: more characters, word boundaries, early,
/// common readings. (The first, not the best: the earliest place reads first, and matching
/// every place costs too much at province scale.)
pub(super) fn pinyin_quality(
    readings: &pinyin::Readings,
    text: PinyinText,
    query: &[u8],
) -> Option<i32> {
    let first = pinyin::initial_bit(*query.first()?);
    (0..text.chars.len())
        .filter(|&start| text.masks[start] & first != 0)
        .find_map(|start| {
            let found = readings.match_at(text, start, query)?;
            let end = found.end;
            Some(
                PINYIN + PINYIN_PER_CHAR * (end - start) as i32 - position_penalty(start)
                    + boundary_bonus(text.chars, start, end)
                    - SECONDARY_READING * found.secondary as i32,
            )
        })
}
