//! The notices `lvzhi admit` is given: words on the command line, standard input, files, and
//! folders of this week's documents (read by `admit::input::many`).

use std::io::{IsTerminal, Read};
use std::path::PathBuf;

use crate::admit::input::{self, many};
use crate::error::{Error, Result};
pub use many::Skipped;

/// What `lvzhi admit -` says before it waits on a terminal: else the clerk sees nothing happen.
/// lvzhi runs on the server, so Ctrl-D ends the paste whatever the clerk's own computer is.
pub const PASTE_PROMPT: &str =
    "粘贴或输入通知，输完另起一行按 Ctrl-D 结束（从 Windows 用 SSH 连来也是 Ctrl-D）：";

/// A notice to read: where it came from and its text.
#[derive(Debug)]
pub struct Given {
    /// The file as given or found in a folder; "（命令行）" or "（标准输入）" for words.
    pub file: String,
    pub text: String,
    /// A file, not words typed: recorded as come by document.
    pub is_file: bool,
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
    let read = many::read_paths(files)?;
    let mut notices: Vec<Given> = read
        .found
        .into_iter()
        .map(|f| Given {
            file: f.file,
            text: f.text,
            is_file: true,
        })
        .collect();
    match (typed(words)?, notices.as_mut_slice()) {
        (Some(typed), [only]) if !read.from_folder => {
            only.text = format!("{}\n{}", only.text, typed.text);
            within(&only.text, &only.file)?;
        }
        (Some(typed), _) => notices.push(typed),
        (None, _) => {}
    }
    Ok(Notices {
        several: read.from_folder || notices.len() > 1,
        notices,
        skipped: read.skipped,
    })
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
