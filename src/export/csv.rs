//! CSV for Excel and WPS: UTF-8 with a byte-order mark (without it they read the Chinese text
//! as GBK), CRLF between records; quoting left to the csv crate.

use crate::model::{Dataset, Item, ListKind};
use crate::review::Review;

use super::columns::columns;

pub fn render(
    dataset: &Dataset,
    items: &[(&Item, Option<&Review>)],
    list: Option<ListKind>,
) -> Vec<u8> {
    let columns = columns(list);
    let mut out = "\u{FEFF}".as_bytes().to_vec();
    {
        let mut writer = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(&mut out);
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(columns.iter().map(|c| c.header(dataset, list)));
        for (item, review) in items {
            let _ = writer.write_record(columns.iter().map(|c| c.cell(item, *review)));
        }
        let _ = writer.flush();
    }
    out
}
