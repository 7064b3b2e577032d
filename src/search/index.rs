//! Built once at load: each item's fields as normalised text, and bitsets that say which items
//! contain a character (or can start a pinyin query) so a query looks only at candidates.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use crate::departments;
use crate::model::{Dataset, Item, ListKind, Section};

pub use super::bitset::Bitset;
use super::normalize::normalize;
use super::pinyin::{PinyinText, Readings};
use super::{Field, Side};

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

/// Items holding something: a list of ids while few, a bitset once many.
#[derive(Debug, Clone)]
pub enum Postings {
    Sparse(Vec<u32>),
    Dense(Bitset),
}

impl Postings {
    /// From ascending item ids: whichever form is smaller.
    fn from_sorted(items: Vec<u32>, n: usize) -> Postings {
        if items.len() * 32 > n {
            let mut set = Bitset::empty(n);
            items.iter().for_each(|&i| set.insert(i as usize));
            Postings::Dense(set)
        } else {
            Postings::Sparse(items)
        }
    }

    pub fn to_bitset(&self, n: usize) -> Bitset {
        match self {
            Postings::Dense(set) => set.clone(),
            Postings::Sparse(items) => {
                let mut set = Bitset::empty(n);
                items.iter().for_each(|&i| set.insert(i as usize));
                set
            }
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
#[derive(Debug, Clone, Copy)]
pub struct ItemText<'a> {
    /// UTF-8 bytes (kept as bytes: slicing a `str` would check its ends, a cache miss per item).
    pub text: &'a [u8],
    pub spans: &'a [Span],
    /// How many spans are short fields.
    pub short_spans: usize,
    short: PinyinText<'a>,
    names: &'a [(u32, u32)],
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
            Class::Department => (self.title_end + 1, self.depts_end),
            // The duty text is no short field: the category is the last one.
            Class::Category | Class::Duty => (self.depts_end + 1, self.short.chars.len() as u32),
        };
        let b = b.max(a).min(self.short.chars.len() as u32);
        self.short.slice(a.min(b) as usize, b as usize)
    }

    /// A field's text; spans lie on character boundaries, so this never fails.
    pub fn span_text(&self, span: &Span) -> &'a str {
        std::str::from_utf8(&self.text[span.bytes.0 as usize..span.bytes.1 as usize])
            .unwrap_or_default()
    }

    pub fn short_spans(&self) -> &'a [Span] {
        &self.spans[..self.short_spans]
    }

    /// The characters and pinyin of a short field.
    pub fn pinyin_text(&self, span: &Span) -> PinyinText<'a> {
        self.short
            .slice(span.chars.0 as usize, span.chars.1 as usize)
    }

    /// Canonical department names and their aliases, for `部门:`, with their pinyin.
    pub fn department_names(&self) -> impl Iterator<Item = PinyinText<'a>> + 'a {
        let text = self.name_text;
        self.names
            .iter()
            .map(move |&(a, b)| text.slice(a as usize, b as usize))
    }
}

/// Where an item's pieces lie in the index's shared arrays.
#[derive(Debug, Clone, Copy)]
struct Stored {
    text: (u32, u32),
    spans: (u32, u32),
    short_spans: u32,
    short: (u32, u32),
    names: (u32, u32),
    duty_start: u32,
    list: ListKind,
    title_len: u32,
    title_end: u32,
    depts_end: u32,
}

/// Characters with their pinyin, owned: every item's, end to end.
#[derive(Debug, Default)]
struct PinyinArrays {
    chars: Vec<char>,
    ids: Vec<u16>,
    masks: Vec<u32>,
}

impl PinyinArrays {
    fn push(&mut self, chars: &[char], readings: &mut Readings) -> (u32, u32) {
        let start = self.chars.len() as u32;
        let (ids, masks) = readings.learn_text(chars);
        self.chars.extend_from_slice(chars);
        self.ids.extend(ids);
        self.masks.extend(masks);
        (start, self.chars.len() as u32)
    }

    fn view(&self, (a, b): (u32, u32)) -> PinyinText<'_> {
        let (a, b) = (a as usize, b as usize);
        PinyinText {
            chars: &self.chars[a..b],
            ids: &self.ids[a..b],
            masks: &self.masks[a..b],
        }
    }
}

/// Postings keyed by something, built item by item in ascending order. An item's keys are
/// gathered first and filed together, which measured a third faster than filing each at once.
struct Builder<K> {
    lists: FxHashMap<K, Vec<u32>>,
    pending: Vec<K>,
}

impl<K: std::hash::Hash + Eq> Builder<K> {
    fn new() -> Self {
        Builder {
            lists: FxHashMap::default(),
            pending: Vec::new(),
        }
    }

    fn add(&mut self, key: K) {
        self.pending.push(key);
    }

    /// Files the keys added since the last call under `item`.
    fn flush(&mut self, item: u32) {
        for key in self.pending.drain(..) {
            let list = self.lists.entry(key).or_default();
            if list.last() != Some(&item) {
                list.push(item);
            }
        }
    }

