//! Search that answers "whose task is this?": the query language, matching that ranks like a
//! person would on Chinese text (fields weighted, contiguous before scattered, pinyin with every
//! reading), across all three lists. Knows nothing of the terminal.
//!
//! A query runs in three steps: bitsets narrow the items to those that could match (and, while a
//! query only grows, to those that matched before), each candidate is scored, and the hits are
//! sorted. Highlight positions are computed only for the items on screen.

mod index;
mod normalize;
mod pinyin;
pub mod query;
pub mod related;

use memchr::memmem;

use crate::model::{Dataset, ListKind};

pub use index::Bitset;
use index::{Class, Index, ItemText};
pub use normalize::normalize_str;
pub use query::{Atom, Query, QueryError, Test};

/// Which duty column of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    Upper,
    Town,
}

/// A field of an item that can carry highlights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Title,
    Category,
    Department(usize),
    Heading(Side, usize),
    Step(Side, usize, usize),
}

/// One matching item and its score (higher is better).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub item: usize,
    pub score: i32,
}

/// Matched character indices per field of one item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Highlights {
    pub fields: Vec<(Field, Vec<usize>)>,
}

impl Highlights {
    pub fn positions(&self, field: Field) -> &[usize] {
        self.fields
            .iter()
            .find(|(f, _)| *f == field)
            .map_or(&[], |(_, p)| p.as_slice())
    }

    fn add(&mut self, field: Field, positions: impl IntoIterator<Item = usize>) {
        let i = match self.fields.iter().position(|(f, _)| *f == field) {
            Some(i) => i,
            None => {
                self.fields.push((field, Vec::new()));
                self.fields.len() - 1
            }
        };
        let existing = &mut self.fields[i].1;
        existing.extend(positions);
        existing.sort_unstable();
        existing.dedup();
    }
}

/// A fuzzy match's characters may spread over the term's length plus this many characters.
const WINDOW_SLACK: usize = 2;

const LITERAL: i32 = 100;
const AT_START: i32 = 40;
const WHOLE_FIELD: i32 = 40;
const WINDOW: i32 = 60;
const WINDOW_GAP: i32 = 10;
const PINYIN: i32 = 64;
const PINYIN_PER_CHAR: i32 = 4;
const SCOPE: i32 = 20;

const BOUNDARY: i32 = 15;
/// A character read by one of its rarer readings (拓 as zhi) is a weaker match.
const SECONDARY_READING: i32 = 12;

/// Earlier in a field is better, up to a point.
fn position_penalty(char_pos: usize) -> i32 {
    (char_pos.min(30) / 2) as i32
}

/// A match that stands as a word of its own ("“河长制”", a whole clause) beats one that starts or
/// ends in the middle of a phrase.
fn boundary_bonus(chars: &[char], start: usize, end: usize) -> i32 {
    let open = start == 0 || !chars[start - 1].is_alphanumeric();
    let close = end >= chars.len() || !chars[end].is_alphanumeric();
    BOUNDARY * (i32::from(open) + i32::from(close))
}

/// The search engine over one dataset, built once at load.
pub struct Engine {
    index: Index,
}

/// A term prepared once per query.
struct Term {
    text: String,
    chars: Vec<char>,
    finder: memmem::Finder<'static>,
    pinyin: Option<Vec<u8>>,
}

impl Term {
    fn new(text: &str) -> Term {
        Term {
            text: text.to_string(),
            chars: text.chars().collect(),
            finder: memmem::Finder::new(text.as_bytes()).into_owned(),
            pinyin: pinyin::is_pinyin_term(text).then(|| text.as_bytes().to_vec()),
        }
    }
}

enum Prepared {
    Fuzzy(Term),
    Exact(Term),
    TitleStarts(Term),
    Department(Term),
    Category(Term),
    List(ListKind),
}

struct PreparedAtom {
    negated: bool,
    test: Prepared,
}

