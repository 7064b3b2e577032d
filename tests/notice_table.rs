//! Task tables and assessment sheets read as notices (issue 27): workbooks as Excel, WPS and
//! LibreOffice save them, with title rows, merged cells and hidden columns, and CSV.

mod common;

use common::{lvzhi, repo_file, stderr, stdout};
use rust_xlsxwriter::Workbook;

#[path = "common/workbooks.rs"]
mod workbooks;
use serde_json::Value;
use workbooks::{assessment_sheet, task_table};

use common::write_file as write;

fn admit_json(path: &str) -> Value {
    let out = lvzhi(&["admit", "--file", path, "--json", "--no-meaning"]);
    assert_eq!(out.status.code(), Some(0), "{path}: {}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

fn field<'a>(task: &'a Value, name: &str) -> &'a str {
    task[name].as_str().unwrap_or_default()
}

/// The task table as each producer saved it reads the same: four tasks, each its row's, with
/// the lead merged down two rows, the deadline, the hidden column's words nowhere.
fn assert_task_table(json: &Value, from: &str) {
    assert_eq!(
        json["title"], "玛纳斯县2026年冬季农村人居环境整治任务分解表",
        "{from}"
    );
    let tasks = json["tasks"].as_array().unwrap();
    let texts: Vec<&str> = tasks.iter().map(|t| field(t, "text")).collect();
    assert_eq!(texts.len(), 4, "{from}: {texts:?}");
    assert!(
        texts[0].starts_with("开展村庄清洁行动："),
        "{from}: {texts:?}"
    );
    assert!(texts[3].contains("开展秸秆禁烧巡查"), "{from}: {texts:?}");
    assert!(
        texts.iter().all(|t| !t.contains("旧：")),
        "{from}: a hidden column was read: {texts:?}"
    );
    let leads: Vec<&str> = tasks.iter().map(|t| field(t, "lead")).collect();
    assert_eq!(
        leads,
        [
            "县农业农村局",
            "县农业农村局",
            "县交通运输局",
            "县生态环境局"
        ],
        "{from}"
    );
    assert_eq!(field(&tasks[1], "deadline"), "12月20日前", "{from}");
    assert_eq!(field(&tasks[0], "context"), "村庄清洁", "{from}");
    // A task's line is its row in the sheet, as the clerk finds it there.
    let lines: Vec<u64> = tasks.iter().map(|t| t["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [4, 5, 7, 8], "{from}");
    // Only the row the county gave its own bureau says no town is responsible.
    let noted: Vec<bool> = tasks.iter().map(|t| t["notes"].is_array()).collect();
    assert_eq!(noted, [false, false, true, false], "{from}");
    assert!(
        tasks[2]["notes"][0]
            .as_str()
            .unwrap()
            .starts_with("责任单位没有列乡镇（县交通运输局）"),
        "{from}"
    );
    // Its advice says so first: what the lists say matters only if the town is still asked.
    assert!(
        field(&tasks[2], "advice").starts_with("本表的责任单位是县交通运输局，没有派给乡镇"),
        "{from}"
    );
}

#[test]
fn a_task_table_is_a_task_a_row_with_its_lead_deadline_and_who_is_responsible() {
    let dir = tempfile::tempdir().unwrap();
    let made = write(dir.path(), "分解表.xlsx", &task_table());
    assert_task_table(&admit_json(&made), "rust_xlsxwriter");
    for fixture in [
        "任务分解表.libreoffice.xlsx",
        "任务分解表.xls",
        "任务分解表.et",
    ] {
        let path = repo_file(&format!("tests/fixtures/notices/{fixture}"));
        assert_task_table(&admit_json(path.to_str().unwrap()), fixture);
    }
}

/// An assessment sheet scoring the town on what is not its own (以单明责、依单考核): a recalled
/// duty, a department's part of a shared one, a task in no list; its own duties are not flagged.
#[test]
fn an_assessment_row_outside_the_towns_basic_list_is_flagged_with_its_points() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "考核细则.xlsx", &assessment_sheet());
    let json = admit_json(&path);
    assert_eq!(json["title"], "玛纳斯县2026年度乡镇绩效考核细则");
    let tasks = json["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 6);
    let flagged: Vec<Option<&str>> = tasks
        .iter()
        .map(|t| {
            t["notes"][0]
                .as_str()
                .filter(|n| n.starts_with("依单考核：本项考核超出本镇清单"))
        })
        .collect();
    let verdicts: Vec<&str> = tasks.iter().map(|t| field(t, "verdict")).collect();
    assert_eq!(
        verdicts,
        ["basic", "recalled", "recalled", "coop", "basic", "outside"]
    );
    // Each flag names the points at stake and why the row is not the town's.
    assert_eq!(flagged[0], None);
    assert!(
        flagged[1].unwrap().contains("分值 10 分；recalled-15"),
        "{flagged:?}"
    );
    assert!(
        flagged[2].unwrap().contains("分值 8 分；recalled-6"),
        "{flagged:?}"
    );
    assert!(
        flagged[3]
            .unwrap()
            .contains("「依法立案处罚」是配合事项 coop-81 中上级部门的职责"),
        "{flagged:?}"
    );
    assert_eq!(flagged[4], None);
    assert!(
        flagged[5].unwrap().contains("三张清单都没有"),
        "{flagged:?}"
    );
    assert_eq!(field(&tasks[1], "points"), "10");
    // The clerk's text says it under the advice.
    let out = lvzhi(&["admit", "--file", &path, "--no-meaning"]);
    let text = stdout(&out);
    assert_eq!(
        text.matches("依单考核：本项考核超出本镇清单").count(),
        4,
        "{text}"
    );
    assert!(text.contains("表中：分值 10"), "{text}");
}

/// A task table saved as CSV by Chinese Excel (GBK), with its title row above the header.
#[test]
fn a_csv_task_table_in_gbk_reads_as_the_workbook_does() {
    let csv = "玛纳斯县2026年冬季农村人居环境整治任务分解表,,,,\r\n\
               序号,工作任务,牵头单位,责任单位,完成时限\r\n\
               1,开展村庄清洁行动，组织清理村内垃圾,县农业农村局,各乡镇,2026年12月15日前\r\n\
               2,\"修补农村公路坑槽\r\n（县道）\",县交通运输局,县交通运输局,12月31日前\r\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(csv);
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "分解表.csv", &gbk);
    let json = admit_json(&path);
    assert_eq!(
        json["title"],
        "玛纳斯县2026年冬季农村人居环境整治任务分解表"
    );
    let tasks = json["tasks"].as_array().unwrap();
    let texts: Vec<&str> = tasks.iter().map(|t| field(t, "text")).collect();
    assert_eq!(
        texts,
        [
            "开展村庄清洁行动，组织清理村内垃圾",
            "修补农村公路坑槽；（县道）"
        ]
    );
    assert_eq!(field(&tasks[1], "lead"), "县交通运输局");
    assert!(
        tasks[1]["notes"][0]
            .as_str()
            .unwrap()
            .starts_with("责任单位没有列乡镇")
    );
    // The same bytes named .txt are plain text: a CSV has nothing in it to tell it by.
    let as_text = write(dir.path(), "分解表.txt", &gbk);
    let json = admit_json(&as_text);
    assert!(json["tasks"][0]["lead"].is_null(), "{json}");
}

