//! 准入: preparing a town's lists for matching, reading one notice, reading all the notices of
//! the test set, the tf-idf baseline on the same notices, and long notices made of the test
//! set's (1 and 2 MB of paragraphs, a 1 MB single line, 4 MB refused). Figures in
//! docs/performance.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
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

/// The test set's notices one after another, repeated, `bytes` long at most: paragraphs
/// (`joiner` "\n") or one line (`joiner` "，").
fn joined(notices: &[String], bytes: usize, joiner: &str) -> String {
    let mut text = String::new();
    for notice in notices.iter().cycle() {
        let notice = notice.replace('\n', joiner);
        if text.len() + notice.len() + joiner.len() > bytes {
            // The last one cut where it fits, on a character's edge.
            let mut end = bytes - text.len();
            while !notice.is_char_boundary(end) {
                end -= 1;
            }
            text.push_str(&notice[..end]);
            return text;
        }
        text.push_str(&notice);
        text.push_str(joiner);
    }
    text
}

/// Long notices as the command reads them (`input::read_bytes`, then `admit`): seconds each,
/// so ten samples.
fn long(c: &mut Criterion) {
    const MB: usize = 1024 * 1024;
    let dataset = Dataset::embedded().expect("data");
    let notices = notices();
    let admitter = Admitter::new(&dataset);
    admitter.admit(&dataset, &notices[0]);
    let mut group = c.benchmark_group("admit: long notices");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    for (name, bytes, joiner) in [
        ("1 MB of paragraphs", MB, "\n"),
        ("2 MB of paragraphs (the limit)", 2 * MB, "\n"),
        ("1 MB on one line", MB, "，"),
    ] {
        let text = joined(&notices, bytes, joiner);
        assert!(text.len() <= lvzhi::admit::input::MAX_TEXT);
        group.bench_function(name, |b| {
            b.iter(|| {
                let text = lvzhi::admit::input::read_bytes(black_box(text.as_bytes())).unwrap();
                admitter.admit(&dataset, &text)
            })
        });
    }
    // Over the limit: what is measured is the refusal (reading the bytes, no tasks).
    let over = joined(&notices, 4 * MB, "\n");
    group.bench_function("4 MB of paragraphs (refused)", |b| {
        b.iter(|| lvzhi::admit::input::read_bytes(black_box(over.as_bytes())).unwrap_err())
    });
    group.finish();
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

criterion_group!(admit, benches, long);
criterion_main!(admit);
