//! Built once at load, or read in place from the cache file: each item's fields as normalised
//! text, and postings that say which items contain a character (or can start a pinyin query)
//! so a query looks only at candidates.
//!
//! Items whose text is the same word for word (a province's towns share most of their lists)
//! share one stored text, a "doc": the text, its spans and its pinyin are kept once, and the
//! postings say which docs hold a key, so memory and the build grow with the distinct texts,
//! not with the towns (docs/scale.md).

use crate::mapped::Arr;
use crate::model::ListKind;

use super::Field;
pub use super::bitset::Bitset;
use super::pinyin::{PinyinText, Readings};
use super::postings::{List, Table};

mod build;
pub use build::Postings;
mod raw;
mod store;

pub(super) use raw::{RawSpan, RawStored};

/// How much a field's match counts: title > departments > category > duty text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    Title,
    Department,
    Category,
    Duty,
}

impl Class {
    pub fn of(field: Field) -> Class {
        match field {
            Field::Title => Class::Title,
            Field::Department(_) => Class::Department,
            Field::Category => Class::Category,
            Field::Heading(..) | Field::Step(..) => Class::Duty,
        }
    }

    pub fn weight(self) -> i32 {
        match self {
            Class::Title => 8,
            Class::Department => 5,
            Class::Category => 3,
            Class::Duty => 1,
        }
    }
}

/// Where one field lies in an item's text.
#[derive(Debug, Clone, Copy)]
pub struct Span {
    pub field: Field,
    pub bytes: (u32, u32),
    pub chars: (u32, u32),
}

/// One item's searchable text, borrowed from the index: fields in order of weight, normalised,
/// joined by '\n'. The short fields (title, departments, category) come first and are also kept
/// as characters with their pinyin; the duty text is searched only for contiguous matches.
/// Every range in it is checked when read (the arrays may be a mapped file): one that does not
/// fit reads as empty.
#[derive(Debug, Clone, Copy)]
pub struct ItemText<'a> {
    /// UTF-8 bytes (kept as bytes: slicing a `str` would check its ends, a cache miss per item).
    pub text: &'a [u8],
    spans: &'a [RawSpan],
    /// How many spans are short fields.
    short_spans: usize,
    short: PinyinText<'a>,
    names: &'a [[u32; 2]],
    name_text: PinyinText<'a>,
    /// Byte offset in `text` where the duty text starts.
    pub duty_start: u32,
    pub list: ListKind,
    pub title_len: u32,
    /// Where the title ends and the departments end in the short characters.
    title_end: u32,
    depts_end: u32,
}

impl<'a> ItemText<'a> {
    /// The characters and pinyin of a whole short-field class: the title, all the departments
    /// (separated by line breaks, which nothing matches), or the category. Reads no spans, so
    /// scoring a candidate touches only the item's own stretch of the shared arrays.
    pub fn class_text(&self, class: Class) -> PinyinText<'a> {
        let (a, b) = match class {
            Class::Title => (0, self.title_end),
            // Saturating: the ends may come from a damaged file.
            Class::Department => (self.title_end.saturating_add(1), self.depts_end),
            // The duty text is no short field: the category is the last one.
            Class::Category | Class::Duty => (
                self.depts_end.saturating_add(1),
                self.short.chars.len() as u32,
            ),
        };
        let b = b.max(a).min(self.short.chars.len() as u32);
        self.short.slice(a.min(b) as usize, b as usize)
    }

    /// A field's text; spans lie on character boundaries, so this is empty only for a span
    /// a damaged file put elsewhere.
    pub fn span_text(&self, span: &Span) -> &'a str {
        let bytes = self.text.get(span.bytes.0 as usize..span.bytes.1 as usize);
        std::str::from_utf8(bytes.unwrap_or_default()).unwrap_or_default()
    }

    /// Every field's span, short fields first.
    pub fn spans(&self) -> impl Iterator<Item = Span> + 'a {
        self.spans.iter().map(Span::from_raw)
    }

    /// How many of the spans are short fields.
    pub fn short_span_count(&self) -> usize {
        self.short_spans.min(self.spans.len())
    }

    pub fn short_spans(&self) -> impl Iterator<Item = Span> + 'a {
        self.spans().take(self.short_spans)
    }

    /// The duty text's bytes.
    pub fn duties(&self) -> &'a [u8] {
        self.text
            .get(self.duty_start as usize..)
            .unwrap_or_default()
    }

    /// The characters and pinyin of a short field.
    pub fn pinyin_text(&self, span: &Span) -> PinyinText<'a> {
        checked_slice(self.short, span.chars)
    }

    /// Canonical department names and their aliases, for `部门:`, with their pinyin.
    pub fn department_names(&self) -> impl Iterator<Item = PinyinText<'a>> + 'a {
        let text = self.name_text;
        self.names
            .iter()
            .map(move |&[a, b]| checked_slice(text, (a, b)))
    }
}