    fn finish(self, n: usize) -> FxHashMap<K, Postings> {
        self.lists
            .into_iter()
            .map(|(k, v)| (k, Postings::from_sorted(v, n)))
            .collect()
    }
}

/// Which items can match a term in one short-field class, and how.
pub struct ClassPostings {
    chars: FxHashMap<char, Postings>,
    /// The first one, two or three letters of a pinyin query that can match here (zero-padded),
    /// so a query of up to three letters is answered by one posting list.
    starts: FxHashMap<[u8; 3], Postings>,
    /// Two letters that can follow each other anywhere in a pinyin query matched here: within
    /// a reading, or the end of one character's piece and the next character's first letter.
    letter_pairs: FxHashMap<(u8, u8), Postings>,
}

pub struct Index {
    /// Every item's text in a few shared arrays, in item order, so scoring candidates in order
    /// reads memory in order.
    stored: Vec<Stored>,
    text: String,
    spans: Vec<Span>,
    short: PinyinArrays,
    names: Vec<(u32, u32)>,
    name_text: PinyinArrays,
    pub readings: Readings,
    /// Items containing each character, anywhere.
    chars: FxHashMap<char, Postings>,
    /// Items containing each pair of neighbouring characters, anywhere.
    pairs: FxHashMap<(char, char), Postings>,
    /// The same for the title, the departments and the category, and their pinyin.
    classes: [ClassPostings; 3],
    lists: HashMap<ListKind, Bitset>,
}

/// How many first letters of a pinyin query the start postings hold.
const START_LETTERS: usize = 3;

/// The short-field classes, in the order of `Index::classes`.
pub const SHORT_CLASSES: [Class; 3] = [Class::Title, Class::Department, Class::Category];

impl Index {
    pub fn new(dataset: &Dataset) -> Index {
        let n = dataset.items.len();
        // The sort key packs an item's index in 24 bits (score::sort_key): 16.7 million items,
        // more than the whole country's lists (docs/scale.md, issue 16).
        assert!(
            n <= super::score::MAX_ITEMS,
            "{n} items: more than a search index holds"
        );
        let mut index = Index {
            stored: Vec::with_capacity(n),
            text: String::new(),
            spans: Vec::new(),
            short: PinyinArrays::default(),
            names: Vec::new(),
            name_text: PinyinArrays::default(),
            readings: Readings::default(),
            chars: FxHashMap::default(),
            classes: std::array::from_fn(|_| ClassPostings {
                chars: FxHashMap::default(),
                starts: FxHashMap::default(),
                letter_pairs: FxHashMap::default(),
            }),
            pairs: FxHashMap::default(),
            lists: HashMap::new(),
        };
        for item in &dataset.items {
            index.store(item);
        }
        index.build_postings();
        index
    }

    fn build_postings(&mut self) {
        let n = self.len();
        let mut chars = Builder::new();
        let mut pairs = Builder::new();
        let mut class_builders: [_; 3] =
            std::array::from_fn(|_| (Builder::new(), Builder::new(), Builder::new()));
        let mut lists: HashMap<ListKind, Bitset> = HashMap::new();
        let readings = &self.readings;
        for i in 0..n {
            let item = self.item(i);
            let id = i as u32;
            lists
                .entry(item.list)
                .or_insert_with(|| Bitset::empty(n))
                .insert(i);
            let mut previous = None;
            for c in std::str::from_utf8(item.text).unwrap_or_default().chars() {
                chars.add(c);
                if let Some(p) = previous.filter(|_| c != '\n') {
                    pairs.add((p, c));
                }
                previous = (c != '\n').then_some(c);
            }
            chars.flush(id);
            pairs.flush(id);
            for span in item.short_spans() {
                let k = SHORT_CLASSES
                    .iter()
                    .position(|&c| c == Class::of(span.field))
                    .unwrap_or(0);
                let (c_chars, c_starts, c_pairs) = &mut class_builders[k];
                let text = item.pinyin_text(span);
                for (j, &c) in text.chars.iter().enumerate() {
                    c_chars.add(c);
                    for len in 1..=START_LETTERS {
                        readings.starts(text, j, len, &mut |letters| {
                            let mut key = [0; START_LETTERS];
                            key[..len].copy_from_slice(letters);
                            c_starts.add(key);
                        });
                    }
                    let next = text.chars.get(j + 1).map(|&next| (next, text.ids[j + 1]));
                    for reading in readings.spellings(c, text.ids[j]) {
                        for w in reading.windows(2) {
                            c_pairs.add((w[0], w[1]));
                        }
                        let Some((next, next_id)) = next else {
                            continue;
                        };
                        for b in readings.spellings(next, next_id).map(|r| r[0]) {
                            for &a in reading {
                                c_pairs.add((a, b));
                            }
                        }
                    }
                }
            }
            for (c_chars, c_starts, c_pairs) in &mut class_builders {
                c_chars.flush(id);
                c_starts.flush(id);
                c_pairs.flush(id);
            }
        }
        self.classes = class_builders.map(|(c, s, p)| ClassPostings {
            chars: c.finish(n),
            starts: s.finish(n),
            letter_pairs: p.finish(n),
        });
        self.chars = chars.finish(n);
        self.pairs = pairs.finish(n);
        self.lists = lists;
    }

