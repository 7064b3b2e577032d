//! State changes of the app, without a terminal.

use super::*;
use crate::model::ListKind;
use crate::tui::picker::Choice;

fn app() -> App {
    let theme = Theme {
        color: true,
        ascii: false,
    };
    App::new(Dataset::embedded().unwrap(), theme, Rect::new(0, 0, 80, 24))
}

fn type_query(app: &mut App, text: &str) {
    app.update(Action::StartFilter);
    for c in text.chars() {
        app.update(Action::Insert(c));
    }
}

fn selected_id(app: &App) -> String {
    app.selected()
        .map_or(String::new(), |(item, _)| item.id.clone())
}

#[test]
fn starts_on_all_lists_with_the_first_item() {
    let app = app();
    assert_eq!(app.tab, Tab::All);
    assert_eq!(selected_id(&app), "basic-1");
    assert_eq!(
        app.tab_counts(),
        [(110, 110), (99, 99), (43, 43), (252, 252)]
    );
}

#[test]
fn typing_refilters_every_tab_and_selects_the_best_match() {
    let mut app = app();
    type_query(&mut app, "犬");
    assert_eq!(app.mode, Mode::Filter);
    assert_eq!(selected_id(&app), "coop-19");
    let counts = app.tab_counts();
    assert_eq!(counts[Tab::Coop.index()].1, 99);
    assert!(counts[Tab::Coop.index()].0 >= 1 && counts[Tab::All.index()].0 < 252);
    app.update(Action::Confirm);
    assert_eq!(app.mode, Mode::Browse);
    assert_eq!(app.query.text(), "犬");
}

#[test]
fn the_query_survives_tab_switches_and_esc_clears_it() {
    let mut app = app();
    type_query(&mut app, "犬");
    app.update(Action::Confirm);
    app.update(Action::ShowTab(Tab::Basic));
    assert_eq!(app.query.text(), "犬");
    assert!(app.rows().all(|h| app.item(h).list == ListKind::Basic));
    app.update(Action::Cancel);
    assert!(!app.filter_active());
    assert_eq!(app.rows().len(), 110);
}

#[test]
fn while_keys_are_queued_only_the_last_query_runs() {
    let mut app = app();
    app.begin_keys();
    type_query(&mut app, "犬");
    assert_eq!(app.rows().len(), 252, "results wait for the queue to drain");
    assert!(app.end_keys());
    assert_eq!(selected_id(&app), "coop-19");
    assert!(!app.end_keys(), "nothing left to run");
}

#[test]
fn esc_in_the_query_line_clears_the_filter() {
    let mut app = app();
    type_query(&mut app, "犬只");
    app.update(Action::Cancel);
    assert_eq!((app.mode, app.query.text()), (Mode::Browse, ""));
    assert_eq!(app.rows().len(), 252);
}

#[test]
fn moving_keeps_the_selection_on_screen() {
    let mut app = app();
    app.update(Action::ShowTab(Tab::Coop));
    for _ in 0..30 {
        app.update(Action::Down);
    }
    assert_eq!(selected_id(&app), "coop-31");
    let rows = app.list_rows();
    assert!(app.list_offset() <= 30 && 30 < app.list_offset() + rows);
    app.update(Action::Bottom);
    assert_eq!(selected_id(&app), "coop-99");
    assert!(!app.update(Action::Down).redraw);
    app.update(Action::Top);
    assert_eq!(
        (selected_id(&app).as_str(), app.list_offset()),
        ("coop-1", 0)
    );
    app.update(Action::PageDown);
    assert_eq!(app.selected_row(), rows);
}

#[test]
fn tabs_cycle_and_each_keeps_its_own_selection() {
    let mut app = app();
    app.update(Action::ShowTab(Tab::Recalled));
    app.update(Action::Down);
    app.update(Action::NextTab);
    assert_eq!(app.tab, Tab::All);
    app.update(Action::NextTab);
    assert_eq!(app.tab, Tab::Basic);
    app.update(Action::PrevTab);
    app.update(Action::PrevTab);
    assert_eq!(selected_id(&app), "recalled-2");
}

