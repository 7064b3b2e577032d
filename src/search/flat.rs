//! The index as a file, for the index cache: every array written as its length and its
//! little-endian elements, one after another, and read back a block at a time straight into
//! its array, hashed on the way, so the file is never in memory beside the index. Chosen over
//! a zero-copy format (rkyv, a mapped file): the index is a dozen flat arrays already, read at
//! disk speed into the `Vec`s the engine uses, with no `unsafe` and no alignment rules; and
//! what is read is checked like any input, so a damaged file is a rebuild, never undefined
//! behaviour. The file's hash is checked by the cache module; here every range is checked too,
//! so nothing read can make a lookup panic.

use std::io::{Read, Write};

use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::Xxh3;

use crate::model::ListKind;

use super::index::{ClassPostings, Index, PinyinArrays, Span, Stored};
use super::pinyin::Readings;
use super::postings::{Key, Slot, Table};
use super::{Field, Side};

/// Writes arrays to `out` as they come, hashing what it writes; the first error is kept.
pub struct Writer<W: Write> {
    out: W,
    hasher: Xxh3,
    written: u64,
    error: Option<std::io::Error>,
}

impl<W: Write> Writer<W> {
    pub fn new(out: W) -> Writer<W> {
        Writer {
            out,
            hasher: Xxh3::new(),
            written: 0,
            error: None,
        }
    }

    /// The bytes written and their hash, or the first error.
    pub fn finish(self) -> std::io::Result<(W, u64, u64)> {
        match self.error {
            Some(e) => Err(e),
            None => Ok((self.out, self.written, self.hasher.digest())),
        }
    }

    fn put(&mut self, bytes: &[u8]) {
        if self.error.is_none() {
            self.hasher.update(bytes);
            self.written += bytes.len() as u64;
            if let Err(e) = self.out.write_all(bytes) {
                self.error = Some(e);
            }
        }
    }

    fn len(&mut self, n: usize) {
        self.put(&(n as u64).to_le_bytes());
    }

    fn u8s(&mut self, v: &[u8]) {
        self.len(v.len());
        self.put(v);
    }

    /// An array of numbers, each as its `W` little-endian bytes, a block at a time.
    fn numbers<const N: usize>(&mut self, v: impl ExactSizeIterator<Item = [u8; N]>) {
        self.len(v.len());
        let mut block = Vec::with_capacity(BLOCK);
        for x in v {
            block.extend_from_slice(&x);
            if block.len() + N > BLOCK {
                self.put(&block);
                block.clear();
            }
        }
        self.put(&block);
    }

    fn u16s(&mut self, v: impl ExactSizeIterator<Item = u16>) {
        self.numbers(v.map(u16::to_le_bytes));
    }

    fn u32s(&mut self, v: impl ExactSizeIterator<Item = u32>) {
        self.numbers(v.map(u32::to_le_bytes));
    }

    fn u64s(&mut self, v: impl ExactSizeIterator<Item = u64>) {
        self.numbers(v.map(u64::to_le_bytes));
    }
}

/// Bytes read or written at a time: arrays never sit in memory twice.
const BLOCK: usize = 1 << 20;

/// Reads arrays back in the order written, `len` bytes in all, hashing them; None at the
/// first that is not there or would run past the end.
pub struct Reader<R: Read> {
    input: R,
    hasher: Xxh3,
    left: u64,
    block: Vec<u8>,
}

impl<R: Read> Reader<R> {
    pub fn new(input: R, len: u64) -> Reader<R> {
        Reader {
            input,
            hasher: Xxh3::new(),
            left: len,
            block: Vec::new(),
        }
    }

    /// The hash of what was read, if it was all of it.
    pub fn finish(self) -> Option<u64> {
        (self.left == 0).then(|| self.hasher.digest())
    }

    /// Reads `n` bytes a block at a time (a whole number of `unit`s each), giving each to `f`.
    fn blocks(&mut self, n: usize, unit: usize, mut f: impl FnMut(&[u8])) -> Option<()> {
        if n as u64 > self.left {
            return None;
        }
        let mut rest = n;
        let size = BLOCK - BLOCK % unit.max(1);
        while rest > 0 {
            let take = rest.min(size);
            self.block.resize(take, 0);
            self.input.read_exact(&mut self.block).ok()?;
            self.hasher.update(&self.block);
            f(&self.block);
            rest -= take;
        }
        self.left -= n as u64;
        Some(())
    }

    fn len(&mut self) -> Option<usize> {
        let mut n = [0u8; 8];
        self.blocks(8, 8, |b| n.copy_from_slice(b))?;
        usize::try_from(u64::from_le_bytes(n)).ok()
    }

