//! A CSV file read as a sheet of one: what `lvzhi export --format csv` writes, or what Excel
//! and WPS save, read back like a workbook's sheet.

use crate::error::{Error, Result};

pub(super) fn is_csv(path: &str) -> bool {
    std::path::Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

/// A CSV file (ours, or saved from Excel/WPS) as rows of text: UTF-8 with or without a BOM, or
/// GBK as Chinese Excel saves it; a cell `lvzhi export` kept from being a formula gets its
/// text back.
pub(super) fn rows(path: &str, bytes: &[u8]) -> Result<Vec<Vec<String>>> {
    let text = super::text::decode(bytes, path)?;
    parse(&text).map_err(|(line, e)| Error::Workbook {
        path: path.to_string(),
        message: format!("第 {line} 行不是有效的 CSV：{e}"),
    })
}

/// A CSV's text as rows of cells, line breaks in cells as "\n"; an error gives the line (from
/// 1) and the reason. Shared with the notices' task tables.
pub(crate) fn parse(text: &str) -> std::result::Result<Vec<Vec<String>>, (usize, String)> {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|e| (n + 1, e.to_string()))?;
        rows.push(
            record
                .iter()
                .map(|cell| {
                    crate::inert::restore_cell(cell)
                        .replace("\r\n", "\n")
                        .replace('\r', "\n")
                })
                .collect(),
        );
    }
    Ok(rows)
}
