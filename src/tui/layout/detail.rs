//! The lines of an item's detail (its summary, its duty panes, its review record), wrapped to a
//! width. Built here, below the app, so the app can measure them (page sizes, scrolling, the
//! summary's height) and the view draw the same lines.

use ratatui::text::{Line, Span};

use crate::model::{Dataset, Item, ListKind, Section};
use crate::review::{Change, Review};
use crate::search::{Field, Highlights, Side};
use crate::tui::action::Action;
use crate::tui::mode::{Focus, Mode};
use crate::tui::theme::Theme;
use crate::tui::wrap::{self, StyledChar};

/// What the detail's lines are made from: the app's state, seen from below it.
pub trait DetailSource {
    fn item_at(&self, i: usize) -> std::borrow::Cow<'_, crate::model::Item>;
    fn town_of(&self, item: usize) -> &Dataset;
    fn several_towns(&self) -> bool;
    fn theme(&self) -> Theme;
    /// The items of other lists most like this one, best first.
    fn related_of(&self, item: usize) -> Vec<(usize, f32)>;
    /// The key that does `action` in `mode`, as the text names it.
    fn key(&self, mode: Mode, action: Action) -> String;
    fn review_of(&self, item: usize) -> Option<&Review>;
    fn history_of(&self, item: usize) -> &[Change];
    /// Whether there is a review file (else there is no review to show).
    fn has_store(&self) -> bool;
}

/// The summary never takes more than this many lines; the panes need the room.
const MAX_INFO_LINES: usize = 6;

/// What a list means for the question "is this ours?".
pub fn verdict(item: &Item) -> String {
    match item.list {
        ListKind::Basic => "本镇必须为、负全责".into(),
        ListKind::Coop => "上级部门牵头，本镇配合".into(),
        ListKind::Recalled => "已由上级部门收回，本镇不再承担".into(),
    }
}

/// "乐土驿镇 " before an item's place in its list, when several towns are loaded.
pub fn town_prefix<S: DetailSource>(app: &S, index: usize) -> String {
    if app.several_towns() {
        format!("{} ", app.town_of(index).town)
    } else {
        String::new()
    }
}

/// The summary lines above the panes of a cooperative or recalled item.
pub fn info_lines<S: DetailSource>(
    app: &S,
    index: usize,
    hl: &Highlights,
    width: u16,
) -> Vec<Line<'static>> {
    let item = app.item_at(index);
    if item.list == ListKind::Basic || width == 0 {
        return Vec::new();
    }
    let theme = app.theme();
    let sep = theme.separator();
    let head = format!(
        "{}{} 第 {} 项{sep}{}{sep}{}",
        town_prefix(app, index),
        item.list.full_name(),
        item.no,
        item.category,
        verdict(&item)
    );
    let head = wrap::plain(&head, theme.dim());
    let mut lines = vec![wrap::line(&wrap::truncate(
        &head,
        width as usize,
        theme.ellipsis(),
    ))];
    // The verdict second, before anything a small screen may cut: it is what a meeting discusses.
    lines.extend(review_summary(app, index, width));
    let title = wrap::styled(
        &item.title,
        theme.title(),
        theme.highlight(),
        hl.positions(Field::Title),
    );
    lines.extend(wrap::wrap(&title, width, 0).into_iter().take(2));
    let label = wrap::styled(
        &format!("{}：", item.list.departments_label()),
        theme.dim(),
        theme.dim(),
        &[],
    );
    let names: Vec<Vec<StyledChar>> = item
        .departments
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let mut chars = wrap::styled(
                name,
                theme.base(),
                theme.highlight(),
                hl.positions(Field::Department(i)),
            );
            if i + 1 < item.departments.len() {
                chars.push(('、', theme.base()));
            }
            chars
        })
        .collect();
    let mut wrapped = wrap_names(label, &names, width);
    if wrapped.len() > 2 {
        wrapped.truncate(2);
        // More departments than two lines hold: say so, as a cut line does elsewhere.
        let more = theme.ellipsis();
        if let Some(last) = wrapped.last_mut() {
            if last.width() + unicode_width::UnicodeWidthStr::width(more) <= width as usize {
                last.push_span(ratatui::text::Span::styled(more, theme.dim()));
            }
        }
    }
    lines.extend(wrapped);
    if let Some(related) = related_line(app, index, width) {
        lines.push(related);
    }
    lines.truncate(MAX_INFO_LINES);
    lines
}