#[test]
fn focus_moves_across_the_panes_of_the_selected_item() {
    let mut app = app();
    app.update(Action::ShowTab(Tab::Coop));
    app.update(Action::FocusRight);
    app.update(Action::FocusRight);
    assert_eq!(app.focus, Focus::Town);
    assert!(!app.update(Action::FocusRight).redraw);
    app.update(Action::ShowTab(Tab::Basic));
    assert_eq!(app.focus, Focus::Upper, "a basic item has no town pane");
    app.update(Action::FocusLeft);
    assert_eq!(app.focus, Focus::List);
}

#[test]
fn compare_view_opens_on_enter_and_scrolls_the_focused_pane() {
    let mut app = app();
    app.update(Action::ShowTab(Tab::Coop));
    for _ in 0..62 {
        app.update(Action::Down);
    }
    assert_eq!(selected_id(&app), "coop-63");
    app.update(Action::Confirm);
    assert_eq!((app.mode, app.focus), (Mode::Compare, Focus::Upper));
    assert!(
        app.update(Action::Down).redraw,
        "coop-63's 19 steps overflow the pane"
    );
    assert_eq!(app.pane_scroll(Focus::Upper), 1);
    assert_eq!(app.pane_scroll(Focus::Town), 0);
    app.update(Action::Bottom);
    let bottom = app.pane_scroll(Focus::Upper);
    assert!(!app.update(Action::ScrollDown).redraw, "stops at the end");
    app.update(Action::NextItem);
    assert_eq!(
        (selected_id(&app).as_str(), app.pane_scroll(Focus::Upper)),
        ("coop-64", 0)
    );
    assert!(bottom > 1);
    app.update(Action::Cancel);
    assert_eq!((app.mode, app.focus), (Mode::Browse, Focus::List));
}

#[test]
fn the_department_picker_scopes_the_lists_like_a_query() {
    let mut app = app();
    type_query(&mut app, "检查");
    app.update(Action::Confirm);
    app.update(Action::PickDepartment);
    assert_eq!(app.mode, Mode::Picker);
    for c in "水利".chars() {
        app.update(Action::Insert(c));
    }
    app.update(Action::Confirm);
    assert_eq!(app.mode, Mode::Browse);
    assert_eq!(app.query.text(), "检查 部门:玛纳斯县水利局");
    assert!(
        app.rows()
            .all(|h| app.item(h).departments.contains(&"玛纳斯县水利局".into()))
    );
    app.update(Action::PickDepartment);
    for c in "gaj".chars() {
        app.update(Action::Insert(c));
    }
    app.update(Action::Confirm);
    assert_eq!(
        app.query.text(),
        "检查 部门:玛纳斯县公安局",
        "one department scope at a time"
    );
}

#[test]
fn a_related_item_is_one_key_away() {
    let mut app = app();
    type_query(&mut app, "犬");
    app.update(Action::Confirm);
    app.update(Action::Down);
    assert_eq!(selected_id(&app), "basic-44");
    app.update(Action::PickRelated);
    let first = app.picker.as_ref().unwrap().entries[0].clone();
    assert!(
        first.label.starts_with('配') || first.label.starts_with('收'),
        "{first:?}"
    );
    app.update(Action::Confirm);
    assert_eq!(app.mode, Mode::Browse);
    let Choice::Item(target) = first.choice else {
        panic!()
    };
    assert_eq!(app.selected().map(|(_, h)| h.item), Some(target));
}

#[test]
fn help_opens_over_any_mode_and_returns_to_it() {
    let mut app = app();
    app.update(Action::Confirm);
    app.update(Action::ToggleHelp);
    assert_eq!((app.mode, app.base_mode()), (Mode::Help, Mode::Compare));
    let start = app.help_scroll;
    assert!(start > 0, "opens on the compare view's keys");
    app.update(Action::Down);
    assert_eq!(app.help_scroll, start + 1);
    app.update(Action::Cancel);
    assert_eq!(app.mode, Mode::Compare);
}

