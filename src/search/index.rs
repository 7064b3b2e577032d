//! Built once at load: each item's fields as normalised text, and bitsets that say which items
//! contain a character (or can start a pinyin query) so a query looks only at candidates.
//!
//! Items whose text is the same word for word (a province's towns share most of their lists)
//! share one stored text, a "doc": the text, its spans and its pinyin are kept once, and the
//! postings say which docs hold a key, so memory and the build grow with the distinct texts,
//! not with the towns (docs/scale.md).

use rustc_hash::FxHashMap;

use crate::departments;
use crate::model::{Item, ListKind, Section};

pub use super::bitset::Bitset;
use super::normalize::normalize;
use super::pinyin::{PinyinText, Readings};
use super::postings::{Builder, List, Table};
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

/// Characters with their pinyin, owned: every item's, end to end.
#[derive(Debug, Default)]
pub(super) struct PinyinArrays {
    pub(super) chars: Vec<char>,
    pub(super) ids: Vec<u16>,
    pub(super) masks: Vec<u32>,
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

pub struct Index {
    /// Every distinct text in a few shared arrays, in order of first use, so scoring candidates
    /// in order reads memory mostly in order.
    pub(super) stored: Vec<Stored>,
    /// Each item's doc (index into `stored`).
    pub(super) item_doc: Vec<u32>,
    /// Each doc's items, ascending: `doc_items[doc_starts[d]..doc_starts[d + 1]]`; made from
    /// `item_doc`, never cached.
    doc_starts: Vec<u32>,
    doc_items: Vec<u32>,
    pub(super) text: String,
    pub(super) spans: Vec<Span>,
    pub(super) short: PinyinArrays,
    pub(super) names: Vec<(u32, u32)>,
    pub(super) name_text: PinyinArrays,
    pub readings: Readings,
    /// Docs containing each character, anywhere.
    pub(super) chars: Table<char>,
    /// Docs containing each pair of neighbouring characters, anywhere.
    pub(super) pairs: Table<(char, char)>,
    /// The same for the title, the departments and the category, and their pinyin.
    pub(super) classes: [ClassPostings; 3],
    /// Each list's items, in the order of `ListKind::ALL`; made from `stored`, never cached.
    lists: Vec<Bitset>,
}

/// An index's arrays, as `search::flat` reads them from the cache.
pub(super) struct Parts {
    pub stored: Vec<Stored>,
    pub item_doc: Vec<u32>,
    pub text: String,
    pub spans: Vec<Span>,
    pub short: PinyinArrays,
    pub names: Vec<(u32, u32)>,
    pub name_text: PinyinArrays,
    pub readings: Readings,
    pub chars: Table<char>,
    pub pairs: Table<(char, char)>,
    pub classes: [ClassPostings; 3],
}

impl Parts {
    /// Whether every doc's ranges lie within the arrays (and every reading id is known).
    fn sound(&self) -> bool {
        let within = |(a, b): (u32, u32), len: usize| a <= b && b as usize <= len;
        let readable = |p: &PinyinArrays| {
            p.ids
                .iter()
                .all(|&id| (id as usize) < self.readings.by_id.len())
        };
        let (text, spans) = (&self.text, &self.spans);
        self.item_doc.len() <= super::score::MAX_ITEMS
            && self
                .item_doc
                .iter()
                .all(|&d| (d as usize) < self.stored.len())
            && readable(&self.short)
            && readable(&self.name_text)
            && self
                .names
                .iter()
                .all(|&r| within(r, self.name_text.chars.len()))
            && self.stored.iter().all(|s| {
                let short_len = s.short.1.wrapping_sub(s.short.0) as usize;
                let text_len = s.text.1.wrapping_sub(s.text.0) as usize;
                within(s.text, text.len())
                    && text.is_char_boundary(s.text.0 as usize)
                    && text.is_char_boundary(s.text.1 as usize)
                    && within(s.spans, spans.len())
                    && s.short_spans <= s.spans.1 - s.spans.0
                    && within(s.short, self.short.chars.len())
                    && within(s.names, self.names.len())
                    && s.duty_start as usize <= text_len
                    && s.title_end as usize <= short_len
                    && s.depts_end as usize <= short_len
                    && spans[s.spans.0 as usize..s.spans.1 as usize]
                        .iter()
                        .all(|span| within(span.bytes, text_len))
                    && spans[s.spans.0 as usize..(s.spans.0 + s.short_spans) as usize]
                        .iter()
                        .all(|span| within(span.chars, short_len))
            })
    }
}

/// How many first letters of a pinyin query the start postings hold.
const START_LETTERS: usize = 3;

/// The short-field classes, in the order of `Index::classes`.
pub const SHORT_CLASSES: [Class; 3] = [Class::Title, Class::Department, Class::Category];

impl Index {
    pub fn new<'a>(items: impl IntoIterator<Item = &'a Item>) -> Index {
        let items: Vec<&Item> = items.into_iter().collect();
        let n = items.len();
        // The sort key packs an item's index in 24 bits (score::sort_key): 16.7 million items,
        // more than the whole country's lists (docs/scale.md, issue 16).
        assert!(
            n <= super::score::MAX_ITEMS,
            "{n} items: more than a search index holds"
        );
        let mut index = Index {
            stored: Vec::new(),
            item_doc: Vec::with_capacity(n),
            doc_starts: Vec::new(),
            doc_items: Vec::new(),
            text: String::new(),
            spans: Vec::new(),
            short: PinyinArrays::default(),
            names: Vec::new(),
            name_text: PinyinArrays::default(),
            readings: Readings::default(),
            chars: Table::default(),
            classes: Default::default(),
            pairs: Table::default(),
            lists: Vec::new(),
        };
        let mut seen = FxHashMap::default();
        // An item the same as one before, field for field, is that one's doc: found by a hash
        // of its fields as written, before the work of normalising them.
        let mut same: FxHashMap<u128, Vec<(u32, u32)>> = FxHashMap::default();
        for (i, &item) in items.iter().enumerate() {
            let hash = raw_hash(item);
            let known = same.get(&hash).and_then(|docs| {
                docs.iter()
                    .find(|&&(first, _)| items[first as usize] == item)
                    .map(|&(_, doc)| doc)
            });
            let doc = match known {
                Some(doc) => doc,
                None => {
                    let doc = index.store(item, &mut seen);
                    same.entry(hash).or_default().push((i as u32, doc));
                    doc
                }
            };
            index.item_doc.push(doc);
        }
        drop((seen, same));
        index.shrink();
        index.build_postings();
        (index.doc_starts, index.doc_items) = doc_items(&index.item_doc, index.stored.len());
        index
    }

