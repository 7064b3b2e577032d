//! The index as a file, for the index cache: every array written as its length and its
//! little-endian elements, one after another, and read back with one `read` of the file and a
//! copy per array. Chosen over a zero-copy format (rkyv, a mapped file): the index is a dozen
//! flat arrays already, a copy of them runs at memory speed (tens of milliseconds for a
//! province), and what is read is checked like any input, so a damaged file is a rebuild and
//! never undefined behaviour. The file's integrity (its checksum) is the cache module's business;
//! here every range is still checked, so nothing read can make a lookup panic.

use rustc_hash::FxHashMap;

use crate::model::ListKind;

use super::index::{ClassPostings, Index, PinyinArrays, Span, Stored};
use super::pinyin::Readings;
use super::postings::{Key, Slot, Table};
use super::{Field, Side};

/// Appends arrays to a buffer.
#[derive(Default)]
pub struct Writer {
    pub bytes: Vec<u8>,
}

impl Writer {
    fn len(&mut self, n: usize) {
        self.bytes.extend_from_slice(&(n as u64).to_le_bytes());
    }

    fn u8s(&mut self, v: &[u8]) {
        self.len(v.len());
        self.bytes.extend_from_slice(v);
    }

    fn u16s(&mut self, v: impl ExactSizeIterator<Item = u16>) {
        self.len(v.len());
        v.for_each(|x| self.bytes.extend_from_slice(&x.to_le_bytes()));
    }

    fn u32s(&mut self, v: impl ExactSizeIterator<Item = u32>) {
        self.len(v.len());
        v.for_each(|x| self.bytes.extend_from_slice(&x.to_le_bytes()));
    }

    fn u64s(&mut self, v: impl ExactSizeIterator<Item = u64>) {
        self.len(v.len());
        v.for_each(|x| self.bytes.extend_from_slice(&x.to_le_bytes()));
    }
}

/// Reads arrays back in the order written; None at the first that is not there.
pub struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes }
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.bytes.len() {
            return None;
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Some(head)
    }

    fn len(&mut self) -> Option<usize> {
        let bytes = self.take(8)?;
        usize::try_from(u64::from_le_bytes(bytes.try_into().ok()?)).ok()
    }

    fn array<const W: usize>(&mut self) -> Option<std::slice::ChunksExact<'a, u8>> {
        let n = self.len()?;
        Some(self.take(n.checked_mul(W)?)?.chunks_exact(W))
    }

    fn u8s(&mut self) -> Option<Vec<u8>> {
        let n = self.len()?;
        self.take(n).map(<[u8]>::to_vec)
    }

    fn u16s(&mut self) -> Option<Vec<u16>> {
        Some(
            self.array::<2>()?
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect(),
        )
    }

    fn u32s(&mut self) -> Option<Vec<u32>> {
        Some(
            self.array::<4>()?
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        )
    }

    fn u64s(&mut self) -> Option<Vec<u64>> {
        Some(
            self.array::<8>()?
                .map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default()))
                .collect(),
        )
    }

    fn chars(&mut self) -> Option<Vec<char>> {
        self.u32s()?.into_iter().map(char::from_u32).collect()
    }

    pub fn at_end(&self) -> bool {
        self.bytes.is_empty()
    }
}

pub fn write_index(index: &Index, w: &mut Writer) {
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

pub fn read_index(r: &mut Reader) -> Option<Index> {
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

fn write_pinyin(p: &PinyinArrays, w: &mut Writer) {
    w.u32s(p.chars.iter().map(|&c| c as u32));
    w.u16s(p.ids.iter().copied());
    w.u32s(p.masks.iter().copied());
}

fn read_pinyin(r: &mut Reader) -> Option<PinyinArrays> {
    let p = PinyinArrays {
        chars: r.chars()?,
        ids: r.u16s()?,
        masks: r.u32s()?,
    };
    (p.chars.len() == p.ids.len() && p.ids.len() == p.masks.len()).then_some(p)
}

/// The characters with their reading ids, then each id's readings: how many, and each one's
/// letters, end to end.
fn write_readings(readings: &Readings, w: &mut Writer) {
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

fn read_readings(r: &mut Reader) -> Option<Readings> {
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

fn write_table<K: Key>(table: &Table<K>, w: &mut Writer) {
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

fn read_table<K: Key>(r: &mut Reader, items: usize) -> Option<Table<K>> {
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
