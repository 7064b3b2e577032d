//! CSV for Excel and WPS: UTF-8 with a byte-order mark (without it they read the Chinese text
//! as GBK), CRLF between records; quoting left to the csv crate. Cells are text other people
//! wrote: one a spreadsheet would evaluate (`=`, `+`, `-`, `@` first) is kept text with a leading
//! `'`, which `lvzhi import` takes off again (the rule is `inert::cell`).

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
                .map(|cell| crate::inert::cell(&cell)),
        );
        for (dataset, items) in towns {
            for (item, review) in items {
                let place = several.then(|| dataset.town.clone());
                let _ = writer.write_record(
                    place
                        .into_iter()
                        .chain(columns.iter().map(|c| c.cell(item, *review)))
                        .map(|cell| crate::inert::cell(&cell)),
                );
            }
        }
        let _ = writer.flush();
    }
    out
}
