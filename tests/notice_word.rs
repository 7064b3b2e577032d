//! Notices saved as Word 97–2003 (.doc) or WPS Writer (.wps) files, read by `lvzhi admit`:
//! the fixtures were made by LibreOffice (tests/fixtures/notices/README.md says how).

mod common;

use common::{lvzhi, stderr, stdout, task_texts};

use common::notice_fixture as fixture;

fn json(args: &[&str]) -> serde_json::Value {
    let out = lvzhi(args);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("JSON")
}

#[test]
fn a_doc_notice_gives_its_title_reference_and_tasks() {
    let value = json(&["admit", "--file", &fixture("notice.doc"), "--json"]);
    common::assert_county_notice(&value, "notice.doc");
}

#[test]
fn a_task_table_in_a_doc_gives_a_task_a_row_with_its_lead() {
    let value = json(&["admit", "--file", &fixture("table.doc"), "--json"]);
    assert_eq!(value["doc_ref"], "玛政办发〔2026〕12号");
    assert_eq!(
        task_texts(&value),
        [
            "开展燃气安全隐患排查整治",
            "开展农村自建房安全排查",
            "组织冬季森林草原防火巡查",
        ]
    );
    let leads: Vec<&str> = value["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["lead"].as_str().unwrap())
        .collect();
    assert_eq!(leads, ["县住建局", "县住建局", "县林草局"]);
    assert_eq!(value["tasks"][2]["deadline"], "2026年12月31日前");
}

#[test]
fn a_doc_named_wps_or_txt_reads_the_same() {
    let expected = stdout(&lvzhi(&[
        "admit",
        "--file",
        &fixture("notice.doc"),
        "--json",
    ]));
    let dir = tempfile::tempdir().unwrap();
    for name in ["通知.wps", "通知.WPS", "通知.txt"] {
        let path = dir.path().join(name);
        std::fs::copy(fixture("notice.doc"), &path).unwrap();
        let out = lvzhi(&["admit", "--file", path.to_str().unwrap(), "--json"]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        assert_eq!(stdout(&out), expected, "{name}");
    }
}

#[test]
fn a_bad_doc_is_named_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, bytes: &[u8]| common::write_file(dir.path(), name, bytes);
    let notice = std::fs::read(fixture("notice.doc")).unwrap();
    let mut garbage = notice[..8].to_vec();
    garbage.extend((0..8192u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8));
    // A container cfb reads, its WordDocument stream empty.
    let mut empty_stream = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    empty_stream.create_stream("/WordDocument").unwrap();
    empty_stream.flush().unwrap();
    let empty_stream = empty_stream.into_inner().into_inner();
    let cases = [
        (file("半截.doc", &notice[..5000]), "像是没下载完或被截断"),
        (
            file("整扇区.doc", &notice[..notice.len() / 2]),
            "文件已损坏或不完整",
        ),
        (file("乱码.doc", &garbage), "文件已损坏或不完整"),
        (file("空流.wps", &empty_stream), "WordDocument 流太短"),
        (fixture("empty.doc"), "是空的"),
    ];
    for (path, says) in cases {
        common::assert_refused(&path, says);
    }
}
