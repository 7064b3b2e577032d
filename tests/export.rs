//! Exports for the office, from the real lists and fixed reviews: golden files for csv and md,
//! the xlsx read back with calamine, and the commands as a user runs them.

mod common;

use calamine::{Reader, Xlsx};
use common::{lvzhi, stderr, stdout};
use lvzhi::export::{self, Format, Options};
use lvzhi::review::{Review, Reviews};
use lvzhi::{Dataset, ListKind, Status};

/// Three reviewed items whose text needs quoting: basic-58 has an ASCII comma, coop-19's
/// duties are numbered steps (line breaks) and its note has a line break and a double quote.
fn reviews() -> Reviews {
    let review = |status, note: &str| Review {
        status,
        note: note.to_string(),
        reviewer: "张三".into(),
        updated_at: "2026-11-29 10:00:00".into(),
        draft: None,
    };
    let mut reviews = Reviews::new();
    reviews.insert("basic-58".into(), review(Some(Status::Agree), ""));
    reviews.insert(
        "coop-19".into(),
        review(
            Some(Status::Dispute),
            "养犬登记应由公安办理，\n镇里只配合\"入户宣传\"",
        ),
    );
    reviews.insert(
        "recalled-6".into(),
        review(None, "检疫已移交，核对承接部门"),
    );
    reviews.insert(
        "coop-2".into(),
        Review {
            draft: Some("只有草稿，不算已审".into()),
            ..Review::default()
        },
    );
    reviews
}

fn render(format: Format, options: Options) -> Vec<u8> {
    export::render(&Dataset::embedded().unwrap(), &reviews(), format, options).unwrap()
}

/// Compares with a file under tests/golden; `UPDATE_GOLDEN=1` writes it instead.
fn assert_golden(name: &str, bytes: &[u8]) {
    let path = common::repo_file(&format!("tests/golden/{name}"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, bytes).unwrap();
    }
    let expected = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        expected == bytes,
        "{name} differs from tests/golden/{name}:\n{}",
        String::from_utf8_lossy(bytes)
    );
}

const REVIEWED: Options = Options {
    list: None,
    only_reviewed: true,
};

#[test]
fn csv_has_a_bom_crlf_records_and_quotes_commas_quotes_and_line_breaks() {
    let bytes = render(Format::Csv, REVIEWED);
    assert_golden("reviewed.csv", &bytes);
    assert!(bytes.starts_with("\u{FEFF}清单,序号,事项类别,事项名称,".as_bytes()));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert_eq!(text.matches("\r\n").count(), 4, "header and three records");
    // Read back, the cells are the text exactly.
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3, "a draft alone is not reviewed");
    let dataset = Dataset::embedded().unwrap();
    let basic_58 = dataset.find("basic-58").unwrap();
    assert!(basic_58.title.contains(','));
    assert_eq!(&rows[0][3], basic_58.title);
    assert_eq!(&rows[1][7], "有异议");
    assert_eq!(
        &rows[1][8],
        "养犬登记应由公安办理，\n镇里只配合\"入户宣传\""
    );
    assert!(rows[1][5].starts_with("1. 县公安局负责收集养犬人员基本信息"));
    assert!(rows[1][5].contains("\n2. 县住房和城乡建设局"));
    assert_eq!(
        (&rows[2][7], &rows[2][8], &rows[2][9]),
        ("", "检疫已移交，核对承接部门", "张三")
    );
}

#[test]
fn one_lists_csv_has_its_published_columns() {
    let bytes = render(
        Format::Csv,
        Options {
            list: Some(ListKind::Coop),
            only_reviewed: false,
        },
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let header = text.lines().next().unwrap();
    assert_eq!(
        header,
        "序号,事项类别,事项名称,对应上级部门,上级部门职责,六户地镇配合职责,审核状态,备注,审核人,审核时间"
    );
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(reader.records().count(), 99);
}

#[test]
fn markdown_minutes_group_by_list_and_verdict_with_notes_quoted() {
    let bytes = render(Format::Markdown, REVIEWED);
    assert_golden("reviewed.md", &bytes);
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("已审 3/3 项"));
    assert!(text.contains("### 有异议（1 项）\n\n- 配合 第 19 项 文明养犬管理工作"));
    assert!(text.contains("  > 养犬登记应由公安办理，\n  > 镇里只配合\"入户宣传\"\n"));
}

