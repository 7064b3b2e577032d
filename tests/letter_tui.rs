//! `L` in the app: on the register, the selected entry's letter; on the lists, the town's
//! 动态调整申请; each written by the event loop into the working folder, never over a file.

mod common;

use lvzhi::Dataset;
use lvzhi::admit::Verdict;
use lvzhi::date::Date;
use lvzhi::model::Status;
use lvzhi::review::Store;
use lvzhi::review::register::{Outcome, Request};
use lvzhi::tui::action::Action;
use lvzhi::tui::app::{App, Effect, Mode, Save};
use lvzhi::tui::theme::Theme;
use ratatui::layout::Rect;

/// A task as the register keeps it, decided as given.
fn request(task: &str, verdict: Verdict, item: &str) -> Request {
    common::decided_request(task, verdict, item, Outcome::default_for(verdict))
}

fn session(dir: &std::path::Path) -> App {
    let dataset = Dataset::embedded().unwrap();
    let mut store = Store::open(&dir.join("review.db"), &dataset, "张三")
        .unwrap()
        .with_fixed_time("2026-12-01 09:00:00");
    store
        .record(&[
            request("追缴违规领取的高龄津贴", Verdict::Recalled, "recalled-2"),
            request("各村核实到龄老年人信息并报镇", Verdict::Coop, "coop-16"),
            request("抽调2名干部参加专班", Verdict::Outside, ""),
        ])
        .unwrap();
    store.set_status("coop-16", Some(Status::Dispute)).unwrap();
    store
        .set_note("coop-16", "建议：调整为收回事项；依据：《办法》第八条")
        .unwrap();
    app_on(dataset, store, dir)
}

/// The app at 100x30 on `store`, writing its files into `dir`, its letters dated 2026-12-02.
fn app_on(dataset: Dataset, store: Store, dir: &std::path::Path) -> App {
    let theme = Theme {
        color: true,
        ascii: false,
    };
    let mut app = App::new(dataset, theme, Rect::new(0, 0, 100, 30))
        .with_store(store)
        .unwrap();
    app.set_export_dir(dir.to_path_buf());
    app.letters.date = Date::new(2026, 12, 2);
    app
}

/// The file `L` asks the event loop to write, written as the loop would.
fn written(app: &mut App) -> Option<(Save, std::path::PathBuf)> {
    let save = app
        .update(Action::WriteLetter)
        .effects
        .into_iter()
        .find_map(|e| match e {
            Effect::Save(save) => Some(save),
            _ => None,
        })?;
    let path = save.write().unwrap();
    app.saved(&save, Ok(path.clone()));
    Some((save, path))
}

fn message(app: &App) -> String {
    app.message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

#[test]
fn l_on_the_register_writes_the_entrys_letter_or_says_why_not() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = session(dir.path());
    app.update(Action::ShowRegister);
    assert_eq!(app.mode, Mode::Register);
    // Newest first: 清单外 (third), then the shared duty, then the recalled one.
    let (save, path) = written(&mut app).expect("a 情况说明");
    assert_eq!((save.ext, save.stem.as_str()), ("docx", "情况说明-第3号"));
    assert!(path.starts_with(dir.path()));
    assert_eq!(&std::fs::read(&path).unwrap()[..2], b"PK");
    assert!(
        message(&app).starts_with("已写好情况说明："),
        "{}",
        message(&app)
    );
    // Again: beside the first, never over it.
    let (_, again) = written(&mut app).unwrap();
    assert_ne!(again, path);

    // The town's own part of coop-16: no letter, and the way to write one all the same.
    app.update(Action::Down);
    assert!(written(&mut app).is_none());
    let said = message(&app);
    assert!(said.contains("在本镇的配合职责之内"), "{said}");
    assert!(said.contains("再按 L 照样写退回函"), "{said}");
    assert!(app.message.as_ref().unwrap().error);
    let (save, _) = written(&mut app).expect("the 退回函 asked for twice");
    assert_eq!(save.stem, "退回函-第2号");
    // Asked once more, it is refused again: the second press counts only right after.
    assert!(written(&mut app).is_none());

    app.update(Action::Down);
    let (save, _) = written(&mut app).expect("a 退回函");
    assert_eq!(save.stem, "退回函-第1号");
}

#[test]
fn l_on_the_lists_writes_the_towns_adjustment_application() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = session(dir.path());
    assert_eq!(app.mode, Mode::Browse);
    // coop-16's note gives a proposal and a basis, no reason of its own: one place to fill in.
    let (save, _) = written(&mut app).expect("a 调整申请");
    assert_eq!(save.stem, "六户地镇动态调整申请");
    assert!(
        message(&app).starts_with("已写好动态调整申请（有 1 处待补"),
        "{}",
        message(&app)
    );
    // With nothing disputed there is nothing to apply for, and it says so.
    let other = tempfile::tempdir().unwrap();
    let dataset = Dataset::embedded().unwrap();
    let store = Store::open(&other.path().join("review.db"), &dataset, "李四").unwrap();
    let mut app = app_on(dataset, store, other.path());
    assert!(written(&mut app).is_none());
    assert!(message(&app).contains("没有标为有异议或需修改的事项"));
}
