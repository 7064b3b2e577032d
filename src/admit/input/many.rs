//! Notices from files and folders: a folder of this week's documents read whole, a file that
//! cannot be read among them skipped and said, so one bad attachment does not keep the clerk
//! from the rest; a file named on its own is read or refused. Shared by `lvzhi admit -f` and
//! the app's notice editor, which takes a path too.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The most notices read in one run: a town gets about 1,800 documents a year, so a week's
/// folder is tens; past this it is not a week's documents but a whole archive.
pub const MAX_NOTICES: usize = 500;

/// The extensions a folder's notices have; other files in it (pictures, archives) are left.
pub const NOTICE_EXTENSIONS: [&str; 11] = [
    "docx", "doc", "wps", "pdf", "ofd", "xlsx", "xls", "et", "csv", "txt", "wpt",
];

/// A notice read from a file: the file as given or found, and its text.
#[derive(Debug)]
pub struct Found {
    pub file: String,
    pub text: String,
}

/// A folder's file that could not be read, and why.
#[derive(Debug, serde::Serialize)]
pub struct Skipped {
    pub file: String,
    pub problem: String,
}

/// What was read from the paths given.
#[derive(Debug, Default)]
pub struct Read {
    pub found: Vec<Found>,
    pub skipped: Vec<Skipped>,
    /// A folder was among the paths: its notices are answered each on its own.
    pub from_folder: bool,
}

/// Reads every path: a file (its error stops all), or a folder (every notice in it, by name).
pub fn read_paths(paths: &[PathBuf]) -> Result<Read> {
    let mut files = Vec::new();
    let mut read = Read::default();
    for path in paths {
        if path.is_dir() {
            read.from_folder = true;
            files.extend(folder(path)?.into_iter().map(|p| (p, true)));
        } else {
            files.push((path.clone(), false));
        }
    }
    if files.len() > MAX_NOTICES {
        return Err(Error::Notice {
            path: paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join("、"),
            problem: format!(
                "共有 {} 个文件，超过一次读的上限 {MAX_NOTICES} 个：请一周一个文件夹分开读",
                files.len()
            ),
        });
    }
    // The same notice often arrives twice (the app's PDF and the mailbox's .docx): its text,
    // spaces aside, is read once.
    let mut seen: rustc_hash::FxHashMap<String, String> = rustc_hash::FxHashMap::default();
    for (path, in_folder) in files {
        match super::read_file(&path) {
            Ok(text) => {
                let file = path.display().to_string();
                let key: String = text.chars().filter(|c| !c.is_whitespace()).collect();
                match seen.get(&key) {
                    Some(first) => read.skipped.push(Skipped {
                        problem: format!("和 {first} 的文字相同：同一份通知只读一次"),
                        file,
                    }),
                    None => {
                        seen.insert(key, file.clone());
                        read.found.push(Found { file, text });
                    }
                }
            }
            Err(e) if in_folder => read.skipped.push(Skipped {
                file: path.display().to_string(),
                problem: unnamed(&e, &path),
            }),
            Err(e) => return Err(e),
        }
    }
    if read.found.is_empty() && read.from_folder {
        let folders: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(Error::Notice {
            path: folders.join("、"),
            problem: format!(
                "里没有能读的通知文件（{}）",
                NOTICE_EXTENSIONS.map(|e| format!(".{e}")).join(" ")
            ),
        });
    }
    Ok(read)
}

/// The problem alone: a skipped file's own name is said beside it.
fn unnamed(e: &Error, path: &Path) -> String {
    match e {
        Error::Notice { problem, .. } => problem.clone(),
        Error::Read { cause, .. } => cause.to_string(),
        other => other
            .to_string()
            .replace(&path.display().to_string(), "")
            .trim()
            .to_string(),
    }
}

/// A folder's notices by name: its files with a notice's extension, not hidden, not the lock
/// files Office and WPS leave beside an open document (~$通知.docx, .~通知.docx).
fn folder(path: &Path) -> Result<Vec<PathBuf>> {
    let read = |cause| Error::Read {
        path: path.display().to_string(),
        cause,
    };
    let mut found = Vec::new();
    for entry in std::fs::read_dir(path).map_err(read)? {
        let entry = entry.map_err(read)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let notice = Path::new(&name)
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| NOTICE_EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)));
        let lock = name.starts_with('.') || name.starts_with("~$");
        if notice && !lock && entry.file_type().is_ok_and(|t| t.is_file()) {
            found.push(entry.path());
        }
        // A folder of a million files is not read to its end.
        if found.len() > MAX_NOTICES {
            break;
        }
    }
    found.sort();
    Ok(found)
}
