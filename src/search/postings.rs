//! Which items hold each key (a character, a pair, a pinyin start), for many keys in a few flat
//! arrays: a list of ids while few items hold the key, a bitset once many do. Flat, so the whole
//! table is written to the index cache and read there in place (`search::flat`): the keys are
//! kept sorted and looked up by binary search, so no process builds a map of them at load.

use std::collections::hash_map::Entry;
use std::hash::Hash;
use std::marker::PhantomData;

use rustc_hash::FxHashMap;

use super::bitset::Bitset;
use crate::mapped::Arr;

/// A key of a table, as the cache stores it: one number, ordered as the table is sorted.
pub trait Key: Copy + Eq + Hash {
    fn to_u64(self) -> u64;
}

impl Key for char {
    fn to_u64(self) -> u64 {
        self as u64
    }
}

impl Key for (char, char) {
    fn to_u64(self) -> u64 {
        (self.0 as u64) << 32 | self.1 as u64
    }
}

impl Key for [u8; 3] {
    fn to_u64(self) -> u64 {
        u32::from_le_bytes([self[0], self[1], self[2], 0]) as u64
    }
}

impl Key for (u8, u8) {
    fn to_u64(self) -> u64 {
        (self.0 as u64) << 8 | self.1 as u64
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

/// A slot's length that marks a bitset: no sparse list grows that long (one turns dense at
/// one item in 32, and an index holds at most `score::MAX_ITEMS`).
pub const DENSE: u32 = u32::MAX;

/// Every key's items: key `k` (in ascending order of `to_u64`) has `lens[k]` ids from
/// `starts[k]` in `sparse`, or when `lens[k]` is `DENSE`, the bitset whose words start at
/// `starts[k]` in `dense`. Read in place from a mapped file, so every range is checked when
/// used: a damaged one reads as a key no item holds.
pub struct Table<K> {
    pub(super) keys: Arr<u64>,
    pub(super) starts: Arr<u64>,
    pub(super) lens: Arr<u32>,
    pub(super) sparse: Arr<u32>,
    pub(super) dense: Arr<u64>,
    /// Items in all (a dense list's bits).
    pub(super) items: usize,
    key: PhantomData<K>,
}

impl<K> Default for Table<K> {
    fn default() -> Table<K> {
        Table {
            keys: Arr::default(),
            starts: Arr::default(),
            lens: Arr::default(),
            sparse: Arr::default(),
            dense: Arr::default(),
            items: 0,
            key: PhantomData,
        }
    }
}

impl<K> std::fmt::Debug for Table<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Table")
            .field("keys", &self.keys.len())
            .field("items", &self.items)
            .finish()
    }
}

impl<K: Key> Table<K> {
    /// From its arrays, as the cache holds them; None if the columns are not as long as each
    /// other. The ranges they hold are checked when read (`get`), not here: that would read
    /// every page of the table at start.
    pub fn from_parts(
        keys: Arr<u64>,
        starts: Arr<u64>,
        lens: Arr<u32>,
        sparse: Arr<u32>,
        dense: Arr<u64>,
        items: usize,
    ) -> Option<Table<K>> {
        (keys.len() == starts.len() && keys.len() == lens.len()).then_some(Table {
            keys,
            starts,
            lens,
            sparse,
            dense,
            items,
            key: PhantomData,
        })
    }

    /// The items holding `key`; None when none do, or when its list does not lie within the
    /// arrays (a damaged file: nothing rather than a wrong answer or a panic).
    pub fn get(&self, key: &K) -> Option<List<'_>> {
        let k = self.keys.binary_search(&key.to_u64()).ok()?;
        let start = usize::try_from(*self.starts.get(k)?).ok()?;
        let len = *self.lens.get(k)?;
        Some(if len == DENSE {
            List::Dense(
                self.dense
                    .get(start..start.checked_add(self.items.div_ceil(64))?)?,
            )
        } else {
            List::Sparse(self.sparse.get(start..start.checked_add(len as usize)?)?)
        })
    }
}

/// One key's items while building: ids until they are many, then a bitset.
enum Building {
    Sparse(Vec<u32>),
    Dense(Bitset),
}

/// Builds a table: keys numbered as they come (`slot`), then their items filed in groups
/// (`finish_groups`). A key's list is a bitset once more than one item in 32 holds it (a u32 per
/// id against n bits).
pub struct Builder<K> {
    map: FxHashMap<K, u32>,
    keys: Vec<K>,
    /// Each key's list, by its number: made by `finish_groups` (by `add` in the tests).
    lists: Vec<Building>,
    items: usize,
}

impl<K: Key> Builder<K> {
    pub fn new(items: usize) -> Builder<K> {
        Builder {
            map: FxHashMap::default(),
            keys: Vec::new(),
            lists: Vec::new(),
            items,
        }
    }

