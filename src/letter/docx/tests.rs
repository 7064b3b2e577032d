//! The .docx read back with zip and quick-xml (the helpers tests/common/docx.rs shares with the
//! integration tests): the text in order, the page, the grid, the fonts, the footers.

use super::*;
use crate::date::Date;
use crate::letter::{Column, Kind, Table};

#[allow(dead_code)]
#[path = "../../../tests/common/docx.rs"]
mod read;

use read::{number, paragraph, paragraphs};

fn letter() -> Letter {
    Letter {
        kind: Kind::Return,
        title: "六户地镇人民政府关于退回追缴高龄津贴任务的函".into(),
        to: "玛纳斯县民政局".into(),
        body: vec![
            Block::Text("贵局《关于追缴高龄津贴的通知》收悉。经对照《六户地镇履行职责事项清单》，追缴高龄津贴属县民政局职责，不在本镇基本履职事项清单和配合履职事项清单之内。".into()),
            Block::Text("现将该项任务退回，请予支持。".into()),
        ],
        sender: "六户地镇人民政府".into(),
        date: Date::new(2026, 12, 2).unwrap(),
        note: Some("联系人：张三，电话：0994-6601234".into()),
        cc: vec!["中共玛纳斯县委机构编制委员会办公室".into()],
    }
}

/// The 调整申请 with its 7-column table: `rows` rows.
fn adjustment(rows: usize) -> Letter {
    let columns = [
        ("序号", 3),
        ("清单", 4),
        ("编号", 3),
        ("事项名称", 6),
        ("调整内容", 7),
        ("主要依据", 7),
        ("理由", 8),
    ];
    let rows = (1..=rows)
        .map(|n| {
            vec![
                n.to_string(),
                "配合履职".into(),
                format!("c{n}"),
                "农村低保对象动态管理".into(),
                "现为：配合\n建议为：基本".into(),
                "《社会救助暂行办法》第十一条".into(),
                "本镇已承担入户调查和公示，县局只作审批。".into(),
            ]
        })
        .collect();
    Letter {
        kind: Kind::Adjust,
        title: "六户地镇人民政府关于申请动态调整履行职责事项清单的请示".into(),
        to: "中共玛纳斯县委机构编制委员会办公室".into(),
        body: vec![
            Block::Text("根据清单动态调整的有关规定，现将本镇申请调整的事项报告如下：".into()),
            Block::Table(Table {
                columns: columns
                    .iter()
                    .map(|(name, share)| Column {
                        name: (*name).into(),
                        share: *share,
                    })
                    .collect(),
                rows,
            }),
            Block::Text("妥否，请批示。".into()),
        ],
        note: None,
        cc: Vec::new(),
        ..letter()
    }
}

fn rendered(letter: &Letter) -> read::Package {
    read::open(&render(letter).expect("a .docx"))
}

#[test]
fn the_text_reads_in_order() {
    let docx = rendered(&letter());
    let text: Vec<String> = paragraphs(&docx.xml("word/document.xml"))
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    assert_eq!(
        text,
        [
            "六户地镇人民政府关于退回追缴高龄津贴任务的函",
            "玛纳斯县民政局：",
            "贵局《关于追缴高龄津贴的通知》收悉。经对照《六户地镇履行职责事项清单》，追缴高龄津贴属县民政局职责，不在本镇基本履职事项清单和配合履职事项清单之内。",
            "现将该项任务退回，请予支持。",
            "六户地镇人民政府",
            "2026年12月2日",
            "（联系人：张三，电话：0994-6601234）",
            "抄送：中共玛纳斯县委机构编制委员会办公室。",
        ]
    );
}

