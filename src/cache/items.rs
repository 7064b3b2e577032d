//! The towns and their items as the cache file keeps them: a binary copy of the datasets, read
//! in place, so a warm start parses no JSON and holds no copy of a province's items. An item is
//! decoded when it is shown (a screen shows twenty); items with the same fields, which a
//! province's towns share by the thousand, are written once.
//!
//! A record is the item's fields in order: a string is its length (u32) and its UTF-8 bytes,
//! a list of strings or sections its count (u32) then each. Little-endian throughout.

use std::collections::HashMap;

use crate::mapped::{Arr, Region};
use crate::model::{Dataset, Item, ListKind, Section};

/// Items read in place: each item's record offset, its list (kept apart, as the tabs count
/// every item's list on every query), and the records.
pub struct ItemStore {
    offsets: Arr<u64>,
    lists: Arr<u8>,
    records: Region,
}

impl ItemStore {
    pub(super) fn new(offsets: Arr<u64>, lists: Arr<u8>, records: Region) -> Option<ItemStore> {
        (offsets.len() == lists.len()).then_some(ItemStore {
            offsets,
            lists,
            records,
        })
    }

    pub fn len(&self) -> usize {
        self.offsets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.offsets.is_empty()
    }

    /// Item `i`, decoded; None if `i` is past the end or its record is not whole (a file that
    /// passed its hash but was written wrong: shown as an empty item, never trusted).
    pub fn item(&self, i: usize) -> Option<Item> {
        let start = usize::try_from(*self.offsets.get(i)?).ok()?;
        let mut reader = Reader {
            bytes: self.records.bytes().get(start..)?,
        };
        reader.item()
    }

    pub fn list(&self, i: usize) -> ListKind {
        let n = self.lists.get(i).copied().unwrap_or(0);
        ListKind::ALL[usize::from(n).min(2)]
    }
}

/// The three arrays `ItemStore` reads, built from the towns' items.
pub(super) struct Written {
    pub offsets: Vec<u64>,
    pub lists: Vec<u8>,
    pub records: Vec<u8>,
}

/// Every item of `towns` in order, equal records written once.
pub(super) fn write_items(towns: &[Dataset]) -> Written {
    let items = || towns.iter().flat_map(|t| &t.items);
    let count = items().count();
    // Room for every record once, sized at the start: growing by doubling would copy the
    // records into fresh pages each time. Equal records are kept once, so most of the room is
    // never touched, and untouched it takes no memory.
    let room: usize = items().map(record_room).sum();
    let mut written = Written {
        offsets: Vec::with_capacity(count),
        lists: Vec::with_capacity(count),
        records: Vec::with_capacity(room),
    };
    let mut seen: HashMap<u64, Vec<u64>> = HashMap::new();
    let mut record = Vec::new();
    for item in towns.iter().flat_map(|t| &t.items) {
        record.clear();
        put_item(&mut record, item);
        let hash = xxhash_rust::xxh3::xxh3_64(&record);
        let same = seen.get(&hash).and_then(|starts| {
            starts.iter().copied().find(|&s| {
                let s = s as usize;
                written.records.get(s..s + record.len()) == Some(record.as_slice())
            })
        });
        let offset = same.unwrap_or_else(|| {
            let offset = written.records.len() as u64;
            written.records.extend_from_slice(&record);
            seen.entry(hash).or_default().push(offset);
            offset
        });
        written.offsets.push(offset);
        written.lists.push(list_number(item.list));
    }
    written
}

/// At least the bytes of `item`'s record (`put_item`): each string with room for its length.
fn record_room(item: &Item) -> usize {
    let strings = |all: &[String]| all.iter().map(|s| 8 + s.len()).sum::<usize>();
    let sections = |all: &[Section]| {
        (all.iter())
            .map(|s| 9 + s.heading.as_ref().map_or(0, |h| 8 + h.len()) + strings(&s.steps))
            .sum::<usize>()
    };
    32 + [&item.id, &item.category, &item.title]
        .map(|s| 8 + s.len())
        .iter()
        .sum::<usize>()
        + 8
        + strings(&item.departments)
        + 8
        + sections(&item.upper_duties)
        + 8
        + sections(&item.town_duties)
}

fn list_number(list: ListKind) -> u8 {
    ListKind::ALL.iter().position(|&l| l == list).unwrap_or(0) as u8
}

/// A town as the file keeps it: its names, its identity and how many items it has.
pub(super) struct Head {
    pub dataset: Dataset,
    pub identity: String,
    pub items: usize,
}

pub(super) fn write_heads(towns: &[Dataset], identities: &[String]) -> Vec<u8> {
    let mut out = Vec::new();
    put_len(&mut out, towns.len());
    for (town, identity) in towns.iter().zip(identities) {
        for s in [
            &town.town,
            &town.county,
            &town.prefecture,
            &town.source,
            identity,
        ] {
            put_str(&mut out, s);
        }
        put_len(&mut out, town.items.len());
    }
    out
}

/// The towns' heads; None unless the bytes are exactly that, with `total` items in all.
pub(super) fn read_heads(bytes: &[u8], total: usize) -> Option<Vec<Head>> {
    let mut r = Reader { bytes };
    let n = r.len()?;
    let mut heads = Vec::with_capacity(n.min(bytes.len()));
    for _ in 0..n {
        let mut names = [(); 5].map(|_| String::new());
        for name in &mut names {
            *name = r.string()?;
        }
        let [town, county, prefecture, source, identity] = names;
        heads.push(Head {
            dataset: Dataset {
                town,
                county,
                prefecture,
                source,
                items: Vec::new(),
            },
            identity,
            // A count of items, not of bytes: checked against the total below.
            items: usize::try_from(r.u32()?).ok()?,
        });
    }
    let sum = heads.iter().try_fold(0usize, |s, h| s.checked_add(h.items));
    (r.bytes.is_empty() && sum == Some(total)).then_some(heads)
}

