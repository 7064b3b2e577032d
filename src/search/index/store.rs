//! Storing one item's text: its fields normalised and joined in order of weight, with their
//! spans and pinyin, or the doc of an item stored before with the same text.

use rustc_hash::FxHashMap;

use crate::departments;
use crate::model::{Item, Section};
use crate::search::normalize::normalize;
use crate::search::pinyin::Readings;
use crate::search::{Field, Side};

use super::{PinyinArrays, RawSpan, RawStored, Span, Stored};

/// The docs' arrays while they grow, before they become an `Index`'s.
#[derive(Default)]
pub(super) struct Docs {
    pub stored: Vec<RawStored>,
    pub text: String,
    pub spans: Vec<RawSpan>,
    pub short: PinyinVecs,
    pub names: Vec<[u32; 2]>,
    pub name_text: PinyinVecs,
    pub readings: Readings,
}

/// Characters with their pinyin while they grow.
#[derive(Default)]
pub(super) struct PinyinVecs {
    chars: Vec<char>,
    ids: Vec<u16>,
    masks: Vec<u32>,
}

impl PinyinVecs {
    #[cfg(test)]
    pub fn capacity(&self) -> usize {
        self.chars.capacity()
    }

    fn reserve(&mut self, chars: usize) {
        self.chars.reserve_exact(chars);
        self.ids.reserve_exact(chars);
        self.masks.reserve_exact(chars);
    }

    fn push(&mut self, chars: &[char], readings: &mut Readings) -> (u32, u32) {
        let start = self.chars.len() as u32;
        let (ids, masks) = readings.learn_text(chars);
        self.chars.extend_from_slice(chars);
        self.ids.extend(ids);
        self.masks.extend(masks);
        (start, self.chars.len() as u32)
    }

    /// The arrays, keeping what they were sized for: never touched, it takes no memory.
    pub fn finish(self) -> PinyinArrays {
        PinyinArrays {
            chars: self.chars.into(),
            ids: self.ids.into(),
            masks: self.masks.into(),
        }
    }
}