    /// Files `item` under `key`, items in ascending order: the plain way, which the tests
    /// hold `finish_groups` to.
    #[cfg(test)]
    pub fn add(&mut self, key: K, item: u32) {
        let slot = self.slot(key) as usize;
        if self.lists.len() <= slot {
            self.lists
                .resize_with(slot + 1, || Building::Sparse(Vec::new()));
        }
        match &mut self.lists[slot] {
            Building::Sparse(ids) if ids.last() == Some(&item) => {}
            Building::Sparse(ids) => {
                ids.push(item);
                if ids.len() * 32 > self.items {
                    let mut set = Bitset::empty(self.items);
                    ids.iter().for_each(|&i| set.insert(i as usize));
                    self.lists[slot] = Building::Dense(set);
                }
            }
            Building::Dense(set) => set.insert(item as usize),
        }
    }

    /// The number a key is filed under.
    pub fn slot(&mut self, key: K) -> u32 {
        match self.map.entry(key) {
            Entry::Occupied(e) => *e.get(),
            Entry::Vacant(e) => {
                e.insert(self.keys.len() as u32);
                self.keys.push(key);
                self.keys.len() as u32 - 1
            }
        }
    }

    /// The table when every item's keys come in groups: each group's items (ascending, each
    /// once) hold every key of its slots (each once), as a distinct line or short field is
    /// held by the docs that have it. Filed group by group, one key at a time, instead of item
    /// by item across all the keys: the same table as `add` would build, in a fraction of the
    /// time (issue 29's cold start).
    pub fn finish_groups(mut self, groups: &[(&[u32], &[u32])]) -> Table<K> {
        let mut count = vec![0usize; self.keys.len()];
        let mut groups_of = vec![0u32; self.keys.len()];
        for &(slots, items) in groups {
            for &s in slots {
                count[s as usize] += items.len();
                groups_of[s as usize] += 1;
            }
        }
        // More items than a list holds by the count with repeats: a bitset from the start.
        let items = self.items;
        let dense = |n: usize| n * 32 > items;
        self.lists = count
            .iter()
            .map(|&n| match dense(n) {
                true => Building::Dense(Bitset::empty(items)),
                false => Building::Sparse(Vec::with_capacity(n)),
            })
            .collect();
        for &(slots, ids) in groups {
            for &s in slots {
                match &mut self.lists[s as usize] {
                    Building::Sparse(list) => list.extend_from_slice(ids),
                    Building::Dense(set) => ids.iter().for_each(|&i| set.insert(i as usize)),
                }
            }
        }
        for (list, &from) in self.lists.iter_mut().zip(&groups_of) {
            match list {
                // One group's items are in order already; several groups' are merged.
                Building::Sparse(ids) if from > 1 => {
                    ids.sort_unstable();
                    ids.dedup();
                }
                Building::Sparse(_) => {}
                // Repeats counted, the items themselves may be few enough for a list.
                Building::Dense(set) => {
                    let held = set.words().iter().map(|w| w.count_ones() as usize).sum();
                    if !dense(held) {
                        *list = Building::Sparse(set.iter().map(|i| i as u32).collect());
                    }
                }
            }
        }
        self.finish()
    }

