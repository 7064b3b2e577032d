//! Built once at load: each item's fields as normalised text, and bitsets that say which items
//! contain a character (or can start a pinyin query) so a query looks only at candidates.

use std::collections::HashMap;

use crate::departments;
use crate::model::{Dataset, Item, ListKind, Section};

use super::normalize::normalize;
use super::pinyin::Readings;
use super::{Field, Side};

/// A set of item indices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bitset {
    words: Vec<u64>,
    len: usize,
}

impl Bitset {
    pub fn empty(len: usize) -> Bitset {
        Bitset {
            words: vec![0; len.div_ceil(64)],
            len,
        }
    }

    pub fn full(len: usize) -> Bitset {
        let mut set = Bitset::empty(len);
        (0..len).for_each(|i| set.insert(i));
        set
    }

    pub fn insert(&mut self, i: usize) {
        self.words[i / 64] |= 1 << (i % 64);
    }

    pub fn contains(&self, i: usize) -> bool {
        self.words[i / 64] & (1 << (i % 64)) != 0
    }

    pub fn intersect(&mut self, other: &Bitset) {
        self.words
            .iter_mut()
            .zip(&other.words)
            .for_each(|(a, b)| *a &= b);
    }

    pub fn union(&mut self, other: &Bitset) {
        self.words
            .iter_mut()
            .zip(&other.words)
            .for_each(|(a, b)| *a |= b);
    }

    pub fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &word)| {
            let mut w = word;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let bit = w.trailing_zeros() as usize;
                w &= w - 1;
                Some(i * 64 + bit)
            })
        })
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

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

/// One item's searchable text: fields in order of weight, normalised, joined by '\n'.
#[derive(Debug)]
pub struct ItemText {
    pub text: Box<str>,
    pub chars: Box<[char]>,
    pub spans: Box<[Span]>,
    /// Canonical department names and their aliases, for `部门:`.
    pub department_names: Box<[Box<[char]>]>,
    pub list: ListKind,
    pub title_len: u32,
}

impl ItemText {
    pub fn span_text(&self, span: &Span) -> &str {
        &self.text[span.bytes.0 as usize..span.bytes.1 as usize]
    }

    pub fn span_chars(&self, span: &Span) -> &[char] {
        &self.chars[span.chars.0 as usize..span.chars.1 as usize]
    }

    /// The span holding byte offset `at`.
    pub fn span_at_byte(&self, at: usize) -> &Span {
        let i = self
            .spans
            .partition_point(|s| s.bytes.1 as usize <= at)
            .min(self.spans.len() - 1);
        &self.spans[i]
    }
}

pub struct Index {
    pub items: Vec<ItemText>,
    pub readings: Readings,
    /// Items containing each character, anywhere.
    chars: HashMap<char, Bitset>,
    /// Items whose title, department or category can start a pinyin query with this letter.
    first_letter: HashMap<u8, Bitset>,
    /// …with these two letters: both from one reading, or the first letters of two neighbours.
    two_letters: HashMap<(u8, u8), Bitset>,
    lists: HashMap<ListKind, Bitset>,
}

impl Index {
    pub fn new(dataset: &Dataset) -> Index {
        let n = dataset.items.len();
        let mut readings = Readings::default();
        let items: Vec<ItemText> = dataset.items.iter().map(item_text).collect();
        let mut chars: HashMap<char, Bitset> = HashMap::new();
        let mut first_letter: HashMap<u8, Bitset> = HashMap::new();
        let mut two_letters: HashMap<(u8, u8), Bitset> = HashMap::new();
        let mut lists: HashMap<ListKind, Bitset> = HashMap::new();
        for (i, item) in items.iter().enumerate() {
            lists
                .entry(item.list)
                .or_insert_with(|| Bitset::empty(n))
                .insert(i);
            for c in item.chars.iter() {
                chars
                    .entry(*c)
                    .or_insert_with(|| Bitset::empty(n))
                    .insert(i);
            }
            for span in item
                .spans
                .iter()
                .filter(|s| Class::of(s.field) != Class::Duty)
            {
                readings.learn(item.span_text(span));
                let field_chars = item.span_chars(span);
                for (k, &c) in field_chars.iter().enumerate() {
                    let next: Vec<u8> = field_chars
                        .get(k + 1)
                        .map(|&d| readings.initials(d))
                        .unwrap_or_default();
                    for (a, second) in readings.heads(c) {
                        first_letter
                            .entry(a)
                            .or_insert_with(|| Bitset::empty(n))
                            .insert(i);
                        let mut pairs: Vec<(u8, u8)> = next.iter().map(|&b| (a, b)).collect();
                        pairs.extend(second.map(|b| (a, b)));
                        for pair in pairs {
                            two_letters
                                .entry(pair)
                                .or_insert_with(|| Bitset::empty(n))
                                .insert(i);
                        }
                    }
                }
            }
        }
        Index {
            items,
            readings,
            chars,
            first_letter,
            two_letters,
            lists,
        }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Items containing every character of `term` (a superset of its literal and window matches).
    pub fn with_chars(&self, term: &str) -> Bitset {
        let mut set = Bitset::full(self.len());
        for c in term.chars() {
            match self.chars.get(&c) {
                Some(items) => set.intersect(items),
                None => return Bitset::empty(self.len()),
            }
        }
        set
    }

    /// Items where pinyin `term` may match (a superset).
    pub fn with_pinyin(&self, term: &[u8]) -> Bitset {
        let empty = || Bitset::empty(self.len());
        match term {
            [] => empty(),
            [a] => self.first_letter.get(a).cloned().unwrap_or_else(empty),
            [a, b, ..] => self
                .two_letters
                .get(&(*a, *b))
                .cloned()
                .unwrap_or_else(empty),
        }
    }

    pub fn in_list(&self, list: ListKind) -> Bitset {
        self.lists
            .get(&list)
            .cloned()
            .unwrap_or_else(|| Bitset::empty(self.len()))
    }
}

/// The fields of an item in order of weight, normalised and joined.
fn item_text(item: &Item) -> ItemText {
    let mut fields: Vec<(Field, &str)> = vec![(Field::Title, &item.title)];
    for (i, name) in item.departments.iter().enumerate() {
        fields.push((Field::Department(i), name));
    }
    fields.push((Field::Category, &item.category));
    for (side, sections) in [
        (Side::Upper, &item.upper_duties),
        (Side::Town, &item.town_duties),
    ] {
        push_sections(&mut fields, side, sections);
    }
    let mut text = String::new();
    let mut chars = Vec::new();
    let mut spans = Vec::new();
    for (field, value) in fields {
        if !text.is_empty() {
            text.push('\n');
            chars.push('\n');
        }
        let (b0, c0) = (text.len() as u32, chars.len() as u32);
        for c in value.chars().map(normalize) {
            text.push(c);
            chars.push(c);
        }
        spans.push(Span {
            field,
            bytes: (b0, text.len() as u32),
            chars: (c0, chars.len() as u32),
        });
    }
    let department_names = item
        .departments
        .iter()
        .flat_map(|name| {
            let aliases = departments::resolve(name).map_or(&[][..], |d| d.aliases);
            std::iter::once(name.as_str()).chain(aliases.iter().copied())
        })
        .map(|name| name.chars().map(normalize).collect())
        .collect();
    ItemText {
        text: text.into(),
        chars: chars.into(),
        spans: spans.into(),
        department_names,
        list: item.list,
        title_len: item.title.chars().count() as u32,
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
