//! The 准入 screens' shared parts (a verdict's badge and colour) and the notice editor over the
//! screen. The results of a notice read are in tasks.rs and task_detail.rs.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

use crate::admit::Verdict;
use crate::model::ListKind;
use crate::tui::action::Action;
use crate::tui::app::{App, Mode, TextTarget};
use crate::tui::theme::Theme;
use crate::tui::wrap;

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
            " 准入：粘贴或输入通知，或文件、文件夹的路径 ".to_string(),
            format!(
                " {} 读通知{sep}{} 返回{sep}{} 清空 ",
                key(Action::SaveNote),
                key(Action::Cancel),
                key(Action::ClearQuery)
            ),
            format!(
                "（粘贴县里的通知、会议要求、微信或电话记录，或服务器上文件、文件夹的路径，按 {} 逐项对照清单）",
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
