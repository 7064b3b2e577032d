//! The spreadsheet for the county 编办: one sheet per list under a merged title as counties
//! publish them ("昌吉州玛纳斯县六户地镇基本履职事项清单", which `lvzhi import` reads back), the
//! published columns and the review's, wrapped text, a frozen header row with filters.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use crate::error::{Error, Result};
use crate::model::ListKind;

use super::Town;
use super::columns::{PLACE, columns};

/// Several towns share each list's sheet under a leading 乡镇 column, titled for the county.
pub fn render(towns: &[Town], only: Option<ListKind>) -> Result<Vec<u8>> {
    build(towns, only).map_err(|e| Error::Write {
        path: "xlsx".into(),
        cause: std::io::Error::other(e.to_string()),
    })
}

fn build(towns: &[Town], only: Option<ListKind>) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let Some(&(dataset, _)) = towns.first() else {
        return workbook.save_to_buffer();
    };
    let several = towns.len() > 1;
    let place = if several {
        format!("{}{}各乡镇", dataset.prefecture, dataset.county)
    } else {
        dataset.place()
    };
    let header = header_style();
    let title = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let body = body_style();
    for list in ListKind::ALL {
        if only.is_some_and(|l| l != list) {
            continue;
        }
        let sheet = workbook.add_worksheet();
        sheet.set_name(list.full_name())?;
        let columns = columns(Some(list));
        let first = u16::from(several);
        let last = columns.len() as u16 - 1 + first;
        let name = format!("{place}{}", list.full_name());
        sheet.merge_range(0, 0, 0, last, &name, &title)?;
        sheet.set_row_height(0, 28)?;
        if several {
            sheet.set_column_width(0, 10.0)?;
            sheet.write_string_with_format(1, 0, PLACE, &header)?;
        }
        for (c, column) in columns.iter().enumerate() {
            let c = c as u16 + first;
            sheet.set_column_width(c, column.width())?;
            let name = column.header(dataset, Some(list), several);
            sheet.write_string_with_format(1, c, name, &header)?;
        }
        let mut row = 1;
        let rows = towns.iter().flat_map(|(dataset, items)| {
            items
                .iter()
                .filter(|(i, _)| i.list == list)
                .map(move |(item, review)| (*dataset, *item, *review))
        });
        for (town, item, review) in rows {
            row += 1;
            if several {
                sheet.write_string_with_format(row, 0, &town.town, &body)?;
            }
            for (c, column) in columns.iter().enumerate() {
                let c = c as u16 + first;
                match column {
                    super::columns::Column::No => {
                        sheet.write_number_with_format(row, c, f64::from(item.no), &body)?
                    }
                    _ => {
                        sheet.write_string_with_format(row, c, column.cell(item, review), &body)?
                    }
                };
            }
        }
        sheet.set_freeze_panes(2, 0)?;
        sheet.autofilter(1, 0, row.max(2), last)?;
    }
    workbook.save_to_buffer()
}

/// A table's header cells in every workbook lvzhi writes: bold on pale blue, framed.
pub(super) fn header_style() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
}

/// A table's body cells: wrapped, at the top, framed.
pub(super) fn body_style() -> Format {
    Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
}
