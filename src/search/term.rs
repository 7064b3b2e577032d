//! A query's terms prepared once per search: each term's characters, pinyin and the items the
//! postings say it can match, by field class.

use memchr::memmem;

use super::index::{Bitset, Class, Index, SHORT_CLASSES};
use super::pinyin;
use super::score::{LITERAL, PINYIN};
use super::{ListKind, Query, Status, Test};

/// A term prepared once per query, with the items it can match by way of the postings.
pub(super) struct Term {
    pub(super) chars: Vec<char>,
    pub(super) finder: memmem::Finder<'static>,
    pub(super) pinyin: Option<Vec<u8>>,
    /// Items that may hold the term contiguously anywhere: exact for one or two characters.
    pub(super) contiguous: Bitset,
    /// Per short-field class (title, departments, category), items that may match there:
    /// (by characters, by pinyin).
    pub(super) by_class: [(Bitset, Bitset); 3],
    /// Per class, the items that match there for certain, when the postings alone can tell
    /// (one character, or one or two pinyin letters): (by characters, by pinyin).
    pub(super) exact: Option<[(Bitset, Bitset); 3]>,
}

impl Term {
    pub(super) fn new(text: &str, index: &Index) -> Term {
        let chars: Vec<char> = text.chars().collect();
        let pinyin = pinyin::is_pinyin_term(text).then(|| text.as_bytes().to_vec());
        let by_class: [(Bitset, Bitset); 3] = SHORT_CLASSES.map(|class| {
            let literal = index.class_chars(class, &chars);
            let letters = pinyin.as_deref().map_or_else(
                || Bitset::empty(index.len()),
                |p| index.class_pinyin(class, p),
            );
            (literal, letters)
        });
        let letters = pinyin.as_ref().map_or(0, Vec::len);
        let exact = (chars.len() == 1 || letters == 2).then(|| {
            by_class.clone().map(|(literal, letters)| {
                let literal = if chars.len() == 1 {
                    literal
                } else {
                    Bitset::empty(index.len())
                };
                (literal, letters)
            })
        });
        Term {
            finder: memmem::Finder::new(text.as_bytes()).into_owned(),
            contiguous: index.contiguous(&chars),
            by_class,
            exact,
            pinyin,
            chars,
        }
    }

    /// The term without its candidates, for what looks at one item (highlights): the
    /// postings cost a pass over the items, twenty times a frame at a province's size.
    pub(super) fn bare(text: &str) -> Term {
        let none = || (Bitset::empty(0), Bitset::empty(0));
        Term {
            finder: memmem::Finder::new(text.as_bytes()).into_owned(),
            contiguous: Bitset::empty(0),
            by_class: [none(), none(), none()],
            exact: None,
            pinyin: pinyin::is_pinyin_term(text).then(|| text.as_bytes().to_vec()),
            chars: text.chars().collect(),
        }
    }

    /// A match's score from the postings alone, for queries too broad to rank one by one: the
    /// best class that holds it, then title length and list order.
    pub(super) fn coarse(&self, i: usize) -> Option<(i32, Class)> {
        let exact = self.exact.as_ref()?;
        for class in SHORT_CLASSES {
            let (literal, letters) = &exact[class as usize];
            if literal.contains(i) {
                return Some((LITERAL * class.weight(), class));
            }
            if letters.contains(i) {
                return Some((PINYIN * class.weight(), class));
            }
        }
        self.contiguous
            .contains(i)
            .then_some((LITERAL * Class::Duty.weight(), Class::Duty))
    }

    /// This term grew from one that matched each item best in `classes` (title, departments,
    /// category, duty text). A longer term cannot match where the shorter did not, so an item
    /// is looked for only in that class and those below it.
    pub(super) fn narrow_classes(&mut self, classes: &[Bitset; 4]) {
        let mut allowed = Bitset::empty(self.contiguous.len());
        for class in SHORT_CLASSES {
            allowed.union(&classes[class as usize]);
            self.by_class[class as usize].0.intersect(&allowed);
            self.by_class[class as usize].1.intersect(&allowed);
        }
    }

    /// Every item the term can match.
    pub(super) fn candidates(&self) -> Bitset {
        let mut set = self.contiguous.clone();
        for (characters, letters) in &self.by_class {
            set.union(characters);
            set.union(letters);
        }
        set
    }
}

pub(super) enum Prepared {
    Fuzzy(Term),
    Exact(Term),
    TitleStarts(Term),
    Department(Term),
    Category(Term),
    List(ListKind),
    Status(Option<Status>),
    Draft,
}

pub(super) struct PreparedAtom {
    pub(super) negated: bool,
    pub(super) test: Prepared,
}

/// True if the query is a single plain term: the common case while typing, scored and
/// narrowed by field class.
pub(super) fn is_single_term(clauses: &[Vec<PreparedAtom>]) -> bool {
    matches!(clauses, [clause] if matches!(
        clause.as_slice(),
        [PreparedAtom { negated: false, test: Prepared::Fuzzy(_) }]
    ))
}

pub(super) fn single_term(clauses: &[Vec<PreparedAtom>]) -> Option<&Term> {
    match &clauses.first()?.first()?.test {
        Prepared::Fuzzy(term) if is_single_term(clauses) => Some(term),
        _ => None,
    }
}

pub(super) fn single_term_mut(clauses: &mut [Vec<PreparedAtom>]) -> Option<&mut Term> {
    if !is_single_term(clauses) {
        return None;
    }
    match &mut clauses[0][0].test {
        Prepared::Fuzzy(term) => Some(term),
        _ => None,
    }
}

/// A query's atoms with their terms: with their candidates from `index`, or bare (`Term::bare`)
/// when there is none.
pub(super) fn prepare(query: &Query, index: Option<&Index>) -> Vec<Vec<PreparedAtom>> {
    let term = |t: &str| match index {
        Some(index) => Term::new(t, index),
        None => Term::bare(t),
    };
    query
        .clauses
        .iter()
        .map(|clause| {
            clause
                .iter()
                .map(|atom| {
                    let test = match &atom.test {
                        Test::Fuzzy(t) => Prepared::Fuzzy(term(t)),
                        Test::Exact(t) => Prepared::Exact(term(t)),
                        Test::TitleStarts(t) => Prepared::TitleStarts(term(t)),
                        Test::Department(t) => Prepared::Department(term(t)),
                        Test::Category(t) => Prepared::Category(term(t)),
                        Test::List(l) => Prepared::List(*l),
                        Test::Status(s) => Prepared::Status(*s),
                        Test::Draft => Prepared::Draft,
                    };
                    PreparedAtom {
                        negated: atom.negated,
                        test,
                    }
                })
                .collect()
        })
        .collect()
}
