//! The index written and mapped back answers exactly as the one built; a damaged file maps to
//! None or to an index that answers harmlessly, never a panic.

use std::io::{Seek, SeekFrom, Write};

use crate::mapped::Region;
use crate::model::{Dataset, Item, Status};
use crate::search::{Engine, Query, ReviewMark};

/// Queries of every kind: characters, pinyin, scopes, exact, negation, lists, reviews.
const QUERIES: &[&str] = &[
    "消防",
    "应急",
    "yjgl",
    "xf",
    "dz",
    "部门:水利",
    "类别:应急",
    "河长 !巡查",
    "清单:配合 gaj",
    "防汛 抗旱",
    "'安全检查",
    "^农",
    "应急 | 消防",
    "状态:有异议",
    "状态:未审 清单:基本",
    "安全 !状态:同意",
];

/// What a damaged index is asked: every kind of lookup (postings, pinyin, names, lists, the
/// duty text), each hit's highlights reading its spans.
const DAMAGED_QUERIES: &[&str] = &["消防", "yjgl", "部门:水利", "清单:配合 gaj", "'安全检查"];

/// Ten copies of the real lists (2,520 items, past the cache's threshold): in each, every
/// other item's title and first step gain the copy's mark, so some docs are shared by all the
/// copies and some are each copy's own.
fn copies() -> Vec<Item> {
    let base = Dataset::embedded().unwrap();
    let marks = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"];
    let mut items = Vec::new();
    for mark in marks {
        for (i, item) in base.items.iter().enumerate() {
            let mut item = item.clone();
            if i % 2 == 0 {
                item.title.push_str(mark);
                if let Some(step) = item
                    .town_duties
                    .first_mut()
                    .and_then(|s| s.steps.first_mut())
                {
                    step.push_str(mark);
                }
            }
            items.push(item);
        }
    }
    items
}

/// Reviews on some items, so `状态:` has something to tell apart.
fn marks(n: usize) -> Vec<ReviewMark> {
    (0..n)
        .map(|i| ReviewMark {
            status: [None, Some(Status::Agree), Some(Status::Dispute)][i % 3],
            reviewed: i % 3 != 0 || i % 7 == 0,
            draft: i % 11 == 0,
        })
        .collect()
}

/// Every hit with its score, and the first `shown` hits' highlights, as the user sees them.
fn answers(engine: &Engine, queries: &[&str], shown: usize) -> Vec<String> {
    queries
        .iter()
        .map(|q| {
            let query = Query::parse(q).unwrap();
            let hits = engine.search(&query);
            let shown: Vec<String> = hits
                .iter()
                .enumerate()
                .map(|(k, h)| {
                    if k >= shown {
                        return format!("{}:{}", h.item, h.score);
                    }
                    let lights = engine.highlights(h.item, &query);
                    format!("{}:{}:{:?}", h.item, h.score, lights)
                })
                .collect();
            format!("{q} {} {}", hits.len(), shown.join(" "))
        })
        .collect()
}

/// `engine`'s bytes in a file with `pad` bytes before them, and that file.
fn written(engine: &Engine, pad: usize) -> (tempfile::NamedTempFile, Vec<u8>) {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(&vec![0; pad]).unwrap();
    engine.write_to(&mut file).unwrap();
    file.flush().unwrap();
    let bytes = std::fs::read(file.path()).unwrap()[pad..].to_vec();
    (file, bytes)
}

/// The real town's index written after 8 bytes of padding, its bytes, and the file opened to
/// be damaged in place.
fn to_damage() -> (tempfile::NamedTempFile, Vec<u8>, std::fs::File) {
    let engine = Engine::over(&Dataset::embedded().unwrap().items);
    let (tmp, bytes) = written(&engine, 8);
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(tmp.path())
        .unwrap();
    (tmp, bytes, file)
}

fn mapped(path: &std::path::Path, pad: usize) -> Option<Engine> {
    let region = Region::open(path).unwrap();
    Engine::map(&region.sub(pad..region.len())?)
}

#[test]
fn a_mapped_index_answers_as_the_built_one() {
    let base = Dataset::embedded().unwrap();
    for items in [base.items.clone(), copies()] {
        let mut built = Engine::over(&items);
        let (file, _) = written(&built, 4096);
        let mut engine = mapped(file.path(), 4096).expect("maps");
        // Read in place, not copied: the arrays are the file's.
        let index = &engine.index;
        assert!(index.text.is_mapped() && index.stored.is_mapped() && index.spans.is_mapped());
        assert!(index.pairs.keys.is_mapped() && index.classes[2].starts.sparse.is_mapped());
        assert_eq!(engine.len(), items.len());
        built.set_reviews(marks(items.len()));
        engine.set_reviews(marks(items.len()));
        let expected = answers(&built, QUERIES, usize::MAX);
        assert_eq!(answers(&engine, QUERIES, usize::MAX), expected);
        // Every query finds something, so the agreement is not on nothing.
        let empty: Vec<&String> = expected
            .iter()
            .filter(|a| a.split(' ').nth(1) == Some("0"))
            .collect();
        assert!(empty.is_empty(), "{empty:?}");
        // Written again from the mapped index, the bytes are the same.
        let (_, again) = written(&engine, 0);
        assert_eq!(again, std::fs::read(file.path()).unwrap()[4096..]);
    }
}

