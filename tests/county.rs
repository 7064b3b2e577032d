//! A county office's folder of towns: loaded at once, searched across, narrowed to one town with
//! the picker, each town's review marks kept apart.

mod common;

use common::{lvzhi, stderr, stdout};
use lvzhi::cli::data;
use lvzhi::review::Store;
use lvzhi::towns::Towns;
use lvzhi::tui::action::Action;
use lvzhi::tui::app::{App, Mode};
use lvzhi::tui::picker::Choice;
use lvzhi::tui::theme::Theme;
use lvzhi::{Dataset, ListKind};
use ratatui::layout::Rect;

/// A second town: the same lists without coop-91…99, and its own title for coop-19.
fn letuyi() -> Dataset {
    let mut dataset = Dataset::embedded().unwrap();
    dataset.town = "乐土驿镇".into();
    dataset.source = "letuyi.xlsx".into();
    dataset
        .items
        .retain(|i| !(i.list == ListKind::Coop && i.no > 90));
    let dogs = dataset
        .items
        .iter_mut()
        .find(|i| i.id == "coop-19")
        .unwrap();
    dogs.title = "犬只登记管理工作".into();
    dataset
}

/// A folder with 六户地镇 as JSON and 乐土驿镇 as JSON, plus a file that is not a town's.
fn county() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let liuhudi = Dataset::embedded().unwrap();
    std::fs::write(dir.path().join("liuhudi.json"), liuhudi.to_json()).unwrap();
    std::fs::write(dir.path().join("letuyi.json"), letuyi().to_json()).unwrap();
    std::fs::write(dir.path().join("说明.docx"), b"not a list").unwrap();
    dir
}

fn app_for(dir: &tempfile::TempDir) -> App {
    let datasets = data::load_all(&[dir.path().to_path_buf()]).unwrap();
    let theme = Theme {
        color: false,
        ascii: false,
    };
    App::for_towns(Towns::new(datasets), theme, Rect::new(0, 0, 100, 30))
}

/// The towns of the current tab's rows.
fn row_towns(app: &App) -> Vec<String> {
    app.rows()
        .map(|hit| app.town_of(hit.item).town.clone())
        .collect()
}

#[test]
fn a_folder_of_two_towns_loads_and_search_spans_both() {
    let dir = county();
    let mut app = app_for(&dir);
    assert_eq!(app.towns.len(), 2);
    assert_eq!(app.towns.item_count(), 252 + 243);
    assert_eq!(app.place_label(), "玛纳斯县 2个乡镇");
    for c in "犬".chars() {
        app.update(Action::Insert(c));
    }
    let towns = row_towns(&app);
    assert!(towns.contains(&"六户地镇".to_string()) && towns.contains(&"乐土驿镇".to_string()));
    let titles: Vec<String> = app.rows().map(|h| app.item(h).title.clone()).collect();
    assert!(titles.iter().any(|t| t == "犬只登记管理工作"));
    assert!(titles.iter().any(|t| t == "文明养犬管理工作"));

    // 部门: answers "what does this department expect from every town".
    app.update(Action::ClearQuery);
    for c in "部门:水利".chars() {
        app.update(Action::Insert(c));
    }
    let towns = row_towns(&app);
    let found = |t: &str| towns.iter().filter(|x| *x == t).count();
    let expected = |d: &Dataset| {
        d.items
            .iter()
            .filter(|i| i.departments.iter().any(|n| n.contains("水利")))
            .count()
    };
    assert_eq!(found("六户地镇"), expected(&Dataset::embedded().unwrap()));
    assert_eq!(found("乐土驿镇"), expected(&letuyi()));
    assert!(found("乐土驿镇") > 0);
}

#[test]
fn the_town_picker_scopes_the_lists_to_one_town_and_back() {
    let dir = county();
    let mut app = app_for(&dir);
    app.update(Action::PickTown);
    assert_eq!(app.mode, Mode::Picker);
    let picker = app.picker.as_ref().unwrap();
    let labels: Vec<&str> = picker.entries.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(labels, ["全部乡镇", "乐土驿镇", "六户地镇"]);
    app.update(Action::Down);
    app.update(Action::Confirm);
    assert_eq!(app.town_scope, Some(0));
    assert_eq!(app.place_label(), "乐土驿镇");
    assert!(row_towns(&app).iter().all(|t| t == "乐土驿镇"));
    assert_eq!(
        app.tab_counts()[1],
        (90, 90),
        "乐土驿镇 has 90 cooperative items"
    );

    // A query keeps the scope, and says what the other town has.
    for c in "yjgl".chars() {
        app.update(Action::Insert(c));
    }
    assert!(row_towns(&app).iter().all(|t| t == "乐土驿镇"));
    assert!(app.matches_in_other_towns() > 0);

    app.update(Action::PickTown);
    let picker = app.picker.as_ref().unwrap();
    assert_eq!(
        picker.choice(),
        Some(&Choice::Town(Some(0))),
        "opens on the current town"
    );
    app.update(Action::Up);
    app.update(Action::Confirm);
    assert_eq!(app.town_scope, None);
    assert_eq!(row_towns(&app).len(), app.rows().len());
    assert!(row_towns(&app).contains(&"六户地镇".to_string()));
}

