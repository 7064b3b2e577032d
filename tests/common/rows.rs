//! A rendered buffer's row as the text a terminal shows: each cell's symbol once, the covered
//! half of a wide character skipped (shared by tests/screens.rs and tests/backend.rs).

use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthStr;

pub fn buffer_row(buffer: &Buffer, y: u16) -> String {
    let mut row = String::new();
    let mut skip = 0;
    for x in 0..buffer.area.width {
        if skip > 0 {
            skip -= 1;
            continue;
        }
        let symbol = buffer[(x, y)].symbol();
        skip = symbol.width().saturating_sub(1);
        row.push_str(symbol);
    }
    row
}
