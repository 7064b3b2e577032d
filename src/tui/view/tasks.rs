//! The results of a notice read: the tasks, each with its verdict as it stands (? not sure, +
//! a person's decision, ✓ recorded), and the selected task's detail (task_detail.rs).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::admit::{Admission, Assessment, Verdict};
use crate::tui::app::{App, Mode};
use crate::tui::layout;
use crate::tui::wrap::{self, StyledChar};

use super::admit::{verdict_badge, verdict_style};
use super::task_detail::{one_line, task_lines, unsure};

/// The tasks list and the detail of the selected task.
pub fn render_tasks(app: &App, area: Rect, buf: &mut Buffer) {
    let Some((_, list, detail, _)) = layout::list_and_detail(area) else {
        return;
    };
    let Some(admission) = app.admit.admission.as_ref() else {
        return;
    };
    render_task_list(app, admission, list, buf);
    if detail.area() == 0 {
        return;
    }
    if let Some(task) = app.task_at(app.admit.task) {
        render_task_detail(app, task, detail, buf);
    }
}

/// The list pane: its title names the town read against and counts the verdicts as they stand.
fn render_task_list(app: &App, admission: &Admission, list: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let count = admission.tasks.len();
    let verdicts: Vec<Verdict> = (0..count)
        .filter_map(|i| app.decision(i).map(|(v, _, _)| v))
        .collect();
    let mut counts: Vec<String> = Verdict::ALL
        .iter()
        .map(|&v| (v, verdicts.iter().filter(|&&x| x == v).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(v, n)| format!("{} {n}", v.label()))
        .collect();
    let unsure = (0..count).filter(|&i| unsure(app, i)).count();
    if unsure > 0 {
        counts.push(format!("不确定 {unsure}"));
    }
    let town = &app.towns.heads()[app.admit.town].town;
    let title = format!(
        " 准入（{town}）：{count} 项 {} ",
        counts.join(theme.separator())
    );
    let block = super::titled_pane(theme, title, list.width, app.mode == Mode::Tasks);
    // What the notice says of itself, under the list: who sent it, its number (among several,
    // the selected task's notice).
    let notice = app
        .source_of(app.admit.task)
        .map_or(admission, |s| &s.notice);
    let about: Vec<&str> = [notice.from.as_deref(), notice.doc_ref.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let block = if about.is_empty() {
        block
    } else {
        block.title_bottom(wrap::fit(
            &Line::from(Span::styled(
                format!(" 来文：{} ", about.join(theme.separator())),
                theme.dim(),
            )),
            list.width.saturating_sub(2) as usize,
            theme.ellipsis(),
        ))
    };
    let inner = block.inner(list);
    block.render(list, buf);
    let rows = list_rows(app, count);
    let selected = rows
        .iter()
        .position(|r| *r == Row::Task(app.admit.task))
        .unwrap_or(0);
    let height = (inner.height as usize).max(1);
    // The selected row in view, at the foot once the list is longer than the pane: the row
    // above it, its notice's header when it is the notice's first task, is in view too.
    let offset = selected.saturating_sub(height - 1);
    for (y, row) in (inner.y..).zip(rows.iter().skip(offset).take(height)) {
        let chars = match *row {
            Row::Header(s) => header_row(app, s),
            Row::Task(i) => task_row(app, admission, i),
        };
        let cut = wrap::truncate(&chars, inner.width as usize, theme.ellipsis());
        if *row == Row::Task(app.admit.task) {
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), theme.selected());
        }
        buf.set_line(inner.x, y, &wrap::line(&cut), inner.width);
    }
}

/// A row of the tasks list: a notice's header (several read at once), or a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    Header(usize),
    Task(usize),
}

/// The rows: each notice's header above its tasks when several were read, else the tasks.
fn list_rows(app: &App, count: usize) -> Vec<Row> {
    let sources = &app.admit.sources;
    let mut rows = Vec::with_capacity(count + sources.len());
    let mut next = sources.iter().enumerate().peekable();
    for i in 0..count {
        while let Some((s, _)) = next.next_if(|(_, source)| source.first <= i) {
            rows.push(Row::Header(s));
        }
        rows.push(Row::Task(i));
    }
    // A notice with no task still shows: it was read.
    rows.extend(next.map(|(s, _)| Row::Header(s)));
    rows
}

/// A notice's header: its number, file, how many tasks it gave, and its title.
fn header_row(app: &App, s: usize) -> Vec<StyledChar> {
    let sources = &app.admit.sources;
    let source = &sources[s];
    let end = sources.get(s + 1).map_or(
        app.admit.admission.as_ref().map_or(0, |a| a.tasks.len()),
        |next| next.first,
    );
    let title = source.notice.title.as_deref().unwrap_or("");
    // The count before the title: a narrow pane cuts the title, not the count.
    let text = format!(
        "{}/{} {}（{} 项）{}",
        s + 1,
        sources.len(),
        one_line(source.name()),
        end - source.first,
        one_line(title)
    );
    wrap::plain(&text, app.theme.key())
}

/// A row of the list: recorded (✓), the verdict as it stands, ? for not sure or + for a
/// person's decision, the number and the task.
fn task_row(app: &App, admission: &Admission, i: usize) -> Vec<StyledChar> {
    let theme = app.theme;
    let recorded = app.admit.recorded.get(i).copied().flatten().is_some();
    // ✓ is ambiguous-width: * under --ascii.
    let mark = match (recorded, theme.ascii) {
        (false, _) => " ",
        (true, false) => "✓",
        (true, true) => "*",
    };
    let mut chars = wrap::plain(mark, theme.key());
    let (verdict, _, person) = app.decision(i).unwrap_or((Verdict::Outside, None, false));
    chars.extend(wrap::plain(
        &verdict_badge(theme, verdict),
        verdict_style(theme, verdict),
    ));
    let flag = if person {
        "+"
    } else if unsure(app, i) {
        "?"
    } else {
        " "
    };
    chars.extend(wrap::plain(flag, theme.error()));
    let text = admission.tasks.get(i).map_or("", |t| t.task.text.as_str());
    chars.extend(wrap::plain(
        &format!("{}. {}", i + 1, one_line(text)),
        theme.base(),
    ));
    chars
}

/// The detail pane of the task as it stands, titled by the candidate shown.
fn render_task_detail(app: &App, task: &Assessment, detail: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let lines = task_lines(app, task, layout::inner_width(detail));
    let title = match (app.shown_match(), task.verdict) {
        (Some(m), Verdict::Outside) => format!(
            " 清单外{}最相近 {}/{}：{} ",
            theme.separator(),
            app.admit.candidate + 1,
            task.matches.len(),
            m.id
        ),
        (Some(m), _) => format!(
            " 候选 {}/{}：{} ",
            app.admit.candidate + 1,
            task.matches.len(),
            m.id
        ),
        (None, _) => " 清单外 ".to_string(),
    };
    let block = super::pane_block(
        theme,
        Line::from(Span::styled(title, theme.pane_title(false))),
        false,
    );
    let inner = block.inner(detail);
    block.render(detail, buf);
    let scroll = app
        .admit
        .scroll
        .min(lines.len().saturating_sub(inner.height as usize));
    super::render_lines(lines, scroll, inner, buf);
}
