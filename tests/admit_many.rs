//! Many notices at once (issue 27): a folder of this week's documents, or several files, read
//! into one answer, one verdict table and one recording.

mod common;

use common::{lvzhi, stderr, stdout};
use serde_json::Value;
use std::path::Path;

#[path = "common/workbooks.rs"]
mod workbooks;

const NOTICE: &str = "玛纳斯县农业农村局\n关于开展农村人居环境整治春季行动的通知\n玛农发〔2026〕12号\n\
各乡镇人民政府：\n为进一步改善农村人居环境，现将有关事项通知如下：\n\
一、开展村庄清洁行动。各乡镇于2026年12月15日前组织清理村内垃圾、杂物。\n\
二、抽调2名干部到县农业农村局集中办公3个月。\n玛纳斯县农业农村局\n2026年12月1日\n";

/// This week's folder: two workbooks, a notice, and what else lands in such a folder: a
/// picture, the lock file WPS leaves beside an open document, and an attachment cut short.
fn week(dir: &Path) {
    std::fs::write(dir.join("1 分解表.xlsx"), workbooks::task_table()).unwrap();
    std::fs::write(dir.join("2 考核细则.xlsx"), workbooks::assessment_sheet()).unwrap();
    std::fs::write(dir.join("3 通知.txt"), NOTICE).unwrap();
    std::fs::write(dir.join("现场.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    std::fs::write(dir.join("~$3 通知.docx"), b"lock").unwrap();
    std::fs::write(dir.join("4 附件.docx"), b"PK\x03\x04cut short").unwrap();
}

fn json(out: &std::process::Output) -> Value {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
    serde_json::from_str(&stdout(out)).unwrap()
}

#[test]
fn a_folder_is_every_notice_in_it_and_a_file_that_cannot_be_read_is_skipped_and_said() {
    let dir = tempfile::tempdir().unwrap();
    week(dir.path());
    let folder = dir.path().to_str().unwrap();
    let out = lvzhi(&["admit", "-f", folder, "--json", "--no-meaning"]);
    let read = json(&out);
    let notices = read["notices"].as_array().unwrap();
    let files: Vec<&str> = notices
        .iter()
        .map(|n| n["file"].as_str().unwrap().rsplit('/').next().unwrap())
        .collect();
    assert_eq!(files, ["1 分解表.xlsx", "2 考核细则.xlsx", "3 通知.txt"]);
    let tasks: Vec<usize> = notices
        .iter()
        .map(|n| n["tasks"].as_array().unwrap().len())
        .collect();
    assert_eq!(tasks, [4, 6, 2]);
    assert_eq!(notices[2]["doc_ref"], "玛农发〔2026〕12号");
    assert_eq!(notices[2]["from"], "玛纳斯县农业农村局");
    // The attachment cut short is named, with why; the picture and the lock file are no notices.
    let skipped = read["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(
        skipped[0]["file"]
            .as_str()
            .unwrap()
            .ends_with("4 附件.docx")
    );
    let said = stderr(&out);
    assert!(
        said.contains("跳过") && said.contains("4 附件.docx") && said.contains("已损坏"),
        "{said}"
    );
    // As text: each notice under its file's name, and what they ask in all.
    let out = lvzhi(&["admit", "-f", folder, "--no-meaning"]);
    let text = stdout(&out);
    for (i, name) in ["1 分解表.xlsx", "2 考核细则.xlsx", "3 通知.txt"]
        .iter()
        .enumerate()
    {
        let head = format!("【{}/3】{}", i + 1, dir.path().join(name).display());
        assert!(text.lines().any(|l| l == head), "{head}: {text}");
    }
    assert!(text.contains("共 3 份通知，12 项任务："), "{text}");
    // The table handed on says which files were not read, and why.
    let out = lvzhi(&["admit", "-f", folder, "--format", "md", "--no-meaning"]);
    let table = stdout(&out);
    let unread = table
        .split("## 读不了的文件")
        .nth(1)
        .expect("the unread files' table");
    assert!(
        unread.contains("4 附件.docx") && unread.contains("已损坏"),
        "{table}"
    );
}

/// The same notice that came twice (saved from the app and from the mailbox) is read once,
/// and the second copy is named as such.
#[test]
fn the_same_notice_twice_in_a_folder_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    week(dir.path());
    // The same words, laid out again: a paragraph broken where a PDF's line ended.
    let again = NOTICE.replace("现将有关事项通知如下：", "现将有关事项\n通知如下：");
    std::fs::write(dir.path().join("5 通知（邮箱）.txt"), again).unwrap();
    let out = lvzhi(&[
        "admit",
        "-f",
        dir.path().to_str().unwrap(),
        "--json",
        "--no-meaning",
    ]);
    let read = json(&out);
    assert_eq!(read["notices"].as_array().unwrap().len(), 3);
    let skipped = read["skipped"].as_array().unwrap();
    let twice = skipped
        .iter()
        .find(|s| s["file"].as_str().unwrap().ends_with("5 通知（邮箱）.txt"))
        .expect("the second copy is said");
    let problem = twice["problem"].as_str().unwrap();
    assert!(
        problem.contains("3 通知.txt") && problem.contains("只读一次"),
        "{problem}"
    );
}

#[test]
fn several_files_make_one_verdict_table_a_row_a_task() {
    let dir = tempfile::tempdir().unwrap();
    week(dir.path());
    let file = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let table = file("判断表.csv");
    let out = lvzhi(&[
        "admit",
        "-f",
        &file("3 通知.txt"),
        "-f",
        &file("2 考核细则.xlsx"),
        "--format",
        "csv",
        "-o",
        &table,
        "--no-meaning",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    let bytes = std::fs::read(&table).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with('\u{FEFF}'), "a BOM, for Excel");
    let mut rows = csv::Reader::from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "序号",
            "文件",
            "来文单位",
            "文号",
            "任务",
            "判断",
            "对应事项",
            "建议",
            "时限",
            "负担信号"
        ]
    );
    let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(
        rows.len(),
        2 + 6,
        "the notice's tasks, then the sheet's, in the order given"
    );
    assert_eq!(&rows[0][1], "3 通知.txt");
    assert_eq!(&rows[0][3], "玛农发〔2026〕12号");
    assert_eq!(&rows[1][5], "清单外", "{:?}", rows[1]);
    assert_eq!(&rows[3][1], "2 考核细则.xlsx");
    assert!(
        rows[3][9].starts_with("依单考核：本项考核超出本镇清单"),
        "{:?}",
        rows[3]
    );
    let numbers: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(numbers, ["1", "2", "3", "4", "5", "6", "7", "8"]);
    // The same as xlsx: a workbook with the same rows.
    let book = file("判断表.xlsx");
    let out = lvzhi(&[
        "admit",
        "-f",
        &file("3 通知.txt"),
        "-f",
        &file("2 考核细则.xlsx"),
        "--format",
        "xlsx",
        "-o",
        &book,
        "--no-meaning",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    use calamine::Reader;
    let mut workbook = calamine::open_workbook_auto(&book).unwrap();
    let range = workbook.worksheet_range("来文任务判断表").unwrap();
    assert_eq!(range.height(), 1 + 8);
    assert_eq!(
        range.get_value((8, 4)).unwrap().to_string(),
        "招商引资：全年引进招商引资项目到位资金5000万元：每少10%扣1分"
    );
    // JSON goes to the file too; a file without a format is asked for one, nothing written.
    let saved = file("判断.json");
    let out = lvzhi(&[
        "admit",
        "-f",
        &file("3 通知.txt"),
        "--format",
        "json",
        "-o",
        &saved,
        "--no-meaning",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    let value: Value = serde_json::from_str(&std::fs::read_to_string(&saved).unwrap()).unwrap();
    assert_eq!(value["doc_ref"], "玛农发〔2026〕12号");
    let unasked = file("判断.csv");
    let out = lvzhi(&["admit", "-f", &file("3 通知.txt"), "-o", &unasked]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--format"), "{}", stderr(&out));
    assert!(!std::path::Path::new(&unasked).exists());
}

#[test]
fn a_folder_recorded_twice_is_recorded_once() {
    let dir = tempfile::tempdir().unwrap();
    week(dir.path());
    let review = dir.path().join("审核.db");
    let args = |folder: &str| {
        lvzhi(&[
            "--review",
            review.to_str().unwrap(),
            "--reviewer",
            "张三",
            "admit",
            "-f",
            folder,
            "--record",
            "--received",
            "2026-12-02",
            "--no-meaning",
        ])
    };
    let folder = dir.path().to_str().unwrap();
    let first = args(folder);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("已记入登记台账：12 项"),
        "{}",
        stderr(&first)
    );
    let again = args(folder);
    assert!(
        stderr(&again).contains("已记入登记台账：0 项"),
        "{}",
        stderr(&again)
    );
    let listed = lvzhi(&["--review", review.to_str().unwrap(), "register", "--json"]);
    let entries = json(&listed);
    let entries = entries
        .as_array()
        .or(entries["entries"].as_array())
        .unwrap()
        .clone();
    assert_eq!(entries.len(), 12);
}

#[test]
fn a_named_file_that_cannot_be_read_stops_all_and_an_empty_folder_is_said() {
    let dir = tempfile::tempdir().unwrap();
    week(dir.path());
    let file = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let out = lvzhi(&[
        "admit",
        "-f",
        &file("3 通知.txt"),
        "-f",
        &file("4 附件.docx"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("4 附件.docx"), "{}", stderr(&out));
    let empty = tempfile::tempdir().unwrap();
    std::fs::write(empty.path().join("照片.jpg"), b"\xff\xd8\xff").unwrap();
    let out = lvzhi(&["admit", "-f", empty.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("没有能读的通知文件"),
        "{}",
        stderr(&out)
    );
    // One file keeps the shape it always had: the notice itself, not a list of one.
    let out = lvzhi(&["admit", "-f", &file("3 通知.txt"), "--json", "--no-meaning"]);
    let one = json(&out);
    assert!(one["notices"].is_null() && one["tasks"].is_array(), "{one}");
}
