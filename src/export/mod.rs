//! Writing a dataset out with its reviews: each format is a function of (dataset, reviews,
//! options), so every one can be tested without a store or a terminal.

pub(crate) mod columns;
pub mod csv;
mod json;
mod markdown;
pub mod register;
pub mod text;
pub mod verdicts;
mod xlsx;

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};
use crate::model::{Dataset, Item, ListKind};
use crate::review::{Review, Reviews};

/// The formats `lvzhi export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The dataset schema with a `review` object (or null) on each item.
    Json,
    /// UTF-8 with a BOM and CRLF, for Excel and WPS.
    Csv,
    /// One sheet per list.
    Xlsx,
    /// For the minutes: by list and verdict, notes quoted.
    Markdown,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Markdown => "md",
        }
    }

    /// Not text: never written to a terminal.
    pub fn is_binary(self) -> bool {
        self == Format::Xlsx
    }
}

/// Which items go out.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Only this list.
    pub list: Option<ListKind>,
    /// Only items with a verdict or a note.
    pub only_reviewed: bool,
}

/// The items to export with their reviews, in published order.
fn selected<'a>(
    dataset: &'a Dataset,
    reviews: &'a Reviews,
    options: Options,
) -> Vec<(&'a Item, Option<&'a Review>)> {
    dataset
        .items
        .iter()
        .filter(|item| options.list.is_none_or(|l| item.list == l))
        .map(|item| (item, reviews.get(&item.id)))
        .filter(|(_, review)| !options.only_reviewed || review.is_some_and(Review::is_reviewed))
        .collect()
}

/// A town's dataset and the items of it that go out, with their reviews.
type Town<'a> = (&'a Dataset, Vec<(&'a Item, Option<&'a Review>)>);

/// One town's lists and reviews in `format`.
pub fn render(
    dataset: &Dataset,
    reviews: &Reviews,
    format: Format,
    options: Options,
) -> Result<Vec<u8>> {
    render_towns(&[(dataset, reviews)], format, options)
}

/// Several towns in one file: a 乡镇 column in the tables, a JSON array, the minutes in turn.
pub fn render_towns(
    towns: &[(&Dataset, &Reviews)],
    format: Format,
    options: Options,
) -> Result<Vec<u8>> {
    let towns: Vec<Town> = towns
        .iter()
        .map(|&(dataset, reviews)| (dataset, selected(dataset, reviews, options)))
        .collect();
    match format {
        Format::Json => Ok(json::render(&towns).into_bytes()),
        Format::Csv => Ok(csv::render(&towns, options.list)),
        Format::Markdown => Ok(towns
            .iter()
            .map(|(dataset, items)| markdown::render(dataset, items, options))
            .collect::<Vec<_>>()
            .join("\n")
            .into_bytes()),
        Format::Xlsx => xlsx::render(&towns, options.list),
    }
}

/// Writes `contents` to `path` through a temporary file in the same folder, so a failure never
/// leaves a half-written file where a good one was.
pub fn write_atomically(path: &Path, contents: &[u8]) -> Result<()> {
    let write_error = |cause| Error::Write {
        path: path.display().to_string(),
        cause,
    };
    let result = crate::files::replace(path, |file| file.write_all(contents));
    result.map_err(write_error)
}

/// The longest file name stem made from data, in bytes: a name's limit is 255 bytes, and
/// "-999.xlsx" must still fit.
const STEM_BYTES: usize = 200;

/// A file name stem made from data (a town's name) that always names a file in the folder it
/// is joined to: no path separators or characters Windows refuses, no controls, no leading dot
/// (a hidden file, or `..`), no trailing dot or space, at most `STEM_BYTES` bytes.
pub fn safe_stem(name: &str) -> String {
    let mut stem: String = name
        .chars()
        .map(|c| {
            let refused = matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|');
            if refused || crate::inert::is_active(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    stem = stem
        .trim_start_matches(['.', ' ', '_'])
        .trim_end_matches(['.', ' '])
        .to_string();
    if stem.len() > STEM_BYTES {
        let mut cut = STEM_BYTES;
        while !stem.is_char_boundary(cut) {
            cut -= 1;
        }
        stem.truncate(cut);
    }
    if stem.is_empty() {
        stem.push_str("导出");
    }
    stem
}

/// Writes a new file in `dir` named `stem.ext`, or `stem-2.ext`… if that exists: an export never
/// replaces an earlier one. The stem may come from data: it is made safe first, so the file
/// always lands in `dir`. Returns the path written.
pub fn write_new(dir: &Path, stem: &str, ext: &str, contents: &[u8]) -> Result<std::path::PathBuf> {
    let stem = safe_stem(stem);
    for n in 1..1000 {
        let name = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        let path = dir.join(name);
        let created = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path);
        match created {
            Ok(mut file) => {
                let written = file.write_all(contents).and_then(|()| file.sync_all());
                if let Err(cause) = written {
                    let _ = std::fs::remove_file(&path);
                    return Err(Error::Write {
                        path: path.display().to_string(),
                        cause,
                    });
                }
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(cause) => {
                return Err(Error::Write {
                    path: path.display().to_string(),
                    cause,
                });
            }
        }
    }
    Err(Error::Write {
        path: dir.join(format!("{stem}.{ext}")).display().to_string(),
        cause: std::io::Error::new(std::io::ErrorKind::AlreadyExists, "同名文件已有上千个"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_data_stay_in_their_folder() {
        for (name, stem) in [
            ("六户地镇", "六户地镇"),
            ("../../x", "x"),
            ("/etc/cron.d/x", "etc_cron.d_x"),
            ("..", "导出"),
            (".bashrc", "bashrc"),
            ("镇\x1b]0;t\x07名", "镇_]0;t_名"),
            ("C:\\Windows\\镇.", "C__Windows_镇"),
            ("\u{202e}gpj.exe", "gpj.exe"),
        ] {
            assert_eq!(safe_stem(name), stem, "{name:?}");
        }
        let long = safe_stem(&"镇".repeat(200));
        assert!(long.len() <= STEM_BYTES && long.chars().all(|c| c == '镇'));
    }
}
