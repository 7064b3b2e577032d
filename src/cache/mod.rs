//! The cache: a large dataset's towns, items and search index kept in one file (`file`), so a
//! province's thousand towns open in half a second the next time, parsing no JSON, and every
//! user's process on a server reads the same file in place (issue 29). Files are named by a
//! hash of the data files' bytes and of this program's version, written beside and renamed,
//! so two users opening the same province at once, a full disk or a killed process never
//! leave half a file under that name. A file that fails any check is ignored and built again;
//! a folder that cannot be written only means no cache. Nothing here is ever an error the user
//! sees (docs/scale.md).

mod file;
pub mod items;

use std::hash::Hasher;
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::Xxh3;

use crate::error::Result;
use crate::model::Dataset;
use crate::search::Engine;
use crate::towns::Towns;

/// Bumped whenever what the file holds, or how it is written, changes; a file of another
/// format has another name and is never read.
pub const FORMAT: u32 = 2;

/// Datasets smaller than this are indexed faster than a file is read and checked: a town or
/// a county's few towns are never cached.
pub const CACHE_FROM: usize = 2_000;

/// Cache files kept, the most recently used: a province, its counties, a revision or two.
const KEEP: usize = 4;

/// What the cache did for one open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Too small to cache, or no cache folder: built.
    Small,
    /// Read from the cache.
    Loaded,
    /// Built, and kept for next time (`saved`) or not (a read-only folder, a full disk).
    Built { saved: bool },
}

/// The towns the data names, opened: their items, their search engine and each town's review
/// identity (what its reviews are filed under, `Dataset::identity`).
pub struct Opened {
    pub towns: Towns,
    pub engine: Engine,
    pub identities: Vec<String>,
    pub outcome: Outcome,
}

/// The user's own cache folder: `~/.cache/lvzhi` (or under `$XDG_CACHE_HOME`).
pub fn default_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "lvzhi").map(|d| d.cache_dir().to_path_buf())
}

/// The towns in `files`: read in place from the cache file in the first of `dirs` that holds
/// it, else loaded (`load`) and indexed, and, when they are many, kept in the first of `dirs`
/// that takes the file. `building` is told just before a build that will be kept, which takes
/// seconds. The embedded town (no files) is never cached.
pub fn open(
    files: &[PathBuf],
    dirs: &[PathBuf],
    load: impl FnOnce() -> Result<Vec<Dataset>>,
    building: &mut dyn FnMut(),
) -> Result<Opened> {
    let name = (!files.is_empty() && !dirs.is_empty())
        .then(|| key_of(files))
        .flatten()
        .map(|key| format!("province-{key:032x}.bin"));
    if let Some(name) = &name {
        for dir in dirs {
            if let Some(opened) = read(&dir.join(name), Outcome::Loaded) {
                return Ok(opened);
            }
        }
    }
    let towns = load()?;
    let count = towns.iter().map(|d| d.items.len()).sum::<usize>();
    let Some(name) = name.filter(|_| count >= CACHE_FROM) else {
        let identities = per_item(&towns, Dataset::identity);
        let engine = Engine::over(towns.iter().flat_map(|d| &d.items));
        return Ok(in_memory(towns, engine, identities, Outcome::Small));
    };
    building();
    // The identities and the items' records are made beside the index's docs, which leaves a
    // core idle in its serial parts.
    let (building, (identities, records)) = std::thread::scope(|scope| {
        let beside = scope.spawn(|| {
            let identities = per_item(&towns, Dataset::identity);
            (identities, items::write_items(&towns))
        });
        let building = Engine::building(towns.iter().flat_map(|d| &d.items));
        // A panic making them is a bug: raised here, not turned into a missing cache.
        (building, beside.join().expect("identities and records"))
    });
    // The file, all but the postings, is written while the postings are made: a quarter of a
    // gigabyte copied while the cores are short of work.
    let (postings, begun) = std::thread::scope(|scope| {
        let writing = scope.spawn(|| {
            dirs.iter().find_map(|dir| {
                let path = dir.join(&name);
                let mut writing = file::begin(&path, &towns, &identities, &records).ok()?;
                building.write_docs(writing.index()).ok()?;
                Some((path, writing))
            })
        });
        let postings = building.postings();
        (postings, writing.join().expect("writing the province file"))
    });
    let engine = building.finish(postings);
    let finished = begun.and_then(|(path, mut writing)| {
        engine.write_postings(writing.index()).ok()?;
        writing.finish(&path).ok().map(|()| path)
    });
    // A folder that failed part way (full, say) leaves the others to try, the whole file at once.
    let mut kept = finished.into_iter().chain(dirs.iter().filter_map(|dir| {
        let path = dir.join(&name);
        file::write(&path, &towns, &identities, &records, &engine)
            .is_ok()
            .then_some(path)
    }));
    if let Some(opened) = kept.find_map(|path| keep(&path)) {
        // Freeing 252,000 items' strings takes a tenth of a second the user need not wait
        // for; the memory goes back to the system once they are freed.
        std::thread::spawn(move || {
            drop((towns, engine, records));
            crate::memory::release();
        });
        return Ok(opened);
    }
    Ok(in_memory(
        towns,
        engine,
        identities,
        Outcome::Built { saved: false },
    ))
}