/// Characters `a..b` of `text`, or none if they do not lie within it.
fn checked_slice(text: PinyinText, (a, b): (u32, u32)) -> PinyinText {
    let (a, b) = (a as usize, b as usize);
    if a <= b && b <= text.chars.len() {
        text.slice(a, b)
    } else {
        text.slice(0, 0)
    }
}

/// Where an item's pieces lie in the index's shared arrays (kept as a `RawStored`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stored {
    pub text: (u32, u32),
    pub spans: (u32, u32),
    pub short_spans: u32,
    pub short: (u32, u32),
    pub names: (u32, u32),
    pub duty_start: u32,
    pub list: ListKind,
    pub title_len: u32,
    pub title_end: u32,
    pub depts_end: u32,
}

/// Characters with their pinyin, every item's, end to end; as long as each other (checked
/// when read from a file).
#[derive(Debug, Default)]
pub(super) struct PinyinArrays {
    pub(super) chars: Arr<char>,
    pub(super) ids: Arr<u16>,
    pub(super) masks: Arr<u32>,
}

impl PinyinArrays {
    /// Characters `a..b`, or none if they do not lie within the arrays.
    fn view(&self, (a, b): (u32, u32)) -> PinyinText<'_> {
        let range = a as usize..b as usize;
        match (
            self.chars.get(range.clone()),
            self.ids.get(range.clone()),
            self.masks.get(range),
        ) {
            (Some(chars), Some(ids), Some(masks)) => PinyinText { chars, ids, masks },
            _ => PinyinText {
                chars: &[],
                ids: &[],
                masks: &[],
            },
        }
    }

    pub(super) fn fits(&self) -> bool {
        self.chars.len() == self.ids.len() && self.ids.len() == self.masks.len()
    }
}

/// Which items can match a term in one short-field class, and how.
#[derive(Debug, Default)]
pub struct ClassPostings {
    pub(super) chars: Table<char>,
    /// The first one, two or three letters of a pinyin query that can match here (zero-padded),
    /// so a query of up to three letters is answered by one posting list.
    pub(super) starts: Table<[u8; 3]>,
    /// Two letters that can follow each other anywhere in a pinyin query matched here: within
    /// a reading, or the end of one character's piece and the next character's first letter.
    pub(super) letter_pairs: Table<(u8, u8)>,
}

/// The index: every array either built here (`Index::new`) or read in place from the cache
/// file (`search::flat`), which every user's process on a server maps and shares.
pub struct Index {
    /// Every distinct text in a few shared arrays, in order of first use, so scoring candidates
    /// in order reads memory mostly in order.
    pub(super) stored: Arr<RawStored>,
    /// Each item's doc (index into `stored`).
    pub(super) item_doc: Arr<u32>,
    /// Each doc's items, ascending: `doc_items[doc_starts[d]..doc_starts[d + 1]]`.
    pub(super) doc_starts: Arr<u32>,
    pub(super) doc_items: Arr<u32>,
    pub(super) text: Arr<u8>,
    pub(super) spans: Arr<RawSpan>,
    pub(super) short: PinyinArrays,
    pub(super) names: Arr<[u32; 2]>,
    pub(super) name_text: PinyinArrays,
    pub readings: Readings,
    /// Docs containing each character, anywhere.
    pub(super) chars: Table<char>,
    /// Docs containing each pair of neighbouring characters, anywhere.
    pub(super) pairs: Table<(char, char)>,
    /// The same for the title, the departments and the category, and their pinyin.
    pub(super) classes: [ClassPostings; 3],
    /// Each list's items as a bitset's words, in the order of `ListKind::ALL`.
    pub(super) lists: [Arr<u64>; 3],
}

/// How many first letters of a pinyin query the start postings hold.
const START_LETTERS: usize = 3;

/// The short-field classes, in the order of `Index::classes`.
pub const SHORT_CLASSES: [Class; 3] = [Class::Title, Class::Department, Class::Category];

impl Index {
    fn docs(&self) -> usize {
        self.stored.len()
    }

    /// Whether what every lookup relies on holds, for arrays read from a file: each item's
    /// doc exists, each doc's items are items, the columns that run side by side are as long
    /// as each other. A pass over three arrays of a u32 per item (a megabyte each for a
    /// province); the ranges in the docs and postings are checked where they are read.
    pub(super) fn sound(&self) -> bool {
        let (n, docs) = (self.len(), self.docs());
        let starts = &self.doc_starts;
        n <= super::score::MAX_ITEMS
            && self.item_doc.iter().all(|&d| (d as usize) < docs)
            && starts.len() == docs + 1
            && starts.first() == Some(&0)
            && starts.last().is_some_and(|&last| last as usize == n)
            && starts.windows(2).all(|w| w[0] <= w[1])
            && self.doc_items.len() == n
            && self.doc_items.iter().all(|&i| (i as usize) < n)
            && self.lists.iter().all(|l| l.len() == n.div_ceil(64))
            && self.short.fits()
            && self.name_text.fits()
    }

    /// Doc `i`'s whole text as a str (spans lie on character boundaries).
    #[cfg(test)]
    fn item_str(&self, i: usize) -> &str {
        let s = Stored::from_raw(&self.stored[i]);
        let bytes = self.text.get(s.text.0 as usize..s.text.1 as usize);
        std::str::from_utf8(bytes.unwrap_or_default()).unwrap_or_default()
    }

