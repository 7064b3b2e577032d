//! The detail of the task selected in the results: the task, a person's decision or lvzhi's
//! doubt with its two answers side by side, the advice, whose each act is, the signals, and the
//! candidate shown with its evidence and the duties to quote.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::admit::{Assessment, Choice, Doubt, Flag, Match, Verdict, phrase_positions};
use crate::model::{ListKind, Section};
use crate::tui::action::Action;
use crate::tui::app::{App, Mode};
use crate::tui::theme::Theme;
use crate::tui::wrap::{self, StyledChar};

use super::admit::verdict_style;

/// The detail of a task: the task, a person's decision or lvzhi's doubt, the advice, the acts,
/// the precedent, the signals, then the candidate shown with its evidence and its duties.
pub fn task_lines(app: &App, task: &Assessment, width: u16) -> Vec<Line<'static>> {
    let theme = app.theme;
    let mut lines = head_lines(app, task, width);
    let lvzhi = app
        .admit
        .admission
        .as_ref()
        .and_then(|a| a.tasks.get(app.admit.task));
    if let Some((_, _, true)) = app.decision(app.admit.task) {
        let said = lvzhi.map_or(String::new(), |t| {
            let (v, item) = t.suggested();
            format!(
                "{}{}",
                v.label(),
                item.map(|i| format!(" {i}")).unwrap_or_default()
            )
        });
        lines.extend(wrap::wrap(
            &wrap::plain(
                &format!(
                    "你的判断；lvzhi 的建议是{said}（{} 回到建议，{} 再改）",
                    app.key(Mode::Tasks, Action::AdoptCandidate),
                    app.key(Mode::Tasks, Action::ChangeDecision)
                ),
                theme.key(),
            ),
            width,
            2,
        ));
    } else if let (Some(doubt), Some(lvzhi)) = (&task.doubt, lvzhi) {
        lines.extend(doubt_lines(app, lvzhi, doubt, width));
    }
    lines.extend(wrap::wrap(
        &wrap::plain(&format!("建议：{}", task.advice), theme.key()),
        width,
        2,
    ));
    // A table row's notes (依单考核, no town responsible) stand out under the advice.
    for note in &task.notes {
        lines.extend(wrap::wrap(&wrap::plain(note, theme.error()), width, 2));
    }
    lines.extend(acts_lines(theme, task, width));
    lines.extend(signal_lines(app, task, width));
    lines.push(Line::default());
    match app.shown_match() {
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

/// The task itself, with the words the shown candidate shares highlighted; its deadline; a
/// recorded task like it.
fn head_lines(app: &App, task: &Assessment, width: u16) -> Vec<Line<'static>> {
    let theme = app.theme;
    let notice_words: Vec<&str> = app
        .shown_match()
        .map(|m| m.evidence.iter().map(|e| e.notice.as_str()).collect())
        .unwrap_or_default();
    let sure = if unsure(app, app.admit.task) {
        "（不确定）"
    } else {
        ""
    };
    let mut head = wrap::plain(
        &format!("【{}】{sure}", task.verdict.label()),
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
    let mut lines = wrap::wrap(&head, width, 2);
    // A table's row: who leads, who is responsible, the points; then the deadline.
    let row: Vec<String> = [
        ("牵头单位", &task.task.lead),
        ("责任单位", &task.task.responsible),
        ("分值", &task.task.points),
    ]
    .into_iter()
    .filter_map(|(label, value)| value.as_ref().map(|v| format!("{label} {v}")))
    .chain(
        task.task
            .deadline
            .as_ref()
            .map(|d| format!("时限 {}", crate::date::by(d))),
    )
    .collect();
    if !row.is_empty() {
        lines.extend(wrap::wrap(
            &wrap::plain(&row.join(theme.separator()), theme.dim()),
            width,
            2,
        ));
    }
    if let Some(precedent) = &task.precedent {
        lines.extend(wrap::wrap(
            &wrap::plain(&precedent.line(), theme.heading()),
            width,
            2,
        ));
    }
    lines
}

/// lvzhi's doubt and its two answers, side by side when the pane is wide enough, each with
/// the words it rests on; the keys that choose.
fn doubt_lines(app: &App, lvzhi: &Assessment, doubt: &Doubt, width: u16) -> Vec<Line<'static>> {
    let theme = app.theme;
    let mut lines = wrap::wrap(
        &wrap::plain(&format!("不确定：{}", doubt.why), theme.error()),
        width,
        2,
    );
    let columns: Vec<Vec<StyledChar>> = doubt
        .choices
        .iter()
        .zip(["甲", "乙"])
        .map(|(choice, mark)| choice_text(theme, lvzhi, choice, mark))
        .collect();
    if width >= 56 && columns.len() == 2 {
        let half = (width - 3) / 2;
        let left = wrap::wrap(&columns[0], half, 2);
        let right = wrap::wrap(&columns[1], half, 2);
        let bar = if theme.ascii { " | " } else { " │ " };
        for row in 0..left.len().max(right.len()) {
            let mut spans: Vec<Span<'static>> = Vec::new();
            let cell = |l: Option<&Line<'static>>| -> Vec<Span<'static>> {
                let line = l.cloned().unwrap_or_default();
                let used = line.width();
                let mut spans = line.spans;
                spans.push(Span::raw(" ".repeat((half as usize).saturating_sub(used))));
                spans
            };
            spans.extend(cell(left.get(row)));
            spans.push(Span::styled(bar, theme.dim()));
            spans.extend(right.get(row).cloned().unwrap_or_default().spans);
            lines.push(Line::from(spans));
        }
    } else {
        for column in &columns {
            lines.extend(wrap::wrap(column, width, 2));
        }
    }
    lines.extend(wrap::wrap(
        &wrap::plain(
            &format!(
                "{} 看候选，{} 采用看到的这个，{} 改判为清单外或别的事项",
                app.key(Mode::Tasks, Action::NextCandidate),
                app.key(Mode::Tasks, Action::AdoptCandidate),
                app.key(Mode::Tasks, Action::ChangeDecision)
            ),
            theme.dim(),
        ),
        width,
        2,
    ));
    lines
}