#[test]
fn resizing_keeps_the_selection_visible() {
    let mut app = app();
    app.update(Action::ShowTab(Tab::Coop));
    app.update(Action::Bottom);
    app.update(Action::Resize(120, 40));
    let rows = app.list_rows();
    assert!(app.list_offset() + rows > app.selected_row());
    app.update(Action::Resize(1, 1));
    assert!(app.areas().is_none());
    assert!(
        app.update(Action::Up).redraw,
        "keys still work on a tiny terminal"
    );
}

#[test]
fn a_huge_paste_fills_the_query_to_its_limit_and_says_so() {
    let mut app = app();
    // A notice's whole text pasted by mistake: 40,000 words.
    let page = "犬只 管理\r\n".repeat(20_000);
    assert!(app.paste(&page));
    assert_eq!(
        app.mode,
        Mode::Filter,
        "a paste in the list starts the filter"
    );
    assert_eq!(app.query.text().chars().count(), MAX_QUERY_CHARS);
    assert!(
        app.query.text().starts_with("犬只 管理  犬只"),
        "{}",
        app.query.text()
    );
    let message = app.message.as_ref().expect("the cut is announced");
    assert!(
        message.error && message.text.contains("200"),
        "{}",
        message.text
    );
    assert!(app.rows().len() > 0, "the query still searches");
    // Typing on at the limit is refused and said, not silently dropped.
    app.update(Action::Insert('犬'));
    assert_eq!(app.query.text().chars().count(), MAX_QUERY_CHARS);
    assert!(app.message.is_some());
    app.update(Action::Backspace);
    app.update(Action::Insert('犬'));
    assert!(app.message.is_none());
}

#[test]
fn a_paste_that_fits_is_one_edit_with_no_message() {
    let mut app = app();
    app.paste("应急\n管理");
    assert_eq!(app.query.text(), "应急 管理");
    assert!(app.message.is_none());
}

#[test]
fn clearing_the_filter_keeps_the_selected_item_selected() {
    let mut app = app();
    type_query(&mut app, "犬");
    app.update(Action::Down);
    let chosen = selected_id(&app).to_string();
    assert_ne!(chosen, "basic-1");
    app.update(Action::Cancel);
    assert_eq!(app.mode, Mode::Browse);
    assert!(app.query.text().is_empty());
    assert_eq!(selected_id(&app), chosen, "Esc in the query line");
    type_query(&mut app, "犬");
    app.update(Action::Confirm);
    app.update(Action::Cancel);
    assert_eq!(selected_id(&app), "coop-19", "Esc in the list");
}

#[test]
fn backspace_goes_back_after_jumps_as_far_as_they_went() {
    let mut app = app();
    type_query(&mut app, "犬");
    app.update(Action::Confirm);
    assert_eq!(selected_id(&app), "coop-19");
    app.update(Action::PickRelated);
    assert_eq!(app.mode, Mode::Picker);
    app.update(Action::Confirm);
    let first_jump = selected_id(&app).to_string();
    assert_ne!(first_jump, "coop-19");
    app.update(Action::PickRelated);
    app.update(Action::Confirm);
    app.update(Action::Back);
    assert_eq!(selected_id(&app), first_jump);
    app.update(Action::Back);
    assert_eq!(selected_id(&app), "coop-19");
    assert_eq!(app.query.text(), "犬", "the query it came from is back too");
    app.update(Action::Back);
    assert!(app.message.as_ref().unwrap().text.contains("没有可以返回"));
}

