//! The spreadsheet for the county 编办: one sheet per list under a merged title as counties
//! publish them ("昌吉州玛纳斯县六户地镇基本履职事项清单", which `lvzhi import` reads back), the
//! published columns and the review's, wrapped text, a frozen header row with filters.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use crate::error::{Error, Result};
use crate::model::{Dataset, Item, ListKind};
use crate::review::Review;

use super::columns::columns;

pub fn render(
    dataset: &Dataset,
    items: &[(&Item, Option<&Review>)],
    only: Option<ListKind>,
) -> Result<Vec<u8>> {
    build(dataset, items, only).map_err(|e| Error::Write {
        path: "xlsx".into(),
        cause: std::io::Error::other(e.to_string()),
    })
}

fn build(
    dataset: &Dataset,
    items: &[(&Item, Option<&Review>)],
    only: Option<ListKind>,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin);
    let title = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let body = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    for list in ListKind::ALL {
        if only.is_some_and(|l| l != list) {
            continue;
        }
        let sheet = workbook.add_worksheet();
        sheet.set_name(list.full_name())?;
        let columns = columns(Some(list));
        let last = columns.len() as u16 - 1;
        let name = format!(
            "{}{}{}{}",
            dataset.prefecture,
            dataset.county,
            dataset.town,
            list.full_name()
        );
        sheet.merge_range(0, 0, 0, last, &name, &title)?;
        sheet.set_row_height(0, 28)?;
        for (c, column) in columns.iter().enumerate() {
            let c = c as u16;
            sheet.set_column_width(c, column.width())?;
            sheet.write_string_with_format(1, c, column.header(dataset, Some(list)), &header)?;
        }
        let mut row = 1;
        for (item, review) in items.iter().filter(|(i, _)| i.list == list) {
            row += 1;
            for (c, column) in columns.iter().enumerate() {
                let c = c as u16;
                match column {
                    super::columns::Column::No => {
                        sheet.write_number_with_format(row, c, f64::from(item.no), &body)?
                    }
                    _ => {
                        sheet.write_string_with_format(row, c, column.cell(item, *review), &body)?
                    }
                };
            }
        }
        sheet.set_freeze_panes(2, 0)?;
        sheet.autofilter(1, 0, row.max(2), last)?;
    }
    workbook.save_to_buffer()
}
