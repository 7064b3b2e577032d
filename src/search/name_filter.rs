//! The pickers' filter: a short list of names narrowed by the search's own rules.

use super::normalize_str;
use super::pinyin::{self, PinyinText};
use super::score::short_quality;

/// Narrows a short list of names (departments, categories) as a query is typed, by the same
/// rules as search: characters, a small window, pinyin.
pub struct NameFilter {
    readings: pinyin::Readings,
    names: Vec<(Vec<char>, Vec<u16>, Vec<u32>)>,
}

impl NameFilter {
    /// `names[i]` is what entry `i` is found by (its name, and any other spellings).
    pub fn new(names: &[&str]) -> NameFilter {
        let mut readings = pinyin::Readings::default();
        let names = names
            .iter()
            .map(|name| {
                let chars: Vec<char> = normalize_str(name).chars().collect();
                let (ids, masks) = readings.learn_text(&chars);
                (chars, ids, masks)
            })
            .collect();
        NameFilter { readings, names }
    }

    /// The entries matching `query`, best first (all, in order, for an empty query).
    pub fn filter(&self, query: &str) -> Vec<usize> {
        let query = normalize_str(query.trim());
        if query.is_empty() {
            return (0..self.names.len()).collect();
        }
        let chars: Vec<char> = query.chars().collect();
        let letters = pinyin::is_pinyin_term(&query).then_some(query.as_bytes());
        let mut scored: Vec<(i32, usize)> = self
            .names
            .iter()
            .enumerate()
            .filter_map(|(i, (c, ids, masks))| {
                let text = PinyinText {
                    chars: c,
                    ids,
                    masks,
                };
                Some((short_quality(&self.readings, text, &chars, letters)?, i))
            })
            .collect();
        scored.sort_by_key(|&(score, i)| (std::cmp::Reverse(score), i));
        scored.into_iter().map(|(_, i)| i).collect()
    }
}