    pub fn len(&self) -> usize {
        self.stored.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stored.is_empty()
    }

    pub fn item_title_len(&self, i: usize) -> u32 {
        self.stored[i].title_len
    }

    /// Item `i`'s text.
    pub fn item(&self, i: usize) -> ItemText<'_> {
        let s = &self.stored[i];
        let range = |(a, b): (u32, u32)| a as usize..b as usize;
        ItemText {
            text: &self.text.as_bytes()[range(s.text)],
            spans: &self.spans[range(s.spans)],
            short_spans: s.short_spans as usize,
            short: self.short.view(s.short),
            names: &self.names[range(s.names)],
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

    fn intersection<'a>(&self, postings: impl IntoIterator<Item = Option<&'a Postings>>) -> Bitset {
        let mut set = Bitset::full(self.len());
        for p in postings {
            match p {
                Some(p) => set.intersect(&p.to_bitset(self.len())),
                None => return Bitset::empty(self.len()),
            }
        }
        set
    }

    pub fn in_list(&self, list: ListKind) -> Bitset {
        self.lists
            .get(&list)
            .cloned()
            .unwrap_or_else(|| Bitset::empty(self.len()))
    }
}

impl Index {
    /// Appends an item's fields, in order of weight, normalised and joined.
    fn store(&mut self, item: &Item) {
        let mut fields: Vec<(Field, &str)> = vec![(Field::Title, &item.title)];
        for (i, name) in item.departments.iter().enumerate() {
            fields.push((Field::Department(i), name));
        }
        fields.push((Field::Category, &item.category));
        let short_spans = fields.len();
        for (side, sections) in [
            (Side::Upper, &item.upper_duties),
            (Side::Town, &item.town_duties),
        ] {
            push_sections(&mut fields, side, sections);
        }
        let mut text = String::new();
        let mut short = Vec::new();
        let spans_start = self.spans.len() as u32;
        let mut char_count = 0u32;
        let mut duty_start = None;
        for (k, (field, value)) in fields.into_iter().enumerate() {
            if k == short_spans {
                duty_start = Some(text.len() as u32 + u32::from(!text.is_empty()));
            }
            if !text.is_empty() {
                text.push('\n');
                char_count += 1;
                if k < short_spans {
                    short.push('\n');
                }
            }
            let (b0, c0) = (text.len() as u32, char_count);
            for c in value.chars().map(normalize) {
                text.push(c);
                char_count += 1;
                if k < short_spans {
                    short.push(c);
                }
            }
            self.spans.push(Span {
                field,
                bytes: (b0, text.len() as u32),
                chars: (c0, char_count),
            });
        }
        let names_start = self.names.len() as u32;
        for name in &item.departments {
            let aliases = departments::resolve(name).map_or(&[][..], |d| d.aliases);
            for spelling in std::iter::once(name.as_str()).chain(aliases.iter().copied()) {
                let chars: Vec<char> = spelling.chars().map(normalize).collect();
                let range = self.name_text.push(&chars, &mut self.readings);
                self.names.push(range);
            }
        }
        let short_span = |k: usize| self.spans[spans_start as usize + k].chars.1;
        let title_end = short_span(0);
        // With no department the category follows the title's line break, as it would follow
        // the departments' (`class_text` reads the empty department class as empty).
        let depts_end = if short_spans > 2 {
            short_span(short_spans - 2)
        } else {
            title_end
        };
        let text_start = self.text.len() as u32;
        self.text.push_str(&text);
        self.stored.push(Stored {
            text: (text_start, self.text.len() as u32),
            spans: (spans_start, self.spans.len() as u32),
            short_spans: short_spans as u32,
            short: self.short.push(&short, &mut self.readings),
            names: (names_start, self.names.len() as u32),
            duty_start: duty_start.unwrap_or(text.len() as u32),
            list: item.list,
            title_len: item.title.chars().count() as u32,
            title_end,
            depts_end,
        });
    }
}

fn push_sections<'a>(fields: &mut Vec<(Field, &'a str)>, side: Side, sections: &'a [Section]) {
    for (s, section) in sections.iter().enumerate() {
        if let Some(heading) = &section.heading {
            fields.push((Field::Heading(side, s), heading));
        }
        for (i, step) in section.steps.iter().enumerate() {
            fields.push((Field::Step(side, s, i), step));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The start postings must hold exactly the items where a short query matches: a missing
    /// item would be lost from the results, an extra one scanned for nothing.
    #[test]
    fn pinyin_start_postings_are_exact_up_to_three_letters() {
        let dataset = Dataset::embedded().unwrap();
        let index = Index::new(&dataset);
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