    /// The table of the lists filed, one a key (`finish_groups`, or `add` in the tests).
    pub(super) fn finish(self) -> Table<K> {
        // Sized first: growing the arrays by doubling would hold up to twice them at the peak.
        let (mut sparse_len, mut dense_len) = (0, 0);
        for list in &self.lists {
            match list {
                Building::Sparse(ids) => sparse_len += ids.len(),
                Building::Dense(_) => dense_len += self.items.div_ceil(64),
            }
        }
        // Sorted by key, for the binary search that replaces a map at load.
        let mut order: Vec<(u64, u32)> = (self.keys.iter().map(|k| k.to_u64())).zip(0..).collect();
        order.sort_unstable();
        let mut lists: Vec<Option<Building>> = self.lists.into_iter().map(Some).collect();
        let n = order.len();
        let (mut starts, mut lens) = (Vec::with_capacity(n), Vec::with_capacity(n));
        let mut sparse = Vec::with_capacity(sparse_len);
        let mut dense = Vec::with_capacity(dense_len);
        for &(_, slot) in &order {
            match lists[slot as usize].take() {
                Some(Building::Sparse(ids)) => {
                    starts.push(sparse.len() as u64);
                    lens.push(ids.len() as u32);
                    sparse.extend_from_slice(&ids);
                }
                Some(Building::Dense(set)) => {
                    starts.push(dense.len() as u64);
                    lens.push(DENSE);
                    dense.extend_from_slice(set.words());
                }
                None => unreachable!("every slot is filed once"),
            }
        }
        Table {
            keys: Arr::from(order.into_iter().map(|(k, _)| k).collect::<Vec<_>>()),
            starts: Arr::from(starts),
            lens: Arr::from(lens),
            sparse: Arr::from(sparse),
            dense: Arr::from(dense),
            items: self.items,
            key: PhantomData,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_numbers_are_distinct() {
        assert_ne!('消'.to_u64(), '防'.to_u64());
        assert_ne!(('消', '防').to_u64(), ('防', '消').to_u64());
        assert_ne!((*b"yj\0").to_u64(), (*b"y\0\0").to_u64());
        assert_ne!((b'x', b'f').to_u64(), (b'f', b'x').to_u64());
    }

    /// Keys filed group by group make the table item by item would: lists merged from several
    /// groups, repeats, and keys whose count with repeats says bitset but whose items are few.
    #[test]
    fn groups_make_the_table_items_do() {
        let items = 4096;
        let mut state = 29u64;
        let mut next = |n: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % n
        };
        let keys: Vec<char> = "的消防安全应急管理局".chars().collect();
        let groups: Vec<(Vec<char>, Vec<u32>)> = (0..40)
            .map(|_| {
                let mut ks: Vec<char> = (0..1 + next(4)).map(|_| keys[next(10) as usize]).collect();
                ks.sort_unstable();
                ks.dedup();
                let mut ids: Vec<u32> = (0..next(12)).map(|_| next(items) as u32).collect();
                ids.sort_unstable();
                ids.dedup();
                (ks, ids)
            })
            .chain([(vec!['的'], (0..items as u32).collect())])
            .collect();
        // A key with many repeats but few items: 80 groups of the same 2 items.
        let groups: Vec<_> = groups
            .into_iter()
            .chain((0..80).map(|_| (vec!['县'], vec![7, 9])))
            .collect();
        let mut by_item = Builder::new(items as usize);
        for i in 0..items as u32 {
            for (ks, ids) in &groups {
                if ids.contains(&i) {
                    ks.iter().for_each(|&k| by_item.add(k, i));
                }
            }
        }
        let mut by_group = Builder::new(items as usize);
        let slots: Vec<Vec<u32>> = (groups.iter())
            .map(|(ks, _)| ks.iter().map(|&k| by_group.slot(k)).collect())
            .collect();
        let filed: Vec<(&[u32], &[u32])> = (slots.iter().zip(&groups))
            .map(|(s, (_, ids))| (&s[..], &ids[..]))
            .collect();
        let (a, b) = (by_item.finish(), by_group.finish_groups(&filed));
        assert!(matches!(b.get(&'的'), Some(List::Dense(_))));
        assert!(matches!(b.get(&'县'), Some(List::Sparse([7, 9]))));
        for k in keys.iter().chain(&['县']) {
            let list = |t: &Table<char>| match t.get(k) {
                Some(List::Sparse(ids)) => (false, ids.to_vec()),
                Some(List::Dense(w)) => (
                    true,
                    Bitset::from_words(w, items as usize)
                        .iter()
                        .map(|i| i as u32)
                        .collect(),
                ),
                None => (false, vec![]),
            };
            assert_eq!(list(&a), list(&b), "key {k}");
        }
        assert_eq!(a.keys.to_vec(), b.keys.to_vec());
        assert_eq!(a.starts.to_vec(), b.starts.to_vec());
        assert_eq!(a.lens.to_vec(), b.lens.to_vec());
        assert_eq!(a.sparse.to_vec(), b.sparse.to_vec());
        assert_eq!(a.dense.to_vec(), b.dense.to_vec());
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
        builder.add('安', 1);
        let table = builder.finish();
        assert!(matches!(table.get(&'的'), Some(List::Dense(w)) if w == [u64::MAX]));
        assert!(matches!(table.get(&'防'), Some(List::Sparse([3, 9]))));
        assert!(matches!(table.get(&'安'), Some(List::Sparse([1]))));
        assert!(table.get(&'消').is_none());
        assert!(table.keys.windows(2).all(|w| w[0] < w[1]));
        let Table {
            keys,
            starts,
            lens,
            sparse,
            ..
        } = table;
        // Without its bitsets the table still answers, with nothing for the dense key.
        let lens_copy = Arr::from(lens.to_vec());
        let table = Table::<char>::from_parts(keys, starts, lens, sparse, Arr::default(), 64);
        let table = table.unwrap();
        assert!(table.get(&'的').is_none());
        assert!(matches!(table.get(&'防'), Some(List::Sparse([3, 9]))));
        let short = Arr::from(table.keys[..1].to_vec());
        let parts = (Arr::default(), Arr::default(), Arr::default());
        assert!(
            Table::<char>::from_parts(short, parts.0, lens_copy, parts.1, parts.2, 64).is_none()
        );
    }
}
