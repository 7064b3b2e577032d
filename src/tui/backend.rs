//! A width-aware ratatui backend for slow links.
//!
//! The crossterm backend sends an absolute cursor move whenever the next changed cell is not at
//! x+1; after a CJK character the cursor is at x+2, so a Chinese screen pays a move for almost
//! every cell. This backend knows where the terminal cursor really is (advancing by each
//! character's display width), and for each gap picks the cheapest of: reprinting the unchanged
//! cells it knows, a short relative move, or an absolute one. It changes colours only when they
//! change, with short SGR codes, erases blank runs with ECH, buffers the whole frame and writes it
//! once, wrapped in synchronized update (mode 2026).

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

const BEGIN_SYNC: &[u8] = b"\x1b[?2026h";
const END_SYNC: &[u8] = b"\x1b[?2026l";
/// Blank runs at least this long are erased with ECH instead of printed.
const ECH_MIN: usize = 6;
/// Modifiers that show on a blank cell, so a run carrying them cannot be erased with ECH.
const SHOWS_ON_BLANK: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::CROSSED_OUT)
    .union(Modifier::SLOW_BLINK)
    .union(Modifier::RAPID_BLINK);

/// The SGR state: colours and attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    mods: Modifier,
}

const DEFAULT_PEN: Pen = Pen {
    fg: Color::Reset,
    bg: Color::Reset,
    mods: Modifier::empty(),
};

impl Pen {
    fn of(cell: &Cell) -> Pen {
        Pen {
            fg: cell.fg,
            bg: cell.bg,
            mods: cell.modifier,
        }
    }
}

/// What this backend believes a screen cell shows.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shadow {
    Unknown,
    /// The right half of a wide character.
    Covered,
    Text(String, Pen),
}

pub struct WireBackend<W: Write> {
    out: W,
    frame: Vec<u8>,
    size: Size,
    screen: Vec<Shadow>,
    cursor: Option<(u16, u16)>,
    pen: Option<Pen>,
    cursor_shown: Option<bool>,
    /// Under `--ascii` the console may draw ambiguous-width characters two columns wide: after
    /// printing one, the cursor position is treated as unknown.
    ascii: bool,
    /// Wrap each frame in synchronized update.
    sync: bool,
}

impl<W: Write> WireBackend<W> {
    pub fn new(out: W, size: Size, ascii: bool) -> WireBackend<W> {
        WireBackend {
            out,
            frame: Vec::new(),
            size,
            screen: vec![Shadow::Unknown; size.width as usize * size.height as usize],
            cursor: None,
            pen: None,
            cursor_shown: None,
            ascii,
            sync: true,
        }
    }

    /// Whether frames are wrapped in synchronized update (mode 2026).
    pub fn with_sync(mut self, sync: bool) -> Self {
        self.sync = sync;
        self
    }

    /// The terminal changed size: nothing on it can be trusted any more.
    pub fn resize(&mut self, size: Size) {
        self.size = size;
        self.screen = vec![Shadow::Unknown; size.width as usize * size.height as usize];
        self.cursor = None;
    }

    pub fn writer_mut(&mut self) -> &mut W {
        &mut self.out
    }

    fn index(&self, x: u16, y: u16) -> usize {
        y as usize * self.size.width as usize + x as usize
    }

    fn ambiguous(&self, symbol: &str) -> bool {
        self.ascii
            && symbol
                .chars()
                .any(|c| c.width_cjk().unwrap_or(0) != c.width().unwrap_or(0))
    }

    /// Bytes that reprint the known cells from the cursor up to `x`, if that is possible.
    fn reprint_gap(&self, from: u16, x: u16, y: u16) -> Option<Vec<u8>> {
        let pen = self.pen?;
        let mut bytes = Vec::new();
        let mut at = from;
        while at < x {
            let Shadow::Text(symbol, cell_pen) = &self.screen[self.index(at, y)] else {
                return None;
            };
            let width = symbol.width().max(1) as u16;
            if *cell_pen != pen || at + width > x || self.ambiguous(symbol) {
                return None;
            }
            bytes.extend_from_slice(symbol.as_bytes());
            at += width;
        }
        Some(bytes)
    }

