//! The index cache: a large dataset's search index built once and kept in the user's cache
//! folder, so a province's thousand towns open in under a second the next time; beside it, the
//! towns' review identities. Files are named by a hash of the towns' content and of this
//! program's version, written to a temporary file and renamed, so two users opening the same
//! province at once, a full disk or a killed process never leave half a file under that name. A
//! file that fails any check is ignored and built again; a folder that cannot be written only
//! means no cache. Nothing here is ever an error the user sees (docs/scale.md).

use std::hash::Hasher;
use std::io::{Seek, Write};
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::Xxh3;

use crate::model::{Dataset, Section};
use crate::search::Engine;

/// Bumped whenever what the index holds, or how it is written, changes; a file of another
/// format has another name and is never read.
pub const FORMAT: u32 = 2;

/// Datasets smaller than this are indexed faster than a file is read and checked: a town or
/// a county's few towns are never cached.
pub const CACHE_FROM: usize = 2_000;

/// Cache files kept, the most recently used: a province, its counties, a revision or two.
const KEEP: usize = 4;

const MAGIC: &[u8; 8] = b"LVZHIIDX";

/// What the cache did for one open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Too small to cache: built.
    Small,
    /// Read from the cache.
    Loaded,
    /// Built, and kept for next time (`saved`) or not (no folder, a read-only one, a full disk).
    Built { saved: bool },
}

/// The cache folder: `~/.cache/lvzhi` (or under `$XDG_CACHE_HOME`).
pub fn default_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "lvzhi").map(|d| d.cache_dir().to_path_buf())
}

/// The towns' cache key: `whole`, a hash of their whole content (every field of every town and
/// item, in order, each with its length so no two datasets hash alike by moving a boundary; and
/// the format and the program's version, whose code makes the index), and each town's own hash
/// it is made of, which the towns file checks its entries against. Everything a review's
/// dataset identity hashes is in it, so the identities can be kept under it too.
pub struct Key {
    pub whole: u128,
    towns: Vec<u128>,
}

impl Key {
    pub fn of(towns: &[Dataset]) -> Key {
        // Each town hashed on its own, then the towns' hashes together.
        let hashes = per_town(towns, town_key);
        let mut h = Xxh3::new();
        h.write_u64(env!("CARGO_PKG_VERSION").len() as u64);
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        h.write_u32(FORMAT);
        hashes.iter().for_each(|t| h.write_u128(*t));
        Key {
            whole: h.digest128(),
            towns: hashes,
        }
    }
}

/// One town's hash: its names, then every field of every item.
fn town_key(town: &Dataset) -> u128 {
    let mut h = Xxh3::new();
    let mut put = |s: &str| {
        h.write_u64(s.len() as u64);
        h.update(s.as_bytes());
    };
    for field in [&town.town, &town.county, &town.prefecture, &town.source] {
        put(field);
    }
    put(&town.items.len().to_string());
    for item in &town.items {
        put(&item.id);
        put(item.list.key());
        put(&item.no.to_string());
        put(&item.title);
        put(&item.category);
        put(&item.departments.len().to_string());
        item.departments.iter().for_each(|d| put(d));
        for sections in [&item.upper_duties, &item.town_duties] {
            put_sections(&mut put, sections);
        }
    }
    h.digest128()
}

fn put_sections(put: &mut impl FnMut(&str), sections: &[Section]) {
    put(&sections.len().to_string());
    for section in sections {
        match &section.heading {
            Some(heading) => {
                put("1");
                put(heading);
            }
            None => put("0"),
        }
        put(&section.steps.len().to_string());
        section.steps.iter().for_each(|s| put(s));
    }
}

/// Items in all `towns`.
fn item_count(towns: &[Dataset]) -> usize {
    towns.iter().map(|d| d.items.len()).sum()
}

/// The search engine over every item of `towns`, one run (`key` is `Key::of(towns).whole`): read from
/// the cache in `dir` if it holds their index, else built (and kept there when they are many
/// enough to be worth it). `building` is told just before a build that will be kept, which
/// takes seconds.
pub fn engine(
    towns: &[Dataset],
    key: u128,
    dir: Option<&Path>,
    building: &mut dyn FnMut(),
) -> (Engine, Outcome) {
    let items = || towns.iter().flat_map(|d| &d.items);
    let count = item_count(towns);
    let Some(dir) = dir.filter(|_| count >= CACHE_FROM) else {
        return (Engine::over(items()), Outcome::Small);
    };
    let path = dir.join(format!("index-{key:032x}.bin"));
    if let Some(engine) = read(&path).filter(|e| e.len() == count) {
        touch(&path);
        return (engine, Outcome::Loaded);
    }
    building();
    let engine = Engine::over(items());
    let saved = write(&path, &engine).is_ok();
    if saved {
        evict(dir, "index-", KEEP);
    }
    (engine, Outcome::Built { saved })
}

