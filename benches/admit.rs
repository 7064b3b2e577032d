//! 准入: preparing a town's lists for matching, reading one notice, reading all the notices of
//! the test set, and the tf-idf baseline on the same notices. Figures in docs/performance.md.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use lvzhi::Dataset;
use lvzhi::admit::Admitter;
use lvzhi::admit::baseline::Baseline;

fn notices() -> Vec<String> {
    let mut paths: Vec<_> = std::fs::read_dir("tests/admit/notices")
        .expect("tests/admit/notices")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| lvzhi::admit::input::read_file(p).expect("notice"))
        .collect()
}

fn benches(c: &mut Criterion) {
    let dataset = Dataset::embedded().expect("data");
    let notices = notices();
    let flood = notices
        .iter()
        .find(|n| n.contains("防汛工作的通知"))
        .expect("the flood notice");
    c.bench_function("admit: prepare the matcher (252 items)", |b| {
        b.iter(|| Admitter::new(black_box(&dataset)))
    });
    let admitter = Admitter::new(&dataset);
    c.bench_function("admit: one notice of three tasks", |b| {
        b.iter(|| admitter.admit(&dataset, black_box(flood)))
    });
    c.bench_function("admit: every notice of the test set", |b| {
        b.iter(|| {
            for notice in &notices {
                black_box(admitter.admit(&dataset, notice));
            }
        })
    });
    let baseline = Baseline::new(&dataset);
    c.bench_function("baseline: every notice of the test set", |b| {
        b.iter(|| {
            for notice in &notices {
                black_box(baseline.rank(notice));
            }
        })
    });
}

criterion_group!(admit, benches);
criterion_main!(admit);
