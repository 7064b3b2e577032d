//! Screens with the real data, drawn into ratatui's TestBackend: snapshots at 80x24, 120x40 and
//! 40x12, the highlight of a filter, and checks that hold on every screen.

#[path = "common/rows.rs"]
mod rows;

use lvzhi::Dataset;
use lvzhi::tui::action::Action;
use lvzhi::tui::app::{App, Tab};
use lvzhi::tui::theme::Theme;
use lvzhi::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use rows::{buffer_row, style_runs};
use unicode_width::UnicodeWidthStr;

const COLOR: Theme = Theme {
    color: true,
    ascii: false,
};

fn app(width: u16, height: u16, theme: Theme, actions: &[Action]) -> App {
    let dataset = Dataset::embedded().unwrap();
    let mut app = App::new(dataset, theme, Rect::new(0, 0, width, height));
    for &action in actions {
        app.update(action);
    }
    app
}

/// The frame the app rendered (not the backend's copy, which would hide an overdrawn half).
fn draw(app: &App) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    let frame = terminal.draw(|f| view::draw(app, f)).unwrap();
    frame.buffer.clone()
}

/// The screen as text, one line per row, with the checks every screen must pass.
fn screen_text(buffer: &Buffer) -> String {
    assert_no_wide_character_cut(buffer);
    let width = buffer.area.width as usize;
    let mut lines = Vec::new();
    for y in 0..buffer.area.height {
        let line = buffer_row(buffer, y);
        assert_eq!(
            line.width(),
            width,
            "row {y} is not {width} columns: {line:?}"
        );
        lines.push(line);
    }
    lines.join("\n")
}

/// A wide character always has its second column free and inside the screen: nothing was cut
/// in half at a pane edge or drawn over.
fn assert_no_wide_character_cut(buffer: &Buffer) {
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            let symbol = buffer[(x, y)].symbol();
            if symbol.width() == 2 {
                assert!(
                    x + 1 < buffer.area.width,
                    "wide {symbol:?} cut at the right edge, row {y}"
                );
                let next = buffer[(x + 1, y)].symbol();
                assert_eq!(
                    next, " ",
                    "wide {symbol:?} at ({x},{y}) overdrawn by {next:?}"
                );
            }
        }
    }
}

fn snapshot(name: &str, app: &App) {
    let text = screen_text(&draw(app));
    insta::assert_snapshot!(
        format!("{name}_{}x{}", app.size.width, app.size.height),
        text
    );
}

fn coop_19() -> Vec<Action> {
    let mut actions = vec![Action::ShowTab(Tab::Coop)];
    actions.extend([Action::Down; 18]);
    actions
}

fn filtered(query: &str) -> Vec<Action> {
    let mut actions = vec![Action::StartFilter];
    actions.extend(query.chars().map(Action::Insert));
    actions.push(Action::Confirm);
    actions
}

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (40, 12)];

#[test]
fn each_tab() {
    for (w, h) in SIZES {
        for tab in Tab::ALL {
            let app = app(w, h, COLOR, &[Action::ShowTab(tab), Action::Down]);
            snapshot(&format!("tab_{}", tab.label()), &app);
        }
    }
}

#[test]
fn an_active_filter() {
    for (w, h) in SIZES {
        snapshot("filter_犬", &app(w, h, COLOR, &filtered("犬")));
    }
}

#[test]
fn compare_view_of_coop_19() {
    for (w, h) in SIZES {
        let mut actions = coop_19();
        actions.push(Action::Confirm);
        snapshot("compare_coop19", &app(w, h, COLOR, &actions));
    }
}

/// An app on a review file where coop-19 is disputed with a two-line note (and was first
/// marked to check), basic-44 agreed, recalled-6 has a note only.
fn reviewed_app(dir: &std::path::Path, width: u16, height: u16, theme: Theme) -> App {
    let dataset = Dataset::embedded().unwrap();
    let mut store = lvzhi::review::Store::open(&dir.join("review.db"), &dataset, "张三")
        .unwrap()
        .with_fixed_time("2026-11-29 10:00:00");
    store
        .set_status("coop-19", Some(lvzhi::Status::Check))
        .unwrap();
    store
        .set_status("coop-19", Some(lvzhi::Status::Dispute))
        .unwrap();
    store
        .set_note("coop-19", "养犬登记应由公安办理，\n镇里只配合宣传")
        .unwrap();
    store
        .set_status("basic-44", Some(lvzhi::Status::Agree))
        .unwrap();
    store
        .set_note("recalled-6", "检疫已移交，核对承接部门")
        .unwrap();
    App::new(dataset, theme, Rect::new(0, 0, width, height))
        .with_store(store)
        .unwrap()
}

#[test]
fn reviewed_items_show_their_marks_notes_and_history() {
    for (w, h) in [(120, 40), (80, 24)] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = reviewed_app(dir.path(), w, h, COLOR);
        for action in filtered("犬") {
            app.update(action);
        }
        // Down to the town pane, where coop-19's review follows the town's part.
        app.update(Action::Confirm);
        app.update(Action::FocusRight);
        app.update(Action::Bottom);
        snapshot("reviewed_coop19", &app);
    }
    let dir = tempfile::tempdir().unwrap();
    let ascii = Theme {
        color: false,
        ascii: true,
    };
    let app = reviewed_app(dir.path(), 80, 24, ascii);
    let mut app = app;
    for action in filtered("犬 | 检疫") {
        app.update(action);
    }
    snapshot("reviewed_ascii", &app);
}