/// Each town's dataset identity (what its reviews are filed under: `Dataset::identity`, a hash
/// of its JSON, most of a second for a province), kept in the cache beside the index under the
/// same key; computed on every core when not there. A kept file is used only when every entry
/// is its own town's (its content hash and name) and the file's check sum holds: an altered or
/// swapped file costs the second it takes to compute them, never files a mark under another town.
pub fn identities(towns: &[Dataset], key: &Key, dir: Option<&Path>) -> Vec<String> {
    let Some(dir) = dir.filter(|_| item_count(towns) >= CACHE_FROM) else {
        return per_town(towns, Dataset::identity);
    };
    let path = dir.join(format!("towns-{:032x}.json", key.whole));
    let hashes: Vec<String> = key.towns.iter().map(|h| format!("{h:032x}")).collect();
    // A town's entry is a line of hex and its identity: a megabyte holds ten thousand towns.
    let kept = crate::files::read_capped(&path, (towns.len() as u64 + 1) * 1024)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<KeptIdentities>(&bytes).ok())
        .and_then(|kept| kept.verified(towns, &hashes));
    if let Some(identities) = kept {
        touch(&path);
        return identities;
    }
    let identities = per_town(towns, Dataset::identity);
    let kept = KeptIdentities::new(hashes.into_iter().zip(identities.iter().cloned()).collect());
    let json = serde_json::to_vec(&kept).unwrap_or_default();
    if replace(&path, |file| file.write_all(&json)).is_ok() {
        evict(dir, "towns-", KEEP);
    }
    identities
}

/// The towns file: per town, in order, its content hash (`town_key`) and its identity; and a
/// hash over them all.
#[derive(serde::Serialize, serde::Deserialize)]
struct KeptIdentities {
    towns: Vec<(String, String)>,
    check: String,
}

impl KeptIdentities {
    fn new(towns: Vec<(String, String)>) -> KeptIdentities {
        let check = format!("{:032x}", Self::sum(&towns));
        KeptIdentities { towns, check }
    }

    fn sum(towns: &[(String, String)]) -> u128 {
        let mut h = Xxh3::new();
        for (hash, identity) in towns {
            for s in [hash, identity] {
                h.write_u64(s.len() as u64);
                h.update(s.as_bytes());
            }
        }
        h.digest128()
    }

    /// The identities, if the file is whole and each is its own town's.
    fn verified(self, towns: &[Dataset], hashes: &[String]) -> Option<Vec<String>> {
        if self.check != format!("{:032x}", Self::sum(&self.towns))
            || self.towns.len() != towns.len()
        {
            return None;
        }
        let own =
            |((hash, identity), (town, expected)): (&(String, String), (&Dataset, &String))| {
                let digest = identity
                    .strip_prefix(town.town.as_str())?
                    .strip_prefix('@')?;
                let hex = digest.len() == 16 && digest.bytes().all(|b| b.is_ascii_hexdigit());
                (hash == expected && hex).then(|| identity.clone())
            };
        self.towns
            .iter()
            .zip(towns.iter().zip(hashes))
            .map(own)
            .collect()
    }
}

/// `f` of every town, in order, the towns shared out among the cores.
fn per_town<T: Send>(towns: &[Dataset], f: fn(&Dataset) -> T) -> Vec<T> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = towns.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let working: Vec<_> = towns
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<_>>()))
            .collect();
        // A thread that panicked has lost its towns: panic here too, not quietly.
        working
            .into_iter()
            .flat_map(|t| t.join().expect("per-town thread"))
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

/// The header: the magic, the format, the body's length and its hash.
const HEADER: usize = 8 + 4 + 8 + 8;

/// Where the body (the index) starts: on a page, so the arrays in it, eight-aligned within it,
/// are aligned in the mapping and read in place.
const BODY: usize = 4096;

/// The engine a cache file holds, read in place, if the file is whole: its header, length and
/// hash agree.
fn read(path: &Path) -> Option<Engine> {
    // A FIFO or a device at the path is not a cache file: refused at once, and built again.
    let file = crate::files::open_regular(path).ok()?;
    let region = crate::mapped::Region::map(&file).ok()??;
    let header = region.bytes().get(..HEADER)?;
    let (magic, rest) = header.split_at(8);
    let (format, rest) = rest.split_at(4);
    let (len, hash) = rest.split_at(8);
    let number = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or_default());
    let body = region.sub(BODY..region.len())?;
    if magic != MAGIC || format != FORMAT.to_le_bytes() || number(len) != body.len() as u64 {
        return None;
    }
    if xxhash_rust::xxh3::xxh3_64(body.bytes()) != number(hash) {
        return None;
    }
    Engine::map(&body)
}

/// Writes the body after room for the header, then the header (its length and hash known).
fn write(path: &Path, engine: &Engine) -> std::io::Result<()> {
    replace(path, |file| {
        file.write_all(&[0; BODY])?;
        let (out, len, hash) = engine.write_to(std::io::BufWriter::new(&mut *file))?;
        out.into_inner().map_err(|e| e.into_error())?;
        file.seek(std::io::SeekFrom::Start(0))?;
        file.write_all(MAGIC)?;
        file.write_all(&FORMAT.to_le_bytes())?;
        file.write_all(&len.to_le_bytes())?;
        file.write_all(&hash.to_le_bytes())
    })
}

/// `files::replace` into the cache folder, made if it is not there yet.
pub(crate) fn replace(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))?;
    crate::files::replace(path, fill)
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