    fn numbers<const W: usize, T>(&mut self, from: impl Fn([u8; W]) -> T) -> Option<Vec<T>> {
        let n = self.len()?;
        let bytes = n.checked_mul(W)?;
        if bytes as u64 > self.left {
            return None;
        }
        let mut v = Vec::with_capacity(n);
        self.blocks(bytes, W, |b| {
            v.extend(
                b.chunks_exact(W)
                    .map(|c| from(c.try_into().unwrap_or([0; W]))),
            )
        })?;
        Some(v)
    }

    fn u8s(&mut self) -> Option<Vec<u8>> {
        let n = self.len()?;
        if n as u64 > self.left {
            return None;
        }
        let mut v = Vec::with_capacity(n);
        self.blocks(n, 1, |b| v.extend_from_slice(b))?;
        Some(v)
    }

    fn u16s(&mut self) -> Option<Vec<u16>> {
        self.numbers(u16::from_le_bytes)
    }

    fn u32s(&mut self) -> Option<Vec<u32>> {
        self.numbers(u32::from_le_bytes)
    }

    fn u64s(&mut self) -> Option<Vec<u64>> {
        self.numbers(u64::from_le_bytes)
    }

    fn chars(&mut self) -> Option<Vec<char>> {
        self.u32s()?.into_iter().map(char::from_u32).collect()
    }
}

pub fn write_index(index: &Index, w: &mut Writer<impl Write>) {
    let s = &index.stored;
    w.u32s(
        s.iter()
            .flat_map(|s| {
                [
                    s.text.0,
                    s.text.1,
                    s.spans.0,
                    s.spans.1,
                    s.short_spans,
                    s.short.0,
                    s.short.1,
                    s.names.0,
                    s.names.1,
                    s.duty_start,
                    list_number(s.list),
                    s.title_len,
                    s.title_end,
                    s.depts_end,
                ]
            })
            .collect::<Vec<_>>()
            .into_iter(),
    );
    w.u32s(index.item_doc.iter().copied());
    w.u8s(index.text.as_bytes());
    w.u32s(
        index
            .spans
            .iter()
            .flat_map(|span| {
                let [tag, a, b, c] = field_numbers(span.field);
                [
                    tag,
                    a,
                    b,
                    c,
                    span.bytes.0,
                    span.bytes.1,
                    span.chars.0,
                    span.chars.1,
                ]
            })
            .collect::<Vec<_>>()
            .into_iter(),
    );
    write_pinyin(&index.short, w);
    w.u32s(
        index
            .names
            .iter()
            .flat_map(|&(a, b)| [a, b])
            .collect::<Vec<_>>()
            .into_iter(),
    );
    write_pinyin(&index.name_text, w);
    write_readings(&index.readings, w);
    write_table(&index.chars, w);
    write_table(&index.pairs, w);
    for class in &index.classes {
        write_table(&class.chars, w);
        write_table(&class.starts, w);
        write_table(&class.letter_pairs, w);
    }
}

pub fn read_index(r: &mut Reader<impl Read>) -> Option<Index> {
    let stored: Vec<Stored> = r
        .u32s()?
        .chunks_exact(14)
        .map(|c| {
            Some(Stored {
                text: (c[0], c[1]),
                spans: (c[2], c[3]),
                short_spans: c[4],
                short: (c[5], c[6]),
                names: (c[7], c[8]),
                duty_start: c[9],
                list: *ListKind::ALL.get(c[10] as usize)?,
                title_len: c[11],
                title_end: c[12],
                depts_end: c[13],
            })
        })
        .collect::<Option<_>>()?;
    let item_doc = r.u32s()?;
    let text = String::from_utf8(r.u8s()?).ok()?;
    let spans: Vec<Span> = r
        .u32s()?
        .chunks_exact(8)
        .map(|c| {
            Some(Span {
                field: field_of([c[0], c[1], c[2], c[3]])?,
                bytes: (c[4], c[5]),
                chars: (c[6], c[7]),
            })
        })
        .collect::<Option<_>>()?;
    let short = read_pinyin(r)?;
    let names: Vec<(u32, u32)> = r.u32s()?.chunks_exact(2).map(|c| (c[0], c[1])).collect();
    let name_text = read_pinyin(r)?;
    let readings = read_readings(r)?;
    let n = stored.len();
    let chars = read_table(r, n)?;
    let pairs = read_table(r, n)?;
    let mut classes: [ClassPostings; 3] = Default::default();
    for class in &mut classes {
        class.chars = read_table(r, n)?;
        class.starts = read_table(r, n)?;
        class.letter_pairs = read_table(r, n)?;
    }
    Index::from_parts(super::index::Parts {
        stored,
        item_doc,
        text,
        spans,
        short,
        names,
        name_text,
        readings,
        chars,
        pairs,
        classes,
    })
}

fn list_number(list: ListKind) -> u32 {
    ListKind::ALL.iter().position(|&l| l == list).unwrap_or(0) as u32
}

