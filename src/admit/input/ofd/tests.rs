use std::io::Write;

use super::layout::{deltas, page_number};
use super::*;

const NS: &str = "xmlns:ofd=\"http://www.ofdspec.org/2016\"";

/// A zip of `members` (name, content), deflated.
fn zipped(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in members {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(content).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// An .ofd whose one document's pages have these contents (the inside of a Layer), the
/// document's root given as `root` in OFD.xml and its pages located from it.
fn ofd(pages: &[&str]) -> Vec<u8> {
    let ofd = format!(
        "<ofd:OFD {NS}><ofd:DocBody><ofd:DocRoot>/Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
    );
    let list: String = (0..pages.len())
        .map(|i| format!("<ofd:Page ID=\"{i}\" BaseLoc=\"Pages/Page_{i}/Content.xml\"/>"))
        .collect();
    let document = format!("<ofd:Document {NS}><ofd:Pages>{list}</ofd:Pages></ofd:Document>");
    let contents: Vec<(String, String)> = pages
        .iter()
        .enumerate()
        .map(|(i, layer)| {
            (
                format!("Doc_0/Pages/Page_{i}/Content.xml"),
                format!("<ofd:Page {NS}><ofd:Content><ofd:Layer>{layer}</ofd:Layer></ofd:Content></ofd:Page>"),
            )
        })
        .collect();
    let mut members: Vec<(&str, &[u8])> = vec![
        ("OFD.xml", ofd.as_bytes()),
        ("Doc_0/Document.xml", document.as_bytes()),
    ];
    members.extend(contents.iter().map(|(n, c)| (n.as_str(), c.as_bytes())));
    zipped(&members)
}

/// A TextObject of `text` whose box starts at (x, top) and whose baseline is 4 mm below.
fn object(x: f64, top: f64, text: &str) -> String {
    format!(
        "<ofd:TextObject Boundary=\"{x} {top} 100 5\" Size=\"5\" Font=\"1\"><ofd:TextCode X=\"0\" Y=\"4\">{text}</ofd:TextCode></ofd:TextObject>"
    )
}

#[test]
fn objects_are_read_by_position_and_a_template_with_the_page_that_uses_it() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/notices/county-notice.ofd"
    ))
    .unwrap();
    let text = text(&bytes).unwrap();
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
fn a_line_is_its_runs_left_to_right_spaced_only_between_latin_apart() {
    let page = [
        object(60.0, 10.0, "Hello"),
        object(20.0, 10.0, "第一"),
        object(30.0, 10.5, "二"),
        object(80.0, 10.0, "World"),
        object(81.0, 30.0, "2026"),
        object(20.0, 30.0, "年"),
        object(91.2, 30.0, "年"),
        // A run drawn twice over itself for a bold effect.
        object(20.1, 20.0, "加粗"),
        object(20.0, 20.0, "加粗"),
        // A line break inside a TextCode is the XML's layout.
        object(20.0, 40.0, "甲\n乙"),
    ]
    .concat();
    assert_eq!(
        text(&ofd(&[&page])).unwrap(),
        "第一二Hello World\n加粗\n年2026年\n甲 乙\n"
    );
}

#[test]
fn a_page_number_at_the_foot_is_dropped_and_nowhere_else() {
    for number in [
        "- 1 -",
        "— 2 —",
        "3",
        "－4－",
        "第 5 页",
        "第6页 共9页",
        "7/9",
    ] {
        assert!(page_number(number), "{number}");
    }
    for line in ["2026年12月1日", "一、", "12345", "第一页", "1/", "附件1"] {
        assert!(!page_number(line), "{line}");
    }
    let page = [object(20.0, 280.0, "— 1 —"), object(20.0, 10.0, "12")].concat();
    let next = [object(20.0, 10.0, "正文"), object(20.0, 280.0, "2")].concat();
    assert_eq!(text(&ofd(&[&page, &next])).unwrap(), "12\n正文\n");
}

#[test]
fn deltas_positions_and_transforms_place_the_characters() {
    assert_eq!(deltas("1 g 3 2.5 4", 10), [1.0, 2.5, 2.5, 2.5, 4.0]);
    assert_eq!(deltas("g 4000000000 1", 3), [1.0; 3]);
    assert_eq!(deltas("x g", 5), [0.0]);
    // TextCodes after the first take its Y; DeltaY moves characters to another line;
    // a doubling CTM doubles positions; a rotated watermark is left out.
    let page = "<ofd:PageBlock><ofd:PageBlock>\
        <ofd:TextObject Boundary=\"10 50 100 20\" Size=\"5\">\
        <ofd:TextCode X=\"0\" Y=\"4\">下行</ofd:TextCode>\
        <ofd:TextCode X=\"0\" Y=\"-20\" DeltaY=\"g 2 0\">上行开</ofd:TextCode>\
        <ofd:TextCode X=\"15\" DeltaY=\"24\">头面</ofd:TextCode></ofd:TextObject>\
        <ofd:TextObject Boundary=\"10 40 100 20\" Size=\"2.5\" CTM=\"2 0 0 2 0 0\">\
        <ofd:TextCode X=\"0\" Y=\"2\">中行</ofd:TextCode></ofd:TextObject>\
        <ofd:TextObject Boundary=\"10 40 100 20\" Size=\"5\" CTM=\"0.7 -0.7 0.7 0.7 0 0\">\
        <ofd:TextCode X=\"0\" Y=\"2\">水印</ofd:TextCode></ofd:TextObject>\
        </ofd:PageBlock></ofd:PageBlock>";
    assert_eq!(text(&ofd(&[page])).unwrap(), "上行开头\n中行\n下行面\n");
}