    /// Moves the terminal cursor to (x, y) the cheapest way.
    fn move_to(&mut self, x: u16, y: u16) {
        if self.cursor == Some((x, y)) {
            return;
        }
        let mut best = if x == 0 {
            format!("\x1b[{}H", y + 1).into_bytes()
        } else {
            format!("\x1b[{};{}H", y + 1, x + 1).into_bytes()
        };
        let mut consider = |bytes: Vec<u8>| {
            if bytes.len() < best.len() {
                best = bytes;
            }
        };
        if let Some((cx, cy)) = self.cursor {
            if cy == y && x > cx {
                let n = x - cx;
                consider(if n == 1 {
                    b"\x1b[C".to_vec()
                } else {
                    format!("\x1b[{n}C").into_bytes()
                });
                if let Some(bytes) = self.reprint_gap(cx, x, y) {
                    consider(bytes);
                }
            } else if cy == y && x < cx {
                consider(if x == 0 {
                    b"\r".to_vec()
                } else {
                    format!("\x1b[{}D", cx - x).into_bytes()
                });
            } else if y == cy + 1 && x == 0 {
                consider(b"\r\n".to_vec());
            } else if y == cy + 1 && x == cx {
                consider(b"\n".to_vec());
            }
        }
        self.frame.extend_from_slice(&best);
        self.cursor = Some((x, y));
    }

    fn set_pen(&mut self, pen: Pen) {
        if self.pen == Some(pen) {
            return;
        }
        let reset_codes = {
            let mut codes = vec!["0".to_string()];
            codes.extend(mod_codes(pen.mods));
            if pen.fg != Color::Reset {
                codes.push(color_code(pen.fg, false));
            }
            if pen.bg != Color::Reset {
                codes.push(color_code(pen.bg, true));
            }
            codes
        };
        let codes = match self.pen {
            Some(current) => {
                let mut codes = Vec::new();
                let removed = current.mods - pen.mods;
                let mut add = pen.mods - current.mods;
                for (m, off) in [
                    (Modifier::BOLD | Modifier::DIM, "22"),
                    (Modifier::ITALIC, "23"),
                    (Modifier::UNDERLINED, "24"),
                    (Modifier::SLOW_BLINK | Modifier::RAPID_BLINK, "25"),
                    (Modifier::REVERSED, "27"),
                    (Modifier::HIDDEN, "28"),
                    (Modifier::CROSSED_OUT, "29"),
                ] {
                    if removed.intersects(m) {
                        codes.push(off.to_string());
                        // 22 and 25 turn off a pair: put back the half that stays.
                        add |= pen.mods & m;
                    }
                }
                codes.extend(mod_codes(add));
                if pen.fg != current.fg {
                    codes.push(color_code(pen.fg, false));
                }
                if pen.bg != current.bg {
                    codes.push(color_code(pen.bg, true));
                }
                if codes.join(";").len() <= reset_codes.join(";").len() {
                    codes
                } else {
                    reset_codes
                }
            }
            None => reset_codes,
        };
        self.frame.extend_from_slice(b"\x1b[");
        self.frame.extend_from_slice(codes.join(";").as_bytes());
        self.frame.push(b'm');
        self.pen = Some(pen);
    }

    /// Writing over any column of a wide character erases all of it on the terminal: what was
    /// there around `x..x+width` is no longer known.
    fn forget_overwritten(&mut self, x: u16, y: u16, width: u16) {
        let w = self.size.width;
        if x > 0 && self.screen[self.index(x, y)] == Shadow::Covered {
            let head = self.index(x - 1, y);
            self.screen[head] = Shadow::Unknown;
        }
        let end = x + width - 1;
        if end + 1 < w {
            if let Shadow::Text(symbol, _) = &self.screen[self.index(end, y)] {
                if symbol.width() > 1 {
                    let tail = self.index(end + 1, y);
                    self.screen[tail] = Shadow::Unknown;
                }
            }
        }
    }

    fn print(&mut self, x: u16, y: u16, symbol: &str, pen: Pen) {
        self.move_to(x, y);
        self.set_pen(pen);
        self.frame.extend_from_slice(symbol.as_bytes());
        let width = (symbol.width().max(1) as u16).min(self.size.width - x);
        self.forget_overwritten(x, y, width);
        let i = self.index(x, y);
        self.screen[i] = Shadow::Text(symbol.to_string(), pen);
        for k in 1..width {
            if x + k < self.size.width {
                let j = self.index(x + k, y);
                self.screen[j] = Shadow::Covered;
            }
        }
        let next = x + width;
        self.cursor = (next < self.size.width && !self.ambiguous(symbol)).then_some((next, y));
    }