#[test]
fn the_page_is_a4_with_the_standards_margins_and_grid() {
    let document = rendered(&letter()).xml("word/document.xml");
    let section = document.find("w:sectPr").expect("a section");
    assert_eq!(number(section, "w:pgSz", "w:w"), 11906);
    assert_eq!(number(section, "w:pgSz", "w:h"), 16838);
    // 37, 35, 28 and 26 mm at 1440 / 25.4 twips a millimetre.
    for (side, mm) in [
        ("w:top", 37.0),
        ("w:bottom", 35.0),
        ("w:left", 28.0),
        ("w:right", 26.0),
    ] {
        let twips = number(section, "w:pgMar", side) as f64;
        assert!((twips - mm * 1440.0 / 25.4).abs() <= 0.5, "{side}: {twips}");
    }
    let grid = section.find("w:docGrid").expect("a grid");
    assert_eq!(grid.attr("w:type"), Some("lines"));
    assert_eq!(grid.attr("w:linePitch"), Some("579"));
    assert_eq!(grid.attr("w:charSpace"), Some("-842"));
}

#[test]
fn title_and_body_have_their_faces_and_sizes() {
    let document = rendered(&letter()).xml("word/document.xml");
    let title = paragraph(&document, "六户地镇人民政府关于退回追缴高龄津贴任务的函");
    let body = paragraph(&document, "现将该项任务退回，请予支持。");
    for (p, font, size, align) in [
        (title, TITLE_FONT, 44, "center"),
        (body, TEXT_FONT, 32, "both"),
    ] {
        let run = p.find("w:r").expect("a run");
        let fonts = run.find("w:rFonts").expect("fonts");
        for attr in ["w:eastAsia", "w:ascii", "w:hAnsi"] {
            assert_eq!(fonts.attr(attr), Some(font), "{attr}");
        }
        assert_eq!(number(run, "w:sz", "w:val"), size);
        assert_eq!(p.find("w:jc").and_then(|j| j.attr("w:val")), Some(align));
        assert_eq!(number(p, "w:spacing", "w:line"), 579);
    }
    // 28 三号 characters of 320 − 5 twips fill the 8845-twip line.
    assert_eq!(
        number(body.find("w:r").expect("a run"), "w:spacing", "w:val"),
        -5
    );
    assert_eq!(number(body, "w:ind", "w:firstLine"), 630);
    let to = paragraph(&document, "玛纳斯县民政局：");
    assert!(to.find("w:ind").is_none(), "主送 is 顶格");
}

#[test]
fn the_sender_is_centred_over_the_date_four_characters_from_the_right() {
    let document = rendered(&letter()).xml("word/document.xml");
    let right = |text| number(paragraph(&document, text), "w:ind", "w:right");
    assert_eq!(right("2026年12月2日"), 4 * 315);
    // The date is 6.5 characters wide, the sender 8: 4 − 0.75 characters.
    assert_eq!(right("六户地镇人民政府"), 13 * 315 / 4);
    assert_eq!(sender_indent(&"很".repeat(30), "2026年12月2日"), 0);
}

#[test]
fn the_copies_sit_between_two_full_width_rules() {
    let document = rendered(&letter()).xml("word/document.xml");
    let all = document.all("w:p");
    let at = all
        .iter()
        .position(|p| p.text().starts_with("抄送："))
        .expect("抄送");
    let above = all[at - 1].find("w:pBdr").and_then(|b| b.child("w:bottom"));
    let below = all[at + 1].find("w:pBdr").and_then(|b| b.child("w:top"));
    for rule in [above, below] {
        assert_eq!(rule.and_then(|r| r.attr("w:sz")), Some("8"), "0.35 mm");
    }
    for rule in [all[at - 1], all[at + 1]] {
        let sides = rule.find("w:pBdr").map(|b| b.children.len());
        assert_eq!(sides, Some(1), "a line, not a box");
    }
    assert!(
        all[at - 1].find("w:ind").is_none(),
        "the rule spans the 版心"
    );
    assert_eq!(number(all[at], "w:ind", "w:right"), 280);
    assert_eq!(number(all[at], "w:sz", "w:val"), 28);
}