    pub fn len(&self) -> usize {
        self.item_doc.len()
    }

    pub fn is_empty(&self) -> bool {
        self.item_doc.is_empty()
    }

    pub fn item_title_len(&self, i: usize) -> u32 {
        self.stored[self.item_doc[i] as usize][raw::TITLE_LEN]
    }

    /// Item `i`'s text.
    pub fn item(&self, i: usize) -> ItemText<'_> {
        self.doc(self.item_doc[i] as usize)
    }

    /// Doc `d`'s text; a range that does not lie within its array reads as empty.
    fn doc(&self, d: usize) -> ItemText<'_> {
        let s = Stored::from_raw(&self.stored[d]);
        let range = |(a, b): (u32, u32)| a as usize..b as usize;
        ItemText {
            text: self.text.get(range(s.text)).unwrap_or_default(),
            spans: self.spans.get(range(s.spans)).unwrap_or_default(),
            short_spans: s.short_spans as usize,
            short: self.short.view(s.short),
            names: self.names.get(range(s.names)).unwrap_or_default(),
            name_text: self.name_text.view((0, self.name_text.chars.len() as u32)),
            duty_start: s.duty_start,
            list: s.list,
            title_len: s.title_len,
            title_end: s.title_end,
            depts_end: s.depts_end,
        }
    }

    /// Items that hold `term` contiguously somewhere: exact for one or two characters (by
    /// their postings), a superset for longer terms (every neighbouring pair present).
    pub fn contiguous(&self, term: &[char]) -> Bitset {
        match term {
            [c] => self.intersection([self.chars.get(c)]),
            _ => self.intersection(term.windows(2).map(|w| self.pairs.get(&(w[0], w[1])))),
        }
    }

    /// Items whose short-field class `k` holds every character of `term` (a superset of its
    /// contiguous and window matches there; exact for one character).
    pub fn class_chars(&self, class: Class, term: &[char]) -> Bitset {
        let class = &self.classes[class as usize];
        self.intersection(term.iter().map(|c| class.chars.get(c)))
    }

    /// Items where pinyin `letters` can match in short-field class `k`: exact for up to three
    /// letters; longer queries also need each later pair of letters to occur.
    pub fn class_pinyin(&self, class: Class, letters: &[u8]) -> Bitset {
        let class = &self.classes[class as usize];
        if letters.is_empty() {
            return Bitset::empty(self.len());
        }
        let mut key = [0; START_LETTERS];
        let head = letters.len().min(START_LETTERS);
        key[..head].copy_from_slice(&letters[..head]);
        let rest = letters
            .get(head - 1..)
            .unwrap_or_default()
            .windows(2)
            .map(|w| class.letter_pairs.get(&(w[0], w[1])));
        self.intersection(std::iter::once(class.starts.get(&key)).chain(rest))
    }

    /// The items of the docs in every one of `postings`.
    fn intersection<'a>(&self, postings: impl IntoIterator<Item = Option<List<'a>>>) -> Bitset {
        let mut docs = Bitset::full(self.docs());
        for p in postings {
            match p {
                Some(List::Dense(words)) => docs.intersect_words(words),
                Some(List::Sparse(ids)) => docs.intersect_ids(ids),
                None => return Bitset::empty(self.len()),
            }
        }
        let mut items = Bitset::empty(self.len());
        for d in docs.iter() {
            let (a, b) = (self.doc_starts[d] as usize, self.doc_starts[d + 1] as usize);
            self.doc_items[a..b]
                .iter()
                .for_each(|&i| items.insert(i as usize));
        }
        items
    }

    pub fn in_list(&self, list: ListKind) -> Bitset {
        let k = ListKind::ALL.iter().position(|&l| l == list).unwrap_or(0);
        Bitset::from_words(&self.lists[k], self.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Dataset;

    /// The start postings must hold exactly the items where a short query matches: a missing
    /// item would be lost from the results, an extra one scanned for nothing.
    #[test]
    fn pinyin_start_postings_are_exact_up_to_three_letters() {
        let dataset = Dataset::embedded().unwrap();
        let index = Index::new(&dataset.items);
        let queries = [
            "y", "yj", "yjg", "aqj", "hzz", "xfa", "gon", "zh", "wps", "qx",
        ];
        for query in queries {
            for class in SHORT_CLASSES {
                let postings = index.class_pinyin(class, query.as_bytes());
                let scanned: Vec<usize> = (0..index.len())
                    .filter(|&i| {
                        let text = index.item(i).class_text(class);
                        index.readings.find(text, query.as_bytes()).is_some()
                    })
                    .collect();
                assert_eq!(
                    postings.iter().collect::<Vec<_>>(),
                    scanned,
                    "{query} in class {class:?}"
                );
            }
        }
        assert!(
            index
                .class_pinyin(Class::Title, b"yjg")
                .iter()
                .next()
                .is_some()
        );
    }
}