#[test]
fn review_marks_stay_with_their_town() {
    let dir = county();
    let review = dir.path().join("review.db");
    let data_dir = dir.path().to_str().unwrap();
    let out = lvzhi(&["show", "c19", "--data", data_dir]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains("乐土驿镇、六户地镇都有 coop-19：请写明是哪个乡镇的，如 乐土驿镇/coop-19"),
        "{}",
        stderr(&out)
    );
    let out = lvzhi(&["show", "乐土驿镇/c19", "--data", data_dir]);
    assert!(
        stdout(&out).contains("犬只登记管理工作"),
        "{}",
        stderr(&out)
    );
    // An item only one town has needs no town.
    let out = lvzhi(&["show", "c99", "--data", data_dir]);
    assert!(out.status.success(), "{}", stderr(&out));

    let out = lvzhi(&[
        "mark",
        "乐土驿镇/c19",
        "有异议",
        "--data",
        data_dir,
        "--review",
        review.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).starts_with("乐土驿镇/coop-19：有异议"));

    let datasets = data::load_all(&[dir.path().to_path_buf()]).unwrap();
    let stores: Vec<Store> = datasets
        .iter()
        .map(|d| Store::open(&review, d, "张三").unwrap())
        .collect();
    let reviews: Vec<_> = stores.iter().map(|s| s.reviews().unwrap()).collect();
    assert!(reviews[0].contains_key("coop-19"));
    assert!(!reviews[1].contains_key("coop-19"));

    let theme = Theme {
        color: false,
        ascii: false,
    };
    let mut app = App::for_towns(Towns::new(datasets), theme, Rect::new(0, 0, 100, 30))
        .with_stores(stores)
        .unwrap();
    assert_eq!(app.progress(), (1, 495));
    for c in "犬只".chars() {
        app.update(Action::Insert(c));
    }
    app.update(Action::SetStatus(Some(lvzhi::Status::Agree)));
    let message = app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert_eq!(message, "乐土驿镇/coop-19：同意（按 Z 撤销）");

    let out = lvzhi(&[
        "export",
        "--format",
        "csv",
        "--list",
        "coop",
        "--data",
        data_dir,
        "--review",
        review.to_str().unwrap(),
    ]);
    let text = stdout(&out);
    assert!(text.starts_with("\u{feff}乡镇,序号,事项类别"));
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = reader.headers().unwrap().clone();
    let status = header.iter().position(|h| h == "审核状态").unwrap();
    let rows: Vec<(String, String)> = reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[1] == "19")
        .map(|r| (r[0].to_string(), r[status].to_string()))
        .collect();
    assert_eq!(
        rows,
        [
            ("乐土驿镇".to_string(), "同意".to_string()),
            ("六户地镇".to_string(), String::new())
        ]
    );
}

#[test]
fn search_and_check_from_the_shell_take_the_folder() {
    let dir = county();
    let data_dir = dir.path().to_str().unwrap();
    let out = lvzhi(&["search", "犬只", "--data", data_dir, "--limit", "1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("乐土驿镇\t配\tcoop-19\t犬只登记管理工作"));
    let out = lvzhi(&["check", "--data", data_dir]);
    let text = stdout(&out);
    assert!(
        text.contains("昌吉州玛纳斯县乐土驿镇（letuyi.xlsx）"),
        "{text}"
    );
    assert!(
        text.contains("昌吉州玛纳斯县六户地镇（liuhudi.txt）"),
        "{text}"
    );

    let copy = dir.path().join("liuhudi.json");
    let out = lvzhi(&["list", "--data", data_dir, "--data", copy.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("昌吉州玛纳斯县六户地镇的清单给了两份"),
        "{}",
        stderr(&out)
    );

    let empty = tempfile::tempdir().unwrap();
    let out = lvzhi(&["list", "--data", empty.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("里没有清单数据文件"),
        "{}",
        stderr(&out)
    );
}