fn put_len(out: &mut Vec<u8>, n: usize) {
    // Counts and lengths past u32 are not in any town's file; clamped, the reader refuses them.
    out.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_len(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

fn put_strings(out: &mut Vec<u8>, strings: &[String]) {
    put_len(out, strings.len());
    strings.iter().for_each(|s| put_str(out, s));
}

fn put_sections(out: &mut Vec<u8>, sections: &[Section]) {
    put_len(out, sections.len());
    for section in sections {
        match &section.heading {
            Some(heading) => {
                out.push(1);
                put_str(out, heading);
            }
            None => out.push(0),
        }
        put_strings(out, &section.steps);
    }
}

fn put_item(out: &mut Vec<u8>, item: &Item) {
    put_str(out, &item.id);
    out.push(list_number(item.list));
    out.extend_from_slice(&item.no.to_le_bytes());
    put_str(out, &item.category);
    put_str(out, &item.title);
    put_strings(out, &item.departments);
    put_sections(out, &item.upper_duties);
    put_sections(out, &item.town_duties);
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        if n > self.bytes.len() {
            return None;
        }
        let (taken, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Some(taken)
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    /// A count or a length: never more than the bytes left could hold, so a bad one cannot
    /// make a large allocation.
    fn len(&mut self) -> Option<usize> {
        let n = usize::try_from(self.u32()?).ok()?;
        (n <= self.bytes.len()).then_some(n)
    }

    fn string(&mut self) -> Option<String> {
        let n = self.len()?;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }

    fn strings(&mut self) -> Option<Vec<String>> {
        let n = self.len()?;
        (0..n).map(|_| self.string()).collect()
    }

    fn sections(&mut self) -> Option<Vec<Section>> {
        let n = self.len()?;
        (0..n)
            .map(|_| {
                let heading = match self.u8()? {
                    0 => None,
                    1 => Some(self.string()?),
                    _ => return None,
                };
                let steps = self.strings()?;
                Some(Section { heading, steps })
            })
            .collect()
    }

    fn item(&mut self) -> Option<Item> {
        let id = self.string()?;
        let list = *ListKind::ALL.get(usize::from(self.u8()?))?;
        let no = self.u32()?;
        Some(Item {
            id,
            list,
            no,
            category: self.string()?,
            title: self.string()?,
            departments: self.strings()?,
            upper_duties: self.sections()?,
            town_duties: self.sections()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The room made for the records holds them all: they are never grown by copying.
    #[test]
    fn the_room_made_for_records_holds_every_one() {
        let mut town = Dataset::embedded().unwrap();
        town.items[0].upper_duties = vec![Section {
            heading: Some("（一）".into()),
            steps: vec![String::new(), "巡查".into()],
        }];
        town.items[1].departments.clear();
        let mut record = Vec::new();
        for item in &town.items {
            record.clear();
            put_item(&mut record, item);
            assert!(record.len() <= record_room(item), "{}", item.id);
        }
        let written = write_items(std::slice::from_ref(&town));
        let room: usize = town.items.iter().map(record_room).sum();
        assert_eq!(written.records.capacity(), room);
    }

    #[test]
    fn every_item_comes_back_field_for_field_and_equal_ones_are_written_once() {
        let town = Dataset::embedded().unwrap();
        let mut other = town.clone();
        other.town = "乐土驿镇".into();
        other.items[3].title.push_str("（改）");
        let towns = [town, other];
        let written = write_items(&towns);
        let one_town: usize = {
            let mut record = Vec::new();
            towns[0].items.iter().for_each(|i| put_item(&mut record, i));
            record.len()
        };
        // The second town adds only its one changed item.
        assert!(written.records.len() < one_town + 2_000);
        let mut file = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut file, &written.records).unwrap();
        let store = ItemStore::new(
            Arr::from(written.offsets),
            Arr::from(written.lists),
            Region::open(file.path()).unwrap(),
        )
        .unwrap();
        let all: Vec<&Item> = towns.iter().flat_map(|t| &t.items).collect();
        assert_eq!(store.len(), all.len());
        for (i, item) in all.iter().enumerate() {
            assert_eq!(store.item(i).as_ref(), Some(*item));
            assert_eq!(store.list(i), item.list);
        }
        assert_eq!(store.item(all.len()), None);
    }

    #[test]
    fn a_cut_or_altered_record_is_refused_not_trusted() {
        let town = Dataset::embedded().unwrap();
        let mut record = Vec::new();
        put_item(&mut record, &town.items[120]);
        for cut in 0..record.len() {
            assert_eq!(
                Reader {
                    bytes: &record[..cut]
                }
                .item(),
                None,
                "cut at {cut}"
            );
        }
        for at in 0..record.len() {
            let mut bad = record.clone();
            bad[at] ^= 0xA5;
            // Decoded or refused; either way no panic and no huge allocation.
            let _ = Reader { bytes: &bad }.item();
        }
        let heads = write_heads(std::slice::from_ref(&town), &["x".into()]);
        assert!(read_heads(&heads, 252).is_some());
        assert!(read_heads(&heads, 251).is_none());
        assert!(read_heads(&heads[..heads.len() - 1], 252).is_none());
    }
}
