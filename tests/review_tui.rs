//! Reviewing through the app's state machine, on the real lists and a real review file: what
//! a meeting's driver does with single keys, and what ends up in the store.

mod common;

use lvzhi::review::Store;
use lvzhi::tui::action::Action;
use lvzhi::tui::app::{App, Effect, Mode, Tab};
use lvzhi::tui::theme::Theme;
use lvzhi::{Dataset, Status};
use ratatui::layout::Rect;

/// The app on `dataset` at 100x30, reviewing into `dir/review.db`, exporting to `export`.
fn app_on(dataset: Dataset, dir: &std::path::Path, export: &std::path::Path) -> App {
    let store = Store::open(&dir.join("review.db"), &dataset, "张三").unwrap();
    let theme = Theme {
        color: true,
        ascii: false,
    };
    let mut app = App::new(dataset, theme, Rect::new(0, 0, 100, 30))
        .with_store(store)
        .unwrap();
    app.set_export_dir(export.to_path_buf());
    app
}

/// An action with the effects the event loop would carry out for it: here, the files written.
fn perform(app: &mut App, action: Action) {
    for effect in app.update(action).effects {
        if let Effect::Save(save) = effect {
            let result = save.write();
            app.saved(&save, result);
        }
    }
}

struct Meeting {
    dir: tempfile::TempDir,
    app: App,
}

impl Meeting {
    fn new() -> Meeting {
        let dir = tempfile::tempdir().unwrap();
        let app = app_on(Dataset::embedded().unwrap(), dir.path(), dir.path());
        Meeting { dir, app }
    }

    fn keys(&mut self, actions: impl IntoIterator<Item = Action>) {
        for action in actions {
            perform(&mut self.app, action);
        }
    }

    fn type_text(&mut self, text: &str) {
        self.keys(text.chars().map(Action::Insert));
    }

    fn query(&mut self, text: &str) {
        self.keys([Action::StartFilter, Action::ClearQuery]);
        self.type_text(text);
        self.keys([Action::Confirm]);
    }

    fn selected(&self) -> String {
        self.app
            .selected()
            .map_or(String::new(), |(item, _)| item.id.clone())
    }

    /// Another session on the same file, as a second staff member would have.
    fn other_session(&self, who: &str) -> Store {
        Store::open(
            &self.dir.path().join("review.db"),
            &Dataset::embedded().unwrap(),
            who,
        )
        .unwrap()
    }

    fn stored(&self) -> lvzhi::review::Reviews {
        self.other_session("check").reviews().unwrap()
    }
}

#[test]
fn a_verdict_key_marks_the_selected_item_and_saves_it_at_once() {
    let mut m = Meeting::new();
    m.query("犬");
    assert_eq!(m.selected(), "coop-19");
    m.keys([Action::SetStatus(Some(Status::Dispute))]);
    assert_eq!(m.stored()["coop-19"].status, Some(Status::Dispute));
    assert_eq!(m.app.progress(), (1, 252));
    let message = m.app.message.clone().unwrap();
    assert!(message.text.contains("有异议") && !message.error);
    m.keys([Action::Down]);
    assert!(m.app.message.is_none(), "the next key dismisses it");
    m.keys([Action::SetStatus(None), Action::Up, Action::SetStatus(None)]);
    assert!(m.stored().is_empty());
    assert_eq!(m.app.history_of(m.app.selected().unwrap().1.item).len(), 2);
}

#[test]
fn a_note_is_saved_with_ctrl_s_and_esc_keeps_it_as_a_draft() {
    let mut m = Meeting::new();
    m.keys([Action::ShowTab(Tab::Coop), Action::EditNote]);
    assert_eq!(m.app.mode, Mode::Note);
    m.type_text("第一行");
    m.keys([Action::Newline]);
    m.type_text("j k q ?");
    assert_eq!(m.app.mode, Mode::Note, "letters are text in the editor");
    m.keys([Action::Cancel]);
    assert_eq!(m.app.mode, Mode::Browse);
    let review = &m.stored()["coop-1"];
    assert_eq!(review.note, "", "Esc puts nothing on record");
    assert_eq!(review.draft.as_deref(), Some("第一行\nj k q ?"));
    assert!(m.app.message.as_ref().unwrap().text.contains("草稿"));
    m.keys([Action::EditNote, Action::SaveNote]);
    assert_eq!(m.stored()["coop-1"].note, "第一行\nj k q ?");
    assert_eq!(m.stored()["coop-1"].draft, None);

    // Editing starts from the saved note; Ctrl-s saves too; the verdict is kept.
    m.keys([Action::SetStatus(Some(Status::Change)), Action::EditNote]);
    m.keys([Action::Backspace, Action::Backspace]);
    m.keys([Action::SaveNote]);
    let review = &m.stored()["coop-1"];
    assert_eq!(
        (review.status, review.note.as_str()),
        (Some(Status::Change), "第一行\nj k q")
    );
}

