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

/// The styled runs of a buffer, one line each: row, first and last column, foreground,
/// background, modifiers and text. Cells in the default style are left out, so a snapshot of
/// this shows exactly where colour and emphasis are, and fails when one changes.
#[allow(dead_code)]
pub fn style_runs(buffer: &Buffer) -> String {
    use ratatui::style::Style;
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut run: Option<(u16, Style, String)> = None;
        let mut x = 0;
        let flush = |run: &mut Option<(u16, Style, String)>, end: u16, out: &mut String| {
            if let Some((start, style, text)) = run.take() {
                let fg = style.fg.map_or("-".to_string(), |c| format!("{c:?}"));
                let bg = style.bg.map_or("-".to_string(), |c| format!("{c:?}"));
                let mods = format!("{:?}", style.add_modifier);
                out.push_str(&format!(
                    "{y:>2} {start:>3}-{:<3} fg={fg} bg={bg} {mods} {text:?}\n",
                    end.saturating_sub(1)
                ));
            }
        };
        while x < buffer.area.width {
            let cell = &buffer[(x, y)];
            let style = cell.style();
            let width = cell.symbol().width().max(1) as u16;
            let plain = style.fg.is_none_or(|c| c == ratatui::style::Color::Reset)
                && style.bg.is_none_or(|c| c == ratatui::style::Color::Reset)
                && style.add_modifier.is_empty();
            match (&mut run, plain) {
                (Some((_, s, text)), false) if *s == style => text.push_str(cell.symbol()),
                (_, true) => flush(&mut run, x, &mut out),
                (_, false) => {
                    flush(&mut run, x, &mut out);
                    run = Some((x, style, cell.symbol().to_string()));
                }
            }
            x += width;
        }
        flush(&mut run, x, &mut out);
    }
    out
}