    /// The postings, three independent tables built side by side: the characters, the pairs
    /// (the two largest, each a pass over all the text) and the short fields' pinyin.
    fn build_postings(&mut self) {
        let this = &*self;
        let (chars, pairs, classes) = std::thread::scope(|scope| {
            let chars = scope.spawn(|| this.build_chars());
            let pairs = scope.spawn(|| this.build_pairs());
            let classes = this.build_classes();
            // A builder that panicked has lost its table: panic here too, not quietly.
            (
                chars.join().expect("index thread"),
                pairs.join().expect("index thread"),
                classes,
            )
        });
        self.chars = chars;
        self.pairs = pairs;
        self.classes = classes;
        self.lists = list_sets(&self.stored, &self.item_doc);
    }

    fn docs(&self) -> usize {
        self.stored.len()
    }

    /// Gives back what the texts' arrays grew by beyond what they hold.
    fn shrink(&mut self) {
        self.stored.shrink_to_fit();
        self.text.shrink_to_fit();
        self.spans.shrink_to_fit();
        self.names.shrink_to_fit();
        for p in [&mut self.short, &mut self.name_text] {
            p.chars.shrink_to_fit();
            p.ids.shrink_to_fit();
            p.masks.shrink_to_fit();
        }
    }

    fn build_chars(&self) -> Table<char> {
        let mut chars = Builder::new(self.docs());
        for i in 0..self.docs() {
            for c in self.item_str(i).chars() {
                chars.add(c, i as u32);
            }
        }
        chars.finish()
    }

