//! A `Block::Table` as a table the width of the 版心: columns by their shares, the header row
//! in 黑体 repeated on each page (`amend` marks it), rows never split across pages.

use docx_rs::{
    AlignmentType, Paragraph, TableAlignmentType, TableBorder, TableBorderPosition, TableBorders,
    TableCell, TableCellMargins, TableLayoutType, TableRow, VAlignType, WidthType,
};
use unicode_width::UnicodeWidthStr;

use super::{HEADER_FONT, TEXT_FONT, TEXT_WIDTH, clean, exact, fonts, with_text};
use crate::letter::{Column, Table};

/// Cells in 小四: seven columns in 156 mm leave about five characters a column, one more than
/// 四号 would, so a row of 依据 and 理由 stays a few lines tall and still reads on paper.
pub(super) const TABLE_SIZE: usize = 24;
/// Half a 小四 character in twips: a digit's or a Latin letter's width.
const HALF_CHAR: i32 = TABLE_SIZE as i32 * 5;
/// Lines at 1.5 × 12 pt, off the grid: a 579-twip pitch would leave 小四 rows half empty.
const TABLE_LINE: i32 = TABLE_SIZE as i32 * 15;
/// Cell padding left and right, Word's own 1.9 mm.
const CELL_PADDING: i32 = 108;
/// Table lines 0.5 pt (eighths of a point).
const TABLE_RULE: usize = 4;

/// The table, or none for one without columns. A row's cells past the columns are not shown.
pub(super) fn grid(table: &Table) -> Option<docx_rs::Table> {
    if table.columns.is_empty() {
        return None;
    }
    let widths = widths(&table.columns);
    let body: Vec<Vec<&str>> = table
        .rows
        .iter()
        .map(|cells| {
            let cell = |i| cells.get(i).map_or("", String::as_str);
            (0..widths.len()).map(cell).collect()
        })
        .collect();
    // A column whose every cell fits on one line (序号, 编号) is centred; one that wraps is set
    // left, where justifying would spread two characters across a narrow cell.
    let centred: Vec<bool> = (0..widths.len())
        .map(|i| body.iter().all(|row| fits(row[i], widths[i])))
        .collect();
    let header = table.columns.iter().zip(&widths);
    let header = header.map(|(c, w)| cell(&c.name, *w, HEADER_FONT, AlignmentType::Center));
    let mut rows = vec![TableRow::new(header.collect()).cant_split()];
    for row in &body {
        let cells = row.iter().enumerate().map(|(i, text)| {
            let align = if centred[i] {
                AlignmentType::Center
            } else {
                AlignmentType::Left
            };
            cell(text, widths[i], TEXT_FONT, align)
        });
        rows.push(TableRow::new(cells.collect()).cant_split());
    }
    Some(
        docx_rs::Table::new(rows)
            .set_grid(
                widths
                    .iter()
                    .map(|w| usize::try_from(*w).unwrap_or(0))
                    .collect(),
            )
            .width(TEXT_WIDTH as usize, WidthType::Dxa)
            .align(TableAlignmentType::Center)
            .layout(TableLayoutType::Fixed)
            .margins(TableCellMargins::new().margin(
                0,
                CELL_PADDING as usize,
                0,
                CELL_PADDING as usize,
            ))
            .set_borders(borders()),
    )
}

fn borders() -> TableBorders {
    let rule = |side| TableBorder::new(side).size(TABLE_RULE).color("000000");
    TableBorders::with_empty()
        .set(rule(TableBorderPosition::Top))
        .set(rule(TableBorderPosition::Left))
        .set(rule(TableBorderPosition::Bottom))
        .set(rule(TableBorderPosition::Right))
        .set(rule(TableBorderPosition::InsideH))
        .set(rule(TableBorderPosition::InsideV))
}

/// Each column's width in twips, in proportion to its share (a share of 0 counts as 1); the
/// widths add up to the 版心's exactly.
fn widths(columns: &[Column]) -> Vec<i32> {
    let shares: Vec<i64> = columns.iter().map(|c| i64::from(c.share.max(1))).collect();
    let total: i64 = shares.iter().sum();
    let edge = |upto: i64| (i64::from(TEXT_WIDTH) * upto + total / 2) / total;
    let mut upto = 0;
    shares
        .iter()
        .map(|share| {
            let left = edge(upto);
            upto += share;
            i32::try_from(edge(upto) - left).unwrap_or(0)
        })
        .collect()
}

/// Whether each line of `text` fits in a cell `width` wide, a CJK character two halves.
fn fits(text: &str, width: i32) -> bool {
    let room = width - 2 * CELL_PADDING;
    clean(text)
        .split('\n')
        .all(|line| i32::try_from(line.width()).is_ok_and(|w| w * HALF_CHAR <= room))
}

/// A cell, vertically centred, each of its lines a paragraph.
fn cell(text: &str, width: i32, font: &str, align: AlignmentType) -> TableCell {
    let mut cell = TableCell::new()
        .width(usize::try_from(width).unwrap_or(0), WidthType::Dxa)
        .vertical_align(VAlignType::Center);
    for line in clean(text).split('\n') {
        let paragraph = Paragraph::new()
            .id("")
            .snap_to_grid(false)
            .line_spacing(exact(TABLE_LINE))
            .align(align)
            .fonts(fonts(font))
            .size(TABLE_SIZE);
        cell = cell.add_paragraph(with_text(paragraph, line, font, TABLE_SIZE));
    }
    cell
}
