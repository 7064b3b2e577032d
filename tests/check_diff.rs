//! `lvzhi check` and `lvzhi diff` on the real lists, and on revisions of them with planted faults
//! and planted changes.

mod common;

use common::{lvzhi, source_text, stderr, stdout};
use lvzhi::check::{Severity, check};
use lvzhi::diff::{Piece, diff, render_line};
use lvzhi::{Dataset, ListKind, Section, import};

fn real() -> Dataset {
    Dataset::embedded().unwrap()
}

fn write(dir: &tempfile::TempDir, name: &str, dataset: &Dataset) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, dataset.to_json()).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn check_finds_the_department_coop_87_names_but_does_not_list() {
    let findings = check(&real(), None);
    let gap = findings
        .iter()
        .find(|f| f.id == "coop-87" && f.what.contains("玛纳斯县应急管理局"))
        .unwrap_or_else(|| panic!("{findings:#?}"));
    assert_eq!(gap.severity, Severity::Warning);
    assert!(gap.why.contains("县应急管理局") && gap.why.contains("玛纳斯县水利局"));
    // As published the lists have no error: no gap, no empty cell.
    assert!(findings.iter().all(|f| f.severity != Severity::Error));
    // The department a column does list is not reported.
    assert!(
        !findings
            .iter()
            .any(|f| f.id == "coop-87" && f.what.contains("水利局"))
    );
}

#[test]
fn check_finds_a_planted_numbering_gap_and_empty_cells() {
    let mut dataset = real();
    dataset
        .items
        .retain(|i| i.id != "basic-50" && i.id != "coop-11");
    if let Some(item) = dataset.items.iter_mut().find(|i| i.id == "coop-12") {
        item.town_duties.clear();
    }
    let findings = check(&dataset, None);
    let errors: Vec<(&str, &str)> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.id.as_str(), f.what.as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            ("basic-50", "缺序号 50"),
            ("coop-11", "缺序号 11"),
            ("coop-12", "六户地镇配合职责为空"),
        ]
    );
}

#[test]
fn check_reports_leftover_artefacts_and_repeats() {
    let mut dataset = real();
    let item = dataset.items.iter_mut().find(|i| i.id == "coop-3").unwrap();
    item.upper_duties.push(Section {
        heading: None,
        steps: vec!["<p>组织 and 实施&nbsp;".into()],
    });
    let findings = check(&dataset, None);
    let of_coop_3: Vec<&str> = findings
        .iter()
        .filter(|f| f.id == "coop-3")
        .map(|f| f.what.as_str())
        .collect();
    for expected in ["HTML 标签", "HTML 实体", "汉字之间的“and”"] {
        assert!(
            of_coop_3.iter().any(|w| w.contains(expected)),
            "{expected}: {of_coop_3:?}"
        );
    }
    let near: Vec<(String, String)> = check(&real(), None)
        .into_iter()
        .filter(|f| f.what.contains("相近"))
        .map(|f| (f.id, f.what))
        .collect();
    assert!(
        near.contains(&(
            "basic-45".into(),
            "与上级部门收回事项清单的 recalled-5 相近".into()
        )),
        "{near:?}"
    );
    // Sharing the common words of these lists (工作, 管理) is not enough.
    assert!(near.len() <= 5, "{near:?}");
}

#[test]
fn check_on_a_published_file_reports_repeated_numbers_instead_of_refusing() {
    let text = source_text();
    // The second item of the basic list numbered 1 again.
    let planted = text.replacen("\n2\t党的建设", "\n1\t党的建设", 1);
    assert_ne!(planted, text);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("planted.txt");
    std::fs::write(&path, &planted).unwrap();
    assert!(import::import_text(planted.as_bytes(), "planted.txt").is_err());

    let out = lvzhi(&["check", "--json", "--data", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let findings: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let errors: Vec<(String, String)> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| {
            (
                f["id"].as_str().unwrap().to_string(),
                f["what"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            ("basic-1".to_string(), "序号重复".to_string()),
            ("basic-2".to_string(), "缺序号 2".to_string()),
        ]
    );

    let out = lvzhi(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("昌吉州玛纳斯县六户地镇（liuhudi.txt）：0 个错误"));
}

/// The lists with four planted changes: coop-5 removed (so coop-6… move up one), coop-87's
/// departments and basic-10's title edited, a recalled item added.
fn planted_revision() -> Dataset {
    let mut dataset = real();
    dataset.items.retain(|i| i.id != "coop-5");
    for item in dataset
        .items
        .iter_mut()
        .filter(|i| i.list == ListKind::Coop && i.no > 5)
    {
        item.no -= 1;
        item.id = format!("coop-{}", item.no);
    }
    let moved = dataset
        .items
        .iter_mut()
        .find(|i| i.id == "coop-86")
        .unwrap();
    moved.departments.push("玛纳斯县应急管理局".into());
    let basic = dataset
        .items
        .iter_mut()
        .find(|i| i.id == "basic-10")
        .unwrap();
    basic.title = basic.title.replace("村民委员会", "村（居）民委员会");
    let mut added = real().find("r43").unwrap().clone();
    added.no = 44;
    added.id = "recalled-44".into();
    added.title = "对违规占用耕地建房的处罚".into();
    dataset.items.push(added);
    dataset
}

#[test]
fn diff_of_a_planted_revision_reports_exactly_the_planted_changes() {
    let old = real();
    let new = planted_revision();
    let result = diff(&old, &new);
    let ids = |v: &[lvzhi::diff::Only]| v.iter().map(|o| o.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&result.removed), ["coop-5"]);
    assert_eq!(ids(&result.added), ["recalled-44"]);
    let changed: Vec<(&str, &str, Vec<&str>)> = result
        .changed
        .iter()
        .map(|c| {
            let fields = c.fields.iter().map(|f| f.field.as_str()).collect();
            (c.old.as_str(), c.new.as_str(), fields)
        })
        .collect();
    assert_eq!(
        changed,
        [
            ("basic-10", "basic-10", vec!["事项名称"]),
            ("coop-87", "coop-86", vec!["对应上级部门"]),
        ]
    );
    // Every later cooperative item moved up one and is otherwise the same.
    assert_eq!(result.renumbered.len(), 99 - 5 - 1);
    let title = render_line(&result.changed[0].fields[0].lines[0], false);
    assert!(title.contains("指导村{+（居）+}民委员会换届"), "{title}");
    let departments = &result.changed[1].fields[0].lines[0];
    assert_eq!(
        departments.last(),
        Some(&Piece::Added("、玛纳斯县应急管理局".into()))
    );
    assert!(diff(&old, &old).is_empty());
}

#[test]
fn diff_from_the_shell_marks_words_without_colour_and_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(&dir, "2024.json", &real());
    let new = write(&dir, "2025.json", &planted_revision());
    let out = lvzhi(&["diff", &old, &new]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("新增 1 项，删除 1 项，修改 2 项，只改序号 93 项"),
        "{text}"
    );
    assert!(text.contains("- coop-5  [-干部人事档案工作-]"), "{text}");
    assert!(text.contains("~ coop-87 → coop-86"), "{text}");
    assert!(text.contains("只改了序号：coop-6–86 → coop-5–85，coop-88–99 → coop-87–98"));
    assert!(!text.contains('\x1b'));
    // The header names the files given, not the source recorded inside both.
    let header = text.lines().next().unwrap();
    assert!(header.contains(&old) && header.contains(&new), "{header}");

    let out = lvzhi(&["diff", "--json", &old, &new]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["changed"][1]["fields"][0]["field"], "对应上级部门");
    assert_eq!(json["renumbered"][0]["old"], "coop-6");
}