/// The province file just written at `path`, read back in place (so the builder, too, holds
/// no copy of the items), its folder's older files evicted; None if it does not read back.
fn keep(path: &Path) -> Option<Opened> {
    let dir = crate::files::folder_of(path);
    evict(dir, "province-", KEEP);
    // Files of the format before (index and identities apart) are never read again.
    evict(dir, "index-", 0);
    evict(dir, "towns-", 0);
    read(path, Outcome::Built { saved: true })
}

fn in_memory(
    towns: Vec<Dataset>,
    engine: Engine,
    identities: Vec<String>,
    outcome: Outcome,
) -> Opened {
    Opened {
        towns: Towns::new(towns),
        engine,
        identities,
        outcome,
    }
}

fn read(path: &Path, outcome: Outcome) -> Option<Opened> {
    let province = file::open(path)?;
    touch(path);
    Some(Opened {
        towns: province.towns,
        engine: province.engine,
        identities: province.identities,
        outcome,
    })
}

/// The cache key of the data `files`: a hash of each one's name and bytes, in order, and of
/// the format and the program's version, whose code makes the index. None if a file cannot be
/// read (loading it will say why).
pub fn key_of(files: &[PathBuf]) -> Option<u128> {
    let hashes = per_item(files, |path| {
        // Read, not mapped: a data file may be rewritten in place by whoever keeps it, which
        // under a mapping would be a SIGBUS; each is a few hundred kilobytes.
        let bytes = std::fs::read(path).ok()?;
        let bytes = bytes.as_slice();
        let name = path.file_name()?.as_encoded_bytes();
        let mut h = Xxh3::new();
        h.write_u64(name.len() as u64);
        h.update(name);
        h.write_u64(bytes.len() as u64);
        h.update(bytes);
        Some(h.digest128())
    });
    let mut h = Xxh3::new();
    h.write_u64(env!("CARGO_PKG_VERSION").len() as u64);
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.write_u32(FORMAT);
    for hash in hashes {
        h.write_u128(hash?);
    }
    Some(h.digest128())
}

/// `f` of every element, in order, shared out among the cores.
fn per_item<E: Sync, T: Send>(all: &[E], f: fn(&E) -> T) -> Vec<T> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = all.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let working: Vec<_> = all
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<_>>()))
            .collect();
        // A thread that panicked has lost its part: panic here too, not quietly.
        working
            .into_iter()
            .flat_map(|t| t.join().expect("per-item thread"))
            .collect()
    })
}

/// Marks a cache file used now: the last to be evicted.
pub(crate) fn touch(path: &Path) {
    // Set by name, not through an open file: opening a FIFO swapped in meanwhile would block.
    use rustix::fs::{Timespec, Timestamps, UTIME_NOW, UTIME_OMIT};
    let times = Timestamps {
        last_access: Timespec {
            tv_sec: 0,
            tv_nsec: UTIME_OMIT,
        },
        last_modification: Timespec {
            tv_sec: 0,
            tv_nsec: UTIME_NOW,
        },
    };
    let _ = rustix::fs::utimensat(rustix::fs::CWD, path, &times, rustix::fs::AtFlags::empty());
}

/// `files::replace` into the cache folder, made if it is not there yet.
pub(crate) fn replace(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))?;
    crate::files::replace(path, fill)
}

/// `files::stage` in the cache folder, made if it is not there yet, for a file hashed whole
/// when read: not synced.
pub(crate) fn stage_checked(path: &Path) -> std::io::Result<crate::files::Staged> {
    std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))?;
    crate::files::stage(path, false)
}

/// Removes all but the `keep` most recently used cache files whose names start with `prefix`.
pub(crate) fn evict(dir: &Path, prefix: &str, keep: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(|e| {
            let e = e.ok()?;
            let name = e.file_name();
            let name = name.to_str()?;
            (name.starts_with(prefix) && !name.starts_with('.'))
                .then(|| Some((e.metadata().ok()?.modified().ok()?, e.path())))?
        })
        .collect();
    files.sort_by_key(|f| std::cmp::Reverse(f.0));
    for (_, path) in files.into_iter().skip(keep) {
        let _ = std::fs::remove_file(path);
    }
}
