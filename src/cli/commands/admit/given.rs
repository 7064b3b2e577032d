//! The notices `lvzhi admit` is given: words on the command line, standard input, files, and
//! folders of this week's documents. A file named is read or the command stops (exit 2); a
//! folder's file that cannot be read is skipped and said, so one bad attachment does not keep
//! the clerk from the rest.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use crate::admit::input;
use crate::error::{Error, Result};

/// What `lvzhi admit -` says before it waits on a terminal: else the clerk sees nothing happen.
/// lvzhi runs on the server, so Ctrl-D ends the paste whatever the clerk's own computer is.
pub const PASTE_PROMPT: &str =
    "粘贴或输入通知，输完另起一行按 Ctrl-D 结束（从 Windows 用 SSH 连来也是 Ctrl-D）：";

/// The most notices read in one run: a town gets about 1,800 documents a year, so a week's
/// folder is tens; past this it is not a week's documents but a whole archive.
pub const MAX_NOTICES: usize = 500;

/// The extensions a folder's notices have; other files in it (pictures, archives) are left.
pub const NOTICE_EXTENSIONS: [&str; 11] = [
    "docx", "doc", "wps", "pdf", "ofd", "xlsx", "xls", "et", "csv", "txt", "wpt",
];

/// A notice to read: where it came from and its text.
#[derive(Debug)]
pub struct Given {
    /// The file as given or found in a folder; "（命令行）" or "（标准输入）" for words.
    pub file: String,
    pub text: String,
    /// A file, not words typed: recorded as come by document.
    pub is_file: bool,
}

/// A folder's file that could not be read, and why.
#[derive(Debug, serde::Serialize)]
pub struct Skipped {
    pub file: String,
    pub problem: String,
}

/// Every notice given, in order: files and folders' files first, then the words (with one file
/// and words, they are one notice, as before folders were read). `several` says the notices are
/// to be answered each on its own: more than one, or any from a folder.
pub struct Notices {
    pub notices: Vec<Given>,
    pub skipped: Vec<Skipped>,
    pub several: bool,
}

pub fn notices(words: &[String], files: &[PathBuf]) -> Result<Notices> {
    if words.is_empty() && files.is_empty() {
        return Err(Error::NoNotice);
    }
    let mut paths = Vec::new();
    let mut from_folder = false;
    for path in files {
        if path.is_dir() {
            from_folder = true;
            paths.extend(folder(path)?.into_iter().map(|p| (p, true)));
        } else {
            paths.push((path.clone(), false));
        }
    }
    if paths.len() > MAX_NOTICES {
        return Err(Error::Notice {
            path: files
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join("、"),
            problem: format!(
                "共有 {} 个文件，超过一次读的上限 {MAX_NOTICES} 个：请一周一个文件夹分开读",
                paths.len()
            ),
        });
    }
    let mut notices = Vec::new();
    let mut skipped = Vec::new();
    for (path, in_folder) in paths {
        match input::read_file(&path) {
            Ok(text) => notices.push(Given {
                file: path.display().to_string(),
                text,
                is_file: true,
            }),
            Err(e) if in_folder => skipped.push(Skipped {
                file: path.display().to_string(),
                problem: unnamed(&e, &path),
            }),
            Err(e) => return Err(e),
        }
    }
    let typed = typed(words)?;
    match (typed, notices.as_mut_slice()) {
        (Some(typed), [only]) if !from_folder => {
            only.text = format!("{}\n{}", only.text, typed.text);
            within(&only.text, &only.file)?;
        }
        (Some(typed), _) => notices.push(typed),
        (None, _) => {}
    }
    if notices.is_empty() {
        let folders: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
        return Err(Error::Notice {
            path: folders.join("、"),
            problem: format!(
                "里没有能读的通知文件（{}）",
                NOTICE_EXTENSIONS.map(|e| format!(".{e}")).join(" ")
            ),
        });
    }
    Ok(Notices {
        several: from_folder || notices.len() > 1,
        notices,
        skipped,
    })
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

/// The words given, and standard input for `-`, as one notice; none when only files were given.
fn typed(words: &[String]) -> Result<Option<Given>> {
    if words.is_empty() {
        return Ok(None);
    }
    let mut parts = Vec::new();
    for word in words {
        if word == "-" {
            parts.push(stdin()?);
        } else {
            parts.push(word.clone());
        }
    }
    let file = if words.iter().any(|w| w == "-") {
        "（标准输入）"
    } else {
        "（命令行）"
    };
    let text = parts.join("\n");
    if text.trim().is_empty() {
        return Err(Error::Notice {
            path: file.into(),
            problem: input::NoticeError::Empty.to_string(),
        });
    }
    within(&text, file)?;
    Ok(Some(Given {
        file: file.into(),
        text,
        is_file: false,
    }))
}

/// Standard input's notice, after the prompt when a person is to type it.
fn stdin() -> Result<String> {
    if std::io::stdin().is_terminal() {
        eprintln!("{PASTE_PROMPT}");
    }
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(input::MAX_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|cause| Error::Read {
            path: "标准输入".into(),
            cause,
        })?;
    input::read_bytes(&bytes).map_err(|problem| Error::Notice {
        path: "（标准输入）".into(),
        problem: problem.to_string(),
    })
}

/// Each part is within the limit; together they may not be.
fn within(text: &str, file: &str) -> Result<()> {
    input::within_limit(text).map_err(|problem| Error::Notice {
        path: file.into(),
        problem: problem.to_string(),
    })
}
