//! Reading notices in each format (issue 27): a 500-row task table as .xlsx, the same as CSV,
//! read to text alone and read then admitted. The PDF, .doc and .ofd fixtures are timed when
//! present (tests/fixtures/notices). Figures in docs/performance.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use lvzhi::Dataset;
use lvzhi::admit::Admitter;
use rust_xlsxwriter::Workbook;

/// A county's task table of `rows` rows, its tasks made of the lists' own duties (each
/// title as a task, departments as the lead, every fourth row a department's alone).
fn task_table(dataset: &Dataset, rows: usize) -> Vec<Vec<String>> {
    let mut table = vec![
        vec!["玛纳斯县2026年重点工作任务分解表".to_string()],
        [
            "序号",
            "工作任务",
            "具体措施",
            "牵头单位",
            "责任单位",
            "完成时限",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for (i, item) in dataset.items.iter().cycle().take(rows).enumerate() {
        let step = item
            .town_duties
            .iter()
            .chain(&item.upper_duties)
            .flat_map(|s| s.steps.first())
            .next()
            .cloned()
            .unwrap_or_default();
        table.push(vec![
            (i + 1).to_string(),
            item.title.clone(),
            step,
            item.departments.first().cloned().unwrap_or_default(),
            if i % 4 == 3 {
                item.departments.join("、")
            } else {
                "各乡镇".into()
            },
            format!("2026年{}月底前", i % 12 + 1),
        ]);
    }
    table
}

fn xlsx(table: &[Vec<String>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in table.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet
                .write(r as u32, c as u16, cell.as_str())
                .expect("cell");
        }
    }
    book.save_to_buffer().expect("xlsx")
}

fn csv(table: &[Vec<String>]) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for row in table {
        writer.write_record(row).expect("row");
    }
    writer.into_inner().expect("csv")
}

fn formats(c: &mut Criterion) {
    let dataset = Dataset::embedded().expect("data");
    let admitter = Admitter::new(&dataset);
    let table = task_table(&dataset, 500);
    let book = xlsx(&table);
    let sheet = csv(&table);
    let mut group = c.benchmark_group("notice formats");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    let read = |bytes: &[u8], name: &str| lvzhi::admit::input::read_named(bytes, Some(name));
    assert_eq!(
        admitter
            .admit(&dataset, &read(&book, "t.xlsx").expect("xlsx"))
            .tasks
            .len(),
        500
    );
    group.bench_function("500-row task table .xlsx: read", |b| {
        b.iter(|| read(black_box(&book), "t.xlsx").expect("xlsx"))
    });
    group.bench_function("500-row task table .csv: read", |b| {
        b.iter(|| read(black_box(&sheet), "t.csv").expect("csv"))
    });
    group.bench_function("500-row task table .xlsx: read and admit", |b| {
        b.iter(|| admitter.admit(&dataset, &read(black_box(&book), "t.xlsx").expect("xlsx")))
    });
    // The other formats' fixtures, read to text, when they are there.
    let mut fixtures: Vec<_> = std::fs::read_dir("tests/fixtures/notices")
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    fixtures.sort();
    for path in fixtures {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let wanted = ["pdf", "doc", "wps", "ofd"]
            .iter()
            .any(|e| name.ends_with(&format!(".{e}")));
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        if !wanted || read(&bytes, &name).is_err() {
            continue;
        }
        group.bench_function(format!("{name} ({} KB): read", bytes.len() / 1024), |b| {
            b.iter(|| read(black_box(&bytes), &name))
        });
    }
    group.finish();
}

criterion_group!(notice_formats, formats);
criterion_main!(notice_formats);
