//! Pinyin readings, every one of them: 长 is zhang and chang, and 河长制 must be found by hzz.
//! A query in Latin letters matches consecutive characters when each character, in turn, takes a
//! non-empty prefix of one of its readings: `yjgl` and `yingjiguanli` both find 应急管理.
//!
//! Characters are numbered once at load (`Readings::learn`), and the texts pinyin is matched
//! against carry those numbers beside their characters, so matching looks nothing up in a map.

use rustc_hash::FxHashMap;

use pinyin::ToPinyinMulti;

/// Id 0: a character without readings, which reads as itself.
pub const NO_READING: u16 = 0;

/// Each ASCII byte, so a Latin letter's reading (itself) can be borrowed.
const ASCII: [u8; 128] = {
    let mut bytes = [0; 128];
    let mut i = 0;
    while i < 128 {
        bytes[i] = i as u8;
        i += 1;
    }
    bytes
};

/// Where a pinyin match ends, and how many characters took a reading other than their first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinyinMatch {
    pub end: usize,
    pub secondary: u32,
}

/// Readings of the characters the data uses, numbered.
#[derive(Debug)]
pub struct Readings {
    pub(super) ids: FxHashMap<char, u16>,
    pub(super) by_id: Vec<Box<[Box<[u8]>]>>,
}

impl Default for Readings {
    fn default() -> Readings {
        Readings {
            ids: FxHashMap::default(),
            by_id: vec![Box::new([])],
        }
    }
}

/// Characters with their reading ids and the letters each can start, side by side.
#[derive(Debug, Clone, Copy)]
pub struct PinyinText<'a> {
    pub chars: &'a [char],
    pub ids: &'a [u16],
    /// Per character, `initial_bit` of every letter one of its readings starts with.
    pub masks: &'a [u32],
}

impl<'a> PinyinText<'a> {
    /// Characters `a..b`.
    pub fn slice(&self, a: usize, b: usize) -> PinyinText<'a> {
        PinyinText {
            chars: &self.chars[a..b],
            ids: &self.ids[a..b],
            masks: &self.masks[a..b],
        }
    }
}

/// A bit per first letter, so "can this character start the query?" is one AND.
pub fn initial_bit(letter: u8) -> u32 {
    match letter {
        b'a'..=b'z' => 1 << (letter - b'a'),
        b'0'..=b'9' => 1 << 26,
        _ => 0,
    }
}

impl Readings {
    /// The id of `c`'s readings, learning them the first time.
    pub fn learn(&mut self, c: char) -> u16 {
        if let Some(&id) = self.ids.get(&c) {
            return id;
        }
        let id = match readings_of(c) {
            Some(readings) if self.by_id.len() < u16::MAX as usize => {
                self.by_id.push(readings);
                (self.by_id.len() - 1) as u16
            }
            _ => NO_READING,
        };
        self.ids.insert(c, id);
        id
    }

    /// The reading ids and first-letter masks of a text's characters.
    pub fn learn_text(&mut self, chars: &[char]) -> (Vec<u16>, Vec<u32>) {
        chars
            .iter()
            .map(|&c| {
                let id = self.learn(c);
                let mask = self.spellings(c, id).fold(0, |m, r| m | initial_bit(r[0]));
                (id, mask)
            })
            .unzip()
    }

