//! Search speed per keystroke while a query is typed character by character, at 252 items (the
//! real lists) and at 250,000 (a synthetic province). Figures in docs/performance.md.

mod province;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use lvzhi::Dataset;
use lvzhi::search::{Engine, Query, Searcher};

/// Queries staff type, four characters each: Chinese, pinyin initials.
const QUERIES: [&str; 3] = ["安全检查", "yjgl", "高龄津贴"];

fn keystrokes(c: &mut Criterion, label: &str, engine: &Engine) {
    let mut group = c.benchmark_group(format!("keystroke/{label}"));
    if engine.len() > 10_000 {
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(4));
    }
    for query in QUERIES {
        let chars: Vec<char> = query.chars().collect();
        for k in 1..=chars.len() {
            let typed: String = chars[..k].iter().collect();
            let before: String = chars[..k - 1].iter().collect();
            // As when typing: the previous keystroke's search has just run; time this one.
            group.bench_function(format!("{query}/{k}"), |b| {
                b.iter_custom(|iterations| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iterations {
                        let mut searcher = Searcher::default();
                        if !before.is_empty() {
                            let q = Query::parse(&before).unwrap();
                            black_box(searcher.search(engine, &q).len());
                        }
                        let started = Instant::now();
                        let q = Query::parse(&typed).unwrap();
                        black_box(searcher.search(engine, &q).len());
                        total += started.elapsed();
                    }
                    total
                })
            });
        }
    }
    group.finish();
}

fn benches(c: &mut Criterion) {
    let base = Dataset::embedded().unwrap();
    let small = Engine::new(&base);
    keystrokes(c, "252", &small);
    let big = province::province(&base, 250_000);
    let started = std::time::Instant::now();
    let engine = Engine::new(&big);
    println!(
        "index of {} items built in {:.2?}",
        engine.len(),
        started.elapsed()
    );
    keystrokes(c, "250k", &engine);
    let mut group = c.benchmark_group("load");
    group.bench_function("index/252", |b| {
        b.iter(|| black_box(Engine::new(&base).len()))
    });
    group.bench_function("related/252", |b| {
        b.iter(|| {
            black_box(
                lvzhi::search::related::Related::new(&base.items)
                    .of(0)
                    .len(),
            )
        })
    });
    group.finish();
}

criterion_group!(search, benches);
criterion_main!(search);