    /// The changed cells, plus the right half of every wide character that a narrow one replaces.
    /// The terminal blanks that half itself (in the pen of the character written over the left
    /// half); ratatui does not list it because its buffer already holds a blank there. Listing
    /// it costs a byte instead of a cursor move, and lets blank runs be erased whole with ECH.
    fn with_freed_halves<'a>(
        &self,
        content: impl Iterator<Item = (u16, u16, &'a Cell)>,
    ) -> Vec<(u16, u16, Cell)> {
        let mut cells: Vec<(u16, u16, Cell)> = Vec::new();
        let mut content = content.peekable();
        while let Some((x, y, cell)) = content.next() {
            cells.push((x, y, cell.clone()));
            let right = x + 1;
            let frees_half = cell.symbol().width() <= 1
                && right < self.size.width
                && self.screen[self.index(right, y)] == Shadow::Covered
                && content
                    .peek()
                    .is_none_or(|&(nx, ny, _)| (nx, ny) != (right, y));
            if frees_half {
                let mut blank = cell.clone();
                blank.set_symbol(" ");
                cells.push((right, y, blank));
            }
        }
        cells
    }

    /// True if the cells x..x+n start or end inside a wide character. Terminals differ in how
    /// they blank the other half when ECH cuts one, so such runs are printed instead.
    fn splits_wide(&self, x: u16, y: u16, n: u16) -> bool {
        let last = x + n - 1;
        let starts_inside = self.screen[self.index(x, y)] == Shadow::Covered;
        let ends_inside = last + 1 < self.size.width
            && matches!(&self.screen[self.index(last, y)], Shadow::Text(s, _) if s.width() > 1);
        starts_inside || ends_inside
    }

    /// Erases `n` cells from (x, y) with ECH, which leaves the cursor where it is.
    fn erase(&mut self, x: u16, y: u16, n: usize, pen: Pen) {
        self.move_to(x, y);
        self.set_pen(pen);
        self.frame
            .extend_from_slice(format!("\x1b[{n}X").as_bytes());
        self.forget_overwritten(x, y, n as u16);
        for k in 0..n as u16 {
            let j = self.index(x + k, y);
            self.screen[j] = Shadow::Text(" ".to_string(), pen);
        }
    }

    fn write_now(&mut self, bytes: &[u8]) {
        self.frame.extend_from_slice(bytes);
    }
}

/// How many cells from `cells[i]` on form a run of blanks in one pen on one row, next to each
/// other, that ECH can erase.
fn blank_run(cells: &[(u16, u16, Cell)], i: usize) -> usize {
    let (x0, y0, ref first) = cells[i];
    let pen = Pen::of(first);
    if first.symbol() != " " || pen.mods.intersects(SHOWS_ON_BLANK) {
        return 0;
    }
    cells[i..]
        .iter()
        .enumerate()
        .take_while(|(k, (x, y, cell))| {
            *y == y0
                && *x as usize == x0 as usize + k
                && cell.symbol() == " "
                && Pen::of(cell) == pen
        })
        .count()
}

fn mod_codes(mods: Modifier) -> Vec<String> {
    [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::SLOW_BLINK, "5"),
        (Modifier::RAPID_BLINK, "6"),
        (Modifier::REVERSED, "7"),
        (Modifier::HIDDEN, "8"),
        (Modifier::CROSSED_OUT, "9"),
    ]
    .into_iter()
    .filter(|(m, _)| mods.contains(*m))
    .map(|(_, code)| code.to_string())
    .collect()
}

/// The shortest SGR code for a colour: 3x/4x and 9x/10x for the sixteen named ones.
fn color_code(color: Color, background: bool) -> String {
    let base = if background { 40 } else { 30 };
    let named = |n: u8| -> String {
        if n < 8 {
            (base + n as u16).to_string()
        } else {
            (base + 60 + (n - 8) as u16).to_string()
        }
    };
    match color {
        Color::Reset => (base + 9).to_string(),
        Color::Black => named(0),
        Color::Red => named(1),
        Color::Green => named(2),
        Color::Yellow => named(3),
        Color::Blue => named(4),
        Color::Magenta => named(5),
        Color::Cyan => named(6),
        Color::Gray => named(7),
        Color::DarkGray => named(8),
        Color::LightRed => named(9),
        Color::LightGreen => named(10),
        Color::LightYellow => named(11),
        Color::LightBlue => named(12),
        Color::LightMagenta => named(13),
        Color::LightCyan => named(14),
        Color::White => named(15),
        Color::Indexed(n) => format!("{};5;{n}", base + 8),
        Color::Rgb(r, g, b) => format!("{};2;{r};{g};{b}", base + 8),
    }
}

