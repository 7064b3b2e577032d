//! Importers of published lists into a `Dataset`, with a report of what was repaired: the text
//! the PDFs convert to, and spreadsheets as counties publish them.

mod cells;
mod csv_sheet;
pub mod encoding;
mod grid;
mod record;
pub mod repair;
mod sheet;
mod text;

use std::path::Path;

use crate::error::{Error, Result};
use crate::model::Dataset;

/// The largest data file read: a town's lists are well under a megabyte and a county's
/// workbook a few; this only keeps a wrong path (a disk image, a log) from filling memory.
pub const DATA_LIMIT: u64 = 256 * 1024 * 1024;

pub(crate) use csv_sheet::parse as csv_rows;
pub use grid::{Grid, grids};
pub use record::Duplicate;
pub use repair::Repairs;
pub use sheet::{import_workbooks, is_workbook};
pub use text::import_text;

/// What an import repaired and what it noticed but kept as published.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub repairs: Repairs,
    pub warnings: Vec<String>,
    /// Numbers used twice, when reading on past them (`Options::keep_going`).
    pub duplicates: Vec<Duplicate>,
}

/// How to read published files.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// The town ("六户地镇", "玛纳斯县六户地镇") where no title names it, or instead of the title's.
    pub town: Option<&'a str>,
    /// Record a repeated 序号 and read on (for `lvzhi check`) instead of refusing the file.
    pub keep_going: bool,
}

/// Reads published files into one dataset: one text list (.txt), or one or more workbooks.
pub fn import_files(paths: &[&Path], options: Options) -> Result<(Dataset, ImportReport)> {
    match paths {
        [one] if !is_workbook(one) => {
            let bytes =
                crate::files::read_capped(one, DATA_LIMIT).map_err(|cause| Error::Read {
                    path: one.display().to_string(),
                    cause,
                })?;
            let origin = one.display().to_string();
            let (mut dataset, report) = text::read(&bytes, &origin, options.keep_going)?;
            if let Some(town) = options.town {
                dataset.set_place(town);
            }
            Ok((dataset, report))
        }
        _ => {
            if let Some(other) = paths.iter().find(|p| !is_workbook(p)) {
                return Err(Error::Workbook {
                    path: other.display().to_string(),
                    message: "几个文件一起导入时都应是 Excel 工作簿（.xlsx、.xls、.ods）".into(),
                });
            }
            sheet::read_files(paths, options.town, options.keep_going)
        }
    }
}

/// Whether a file is a published list to import (text or spreadsheet) rather than dataset JSON.
/// Loads a dataset file: JSON as written by `lvzhi import`, or a published list (.txt, .xlsx).
pub fn load(path: &Path) -> Result<Dataset> {
    if is_published(path) {
        return import_files(&[path], Options::default()).map(|(dataset, _)| dataset);
    }
    let bytes = crate::files::read_capped(path, DATA_LIMIT).map_err(|cause| Error::Read {
        path: path.display().to_string(),
        cause,
    })?;
    // A JSON file saved by Notepad may carry a byte-order mark, or be UTF-16.
    let text = encoding::decode(&bytes).map_err(|e| Error::DatasetFile {
        path: path.display().to_string(),
        line: e.line,
        column: e.column,
        message: e.message.into(),
    })?;
    Dataset::from_json(&text, &path.display().to_string())
}

pub fn is_published(path: &Path) -> bool {
    is_workbook(path)
        || path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("txt"))
}