#[test]
fn a_typo_gets_suggestions_and_tab_takes_the_first() {
    let mut app = app();
    type_query(&mut app, "xiaofng");
    assert_eq!(app.rows().len(), 0);
    let shown: Vec<&str> = app.suggestions.iter().map(|s| s.shown.as_str()).collect();
    assert!(shown.iter().all(|s| s.contains("消防")), "{shown:?}");
    assert!(!shown.is_empty());
    let tab = ratatui::crossterm::event::KeyEvent::new(
        ratatui::crossterm::event::KeyCode::Tab,
        ratatui::crossterm::event::KeyModifiers::NONE,
    );
    let action = crate::tui::keymap::action_for(app.mode, tab).unwrap();
    app.update(action);
    assert!(app.rows().len() > 0, "{}", app.query.text());
    assert!(app.suggestions.is_empty());

    // The same in the list, where Enter takes it; a character of the same sound is forgiven.
    let mut app = self::app();
    type_query(&mut app, "消訪");
    app.update(Action::Confirm);
    assert_eq!(app.mode, Mode::Browse);
    assert!(app.suggestions.iter().any(|s| s.shown.contains("消防")));
    app.update(Action::Confirm);
    assert!(app.query.text().contains("消防"), "{}", app.query.text());
    assert!(app.rows().len() > 0);
}

#[test]
fn small_things_a_driver_meets() {
    // --ascii keeps 基/配/收: CJK is two columns everywhere, not ambiguous.
    let ascii = Theme {
        color: false,
        ascii: true,
    };
    assert_eq!(ascii.badge(ListKind::Coop), "配");

    // No item selected: no verdict keys offered in the footer.
    let mut app = app();
    type_query(&mut app, "zzzz");
    assert!(app.selected().is_none());
    assert!(!app.hint_applies(Action::SetStatus(Some(crate::model::Status::Agree))));
    assert!(!app.hint_applies(Action::EditNote));
    assert!(app.hint_applies(Action::ToggleHelp));

    // r where nothing is related says so instead of opening an empty picker.
    let mut app = self::app();
    let lonely = (0..app.towns.item_count()).find(|&i| app.related_of(i).is_empty());
    let lonely = lonely.expect("some item has no related item in the real lists");
    let id = app.item_at(lonely).id.clone();
    let title = format!("'{}", app.item_at(lonely).title);
    type_query(&mut app, &title);
    app.update(Action::Confirm);
    assert_eq!(selected_id(&app), id);
    app.update(Action::PickRelated);
    assert_eq!(app.mode, Mode::Browse);
    assert!(app.message.as_ref().unwrap().text.contains("没有相近"));
}

#[test]
fn one_match_leaves_the_screen_to_its_detail() {
    let mut app = app();
    let full = app.areas().unwrap().list.height;
    type_query(&mut app, "文明养犬");
    assert_eq!(app.rows().len(), 1);
    let areas = app.areas().unwrap();
    assert_eq!(areas.list.height, 3, "one row and its borders");
    assert!(full > 3);
    type_query(&mut app, "zzzz");
    assert_eq!(
        app.areas().unwrap().list.height,
        full,
        "room for the message"
    );
}

#[test]
fn what_the_loop_must_do_comes_back_as_effects() {
    let mut app = app();
    assert_eq!(app.update(Action::Redraw).effects, [Effect::Clear]);
    assert_eq!(app.update(Action::Resize(100, 30)).effects, [Effect::Clear]);
    assert!(app.update(Action::Down).effects.is_empty());
    assert!(app.update(Action::Quit).quits());
}

/// Keys as the terminal reports them, through the one keymap.
fn press_key(app: &mut App, code: ratatui::crossterm::event::KeyCode) {
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
    let event = KeyEvent::new(code, KeyModifiers::NONE);
    if let Some(action) = crate::tui::keymap::action_for(app.mode, event) {
        app.update(action);
    }
}

/// Issue 23: the help scrolls with every key it names (PgDn, Space, g/G, Ctrl-d, Home/End), not
/// only with j/k/↓.
#[test]
fn the_help_pages_with_the_keys_it_names() {
    use ratatui::crossterm::event::KeyCode;
    let mut app = app();
    app.update(Action::ToggleHelp);
    press_key(&mut app, KeyCode::Home);
    assert_eq!(app.help_scroll, 0);
    press_key(&mut app, KeyCode::PageDown);
    let page = app.help_scroll;
    assert!(page > 5, "a page, not a line: {page}");
    press_key(&mut app, KeyCode::Char(' '));
    assert_eq!(app.help_scroll, 2 * page);
    press_key(&mut app, KeyCode::PageUp);
    assert_eq!(app.help_scroll, page);
    press_key(&mut app, KeyCode::End);
    let bottom = app.help_scroll;
    assert!(bottom > 2 * page);
    press_key(&mut app, KeyCode::Char('g'));
    assert_eq!(app.help_scroll, 0);
    press_key(&mut app, KeyCode::Char('G'));
    assert_eq!(app.help_scroll, bottom);
    app.update(Action::HalfPageUp);
    assert!(app.help_scroll < bottom && app.help_scroll > bottom - page);
}

