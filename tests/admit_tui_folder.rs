//! A folder's path in the app's notice editor (issue 27): every notice in it read, the results
//! grouped under their notice, and a task recorded with its own notice's sender and number.

#[path = "common/rows.rs"]
mod rows;
#[path = "common/workbooks.rs"]
mod workbooks;

use lvzhi::Dataset;
use lvzhi::review::Store;
use lvzhi::tui::action::Action;
use lvzhi::tui::app::{App, Mode};
use lvzhi::tui::theme::Theme;
use lvzhi::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

const NOTICE: &str = "玛纳斯县农业农村局\n关于开展农村人居环境整治春季行动的通知\n玛农发〔2026〕12号\n\
各乡镇人民政府：\n一、开展村庄清洁行动。各乡镇于2026年12月15日前组织清理村内垃圾、杂物。\n\
二、抽调2名干部到县农业农村局集中办公3个月。\n玛纳斯县农业农村局\n2026年12月1日\n";

fn app(dir: &std::path::Path) -> App {
    let dataset = Dataset::embedded().unwrap();
    let store = Store::open(&dir.join("review.db"), &dataset, "张三").unwrap();
    let theme = Theme {
        color: false,
        ascii: false,
    };
    App::new(dataset, theme, Rect::new(0, 0, 100, 30))
        .with_store(store)
        .unwrap()
}

fn screen(app: &App) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let frame = terminal.draw(|f| view::draw(app, f)).unwrap();
    let buffer = frame.buffer.clone();
    (0..buffer.area.height)
        .map(|y| rows::buffer_row(&buffer, y))
        .collect()
}

#[test]
fn a_folders_path_reads_every_notice_grouped_and_records_each_with_its_own_sender() {
    let dir = tempfile::tempdir().unwrap();
    let week = dir.path().join("本周来文");
    std::fs::create_dir(&week).unwrap();
    std::fs::write(week.join("1 考核细则.xlsx"), workbooks::assessment_sheet()).unwrap();
    std::fs::write(week.join("2 通知.txt"), NOTICE).unwrap();
    std::fs::write(week.join("3 坏.docx"), b"PK\x03\x04cut").unwrap();
    let mut app = app(dir.path());
    app.update(Action::OpenAdmit);
    // Pasted from a file manager, in quotes.
    assert!(app.paste(&format!("\"{}\"", week.display())));
    app.update(Action::SaveNote);
    assert_eq!(app.mode, Mode::Tasks);
    let shown = screen(&app);
    let list: Vec<&str> = shown
        .iter()
        .map(|l| l.split('│').nth(1).unwrap_or(""))
        .collect();
    let headers: Vec<usize> = (0..list.len())
        .filter(|&y| list[y].starts_with("1/2") || list[y].starts_with("2/2"))
        .collect();
    assert_eq!(headers.len(), 2, "{shown:#?}");
    assert!(list[headers[0]].contains("1 考核细则.xlsx"), "{shown:#?}");
    assert!(list[headers[0]].contains("（6 项）"), "{shown:#?}");
    assert!(list[headers[1]].contains("2 通知.txt"), "{shown:#?}");
    assert_eq!(
        headers[1] - headers[0],
        7,
        "six tasks under the first header: {shown:#?}"
    );
    // The attachment cut short is said, not silently left out.
    assert!(
        shown
            .iter()
            .any(|l| l.contains("跳过") && l.contains("3 坏.docx")),
        "{shown:#?}"
    );
    // The sheet's second row scores the town on a recalled duty: the detail says so, with
    // the row's points.
    app.update(Action::Down);
    let detail = screen(&app).join("\n");
    assert!(
        detail.contains("依单考核：本项考核超出本镇清单"),
        "{detail}"
    );
    assert!(detail.contains("分值 10"), "{detail}");
    // The last task is the notice's: recorded with its sender and number, not the sheet's.
    app.update(Action::Bottom);
    app.update(Action::RecordTask);
    let store = Store::open(
        &dir.path().join("review.db"),
        &Dataset::embedded().unwrap(),
        "查",
    )
    .unwrap();
    let entries = store.register().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].request.source, "玛纳斯县农业农村局");
    assert_eq!(entries[0].request.doc_ref, "玛农发〔2026〕12号");
    assert!(entries[0].request.task.contains("抽调2名干部"));
    // Under the list, the selected task's notice says who sent it.
    assert!(
        screen(&app)
            .iter()
            .any(|l| l.contains("来文：玛纳斯县农业农村局")),
        "{:#?}",
        screen(&app)
    );
}

#[test]
fn a_path_that_is_not_there_is_said_and_the_editor_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    app.update(Action::OpenAdmit);
    assert!(app.paste("/nonexistent/本周来文/通知.docx"));
    app.update(Action::SaveNote);
    assert_eq!(app.mode, Mode::Notice);
    let shown = screen(&app).join("\n");
    assert!(shown.contains("/nonexistent/本周来文/通知.docx"), "{shown}");
}
