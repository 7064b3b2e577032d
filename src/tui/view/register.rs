//! The register tab (登记): the entries, those the county is late answering first (marked 逾期),
//! then newest first, and the selected one in full with its history.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::review::register::{Answer, Outcome};
use crate::tui::action::Action;
use crate::tui::app::{App, Mode};
use crate::tui::layout;
use crate::tui::theme::Theme;
use crate::tui::wrap;

use super::admit::{verdict_badge, verdict_style};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some((_, list, detail, _)) = layout::list_and_detail(area) else {
        return;
    };
    let theme = app.theme;
    let state = &app.register;
    let focused = app.mode == Mode::Register;
    let pending = state
        .entries
        .iter()
        .filter(|(_, e)| matches!(e.request.outcome, Outcome::Pending | Outcome::Submit))
        .count();
    let overdue = match state.overdue() {
        0 => String::new(),
        n => format!("{}逾期 {n}", theme.separator()),
    };
    let title = format!(
        " 清单外事项登记台账 {} 条{}待定或报批 {pending}{overdue} ",
        state.entries.len(),
        theme.separator()
    );
    let block = super::titled_pane(theme, title, list.width, focused);
    let inner = block.inner(list);
    block.render(list, buf);
    if state.entries.is_empty() {
        let text = format!(
            "还没有登记：按 {} 粘贴一份通知，在结果里按 {} 登记一项任务",
            app.key(Mode::Register, Action::OpenAdmit),
            app.key(Mode::Tasks, Action::RecordTask)
        );
        let lines = wrap::wrap(&wrap::plain(&text, theme.dim()), inner.width, 0);
        super::render_lines(lines, 0, inner, buf);
        return;
    }
    let height = (inner.height as usize).max(1);
    let offset = state.selected.saturating_sub(height - 1);
    for (row, (i, (_, entry))) in state
        .entries
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .enumerate()
    {
        let y = inner.y + row as u16;
        let mut chars = wrap::plain(&format!("{:>3} ", entry.number), theme.dim());
        chars.extend(wrap::plain(
            &verdict_badge(theme, entry.request.verdict),
            verdict_style(theme, entry.request.verdict),
        ));
        chars.extend(wrap::plain(
            &format!(" {} ", entry.request.outcome.label()),
            theme.key(),
        ));
        if let Some(answer) = state.answer(entry) {
            chars.extend(answer_mark(theme, answer));
        }
        chars.extend(wrap::plain(
            &format!(
                "{} {}",
                entry.request.source,
                entry
                    .request
                    .task
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            theme.base(),
        ));
        let cut = wrap::truncate(&chars, inner.width as usize, theme.ellipsis());
        if i == state.selected {
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), theme.selected());
        }
        buf.set_line(inner.x, y, &wrap::line(&cut), inner.width);
    }
    if detail.area() > 0 {
        render_entry(app, detail, buf);
    }
}

/// The selected entry in full: its fields, lvzhi's suggestion where a person decided
/// otherwise, and its history.
fn render_entry(app: &App, detail: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let state = &app.register;
    let Some((town, entry)) = state.selected() else {
        return;
    };
    let block = super::pane_block(
        theme,
        Line::from(Span::styled(
            format!(" 第 {} 号 ", entry.number),
            theme.pane_title(false),
        )),
        false,
    );
    let inner = block.inner(detail);
    block.render(detail, buf);
    let width = inner.width;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let answer = state.answer(entry);
    // The answer's day stands out when the county is late with it.
    let late = answer.is_some_and(Answer::overdue);
    let mut field = |label: &str, value: &str| {
        if value.is_empty() {
            return;
        }
        let style = if late && label == "答复期限" {
            theme.overdue()
        } else {
            theme.base()
        };
        let mut chars = wrap::plain(&format!("{label}："), theme.dim());
        chars.extend(wrap::plain(value, style));
        lines.extend(wrap::wrap(&chars, width, 2));
    };
    if app.towns.several() {
        field("乡镇", &app.towns.heads()[*town].town);
    }
    field("处理结果", entry.request.outcome.label());
    if let Some(answer) = answer {
        field("报批日期", &answer.submitted.to_string());
        field("答复期限", &answer_text(answer, state.answer_days));
    }
    field("判断", entry.request.verdict.label());
    field("对应事项", &entry.request.item);
    if entry.request.overridden() {
        let said = &entry.request.suggested;
        let item = if said.item.is_empty() {
            String::new()
        } else {
            format!(" {}", said.item)
        };
        let by = entry
            .decided_by
            .as_deref()
            .map(|who| format!("，{who}改定"))
            .unwrap_or_default();
        field(
            "lvzhi 原建议",
            &format!("{}{item}{by}", said.verdict.label()),
        );
    }
    field("来文部门", &entry.request.source);
    field("渠道", entry.request.channel.label());
    field("文号", &entry.request.doc_ref);
    field("收文日期", &entry.request.received);
    field("办结时限", &entry.request.deadline);
    field("批准文号", &entry.approval);
    field("任务", &entry.request.task);
    field("备注", &entry.request.note);
    field("经办人", &entry.handler);
    if let Some(history) = state.histories.get(&entry.number) {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled("修改历史", theme.heading())));
        for change in history {
            let note = if change.note.is_empty() {
                String::new()
            } else {
                format!("，备注：{}", change.note)
            };
            // The decision each row recorded (none in rows an older lvzhi wrote).
            let decision = match (change.verdict, change.item.as_str()) {
                (Some(v), "") => format!(" {}", v.label()),
                (Some(v), item) => format!(" {} {item}", v.label()),
                (None, _) => String::new(),
            };
            let text = format!(
                "{} {}{decision} {}{note}",
                change.at,
                change.handler,
                change.outcome.label()
            );
            lines.extend(wrap::wrap(&wrap::plain(&text, theme.dim()), width, 2));
        }
    }
    let scroll = state
        .scroll
        .min(lines.len().saturating_sub(inner.height as usize));
    super::render_lines(lines, scroll, inner, buf);
}

/// Before a 报批 entry's task in the list: "逾期4工作日" when the county is late, else the day
/// due ("答复12-22", "答复约01-12" when counted through a year whose notice is not in).
fn answer_mark(theme: Theme, answer: &Answer) -> Vec<wrap::StyledChar> {
    if answer.overdue() {
        let mut chars = wrap::plain(&format!("逾期{}工作日", answer.late), theme.overdue());
        chars.extend(wrap::plain(" ", theme.base()));
        return chars;
    }
    let about = if answer.due.is_exact() { "" } else { "约" };
    let day = answer.due.day;
    wrap::plain(
        &format!("答复{about}{:02}-{:02} ", day.month(), day.day()),
        theme.dim(),
    )
}

/// The answer in full for the detail: "2026-12-22（报批后 15 个工作日，已逾期 4 个工作日）".
fn answer_text(answer: &Answer, days: u32) -> String {
    let mut text = format!("{}（报批后 {days} 个工作日", answer.due.day);
    if answer.overdue() {
        text.push_str(&format!("，已逾期 {} 个工作日", answer.late));
    }
    if let Some(note) = answer.due.estimate_note() {
        text.push_str(&format!("；{note}"));
    }
    text.push('）');
    text
}
