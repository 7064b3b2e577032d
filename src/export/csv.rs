//! CSV for Excel and WPS: UTF-8 with a byte-order mark (without it they read the Chinese text
//! as GBK), CRLF between records; quoting left to the csv crate. Cells are text other people
//! wrote: one a spreadsheet would evaluate (`=`, `+`, `-`, `@` first) is kept text with a leading
//! `'`, which `lvzhi import` takes off again.

use crate::model::ListKind;

use super::Town;
use super::columns::{PLACE, columns};

/// Several towns go in one table under a leading 乡镇 column.
pub fn render(towns: &[Town], list: Option<ListKind>) -> Vec<u8> {
    let columns = columns(list);
    let several = towns.len() > 1;
    let mut out = "\u{FEFF}".as_bytes().to_vec();
    let Some((first, _)) = towns.first() else {
        return out;
    };
    {
        let mut writer = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(&mut out);
        let place = several.then(|| PLACE.to_string());
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(
            place
                .into_iter()
                .chain(columns.iter().map(|c| c.header(first, list, several)))
                .map(|cell| neutralise(&cell)),
        );
        for (dataset, items) in towns {
            for (item, review) in items {
                let place = several.then(|| dataset.town.clone());
                let _ = writer.write_record(
                    place
                        .into_iter()
                        .chain(columns.iter().map(|c| c.cell(item, *review)))
                        .map(|cell| neutralise(&cell)),
                );
            }
        }
        let _ = writer.flush();
    }
    out
}

/// Characters that make Excel, WPS and LibreOffice read a cell as a formula (a tab or a carriage
/// return first does too; those are shown as ␉ ␍ by the inert rule before this).
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as written: controls shown inertly, and a leading `'` where a spreadsheet would
/// otherwise run the cell as a formula (`=HYPERLINK(…)`, `@SUM(…)`, `-2+3`).
pub fn neutralise(cell: &str) -> String {
    let shown = crate::inert::text(cell);
    if shown.starts_with(FORMULA_START) {
        format!("'{shown}")
    } else {
        shown.into_owned()
    }
}

/// The text a neutralised cell stood for: the leading `'` only where `neutralise` put one.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_come_back() {
        for cell in [
            "=1+1",
            "+86 994",
            "-2+3",
            "@SUM(A1)",
            "=HYPERLINK(\"http://x\",\"点\")",
        ] {
            let written = neutralise(cell);
            assert!(written.starts_with('\''), "{written}");
            assert_eq!(restore(&written), cell);
        }
        for cell in ["县水利局", "'引号开头", "1. 宣传", "（一）"] {
            assert_eq!(neutralise(cell), cell);
            assert_eq!(restore(cell), cell);
        }
    }
}