#[test]
fn json_puts_a_review_or_null_on_every_item() {
    let bytes = render(Format::Json, Options::default());
    let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let items = value["items"].as_array().unwrap();
    assert_eq!(items.len(), 252);
    let by_id = |id: &str| items.iter().find(|i| i["id"] == id).unwrap();
    assert_eq!(by_id("coop-19")["review"]["status"], "dispute");
    assert_eq!(by_id("coop-19")["review"]["reviewer"], "张三");
    assert!(by_id("coop-19")["review"].get("draft").is_none());
    assert_eq!(by_id("coop-2")["review"]["draft"], "只有草稿，不算已审");
    assert!(by_id("basic-1")["review"].is_null());
    // Still the dataset schema: it loads as a dataset.
    let dataset = Dataset::from_json(std::str::from_utf8(&bytes).unwrap(), "export").unwrap();
    assert_eq!(dataset, Dataset::embedded().unwrap());
}

/// A sheet's row as text.
fn row(sheet: &calamine::Range<calamine::Data>, n: usize) -> Vec<String> {
    sheet
        .rows()
        .nth(n)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect()
}

#[test]
fn xlsx_read_back_has_a_sheet_per_list_the_columns_and_the_notes() {
    let bytes = render(Format::Xlsx, Options::default());
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "基本履职事项清单",
            "配合履职事项清单",
            "上级部门收回事项清单"
        ]
    );
    let coop = book.worksheet_range("配合履职事项清单").unwrap();
    assert_eq!(coop.height(), 101, "title, header and 99 items");
    assert_eq!(row(&coop, 0)[0], "昌吉州玛纳斯县六户地镇配合履职事项清单");
    let header = row(&coop, 1);
    assert_eq!(
        header,
        [
            "序号",
            "事项类别",
            "事项名称",
            "对应上级部门",
            "上级部门职责",
            "六户地镇配合职责",
            "审核状态",
            "备注",
            "审核人",
            "审核时间"
        ]
    );
    let row_19 = row(&coop, 20);
    assert_eq!(row_19[0], "19");
    assert_eq!(row_19[2], "文明养犬管理工作");
    assert_eq!(row_19[6], "有异议");
    assert_eq!(row_19[7], "养犬登记应由公安办理，\n镇里只配合\"入户宣传\"");
    let recalled = book.worksheet_range("上级部门收回事项清单").unwrap();
    let header = row(&recalled, 1);
    assert_eq!(&header[3..5], ["承接部门", "工作方式"]);
    assert_eq!(recalled.height(), 45);
}

#[test]
fn mark_then_export_from_the_shell() {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("team.db");
    let review = review.to_str().unwrap();
    let out = lvzhi(&[
        "mark",
        "c19",
        "有异议",
        "--note",
        "公安牵头",
        "--review",
        review,
        "--reviewer",
        "李四",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("coop-19：有异议，备注已保存（李四，"));
    let out = lvzhi(&["mark", "b44", "agree", "--review", review]);
    assert!(out.status.success(), "{}", stderr(&out));

    let md = lvzhi(&[
        "export",
        "--format",
        "md",
        "--only-reviewed",
        "--review",
        review,
    ]);
    assert!(md.status.success(), "{}", stderr(&md));
    let md = stdout(&md);
    assert!(md.contains("已审 2/2 项"), "{md}");
    assert!(md.contains("  > 公安牵头\n  >\n  > —— 李四，"));

    let xlsx = dir.path().join("结果.xlsx");
    let out = lvzhi(&[
        "export",
        "--format",
        "xlsx",
        "--list",
        "coop",
        "--review",
        review,
        "-o",
        xlsx.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert_eq!(book.sheet_names(), ["配合履职事项清单"]);
    let sheet = book.worksheet_range("配合履职事项清单").unwrap();
    assert_eq!(sheet.get_value((20, 7)).unwrap().to_string(), "公安牵头");
}

#[test]
fn bad_marks_and_review_files_exit_2_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("review.db");
    let review = review.to_str().unwrap();
    let out = lvzhi(&["mark", "c19", "maybe", "--review", review]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("「maybe」不是审核状态"),
        "{}",
        stderr(&out)
    );
    let out = lvzhi(&["mark", "c100", "agree", "--review", review]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("没有事项 coop-100"),
        "{}",
        stderr(&out)
    );

    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "会议记录\n").unwrap();
    let out = lvzhi(&["mark", "c19", "agree", "--review", notes.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("notes.txt"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "会议记录\n");

    // A review file not made yet is read as an empty one (issue 23), and the export says so.
    let missing = dir.path().join("typo.db");
    let out = lvzhi(&[
        "export",
        "--format",
        "csv",
        "--review",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("typo.db 还不存在"),
        "{}",
        stderr(&out)
    );
    assert!(!missing.exists(), "an export creates no review file");
}
