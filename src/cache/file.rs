//! The province file: the towns, their items and their search index in one file, mapped and
//! read in place by every user's process (issue 29). Its layout, all little-endian:
//!
//! - a header page: magic, format, a byte-order mark, the file's length, the hash (xxh3) of
//!   everything after the header, the number of items, and where each part starts and ends;
//! - the parts, each starting on a page boundary (4096), so every array in them is aligned:
//!   the towns' heads, the items' record offsets (u64), their lists (u8), the item records,
//!   and the search index (`Engine::write_to`).
//!
//! The file is whole or refused: its length and hash are checked before anything in it is
//! used, then every part's range, and the parts check their own offsets.

use std::io::Write;
use std::path::Path;

use xxhash_rust::xxh3::Xxh3;

use super::items::{self, ItemStore};
use crate::mapped::{Arr, Region};
use crate::model::Dataset;
use crate::search::Engine;
use crate::towns::Towns;

const MAGIC: &[u8; 8] = b"LVZHIMAP";
const PAGE: usize = 4096;
/// Written as a u32 little-endian: read back another way, the file is of another machine.
const BYTE_ORDER: u32 = 0x0102_0304;
/// The parts, in the order they are written.
const PARTS: usize = 5;
const HEADER_USED: usize = 8 + 4 + 4 + 8 + 8 + 8 + PARTS * 16;

/// What a province file holds, opened.
pub struct Province {
    pub towns: Towns,
    pub engine: Engine,
    pub identities: Vec<String>,
}

/// The province file at `path`, mapped; None if it is not there or not whole and sound.
pub fn open(path: &Path) -> Option<Province> {
    // A FIFO or a device at the path is not a cache file: refused at once, and built again.
    let file = crate::files::open_regular(path).ok()?;
    let region = Region::map(&file).ok()??;
    let bytes = region.bytes();
    let header = bytes.get(..HEADER_USED)?;
    let mut fields = header.chunks_exact(8);
    let mut next = || Some(u64::from_le_bytes(fields.next()?.try_into().ok()?));
    let [magic, stamp, len, hash, total] = [(); 5].map(|_| next());
    let mut parts = [(0u64, 0u64); PARTS];
    for part in &mut parts {
        *part = (next()?, next()?);
    }
    let stamp_ok = stamp? == u64::from(super::FORMAT) | (u64::from(BYTE_ORDER) << 32);
    let (len, total) = (usize::try_from(len?).ok()?, usize::try_from(total?).ok()?);
    if magic? != u64::from_le_bytes(*MAGIC) || !stamp_ok || len != bytes.len() || len < PAGE {
        return None;
    }
    region.will_need();
    if xxhash_rust::xxh3::xxh3_64(&bytes[PAGE..]) != hash? {
        return None;
    }
    let part = |n: usize| {
        let (start, end) = parts[n];
        let (start, end) = (usize::try_from(start).ok()?, usize::try_from(end).ok()?);
        (start % PAGE == 0 && start >= PAGE)
            .then(|| region.sub(start..end))
            .flatten()
    };
    let heads = items::read_heads(part(0)?.bytes(), total)?;
    let offsets = part(1)?;
    let offsets = Arr::<u64>::mapped(&offsets, 0, offsets.len() / 8)?;
    let lists = part(2)?;
    let lists = Arr::<u8>::mapped(&lists, 0, lists.len())?;
    let store = ItemStore::new(offsets, lists, part(3)?)?;
    let engine = Engine::map(&part(4)?)?;
    if store.len() != total || engine.len() != total {
        return None;
    }
    let (datasets, identities) = heads
        .into_iter()
        .map(|h| ((h.dataset, h.items), h.identity))
        .unzip();
    Some(Province {
        towns: Towns::stored(datasets, store),
        engine,
        identities,
    })
}

/// Writes the province file for `towns` (with their `identities` and `engine`) at `path`,
/// beside it first and renamed over: a reader sees the old file or the new one, never a part,
/// and one a crash tore fails its hash and is built again.
pub fn write(
    path: &Path,
    towns: &[Dataset],
    identities: &[String],
    items: &items::Written,
    engine: &Engine,
) -> std::io::Result<()> {
    let mut writing = begin(path, towns, identities, items)?;
    engine.write_to(writing.index())?;
    writing.finish(path)
}