impl Engine {
    pub fn new(dataset: &Dataset) -> Engine {
        Engine {
            index: Index::new(dataset),
        }
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Every item matching `query`, best first; among equal scores the shorter title (the more
    /// specific match), then list order. An empty query lists everything in order.
    pub fn search(&self, query: &Query) -> Result<Vec<Hit>, QueryError> {
        self.search_within(query, None).map(|(hits, _)| hits)
    }

    /// As `search`, looking only at `candidates` when given; also returns the set of matches,
    /// which is the candidates for a query that only adds to this one.
    pub fn search_within(
        &self,
        query: &Query,
        candidates: Option<&Bitset>,
    ) -> Result<(Vec<Hit>, Bitset), QueryError> {
        let clauses = prepare(query)?;
        let mut pool = candidates
            .cloned()
            .unwrap_or_else(|| Bitset::full(self.index.len()));
        for clause in &clauses {
            if let [atom] = clause.as_slice() {
                if !atom.negated {
                    pool.intersect(&self.prefilter(&atom.test));
                }
            }
        }
        let mut hits = Vec::new();
        let mut matched = Bitset::empty(self.index.len());
        for i in pool.iter() {
            let item = &self.index.items[i];
            if let Some(score) = self.score(item, &clauses) {
                hits.push(Hit { item: i, score });
                matched.insert(i);
            }
        }
        if !clauses.is_empty() {
            let len = |h: &Hit| self.index.items[h.item].title_len;
            hits.sort_unstable_by_key(|h| (std::cmp::Reverse(h.score), len(h), h.item));
        }
        Ok((hits, matched))
    }

    /// A superset of the items an atom can match, from the bitsets.
    fn prefilter(&self, test: &Prepared) -> Bitset {
        match test {
            Prepared::Fuzzy(term) | Prepared::TitleStarts(term) => {
                let mut set = self.index.with_chars(&term.text);
                if let Some(letters) = &term.pinyin {
                    set.union(&self.index.with_pinyin(letters));
                }
                set
            }
            Prepared::Exact(term) => self.index.with_chars(&term.text),
            Prepared::List(list) => self.index.in_list(*list),
            Prepared::Department(_) | Prepared::Category(_) => Bitset::full(self.index.len()),
        }
    }

    /// The item's score, or None if a clause fails.
    fn score(&self, item: &ItemText, clauses: &[Vec<PreparedAtom>]) -> Option<i32> {
        let mut total = 0;
        for clause in clauses {
            let best = clause
                .iter()
                .filter_map(|atom| {
                    let found = self.test(item, &atom.test);
                    match (atom.negated, found) {
                        (false, found) => found,
                        (true, None) => Some(0),
                        (true, Some(_)) => None,
                    }
                })
                .max()?;
            total += best;
        }
        Some(total)
    }

    fn test(&self, item: &ItemText, test: &Prepared) -> Option<i32> {
        match test {
            Prepared::Fuzzy(term) => self.fuzzy(item, term),
            Prepared::Exact(term) => literal(item, term).map(|(score, _)| score),
            Prepared::TitleStarts(term) => {
                let title = item.span_chars(&item.spans[0]);
                let starts = title.starts_with(&term.chars)
                    || term
                        .pinyin
                        .as_ref()
                        .is_some_and(|q| self.index.readings.match_at(title, 0, q).is_some());
                starts.then_some(Class::Title.weight() * (LITERAL + AT_START))
            }
            Prepared::Department(term) => item
                .department_names
                .iter()
                .filter_map(|name| self.match_short(name, term))
                .max()
                .map(|s| s / 4 + SCOPE),
            Prepared::Category(term) => {
                let span = item.spans.iter().find(|s| s.field == Field::Category)?;
                self.match_short(item.span_chars(span), term)
                    .map(|s| s / 4 + SCOPE)
            }
            Prepared::List(list) => (item.list == *list).then_some(SCOPE),
        }
    }

    /// The best of: a contiguous match (in the highest field that has one), a match within a
    /// small window, and pinyin on the title, departments and category.
    fn fuzzy(&self, item: &ItemText, term: &Term) -> Option<i32> {
        let literal = literal(item, term);
        let mut best = literal.map(|(score, _)| score);
        let stop = literal.map_or(Class::Duty, |(_, class)| class);
        for span in item.spans.iter() {
            let class = Class::of(span.field);
            if class >= stop && literal.is_some() {
                break;
            }
            let chars = item.span_chars(span);
            let mut local = None;
            if term.chars.len() >= 2 {
                local = window(chars, &term.chars).map(|(start, end)| {
                    let gap = (end - start - term.chars.len()) as i32;
                    WINDOW - WINDOW_GAP * gap - position_penalty(start)
                        + boundary_bonus(chars, start, end)
                });
            }
            if let (Some(q), true) = (&term.pinyin, class != Class::Duty) {
                local = local.max(self.pinyin_score(chars, q));
            }
            best = best.max(local.map(|s| s * class.weight()));
        }
        best
    }

    /// The best pinyin match in a short field: more characters, word boundaries, early.
    fn pinyin_score(&self, chars: &[char], query: &[u8]) -> Option<i32> {
        (0..chars.len())
            .filter_map(|start| {
                let found = self.index.readings.match_at(chars, start, query)?;
                let end = found.end;
                Some(
                    PINYIN + PINYIN_PER_CHAR * (end - start) as i32 - position_penalty(start)
                        + boundary_bonus(chars, start, end)
                        - SECONDARY_READING * found.secondary as i32,
                )
            })
            .max()
    }

    /// A term against a short text (a department name, a category): literal, window, pinyin.
    fn match_short(&self, chars: &[char], term: &Term) -> Option<i32> {
        let literal = find_chars(chars, &term.chars).map(|at| {
            LITERAL - position_penalty(at)
                + if chars.len() == term.chars.len() {
                    WHOLE_FIELD
                } else {
                    0
                }
        });
        let windowed = (term.chars.len() >= 2)
            .then(|| window(chars, &term.chars))
            .flatten()
            .map(|(s, e)| WINDOW - WINDOW_GAP * (e - s - term.chars.len()) as i32);
        let pinyin = term
            .pinyin
            .as_ref()
            .and_then(|q| self.pinyin_score(chars, q));
        literal.max(windowed).max(pinyin)
    }

    /// The characters to highlight in one item for a query.
    pub fn highlights(&self, item: usize, query: &Query) -> Highlights {
        let mut out = Highlights::default();
        let Ok(clauses) = prepare(query) else {
            return out;
        };
        let Some(text) = self.index.items.get(item) else {
            return out;
        };
        for atom in clauses.iter().flatten().filter(|a| !a.negated) {
            for span in text.spans.iter() {
                let chars = text.span_chars(span);
                let class = Class::of(span.field);
                let positions = match &atom.test {
                    Prepared::Fuzzy(term) => {
                        let mut p = all_occurrences(chars, &term.chars);
                        if p.is_empty() && term.chars.len() >= 2 {
                            p.extend(window_positions(chars, &term.chars));
                        }
                        if let (Some(q), true) = (&term.pinyin, class != Class::Duty) {
                            if let Some((s, e)) = self.index.readings.find(chars, q) {
                                p.extend(s..e);
                            }
                        }
                        p
                    }
                    Prepared::Exact(term) => all_occurrences(chars, &term.chars),
                    Prepared::TitleStarts(term) if span.field == Field::Title => {
                        if chars.starts_with(&term.chars) {
                            (0..term.chars.len()).collect()
                        } else {
                            let q = term.pinyin.as_deref().unwrap_or_default();
                            let end = self
                                .index
                                .readings
                                .match_at(chars, 0, q)
                                .map_or(0, |m| m.end);
                            (0..end).collect()
                        }
                    }
                    Prepared::Department(term) if class == Class::Department => {
                        let own = self.match_short(chars, term).is_some();
                        let mut p = all_occurrences(chars, &term.chars);
                        if p.is_empty() && own {
                            p.extend(window_positions(chars, &term.chars));
                            if let Some((s, e)) = term
                                .pinyin
                                .as_ref()
                                .and_then(|q| self.index.readings.find(chars, q))
                            {
                                p.extend(s..e);
                            }
                        }
                        p
                    }
                    Prepared::Category(term) if class == Class::Category => {
                        all_occurrences(chars, &term.chars)
                    }
                    _ => Vec::new(),
                };
                if !positions.is_empty() {
                    out.add(span.field, positions);
                }
            }
        }
        out
    }
}

/// The first contiguous occurrence in the item: its score and the class of its field (fields
/// are laid out best first, so the first occurrence is in the best field that has one).
fn literal(item: &ItemText, term: &Term) -> Option<(i32, Class)> {
    let at = term.finder.find(item.text.as_bytes())?;
    let span = item.span_at_byte(at);
    let class = Class::of(span.field);
    let start = span.bytes.0 as usize;
    let char_pos = item.text[start..at].chars().count();
    let field_len = (span.chars.1 - span.chars.0) as usize;
    let chars = item.span_chars(span);
    let mut quality = LITERAL - position_penalty(char_pos)
        + boundary_bonus(chars, char_pos, char_pos + term.chars.len());
    if char_pos == 0 {
        quality += AT_START;
    }
    if field_len == term.chars.len() {
        quality += WHOLE_FIELD;
    }
    Some((quality * class.weight(), class))
}

fn find_chars(haystack: &[char], needle: &[char]) -> Option<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn all_occurrences(haystack: &[char], needle: &[char]) -> Vec<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return Vec::new();
    }
    haystack
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .flat_map(|(i, _)| i..i + needle.len())
        .collect()
}