#[test]
fn quitting_with_a_note_open_keeps_it_as_a_draft_and_the_editor_resumes_from_it() {
    let mut m = Meeting::new();
    m.keys([Action::ShowTab(Tab::Recalled), Action::EditNote]);
    m.type_text("还没写完");
    assert!(m.app.update(Action::Quit).quits());
    let review = &m.stored()["recalled-1"];
    assert_eq!(
        (review.note.as_str(), review.draft.as_deref()),
        ("", Some("还没写完"))
    );

    let mut next = Meeting::new();
    next.dir = m.dir;
    let dataset = Dataset::embedded().unwrap();
    let store = Store::open(&next.dir.path().join("review.db"), &dataset, "张三").unwrap();
    let theme = Theme {
        color: false,
        ascii: false,
    };
    next.app = App::new(dataset, theme, Rect::new(0, 0, 100, 30))
        .with_store(store)
        .unwrap();
    next.keys([Action::ShowTab(Tab::Recalled), Action::EditNote]);
    next.type_text("。");
    next.keys([Action::SaveNote]);
    let review = &next.stored()["recalled-1"];
    assert_eq!(
        (review.note.as_str(), review.draft.as_deref()),
        ("还没写完。", None)
    );
}

#[test]
fn status_in_the_query_lists_the_disputed_and_follows_new_marks() {
    let mut m = Meeting::new();
    m.keys([Action::ShowTab(Tab::Coop)]);
    m.keys([Action::SetStatus(Some(Status::Dispute)), Action::Down]);
    m.keys([Action::SetStatus(Some(Status::Agree))]);
    m.query("状态:有异议");
    let ids: Vec<String> = m.app.rows().map(|h| m.app.item(h).id.clone()).collect();
    assert_eq!(ids, ["coop-1"]);
    m.query("status:none 清单:配合");
    assert_eq!(m.app.rows().len(), 97);
    assert_eq!(
        m.selected(),
        "coop-3",
        "unreviewed items in published order"
    );

    // Going through the unreviewed: marking one takes it off the list and the next moves up.
    m.keys([Action::Down]);
    let second = m.selected();
    let third = {
        m.keys([Action::Down]);
        let id = m.selected();
        m.keys([Action::Up]);
        id
    };
    assert_eq!(m.selected(), second);
    m.keys([Action::SetStatus(Some(Status::Check))]);
    assert_eq!(m.app.rows().len(), 96);
    assert_eq!(m.selected(), third);
}

#[test]
fn another_sessions_marks_appear_without_a_restart() {
    let mut m = Meeting::new();
    assert!(!m.app.refresh_reviews(), "nothing changed yet");
    m.other_session("李四")
        .set_status("basic-44", Some(Status::Check))
        .unwrap();
    assert!(m.app.refresh_reviews());
    let basic_44 = Dataset::embedded()
        .unwrap()
        .items
        .iter()
        .position(|i| i.id == "basic-44")
        .unwrap();
    let review = m.app.review_of(basic_44).unwrap();
    assert_eq!(
        (review.status, review.reviewer.as_str()),
        (Some(Status::Check), "李四")
    );
    assert!(!m.app.refresh_reviews(), "once");
}

#[test]
fn e_exports_a_new_spreadsheet_each_time_and_y_copies_the_item() {
    let mut m = Meeting::new();
    m.keys([Action::Export, Action::Export]);
    let mut names: Vec<String> = std::fs::read_dir(m.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".xlsx"))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "六户地镇履职事项审核结果-2.xlsx",
            "六户地镇履职事项审核结果.xlsx"
        ]
    );
    assert!(m.app.message.as_ref().unwrap().text.contains("-2.xlsx"));

    m.query("犬");
    let copied = m
        .app
        .update(Action::CopyItem)
        .effects
        .into_iter()
        .find_map(|e| match e {
            Effect::Copy(text) => Some(text),
            _ => None,
        })
        .unwrap();
    assert!(copied.contains("事项名称：文明养犬管理工作"), "{copied}");
    m.app.set_osc52(false);
    assert!(m.app.update(Action::CopyItem).effects.is_empty());
    assert!(m.app.message.as_ref().unwrap().error);
}