/// A province file being written: the parts before the index written, the index to come a
/// part at a time (`index`), then `finish`. Unnamed until finished; dropped before, nothing.
pub struct Writing {
    staged: crate::files::Staged,
    out: Hashing<std::io::BufWriter<std::fs::File>>,
    parts: Vec<(u64, u64)>,
    index_start: u64,
    total: usize,
}

/// Starts the province file for `towns` at `path` (`write` in steps): everything but the
/// index written, so the index's docs can follow while its postings are still being made.
pub fn begin(
    path: &Path,
    towns: &[Dataset],
    identities: &[String],
    items: &items::Written,
) -> std::io::Result<Writing> {
    let heads = items::write_heads(towns, identities);
    let mut staged = super::stage_checked(path)?;
    let file = staged.file().try_clone()?;
    let mut out = Hashing::new(std::io::BufWriter::with_capacity(1 << 20, file));
    out.write_all(&[0; PAGE])?;
    out.start_hashing();
    let mut parts = Vec::with_capacity(PARTS);
    let offsets: Vec<u8> = items.offsets.iter().flat_map(|o| o.to_le_bytes()).collect();
    for bytes in [&heads, &offsets, &items.lists, &items.records] {
        parts.push(out.part(|out| out.write_all(bytes))?);
    }
    let (index_start, _) = out.part(|_| Ok(()))?;
    Ok(Writing {
        staged,
        out,
        parts,
        index_start,
        total: items.offsets.len(),
    })
}

impl Writing {
    /// Where the index goes, a part after another (`Building::write_docs`, then
    /// `Engine::write_postings`).
    pub fn index(&mut self) -> &mut impl Write {
        &mut self.out
    }

    /// Writes the header and puts the file at `path` (the one it was begun for).
    pub fn finish(mut self, path: &Path) -> std::io::Result<()> {
        self.out.flush()?;
        self.parts.push((self.index_start, self.out.written));
        let mut header = Vec::with_capacity(HEADER_USED);
        header.extend_from_slice(MAGIC);
        header.extend_from_slice(&super::FORMAT.to_le_bytes());
        header.extend_from_slice(&BYTE_ORDER.to_le_bytes());
        for n in [self.out.written, self.out.hash.digest(), self.total as u64] {
            header.extend_from_slice(&n.to_le_bytes());
        }
        for (start, end) in &self.parts {
            header.extend_from_slice(&start.to_le_bytes());
            header.extend_from_slice(&end.to_le_bytes());
        }
        use std::os::unix::fs::{FileExt, PermissionsExt};
        let file = self.staged.file();
        file.write_all_at(&header, 0)?;
        // Read by every user of a shared cache folder, whatever the writer's umask.
        file.set_permissions(std::fs::Permissions::from_mode(0o644))?;
        self.staged.commit(path)
    }
}

/// A writer that counts what it writes and hashes it once asked to.
struct Hashing<W: Write> {
    inner: W,
    hash: Xxh3,
    hashing: bool,
    written: u64,
}

impl<W: Write> Hashing<W> {
    fn new(inner: W) -> Self {
        Hashing {
            inner,
            hash: Xxh3::new(),
            hashing: false,
            written: 0,
        }
    }

    fn start_hashing(&mut self) {
        self.hashing = true;
    }

    /// Writes one part on a page boundary: its start and end in the file.
    fn part(
        &mut self,
        fill: impl FnOnce(&mut Self) -> std::io::Result<()>,
    ) -> std::io::Result<(u64, u64)> {
        let pad = (PAGE as u64 - self.written % PAGE as u64) % PAGE as u64;
        self.write_all(&vec![0; pad as usize])?;
        let start = self.written;
        fill(self)?;
        Ok((start, self.written))
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        if self.hashing {
            self.hash.update(&buf[..n]);
        }
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