#[test]
fn locations_are_resolved_from_the_root_or_the_documents_folder() {
    assert_eq!(resolve("", "/Doc_0/Document.xml"), "Doc_0/Document.xml");
    assert_eq!(
        resolve("Doc_0", "Pages/Page_0/Content.xml"),
        "Doc_0/Pages/Page_0/Content.xml"
    );
    assert_eq!(resolve("Doc_0", "/Doc_0/Tpls/T.xml"), "Doc_0/Tpls/T.xml");
    assert_eq!(
        resolve("Doc_0", "./Pages\\P_0/../P_1/Content.xml"),
        "Doc_0/Pages/P_1/Content.xml"
    );
    assert_eq!(resolve("Doc_0", "../../../x.xml"), "x.xml");
    assert_eq!(folder_of("Doc_0/Document.xml"), "Doc_0");
    assert_eq!(folder_of("Document.xml"), "");
}

#[test]
fn an_encrypted_damaged_or_scanned_ofd_is_named_so() {
    let said = |bytes: &[u8]| text(bytes).unwrap_err().to_string();
    let good = ofd(&[&object(20.0, 10.0, "正文")]);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&good[..])).unwrap();
    let member = |archive: &mut zip::ZipArchive<_>, name: &str| {
        let mut content = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut content).unwrap();
        content
    };
    let ofd_xml = member(&mut archive, "OFD.xml");
    let document = member(&mut archive, "Doc_0/Document.xml");
    let with = |extra: &[(&str, &[u8])]| {
        let mut members: Vec<(&str, &[u8])> = vec![
            ("OFD.xml", ofd_xml.as_bytes()),
            ("Doc_0/Document.xml", document.as_bytes()),
        ];
        members.extend_from_slice(extra);
        zipped(&members)
    };
    let page = |layer: &str| {
        format!(
            "<ofd:Page {NS}><ofd:Content><ofd:Layer>{layer}</ofd:Layer></ofd:Content></ofd:Page>"
        )
    };
    let encrypted = with(&[("Encryptions.xml", b"<Encryptions/>")]);
    assert!(
        said(&encrypted).contains("是加密的 OFD"),
        "{}",
        said(&encrypted)
    );
    let scrambled = with(&[(
        "Doc_0/Pages/Page_0/Content.xml",
        &[0x9c, 0x41, 0xfe, 0x03][..],
    )]);
    assert_eq!(
        said(&scrambled),
        "不是可读的 OFD：Doc_0/Pages/Page_0/Content.xml 不是 XML（可能加了密或已损坏）"
    );
    let missing = with(&[]);
    assert!(
        said(&missing).contains("缺少 Doc_0/Pages/Page_0/Content.xml"),
        "{}",
        said(&missing)
    );
    let scanned = page("<ofd:ImageObject ID=\"1\" Boundary=\"0 0 210 297\" ResourceID=\"2\"/>");
    let scanned = with(&[("Doc_0/Pages/Page_0/Content.xml", scanned.as_bytes())]);
    assert!(
        said(&scanned).contains("是扫描件，没有文字层（1 页都是图片）"),
        "{}",
        said(&scanned)
    );
    let deep = page(&format!(
        "{}{}",
        "<ofd:PageBlock>".repeat(300),
        "</ofd:PageBlock>".repeat(300)
    ));
    let deep = with(&[("Doc_0/Pages/Page_0/Content.xml", deep.as_bytes())]);
    assert!(said(&deep).contains("嵌套超过 256 层"), "{}", said(&deep));
    let no_root = zipped(&[(
        "OFD.xml",
        format!("<ofd:OFD {NS}><ofd:DocBody/></ofd:OFD>").as_bytes(),
    )]);
    assert!(
        said(&no_root).contains("没有文档入口（DocRoot）"),
        "{}",
        said(&no_root)
    );
}

#[test]
fn an_ofd_is_read_within_its_limits_and_a_lying_zip_is_caught_inflating() {
    let limits = Limits {
        member: 64 * 1024,
        total: 100 * 1024,
    };
    // Markup, little text: 40 KB a page.
    let page = object(20.0, 10.0, "开展巡查").repeat(320);
    assert!((35_000..50_000).contains(&page.len()), "{}", page.len());
    assert!(text_within(&ofd(&[&page, &page]), limits).is_ok());
    let e = text_within(&ofd(&[&page, &page, &page]), limits).unwrap_err();
    assert_eq!(
        e.to_string(),
        "不是可读的 OFD：这份 OFD 的 XML 合计解压后超过上限 100 KB：不像一份通知（可能是压缩炸弹）"
    );
    let big = page.repeat(2);
    let e = text_within(&ofd(&[&big]), limits).unwrap_err().to_string();
    assert!(
        e.contains("Doc_0/Pages/Page_0/Content.xml 解压后超过上限 64 KB"),
        "{e}"
    );
    // Headers that say 1000 bytes: caught where inflating passes the limit.
    let mut lying = ofd(&[&big]);
    crate::files::tests::declare(&mut lying, 1000);
    let e = text_within(&lying, limits).unwrap_err().to_string();
    assert!(e.contains("解压后超过上限 64 KB"), "{e}");
    // Text past MAX_TEXT: refused as soon as it is read.
    let long = object(20.0, 10.0, &"开展巡查".repeat(MAX_TEXT / 12 + 1));
    assert_eq!(text(&ofd(&[&long])), Err(NoticeError::TooLong));
}