#[test]
fn e_writes_inside_the_chosen_folder_whatever_the_town_is_called() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("a").join("b");
    std::fs::create_dir_all(&out).unwrap();
    let names = [
        "../../逃出镇",
        "/tmp/绝对路径镇",
        "\x1b]0;标题\x07镇",
        ".隐藏镇",
        "..",
        &"很长的镇名".repeat(60),
    ];
    for (n, name) in names.iter().enumerate() {
        let mut dataset = Dataset::embedded().unwrap();
        dataset.town = name.to_string();
        let mut app = app_on(dataset, root.path(), &out);
        perform(&mut app, Action::Export);
        let message = app.message.as_ref().map(|m| m.text.clone()).unwrap();
        assert!(message.starts_with("已导出"), "{name:?}: {message}");
        let files: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            files.len(),
            n + 1,
            "{name:?} wrote one file in the folder: {files:?}"
        );
        for file in &files {
            assert!(!file.starts_with('.'), "{file}");
            assert!(!file.chars().any(char::is_control), "{file:?}");
            assert!(file.len() <= 255 && file.ends_with(".xlsx"), "{file}");
        }
    }
    // Nothing beside the folder or above it.
    let above: Vec<_> = std::fs::read_dir(root.path().join("a")).unwrap().collect();
    assert_eq!(above.len(), 1);
    assert!(!std::path::Path::new("/tmp/绝对路径镇履职事项审核结果.xlsx").exists());
}

/// Presses keys as a terminal reports them, through the one keymap; what the event loop was
/// asked to do besides drawing comes back.
fn press(m: &mut Meeting, keys: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    for c in keys.chars() {
        if let Some(action) = common::typed(m.app.mode, c) {
            effects.extend(m.app.update(action).effects);
        }
    }
    effects
}

/// Issue 23: what a new user typed without `/` (yangquan copied, marked 同意, opened the note
/// editor; yq quit; xiaofang marked 有异议 and opened 准入) is a search on every screen with a
/// list, and nothing else: no verdict, note, draft, copy, export, editor or quit.
#[test]
fn pinyin_typed_without_slash_is_a_search_and_nothing_else() {
    let mut m = Meeting::new();
    m.query("犬");
    m.keys([Action::Cancel]);
    assert_eq!(m.selected(), "coop-19");
    let words = [
        "yangquan", "yq", "xiaofang", "zhuanru", "anquan", "exian", "ouyang", "mianyi", "gengdi",
        "huanbao", "jiuye", "kaohe", "lvzhi", "nongcun", "pinkun", "quanwen", "renkou", "shuili",
        "tudi", "weiwen", "yiliao", "zhian", "bz", "cz", "dz", "fz",
    ];
    for word in words {
        for screen in ["list", "compare"] {
            if screen == "compare" {
                m.keys([Action::Confirm]);
                assert_eq!(m.app.mode, Mode::Compare);
            }
            let effects = press(&mut m, word);
            assert!(effects.is_empty(), "{word} on {screen}: {effects:?}");
            assert_eq!(m.app.mode, Mode::Filter, "{word} on {screen}");
            assert_eq!(m.app.query.text(), word, "{word} on {screen}");
            m.keys([Action::Cancel]);
            assert_eq!(m.app.mode, Mode::Browse);
        }
    }
    assert!(m.stored().is_empty(), "no verdict, note or draft");
}

#[test]
fn a_verdict_is_a_capital_said_at_once_and_z_takes_it_back() {
    let mut m = Meeting::new();
    m.keys([Action::ShowTab(Tab::Coop)]);
    for _ in 0..6 {
        m.keys([Action::Down]);
    }
    assert_eq!(m.selected(), "coop-7");
    press(&mut m, "X");
    // The key did its work, and says so with the way back.
    assert_eq!(m.stored()["coop-7"].status, Some(Status::Dispute));
    let message = m.app.message.clone().unwrap();
    assert!(message.text.contains("Z 撤销"), "{}", message.text);
    press(&mut m, "Z");
    assert!(!m.stored().contains_key("coop-7"), "back to no verdict");
    let message = m.app.message.clone().unwrap().text;
    assert!(
        message.contains("已撤销") && message.contains("coop-7"),
        "{message}"
    );
    let item = (0..m.app.towns.item_count())
        .position(|i| m.app.item_at(i).id == "coop-7")
        .unwrap();
    let history: Vec<_> = m.app.history_of(item).iter().map(|c| c.status).collect();
    assert_eq!(
        history,
        [Some(Status::Dispute), None],
        "the undo is on record"
    );
    press(&mut m, "Z");
    assert!(m.app.message.clone().unwrap().text.contains("没有可以撤销"));
    assert_eq!(press(&mut m, "Q"), [Effect::Quit], "Q quits");
}

