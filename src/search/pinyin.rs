//! Pinyin readings, every one of them: 长 is chang and zhang, and 河长制 must be found by hzz.
//! A query in Latin letters matches consecutive characters when each character, in turn,
//! takes a non-empty prefix of one of its readings: `yjgl` and `yingjiguanli` both find 应急管理.

use std::collections::HashMap;

use pinyin::ToPinyinMulti;

/// Where a pinyin match ends, and how many characters took a reading other than their first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinyinMatch {
    pub end: usize,
    pub secondary: u32,
}

/// Readings per character, computed once for the characters the data uses.
#[derive(Debug, Default)]
pub struct Readings {
    table: HashMap<char, Box<[Box<str>]>>,
}

impl Readings {
    /// Adds the readings of every Chinese character in `text`.
    pub fn learn(&mut self, text: &str) {
        for c in text.chars() {
            if let std::collections::hash_map::Entry::Vacant(slot) = self.table.entry(c) {
                if let Some(readings) = readings_of(c) {
                    slot.insert(readings);
                }
            }
        }
    }

    /// The first letters `c` can start with (itself, for a character without readings).
    pub fn initials(&self, c: char) -> Vec<u8> {
        self.heads(c).into_iter().map(|(a, _)| a).collect()
    }

    /// The first two letters of each reading of `c` (a Latin letter or digit reads as itself).
    pub fn heads(&self, c: char) -> Vec<(u8, Option<u8>)> {
        match self.table.get(&c) {
            Some(readings) => readings
                .iter()
                .map(|r| (r.as_bytes()[0], r.as_bytes().get(1).copied()))
                .collect(),
            None if c.is_ascii_alphanumeric() => vec![(c as u8, None)],
            None => Vec::new(),
        }
    }

    /// Whether pinyin `query` matches `chars` from character `start` on, preferring each
    /// character's first (commonest) reading.
    pub fn match_at(&self, chars: &[char], start: usize, query: &[u8]) -> Option<PinyinMatch> {
        if query.is_empty() {
            return Some(PinyinMatch {
                end: start,
                secondary: 0,
            });
        }
        let c = *chars.get(start)?;
        match self.table.get(&c) {
            Some(readings) => readings.iter().enumerate().find_map(|(k, r)| {
                let found = self.take_from(r.as_bytes(), chars, start, query)?;
                Some(PinyinMatch {
                    end: found.end,
                    secondary: found.secondary + u32::from(k > 0),
                })
            }),
            None => {
                let mut buf = [0u8; 4];
                self.take_from(c.encode_utf8(&mut buf).as_bytes(), chars, start, query)
            }
        }
    }

    /// Lets the character at `start` take a prefix of `reading` from the query, longest first
    /// ("xiaofang" is xiao+fang before x+i…), and matches the rest after it.
    fn take_from(
        &self,
        reading: &[u8],
        chars: &[char],
        start: usize,
        query: &[u8],
    ) -> Option<PinyinMatch> {
        let common = reading
            .iter()
            .zip(query)
            .take_while(|(a, b)| a == b)
            .count();
        (1..=common)
            .rev()
            .find_map(|used| self.match_at(chars, start + 1, &query[used..]))
    }

    /// The first place pinyin `query` matches in `chars`: (first char, one past the last).
    pub fn find(&self, chars: &[char], query: &[u8]) -> Option<(usize, usize)> {
        (0..chars.len()).find_map(|start| Some((start, self.match_at(chars, start, query)?.end)))
    }
}

/// Plain readings without tones, ü written both v and u, no repeats.
fn readings_of(c: char) -> Option<Box<[Box<str>]>> {
    let multi = c.to_pinyin_multi()?;
    let mut readings: Vec<Box<str>> = Vec::new();
    for p in multi {
        let plain = p.plain();
        let spellings = if plain.contains('ü') {
            vec![plain.replace('ü', "v"), plain.replace('ü', "u")]
        } else {
            vec![plain.to_string()]
        };
        for s in spellings {
            if !readings.iter().any(|r| **r == *s) {
                readings.push(s.into());
            }
        }
    }
    Some(readings.into())
}

/// True if a query term can be pinyin: Latin letters only.
pub fn is_pinyin_term(term: &str) -> bool {
    !term.is_empty() && term.bytes().all(|b| b.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readings(text: &str) -> Readings {
        let mut r = Readings::default();
        r.learn(text);
        r
    }

    fn found(text: &str, query: &str) -> Option<(usize, usize)> {
        let chars: Vec<char> = text.chars().collect();
        readings(text).find(&chars, query.as_bytes())
    }

    #[test]
    fn initials_and_full_pinyin_and_a_mix() {
        assert_eq!(found("开展应急管理工作", "yjgl"), Some((2, 6)));
        assert_eq!(found("农村消防安全", "xiaofang"), Some((2, 4)));
        assert_eq!(found("农村消防安全", "xiaof"), Some((2, 4)));
        assert_eq!(found("应急管理", "yingjgl"), Some((0, 4)));
        assert_eq!(found("应急管理", "yjgx"), None);
    }

    #[test]
    fn every_reading_of_a_polyphonic_character_counts() {
        assert_eq!(found("全面推行河长制", "hzz"), Some((4, 7)));
        assert_eq!(found("全面推行河长制", "hezhangzhi"), Some((4, 7)));
        assert_eq!(found("绿化", "lvh"), Some((0, 2)));
        assert_eq!(found("绿化", "luhua"), Some((0, 2)));
    }

    #[test]
    fn only_latin_letters_are_pinyin() {
        assert!(is_pinyin_term("yjgl"));
        assert!(!is_pinyin_term("yj1"));
        assert!(!is_pinyin_term("应急"));
        assert!(!is_pinyin_term(""));
    }
}