    /// Every reading of a character as letters (a Latin letter or digit reads as itself;
    /// other characters without readings have none).
    pub fn spellings(&self, c: char, id: u16) -> impl Iterator<Item = &[u8]> + '_ {
        let readings: &[Box<[u8]>] = match self.by_id.get(id as usize) {
            Some(readings) if id != NO_READING => readings,
            _ => &[],
        };
        let itself = (id == NO_READING && c.is_ascii_alphanumeric())
            .then(|| &ASCII[c as usize..c as usize + 1]);
        readings.iter().map(|r| &**r).chain(itself)
    }

    /// Every string of exactly `len` letters that a pinyin match starting at character `at`
    /// can begin with (each character in turn taking a non-empty prefix of a reading), given to
    /// `found` once per way of reading it. A query of up to `len` letters matches there exactly
    /// when it is one of these.
    pub fn starts(&self, text: PinyinText, at: usize, len: usize, found: &mut impl FnMut(&[u8])) {
        let mut buf = Vec::with_capacity(len);
        self.extend_start(text, at, len, &mut buf, found);
    }

    fn extend_start(
        &self,
        text: PinyinText,
        at: usize,
        len: usize,
        buf: &mut Vec<u8>,
        found: &mut impl FnMut(&[u8]),
    ) {
        if buf.len() == len {
            found(buf);
            return;
        }
        let (Some(&c), Some(&id)) = (text.chars.get(at), text.ids.get(at)) else {
            return;
        };
        for reading in self.spellings(c, id) {
            let before = buf.len();
            for &letter in reading.iter().take(len - before) {
                buf.push(letter);
                self.extend_start(text, at + 1, len, buf, found);
            }
            buf.truncate(before);
        }
    }

    /// Whether pinyin `query` matches `text` from character `start` on, preferring each
    /// character's first (commonest) reading.
    pub fn match_at(&self, text: PinyinText, start: usize, query: &[u8]) -> Option<PinyinMatch> {
        if query.is_empty() {
            return Some(PinyinMatch {
                end: start,
                secondary: 0,
            });
        }
        let (&c, &id) = (text.chars.get(start)?, text.ids.get(start)?);
        if id == NO_READING {
            let mut buf = [0u8; 4];
            return self.take_from(c.encode_utf8(&mut buf).as_bytes(), text, start, query);
        }
        // An id no reading has (a damaged file) matches nothing.
        self.by_id
            .get(id as usize)?
            .iter()
            .enumerate()
            .find_map(|(k, r)| {
                let found = self.take_from(r, text, start, query)?;
                Some(PinyinMatch {
                    end: found.end,
                    secondary: found.secondary + u32::from(k > 0),
                })
            })
    }

    /// Lets the character at `start` take a prefix of `reading` from the query, longest first
    /// ("xiaofang" is xiao+fang before x+i…), and matches the rest after it.
    fn take_from(
        &self,
        reading: &[u8],
        text: PinyinText,
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
            .find_map(|used| self.match_at(text, start + 1, &query[used..]))
    }

    /// The first place pinyin `query` matches: (first char, one past the last).
    pub fn find(&self, text: PinyinText, query: &[u8]) -> Option<(usize, usize)> {
        (0..text.chars.len())
            .find_map(|start| Some((start, self.match_at(text, start, query)?.end)))
    }
}

/// Plain readings without tones, ü written both v and u, no repeats.
fn readings_of(c: char) -> Option<Box<[Box<[u8]>]>> {
    let multi = c.to_pinyin_multi()?;
    let mut readings: Vec<Box<[u8]>> = Vec::new();
    for p in multi {
        let plain = p.plain();
        let spellings = if plain.contains('ü') {
            vec![plain.replace('ü', "v"), plain.replace('ü', "u")]
        } else {
            vec![plain.to_string()]
        };
        for s in spellings {
            if !s.is_empty() && !readings.iter().any(|r| **r == *s.as_bytes()) {
                readings.push(s.into_bytes().into());
            }
        }
    }
    (!readings.is_empty()).then(|| readings.into())
}

/// True if a query term can be pinyin: Latin letters only.
pub fn is_pinyin_term(term: &str) -> bool {
    !term.is_empty() && term.bytes().all(|b| b.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, query: &str) -> Option<(usize, usize)> {
        let mut readings = Readings::default();
        let chars: Vec<char> = text.chars().collect();
        let (ids, masks) = readings.learn_text(&chars);
        let text = PinyinText {
            chars: &chars,
            ids: &ids,
            masks: &masks,
        };
        readings.find(text, query.as_bytes())
    }

    #[test]
    fn initials_and_full_pinyin_and_a_mix() {
        assert_eq!(found("开展应急管理工作", "yjgl"), Some((2, 6)));
        assert_eq!(found("农村消防安全", "xiaofang"), Some((2, 4)));
        assert_eq!(found("农村消防安全", "xiaof"), Some((2, 4)));
        assert_eq!(found("应急管理", "yingjgl"), Some((0, 4)));
        assert_eq!(found("应急管理", "yjgx"), None);
        assert_eq!(found("wps办公", "wpsbg"), Some((0, 5)));
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
