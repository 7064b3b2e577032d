//! The width-aware backend must leave the terminal showing exactly what ratatui's crossterm
//! backend leaves: both byte streams go through a terminal emulator (vt100) and the screens are
//! compared cell by cell after every frame, on the app's real frames and on random ones.

#[path = "common/capture.rs"]
mod capture;
#[path = "common/rows.rs"]
mod rows;

use std::num::NonZeroU16;

use capture::Capture;
use rows::buffer_row;

use lvzhi::Dataset;
use lvzhi::tui::action::Action;
use lvzhi::tui::app::{App, Tab};
use lvzhi::tui::backend::WireBackend;
use lvzhi::tui::theme::Theme;
use lvzhi::tui::view;
use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::{Rect, Size};
use ratatui::style::{Color, Modifier, Style};
use ratatui::{Frame, Terminal, TerminalOptions, Viewport};

struct Pair {
    stock: Terminal<CrosstermBackend<Capture>>,
    wire: Terminal<WireBackend<Capture>>,
    stock_out: Capture,
    wire_out: Capture,
    stock_screen: vt100::Parser,
    wire_screen: vt100::Parser,
    frames: usize,
}

impl Pair {
    fn new(width: u16, height: u16, ascii: bool) -> Pair {
        let fixed = || TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
        };
        let parser = || {
            vt100::Parser::new(
                NonZeroU16::new(height).unwrap(),
                NonZeroU16::new(width).unwrap(),
                0,
            )
        };
        let (stock_out, wire_out) = (Capture::default(), Capture::default());
        let wire = WireBackend::new(wire_out.clone(), Size::new(width, height), ascii);
        let stock = CrosstermBackend::new(stock_out.clone());
        Pair {
            stock: Terminal::with_options(stock, fixed()).unwrap(),
            wire: Terminal::with_options(wire, fixed()).unwrap(),
            stock_out,
            wire_out,
            stock_screen: parser(),
            wire_screen: parser(),
            frames: 0,
        }
    }

    /// Draws one frame on both, feeds the bytes to the emulators, and compares the screens.
    fn frame(&mut self, render: impl Fn(&mut Frame)) {
        self.stock.draw(&render).unwrap();
        self.wire.draw(&render).unwrap();
        let stock = self.stock_out.take();
        let wire = self.wire_out.take();
        self.stock_screen.process(&stock);
        self.wire_screen.process(&wire);
        self.frames += 1;
        assert_same_screen(&self.stock_screen, &self.wire_screen, self.frames);
    }
}

fn assert_same_screen(expected: &vt100::Parser, actual: &vt100::Parser, frame: usize) {
    let (a, b) = (expected.screen(), actual.screen());
    let (rows, cols) = a.size();
    for row in 0..rows.get() {
        for col in 0..cols.get() {
            let (x, y) = (a.cell(row, col).unwrap(), b.cell(row, col).unwrap());
            let text = |c: &vt100::Cell| {
                let s = c.contents();
                if s.is_empty() {
                    " ".to_string()
                } else {
                    s.to_string()
                }
            };
            let same = text(x) == text(y)
                && x.fgcolor() == y.fgcolor()
                && x.bgcolor() == y.bgcolor()
                && x.bold() == y.bold()
                && x.italic() == y.italic()
                && x.underline() == y.underline()
                && x.inverse() == y.inverse()
                && x.is_wide() == y.is_wide();
            assert!(
                same,
                "frame {frame}, row {row}, col {col}: stock {:?} {:?}/{:?}, wire {:?} {:?}/{:?}\nstock:\n{}\nwire:\n{}",
                text(x),
                x.fgcolor(),
                x.bgcolor(),
                text(y),
                y.fgcolor(),
                y.bgcolor(),
                a.contents(),
                b.contents()
            );
        }
    }
}

fn app_session(width: u16, height: u16, theme: Theme) {
    let dataset = Dataset::embedded().unwrap();
    let mut app = App::new(dataset, theme, Rect::new(0, 0, width, height));
    let mut pair = Pair::new(width, height, theme.ascii);
    pair.frame(|f| view::draw(&app, f));
    let mut script = vec![Action::Down; 5];
    script.extend([Action::StartFilter]);
    script.extend("犬".chars().map(Action::Insert));
    script.extend([
        Action::Confirm,
        Action::ShowTab(Tab::Coop),
        Action::Confirm,
        Action::ScrollDown,
        Action::FocusRight,
        Action::NextItem,
        Action::Cancel,
        Action::Cancel,
        Action::Bottom,
        Action::PageUp,
        Action::FocusRight,
        Action::ScrollDown,
        Action::ShowTab(Tab::Recalled),
        Action::Down,
        Action::ToggleHelp,
        Action::Down,
        Action::ToggleHelp,
        Action::NextTab,
        Action::StartFilter,
    ]);
    script.extend("安全 检查".chars().map(Action::Insert));
    script.extend([Action::Backspace, Action::Confirm, Action::Down]);
    for action in script {
        app.update(action);
        pair.frame(|f| view::draw(&app, f));
    }
}

