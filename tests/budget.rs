//! The bytes a slow link pays, as tests: byte counts are deterministic, so the budgets in
//! docs/performance.md are kept here, not only measured in benches/bytes.rs.

#[path = "common/capture.rs"]
mod capture;

use capture::Capture;
use lvzhi::Dataset;
use lvzhi::tui::action::Action;
use lvzhi::tui::app::{App, Tab};
use lvzhi::tui::backend::WireBackend;
use lvzhi::tui::theme::Theme;
use lvzhi::tui::view;
use ratatui::buffer::Buffer;
use ratatui::layout::{Rect, Size};
use ratatui::{Terminal, TerminalOptions, Viewport};

/// The app drawn through the real backend into a capture, with the previous frame kept to
/// measure the payload: the UTF-8 bytes of the cells that changed.
struct Wire {
    app: App,
    terminal: Terminal<WireBackend<Capture>>,
    out: Capture,
    screen: Buffer,
}

impl Wire {
    fn new(width: u16, height: u16) -> Wire {
        let area = Rect::new(0, 0, width, height);
        let theme = Theme {
            color: true,
            ascii: false,
        };
        let out = Capture::default();
        let backend = WireBackend::new(out.clone(), Size::new(width, height), false);
        let options = TerminalOptions {
            viewport: Viewport::Fixed(area),
        };
        let mut wire = Wire {
            app: App::new(Dataset::embedded().unwrap(), theme, area),
            terminal: Terminal::with_options(backend, options).unwrap(),
            out,
            screen: Buffer::empty(area),
        };
        wire.frame();
        wire
    }

    /// (bytes written, payload) of drawing the app as it is now.
    fn frame(&mut self) -> (usize, usize) {
        let app = &self.app;
        let next = self
            .terminal
            .draw(|f| view::draw(app, f))
            .unwrap()
            .buffer
            .clone();
        let payload = self
            .screen
            .diff(&next)
            .iter()
            .map(|(_, _, cell)| cell.symbol().len())
            .sum();
        self.screen = next;
        (self.out.take().len(), payload)
    }
}

#[test]
fn a_row_move_at_80x24_costs_at_most_1_3_times_its_payload() {
    let mut wire = Wire::new(80, 24);
    wire.app.update(Action::ShowTab(Tab::Coop));
    wire.frame();
    let mut ratios = Vec::new();
    for _ in 0..20 {
        wire.app.update(Action::Down);
        let (bytes, payload) = wire.frame();
        assert!(payload > 0, "a move changes the screen");
        ratios.push(bytes as f64 / payload as f64);
    }
    ratios.sort_by(f64::total_cmp);
    let median = ratios[ratios.len() / 2];
    assert!(
        median <= 1.3,
        "median {median:.2}x of the payload: {ratios:?}"
    );
    assert!(ratios[ratios.len() - 1] <= 1.6, "worst move: {ratios:?}");
}

#[test]
fn an_idle_frame_costs_nothing() {
    let mut wire = Wire::new(80, 24);
    wire.app.update(Action::ShowTab(Tab::Coop));
    wire.frame();
    assert_eq!(wire.frame(), (0, 0));
    // A key that changes nothing visible (the first row, Up) draws nothing either.
    wire.app.update(Action::Up);
    assert_eq!(wire.frame(), (0, 0));
}