/// A workbook that is no task table says what was looked for; a broken one says so; each is
/// one line and exit 2, naming the file.
#[test]
fn a_workbook_that_is_no_task_table_is_named_with_exit_2() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write(0, 0, "姓名").unwrap();
    sheet.write(0, 1, "电话").unwrap();
    sheet.write(1, 0, "张三").unwrap();
    let roster = book.save_to_buffer().unwrap();
    let table = task_table();
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            write(dir.path(), "名单.xlsx", &roster),
            "没有找到任务表的表头",
        ),
        (
            write(dir.path(), "半个.xlsx", &table[..table.len() / 2]),
            "读不了",
        ),
        (
            write(dir.path(), "名单.txt", &roster),
            "没有找到任务表的表头",
        ),
    ];
    for (path, says) in cases {
        common::assert_refused(&path, says);
    }
}

/// A county's whole-year table runs to hundreds of rows: each is a task, past 99 and past 999.
#[test]
fn every_row_of_a_long_table_is_a_task() {
    let mut csv = String::from("序号,工作任务,牵头单位,责任单位,完成时限\n");
    for i in 1..=1200 {
        csv.push_str(&format!(
            "{i},开展第{i}批农村道路巡查养护,县交通运输局,各乡镇,12月底前\n"
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "全年任务.csv", csv.as_bytes());
    let json = admit_json(&path);
    let tasks = json["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 1200);
    for at in [99, 100, 999, 1000, 1199] {
        assert_eq!(
            field(&tasks[at], "text"),
            format!("开展第{}批农村道路巡查养护", at + 1)
        );
    }
}

/// What the earlier readers were tried with, on workbooks: a sheet that inflates to a
/// gigabyte, an open password, and a task table under a .docx's name (read: by content).
#[test]
fn a_workbook_bomb_or_a_locked_workbook_is_one_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let mut bomb = task_table();
    common::declare_size(&mut bomb, "xl/worksheets/sheet1.xml", 1 << 30);
    let mut locked = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    locked.create_stream("/EncryptionInfo").unwrap();
    std::io::Write::write_all(
        &mut locked.create_stream("/EncryptedPackage").unwrap(),
        &[7; 4096],
    )
    .unwrap();
    let locked = locked.into_inner().into_inner();
    let cases = [
        (
            write(dir.path(), "炸弹.xlsx", &bomb),
            "解压后有 1 GB，超过上限 64 MB",
        ),
        (write(dir.path(), "加密.xlsx", &locked), "设了打开密码"),
    ];
    for (path, says) in cases {
        common::assert_refused(&path, says);
    }
    let renamed = write(dir.path(), "分解表.docx", &task_table());
    assert_eq!(admit_json(&renamed)["tasks"].as_array().unwrap().len(), 4);
}
