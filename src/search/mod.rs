//! Search that answers "whose task is this?": the query language, matching that ranks like a
//! person would on Chinese text (fields weighted, contiguous before scattered, pinyin with every
//! reading), across all three lists. Knows nothing of the terminal.
//!
//! A query runs in three steps: bitsets narrow the items to those that could match (and, while a
//! query only grows, to those that matched before), each candidate is scored, and the hits are
//! sorted. Highlight positions are computed only for the items on screen.

mod bitset;
mod flat;
mod index;
mod matcher;
mod name_filter;
mod normalize;
mod pinyin;
mod postings;
pub mod query;
pub mod related;
mod score;
mod searcher;
pub mod suggest;
mod term;

use crate::model::{Dataset, Item, ListKind, Status};

pub use index::Bitset;
pub use index::Postings;
use index::{Class, Index, ItemText, SHORT_CLASSES};
use matcher::{all_occurrences, find_chars, window_positions};
pub use name_filter::NameFilter;
pub use normalize::normalize_str;
use pinyin::PinyinText;
pub use query::{Atom, MAX_QUERY_CHARS, Query, QueryError, ScopeField, ScopeTerm, Test};
use score::{AT_START, LITERAL, SCOPE, item_of, literal_quality, short_quality, sort_key};
pub use searcher::Searcher;
use term::{Prepared, PreparedAtom, Term, prepare, single_term, single_term_mut};

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

/// The search engine over one dataset, built once at load.
pub struct Engine {
    index: Index,
    /// Each item's review, for `状态:`; kept up to date by whoever holds the reviews.
    marks: Vec<ReviewMark>,
}

/// An engine half made: its items' docs stored, their postings not yet (`Engine::building`).
pub struct Building {
    index: Index,
}

impl Building {
    /// Writes the first part of what `Engine::write_to` writes: everything but the postings.
    pub fn write_docs<W: std::io::Write>(&self, out: W) -> std::io::Result<W> {
        flat::write_docs(&self.index, out)
    }

    /// The postings, made on every core; `&self`, so the docs are written meanwhile.
    pub fn postings(&self) -> Postings {
        self.index.postings()
    }

    pub fn finish(mut self, postings: Postings) -> Engine {
        self.index.set_postings(postings);
        Engine::with_index(self.index)
    }
}

/// What `状态:` looks at in an item's review.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReviewMark {
    /// The verdict.
    pub status: Option<Status>,
    /// A verdict or a note: `状态:未审` is neither.
    pub reviewed: bool,
    /// A note is being written and not saved.
    pub draft: bool,
}

impl Engine {
    pub fn new(dataset: &Dataset) -> Engine {
        Engine::over(&dataset.items)
    }

