//! The note editor over the screen: the item it is for, the text wrapped to the popup, the
//! cursor where the next character goes.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Margin, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

use crate::tui::app::{App, Mode};
use crate::tui::note::{Layout, NoteEditor};
use crate::tui::wrap;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let (Some(editor), theme) = (app.note.as_ref(), app.theme) else {
        return;
    };
    let popup = super::help::popup(area);
    Clear.render(popup, buf);
    super::help::blank_wide_left_of(popup, buf);
    let item = app.item_at(editor.item);
    let title = format!(
        " 备注：{}{} {} ",
        theme.badge(item.list),
        item.no,
        item.title
    );
    let title = wrap::fit(
        &Line::from(Span::styled(title, theme.pane_title(true))),
        popup.width.saturating_sub(2) as usize,
        theme.ellipsis(),
    );
    let saved = if editor.changed {
        "未保存"
    } else {
        "已保存"
    };
    let sep = theme.separator();
    // The editor's own hints, from the keymap: Ctrl-s 保存 · Esc 存草稿返回 · Enter 换行.
    let hints: Vec<String> = crate::tui::keymap::hints(Mode::Note, theme.ascii)
        .into_iter()
        .map(|(key, word, _)| format!("{key} {word}"))
        .collect();
    let keys = format!(" {saved}{sep}{} ", hints.join(sep));
    let block = super::pane_block(theme, title, true)
        .title_bottom(Line::from(Span::styled(keys, theme.dim())).alignment(Alignment::Right));
    let inner = block.inner(popup);
    block.render(popup, buf);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    render_text(editor, inner, buf);
    if editor.text().is_empty() {
        let hint = Span::styled("（在此输入备注，可用输入法输入中文）", theme.dim());
        buf.set_line(inner.x, inner.y, &Line::from(hint), inner.width);
    }
}

/// The editor's text wrapped into `inner`, scrolled so the cursor's row shows.
pub(super) fn render_text(editor: &NoteEditor, inner: Rect, buf: &mut Buffer) {
    let (layout, offset) = visible(editor, inner);
    let rows = layout.rows.into_iter().map(Line::from);
    super::render_lines(rows, offset, inner, buf);
}

/// The wrapped text, and the first row shown so the cursor's row is on screen.
pub(super) fn visible(editor: &NoteEditor, inner: Rect) -> (Layout, usize) {
    let layout = editor.layout(inner.width as usize);
    let height = inner.height.max(1) as usize;
    let offset = (layout.cursor.0 + 1).saturating_sub(height);
    (layout, offset)
}

/// Where the terminal cursor goes in the editor.
pub fn cursor(app: &App, area: Rect) -> Option<Position> {
    let editor = app.note.as_ref()?;
    let inner = super::help::popup(area).inner(Margin::new(1, 1));
    if inner.width == 0 || inner.height == 0 {
        return None;
    }
    let (layout, offset) = visible(editor, inner);
    let (row, column) = (layout.cursor.0 - offset, layout.cursor.1);
    (column < inner.width as usize)
        .then(|| Position::new(inner.x + column as u16, inner.y + row as u16))
}
