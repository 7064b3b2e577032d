//! Which items hold each key (a character, a pair, a pinyin start), for many keys in a few flat
//! arrays: a list of ids while few items hold the key, a bitset once many do. Flat, so the whole
//! table is written to the index cache and read back as a handful of arrays (`search::flat`).

use std::collections::hash_map::Entry;
use std::hash::Hash;

use rustc_hash::FxHashMap;

use super::bitset::Bitset;

/// A key of a table, as the cache stores it: one number.
pub trait Key: Copy + Eq + Hash {
    fn to_u64(self) -> u64;
    fn from_u64(n: u64) -> Option<Self>;
}

impl Key for char {
    fn to_u64(self) -> u64 {
        self as u64
    }
    fn from_u64(n: u64) -> Option<char> {
        char::from_u32(u32::try_from(n).ok()?)
    }
}

impl Key for (char, char) {
    fn to_u64(self) -> u64 {
        (self.0 as u64) << 32 | self.1 as u64
    }
    fn from_u64(n: u64) -> Option<(char, char)> {
        Some((char::from_u64(n >> 32)?, char::from_u64(n & 0xffff_ffff)?))
    }
}

impl Key for [u8; 3] {
    fn to_u64(self) -> u64 {
        u32::from_le_bytes([self[0], self[1], self[2], 0]) as u64
    }
    fn from_u64(n: u64) -> Option<[u8; 3]> {
        let [a, b, c, 0, ..] = n.to_le_bytes() else {
            return None;
        };
        Some([a, b, c])
    }
}

impl Key for (u8, u8) {
    fn to_u64(self) -> u64 {
        (self.0 as u64) << 8 | self.1 as u64
    }
    fn from_u64(n: u64) -> Option<(u8, u8)> {
        (n < 1 << 16).then_some(((n >> 8) as u8, n as u8))
    }
}

/// The items holding one key.
#[derive(Debug, Clone, Copy)]
pub enum List<'a> {
    /// Ascending item ids.
    Sparse(&'a [u32]),
    /// A bitset's words over all items.
    Dense(&'a [u64]),
}

/// Where one key's list lies: `len` ids from `start` in `sparse`, or when `dense`, the bitset
/// whose words start at `start` in `dense`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub start: u64,
    pub len: u32,
    pub dense: bool,
}

/// Every key's items. `keys` and `slots` run side by side; the map is rebuilt from them on load.
#[derive(Debug, Default)]
pub struct Table<K> {
    map: FxHashMap<K, u32>,
    pub(super) keys: Vec<K>,
    pub(super) slots: Vec<Slot>,
    pub(super) sparse: Vec<u32>,
    pub(super) dense: Vec<u64>,
    /// Items in all (a dense list's bits).
    pub(super) items: usize,
}

impl<K: Key> Table<K> {
    /// From its arrays, as the cache holds them; None if they do not fit together.
    pub fn from_parts(
        keys: Vec<K>,
        slots: Vec<Slot>,
        sparse: Vec<u32>,
        dense: Vec<u64>,
        items: usize,
    ) -> Option<Table<K>> {
        let words = items.div_ceil(64);
        let fits = keys.len() == slots.len()
            && slots.iter().all(|s| {
                let start = s.start as usize;
                if s.dense {
                    start
                        .checked_add(words)
                        .is_some_and(|end| end <= dense.len())
                } else {
                    start
                        .checked_add(s.len as usize)
                        .is_some_and(|end| end <= sparse.len())
                }
            })
            && sparse.iter().all(|&i| (i as usize) < items);
        if !fits {
            return None;
        }
        let map = keys
            .iter()
            .enumerate()
            .map(|(i, &k)| (k, i as u32))
            .collect();
        Some(Table {
            map,
            keys,
            slots,
            sparse,
            dense,
            items,
        })
    }

    pub fn get(&self, key: &K) -> Option<List<'_>> {
        let slot = self.slots[*self.map.get(key)? as usize];
        let start = slot.start as usize;
        Some(if slot.dense {
            List::Dense(&self.dense[start..start + self.items.div_ceil(64)])
        } else {
            List::Sparse(&self.sparse[start..start + slot.len as usize])
        })
    }
}

/// One key's items while building: ids until they are many, then a bitset.
enum Building {
    Sparse(Vec<u32>),
    Dense(Bitset),
}