impl<W: Write> Backend for WireBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let cells = self.with_freed_halves(
            content.filter(|(x, y, _)| *x < self.size.width && *y < self.size.height),
        );
        let mut i = 0;
        while i < cells.len() {
            let (x, y, ref cell) = cells[i];
            let run = blank_run(&cells, i);
            if run >= ECH_MIN && !self.splits_wide(x, y, run as u16) {
                self.erase(x, y, run, Pen::of(cell));
                i += run;
                continue;
            }
            self.print(x, y, cell.symbol(), Pen::of(cell));
            i += 1;
        }
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown != Some(false) {
            self.write_now(b"\x1b[?25l");
            self.cursor_shown = Some(false);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown != Some(true) {
            self.write_now(b"\x1b[?25h");
            self.cursor_shown = Some(true);
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(self
            .cursor
            .map_or(Position::ORIGIN, |(x, y)| Position::new(x, y)))
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let p = position.into();
        self.move_to(p.x, p.y);
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        // ED paints with the current background: reset it first.
        if self.pen != Some(DEFAULT_PEN) {
            self.write_now(b"\x1b[0m");
            self.pen = Some(DEFAULT_PEN);
        }
        self.write_now(b"\x1b[2J");
        let blank = Shadow::Text(" ".to_string(), DEFAULT_PEN);
        self.screen.iter_mut().for_each(|s| *s = blank.clone());
        Ok(())
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        let code: &[u8] = match clear_type {
            ClearType::All => return self.clear(),
            ClearType::AfterCursor => b"\x1b[J",
            ClearType::BeforeCursor => b"\x1b[1J",
            ClearType::CurrentLine => b"\x1b[2K",
            ClearType::UntilNewLine => b"\x1b[K",
        };
        self.write_now(code);
        self.screen.iter_mut().for_each(|s| *s = Shadow::Unknown);
        Ok(())
    }

    fn size(&self) -> io::Result<Size> {
        Ok(self.size)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size,
            pixels: Size::default(),
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.frame.is_empty() {
            return Ok(());
        }
        let mut bytes = Vec::with_capacity(self.frame.len() + 16);
        if self.sync {
            bytes.extend_from_slice(BEGIN_SYNC);
        }
        bytes.append(&mut self.frame);
        if self.sync {
            bytes.extend_from_slice(END_SYNC);
        }
        self.out.write_all(&bytes)?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::style::Style;

    fn terminal(width: u16, height: u16) -> Terminal<WireBackend<Vec<u8>>> {
        let backend =
            WireBackend::new(Vec::new(), Size::new(width, height), false).with_sync(false);
        Terminal::new(backend).unwrap()
    }

    fn take(terminal: &mut Terminal<WireBackend<Vec<u8>>>) -> String {
        String::from_utf8(std::mem::take(terminal.backend_mut().writer_mut())).unwrap()
    }

    #[test]
    fn after_a_wide_character_the_next_cell_needs_no_move() {
        let mut t = terminal(20, 2);
        t.draw(|f| f.buffer_mut().set_string(0, 0, "养犬a", Style::new()))
            .unwrap();
        let out = take(&mut t);
        assert!(out.contains("养犬a"), "{out:?}");
    }

    #[test]
    fn short_gaps_are_reprinted_long_ones_moved_over() {
        let mut t = terminal(40, 1);
        t.draw(|f| {
            f.buffer_mut()
                .set_string(0, 0, "文明养犬管理工作", Style::new())
        })
        .unwrap();
        take(&mut t);
        // 文 and 养 change around an unchanged 明 (a gap of 3 bytes, cheaper than a 4-byte
        // move); then 作 changes 8 columns further on (12 bytes of text against `ESC[8C`).
        t.draw(|f| {
            f.buffer_mut()
                .set_string(0, 0, "交明羊犬管理工做", Style::new())
        })
        .unwrap();
        let out = take(&mut t);
        assert!(out.contains("交明羊"), "the short gap reprinted: {out:?}");
        assert!(
            out.contains("\x1b[8C做"),
            "the long gap moved over: {out:?}"
        );
        assert!(!out.contains('H'), "no absolute move within a row: {out:?}");
    }

    #[test]
    fn an_idle_frame_writes_nothing() {
        let mut t = terminal(20, 2);
        t.draw(|f| f.buffer_mut().set_string(0, 0, "应急管理", Style::new()))
            .unwrap();
        take(&mut t);
        t.draw(|f| f.buffer_mut().set_string(0, 0, "应急管理", Style::new()))
            .unwrap();
        assert_eq!(take(&mut t), "");
    }

    #[test]
    fn colours_use_the_short_codes() {
        assert_eq!(color_code(Color::Cyan, false), "36");
        assert_eq!(color_code(Color::DarkGray, false), "90");
        assert_eq!(color_code(Color::Black, true), "40");
        assert_eq!(color_code(Color::Reset, true), "49");
        assert_eq!(color_code(Color::Indexed(208), false), "38;5;208");
    }
}
