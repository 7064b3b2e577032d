//! A county office's work: importing a published workbook, checking a town's lists, comparing two
//! revisions, and searching twelve towns at once. Figures in docs/performance.md.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use lvzhi::export::{self, Format};
use lvzhi::review::Reviews;
use lvzhi::search::related::Related;
use lvzhi::search::{Engine, Query, Searcher};
use lvzhi::{Dataset, check, diff, import};

/// Twelve towns, a county's worth: the real lists under twelve names.
fn county(base: &Dataset) -> Vec<Dataset> {
    (0..12)
        .map(|n| {
            let mut town = base.clone();
            town.town = format!("第{n}镇");
            town
        })
        .collect()
}

/// The real lists with coop-5 removed (so the later ones move up) and one title edited.
fn revision(base: &Dataset) -> Dataset {
    let mut new = base.clone();
    new.items.retain(|i| i.id != "coop-5");
    for item in new.items.iter_mut().filter(|i| i.id.starts_with("coop-")) {
        if item.no > 5 {
            item.no -= 1;
            item.id = format!("coop-{}", item.no);
        }
    }
    if let Some(item) = new.items.iter_mut().find(|i| i.id == "basic-10") {
        item.title.push_str("（修订）");
    }
    new
}

fn benches(c: &mut Criterion) {
    let base = Dataset::embedded().unwrap();
    let workbook =
        export::render(&base, &Reviews::new(), Format::Xlsx, Default::default()).unwrap();
    println!("exported workbook: {} bytes", workbook.len());
    let books = vec![("liuhudi.xlsx".to_string(), workbook)];
    c.bench_function("import/xlsx 252 items", |b| {
        b.iter(|| {
            black_box(
                import::import_workbooks(&books, None)
                    .unwrap()
                    .0
                    .items
                    .len(),
            )
        })
    });
    c.bench_function("check/252 items", |b| {
        b.iter(|| black_box(check::check(&base, None).len()))
    });
    let new = revision(&base);
    c.bench_function("diff/252 items, renumbered", |b| {
        b.iter(|| black_box(diff::diff(&base, &new).changed.len()))
    });
    c.bench_function("county/load 12 towns (index + first town's related)", |b| {
        b.iter(|| {
            let towns = county(&base);
            let engine = Engine::over(towns.iter().flat_map(|t| &t.items));
            let related = Related::new(&towns[0].items);
            black_box((engine.len(), related.of(0).len()))
        })
    });
    let towns = county(&base);
    let engine = Engine::over(towns.iter().flat_map(|t| &t.items));
    let mut group = c.benchmark_group("county/keystroke 3024 items");
    for typed in ["y", "yj", "yjg", "yjgl", "部门:水利"] {
        group.bench_function(typed, |b| {
            let query = Query::parse(typed).unwrap();
            b.iter(|| {
                let mut searcher = Searcher::default();
                black_box(searcher.search(&engine, &query).len())
            })
        });
    }
    group.finish();
}

criterion_group!(county_benches, benches);
criterion_main!(county_benches);