#[test]
fn a_misaligned_or_cut_index_is_refused() {
    let engine = Engine::over(&Dataset::embedded().unwrap().items);
    let (file, bytes) = written(&engine, 16);
    assert!(mapped(file.path(), 16).is_some());
    for pad in [17, 20, 12, 15] {
        assert!(mapped(file.path(), pad).is_none(), "at {pad}");
    }
    let region = Region::open(file.path()).unwrap();
    let len = bytes.len();
    // Every cut in the first pages (the headers of the small arrays), then spread over all.
    let cuts = (0..4096.min(len)).chain((0..2000).map(|k| k * len / 2000));
    for cut in cuts {
        let cut_region = region.sub(16..16 + cut).unwrap();
        assert!(Engine::map(&cut_region).is_none(), "cut at {cut} of {len}");
    }
}

/// What each array's element takes, in the order written (`write_index`): the docs' arrays,
/// the pinyin, the readings, then eleven posting tables of five arrays.
fn element_sizes() -> Vec<usize> {
    let mut sizes = vec![
        56, 4, 4, 4, 8, 8, 8, 1, 32, 4, 2, 4, 8, 4, 2, 4, 4, 2, 4, 4, 1,
    ];
    for _ in 0..11 {
        sizes.extend([8, 8, 4, 4, 8]);
    }
    sizes
}

/// Where each array's length lies in the bytes.
fn length_positions(bytes: &[u8]) -> Vec<usize> {
    let mut at = 8;
    let mut found = Vec::new();
    for size in element_sizes() {
        found.push(at);
        let len = u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap()) as usize;
        at += 8 + (len * size).next_multiple_of(8);
    }
    assert_eq!(at, bytes.len(), "the format as the test reads it");
    found
}

/// Writes `bytes` at `at` in the file, maps it and, when it maps, asks it every query: none of
/// it may panic. Puts the old bytes back after.
fn damaged(file: &mut std::fs::File, pad: usize, at: usize, bytes: &[u8], old: &[u8]) -> bool {
    let put = |file: &mut std::fs::File, b: &[u8]| {
        file.seek(SeekFrom::Start((pad + at) as u64)).unwrap();
        file.write_all(b).unwrap();
    };
    put(file, bytes);
    let region = Region::map(file).unwrap().unwrap();
    let engine = Engine::map(&region.sub(pad..region.len()).unwrap());
    let mapped = engine.is_some();
    if let Some(mut engine) = engine {
        engine.set_reviews(marks(engine.len()));
        answers(&engine, DAMAGED_QUERIES, 5);
    }
    put(file, old);
    mapped
}

#[test]
fn damaged_lengths_and_bytes_map_to_none_or_answer_harmlessly() {
    let (_tmp, bytes, mut file) = to_damage();
    for at in length_positions(&bytes) {
        let old = &bytes[at..at + 8];
        let len = u64::from_le_bytes(old.try_into().unwrap());
        // Past the region, or a multiplication that overflows: refused.
        for bad in [u64::MAX, 1 << 61, len ^ 1 << 40] {
            let mapped = damaged(&mut file, 8, at, &bad.to_le_bytes(), old);
            assert!(!mapped, "length at {at} made {bad}");
        }
        // One more or fewer may still fit within a byte array's padding: no panic either way.
        for bad in [0, len + 1, len.wrapping_sub(1), len ^ 1 << 20] {
            damaged(&mut file, 8, at, &bad.to_le_bytes(), old);
        }
    }
    // Bytes flipped anywhere (a fixed seed): most land in text or postings and still map.
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut kept = 0;
    for _ in 0..3000 {
        let at = next() as usize % bytes.len();
        let flipped = bytes[at] ^ (1 << (next() % 8));
        kept += usize::from(damaged(&mut file, 8, at, &[flipped], &bytes[at..at + 1]));
    }
    assert!(
        kept > 0,
        "some flips land where only access-time checks see them"
    );
}

/// Each array's first, second, middle and last elements, each number in them set to values a
/// damaged file could hold: every range, id and offset the index reads at access is checked.
#[test]
fn damaged_records_map_to_none_or_answer_harmlessly() {
    let (_tmp, bytes, mut file) = to_damage();
    let (mut cases, mut kept) = (0, 0);
    for (at, size) in length_positions(&bytes).into_iter().zip(element_sizes()) {
        let len = u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap()) as usize;
        // Numbers in the element: u64s, u16s, or u32s (records of several); bytes are text.
        let width = match size {
            8 | 2 => size,
            1 => continue,
            _ => 4,
        };
        let mut elements = vec![0, 1, len / 2, len.saturating_sub(1)];
        elements.dedup();
        for e in elements.into_iter().filter(|&e| e < len) {
            for word in (0..size / width).map(|w| at + 8 + e * size + w * width) {
                let old = &bytes[word..word + width];
                for value in [0u64, 1, u64::MAX, 1 << (width * 8 - 1), len as u64] {
                    let new = &value.to_le_bytes()[..width];
                    cases += 1;
                    kept += usize::from(damaged(&mut file, 8, word, new, old));
                }
            }
        }
    }
    assert!(cases > 1000 && kept > 0, "{cases} cases, {kept} mapped");
}