fn side_number(side: Side) -> u32 {
    match side {
        Side::Upper => 0,
        Side::Town => 1,
    }
}

fn field_numbers(field: Field) -> [u32; 4] {
    match field {
        Field::Title => [0, 0, 0, 0],
        Field::Category => [1, 0, 0, 0],
        Field::Department(i) => [2, i as u32, 0, 0],
        Field::Heading(side, i) => [3, side_number(side), i as u32, 0],
        Field::Step(side, i, j) => [4, side_number(side), i as u32, j as u32],
    }
}

fn field_of([tag, a, b, c]: [u32; 4]) -> Option<Field> {
    let side = || match a {
        0 => Some(Side::Upper),
        1 => Some(Side::Town),
        _ => None,
    };
    Some(match tag {
        0 => Field::Title,
        1 => Field::Category,
        2 => Field::Department(a as usize),
        3 => Field::Heading(side()?, b as usize),
        4 => Field::Step(side()?, b as usize, c as usize),
        _ => return None,
    })
}

fn write_pinyin(p: &PinyinArrays, w: &mut Writer<impl Write>) {
    w.u32s(p.chars.iter().map(|&c| c as u32));
    w.u16s(p.ids.iter().copied());
    w.u32s(p.masks.iter().copied());
}

fn read_pinyin(r: &mut Reader<impl Read>) -> Option<PinyinArrays> {
    let p = PinyinArrays {
        chars: r.chars()?,
        ids: r.u16s()?,
        masks: r.u32s()?,
    };
    (p.chars.len() == p.ids.len() && p.ids.len() == p.masks.len()).then_some(p)
}

/// The characters with their reading ids, then each id's readings: how many, and each one's
/// letters, end to end.
fn write_readings(readings: &Readings, w: &mut Writer<impl Write>) {
    let mut known: Vec<(char, u16)> = readings.ids.iter().map(|(&c, &id)| (c, id)).collect();
    known.sort_unstable();
    w.u32s(known.iter().map(|&(c, _)| c as u32));
    w.u16s(known.iter().map(|&(_, id)| id));
    w.u32s(readings.by_id.iter().map(|r| r.len() as u32));
    let all: Vec<&[u8]> = readings
        .by_id
        .iter()
        .flat_map(|r| r.iter().map(|x| &**x))
        .collect();
    w.u32s(all.iter().map(|r| r.len() as u32));
    w.u8s(&all.concat());
}

fn read_readings(r: &mut Reader<impl Read>) -> Option<Readings> {
    let chars = r.chars()?;
    let ids = r.u16s()?;
    let counts = r.u32s()?;
    let lengths = r.u32s()?;
    let letters = r.u8s()?;
    if chars.len() != ids.len() || ids.iter().any(|&id| id as usize >= counts.len().max(1)) {
        return None;
    }
    let mut spellings = Vec::with_capacity(lengths.len());
    let mut at = 0usize;
    for &len in &lengths {
        let end = at.checked_add(len as usize)?;
        spellings.push(Box::<[u8]>::from(letters.get(at..end)?));
        at = end;
    }
    let mut spellings = spellings.into_iter();
    let by_id: Vec<Box<[Box<[u8]>]>> = counts
        .iter()
        .map(|&n| {
            spellings
                .by_ref()
                .take(n as usize)
                .collect::<Vec<_>>()
                .into()
        })
        .collect();
    if by_id.iter().map(|r| r.len()).sum::<usize>() != lengths.len() {
        return None;
    }
    let ids: FxHashMap<char, u16> = chars.into_iter().zip(ids).collect();
    Some(Readings { ids, by_id })
}

fn write_table<K: Key>(table: &Table<K>, w: &mut Writer<impl Write>) {
    w.u64s(table.keys.iter().map(|k| k.to_u64()));
    w.u64s(table.slots.iter().map(|s| s.start));
    w.u32s(table.slots.iter().map(|s| s.len));
    w.u8s(
        &table
            .slots
            .iter()
            .map(|s| u8::from(s.dense))
            .collect::<Vec<_>>(),
    );
    w.u32s(table.sparse.iter().copied());
    w.u64s(table.dense.iter().copied());
}

fn read_table<K: Key>(r: &mut Reader<impl Read>, items: usize) -> Option<Table<K>> {
    let keys: Vec<K> = r
        .u64s()?
        .into_iter()
        .map(K::from_u64)
        .collect::<Option<_>>()?;
    let starts = r.u64s()?;
    let lens = r.u32s()?;
    let dense = r.u8s()?;
    if starts.len() != lens.len() || lens.len() != dense.len() {
        return None;
    }
    let slots = starts
        .into_iter()
        .zip(lens)
        .zip(dense)
        .map(|((start, len), dense)| Slot {
            start,
            len,
            dense: dense != 0,
        })
        .collect();
    Table::from_parts(keys, slots, r.u32s()?, r.u64s()?, items)
}
