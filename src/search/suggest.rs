//! "Did you mean": when a query finds nothing, the departments, categories and titles closest
//! to it. Skim-style scattered matching (the fuzzy-matcher crate) ranks CJK text badly, which is
//! why the engine does not use it; for a typo (`xiaofng`, `shuilij`) or a wrong character of the
//! same sound (`消訪`) it is what is wanted: every name is tried as written, as pinyin and as
//! pinyin initials, and the query as written and as pinyin.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use pinyin::ToPinyin;

use crate::model::Item;

/// What may be suggested, and what choosing it types into the query line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The query to run: `部门:玛纳斯县水利局`, `类别:平安法治`, or a title.
    pub query: String,
    /// How it is shown: the name itself.
    pub shown: String,
}

struct Candidate {
    suggestion: Suggestion,
    /// The name as written, as full pinyin, and as initials.
    keys: [String; 3],
    /// Their lengths in characters.
    lengths: [i64; 3],
    /// Departments and categories before titles, at an equal match.
    rank: u8,
}

/// What leaving a character out of the query costs a match, in the matcher's points.
const ONE_LEFT_OUT: i64 = 8;

/// The longest query tried with a character left out.
const MAX_TYPO_CHARS: usize = 12;

/// The weakest best match worth suggesting (a query's own pinyin scattered over a long title
/// scores about 40; a name with a letter wrong, 90).
const MIN_SCORE: i64 = 60;

pub struct Suggester {
    candidates: Vec<Candidate>,
    matcher: SkimMatcherV2,
}

/// Full pinyin and initials of a text, other characters kept as they are (lower-cased).
fn spell(text: &str) -> (String, String) {
    let (mut full, mut initials) = (String::new(), String::new());
    for c in text.chars() {
        match c.to_pinyin() {
            Some(p) => {
                full.push_str(p.plain());
                initials.push_str(p.first_letter());
            }
            None if c.is_alphanumeric() => {
                full.extend(c.to_lowercase());
                initials.extend(c.to_lowercase());
            }
            None => {}
        }
    }
    (full, initials)
}

impl Suggester {
    /// Every department, category and title of `items`, once each.
    pub fn new<I: std::borrow::Borrow<Item>>(
        items: impl IntoIterator<Item = I> + Clone,
    ) -> Suggester {
        let mut seen = std::collections::HashSet::new();
        let mut candidates = Vec::new();
        let mut add = |query: String, shown: &str, rank: u8| {
            if !seen.insert(query.clone()) {
                return;
            }
            let (full, initials) = spell(shown);
            let keys = [shown.to_lowercase(), full, initials];
            let lengths = keys.each_ref().map(|k| k.chars().count() as i64);
            candidates.push(Candidate {
                suggestion: Suggestion {
                    query,
                    shown: shown.to_string(),
                },
                keys,
                lengths,
                rank,
            });
        };
        for item in items.clone() {
            let item = item.borrow();
            for department in &item.departments {
                add(format!("部门:{department}"), department, 0);
            }
            add(format!("类别:{}", item.category), &item.category, 0);
        }
        for item in items {
            let item = item.borrow();
            add(item.title.clone(), &item.title, 1);
        }
        Suggester {
            candidates,
            matcher: SkimMatcherV2::default(),
        }
    }

    /// At most `n` suggestions for a query that found nothing, best first.
    pub fn suggest(&self, query: &str, n: usize) -> Vec<Suggestion> {
        let query = query.trim();
        if query.is_empty() {
            return Vec::new();
        }
        let (spelled, _) = spell(query);
        let mut texts: Vec<(String, i64)> = vec![(query.to_lowercase(), 0)];
        if !spelled.is_empty() && spelled != query {
            texts.push((spelled, 0));
        }
        // A wrong letter or character (shuiliji for shuiliju, 登计 for 登记) is one left out:
        // try each short query less one character, at a small cost. Long ones are rarely typos
        // and would multiply the work of a keystroke.
        for (text, _) in texts.clone() {
            let chars: Vec<char> = text.chars().collect();
            if (3..=MAX_TYPO_CHARS).contains(&chars.len()) {
                for skip in 0..chars.len() {
                    let mut shorter = chars.clone();
                    shorter.remove(skip);
                    texts.push((shorter.into_iter().collect(), ONE_LEFT_OUT));
                }
            }
        }
        // Scattered letters are no suggestion: a match must score most of what the query
        // scores against itself.
        let tries: Vec<(String, i64, i64)> = texts
            .into_iter()
            .filter_map(|(text, cost)| {
                let floor = self.matcher.fuzzy_match(&text, &text)? * 8 / 10;
                Some((text, cost, floor))
            })
            .collect();
        let mut scored: Vec<(i64, u8, usize, &Candidate)> = self
            .candidates
            .iter()
            .filter_map(|c| {
                let best = tries
                    .iter()
                    .flat_map(|t| c.keys.iter().zip(c.lengths).map(move |k| (t, k)))
                    .filter_map(|((q, cost, floor), (key, length))| {
                        let score = self.matcher.fuzzy_match(key, q)?;
                        // A match spread over a long title is a weak hint: weigh by length.
                        (score >= *floor).then(|| score * 64 / (64 + length) - cost)
                    })
                    .max()?;
                Some((best, c.rank, c.lengths[0] as usize, c))
            })
            .collect();
        scored.sort_by_key(|&(score, rank, len, _)| (std::cmp::Reverse(score), rank, len));
        // Only what is close: a weak best means no suggestion, and a distant runner-up none.
        let best = scored.first().map_or(0, |s| s.0);
        if best < MIN_SCORE {
            return Vec::new();
        }
        scored
            .into_iter()
            .take_while(|s| s.0 * 10 >= best * 7)
            .take(n)
            .map(|(_, _, _, c)| c.suggestion.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_gives_full_pinyin_and_initials() {
        assert_eq!(spell("水利局"), ("shuiliju".into(), "slj".into()));
        assert_eq!(spell("消訪"), ("xiaofang".into(), "xf".into()));
    }
}