/// The first match of `needle`'s characters in order within a window of its length plus
/// `WINDOW_SLACK`: (first, one past the last).
fn window(haystack: &[char], needle: &[char]) -> Option<(usize, usize)> {
    let limit = needle.len() + WINDOW_SLACK;
    (0..haystack.len())
        .filter(|&i| haystack[i] == needle[0])
        .find_map(|start| {
            let mut at = start;
            for &c in &needle[1..] {
                let rest = &haystack[at + 1..(start + limit).min(haystack.len())];
                at += 1 + rest.iter().position(|&h| h == c)?;
            }
            Some((start, at + 1))
        })
}

fn window_positions(haystack: &[char], needle: &[char]) -> Vec<usize> {
    let Some((start, _)) = window(haystack, needle) else {
        return Vec::new();
    };
    let mut positions = vec![start];
    let mut at = start;
    for &c in &needle[1..] {
        match haystack[at + 1..].iter().position(|&h| h == c) {
            Some(p) => {
                at += 1 + p;
                positions.push(at);
            }
            None => break,
        }
    }
    positions
}

fn prepare(query: &Query) -> Result<Vec<Vec<PreparedAtom>>, QueryError> {
    query
        .clauses
        .iter()
        .map(|clause| {
            clause
                .iter()
                .map(|atom| {
                    let test = match &atom.test {
                        Test::Fuzzy(t) => Prepared::Fuzzy(Term::new(t)),
                        Test::Exact(t) => Prepared::Exact(Term::new(t)),
                        Test::TitleStarts(t) => Prepared::TitleStarts(Term::new(t)),
                        Test::Department(t) => Prepared::Department(Term::new(t)),
                        Test::Category(t) => Prepared::Category(Term::new(t)),
                        Test::List(l) => Prepared::List(*l),
                        Test::Status(s) => {
                            return Err(QueryError {
                                column: 1,
                                message: format!(
                                    "「状态:{s}」要在审核记录启用后才能用（尚未启用）"
                                ),
                            });
                        }
                    };
                    Ok(PreparedAtom {
                        negated: atom.negated,
                        test,
                    })
                })
                .collect()
        })
        .collect()
}