#[test]
fn app_frames_match_the_stock_backend_at_three_sizes() {
    let theme = Theme {
        color: true,
        ascii: false,
    };
    for (w, h) in [(80, 24), (120, 40), (40, 12)] {
        app_session(w, h, theme);
    }
}

#[test]
fn app_frames_match_in_ascii_and_without_colour() {
    app_session(
        80,
        24,
        Theme {
            color: false,
            ascii: true,
        },
    );
}

/// A small deterministic generator, so a failure can be replayed.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn random_style(rng: &mut XorShift) -> Style {
    const COLORS: [Color; 6] = [
        Color::Reset,
        Color::Cyan,
        Color::Red,
        Color::DarkGray,
        Color::Indexed(208),
        Color::Rgb(10, 20, 30),
    ];
    const MODS: [Modifier; 5] = [
        Modifier::empty(),
        Modifier::BOLD,
        Modifier::REVERSED,
        Modifier::UNDERLINED,
        Modifier::BOLD.union(Modifier::ITALIC),
    ];
    Style::new()
        .fg(COLORS[rng.below(COLORS.len())])
        .bg(COLORS[rng.below(3)])
        .add_modifier(MODS[rng.below(MODS.len())])
}

fn random_frames(ascii: bool, seed: u64) {
    let (width, height) = (37, 9);
    let pieces = [
        "应急管理",
        "县公安局",
        "ab",
        "x",
        "          ",
        "“两个维护”",
        "1. ",
        "犬",
        "——",
        "…",
    ];
    let mut rng = XorShift(seed);
    let mut pair = Pair::new(width, height, ascii);
    let mut buffer = Buffer::empty(Rect::new(0, 0, width, height));
    for _ in 0..60 {
        for _ in 0..1 + rng.below(12) {
            let x = rng.below(width as usize) as u16;
            let y = rng.below(height as usize) as u16;
            let text = pieces[rng.below(pieces.len())];
            buffer.set_string(x, y, text, random_style(&mut rng));
        }
        let snapshot = buffer.clone();
        pair.frame(|f| *f.buffer_mut() = snapshot.clone());
    }
}

#[test]
fn random_frames_of_mixed_text_and_styles_match() {
    let only: Option<u64> = std::env::var("SEED").ok().and_then(|s| s.parse().ok());
    for seed in 1..=20 {
        if only.is_some_and(|o| o != seed) {
            continue;
        }
        eprintln!("seed {seed}");
        random_frames(false, seed * 7919);
    }
}

#[test]
fn random_frames_match_under_ascii_resynchronisation() {
    for seed in 1..=10 {
        random_frames(true, seed * 104_729);
    }
}

fn screen_row(screen: &vt100::Screen, y: u16) -> String {
    let (_, cols) = screen.size();
    let mut row = String::new();
    for x in 0..cols.get() {
        let cell = screen.cell(y, x).unwrap();
        if cell.is_wide_continuation() {
            continue;
        }
        let text = cell.contents();
        row.push_str(if text.is_empty() { " " } else { text });
    }
    row.trim_end().to_string()
}

/// Notes and titles as Chinese input methods' emoji panels fill them: modifiers, VS16, ZWJ
/// families, flags, keycaps. Scrolled and edited frame after frame, the terminal (vt100, which
/// measures code point by code point as tmux and PuTTY do) must show every frame exactly, as a
/// full redraw of it would: no stale cell.
#[test]
fn emoji_sequences_leave_no_stale_cell_after_any_redraw() {
    let lines = [
        "同意👍🏽，请水利局牵头",
        "❤️ 辛苦了 ❤️❤️",
        "👨‍👩‍👧 家庭医生签约 🇨🇳 1️⃣ 第一项",
        "🏳️‍🌈 犬只登记 👍🏿👍🏻 完",
        "普通的一行：没有表情",
    ];
    let (width, height) = (30, 8);
    let mut pair = Pair::new(width, height, false);
    for frame in 0..24 {
        let render = |f: &mut Frame| {
            for row in 0..height as usize {
                let text = lines[(row + frame) % lines.len()];
                // Shift by a column now and then, so sequences land on odd and even columns.
                let x = ((frame + row) % 3) as u16;
                let area = Rect::new(x, row as u16, width - x, 1);
                f.render_widget(ratatui::widgets::Paragraph::new(text), area);
            }
            let area = f.area();
            lvzhi::tui::glyph::settle(f.buffer_mut(), area);
        };
        let buffer = pair.wire.draw(render).unwrap().buffer.clone();
        pair.wire_screen.process(&pair.wire_out.take());
        // The state after this frame, drawn from scratch on a fresh terminal.
        let mut fresh = Pair::new(width, height, false);
        fresh.wire.draw(render).unwrap();
        fresh.wire_screen.process(&fresh.wire_out.take());
        for y in 0..height {
            let (shown, full) = (
                screen_row(pair.wire_screen.screen(), y),
                screen_row(fresh.wire_screen.screen(), y),
            );
            assert_eq!(shown, full, "frame {frame}, row {y}: stale cells");
            assert_eq!(
                shown,
                buffer_row(&buffer, y).trim_end(),
                "frame {frame}, row {y}"
            );
        }
    }
}