/// Issue 23: Enter in a picker with nothing matching says so and stays, so the next key is not
/// read by the screen behind.
#[test]
fn enter_in_a_picker_with_no_match_says_so_and_stays() {
    let mut app = app();
    app.update(Action::PickDepartment);
    for c in "zzqx".chars() {
        app.update(Action::Insert(c));
    }
    app.update(Action::Confirm);
    assert_eq!(app.mode, Mode::Picker);
    let message = app.message.clone().expect("told").text;
    assert!(message.contains("没有和「zzqx」相配的"), "{message}");
    app.update(Action::Cancel);
    assert_eq!(app.mode, Mode::Browse);
}

/// Letters typed in the compare view search the lists, as in the list.
#[test]
fn letters_in_the_compare_view_search() {
    use ratatui::crossterm::event::KeyCode;
    let mut app = app();
    app.update(Action::Confirm);
    assert_eq!(app.mode, Mode::Compare);
    for c in "yq".chars() {
        press_key(&mut app, KeyCode::Char(c));
    }
    assert_eq!((app.mode, app.query.text()), (Mode::Filter, "yq"));
    assert_eq!(app.focus, Focus::List);
}

/// Where a reviewer left (tab, filter, town, item) comes back in a new app, and a place whose
/// item no longer exists keeps what still does.
#[test]
fn the_place_left_comes_back() {
    let mut app = app();
    type_query(&mut app, "犬");
    app.update(Action::Confirm);
    app.update(Action::ShowTab(Tab::Coop));
    let left = app.left_at();
    assert_eq!((left.tab.as_str(), left.query.as_str()), ("coop", "犬"));
    assert_eq!(left.item, Some(("六户地镇".into(), "coop-19".into())));
    let mut again = super::App::new(
        Dataset::embedded().unwrap(),
        app.theme,
        Rect::new(0, 0, 80, 24),
    );
    again.return_to(&left);
    assert_eq!((again.tab, again.query.text()), (Tab::Coop, "犬"));
    assert_eq!(selected_id(&again), "coop-19");
    assert!(
        again
            .message
            .clone()
            .unwrap()
            .text
            .contains("回到上次离开的地方")
    );
    let mut gone = left.clone();
    gone.item = Some(("别的镇".into(), "coop-19".into()));
    gone.query.clear();
    let mut third = super::App::new(
        Dataset::embedded().unwrap(),
        app.theme,
        Rect::new(0, 0, 80, 24),
    );
    third.return_to(&gone);
    assert_eq!(
        (third.tab, selected_id(&third).as_str()),
        (Tab::Coop, "coop-1")
    );
    assert!(third.message.is_none(), "no filter, nothing to say");
}

/// An item with more departments than two lines hold (配15 at 80 columns) says the list goes on,
/// rather than stopping at a bare "、".
#[test]
fn departments_cut_at_two_lines_end_in_an_ellipsis() {
    let app = app();
    let index = (0..app.towns.item_count())
        .find(|&i| app.item_at(i).id == "coop-15")
        .unwrap();
    let lines = crate::tui::layout::detail::info_lines(
        &app,
        index,
        &crate::search::Highlights::default(),
        60,
    );
    let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let departments: Vec<&String> = text
        .iter()
        .skip_while(|l| !l.starts_with("对应上级部门"))
        .take(2)
        .collect();
    assert_eq!(departments.len(), 2, "{text:?}");
    assert!(departments[1].ends_with('…'), "{text:?}");
}
