//! The index as a file, for the index cache, read in place: a province's cache is mapped by
//! every user's process on a server, so the page cache holds it once for all of them and a
//! process keeps only a few small tables of its own (issue 29).
//!
//! The format: eight bytes of magic, then every array of the index, each as its length in
//! elements (a little-endian u64) and its little-endian elements, padded with zeros to a
//! multiple of eight bytes; so each array starts eight-aligned relative to the index's first
//! byte, which the cache file places on a page boundary. Records with enums in them are plain
//! numbers (`index::raw`), decoded when read. The arrays are written straight from the index's
//! own (no second copy), in two parts (`write_docs`, then `write_postings`), so the docs can go
//! to the file while the postings are still being made.
//!
//! Reading checks every length, every array's bounds and alignment and each `char` before
//! anything is used, then what lookups rely on (`Index::sound`: a pass over three arrays of a
//! u32 per item); the ranges held in the docs and postings are checked where they are read,
//! so a damaged file answers with nothing there, never a panic. The bytes are not hashed here:
//! the cache file's hash is checked before.

use std::io::Write;

use bytemuck::{CheckedBitPattern, NoUninit};
use rustc_hash::FxHashMap;

use crate::mapped::{Arr, Region};

use super::index::{ClassPostings, Index, PinyinArrays, RawStored};
use super::pinyin::Readings;
use super::postings::Table;

/// The first bytes of an index: its format, so bytes of another are never read as one.
const MAGIC: [u8; 8] = *b"LZIDX\0\0\x02";

/// An array's element as the file holds it: little-endian numbers `UNIT` bytes wide.
pub trait Elem: NoUninit + CheckedBitPattern {
    const UNIT: usize;
}

macro_rules! elem {
    ($($t:ty => $unit:expr),*) => {
        $(impl Elem for $t {
            const UNIT: usize = $unit;
        })*
    };
}

elem!(u8 => 1, u16 => 2, u32 => 4, u64 => 8, char => 4);

impl<const N: usize> Elem for [u32; N]
where
    [u32; N]: NoUninit + CheckedBitPattern,
{
    const UNIT: usize = 4;
}

/// Writes arrays to `out` as they come; the first error is kept. (The file they go into is
/// hashed whole by its writer, `cache::file`.)
struct Writer<W: Write> {
    out: W,
    error: Option<std::io::Error>,
}

impl<W: Write> Writer<W> {
    /// `out` after `write` has written to it, or the first error.
    fn run(out: W, write: impl FnOnce(&mut Writer<W>)) -> std::io::Result<W> {
        let mut w = Writer { out, error: None };
        write(&mut w);
        match w.error {
            Some(e) => Err(e),
            None => Ok(w.out),
        }
    }

    fn put(&mut self, bytes: &[u8]) {
        if self.error.is_none() {
            if let Err(e) = self.out.write_all(bytes) {
                self.error = Some(e);
            }
        }
    }

    /// An array: its length, its elements' bytes (little-endian), zeros to eight bytes.
    fn array<T: Elem>(&mut self, v: &[T]) {
        self.put(&(v.len() as u64).to_le_bytes());
        let bytes: &[u8] = bytemuck::cast_slice(v);
        if cfg!(target_endian = "little") {
            self.put(bytes);
        } else {
            // A big-endian host never maps the file, but writes it as any other would.
            for chunk in bytes.chunks(BLOCK) {
                let mut block = chunk.to_vec();
                block.chunks_exact_mut(T::UNIT).for_each(<[u8]>::reverse);
                self.put(&block);
            }
        }
        self.put(&[0; 8][..bytes.len().next_multiple_of(8) - bytes.len()]);
    }
}

/// Bytes swapped at a time on a big-endian host: a multiple of every `Elem::UNIT`.
const BLOCK: usize = 1 << 20;

/// Reads arrays in place in the order written: None at the first that is not there whole,
/// is misaligned, or holds a value its type cannot (a `char` that is none).
struct Cursor<'a> {
    region: &'a Region,
    at: usize,
}

impl Cursor<'_> {
    fn array<T: CheckedBitPattern>(&mut self) -> Option<Arr<T>> {
        let head = self.region.bytes().get(self.at..self.at.checked_add(8)?)?;
        let len = usize::try_from(u64::from_le_bytes(head.try_into().ok()?)).ok()?;
        let start = self.at + 8;
        let array = Arr::mapped(self.region, start, len)?;
        let bytes = len.checked_mul(size_of::<T>())?;
        self.at = start.checked_add(bytes.checked_next_multiple_of(8)?)?;
        Some(array)
    }
}

/// Writes the index's docs: everything of it but the postings, which follow
/// (`write_postings`; each array ends on eight bytes, so the parts need no padding between).
pub fn write_docs<W: Write>(index: &Index, out: W) -> std::io::Result<W> {
    Writer::run(out, |w| docs(index, w))
}

/// Writes the index's postings, after its docs (`write_docs`).
pub fn write_postings<W: Write>(index: &Index, out: W) -> std::io::Result<W> {
    Writer::run(out, |w| postings(index, w))
}