/// Department names after their label, a line broken only between names (after 、), so no
/// name is split across lines; a name wider than a line wraps by itself.
pub fn wrap_names(
    label: Vec<StyledChar>,
    names: &[Vec<StyledChar>],
    width: u16,
) -> Vec<Line<'static>> {
    let mut lines: Vec<Vec<StyledChar>> = vec![label];
    for name in names {
        let used = wrap::width(lines.last().map_or(&[][..], Vec::as_slice));
        let fits = used + wrap::width(name) <= width as usize;
        if !fits && used > 0 && wrap::width(name) <= width as usize {
            lines.push(Vec::new());
        }
        if let Some(line) = lines.last_mut() {
            line.extend(name.iter().copied());
        }
    }
    lines
        .iter()
        .flat_map(|line| wrap::wrap(line, width, 0))
        .collect()
}

/// "审核：有异议 · 养犬登记应由公安… · H 历史" on one line; "审核：未审" while reviewing an
/// item nobody has marked yet.
pub fn review_summary<S: DetailSource>(app: &S, index: usize, width: u16) -> Option<Line<'static>> {
    let theme = app.theme();
    let none = crate::review::Review::default();
    let review = match app.review_of(index) {
        Some(review) => review,
        None if app.has_store() => &none,
        None => return None,
    };
    let mut chars = wrap::plain("审核：", theme.dim());
    let style = review.status.map_or(theme.dim(), |s| theme.status_style(s));
    chars.extend(wrap::styled(
        Review::verdict_label(review.status, &review.note),
        style,
        style,
        &[],
    ));
    let note = review.note.replace('\n', " ");
    if !note.is_empty() {
        chars.extend(wrap::plain(theme.separator(), theme.dim()));
        chars.extend(wrap::plain(&note, theme.base()));
    }
    if review.draft.is_some() {
        chars.extend(wrap::styled(
            &format!(
                "{}有未保存的草稿（{} 继续）",
                theme.separator(),
                app.key(Mode::Browse, Action::EditNote)
            ),
            theme.error(),
            theme.error(),
            &[],
        ));
    }
    let changes = app.history_of(index).len();
    if changes > 0 {
        chars.extend(wrap::styled(
            &format!(
                "{}{} 历史 {changes} 次",
                theme.separator(),
                app.key(Mode::Browse, Action::ShowHistory)
            ),
            theme.dim(),
            theme.dim(),
            &[],
        ));
    }
    Some(wrap::line(&wrap::truncate(
        &chars,
        width as usize,
        theme.ellipsis(),
    )))
}

/// The review at the end of the item's own pane: verdict, note, draft, every change.
pub fn review_lines<S: DetailSource>(app: &S, index: usize, width: u16) -> Vec<Line<'static>> {
    let theme = app.theme();
    let review = app.review_of(index);
    let history = app.history_of(index);
    if review.is_none() && history.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        Line::default(),
        Line::from(Span::styled("审核记录", theme.heading())),
    ];
    let text = |s: &str, style| wrap::plain(s, style);
    if let Some(review) = review {
        let mut status = text("状态：", theme.dim());
        let style = review.status.map_or(theme.dim(), |s| theme.status_style(s));
        status.extend(text(
            Review::verdict_label(review.status, &review.note),
            style,
        ));
        if review.has_mark() {
            let by = format!(
                "{}{} {}",
                theme.separator(),
                review.reviewer,
                review.updated_at
            );
            status.extend(text(&by, theme.dim()));
        }
        lines.extend(wrap::wrap(&status, width, 0));
        if !review.note.is_empty() {
            lines.push(Line::from(Span::styled("备注：", theme.dim())));
            for line in review.note.lines() {
                lines.extend(wrap::wrap(&text(line, theme.base()), width, 0));
            }
        }
        if let Some(draft) = &review.draft {
            lines.push(Line::from(Span::styled(
                format!(
                    "草稿（未保存，按 {} 继续编辑）：",
                    app.key(Mode::Browse, Action::EditNote)
                ),
                theme.error(),
            )));
            for line in draft.lines() {
                lines.extend(wrap::wrap(&text(line, theme.base()), width, 0));
            }
        }
    }
    if !history.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("修改历史（{} 次）：", history.len()),
            theme.dim(),
        )));
        for change in history.iter().rev() {
            let verdict = Review::verdict_label(change.status, &change.note);
            let note = change.note.replace('\n', " ");
            let entry = if note.is_empty() {
                format!("{} {} {verdict}", change.at, change.reviewer)
            } else {
                format!("{} {} {verdict}：{note}", change.at, change.reviewer)
            };
            lines.extend(wrap::wrap(&text(&entry, theme.base()), width, 2));
        }
    }
    lines
}

/// "相关（R）：配19 文明养犬管理工作 · 收6 动物及动物产品检疫", cut to the width.
pub fn related_line<S: DetailSource>(app: &S, index: usize, width: u16) -> Option<Line<'static>> {
    let theme = app.theme();
    let related = app.related_of(index);
    if related.is_empty() {
        return None;
    }
    let names: Vec<String> = related
        .iter()
        .map(|&(i, _)| {
            let other = app.item_at(i);
            format!("{}{} {}", theme.badge(other.list), other.no, other.title)
        })
        .collect();
    let key = app.key(Mode::Browse, Action::PickRelated);
    let mut chars = wrap::plain(&format!("相关（{key}）："), theme.dim());
    chars.extend(wrap::plain(&names.join(theme.separator()), theme.base()));
    Some(wrap::line(&wrap::truncate(
        &chars,
        width as usize,
        theme.ellipsis(),
    )))
}

