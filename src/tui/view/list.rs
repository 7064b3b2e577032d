//! The item list of the current tab: marker, badge (in 全部), number, category, title.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::search::{Field, Hit};
use crate::tui::action::Action;
use crate::tui::app::{App, Focus, Mode, Tab};
use crate::tui::wrap::{self, StyledChar};

/// Display columns given to the category when the list is wide enough to show it.
const CATEGORY_WIDTH: usize = 14;
/// The list shows categories from this inner width on.
const CATEGORY_FROM: usize = 44;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let (matches, total) = app.tab_counts()[app.tab.index()];
    let title = match app.tab.list() {
        Some(list) => list.full_name(),
        None => "全部清单",
    };
    let count = if app.filter_active() {
        format!("{matches}/{total}")
    } else {
        total.to_string()
    };
    let focused = app.focus == Focus::List && app.mode != Mode::Compare;
    let block = super::pane_block(
        theme,
        Line::from(Span::styled(
            format!(" {title} {count} "),
            theme.pane_title(focused),
        )),
        focused,
    );
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    if matches == 0 {
        render_empty(app, inner, buf);
        return;
    }
    let rows = app
        .rows()
        .skip(app.list_offset())
        .take(inner.height as usize);
    for (i, hit) in rows.enumerate() {
        let selected = app.list_offset() + i == app.selected_row();
        let line = row(app, hit, selected, inner.width as usize);
        let y = inner.y + i as u16;
        if selected {
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), theme.selected());
        }
        buf.set_line(inner.x, y, &line, inner.width);
    }
}

/// One row, exactly `width` columns wide or less.
fn row(app: &App, hit: &Hit, selected: bool, width: usize) -> Line<'static> {
    let theme = app.theme;
    let item = app.item(hit);
    let hl = app.highlights(hit.item);
    let base = if selected {
        theme.selected()
    } else {
        theme.base()
    };
    let highlight = theme.highlight();
    let marker = if selected { theme.marker() } else { " " };
    let mut chars: Vec<StyledChar> = Vec::new();
    chars.extend(wrap::plain(marker, base));
    // The verdict in one cell, where the eye starts the row.
    let review = app.review_of(hit.item);
    let draft = review.is_some_and(|r| r.draft.is_some());
    let (mark, mut mark_style) = match review.and_then(|r| r.status) {
        Some(status) if selected => (theme.status_mark(status), base),
        Some(status) => (theme.status_mark(status), theme.status_style(status)),
        None if draft => (theme.draft_mark(), base),
        None if review.is_some_and(|r| !r.note.is_empty()) => (theme.note_mark(), base),
        None => (" ", base),
    };
    if draft {
        mark_style = mark_style.add_modifier(ratatui::style::Modifier::UNDERLINED);
    }
    chars.extend(wrap::plain(mark, mark_style));
    if app.tab == Tab::All {
        let badge = theme.badge(item.list);
        let style = if selected {
            base
        } else {
            theme.badge_style(item.list)
        };
        chars.extend(wrap::plain(badge, style));
        chars.push((' ', base));
    }
    if let Some(town_width) = town_column(app) {
        // Whose item it is, where several towns share the list.
        let town = &app.town_of(hit.item).town;
        let mut cell = wrap::truncate(&wrap::plain(town, base), town_width, theme.ellipsis());
        let pad = town_width - wrap::width(&cell) + 1;
        cell.extend(std::iter::repeat_n((' ', base), pad));
        chars.extend(cell);
    }
    chars.extend(wrap::styled(&format!("{:>3} ", item.no), base, base, &[]));
    if width >= CATEGORY_FROM {
        let category = wrap::styled(
            &item.category,
            base,
            highlight,
            hl.positions(Field::Category),
        );
        let mut cell = wrap::truncate(&category, CATEGORY_WIDTH, theme.ellipsis());
        let pad = CATEGORY_WIDTH - wrap::width(&cell) + 1;
        cell.extend(std::iter::repeat_n((' ', base), pad));
        chars.extend(cell);
    }
    chars.extend(wrap::styled(
        &item.title,
        base,
        highlight,
        hl.positions(Field::Title),
    ));
    wrap::line(&wrap::truncate(&chars, width, theme.ellipsis()))
}

/// Display columns of the town column: shown when several towns share the list.
fn town_column(app: &App) -> Option<usize> {
    if !app.towns.several() || app.town_scope.is_some() {
        return None;
    }
    let widest = app
        .towns
        .heads()
        .iter()
        .map(|d| unicode_width::UnicodeWidthStr::width(d.town.as_str()))
        .max()
        .unwrap_or(0);
    Some(widest.clamp(2, 10))
}

/// No match in this tab: say so, and where the matches are.
fn render_empty(app: &App, inner: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let elsewhere: Vec<String> = Tab::ALL
        .into_iter()
        .filter(|&t| t != app.tab && t != Tab::All)
        .filter_map(|t| {
            let (matches, _) = app.tab_counts()[t.index()];
            (matches > 0).then(|| format!("{} {matches} 项（按 {}）", t.label(), t.index() + 1))
        })
        .collect();
    let mut lines = vec![Line::from(Span::styled("没有匹配的事项", theme.title()))];
    if !elsewhere.is_empty() {
        lines.push(Line::from(format!("其他清单有：{}", elsewhere.join("，"))));
    }
    let other_towns = app.matches_in_other_towns();
    if other_towns > 0 {
        lines.push(Line::from(format!(
            "其他乡镇有 {other_towns} 项（按 {} 选全部乡镇）",
            app.key(Mode::Browse, Action::PickTown)
        )));
    }
    if !app.suggestions.is_empty() {
        let key = if app.mode == Mode::Filter {
            app.key(Mode::Filter, Action::TakeSuggestion)
        } else {
            app.key(Mode::Browse, Action::Confirm)
        };
        lines.push(Line::from(vec![
            Span::raw("你是不是要找（"),
            Span::styled(key, theme.key()),
            Span::raw(" 采用第一个）："),
        ]));
        for suggestion in &app.suggestions {
            lines.push(Line::from(Span::styled(
                format!("  {}", crate::inert::line(&suggestion.query)),
                theme.highlight(),
            )));
        }
    }
    for (i, line) in lines.iter().enumerate().take(inner.height as usize) {
        let line = wrap::fit(line, inner.width as usize, theme.ellipsis());
        buf.set_line(inner.x, inner.y + i as u16, &line, inner.width);
    }
}