#[test]
fn the_fonts_are_in_the_font_table_with_their_fallbacks() {
    let docx = rendered(&letter());
    let table = docx.xml("word/fontTable.xml");
    let faces: Vec<(&str, &str)> = table
        .children("w:font")
        .into_iter()
        .map(|f| {
            let alt = f.child("w:altName").and_then(|a| a.attr("w:val"));
            (f.attr("w:name").unwrap_or(""), alt.unwrap_or(""))
        })
        .collect();
    for face in [
        (TITLE_FONT, "华文中宋"),
        (TEXT_FONT, "仿宋"),
        ("仿宋", "FangSong"),
        (PAGE_FONT, "SimSun"),
        (HEADER_FONT, "SimHei"),
    ] {
        assert!(faces.contains(&face), "{face:?} in {faces:?}");
    }
    let styles = docx.xml("word/styles.xml");
    let lang = styles.find("w:rPrDefault").and_then(|d| d.find("w:lang"));
    assert_eq!(lang.and_then(|l| l.attr("w:eastAsia")), Some("zh-CN"));
}

#[test]
fn odd_and_even_pages_have_their_page_numbers() {
    let docx = rendered(&letter());
    let document = docx.xml("word/document.xml");
    let section = document.find("w:sectPr").expect("a section");
    let types: Vec<&str> = section
        .children("w:footerReference")
        .iter()
        .filter_map(|r| r.attr("w:type"))
        .collect();
    assert_eq!(types, ["default", "even"]);
    assert!(
        docx.xml("word/settings.xml")
            .find("w:evenAndOddHeaders")
            .is_some()
    );
    for (part, odd) in [("word/footer1.xml", true), ("word/footer2.xml", false)] {
        let footer = docx.xml(part);
        let number = footer.find("w:p").expect("a line");
        let field = number.find("w:instrText").map(read::Element::content);
        assert_eq!(field.as_deref().map(str::trim), Some("PAGE"), "{part}");
        assert!(number.text().starts_with("— ") && number.text().ends_with(" —"));
        let (side, align) = if odd {
            ("w:right", "right")
        } else {
            ("w:left", "left")
        };
        assert_eq!(read::number(number, "w:ind", side), 280, "{part}");
        assert_eq!(
            number.find("w:jc").and_then(|j| j.attr("w:val")),
            Some(align)
        );
    }
}

#[test]
fn a_table_fills_the_width_and_repeats_its_header() {
    let document = rendered(&adjustment(3)).xml("word/document.xml");
    let table = document.find("w:tbl").expect("a table");
    let grid: Vec<i64> = table
        .all("w:gridCol")
        .iter()
        .map(|c| c.attr("w:w").and_then(|w| w.parse().ok()).unwrap_or(0))
        .collect();
    assert_eq!(grid.len(), 7);
    assert_eq!(grid.iter().sum::<i64>(), 8845);
    assert!((grid[6] - 8845 * 8 / 38).abs() <= 1, "by share: {grid:?}");
    let rows = table.children("w:tr");
    assert_eq!(rows.len(), 4);
    assert!(rows[0].find("w:tblHeader").is_some());
    assert!(rows[1].find("w:tblHeader").is_none());
    assert!(rows.iter().all(|r| r.find("w:cantSplit").is_some()));
    let header: Vec<String> = rows[0].children("w:tc").iter().map(|c| c.text()).collect();
    assert_eq!(
        header,
        [
            "序号",
            "清单",
            "编号",
            "事项名称",
            "调整内容",
            "主要依据",
            "理由"
        ]
    );
    let fonts = rows[0].find("w:rFonts").and_then(|f| f.attr("w:eastAsia"));
    assert_eq!(fonts, Some(HEADER_FONT));
    let cells = rows[2].children("w:tc");
    assert_eq!(cells[2].text(), "c2");
    let lines: Vec<String> = cells[4].children("w:p").iter().map(|p| p.text()).collect();
    assert_eq!(lines, ["现为：配合", "建议为：基本"]);
    assert_eq!(number(cells[0], "w:sz", "w:val"), 24);
    assert_eq!(
        cells[0].find("w:vAlign").and_then(|v| v.attr("w:val")),
        Some("center")
    );
}