    /// The engine over items of several towns, one run.
    pub fn over<'a>(items: impl IntoIterator<Item = &'a Item>) -> Engine {
        Engine::with_index(Index::new(items))
    }

    fn with_index(index: Index) -> Engine {
        Engine {
            marks: vec![ReviewMark::default(); index.len()],
            index,
        }
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Writes the index as the cache stores it (`search::flat`), and gives the writer back.
    /// Streams: nothing of the index is copied to write it.
    pub fn write_to<W: std::io::Write>(&self, out: W) -> std::io::Result<W> {
        self.write_postings(flat::write_docs(&self.index, out)?)
    }

    /// Writes the second part of what `write_to` writes, after `Building::write_docs` wrote
    /// the first.
    pub fn write_postings<W: std::io::Write>(&self, out: W) -> std::io::Result<W> {
        flat::write_postings(&self.index, out)
    }

    /// The engine of `items` in two steps, for a file written while it is made: the docs
    /// stored (`Building::write_docs` writes them), then the postings (`Building::postings`,
    /// the longer part), which `Building::finish` makes an engine of.
    pub fn building<'a>(items: impl IntoIterator<Item = &'a Item>) -> Building {
        Building {
            index: Index::docs_of(items),
        }
    }

    /// The engine `write_to` wrote, read in place from `region` (which starts at its first
    /// byte, on an 8-byte boundary of the file): every process that maps the file shares its
    /// pages. None if its arrays do not fit in the region or together; the bytes are not
    /// hashed here (the cache file's hash is checked before).
    pub fn map(region: &crate::mapped::Region) -> Option<Engine> {
        flat::map_index(region).map(Engine::with_index)
    }

    /// Sets the review of every item (in dataset order), for `状态:`. A `Searcher` must be
    /// `reset` after this: its cached matches may no longer hold.
    pub fn set_reviews(&mut self, marks: Vec<ReviewMark>) {
        self.marks = marks;
        self.marks.resize(self.index.len(), ReviewMark::default());
    }

    fn mark(&self, item: usize) -> ReviewMark {
        self.marks.get(item).copied().unwrap_or_default()
    }

    /// `状态:有异议` is that verdict; `状态:未审` is no verdict and no note.
    fn has_status(&self, item: usize, status: Option<Status>) -> bool {
        let mark = self.mark(item);
        match status {
            Some(_) => mark.status == status,
            None => !mark.reviewed,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Every item matching `query`, best first; among equal scores the shorter title (the more
    /// specific match), then list order. An empty query lists everything in order.
    pub fn search(&self, query: &Query) -> Vec<Hit> {
        self.search_within(query, None).0
    }

    /// As `search`, looking only at the items `before` matched when given (a query that only
    /// adds to that one); also returns what this search matched, for the next.
    pub fn search_within(&self, query: &Query, before: Option<&Matched>) -> (Vec<Hit>, Matched) {
        let mut clauses = self.prepare(query);
        if let (Some(term), Some(classes)) = (
            single_term_mut(&mut clauses),
            before.and_then(|b| b.classes.as_ref()),
        ) {
            term.narrow_classes(classes);
        }
        let mut pool = before
            .map(|b| b.set.clone())
            .unwrap_or_else(|| Bitset::full(self.index.len()));
        for clause in &clauses {
            if let [atom] = clause.as_slice() {
                if !atom.negated {
                    pool.intersect(&self.prefilter(&atom.test));
                }
            }
        }
        let pool: Vec<usize> = pool.iter().collect();
        let single = single_term(&clauses);
        let mut keyed = match single {
            Some(term) if term.exact.is_some() && pool.len() >= COARSE_FROM => pool
                .iter()
                .filter_map(|&i| {
                    let (score, class) = term.coarse(i)?;
                    Some((
                        sort_key(score, self.index.item_title_len(i), i),
                        score,
                        Some(class),
                    ))
                })
                .collect(),
            _ => self.score_all(&pool, &clauses),
        };
        let n = self.index.len();
        let mut matched = Matched {
            set: Bitset::empty(n),
            classes: single.map(|_| std::array::from_fn(|_| Bitset::empty(n))),
        };
        for &(key, _, class) in &keyed {
            let i = item_of(key);
            matched.set.insert(i);
            if let (Some(classes), Some(class)) = (matched.classes.as_mut(), class) {
                classes[class as usize].insert(i);
            }
        }
        // Candidates are scored in item order; only words give a reason to reorder them.
        // Scopes alone (`部门:水利`, `类别:`, `清单:配合 状态:未审`) keep the published order, to go
        // through a department's or a list's items one by one.
        let positive = || clauses.iter().flatten().filter(|atom| !atom.negated);
        let ranked = positive().any(|atom| {
            !matches!(
                atom.test,
                Prepared::List(_)
                    | Prepared::Status(_)
                    | Prepared::Draft
                    | Prepared::Department(_)
                    | Prepared::Category(_)
            )
        });
        let scoped = positive()
            .any(|atom| matches!(atom.test, Prepared::Department(_) | Prepared::Category(_)));
        if ranked {
            keyed.sort_unstable_by_key(|&(key, _, _)| key);
        } else if scoped {
            // A department named well (公安局 for gaj) before one a rare reading reaches; within
            // one, the published order (the key's title length left out).
            keyed.sort_by_key(|&(key, score, _)| (std::cmp::Reverse(score), item_of(key)));
        }
        let hits = keyed
            .into_iter()
            .map(|(key, score, _)| Hit {
                item: item_of(key),
                score,
            })
            .collect();
        (hits, matched)
    }

    /// Scores the candidates (on every core when there are many): (sort key, score, class of
    /// the field that matched, for a one-term query) of each match.
    fn score_all(
        &self,
        pool: &[usize],
        clauses: &[Vec<PreparedAtom>],
    ) -> Vec<(u64, i32, Option<Class>)> {
        let single = single_term(clauses);
        let score_chunk = |chunk: &[usize]| -> Vec<(u64, i32, Option<Class>)> {
            chunk
                .iter()
                .filter_map(|&i| {
                    let item = &self.index.item(i);
                    // The class is recorded for a one-term query only (it narrows the next).
                    let (score, class) = match single {
                        Some(term) => self.fuzzy(i, item, term).map(|(s, c)| (s, Some(c)))?,
                        None => (self.score(i, item, clauses)?, None),
                    };
                    Some((sort_key(score, item.title_len, i), score, class))
                })
                .collect()
        };
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        if threads < 2 || pool.len() < PARALLEL_FROM {
            return score_chunk(pool);
        }
        let size = pool.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let handles: Vec<_> = pool
                .chunks(size)
                .map(|chunk| scope.spawn(move || score_chunk(chunk)))
                .collect();
            handles
                .into_iter()
                // A scoring thread that panicked has lost its hits: panic here too, not quietly.
                .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    }

    /// A superset of the items an atom can match, from the postings.
    fn prefilter(&self, test: &Prepared) -> Bitset {
        match test {
            Prepared::Fuzzy(term) => term.candidates(),
            Prepared::TitleStarts(term) => {
                let (mut set, letters) = term.by_class[Class::Title as usize].clone();
                set.union(&letters);
                set
            }
            Prepared::Exact(term) => term.contiguous.clone(),
            Prepared::List(list) => self.index.in_list(*list),
            Prepared::Status(status) => {
                let mut set = Bitset::empty(self.index.len());
                (0..self.index.len())
                    .filter(|&i| self.has_status(i, *status))
                    .for_each(|i| set.insert(i));
                set
            }
            Prepared::Draft => {
                let mut set = Bitset::empty(self.index.len());
                (0..self.index.len())
                    .filter(|&i| self.mark(i).draft)
                    .for_each(|i| set.insert(i));
                set
            }
            Prepared::Department(_) | Prepared::Category(_) => Bitset::full(self.index.len()),
        }
    }

    /// The item's score, or None if a clause fails.
    fn score(&self, i: usize, item: &ItemText, clauses: &[Vec<PreparedAtom>]) -> Option<i32> {
        let mut total = 0;
        for clause in clauses {
            let best = clause
                .iter()
                .filter_map(|atom| {
                    let found = self.test(i, item, &atom.test);
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

    fn test(&self, i: usize, item: &ItemText, test: &Prepared) -> Option<i32> {
        match test {
            Prepared::Fuzzy(term) => self.fuzzy(i, item, term).map(|(score, _)| score),
            Prepared::Exact(term) => self.literal(i, item, term),
            Prepared::TitleStarts(term) => {
                let title = item.class_text(Class::Title);
                let starts = title.chars.starts_with(&term.chars)
                    || term
                        .pinyin
                        .as_ref()
                        .is_some_and(|q| self.index.readings.match_at(title, 0, q).is_some());
                starts.then_some(Class::Title.weight() * (LITERAL + AT_START))
            }
            Prepared::Department(term) => item
                .department_names()
                .filter_map(|name| self.match_short(name, term))
                .max()
                .map(|s| s / 4 + SCOPE),
            Prepared::Category(term) => self
                .match_short(item.class_text(Class::Category), term)
                .map(|s| s / 4 + SCOPE),
            Prepared::List(list) => (item.list == *list).then_some(SCOPE),
            Prepared::Status(status) => self.has_status(i, *status).then_some(SCOPE),
            Prepared::Draft => self.mark(i).draft.then_some(SCOPE),
        }
    }

    /// The best match (contiguous, within a small window, or pinyin) in the best class of
    /// short field that has one, title first; failing those, a contiguous match in the duty
    /// text. The postings say which classes to look in, so most items are never scanned.
    fn fuzzy(&self, i: usize, item: &ItemText, term: &Term) -> Option<(i32, Class)> {
        for class in SHORT_CLASSES {
            let (characters, letters) = &term.by_class[class as usize];
            let ways = Ways {
                characters: characters.contains(i),
                pinyin: letters.contains(i),
            };
            if !(ways.characters || ways.pinyin) {
                continue;
            }
            if let Some(quality) = self.match_short_by(item.class_text(class), term, ways) {
                return Some((quality * class.weight(), class));
            }
        }
        self.in_duties(i, item, term)
            .map(|score| (score, Class::Duty))
    }

    /// A contiguous match anywhere: short fields first.
    fn literal(&self, i: usize, item: &ItemText, term: &Term) -> Option<i32> {
        SHORT_CLASSES
            .into_iter()
            .filter_map(|class| {
                let chars = item.class_text(class).chars;
                let at = find_chars(chars, &term.chars)?;
                Some(literal_quality(chars, at, term.chars.len()) * class.weight())
            })
            .max()
            .or_else(|| self.in_duties(i, item, term))
    }

    /// A contiguous match in the duty text (where scattered characters mean nothing). Called
    /// only when the short fields hold no contiguous match, so for one or two characters the
    /// postings alone answer; longer terms are confirmed in the text.
    fn in_duties(&self, i: usize, item: &ItemText, term: &Term) -> Option<i32> {
        if !term.contiguous.contains(i) {
            return None;
        }
        let duties = item.duties();
        let found = term.chars.len() <= 2 || term.finder.find(duties).is_some();
        found.then_some(LITERAL * Class::Duty.weight())
    }

    /// A term against a short text (title, department, category): contiguous, window, pinyin.
    fn match_short(&self, text: PinyinText, term: &Term) -> Option<i32> {
        self.match_short_by(text, term, Ways::ALL)
    }

    /// As `match_short`, trying only the ways the postings left open.
    fn match_short_by(&self, text: PinyinText, term: &Term, ways: Ways) -> Option<i32> {
        let pinyin = term.pinyin.as_deref().filter(|_| ways.pinyin);
        let chars = if ways.characters {
            &term.chars[..]
        } else {
            &[]
        };
        short_quality(&self.index.readings, text, chars, pinyin)
    }

    /// The characters to highlight in one item for a query.
    pub fn highlights(&self, item: usize, query: &Query) -> Highlights {
        let mut out = Highlights::default();
        let (clauses, true) = (prepare(query, None), item < self.index.len()) else {
            return out;
        };
        let text = self.index.item(item);
        for atom in clauses.iter().flatten().filter(|a| !a.negated) {
            for (k, span) in text.spans().enumerate() {
                let positions = if k < text.short_span_count() {
                    self.short_positions(&atom.test, span.field, text.pinyin_text(&span))
                } else {
                    match &atom.test {
                        Prepared::Fuzzy(term) | Prepared::Exact(term) => {
                            let chars: Vec<char> = text.span_text(&span).chars().collect();
                            all_occurrences(&chars, &term.chars)
                        }
                        _ => Vec::new(),
                    }
                };
                if !positions.is_empty() {
                    out.add(span.field, positions);
                }
            }
        }
        out
    }

    fn short_positions(&self, test: &Prepared, field: Field, text: PinyinText) -> Vec<usize> {
        let chars = text.chars;
        let pinyin = |term: &Term| {
            term.pinyin
                .as_ref()
                .and_then(|q| self.index.readings.find(text, q))
                .map(|(s, e)| s..e)
        };
        let fuzzy = |term: &Term| {
            let mut p = all_occurrences(chars, &term.chars);
            if p.is_empty() && term.chars.len() >= 2 {
                p.extend(window_positions(chars, &term.chars));
            }
            p.extend(pinyin(term).into_iter().flatten());
            p
        };
        match test {
            Prepared::Fuzzy(term) => fuzzy(term),
            Prepared::Exact(term) => all_occurrences(chars, &term.chars),
            Prepared::TitleStarts(term) if field == Field::Title => {
                if chars.starts_with(&term.chars) {
                    (0..term.chars.len()).collect()
                } else {
                    let q = term.pinyin.as_deref().unwrap_or_default();
                    let end = self
                        .index
                        .readings
                        .match_at(text, 0, q)
                        .map_or(0, |m| m.end);
                    (0..end).collect()
                }
            }
            Prepared::Department(term) if matches!(field, Field::Department(_)) => fuzzy(term),
            Prepared::Category(term) if field == Field::Category => fuzzy(term),
            _ => Vec::new(),
        }
    }

    fn prepare(&self, query: &Query) -> Vec<Vec<PreparedAtom>> {
        prepare(query, Some(&self.index))
    }
}

/// Which ways of matching a short field are still possible for an item.
#[derive(Debug, Clone, Copy)]
struct Ways {
    characters: bool,
    pinyin: bool,
}

impl Ways {
    const ALL: Ways = Ways {
        characters: true,
        pinyin: true,
    };
}

/// From this many candidates on, a one-term query of one character or one or two pinyin letters
/// is ranked by field class from the postings instead of one item at a time: it matches so much
/// that finer positions would not help, and it is typed on the way to a longer query.
const COARSE_FROM: usize = 20_000;

/// What a search matched: the items, and for a one-term query the class each matched best in.
#[derive(Debug, Clone)]
pub struct Matched {
    pub set: Bitset,
    classes: Option<[Bitset; 4]>,
}

/// Scoring is split across threads from this many candidates on.
const PARALLEL_FROM: usize = 8192;
