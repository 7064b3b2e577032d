//! `lvzhi admit --file X.pdf`: a notice printed to PDF by LibreOffice is judged as the text
//! it was printed from; a damaged, scanned, locked or blank PDF is named in one line.

mod common;

use common::{lvzhi, stderr, stdout};

use common::notice_fixture as fixture;

/// The title, 文号 and the tasks' texts `admit --json` finds in a notice file.
fn reading(path: &str) -> (serde_json::Value, serde_json::Value, Vec<String>) {
    let out = lvzhi(&["admit", "--no-meaning", "--file", path, "--json"]);
    assert!(out.status.success(), "{path}: {}", stderr(&out));
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let tasks = value["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap().to_string())
        .collect();
    (value["title"].clone(), value["doc_ref"].clone(), tasks)
}

#[test]
fn a_pdf_notice_is_judged_as_the_text_it_was_printed_from() {
    let cases = [
        ("pdf_notice.txt", "pdf_notice.pdf"),
        ("pdf_notice.txt", "pdf_notice_from_docx.pdf"),
        ("pdf_notice_long.txt", "pdf_notice_long.pdf"),
        // 160 clauses on 31 pages, "第 1 页 共 31 页" at each foot, set ragged right.
        ("pdf_notice_31_pages.txt", "pdf_notice_31_pages.pdf"),
    ];
    for (source, printed) in cases {
        let expected = reading(&fixture(source));
        assert!(
            expected.0.is_string() && expected.1.is_string(),
            "{expected:?}"
        );
        assert!(expected.2.len() >= 3, "{expected:?}");
        assert_eq!(reading(&fixture(printed)), expected, "{printed}");
    }
}

#[test]
fn a_pdf_named_as_text_is_still_read_as_a_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("通知.txt");
    std::fs::copy(fixture("pdf_notice.pdf"), &path).unwrap();
    assert_eq!(
        reading(path.to_str().unwrap()),
        reading(&fixture("pdf_notice.txt"))
    );
}

#[test]
fn a_bad_pdf_is_named_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| common::write_file(dir.path(), name, bytes);
    let whole = std::fs::read(fixture("pdf_notice.pdf")).unwrap();
    let mut noise = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    noise.extend((0..50_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    // No page size anywhere (the key renamed, its length kept): pdf-extract panics on it.
    let mut no_size = whole.clone();
    while let Some(at) = no_size.windows(9).position(|w| w == b"/MediaBox") {
        no_size[at + 8] = b'Y';
    }
    let cases = [
        (write("无尺寸.pdf", &no_size), "第 1 页读不了"),
        (
            write("截断.pdf", &whole[..whole.len() / 2]),
            "不是可读的 PDF",
        ),
        (write("乱码.pdf", &noise), "不是可读的 PDF"),
        (fixture("pdf_scanned.pdf"), "是扫描件 PDF，没有文字层（1 页"),
        (fixture("pdf_password.pdf"), "设了打开密码"),
        (fixture("pdf_blank.pdf"), "是空的"),
    ];
    for (path, says) in cases {
        common::assert_refused(&path, says);
    }
}
