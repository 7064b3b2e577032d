//! The 准入 screens: the notice editor over the screen, and the tasks of a notice read, each
//! with its verdict, the item it rests on (the words that matched highlighted), what to quote,
//! the advice and the burden signals.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

use crate::admit::{Assessment, Match, Verdict, phrase_positions};
use crate::model::{ListKind, Section};
use crate::tui::action::Action;
use crate::tui::app::{App, Mode, TextTarget};
use crate::tui::layout;
use crate::tui::theme::Theme;
use crate::tui::wrap::{self, StyledChar};

pub fn verdict_style(theme: Theme, verdict: Verdict) -> Style {
    match verdict {
        Verdict::Basic => theme.badge_style(ListKind::Basic),
        Verdict::Coop => theme.badge_style(ListKind::Coop),
        Verdict::Recalled => theme.badge_style(ListKind::Recalled),
        Verdict::Outside => theme.error(),
    }
}

/// The verdict as a list row shows it: two columns, or one character under `--ascii`.
pub fn verdict_badge(theme: Theme, verdict: Verdict) -> String {
    if theme.ascii {
        verdict.badge().to_string()
    } else {
        // 清单外 is the widest: the others are padded to its six columns.
        let label = verdict.label();
        let pad = 6usize.saturating_sub(unicode_width::UnicodeWidthStr::width(label));
        format!("{label}{}", " ".repeat(pad))
    }
}

/// The tasks list and the detail of the selected task.
pub fn render_tasks(app: &App, area: Rect, buf: &mut Buffer) {
    let Some((_, list, detail, _)) = layout::list_and_detail(area) else {
        return;
    };
    let theme = app.theme;
    let Some(admission) = app.admit.admission.as_ref() else {
        return;
    };
    let counts: Vec<String> = Verdict::ALL
        .iter()
        .map(|&v| (v, admission.tasks.iter().filter(|t| t.verdict == v).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(v, n)| format!("{} {n}", v.label()))
        .collect();
    let title = format!(
        " 准入：{} 项任务 {} ",
        admission.tasks.len(),
        counts.join(theme.separator())
    );
    let focused = app.mode == Mode::Tasks;
    let block = super::titled_pane(theme, title, list.width, focused);
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
    let height = inner.height as usize;
    let offset = if app.admit.task >= app.admit.offset + height.max(1) {
        app.admit.task + 1 - height.max(1)
    } else {
        app.admit.offset.min(app.admit.task)
    };
    for (row, (i, task)) in admission
        .tasks
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .enumerate()
    {
        let selected = i == app.admit.task;
        let y = inner.y + row as u16;
        let recorded = app.admit.recorded.get(i).copied().flatten().is_some();
        // ✓ is ambiguous-width: * under --ascii.
        let mark = match (recorded, theme.ascii) {
            (false, _) => " ",
            (true, false) => "✓",
            (true, true) => "*",
        };
        let mut chars = wrap::plain(mark, theme.key());
        let badge = verdict_badge(theme, task.verdict);
        chars.extend(wrap::plain(&badge, verdict_style(theme, task.verdict)));
        chars.extend(wrap::plain(
            &format!(" {}. {}", i + 1, one_line(&task.task.text)),
            theme.base(),
        ));
        let cut = wrap::truncate(&chars, inner.width as usize, theme.ellipsis());
        if selected {
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), theme.selected());
        }
        buf.set_line(inner.x, y, &wrap::line(&cut), inner.width);
    }
    if detail.area() == 0 {
        return;
    }
    let Some(task) = admission.tasks.get(app.admit.task) else {
        return;
    };
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

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The detail of a task: the task, the advice, the candidate shown with its evidence and its
/// duties, the signals, the other candidates.
pub fn task_lines(app: &App, task: &Assessment, width: u16) -> Vec<Line<'static>> {
    let theme = app.theme;
    let mut lines = Vec::new();
    let shown = app.shown_match();
    let notice_words: Vec<&str> = shown
        .map(|m| m.evidence.iter().map(|e| e.notice.as_str()).collect())
        .unwrap_or_default();
    let mut head = wrap::plain(
        &format!("【{}】", task.verdict.label()),
        verdict_style(theme, task.verdict),
    );
    head.extend(wrap::plain(
        &format!("第 {} 行：", task.task.line),
        theme.dim(),
    ));
    let text = one_line(&task.task.text);
    head.extend(wrap::styled(
        &text,
        theme.base(),
        theme.highlight(),
        &phrase_positions(&text, &notice_words),
    ));
    lines.extend(wrap::wrap(&head, width, 2));
    if let Some(deadline) = &task.task.deadline {
        lines.push(plain(
            theme,
            &format!("时限：{deadline}前"),
            theme.dim(),
            width,
        ));
    }
    lines.extend(wrap::wrap(
        &wrap::plain(&format!("建议：{}", task.advice), theme.key()),
        width,
        2,
    ));
    if !task.flags.is_empty() {
        let flags: Vec<String> = task
            .flags
            .iter()
            .map(|f| format!("{}「{}」第 {} 行", f.signal, f.word, f.line))
            .collect();
        lines.extend(wrap::wrap(
            &wrap::plain(
                &format!("转嫁负担信号：{}", flags.join("、")),
                theme.error(),
            ),
            width,
            2,
        ));
    }
    lines.push(Line::default());
    match shown {
        Some(m) => lines.extend(match_lines(app, task, m, width)),
        None => lines.push(plain(
            theme,
            "三张清单里都没有足够相近的事项。",
            theme.dim(),
            width,
        )),
    }
    lines
}

