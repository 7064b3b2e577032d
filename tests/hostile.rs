//! Data, notes and names written by someone else, full of escape sequences: no command may pass
//! one to the terminal (window title, OSC 52 clipboard, screen clear, terminal queries), and no
//! export may hand a spreadsheet a formula.

mod common;

use common::{lvzhi, repo_file, stderr};
use lvzhi::review::Store;
use lvzhi::{Dataset, ListKind};

/// Sequences a terminal acts on: set the title, write the clipboard, clear, reset, ask for the
/// title back, C1 CSI, a bidi override, and the cell breakers tab and newline.
const NASTY: &[&str] = &[
    "\x1b]0;被改的标题\x07",
    "\x1b]52;c;ZXZpbA==\x07",
    "\x1b[2J\x1b[H",
    "\x1bc",
    "\x1b[21t",
    "\u{9b}31m",
    "\u{9d}0;c1\u{9c}",
    "\u{202e}反向",
    "甲\t乙",
    "\x7f",
];

fn hostile_dataset() -> Dataset {
    let mut data = Dataset::embedded().unwrap();
    data.source = format!("清单{}.txt", NASTY[0]);
    for (n, item) in data.items.iter_mut().enumerate() {
        let nasty = NASTY[n % NASTY.len()];
        item.title = format!("{}{nasty}管理", item.title);
        item.category = format!("{nasty}{}", item.category);
        if let Some(department) = item.departments.first_mut() {
            department.push_str(nasty);
        }
        for section in item.upper_duties.iter_mut().chain(&mut item.town_duties) {
            for step in &mut section.steps {
                step.push_str(nasty);
            }
        }
    }
    data
}

/// Every byte a terminal would act on: ESC, BEL, other C0 but line breaks, DEL, and C1 (as
/// UTF-8: C2 80–C2 9F); and the bidi override.
fn assert_inert(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let bad = text
        .chars()
        .find(|&c| (c.is_control() && c != '\n' && c != '\r' && c != '\t') || c == '\u{202e}');
    assert!(
        bad.is_none(),
        "{what} printed {bad:?}:\n{}",
        text.chars().take(2000).collect::<String>()
    );
}

struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    fn new() -> Case {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("data.json"), hostile_dataset().to_json()).unwrap();
        let data = lvzhi::import::load(&dir.path().join("data.json")).unwrap();
        let reviewer = format!("张三{}", NASTY[1]);
        let mut store = Store::open(&dir.path().join("review.db"), &data, &reviewer).unwrap();
        store
            .change(
                "coop-1",
                Some(Some(lvzhi::Status::Dispute)),
                Some(&format!("备注{}\n第二行{}", NASTY[0], NASTY[5])),
            )
            .unwrap();
        store.save_draft("coop-2", NASTY[2]).unwrap();
        Case { dir }
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_str().unwrap().to_string()
    }

    /// Runs a command on the hostile data and review file; asserts its output is inert.
    fn run(&self, args: &[&str]) -> std::process::Output {
        let (data, review) = (self.path("data.json"), self.path("review.db"));
        let mut all = vec!["--data", &data, "--review", &review];
        all.extend_from_slice(args);
        let out = lvzhi(&all);
        assert_inert(&format!("{args:?} stdout"), &out.stdout);
        assert_inert(&format!("{args:?} stderr"), &out.stderr);
        out
    }
}

#[test]
fn no_command_passes_an_escape_sequence_to_the_terminal() {
    let case = Case::new();
    for id in ["b1", "b8", "c1", "c2", "c6"] {
        let out = case.run(&["show", id]);
        assert!(out.status.success(), "{}", stderr(&out));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains('␛') || text.contains("\\u{"), "{id}: {text}");
    }
    for args in [
        &["list"][..],
        &["search", "管理"],
        &["search", "管理", "--json"],
        &["search", "状态:有异议"],
        &["check"],
        &["check", "--json"],
        &["export", "--format", "md"],
        &["export", "--format", "csv"],
        &["export", "--format", "json"],
        &["mark", "c3", "同意", "--reviewer", "\x1b]0;名字\x07"],
        &["mark", "c3", "同意", "--note", "\x1b]52;c;eA==\x07"],
        &["show", "\x1b]0;不存在\x07"],
    ] {
        case.run(args);
    }
    let published = repo_file("data/source/liuhudi.txt");
    let published = published.to_str().unwrap();
    let hostile = case.path("data.json");
    for args in [
        &["diff", published, &hostile][..],
        &["diff", published, &hostile, "--json"],
        &["diff", &hostile, published],
    ] {
        let out = case.run(args);
        assert!(out.status.success(), "{}", stderr(&out));
    }
}

#[test]
fn list_keeps_one_row_per_item_and_one_field_per_column() {
    let case = Case::new();
    let out = case.run(&["list"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 252);
    for line in text.lines() {
        assert_eq!(line.split('\t').count(), 4, "{line}");
    }
}

#[test]
fn json_output_reads_back_to_the_very_text() {
    let case = Case::new();
    let out = case.run(&["search", "管理", "--json", "--limit", "0"]);
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let titles: Vec<&str> = hits.iter().filter_map(|h| h["title"].as_str()).collect();
    let data = hostile_dataset();
    for nasty in ["\u{9b}31m", "\u{202e}反向", "\x1b]0;被改的标题\x07"] {
        let expected = data.items.iter().find(|i| i.title.contains(nasty)).unwrap();
        assert!(titles.contains(&expected.title.as_str()), "{nasty:?}");
    }
}

#[test]
fn check_reports_the_controls_with_inert_excerpts() {
    let case = Case::new();
    let out = case.run(&["check"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("␛]0;"), "{text}");
    // The report's own lines survive: the excerpt did not swallow the rest as a title.
    assert!(text.lines().count() > 40, "{text}");
    let basic = hostile_dataset().count(ListKind::Basic);
    assert!(basic > 0);
}

/// Formula cells: a spreadsheet must show them as text, and import must give the text back.
#[test]
fn csv_cells_a_spreadsheet_would_run_are_kept_as_text_and_import_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = Dataset::embedded().unwrap();
    let formulas = [
        "=HYPERLINK(\"http://example.invalid\",\"点此\")",
        "+86 994 0000000",
        "-2+3",
        "@SUM(A1:A9)",
    ];
    for (item, formula) in data.items.iter_mut().zip(formulas) {
        item.title = formula.to_string();
    }
    let json = dir.path().join("data.json");
    std::fs::write(&json, data.to_json()).unwrap();
    let csv = dir.path().join("清单.csv");
    let out = lvzhi(&[
        "--data",
        json.to_str().unwrap(),
        "export",
        "--format",
        "csv",
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut reader = csv::Reader::from_path(&csv).unwrap();
    let cells: Vec<String> = reader
        .records()
        .flat_map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
        .collect();
    for formula in formulas {
        assert!(
            cells.contains(&format!("'{formula}")),
            "{formula} not neutralised"
        );
        assert!(!cells.contains(&formula.to_string()), "{formula} left live");
    }
    let imported = lvzhi::import::import_files(&[&csv], lvzhi::import::Options::default())
        .unwrap()
        .0;
    for (item, formula) in imported.items.iter().zip(formulas) {
        assert_eq!(item.title, formula);
    }
    assert_eq!(
        imported.items, data.items,
        "the whole CSV reads back as exported"
    );
}