/// What a meeting discusses stays on screen at 80x24: the verdict line comes right after the
/// item's place, before the title and departments that wrap (coop-19), and on an item nobody
/// has marked (coop-7) it says 未审. H brings the history into view.
#[test]
fn the_verdict_line_is_on_screen_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = reviewed_app(dir.path(), 80, 24, COLOR);
    for action in coop_19() {
        app.update(action);
    }
    let text = screen_text(&draw(&app));
    assert!(
        text.contains("审核：有异议 · 养犬登记应由公安办理"),
        "{text}"
    );
    // Department names break between names, never inside one (…玛纳 / 斯县…).
    assert!(text.contains("玛纳斯县农业农村局、"), "{text}");
    assert!(
        !text.lines().any(|l| l.trim_end().ends_with("玛纳")),
        "{text}"
    );
    snapshot("verdict_coop19", &app);
    app.update(Action::ShowHistory);
    let text = screen_text(&draw(&app));
    assert!(text.contains("修改历史（3 次）"), "{text}");
    snapshot("history_coop19", &app);

    let mut app = reviewed_app(dir.path(), 80, 24, COLOR);
    app.update(Action::ShowTab(Tab::Coop));
    for _ in 0..6 {
        app.update(Action::Down);
    }
    let text = screen_text(&draw(&app));
    assert!(text.contains("配合履职事项清单 第 7 项"), "{text}");
    assert!(text.contains("审核：未审"), "{text}");
    snapshot("verdict_coop7", &app);
}

#[test]
fn the_note_editor_wraps_chinese_text_and_places_the_cursor() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = reviewed_app(dir.path(), 80, 24, COLOR);
    for action in coop_19() {
        app.update(action);
    }
    app.update(Action::EditNote);
    app.update(Action::Newline);
    for c in "会议意见：建议由县公安局牵头办理犬只登记，镇里配合入户宣传和排查。".chars()
    {
        app.update(Action::Insert(c));
    }
    let frame = draw(&app);
    snapshot("note_editor", &app);
    let cursor = view::cursor_position(&app).expect("a cursor in the editor");
    // The cursor stands right after the last character typed.
    let before = &frame[(cursor.x - 2, cursor.y)];
    assert_eq!(before.symbol(), "。");
}

/// Two towns: the embedded one and a copy named 乐土驿镇 with coop-19 retitled.
fn county_app(width: u16, height: u16, actions: &[Action]) -> App {
    let liuhudi = Dataset::embedded().unwrap();
    let mut letuyi = liuhudi.clone();
    letuyi.town = "乐土驿镇".into();
    if let Some(item) = letuyi.items.iter_mut().find(|i| i.id == "coop-19") {
        item.title = "犬只登记管理工作".into();
    }
    let towns = lvzhi::towns::Towns::new(vec![liuhudi, letuyi]);
    let mut app = App::for_towns(towns, COLOR, Rect::new(0, 0, width, height));
    for &action in actions {
        app.update(action);
    }
    app
}

#[test]
fn a_county_shows_each_items_town_and_the_town_picker() {
    for (w, h) in [(80, 24), (40, 12)] {
        snapshot("county_filter_犬", &county_app(w, h, &filtered("犬")));
        let mut actions = filtered("犬");
        actions.push(Action::PickTown);
        snapshot("county_picker", &county_app(w, h, &actions));
        actions.extend([Action::Down, Action::Down, Action::Confirm]);
        snapshot("county_scoped", &county_app(w, h, &actions));
    }
}

#[test]
fn help_overlay() {
    for (w, h) in SIZES {
        snapshot("help", &app(w, h, COLOR, &[Action::ToggleHelp]));
    }
}

#[test]
fn ascii_and_no_colour_variants() {
    let ascii = Theme {
        color: true,
        ascii: true,
    };
    let plain = Theme {
        color: false,
        ascii: false,
    };
    let app_ascii = app(80, 24, ascii, &coop_19());
    let text = screen_text(&draw(&app_ascii));
    let data = Dataset::embedded().unwrap().to_json();
    for c in text.chars() {
        let narrow_symbol = !c.is_ascii() && c.to_string().width() < 2;
        assert!(
            !narrow_symbol || data.contains(c),
            "{c:?} drawn by the app under --ascii"
        );
    }
    snapshot("ascii_coop19", &app_ascii);
    snapshot("ascii_help", &app(80, 24, ascii, &[Action::ToggleHelp]));

    let app_plain = app(80, 24, plain, &coop_19());
    let buffer = draw(&app_plain);
    for cell in buffer.content() {
        assert_eq!(
            (cell.fg, cell.bg),
            (Default::default(), Default::default()),
            "NO_COLOR"
        );
    }
    let selected_row = (0..24)
        .find(|&y| buffer[(1, y)].symbol() == "▶")
        .expect("a marker on the selected row");
    assert!(
        buffer[(5, selected_row)]
            .modifier
            .contains(Modifier::REVERSED)
    );
    snapshot("nocolor_coop19", &app_plain);
}