/// Word drops a w:rFonts written after w:sz, as docx-rs writes it, and reads w:pPr's
/// children only in the schema's order: `amend` puts them so.
#[test]
fn properties_are_in_the_schemas_order() {
    let docx = rendered(&adjustment(2));
    let names = |e: &read::Element| -> Vec<String> {
        let children = e.children.iter().filter_map(|n| match n {
            read::Node::Element(c) => Some(c.name.clone()),
            read::Node::Text(_) => None,
        });
        children.collect()
    };
    let before = |list: &[String], a: &str, b: &str| {
        let at = |n| list.iter().position(|x| x == n);
        at(a).zip(at(b)).is_none_or(|(a, b)| a < b)
    };
    for part in ["word/document.xml", "word/styles.xml", "word/footer1.xml"] {
        let xml = docx.xml(part);
        for rpr in xml.all("w:rPr") {
            let list = names(rpr);
            assert!(before(&list, "w:rFonts", "w:sz"), "{part}: {list:?}");
            assert!(before(&list, "w:spacing", "w:sz"), "{part}: {list:?}");
        }
        for ppr in xml.all("w:pPr") {
            let list = names(ppr);
            assert!(before(&list, "w:spacing", "w:jc"), "{part}: {list:?}");
            assert!(before(&list, "w:jc", "w:rPr"), "{part}: {list:?}");
        }
    }
    let settings = docx.xml("word/settings.xml");
    assert!(settings.child("w:characterSpacingControl").is_some());
    let defaults = docx.xml("word/styles.xml");
    let paragraph = defaults.find("w:pPrDefault").expect("paragraph defaults");
    assert_eq!(number(paragraph, "w:autoSpaceDN", "w:val"), 0);
}

#[test]
fn what_others_wrote_reaches_the_xml_without_controls() {
    let mut letter = letter();
    letter.sender = "六户地镇\x1b[31m人民政府\x1b[0m\x07".into();
    letter.note = Some("联系人：张三\t电话：\u{202E}1234\u{FFFF}\r\n".into());
    letter.body = vec![Block::Text("第一段\x00。\r\n第二段。".into())];
    letter.to = "A&B<C>\"'".into();
    let docx = rendered(&letter);
    for name in docx.names() {
        docx.xml(name);
    }
    let text = paragraphs(&docx.xml("word/document.xml"));
    for expected in [
        "A&B<C>\"'：",
        "六户地镇人民政府",
        "（联系人：张三 电话：1234 ）",
        "第一段。",
        "第二段。",
    ] {
        assert!(
            text.iter().any(|t| t == expected),
            "{expected:?} in {text:?}"
        );
    }
}

#[test]
fn the_same_letter_gives_the_same_bytes_with_its_own_date() {
    let first = render(&letter()).expect("a .docx");
    // docx-rs counts paragraphs per thread: some made and dropped must change nothing.
    drop((0..5).map(|_| Paragraph::new()).collect::<Vec<_>>());
    assert_eq!(render(&letter()).expect("a .docx"), first);
    let docx = read::open(&first);
    assert!(
        docx.stamps.iter().all(|s| s == "1980-01-01 00:00:00"),
        "{:?}",
        docx.stamps
    );
    let core = docx.xml("docProps/core.xml");
    let field = |name| core.find(name).map(read::Element::content);
    assert_eq!(field("dc:title").as_deref(), Some(letter().title.as_str()));
    assert_eq!(field("dc:creator").as_deref(), Some("lvzhi"));
    for name in ["dcterms:created", "dcterms:modified"] {
        assert_eq!(field(name).as_deref(), Some("2026-12-02T00:00:00Z"));
    }
}
