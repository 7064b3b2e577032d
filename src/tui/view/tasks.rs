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
    let town = &app.towns.datasets()[app.admit.town].town;
    let title = format!(
        " 准入（{town}）：{count} 项 {} ",
        counts.join(theme.separator())
    );
    let block = super::titled_pane(theme, title, list.width, app.mode == Mode::Tasks);
    // What the notice says of itself, under the list: who sent it, its number.
    let about: Vec<&str> = [admission.from.as_deref(), admission.doc_ref.as_deref()]
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
    let height = (inner.height as usize).max(1);
    let offset = if app.admit.task >= app.admit.offset + height {
        app.admit.task + 1 - height
    } else {
        app.admit.offset.min(app.admit.task)
    };
    for (row, i) in (offset..count).take(inner.height as usize).enumerate() {
        let y = inner.y + row as u16;
        let cut = wrap::truncate(
            &task_row(app, admission, i),
            inner.width as usize,
            theme.ellipsis(),
        );
        if i == app.admit.task {
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), theme.selected());
        }
        buf.set_line(inner.x, y, &wrap::line(&cut), inner.width);
    }
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
