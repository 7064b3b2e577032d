//! Bytes written per frame on a slow link: the app driven through the real backend into a byte
//! counter, next to the UTF-8 bytes of the cells that actually changed (the payload) and to what
//! ratatui's stock crossterm backend writes for the same frames.
//!
//! Run: `cargo bench --bench bytes`. The figures go to docs/performance.md.

#[path = "../tests/common/capture.rs"]
mod capture;

use capture::Capture;

use lvzhi::Dataset;
use lvzhi::tui::action::Action;
use lvzhi::tui::app::{App, Tab};
use lvzhi::tui::backend::WireBackend;
use lvzhi::tui::theme::Theme;
use lvzhi::tui::view;
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::buffer::Buffer;
use ratatui::layout::{Rect, Size};
use ratatui::{Terminal, TerminalOptions, Viewport};

/// One frame's cost on the wire.
#[derive(Clone, Copy)]
struct Cost {
    wire: usize,
    stock: usize,
    payload: usize,
}

struct Rig {
    app: App,
    wire: Terminal<WireBackend<Capture>>,
    stock: Terminal<CrosstermBackend<Capture>>,
    wire_out: Capture,
    stock_out: Capture,
    screen: Buffer,
}

impl Rig {
    fn new(width: u16, height: u16) -> Rig {
        let area = Rect::new(0, 0, width, height);
        let theme = Theme {
            color: true,
            ascii: false,
        };
        let app = App::new(Dataset::embedded().unwrap(), theme, area);
        let options = || TerminalOptions {
            viewport: Viewport::Fixed(area),
        };
        let (wire_out, stock_out) = (Capture::default(), Capture::default());
        let wire_backend = WireBackend::new(wire_out.clone(), Size::new(width, height), false);
        Rig {
            app,
            wire: Terminal::with_options(wire_backend, options()).unwrap(),
            stock: Terminal::with_options(CrosstermBackend::new(stock_out.clone()), options())
                .unwrap(),
            wire_out,
            stock_out,
            screen: Buffer::empty(area),
        }
    }

    fn frame(&mut self) -> Cost {
        let app = &self.app;
        let next = self
            .wire
            .draw(|f| view::draw(app, f))
            .unwrap()
            .buffer
            .clone();
        self.stock.draw(|f| view::draw(app, f)).unwrap();
        let payload = self
            .screen
            .diff(&next)
            .iter()
            .map(|(_, _, cell)| cell.symbol().len())
            .sum();
        self.screen = next;
        Cost {
            wire: self.wire_out.take().len(),
            stock: self.stock_out.take().len(),
            payload,
        }
    }

    fn first_frame(&mut self) -> Cost {
        self.wire.backend_mut().clear().unwrap();
        self.stock.backend_mut().clear().unwrap();
        self.frame()
    }

    fn after(&mut self, actions: &[Action]) -> Cost {
        for &action in actions {
            self.app.update(action);
        }
        self.frame()
    }
}

fn median(mut costs: Vec<Cost>) -> Cost {
    costs.sort_by_key(|c| c.wire);
    costs[costs.len() / 2]
}

fn row(name: &str, c: Cost) {
    let ratio = |n: usize| n as f64 / c.payload.max(1) as f64;
    println!(
        "| {name} | {} | {} | {:.2}x | {} | {:.2}x |",
        c.payload,
        c.wire,
        ratio(c.wire),
        c.stock,
        ratio(c.stock)
    );
}

fn main() {
    // `cargo test --benches` passes --bench too; this bench is cheap enough to run either way.
    for (width, height) in [(80, 24), (120, 40)] {
        println!("\n{width}x{height}\n");
        println!("| frame | payload | lvzhi | ratio | stock crossterm | ratio |");
        println!("|---|---:|---:|---:|---:|---:|");
        let mut rig = Rig::new(width, height);
        row("first frame", rig.first_frame());
        rig.after(&[Action::ShowTab(Tab::Coop)]);
        let moves = (0..20).map(|_| rig.after(&[Action::Down])).collect();
        row("move one row (配合, median of 20)", median(moves));
        rig.after(&[Action::ShowTab(Tab::All), Action::Top, Action::StartFilter]);
        row(
            "type one filter character (犬)",
            rig.after(&[Action::Insert('犬')]),
        );
        rig.after(&[Action::Cancel]);
        row(
            "switch tab (全部 → 配合)",
            rig.after(&[Action::ShowTab(Tab::Coop)]),
        );
        let mut to_19 = vec![Action::Top];
        to_19.extend([Action::Down; 18]);
        rig.after(&to_19);
        row("open compare view (coop-19)", rig.after(&[Action::Confirm]));
        let idle = rig.after(&[]);
        println!(
            "\nidle frame: {} bytes (lvzhi), {} (stock)",
            idle.wire, idle.stock
        );
    }
}
