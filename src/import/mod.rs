//! Importers of published lists into a `Dataset`, with a report of what was repaired.

mod cells;
mod record;
pub mod repair;
mod sheet;
mod text;

use std::path::Path;

use crate::error::{Error, Result};
use crate::model::Dataset;

pub use record::split_place;
pub use repair::Repairs;
pub use sheet::{import_workbook_files, import_workbooks, is_workbook};
pub use text::import_text;

/// What an import repaired and what it noticed but kept as published.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub repairs: Repairs,
    pub warnings: Vec<String>,
}

/// Reads a published text list from a file.
pub fn import_text_file(path: &Path) -> Result<(Dataset, ImportReport)> {
    let bytes = std::fs::read(path).map_err(|cause| Error::Read {
        path: path.display().to_string(),
        cause,
    })?;
    import_text(&bytes, &path.display().to_string())
}
