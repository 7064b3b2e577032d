//! Writing a dataset out: each format is a function of the dataset alone.

pub mod text;

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};
use crate::model::Dataset;

/// The formats `lvzhi export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The dataset schema, as `lvzhi import` writes it.
    Json,
}

pub fn render(dataset: &Dataset, format: Format) -> String {
    match format {
        Format::Json => dataset.to_json(),
    }
}

/// Writes `contents` to `path` through a temporary file in the same folder, so a failure never
/// leaves a half-written file where a good one was.
pub fn write_atomically(path: &Path, contents: &[u8]) -> Result<()> {
    let write_error = |cause| Error::Write {
        path: path.display().to_string(),
        cause,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.unwrap_or_default(),
        std::process::id()
    ));
    let result = std::fs::File::create(&tmp)
        .and_then(|mut file| {
            file.write_all(contents)?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(write_error)
}
