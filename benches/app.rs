//! A keystroke in the filter at a province's size, as the app handles it: `App::update` and
//! the frame drawn, at 250,000 items (1,000 towns), beside the engine's share in
//! benches/search.rs. Run: `cargo bench --bench app`. Figures in docs/performance.md.

mod province;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use lvzhi::Dataset;
use lvzhi::towns::Towns;
use lvzhi::tui::action::Action;
use lvzhi::tui::app::App;
use lvzhi::tui::theme::Theme;
use lvzhi::tui::view;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

/// Queries staff type: Chinese, pinyin initials, a department.
const QUERIES: [&str; 3] = ["消防安全", "yjgl", "部门:水利"];

fn benches(c: &mut Criterion) {
    let base = Dataset::embedded().unwrap();
    let towns = Towns::new((0..1000).map(|t| province::town(&base, t)).collect());
    let area = Rect::new(0, 0, 80, 24);
    let theme = Theme {
        color: true,
        ascii: false,
    };
    let started = Instant::now();
    let mut app = App::for_towns(towns, theme, area);
    println!(
        "app over {} items made in {:.2?}",
        app.towns.item_count(),
        started.elapsed()
    );
    let mut terminal = Terminal::with_options(
        TestBackend::new(80, 24),
        TerminalOptions {
            viewport: Viewport::Fixed(area),
        },
    )
    .unwrap();
    terminal.draw(|f| view::draw(&app, f)).unwrap();
    let mut group = c.benchmark_group("app/keystroke 250k");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(4));
    for query in QUERIES {
        app.update(Action::StartFilter);
        for (k, ch) in query.chars().enumerate() {
            // As when typing: the query so far is on screen; time the next key and its frame,
            // then take it back (untimed) for the next sample.
            group.bench_function(format!("{query}/{}", k + 1), |b| {
                b.iter_custom(|iterations| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iterations {
                        let started = Instant::now();
                        black_box(app.update(Action::Insert(ch)).redraw);
                        terminal.draw(|f| view::draw(&app, f)).unwrap();
                        total += started.elapsed();
                        app.update(Action::Backspace);
                    }
                    total
                })
            });
            app.update(Action::Insert(ch));
        }
        app.update(Action::ClearQuery);
        app.update(Action::Cancel);
    }
    group.finish();
}

criterion_group!(app_benches, benches);
criterion_main!(app_benches);