fn plain(theme: Theme, text: &str, style: Style, width: u16) -> Line<'static> {
    let chars = wrap::plain(text, style);
    wrap::line(&wrap::truncate(&chars, width as usize, theme.ellipsis()))
}

/// One candidate: its title and score, the matching words, and its duties (the part to quote).
fn match_lines(app: &App, task: &Assessment, m: &Match, width: u16) -> Vec<Line<'static>> {
    let theme = app.theme;
    let index = app.match_item(m);
    let item = app.item_at(index);
    let words: Vec<&str> = m.evidence.iter().map(|e| e.item.as_str()).collect();
    let mut lines = Vec::new();
    if task.verdict == Verdict::Outside {
        lines.push(plain(
            theme,
            &format!(
                "最相近的事项（得分不到 {}，不足以认定是清单里的）：",
                crate::admit::THRESHOLD
            ),
            theme.dim(),
            width,
        ));
    }
    let mut title = wrap::plain(
        &format!("{}{} ", theme.badge(item.list), item.no),
        theme.badge_style(item.list),
    );
    title.extend(wrap::styled(
        &item.title,
        theme.title(),
        theme.highlight(),
        &phrase_positions(&item.title, &words),
    ));
    title.extend(wrap::plain(
        &format!("（得分 {:.1}）", m.score),
        theme.dim(),
    ));
    lines.extend(wrap::wrap(&title, width, 2));
    if !item.departments.is_empty() {
        lines.extend(wrap::wrap(
            &wrap::plain(
                &format!(
                    "{}：{}",
                    item.list.departments_label(),
                    item.departments.join("、")
                ),
                theme.dim(),
            ),
            width,
            2,
        ));
    }
    let evidence: Vec<String> = m
        .evidence
        .iter()
        .take(6)
        .map(|e| {
            // The arrow is ambiguous-width: a CJK console draws it two columns wide.
            let arrow = if theme.ascii { "->" } else { "→" };
            if e.notice == e.item {
                format!("{}（{}）", e.item, e.field.label())
            } else {
                format!("{}{arrow}{}（{}）", e.notice, e.item, e.field.label())
            }
        })
        .collect();
    lines.extend(wrap::wrap(
        &wrap::plain(&format!("相同的词：{}", evidence.join("、")), theme.base()),
        width,
        2,
    ));
    let dataset = &app.towns.datasets()[app.admit.town];
    if let Some(quote) = crate::admit::quote(dataset, m) {
        let (upper, town) = match item.list {
            ListKind::Recalled => ("工作方式", None),
            _ => (
                "上级部门职责（不由本镇做）",
                Some(app.towns.datasets()[app.admit.town].town_duties_label()),
            ),
        };
        if let Some(label) = town {
            lines.push(Line::default());
            lines.push(plain(
                theme,
                &format!("{label}（本镇做的）："),
                theme.heading(),
                width,
            ));
            lines.extend(section_lines(theme, &quote.town, &words, width));
        }
        lines.push(Line::default());
        lines.push(plain(theme, &format!("{upper}："), theme.heading(), width));
        lines.extend(section_lines(theme, &quote.upper, &words, width));
    }
    let others: Vec<String> = task
        .matches
        .iter()
        .filter(|o| o.id != m.id)
        .map(|o| format!("{}（{:.1}）", o.id, o.score))
        .collect();
    if !others.is_empty() {
        lines.push(Line::default());
        lines.push(plain(
            theme,
            &format!(
                "其他候选：{}（{} 切换）",
                others.join("、"),
                app.key(Mode::Tasks, Action::NextCandidate)
            ),
            theme.dim(),
            width,
        ));
    }
    lines
}

