//! Which datasets `--data` names: the embedded town if none; each file given; each dataset file
//! in a folder given (a county office's folder of towns).

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::import::{self, ImportReport};
use crate::model::{Dataset, Item, parse_item_ref};

/// The files `--data` names, folders opened (their dataset files in name order).
pub fn data_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        let entries = std::fs::read_dir(path).map_err(|cause| Error::Read {
            path: path.display().to_string(),
            cause,
        })?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && is_data_file(p))
            .collect();
        if found.is_empty() {
            return Err(Error::NoData {
                path: path.display().to_string(),
            });
        }
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

/// A town's file (dataset JSON or a published list); hidden files (an editor's lock, an
/// export's temporary) are not.
fn is_data_file(path: &Path) -> bool {
    let hidden = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_none_or(|n| n.starts_with('.') || n.starts_with("~$"));
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    !hidden && (json || import::is_published(path))
}

/// Every dataset `--data` names, or the embedded one.
pub fn load_all(paths: &[PathBuf]) -> Result<Vec<Dataset>> {
    load_all_with(paths, &mut |_, _| {})
}

/// As `load_all`, telling `progress` (files loaded, files in all) as files are read: on every
/// core, a province's thousand files being a second's parsing on one.
pub fn load_all_with(
    paths: &[PathBuf],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<Dataset>> {
    if paths.is_empty() {
        return Ok(vec![Dataset::embedded()?]);
    }
    let files = data_files(paths)?;
    let datasets = load_parallel(&files, progress)?;
    // One town twice would make "六户地镇/c19" name two items; two revisions are for `diff`.
    for (i, dataset) in datasets.iter().enumerate() {
        if let Some(j) = datasets[..i]
            .iter()
            .position(|d| d.place() == dataset.place())
        {
            return Err(Error::TownTwice {
                town: dataset.place(),
                first: files[j].display().to_string(),
                second: files[i].display().to_string(),
            });
        }
    }
    Ok(datasets)
}

/// Loads `files` on as many threads as there are cores (each taking the next file), this
/// thread one of them and the one that reports progress. The first file that fails, in the
/// files' order, is the error, as it would be one by one.
fn load_parallel(
    files: &[PathBuf],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<Dataset>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len());
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let work = || {
        let mut loaded = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(path) = files.get(i) else {
                return loaded;
            };
            loaded.push((i, crate::import::load(path)));
            done.fetch_add(1, Ordering::Relaxed);
        }
    };
    let mut all = std::thread::scope(|scope| {
        let others: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut mine = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(path) = files.get(i) else {
                break;
            };
            mine.push((i, crate::import::load(path)));
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, files.len());
        }
        for other in others {
            // A loading thread that panicked has lost its files: panic here too, not quietly.
            mine.extend(other.join().expect("loading thread"));
        }
        mine
    });
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, dataset)| dataset).collect()
}

/// Like `load_all`, reading published files past repeated numbers and keeping what the
/// import noticed, for `lvzhi check`.
pub fn load_for_check(paths: &[PathBuf]) -> Result<Vec<(Dataset, Option<ImportReport>)>> {
    if paths.is_empty() {
        return Ok(vec![(Dataset::embedded()?, None)]);
    }
    data_files(paths)?
        .iter()
        .map(|path| {
            if import::is_published(path) {
                let options = import::Options {
                    town: None,
                    keep_going: true,
                };
                import::import_files(&[path.as_path()], options).map(|(d, r)| (d, Some(r)))
            } else {
                crate::import::load(path).map(|d| (d, None))
            }
        })
        .collect()
}

/// The towns loaded, as a message lists them: "六户地镇、乐土驿镇".
pub fn town_names(towns: &[Dataset]) -> String {
    towns
        .iter()
        .map(|d| d.town.as_str())
        .collect::<Vec<_>>()
        .join("、")
}

/// The item a reference names, and its town's index: `coop-19` when one town is loaded,
/// `六户地镇/coop-19` (or `六户地镇:c19`) when several are.
pub fn find_item<'a>(towns: &'a [Dataset], reference: &str) -> Result<(usize, &'a Item)> {
    let (town, id) = match reference.split_once(['/', ':', '：']) {
        Some((town, id)) => (Some(town.trim()), id),
        None => (None, reference),
    };
    let names = || town_names(towns);
    let candidates: Vec<usize> = match town {
        Some(name) => {
            let found: Vec<usize> = (0..towns.len())
                .filter(|&t| towns[t].town == name || towns[t].place().ends_with(name))
                .collect();
            if found.is_empty() {
                return Err(Error::NoSuchTown {
                    input: name.to_string(),
                    towns: names(),
                });
            }
            found
        }
        None => (0..towns.len()).collect(),
    };
    if let [only] = candidates.as_slice() {
        return towns[*only].find(id).map(|item| (*only, item));
    }
    let having: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|&t| towns[t].find(id).is_ok())
        .collect();
    match having.as_slice() {
        [] => towns[candidates[0]]
            .find(id)
            .map(|item| (candidates[0], item)),
        [one] => towns[*one].find(id).map(|item| (*one, item)),
        several => {
            let id = parse_item_ref(id)
                .map(|(list, no)| Item::make_id(list, no))
                .unwrap_or_else(|| id.to_string());
            Err(Error::AmbiguousItem {
                example: format!("{}/{id}", towns[several[0]].town),
                id,
                towns: several
                    .iter()
                    .map(|&t| towns[t].town.as_str())
                    .collect::<Vec<_>>()
                    .join("、"),
            })
        }
    }
}
