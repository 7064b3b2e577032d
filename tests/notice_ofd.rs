//! Notices sent as .ofd (GB/T 33190): the county notice made by hand to the standard
//! (tests/fixtures/notices/make_ofd.py), a real producer's signed file (iOFD, from ofdrw's test
//! resources), and what damaged, mislabelled or empty ones get from `lvzhi admit`.

mod common;

use common::{lvzhi, repo_file, stderr, stdout};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(repo_file(&format!("tests/fixtures/notices/{name}"))).expect("fixture")
}

fn admit_json(path: &std::path::Path) -> serde_json::Value {
    let out = lvzhi(&[
        "admit",
        "--file",
        path.to_str().unwrap(),
        "--json",
        "--no-meaning",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("JSON")
}

/// `bytes` saved as `name` are refused: exit 2, one line naming the file and saying `says`.
fn refused(bytes: &[u8], name: &str, says: &str) {
    let dir = tempfile::tempdir().unwrap();
    common::assert_refused(&common::write_file(dir.path(), name, bytes), says);
}

#[test]
fn the_county_notice_reads_in_reading_order_without_page_numbers() {
    let text = lvzhi::admit::input::read_bytes(&fixture("county-notice.ofd")).unwrap();
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        [
            "玛纳斯县农业农村局",
            "玛农发〔2026〕12号",
            "关于开展农村人居环境整治春季行动的通知",
            "各乡镇人民政府：",
            "为进一步改善农村人居环境，现将有关事项通知如下：",
            "一、开展村庄清洁行动。各乡镇于2026年12月15日前组织清",
            "理村内垃圾、杂物。",
            "二、对农村户厕问题进行摸排整改，建立问题台账。",
            "三、请各乡镇于12月20日前将工作总结报县农业农村局。",
            "玛纳斯县农业农村局",
            "2026年12月1日",
        ]
    );
}

#[test]
fn admit_finds_the_title_number_and_tasks_of_an_ofd_notice_whatever_its_name() {
    let dir = tempfile::tempdir().unwrap();
    // Told by its content: the same file named .txt is read as an .ofd.
    for name in ["county-notice.ofd", "通知.txt"] {
        let path = dir.path().join(name);
        std::fs::write(&path, fixture("county-notice.ofd")).unwrap();
        common::assert_county_notice(&admit_json(&path), name);
    }
}

#[test]
fn a_real_producers_signed_ofd_reads_as_its_pages_show() {
    let text = lvzhi::admit::input::read_bytes(&fixture("ofdrw-n-signed.ofd")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 16, "{text}");
    assert_eq!(
        lines[..4],
        [
            "测试符路桥区卫生局文件",
            "路卫发〔2011〕76号",
            "关于同意张阿三同志辞职的批复",
            "区中医院：",
        ]
    );
    assert_eq!(lines[12], "号）文件精神，经研究，同意张阿三同志辞职。");
    // The second page follows the first, its number at the foot ("— 2 —") dropped; the
    // 版记's office and date stand on one line.
    assert_eq!(
        lines[13..],
        [
            "测试符路桥区卫生局办公室",
            "2011年3月10日",
            "测试符路桥区卫生局办公室2011年3月10日印发",
        ]
    );
    let value = admit_json(&repo_file("tests/fixtures/notices/ofdrw-n-signed.ofd"));
    assert_eq!(value["doc_ref"], "路卫发〔2011〕76号");
    assert_eq!(value["date"], "2011-03-10");
}

#[test]
fn a_damaged_or_empty_ofd_is_refused_with_one_line_naming_it() {
    let good = fixture("county-notice.ofd");
    refused(&good[..good.len() / 2], "truncated.ofd", "但已损坏");
    let mut garbage = b"PK\x03\x04".to_vec();
    garbage.extend((0..4000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    refused(&garbage, "garbage.ofd", "但已损坏");
    // A valid package whose document has no page: nothing to read.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let ns = "xmlns:ofd=\"http://www.ofdspec.org/2016\"";
    zip.start_file("OFD.xml", options).unwrap();
    let ofd = format!(
        "<ofd:OFD {ns}><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
    );
    std::io::Write::write_all(&mut zip, ofd.as_bytes()).unwrap();
    zip.start_file("Doc_0/Document.xml", options).unwrap();
    let document = format!("<ofd:Document {ns}><ofd:Pages/></ofd:Document>");
    std::io::Write::write_all(&mut zip, document.as_bytes()).unwrap();
    let empty = zip.finish().unwrap().into_inner();
    refused(&empty, "empty.ofd", "是空的");
}