impl Docs {
    /// Docs with room for `items` (at most: equal texts are stored once, full-width forms
    /// take fewer bytes normalised), so no array is grown by copying.
    pub fn sized_for<'a>(items: impl Iterator<Item = &'a Item>) -> Docs {
        let (mut stored, mut bytes, mut fields, mut short) = (0, 0, 0, 0);
        for item in items {
            let mut short_fields = vec![item.title.as_str(), item.category.as_str()];
            short_fields.extend(item.departments.iter().map(String::as_str));
            let sections = item.upper_duties.iter().chain(&item.town_duties);
            let long_fields = sections.flat_map(|s| s.heading.iter().chain(&s.steps));
            stored += 1;
            fields += short_fields.len();
            // A line break before every field but the first: counted as one more byte each.
            for field in &short_fields {
                bytes += field.len() + 1;
                short += field.chars().count() + 1;
            }
            for field in long_fields {
                bytes += field.len() + 1;
                fields += 1;
            }
        }
        let mut docs = Docs {
            stored: Vec::with_capacity(stored),
            text: String::with_capacity(bytes),
            spans: Vec::with_capacity(fields),
            ..Docs::default()
        };
        docs.short.reserve(short);
        docs
    }

    /// An item's doc: one stored before with the same list and fields word for word (`seen`
    /// finds them by a hash of the text), or its fields appended, in order of weight,
    /// normalised and joined.
    pub fn store(&mut self, item: &Item, seen: &mut FxHashMap<u64, Vec<u32>>) -> u32 {
        let joined = Joined::of(item);
        let hash = joined.hash(item);
        if let Some(&doc) = seen
            .get(&hash)
            .and_then(|docs| docs.iter().find(|&&d| self.holds(d, item, &joined)))
        {
            return doc;
        }
        let doc = self.stored.len() as u32;
        seen.entry(hash).or_default().push(doc);
        let spans_start = self.spans.len() as u32;
        self.spans.extend(joined.spans.iter().map(|s| s.to_raw()));
        let names_start = self.names.len() as u32;
        self.push_names(item);
        let short_span = |k: usize| joined.spans[k].chars.1;
        let title_end = short_span(0);
        // With no department the category follows the title's line break, as it would follow
        // the departments' (`class_text` reads the empty department class as empty).
        let depts_end = if joined.short_spans > 2 {
            short_span(joined.short_spans - 2)
        } else {
            title_end
        };
        let text_start = self.text.len() as u32;
        self.text.push_str(&joined.text);
        let stored = Stored {
            text: (text_start, self.text.len() as u32),
            spans: (spans_start, self.spans.len() as u32),
            short_spans: joined.short_spans as u32,
            short: self.short.push(&joined.short, &mut self.readings),
            names: (names_start, self.names.len() as u32),
            duty_start: joined.duty_start,
            list: item.list,
            title_len: item.title.chars().count() as u32,
            title_end,
            depts_end,
        };
        self.stored.push(stored.to_raw());
        doc
    }

    /// Whether doc `d` is `item`'s text: the same list, text and fields.
    fn holds(&self, d: u32, item: &Item, joined: &Joined) -> bool {
        let s = Stored::from_raw(&self.stored[d as usize]);
        let (a, b) = (s.text.0 as usize, s.text.1 as usize);
        s.list == item.list
            && self.text.as_bytes()[a..b] == *joined.text.as_bytes()
            && self.spans[s.spans.0 as usize..s.spans.1 as usize]
                .iter()
                .map(|s| {
                    let s = Span::from_raw(s);
                    (s.field, s.bytes)
                })
                .eq(joined.spans.iter().map(|s| (s.field, s.bytes)))
    }

    /// The item's departments by every name they go by, with their pinyin.
    fn push_names(&mut self, item: &Item) {
        for name in &item.departments {
            let aliases = departments::resolve(name).map_or(&[][..], |d| d.aliases);
            for spelling in std::iter::once(name.as_str()).chain(aliases.iter().copied()) {
                let chars: Vec<char> = spelling.chars().map(normalize).collect();
                let (a, b) = self.name_text.push(&chars, &mut self.readings);
                self.names.push([a, b]);
            }
        }
    }
}

/// An item's fields normalised and joined, a line each, in order of weight: the short ones
/// (title, departments, category) then the duties.
struct Joined {
    text: String,
    /// The short fields' characters alone, for their pinyin.
    short: Vec<char>,
    spans: Vec<Span>,
    short_spans: usize,
    /// Where the duties start in `text`.
    duty_start: u32,
}

impl Joined {
    fn of(item: &Item) -> Joined {
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
        let mut joined = Joined {
            text: String::new(),
            short: Vec::new(),
            spans: Vec::with_capacity(fields.len()),
            short_spans,
            duty_start: 0,
        };
        let mut char_count = 0u32;
        let mut duty_start = None;
        for (k, (field, value)) in fields.into_iter().enumerate() {
            let short = k < short_spans;
            if k == short_spans {
                duty_start = Some(joined.text.len() as u32 + u32::from(!joined.text.is_empty()));
            }
            if !joined.text.is_empty() {
                joined.text.push('\n');
                char_count += 1;
                if short {
                    joined.short.push('\n');
                }
            }
            let (b0, c0) = (joined.text.len() as u32, char_count);
            for c in value.chars().map(normalize) {
                joined.text.push(c);
                char_count += 1;
                if short {
                    joined.short.push(c);
                }
            }
            joined.spans.push(Span {
                field,
                bytes: (b0, joined.text.len() as u32),
                chars: (c0, char_count),
            });
        }
        joined.duty_start = duty_start.unwrap_or(joined.text.len() as u32);
        joined
    }

    /// A hash of the text, the list and where the fields end: equal for items stored alike.
    fn hash(&self, item: &Item) -> u64 {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(self.text.as_bytes());
        hasher.update(&[item.list as u8]);
        for span in &self.spans {
            hasher.update(&span.bytes.1.to_le_bytes());
        }
        hasher.digest()
    }
}

/// A hash of an item's fields as written (each with its length, so no boundary can move).
pub(super) fn raw_hash(item: &Item) -> u128 {
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