fn section_lines(
    theme: Theme,
    sections: &[Section],
    words: &[&str],
    width: u16,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for section in sections {
        if let Some(heading) = &section.heading {
            let chars = wrap::styled(
                heading,
                theme.heading(),
                theme.highlight(),
                &phrase_positions(heading, words),
            );
            lines.extend(wrap::wrap(&chars, width, 2));
        }
        for (i, step) in section.steps.iter().enumerate() {
            let numbered = if section.steps.len() > 1 {
                format!("{}. {step}", i + 1)
            } else {
                step.clone()
            };
            let chars: Vec<StyledChar> = wrap::styled(
                &numbered,
                theme.base(),
                theme.highlight(),
                &phrase_positions(&numbered, words),
            );
            lines.extend(wrap::wrap(&chars, width, 3));
        }
    }
    lines
}

/// The notice editor (or a register entry's note) over the screen.
pub fn render_editor(app: &App, area: Rect, buf: &mut Buffer) {
    let (Some(editor), theme) = (app.admit.editor.as_ref(), app.theme) else {
        return;
    };
    let popup = editor_area(area);
    Clear.render(popup, buf);
    let key = |action| app.key(Mode::Notice, action);
    let sep = theme.separator();
    let (title, keys, hint) = match app.admit.target {
        TextTarget::Notice => (
            " 准入：粘贴或输入通知 ".to_string(),
            format!(
                " {} 读通知{sep}{} 返回{sep}{} 清空 ",
                key(Action::SaveNote),
                key(Action::Cancel),
                key(Action::ClearQuery)
            ),
            format!(
                "（粘贴县里的通知、会议要求、微信或电话记录，按 {} 逐项对照清单）",
                key(Action::SaveNote)
            ),
        ),
        TextTarget::EntryNote(_, number) => (
            format!(" 第 {number} 号登记的备注 "),
            format!(
                " {}/{} 保存{sep}{} 清空 ",
                key(Action::SaveNote),
                key(Action::Cancel),
                key(Action::ClearQuery)
            ),
            "（写处理经过：退回的理由、报批的去向……）".to_string(),
        ),
    };
    let block = super::pane_block(
        theme,
        Line::from(Span::styled(title, theme.pane_title(true))),
        true,
    )
    .title_bottom(Line::from(Span::styled(keys, theme.dim())).alignment(Alignment::Right));
    let inner = block.inner(popup);
    block.render(popup, buf);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    super::note::render_text(editor, inner, buf);
    if editor.text().is_empty() {
        let lines = wrap::wrap(&wrap::plain(&hint, theme.dim()), inner.width, 0);
        super::render_lines(lines, 0, inner, buf);
    }
}

/// The whole screen between the header and the footer: a notice is pages long.
fn editor_area(area: Rect) -> Rect {
    Rect::new(
        area.x,
        area.y + 1,
        area.width,
        area.height.saturating_sub(2),
    )
}

/// Where the terminal cursor goes in the notice editor.
pub fn editor_cursor(app: &App, area: Rect) -> Option<Position> {
    let editor = app.admit.editor.as_ref()?;
    let inner = editor_area(area).inner(ratatui::layout::Margin::new(1, 1));
    if inner.width == 0 || inner.height == 0 {
        return None;
    }
    let (layout, offset) = super::note::visible(editor, inner);
    let (row, column) = (layout.cursor.0 - offset, layout.cursor.1);
    (column < inner.width as usize)
        .then(|| Position::new(inner.x + column as u16, inner.y + row as u16))
}
