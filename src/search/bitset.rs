//! Sets of item indices, as the postings and the searches hold them.

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
        let mut words = vec![u64::MAX; len.div_ceil(64)];
        if let (Some(last), 1..) = (words.last_mut(), len % 64) {
            *last = (1 << (len % 64)) - 1;
        }
        Bitset { words, len }
    }

    /// A set over `len` items from its words (as many as it takes; missing ones read as empty),
    /// any bits past `len` cleared: words read from a file can hold anything.
    pub fn from_words(words: &[u64], len: usize) -> Bitset {
        let mut set = Bitset::empty(len);
        set.words.iter_mut().zip(words).for_each(|(a, &b)| *a = b);
        if let (Some(last), 1..) = (set.words.last_mut(), len % 64) {
            *last &= (1 << (len % 64)) - 1;
        }
        set
    }

    pub fn words(&self) -> &[u64] {
        &self.words
    }

    /// Keeps only the items also in `words` (another set's words over as many items).
    pub fn intersect_words(&mut self, words: &[u64]) {
        self.words.iter_mut().zip(words).for_each(|(a, b)| *a &= b);
    }

    /// Keeps only the items in `ids` (ascending item ids; any past the set's end, as a damaged
    /// file could hold, are left out).
    pub fn intersect_ids(&mut self, ids: &[u32]) {
        let mut kept = Bitset::empty(self.len);
        for &i in ids {
            if (i as usize) < self.len && self.contains(i as usize) {
                kept.insert(i as usize);
            }
        }
        *self = kept;
    }

    pub fn insert(&mut self, i: usize) {
        self.words[i / 64] |= 1 << (i % 64);
    }

    pub fn contains(&self, i: usize) -> bool {
        self.words[i / 64] & (1 << (i % 64)) != 0
    }

    pub fn intersect(&mut self, other: &Bitset) {
        self.intersect_words(&other.words);
    }

    pub fn union(&mut self, other: &Bitset) {
        self.words
            .iter_mut()
            .zip(&other.words)
            .for_each(|(a, b)| *a |= b);
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