    fn build_pairs(&self) -> Table<(char, char)> {
        let mut pairs = Builder::new(self.docs());
        for i in 0..self.docs() {
            let mut previous = None;
            for c in self.item_str(i).chars() {
                if let Some(p) = previous.filter(|_| c != '\n') {
                    pairs.add((p, c), i as u32);
                }
                previous = (c != '\n').then_some(c);
            }
        }
        pairs.finish()
    }

    /// The short fields' tables. A province's towns share most titles, departments and
    /// categories word for word, so each distinct field's keys are worked out once and then
    /// filed by number for every item that has it.
    fn build_classes(&self) -> [ClassPostings; 3] {
        let n = self.docs();
        let mut builders: [_; 3] =
            std::array::from_fn(|_| (Builder::new(n), Builder::new(n), Builder::new(n)));
        let mut known: FxHashMap<(usize, &[char]), [Vec<u32>; 3]> = FxHashMap::default();
        for i in 0..n {
            let item = self.doc(i);
            let id = i as u32;
            for span in item.short_spans() {
                let k = SHORT_CLASSES
                    .iter()
                    .position(|&c| c == Class::of(span.field))
                    .unwrap_or(0);
                let text = item.pinyin_text(span);
                let slots = known
                    .entry((k, text.chars))
                    .or_insert_with(|| self.class_keys(text, &mut builders[k]));
                let (c_chars, c_starts, c_pairs) = &mut builders[k];
                slots[0].iter().for_each(|&s| c_chars.add_to(s, id));
                slots[1].iter().for_each(|&s| c_starts.add_to(s, id));
                slots[2].iter().for_each(|&s| c_pairs.add_to(s, id));
            }
        }
        builders.map(|(c, s, p)| ClassPostings {
            chars: c.finish(),
            starts: s.finish(),
            letter_pairs: p.finish(),
        })
    }

    /// A short field's keys, as the numbers its class's builders file them under: its
    /// characters, the pinyin starts of up to three letters, and the letter pairs.
    #[allow(clippy::type_complexity)]
    fn class_keys(
        &self,
        text: PinyinText,
        (c_chars, c_starts, c_pairs): &mut (
            Builder<char>,
            Builder<[u8; START_LETTERS]>,
            Builder<(u8, u8)>,
        ),
    ) -> [Vec<u32>; 3] {
        let readings = &self.readings;
        let mut slots: [Vec<u32>; 3] = Default::default();
        for (j, &c) in text.chars.iter().enumerate() {
            slots[0].push(c_chars.slot(c));
            for len in 1..=START_LETTERS {
                readings.starts(text, j, len, &mut |letters| {
                    let mut key = [0; START_LETTERS];
                    key[..len].copy_from_slice(letters);
                    slots[1].push(c_starts.slot(key));
                });
            }
            let next = text.chars.get(j + 1).map(|&next| (next, text.ids[j + 1]));
            for reading in readings.spellings(c, text.ids[j]) {
                for w in reading.windows(2) {
                    slots[2].push(c_pairs.slot((w[0], w[1])));
                }
                let Some((next, next_id)) = next else {
                    continue;
                };
                for b in readings.spellings(next, next_id).map(|r| r[0]) {
                    for &a in reading {
                        slots[2].push(c_pairs.slot((a, b)));
                    }
                }
            }
        }
        for list in &mut slots {
            list.sort_unstable();
            list.dedup();
        }
        slots
    }

    /// Doc `i`'s whole text as a str (spans lie on character boundaries).
    fn item_str(&self, i: usize) -> &str {
        let (a, b) = self.stored[i].text;
        self.text.get(a as usize..b as usize).unwrap_or_default()
    }

    /// An index from its arrays as the cache read them; None unless every item's ranges lie
    /// within the arrays, so no lookup on it can fail.
    pub(super) fn from_parts(p: Parts) -> Option<Index> {
        if !p.sound() {
            return None;
        }
        let lists = list_sets(&p.stored, &p.item_doc);
        let (doc_starts, doc_items) = doc_items(&p.item_doc, p.stored.len());
        Some(Index {
            stored: p.stored,
            item_doc: p.item_doc,
            doc_starts,
            doc_items,
            text: p.text,
            spans: p.spans,
            short: p.short,
            names: p.names,
            name_text: p.name_text,
            readings: p.readings,
            chars: p.chars,
            pairs: p.pairs,
            classes: p.classes,
            lists,
        })
    }