/// Runs queries as they are typed, reusing the last result while the query only grows.
#[derive(Default)]
pub struct Searcher {
    last: Option<(Query, Bitset)>,
}

impl Searcher {
    pub fn search(&mut self, engine: &Engine, query: &Query) -> Result<Vec<Hit>, QueryError> {
        let candidates = self
            .last
            .as_ref()
            .filter(|(last, _)| narrows(last, query))
            .map(|(_, matched)| matched);
        let (hits, matched) = engine.search_within(query, candidates)?;
        self.last = Some((query.clone(), matched));
        Ok(hits)
    }
}

/// True if every item matching `next` also matches `last`: `next` keeps all of `last`'s
/// clauses, with at most the last one's term grown, and may add more.
fn narrows(last: &Query, next: &Query) -> bool {
    let n = last.clauses.len();
    if n == 0 || next.clauses.len() < n || last.clauses[..n - 1] != next.clauses[..n - 1] {
        return false;
    }
    let (old, new) = (&last.clauses[n - 1], &next.clauses[n - 1]);
    if old == new {
        return true;
    }
    let grown = |a: &str, b: &str| b.starts_with(a);
    match (old.as_slice(), new.as_slice()) {
        ([a], [b]) if !a.negated && !b.negated => match (&a.test, &b.test) {
            (Test::Fuzzy(x), Test::Fuzzy(y))
            | (Test::Exact(x), Test::Exact(y))
            | (Test::TitleStarts(x), Test::TitleStarts(y))
            | (Test::Department(x), Test::Department(y))
            | (Test::Category(x), Test::Category(y)) => grown(x, y),
            _ => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_bound_how_far_apart_matched_characters_may_be() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(window(&chars("安全生产检查"), &chars("安检")), None);
        assert_eq!(window(&chars("安全检查"), &chars("安检")), Some((0, 3)));
        assert_eq!(
            window(&chars("xx安全x检查"), &chars("安全检查")),
            Some((2, 7))
        );
    }

    #[test]
    fn growing_the_last_term_or_adding_terms_narrows() {
        let q = |s: &str| Query::parse(s).unwrap();
        assert!(narrows(&q("安全"), &q("安全检")));
        assert!(narrows(&q("安全"), &q("安全 检查")));
        assert!(!narrows(&q("安全"), &q("安")));
        assert!(!narrows(&q("安全"), &q("!安全")));
        assert!(!narrows(&q("安全 | 消防"), &q("安全 | 消防站")));
        assert!(!narrows(&q(""), &q("安")));
    }
}
