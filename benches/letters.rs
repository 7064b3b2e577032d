//! Writing the letters (issue 28): a 退回函 and the 动态调整申请 with every item of the town
//! disputed (252 rows, the largest table a review can give), from words to .docx bytes. The
//! sizes are printed beside the times. Figures in docs/performance.md.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use lvzhi::Dataset;
use lvzhi::admit::Verdict;
use lvzhi::date::Date;
use lvzhi::letter::{Letterhead, adjust, docx, entry};
use lvzhi::model::Status;
use lvzhi::review::register::{Channel, Entry, Outcome, Request, Suggestion};
use lvzhi::review::{Review, Reviews};

fn recalled_entry() -> Entry {
    let request = Request {
        received: "2026-11-28".into(),
        source: "县民政局".into(),
        channel: Channel::Document,
        doc_ref: "玛民发〔2026〕12号".into(),
        notice_title: "关于做好高龄津贴清理工作的通知".into(),
        notice_date: "2026-11-20".into(),
        task: "追缴违规领取的高龄津贴".into(),
        deadline: String::new(),
        deadline_words: String::new(),
        verdict: Verdict::Recalled,
        item: "recalled-2".into(),
        outcome: Outcome::Return,
        note: String::new(),
        suggested: Suggestion {
            verdict: Verdict::Recalled,
            item: "recalled-2".into(),
        },
    };
    Entry {
        number: 1,
        request,
        approval: String::new(),
        handler: "张三".into(),
        updated_at: "2026-12-01 09:00:00".into(),
        decided_by: None,
        submitted: None,
    }
}

fn letters(c: &mut Criterion) {
    let dataset = Dataset::embedded().unwrap();
    let head = Letterhead::default();
    let date = Date::new(2026, 12, 2).unwrap();
    let entry = recalled_entry();
    let reviews: Reviews = dataset
        .items
        .iter()
        .map(|item| {
            let review = Review {
                status: Some(Status::Dispute),
                note: "与县级部门职责重叠。建议：调整为上级部门收回事项；依据：《办法》第八条"
                    .into(),
                ..Review::default()
            };
            (item.id.clone(), review)
        })
        .collect();
    let returned = entry::for_entry(&dataset, &entry, &head, date, false).unwrap();
    let adjusted = adjust::application(&dataset, &reviews, &head, date).unwrap();
    for (name, written) in [("退回函", &returned), ("调整申请 252 行", &adjusted)] {
        let bytes = docx::render(&written.letter).unwrap();
        eprintln!("{name}: {} 字节", bytes.len());
    }
    c.bench_function("letter/退回函", |b| {
        b.iter(|| {
            let written = entry::for_entry(&dataset, &entry, &head, date, false).unwrap();
            black_box(docx::render(&written.letter).unwrap())
        })
    });
    let mut group = c.benchmark_group("letter");
    group.sample_size(20);
    group.bench_function("调整申请 252 行", |b| {
        b.iter(|| {
            let written = adjust::application(&dataset, &reviews, &head, date).unwrap();
            black_box(docx::render(&written.letter).unwrap())
        })
    });
    group.finish();
}

criterion_group!(benches, letters);
criterion_main!(benches);