    pub fn len(&self) -> usize {
        self.item_doc.len()
    }

    pub fn is_empty(&self) -> bool {
        self.item_doc.is_empty()
    }

    pub fn item_title_len(&self, i: usize) -> u32 {
        self.stored[self.item_doc[i] as usize].title_len
    }

    /// Item `i`'s text.
    pub fn item(&self, i: usize) -> ItemText<'_> {
        self.doc(self.item_doc[i] as usize)
    }

    /// Doc `d`'s text.
    fn doc(&self, d: usize) -> ItemText<'_> {
        let s = &self.stored[d];
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
        self.lists
            .get(k)
            .cloned()
            .unwrap_or_else(|| Bitset::empty(self.len()))
    }
}

impl Index {
    /// An item's doc: one stored before with the same list and fields word for word (`seen`
    /// finds them by a hash of the text), or its fields appended, in order of weight,
    /// normalised and joined.
    fn store(&mut self, item: &Item, seen: &mut FxHashMap<u64, Vec<u32>>) -> u32 {
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
        let mut spans = Vec::with_capacity(fields.len());
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
            spans.push(Span {
                field,
                bytes: (b0, text.len() as u32),
                chars: (c0, char_count),
            });
        }
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(text.as_bytes());
        hasher.update(&[item.list as u8]);
        for span in &spans {
            hasher.update(&span.bytes.1.to_le_bytes());
        }
        let hash = hasher.digest();
        let same = |d: &u32| {
            let s = &self.stored[*d as usize];
            let (a, b) = (s.text.0 as usize, s.text.1 as usize);
            s.list == item.list
                && self.text.as_bytes()[a..b] == *text.as_bytes()
                && self.spans[s.spans.0 as usize..s.spans.1 as usize]
                    .iter()
                    .map(|s| (s.field, s.bytes))
                    .eq(spans.iter().map(|s| (s.field, s.bytes)))
        };
        if let Some(&doc) = seen
            .get(&hash)
            .and_then(|docs| docs.iter().find(|d| same(d)))
        {
            return doc;
        }
        let doc = self.stored.len() as u32;
        seen.entry(hash).or_default().push(doc);
        let spans_start = self.spans.len() as u32;
        self.spans.extend(spans);
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
        doc
    }
}

/// A hash of an item's fields as written (each with its length, so no boundary can move).
fn raw_hash(item: &Item) -> u128 {
    use std::hash::Hasher;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut put = |s: &str| {
        h.write_u64(s.len() as u64);
        h.update(s.as_bytes());
    };
    put(item.list.key());
    put(&item.title);
    put(&item.category);
    item.departments.iter().for_each(|d| put(d));
    for sections in [&item.upper_duties, &item.town_duties] {
        put("\u{1}");
        for section in sections {
            put(section.heading.as_deref().unwrap_or("\u{2}"));
            section.steps.iter().for_each(|s| put(s));
        }
    }
    h.digest128()
}

/// Each list's items, in the order of `ListKind::ALL`.
fn list_sets(stored: &[Stored], item_doc: &[u32]) -> Vec<Bitset> {
    ListKind::ALL
        .iter()
        .map(|&list| {
            let mut set = Bitset::empty(item_doc.len());
            (0..item_doc.len())
                .filter(|&i| stored[item_doc[i] as usize].list == list)
                .for_each(|i| set.insert(i));
            set
        })
        .collect()
}

/// Each doc's items, ascending, as starts into one array (a counting sort of `item_doc`).
fn doc_items(item_doc: &[u32], docs: usize) -> (Vec<u32>, Vec<u32>) {
    let mut starts = vec![0u32; docs + 1];
    item_doc.iter().for_each(|&d| starts[d as usize + 1] += 1);
    for d in 0..docs {
        starts[d + 1] += starts[d];
    }
    let mut next = starts.clone();
    let mut items = vec![0u32; item_doc.len()];
    for (i, &d) in item_doc.iter().enumerate() {
        items[next[d as usize] as usize] = i as u32;
        next[d as usize] += 1;
    }
    (starts, items)
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