/// Builds a table item by item, in ascending order. An item's repeated keys are filed once,
/// told apart by the last item filed under each key, kept in an array of its own so a repeat
/// touches only the map and that array.
pub struct Builder<K> {
    map: FxHashMap<K, u32>,
    keys: Vec<K>,
    last: Vec<u32>,
    lists: Vec<Building>,
    items: usize,
}

impl<K: Key> Builder<K> {
    pub fn new(items: usize) -> Builder<K> {
        Builder {
            map: FxHashMap::default(),
            keys: Vec::new(),
            last: Vec::new(),
            lists: Vec::new(),
            items,
        }
    }

    pub fn add(&mut self, key: K, item: u32) {
        let slot = self.slot(key);
        self.add_to(slot, item);
    }

    /// The number a key is filed under, for `add_to`.
    pub fn slot(&mut self, key: K) -> u32 {
        match self.map.entry(key) {
            Entry::Occupied(e) => *e.get(),
            Entry::Vacant(e) => {
                e.insert(self.keys.len() as u32);
                self.keys.push(key);
                self.last.push(u32::MAX);
                self.lists.push(Building::Sparse(Vec::new()));
                self.keys.len() as u32 - 1
            }
        }
    }

    /// Files `item` under the key numbered `slot` (by `slot`).
    pub fn add_to(&mut self, slot: u32, item: u32) {
        let slot = slot as usize;
        if self.last[slot] == item {
            return;
        }
        self.last[slot] = item;
        match &mut self.lists[slot] {
            Building::Sparse(ids) => {
                ids.push(item);
                // Past one item in 32 the bitset is the smaller (a u32 per id against n bits).
                if ids.len() * 32 > self.items {
                    let mut set = Bitset::empty(self.items);
                    ids.iter().for_each(|&i| set.insert(i as usize));
                    self.lists[slot] = Building::Dense(set);
                }
            }
            Building::Dense(set) => set.insert(item as usize),
        }
    }

    pub fn finish(self) -> Table<K> {
        // Sized first: growing the arrays by doubling would hold up to twice them at the peak.
        let (mut sparse, mut dense) = (0, 0);
        for list in &self.lists {
            match list {
                Building::Sparse(ids) => sparse += ids.len(),
                Building::Dense(_) => dense += self.items.div_ceil(64),
            }
        }
        let mut table = Table {
            map: self.map,
            keys: self.keys,
            slots: Vec::with_capacity(self.lists.len()),
            sparse: Vec::with_capacity(sparse),
            dense: Vec::with_capacity(dense),
            items: self.items,
        };
        for list in self.lists {
            table.slots.push(match list {
                Building::Sparse(ids) => {
                    let start = table.sparse.len() as u64;
                    table.sparse.extend_from_slice(&ids);
                    Slot {
                        start,
                        len: ids.len() as u32,
                        dense: false,
                    }
                }
                Building::Dense(set) => {
                    let start = table.dense.len() as u64;
                    table.dense.extend_from_slice(set.words());
                    Slot {
                        start,
                        len: 0,
                        dense: true,
                    }
                }
            });
        }
        table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_survive_their_numbers() {
        assert_eq!(char::from_u64('消'.to_u64()), Some('消'));
        assert_eq!(
            <(char, char)>::from_u64(('消', '防').to_u64()),
            Some(('消', '防'))
        );
        assert_eq!(<[u8; 3]>::from_u64((*b"yj\0").to_u64()), Some(*b"yj\0"));
        assert_eq!(
            <(u8, u8)>::from_u64((b'x', b'f').to_u64()),
            Some((b'x', b'f'))
        );
        assert_eq!(char::from_u64(0xd800), None);
    }

    #[test]
    fn many_items_make_a_bitset_and_few_a_list() {
        let mut builder = Builder::new(64);
        for i in 0..64 {
            builder.add('的', i);
            builder.add('的', i);
        }
        builder.add('防', 3);
        builder.add('防', 3);
        builder.add('防', 9);
        let table = builder.finish();
        assert!(matches!(table.get(&'的'), Some(List::Dense(w)) if w == [u64::MAX]));
        assert!(matches!(table.get(&'防'), Some(List::Sparse([3, 9]))));
        assert!(table.get(&'消').is_none());
        let Table {
            keys,
            slots,
            sparse,
            dense,
            ..
        } = table;
        assert!(
            Table::from_parts(keys.clone(), slots.clone(), sparse.clone(), dense, 64).is_some()
        );
        assert!(Table::from_parts(keys, slots, sparse, Vec::new(), 64).is_none());
    }
}