/// How many lines the summary takes at this width.
pub fn info_height<S: DetailSource>(app: &S, index: usize, width: u16) -> u16 {
    info_lines(app, index, &Highlights::default(), width).len() as u16
}

/// Every line of a pane's text, wrapped to `width`: headings, then numbered steps with a
/// hanging indent. A basic item's pane holds its category and its full text.
pub fn pane_lines<S: DetailSource>(
    app: &S,
    index: usize,
    hl: &Highlights,
    pane: Focus,
    width: u16,
) -> Vec<Line<'static>> {
    let item = app.item_at(index);
    let theme = app.theme();
    if width == 0 {
        return Vec::new();
    }
    if item.list == ListKind::Basic {
        let head = format!(
            "{}第 {} 项{}类别：",
            town_prefix(app, index),
            item.no,
            theme.separator()
        );
        let mut first = wrap::plain(&head, theme.dim());
        first.extend(wrap::styled(
            &item.category,
            theme.base(),
            theme.highlight(),
            hl.positions(Field::Category),
        ));
        let mut lines = wrap::wrap(&first, width, 0);
        lines.extend(review_summary(app, index, width));
        lines.push(Line::default());
        let title = wrap::styled(
            &item.title,
            theme.base(),
            theme.highlight(),
            hl.positions(Field::Title),
        );
        lines.extend(wrap::wrap(&title, width, 0));
        let related = app.related_of(index);
        if !related.is_empty() {
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                format!(
                    "相关事项（{} 跳转）",
                    app.key(Mode::Browse, Action::PickRelated)
                ),
                theme.heading(),
            )));
            for (i, _) in related {
                let other = app.item_at(i);
                let text = format!("{}{} {}", theme.badge(other.list), other.no, other.title);
                let chars = wrap::plain(&text, theme.base());
                lines.push(wrap::line(&wrap::truncate(
                    &chars,
                    width as usize,
                    theme.ellipsis(),
                )));
            }
        }
        lines.extend(review_lines(app, index, width));
        return lines;
    }
    let (side, sections) = match pane {
        Focus::Town => (Side::Town, &item.town_duties),
        _ => (Side::Upper, &item.upper_duties),
    };
    let mut lines = section_lines(app, hl, side, sections, width);
    if pane == review_pane(&item) {
        lines.extend(review_lines(app, index, width));
    }
    lines
}

/// The pane whose text ends with the item's review record: the town's part where there is one.
pub fn review_pane(item: &Item) -> Focus {
    if item.list == ListKind::Coop {
        Focus::Town
    } else {
        Focus::Upper
    }
}

/// Where the review record starts in `review_pane`'s lines at `width`, if the item has one.
pub fn review_start<S: DetailSource>(app: &S, index: usize, width: u16) -> Option<usize> {
    let item = app.item_at(index);
    let pane = review_pane(&item);
    let all = pane_lines(app, index, &Highlights::default(), pane, width).len();
    let record = review_lines(app, index, width).len();
    // The record opens with a blank line, then its heading.
    (record > 0).then(|| all - record + 1)
}

pub fn section_lines<S: DetailSource>(
    app: &S,
    hl: &Highlights,
    side: Side,
    sections: &[Section],
    width: u16,
) -> Vec<Line<'static>> {
    let theme = app.theme();
    let mut lines = Vec::new();
    for (s, section) in sections.iter().enumerate() {
        if s > 0 {
            lines.push(Line::default());
        }
        if let Some(heading) = &section.heading {
            let chars = wrap::styled(
                heading,
                theme.heading(),
                theme.highlight(),
                hl.positions(Field::Heading(side, s)),
            );
            lines.extend(wrap::wrap(&chars, width, 0));
        }
        for (i, step) in section.steps.iter().enumerate() {
            let marker = section.step_marker(i);
            let mut chars: Vec<StyledChar> = wrap::plain(&marker, theme.dim());
            chars.extend(wrap::styled(
                step,
                theme.base(),
                theme.highlight(),
                hl.positions(Field::Step(side, s, i)),
            ));
            let indent = unicode_width::UnicodeWidthStr::width(marker.as_str()) as u16;
            lines.extend(wrap::wrap(&chars, width, indent));
        }
    }
    if lines.is_empty() {
        lines.push(Line::from(Span::styled("（原文此栏为空）", theme.dim())));
    }
    lines
}