/// One answer of a doubt: its verdict and item, and the words it rests on.
fn choice_text(theme: Theme, lvzhi: &Assessment, choice: &Choice, mark: &str) -> Vec<StyledChar> {
    let mut chars = wrap::plain(
        &format!("{mark}【{}】", choice.verdict.label()),
        verdict_style(theme, choice.verdict),
    );
    let found = choice
        .item
        .as_ref()
        .and_then(|id| lvzhi.matches.iter().find(|m| &m.id == id));
    let text = match found {
        Some(m) => format!(
            "{} {}（得分 {:.1}）：{}",
            m.id,
            m.title,
            m.score,
            evidence_text(theme, m)
        ),
        None => "三张清单都没有足够相近的事项，须经准入".to_string(),
    };
    chars.extend(wrap::plain(&text, theme.base()));
    chars
}

/// The words a match shares with the task, as "烧麦草→禁烧（事项名称）、…".
fn evidence_text(theme: Theme, m: &Match) -> String {
    m.evidence
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
        .collect::<Vec<_>>()
        .join("、")
}

/// What the task asks and whose each act is; the limits of the town's part it goes beyond.
fn acts_lines(theme: Theme, task: &Assessment, width: u16) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if !task.acts.is_empty() {
        let acts: Vec<String> = task
            .acts
            .iter()
            .map(|a| format!("「{}」{}", a.text, a.whose()))
            .collect();
        lines.extend(wrap::wrap(
            &wrap::plain(&format!("要求的动作：{}", acts.join("；")), theme.base()),
            width,
            2,
        ));
    }
    for b in &task.beyond {
        lines.extend(wrap::wrap(
            &wrap::plain(
                &format!(
                    "超出本镇的限定：「{}」超出「{}」：{}",
                    b.named, b.limit, b.why
                ),
                theme.error(),
            ),
            width,
            2,
        ));
    }
    lines
}

/// The burden signals in the task, and those elsewhere in the notice (工作要求: 工作专班,
/// 零报告, 约谈问责), as the command line lists them.
fn signal_lines(app: &App, task: &Assessment, width: u16) -> Vec<Line<'static>> {
    let theme = app.theme;
    let mut lines = Vec::new();
    let said = |flags: &[&Flag]| -> String {
        flags
            .iter()
            .map(|f| format!("{}「{}」第 {} 行", f.signal, f.word, f.line))
            .collect::<Vec<_>>()
            .join("、")
    };
    // A long notice's signals elsewhere, each kind once (its first lines, how many).
    let listed = |flags: &[&Flag]| -> String {
        crate::admit::listed(flags)
            .iter()
            .map(|l| format!("{}「{}」{}", l.flag.signal, l.flag.word, l.lines_said()))
            .collect::<Vec<_>>()
            .join("、")
    };
    if !task.flags.is_empty() {
        let flags: Vec<&Flag> = task.flags.iter().collect();
        lines.extend(wrap::wrap(
            &wrap::plain(&format!("转嫁负担信号：{}", said(&flags)), theme.error()),
            width,
            2,
        ));
    }
    // Among several notices, the flags outside every task of this task's own notice.
    let loose: Vec<&Flag> = match app.source_of(app.admit.task) {
        Some(source) => source.notice.flags.iter().collect(),
        None => app
            .admit
            .admission
            .as_ref()
            .map_or(Vec::new(), |a| a.loose_flags()),
    };
    if !loose.is_empty() {
        lines.extend(wrap::wrap(
            &wrap::plain(
                &format!("通知其他部分的转嫁负担信号：{}", listed(&loose)),
                theme.error(),
            ),
            width,
            2,
        ));
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
    if !m.evidence.is_empty() {
        lines.extend(wrap::wrap(
            &wrap::plain(
                &format!("相同的词：{}", evidence_text(theme, m)),
                theme.base(),
            ),
            width,
            2,
        ));
    }
    let dataset = app.towns.dataset(app.admit.town);
    if let Some(quote) = crate::admit::quote(&dataset, m) {
        let (upper, town) = match item.list {
            ListKind::Recalled => ("工作方式", None),
            _ => (
                "上级部门职责（不由本镇做）",
                Some(app.towns.heads()[app.admit.town].town_duties_label()),
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

/// Whether lvzhi was not sure of a task and no person has decided it yet.
pub(super) fn unsure(app: &App, task: usize) -> bool {
    let decided = matches!(app.admit.decisions.get(task), Some(Some(_)));
    let lvzhi = app.admit.admission.as_ref().and_then(|a| a.tasks.get(task));
    !decided && lvzhi.is_some_and(|t| !t.sure)
}

/// A task's text on one line.
pub(super) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
