//! Building an index from items: each distinct text stored once (`store`), then the postings
//! over the docs, three tables side by side.

use rustc_hash::FxHashMap;

use crate::mapped::Arr;
use crate::model::{Item, ListKind};
use crate::search::pinyin::PinyinText;
use crate::search::postings::{Builder, Key, Table};

use super::store::Docs;
use super::{Bitset, Class, ClassPostings, Index, RawStored, SHORT_CLASSES, START_LETTERS, Stored};

/// An index's postings, made apart from its docs (`Index::postings`).
pub struct Postings {
    chars: Table<char>,
    pairs: Table<(char, char)>,
    classes: [ClassPostings; 3],
}

impl Index {
    pub fn new<'a>(items: impl IntoIterator<Item = &'a Item>) -> Index {
        let mut index = Index::docs_of(items);
        let postings = index.postings();
        index.set_postings(postings);
        index
    }

    /// The index of `items` with its docs stored and no postings yet: what `postings` makes
    /// from it, while the docs are written out (the province file, issue 29).
    pub fn docs_of<'a>(items: impl IntoIterator<Item = &'a Item>) -> Index {
        let items: Vec<&Item> = items.into_iter().collect();
        let n = items.len();
        // The sort key packs an item's index in 24 bits (score::sort_key): 16.7 million items,
        // more than the whole country's lists (docs/scale.md, issue 16).
        assert!(
            n <= crate::search::score::MAX_ITEMS,
            "{n} items: more than a search index holds"
        );
        // An item the same as one before, field for field, is that one's doc: found by a hash
        // of its fields as written, before the work of normalising them.
        let mut same: FxHashMap<u128, Vec<u32>> = FxHashMap::default();
        let first: Vec<Option<u32>> = (items.iter().enumerate())
            .map(|(i, &item)| {
                let firsts = same.entry(super::store::raw_hash(item)).or_default();
                let first = firsts.iter().copied().find(|&f| items[f as usize] == item);
                firsts.extend(first.is_none().then_some(i as u32));
                first
            })
            .collect();
        drop(same);
        // The arrays sized at once for the distinct items: grown by doubling, each would be
        // copied and would touch up to twice its size in fresh pages (issue 29).
        let distinct =
            (items.iter().zip(&first)).filter_map(|(&item, f)| f.is_none().then_some(item));
        let mut docs = Docs::sized_for(distinct);
        let mut item_doc: Vec<u32> = Vec::with_capacity(n);
        let mut seen = FxHashMap::default();
        for (&item, f) in items.iter().zip(&first) {
            let doc = match f {
                Some(f) => item_doc[*f as usize],
                None => docs.store(item, &mut seen),
            };
            item_doc.push(doc);
        }
        drop(seen);
        Index::of_docs(docs, item_doc)
    }

    pub fn set_postings(&mut self, postings: Postings) {
        self.chars = postings.chars;
        self.pairs = postings.pairs;
        self.classes = postings.classes;
    }

    /// The index over `docs` without its postings. The docs' arrays keep what they were sized
    /// for beyond what they hold: never touched, it takes no memory, and shrinking would copy.
    fn of_docs(docs: Docs, item_doc: Vec<u32>) -> Index {
        let (doc_starts, doc_items) = doc_items(&item_doc, docs.stored.len());
        Index {
            lists: list_sets(&docs.stored, &item_doc).map(Arr::from),
            stored: docs.stored.into(),
            item_doc: item_doc.into(),
            doc_starts: doc_starts.into(),
            doc_items: doc_items.into(),
            text: docs.text.into_bytes().into(),
            spans: docs.spans.into(),
            short: docs.short.finish(),
            names: docs.names.into(),
            name_text: docs.name_text.finish(),
            readings: docs.readings,
            chars: Table::default(),
            classes: Default::default(),
            pairs: Table::default(),
        }
    }

    /// The postings, three independent tables built side by side: the characters, the pairs
    /// (the two largest, each a pass over all the text) and the short fields' pinyin.
    pub fn postings(&self) -> Postings {
        std::thread::scope(|scope| {
            let chars = scope.spawn(|| self.build_chars());
            let pairs = scope.spawn(|| self.build_pairs());
            let classes = self.build_classes();
            // A builder that panicked has lost its table: panic here too, not quietly.
            Postings {
                chars: chars.join().expect("index thread"),
                pairs: pairs.join().expect("index thread"),
                classes,
            }
        })
    }

    fn build_chars(&self) -> Table<char> {
        self.build_by_lines(|line, table, slots| {
            slots.extend(line.chars().map(|c| table.slot(c)));
        })
    }

    /// Pairs of characters next to each other on one line: none spans two fields.
    fn build_pairs(&self) -> Table<(char, char)> {
        self.build_by_lines(|line, table, slots| {
            let mut chars = line.chars();
            let mut previous = chars.next();
            for c in chars {
                slots.extend(previous.map(|p| table.slot((p, c))));
                previous = Some(c);
            }
        })
    }

    /// A table of what the docs' lines hold (`keys_of` a line: its keys' numbers). The docs
    /// of a province repeat most lines word for word (69,796 docs, each a new wording of a
    /// few of its lines), so each distinct line's keys are worked out once, its docs gathered,
    /// and the table filed line by line (`Builder::finish_groups`). The line break is a
    /// character of the text too: held by every doc of more than one line.
    fn build_by_lines<K: Key>(
        &self,
        keys_of: impl Fn(&str, &mut Builder<K>, &mut Vec<u32>),
    ) -> Table<K> {
        let mut table = Builder::new(self.docs());
        let mut lines = Distinct::default();
        let mut broken = Vec::new();
        // Checked as UTF-8 once, not once a doc (each table's pass did it again).
        let all = std::str::from_utf8(&self.text).unwrap_or_default();
        for i in 0..self.docs() {
            let (a, b) = Stored::from_raw(&self.stored[i]).text;
            let text = all.get(a as usize..b as usize).unwrap_or_default();
            for line in text.split('\n').filter(|l| !l.is_empty()) {
                lines.held_by(line, i as u32, || {
                    let mut slots = Vec::new();
                    keys_of(line, &mut table, &mut slots);
                    slots.sort_unstable();
                    slots.dedup();
                    slots
                });
            }
            if text.contains('\n') {
                broken.push(i as u32);
            }
        }
        let mut line_break = Vec::new();
        keys_of("\n", &mut table, &mut line_break);
        let mut groups = lines.groups(|slots| slots);
        groups.push((&line_break, &broken));
        table.finish_groups(&groups)
    }

    /// The short fields' tables. A province's towns share most titles, departments and
    /// categories word for word, so each distinct field's keys are worked out once, its docs
    /// gathered, and the tables filed field by field (`Builder::finish_groups`).
    fn build_classes(&self) -> [ClassPostings; 3] {
        let n = self.docs();
        let mut builders: [_; 3] =
            std::array::from_fn(|_| (Builder::new(n), Builder::new(n), Builder::new(n)));
        // Each class's distinct fields, with their keys' numbers in the class's three tables.
        let mut fields: [Distinct<&[char], [Vec<u32>; 3]>; 3] = Default::default();
        for i in 0..n {
            let item = self.doc(i);
            for span in item.short_spans() {
                let k = SHORT_CLASSES
                    .iter()
                    .position(|&c| c == Class::of(span.field))
                    .unwrap_or(0);
                let text = item.pinyin_text(&span);
                fields[k].held_by(text.chars, i as u32, || {
                    self.class_keys(text, &mut builders[k])
                });
            }
        }
        let mut fields = fields.iter();
        builders.map(|(c, s, p)| {
            let fields = fields.next().expect("a class's fields");
            ClassPostings {
                chars: c.finish_groups(&fields.groups(|slots| &slots[0])),
                starts: s.finish_groups(&fields.groups(|slots| &slots[1])),
                letter_pairs: p.finish_groups(&fields.groups(|slots| &slots[2])),
            }
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
}

/// Distinct texts (lines, short fields), each with its keys' numbers (`S`) and the docs that
/// hold it, ascending: what `Builder::finish_groups` files.
struct Distinct<T, S> {
    known: FxHashMap<T, usize>,
    texts: Vec<(S, Vec<u32>)>,
}

impl<T, S> Default for Distinct<T, S> {
    fn default() -> Self {
        Distinct {
            known: FxHashMap::default(),
            texts: Vec::new(),
        }
    }
}

impl<T: std::hash::Hash + Eq, S> Distinct<T, S> {
    /// `doc` holds `text`, whose keys `slots` works out the first time it is seen. Docs come in
    /// ascending order; one holding a text twice (a department named twice) is filed once.
    fn held_by(&mut self, text: T, doc: u32, slots: impl FnOnce() -> S) {
        let texts = &mut self.texts;
        let t = *self.known.entry(text).or_insert_with(|| {
            texts.push((slots(), Vec::new()));
            texts.len() - 1
        });
        let docs = &mut self.texts[t].1;
        if docs.last() != Some(&doc) {
            docs.push(doc);
        }
    }

    /// Each text's key numbers (`which` of its `S`) with its docs.
    fn groups<'a>(&'a self, which: impl Fn(&'a S) -> &'a Vec<u32>) -> Vec<(&'a [u32], &'a [u32])> {
        (self.texts.iter())
            .map(|(slots, docs)| (&which(slots)[..], &docs[..]))
            .collect()
    }
}

/// Each list's items as a bitset's words, in the order of `ListKind::ALL`.
fn list_sets(stored: &[RawStored], item_doc: &[u32]) -> [Vec<u64>; 3] {
    ListKind::ALL.map(|list| {
        let mut set = Bitset::empty(item_doc.len());
        (0..item_doc.len())
            .filter(|&i| Stored::from_raw(&stored[item_doc[i] as usize]).list == list)
            .for_each(|i| set.insert(i));
        set.words().to_vec()
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Dataset;

    /// Filed line by line, the character and pair tables are what filing every doc's text
    /// character by character makes: the line break held by docs of several lines, no pair
    /// across two lines.
    #[test]
    fn line_by_line_tables_are_the_char_by_char_ones() {
        let mut items = Dataset::embedded().unwrap().items;
        // Two docs sharing a line, and one line of a single character.
        let with_steps: Vec<usize> = (0..items.len())
            .filter(|&i| {
                items[i]
                    .town_duties
                    .first()
                    .is_some_and(|s| !s.steps.is_empty())
            })
            .take(2)
            .collect();
        let (a, b) = (with_steps[0], with_steps[1]);
        items[b].town_duties[0].steps[0] = items[a].town_duties[0].steps[0].clone();
        items[a].title = "镇".into();
        let index = Index::new(&items);
        let (mut chars, mut pairs) = (Builder::new(index.docs()), Builder::new(index.docs()));
        for i in 0..index.docs() {
            let mut previous = None;
            for c in index.item_str(i).chars() {
                chars.add(c, i as u32);
                if let Some(p) = previous.filter(|_| c != '\n') {
                    pairs.add((p, c), i as u32);
                }
                previous = (c != '\n').then_some(c);
            }
        }
        assert!(same(&index.chars, &chars.finish()));
        assert!(same(&index.pairs, &pairs.finish()));
        assert!(index.chars.get(&'\n').is_some());
        assert!(index.pairs.get(&('。', '\n')).is_none());
    }

    /// Sized for the items, the docs' arrays never grow: growing copies them into fresh pages,
    /// which was a large part of a province's cold start (issue 29).
    #[test]
    fn docs_sized_for_their_items_never_grow() {
        let mut items = Dataset::embedded().unwrap().items;
        // Full-width forms take fewer bytes normalised; an item with no duties at all.
        items[0].title = "（一）ＡＢＣ消防".into();
        items[1].upper_duties.clear();
        items[1].town_duties.clear();
        let mut docs = Docs::sized_for(items.iter());
        let capacities = |d: &Docs| {
            let c = (d.stored.capacity(), d.text.capacity());
            (c.0, c.1, d.spans.capacity(), d.short.capacity())
        };
        let room = capacities(&docs);
        let mut seen = FxHashMap::default();
        for item in &items {
            docs.store(item, &mut seen);
        }
        assert_eq!(docs.stored.len(), items.len());
        assert_eq!(capacities(&docs), room);
    }

    fn same<K>(a: &Table<K>, b: &Table<K>) -> bool {
        a.keys.to_vec() == b.keys.to_vec()
            && a.starts.to_vec() == b.starts.to_vec()
            && a.lens.to_vec() == b.lens.to_vec()
            && a.sparse.to_vec() == b.sparse.to_vec()
            && a.dense.to_vec() == b.dense.to_vec()
    }
}