#[test]
fn matched_characters_are_highlighted_in_the_list_and_the_detail() {
    let app = app(80, 24, COLOR, &filtered("犬"));
    let buffer = draw(&app);
    let highlighted: Vec<(u16, u16)> = buffer
        .content()
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            c.symbol() == "犬"
                && c.modifier.contains(Modifier::BOLD)
                && c.fg == ratatui::style::Color::Red
        })
        .map(|(i, _)| ((i % 80) as u16, (i / 80) as u16))
        .collect();
    let list_rows = highlighted.iter().filter(|(_, y)| *y <= 8).count();
    let detail_rows = highlighted.iter().filter(|(_, y)| *y > 8).count();
    assert!(list_rows >= 1, "犬 highlighted in the list");
    assert!(
        detail_rows >= 3,
        "犬 highlighted in the title and the duty text"
    );
    let plain_dog = buffer
        .content()
        .iter()
        .filter(|c| c.symbol() == "犬" && !c.modifier.contains(Modifier::BOLD))
        .count();
    assert_eq!(plain_dog, 0, "every 犬 on screen is a match");
}

#[test]
fn every_size_up_to_30x10_renders_without_panic() {
    for actions in [vec![], coop_19(), vec![Action::ToggleHelp], filtered("犬")] {
        let mut app = app(80, 24, COLOR, &actions);
        for w in 1..=30 {
            for h in 1..=10 {
                app.update(Action::Resize(w, h));
                let text = screen_text(&draw(&app));
                if w >= 6 {
                    assert!(text.contains("需"), "{w}x{h} says the size needed:\n{text}");
                }
            }
        }
    }
}

#[test]
fn the_note_editor_survives_every_size_and_keeps_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = reviewed_app(dir.path(), 80, 24, COLOR);
    app.update(Action::EditNote);
    for c in "断线也不丢".chars() {
        app.update(Action::Insert(c));
    }
    for (w, h) in (1..=40).flat_map(|w| (1..=12).map(move |h| (w, h))) {
        app.update(Action::Resize(w, h));
        screen_text(&draw(&app));
        if let Some(at) = view::cursor_position(&app) {
            assert!(at.x < w && at.y < h, "cursor {at:?} off a {w}x{h} screen");
        }
    }
    app.update(Action::Resize(80, 24));
    assert_eq!(app.note.as_ref().unwrap().text(), "断线也不丢");
}

#[test]
#[should_panic(expected = "overdrawn")]
fn the_wide_character_check_catches_an_overdrawn_half() {
    let mut buffer = Buffer::empty(Rect::new(0, 0, 4, 1));
    buffer.set_string(0, 0, "犬", ratatui::style::Style::new());
    buffer[(1, 0)].set_symbol("│");
    assert_no_wide_character_cut(&buffer);
}

/// Colours and emphasis under snapshot: the selected row, the list badges, the highlight of a
/// filter's matched characters, the header's tabs and the footer's keys. A colour that changes
/// fails here even when the text is the same.
#[test]
fn styles_of_the_list_a_filter_and_the_compare_view() {
    let browse = app(80, 24, COLOR, &[Action::ShowTab(Tab::Coop)]);
    insta::assert_snapshot!("styles_coop_80x24", style_runs(&draw(&browse)));
    let filter = app(80, 24, COLOR, &filtered("犬"));
    insta::assert_snapshot!("styles_filter_犬_80x24", style_runs(&draw(&filter)));
    let compare = app(120, 40, COLOR, &coop_19());
    insta::assert_snapshot!("styles_compare_coop19_120x40", style_runs(&draw(&compare)));
    // Without colour, emphasis alone marks the selection and the matches.
    let plain = app(
        80,
        24,
        Theme {
            color: false,
            ascii: false,
        },
        &filtered("犬"),
    );
    let runs = style_runs(&draw(&plain));
    for line in runs.lines() {
        assert!(
            line.contains("fg=Reset bg=Reset") || line.contains("fg=- bg=-"),
            "a colour under NO_COLOR: {line}"
        );
    }
    assert!(
        runs.lines()
            .any(|l| l.contains("UNDERLINED") && l.ends_with("\"犬\"")),
        "the match is still marked: {runs}"
    );
}

/// Issue 23: at 80 columns the footer dropped `i 准入`, the main feature. The most important
/// keys come first, in colour and in ASCII: search, 准入, the verdicts, help and quit.
#[test]
fn the_footer_at_80_columns_keeps_the_main_keys() {
    for ascii in [false, true] {
        let theme = Theme {
            color: !ascii,
            ascii,
        };
        let text = screen_text(&draw(&app(80, 24, theme, &[])));
        let footer = text.lines().last().unwrap().to_string();
        for hint in ["/ 筛选", "i 准入", "A 同意", "X 异议", "? 帮助", "Q 退出"] {
            assert!(footer.contains(hint), "{hint} missing: {footer}");
        }
    }
}