#[test]
fn chinese_typed_in_the_list_searches() {
    let mut m = Meeting::new();
    press(&mut m, "犬");
    assert_eq!(m.app.mode, Mode::Filter);
    assert_eq!(m.selected(), "coop-19");
}

#[test]
fn the_same_verdict_twice_adds_no_history_and_a_note_can_be_undone() {
    let mut m = Meeting::new();
    m.keys([Action::SetStatus(Some(Status::Agree))]);
    m.keys([Action::SetStatus(Some(Status::Agree))]);
    let item = m.app.selected().unwrap().1.item;
    assert_eq!(m.app.history_of(item).len(), 1);
    m.keys([Action::EditNote]);
    m.type_text("误写的备注");
    m.keys([Action::SaveNote, Action::Undo]);
    let review = &m.stored()["basic-1"];
    assert_eq!(
        (review.status, review.note.as_str()),
        (Some(Status::Agree), "")
    );
}

#[test]
fn ctrl_c_in_the_note_editor_closes_it_keeping_the_text_and_does_not_quit() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut m = Meeting::new();
    m.keys([Action::EditNote]);
    m.type_text("写了一半");
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    let action = lvzhi::tui::keymap::action_for(m.app.mode, ctrl_c).unwrap();
    assert!(!m.app.update(action).quits());
    assert_eq!(m.app.mode, Mode::Browse);
    assert_eq!(m.stored()["basic-1"].draft.as_deref(), Some("写了一半"));
}

#[test]
fn drafts_are_announced_on_start_marked_in_the_list_and_found_by_status_draft() {
    let dir = tempfile::tempdir().unwrap();
    let dataset = Dataset::embedded().unwrap();
    {
        let mut store = Store::open(&dir.path().join("review.db"), &dataset, "李四").unwrap();
        store.save_draft("coop-7", "断线前写的").unwrap();
        store.save_draft("recalled-2", "也没写完").unwrap();
    }
    let mut app = app_on(dataset, dir.path(), dir.path());
    let message = app.message.clone().expect("drafts announced").text;
    assert!(message.contains("2 条备注草稿"), "{message}");
    assert!(
        message.contains("coop-7") && message.contains("recalled-2"),
        "{message}"
    );
    assert!(
        message.contains("状态:草稿") && message.contains(" N "),
        "{message}"
    );

    app.update(Action::StartFilter);
    for c in "状态:草稿".chars() {
        app.update(Action::Insert(c));
    }
    let found: Vec<String> = app.rows().map(|h| app.item(h).id.clone()).collect();
    assert_eq!(found, ["coop-7", "recalled-2"]);

    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    let buffer = terminal
        .draw(|f| lvzhi::tui::view::draw(&app, f))
        .unwrap()
        .buffer
        .clone();
    let rows: Vec<String> = (0..30)
        .map(|y| (0..100).map(|x| buffer[(x, y)].symbol()).collect())
        .collect();
    let marked = rows.iter().filter(|r| r.contains('✐')).count();
    assert_eq!(marked, 2, "{}", rows.join("\n"));
}

#[test]
fn a_note_without_a_verdict_is_reviewed_and_not_in_status_unreviewed() {
    let mut m = Meeting::new();
    m.keys([Action::EditNote]);
    m.type_text("只写了备注");
    m.keys([
        Action::SaveNote,
        Action::Down,
        Action::SetStatus(Some(Status::Agree)),
    ]);
    assert_eq!(m.app.progress(), (2, 252));
    m.query("状态:未审");
    assert_eq!(m.app.rows().len(), 250, "the counts add up: 2 + 250 = 252");
}

#[test]
fn e_says_it_exports_everything_whatever_the_filter() {
    let mut m = Meeting::new();
    m.query("犬");
    m.keys([Action::Export]);
    let message = m.app.message.clone().unwrap().text;
    assert!(message.contains("全部 252 项"), "{message}");
    assert!(message.contains("筛选不影响导出"), "{message}");
}

/// The compare view of the one disputed item, marked 同意 under `状态:有异议`, went blank with
/// keys that did nothing: it goes back to the list, which says nothing matches.
#[test]
fn marking_the_compared_item_out_of_the_filter_goes_back_to_the_list() {
    let mut m = Meeting::new();
    m.query("犬");
    press(&mut m, "X");
    m.query("状态:有异议");
    assert_eq!(m.selected(), "coop-19");
    m.keys([Action::Confirm]);
    assert_eq!(m.app.mode, Mode::Compare);
    press(&mut m, "A");
    assert_eq!(m.stored()["coop-19"].status, Some(Status::Agree));
    assert_eq!(m.app.mode, Mode::Browse, "not a blank compare view");
    assert!(m.app.selected().is_none());
}