fn docs(index: &Index, w: &mut Writer<impl Write>) {
    w.put(&MAGIC);
    w.array(&index.stored);
    w.array(&index.item_doc);
    w.array(&index.doc_starts);
    w.array(&index.doc_items);
    index.lists.iter().for_each(|l| w.array(l));
    w.array(&index.text);
    w.array(&index.spans);
    write_pinyin(&index.short, w);
    w.array(&index.names);
    write_pinyin(&index.name_text, w);
    write_readings(&index.readings, w);
}

fn postings(index: &Index, w: &mut Writer<impl Write>) {
    write_table(&index.chars, w);
    write_table(&index.pairs, w);
    for class in &index.classes {
        write_table(&class.chars, w);
        write_table(&class.starts, w);
        write_table(&class.letter_pairs, w);
    }
}

/// The index `write_index` wrote, from `region` starting at its first byte; None if anything
/// in it does not fit (see the module's comment for what is checked here and what on use).
pub fn map_index(region: &Region) -> Option<Index> {
    // Arrays are aligned relative to the index's start; the mapping starts on a page.
    if region.offset() % 8 != 0 || region.bytes().get(..8)? != MAGIC {
        return None;
    }
    let r = &mut Cursor { region, at: 8 };
    let stored: Arr<RawStored> = r.array()?;
    let docs = stored.len();
    let mut index = Index {
        stored,
        item_doc: r.array()?,
        doc_starts: r.array()?,
        doc_items: r.array()?,
        lists: [r.array()?, r.array()?, r.array()?],
        text: r.array()?,
        spans: r.array()?,
        short: read_pinyin(r)?,
        names: r.array()?,
        name_text: read_pinyin(r)?,
        readings: read_readings(r)?,
        chars: read_table(r, docs)?,
        pairs: read_table(r, docs)?,
        classes: Default::default(),
    };
    for class in &mut index.classes {
        *class = ClassPostings {
            chars: read_table(r, docs)?,
            starts: read_table(r, docs)?,
            letter_pairs: read_table(r, docs)?,
        };
    }
    (r.at == region.len() && index.sound()).then_some(index)
}

fn write_pinyin(p: &PinyinArrays, w: &mut Writer<impl Write>) {
    w.array(&p.chars);
    w.array(&p.ids);
    w.array(&p.masks);
}

fn read_pinyin(r: &mut Cursor) -> Option<PinyinArrays> {
    Some(PinyinArrays {
        chars: r.array()?,
        ids: r.array()?,
        masks: r.array()?,
    })
}

/// The characters with their reading ids, then each id's readings: how many, and each one's
/// letters, end to end. A few thousand characters: read back into the process's own tables.
fn write_readings(readings: &Readings, w: &mut Writer<impl Write>) {
    let mut known: Vec<(char, u16)> = readings.ids.iter().map(|(&c, &id)| (c, id)).collect();
    known.sort_unstable();
    let chars: Vec<char> = known.iter().map(|&(c, _)| c).collect();
    let ids: Vec<u16> = known.iter().map(|&(_, id)| id).collect();
    w.array(&chars);
    w.array(&ids);
    let counts: Vec<u32> = readings.by_id.iter().map(|r| r.len() as u32).collect();
    w.array(&counts);
    let all: Vec<&[u8]> = readings
        .by_id
        .iter()
        .flat_map(|r| r.iter().map(|x| &**x))
        .collect();
    let lengths: Vec<u32> = all.iter().map(|r| r.len() as u32).collect();
    w.array(&lengths);
    w.array(&all.concat());
}

fn read_readings(r: &mut Cursor) -> Option<Readings> {
    let chars: Arr<char> = r.array()?;
    let ids: Arr<u16> = r.array()?;
    let counts: Arr<u32> = r.array()?;
    let lengths: Arr<u32> = r.array()?;
    let letters: Arr<u8> = r.array()?;
    let total = counts
        .iter()
        .try_fold(0usize, |t, &n| t.checked_add(n as usize))?;
    if chars.len() != ids.len()
        || ids.iter().any(|&id| id as usize >= counts.len().max(1))
        || total != lengths.len()
        || lengths.contains(&0)
    {
        return None;
    }
    let mut spellings = Vec::with_capacity(lengths.len());
    let mut at = 0usize;
    for &len in lengths.iter() {
        let end = at.checked_add(len as usize)?;
        spellings.push(Box::<[u8]>::from(letters.get(at..end)?));
        at = end;
    }
    let mut spellings = spellings.into_iter();
    let by_id: Vec<Box<[Box<[u8]>]>> = counts
        .iter()
        .map(|&n| spellings.by_ref().take(n as usize).collect())
        .collect();
    let ids: FxHashMap<char, u16> = chars.iter().copied().zip(ids.iter().copied()).collect();
    Some(Readings { ids, by_id })
}

fn write_table<K>(table: &Table<K>, w: &mut Writer<impl Write>) {
    w.array(&table.keys);
    w.array(&table.starts);
    w.array(&table.lens);
    w.array(&table.sparse);
    w.array(&table.dense);
}

fn read_table<K: super::postings::Key>(r: &mut Cursor, items: usize) -> Option<Table<K>> {
    Table::from_parts(
        r.array()?,
        r.array()?,
        r.array()?,
        r.array()?,
        r.array()?,
        items,
    )
}

#[cfg(test)]
mod tests;
