//! The picker popup: what is typed, then the entries with their counts.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};
use unicode_width::UnicodeWidthStr;

use crate::tui::action::Action;
use crate::tui::app::{App, Mode};
use crate::tui::wrap;

/// "> " before what is typed.
const PROMPT: &str = "> ";

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let (Some(picker), theme) = (app.picker.as_ref(), app.theme) else {
        return;
    };
    let popup = super::help::popup(area);
    Clear.render(popup, buf);
    super::help::blank_wide_left_of(popup, buf);
    let title = format!(
        " {}（输入筛选，{} 选定，{} 取消） ",
        picker.kind.title(),
        app.key(Mode::Picker, Action::Confirm),
        app.key(Mode::Picker, Action::Cancel)
    );
    // A long kind's keys would be cut at the border: the footer names them too.
    let title = if unicode_width::UnicodeWidthStr::width(title.as_str()) + 2 > popup.width as usize
    {
        format!(" {} ", picker.kind.title())
    } else {
        title
    };
    let block = super::pane_block(
        theme,
        Line::from(Span::styled(title, theme.pane_title(true))),
        true,
    );
    let inner = block.inner(popup);
    block.render(popup, buf);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let width = inner.width as usize;
    let input = Line::from(vec![
        Span::styled(PROMPT, theme.key()),
        Span::raw(picker.input.text().to_string()),
    ]);
    buf.set_line(
        inner.x,
        inner.y,
        &wrap::fit(&input, width, theme.ellipsis()),
        inner.width,
    );
    let rows = inner.height.saturating_sub(1) as usize;
    if picker.shown.is_empty() {
        let none = Line::from(Span::styled("没有匹配的项", theme.dim()));
        buf.set_line(inner.x, inner.y + 1, &none, inner.width);
        return;
    }
    let offset = (picker.selected + 1).saturating_sub(rows);
    for (row, &i) in picker.shown.iter().enumerate().skip(offset).take(rows) {
        let entry = &picker.entries[i];
        let selected = row == picker.selected;
        let style = if selected {
            theme.selected()
        } else {
            theme.base()
        };
        let marker = if selected { theme.marker() } else { " " };
        let detail = entry.detail.join(theme.separator());
        let detail_width = detail.width() + 1;
        let label_room = width.saturating_sub(2 + detail_width);
        let label = wrap::plain(&entry.label, style);
        let mut chars = wrap::plain(&format!("{marker} "), style);
        let cut = wrap::truncate(&label, label_room, theme.ellipsis());
        let pad = label_room.saturating_sub(wrap::width(&cut));
        chars.extend(cut);
        chars.extend(std::iter::repeat_n((' ', style), pad + 1));
        let detail_style = if selected { style } else { theme.dim() };
        chars.extend(wrap::plain(&detail, detail_style));
        let y = inner.y + 1 + (row - offset) as u16;
        if selected {
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
        }
        let line = wrap::line(&wrap::truncate(&chars, width, theme.ellipsis()));
        buf.set_line(inner.x, y, &line, inner.width);
    }
}

/// Where the cursor goes while typing in the picker.
pub fn cursor(app: &App, area: Rect) -> Option<Position> {
    let picker = app.picker.as_ref()?;
    let inner = super::help::popup(area).inner(ratatui::layout::Margin::new(1, 1));
    let x = inner.x as usize + PROMPT.width() + picker.input.cursor_column();
    (x < inner.right() as usize && inner.height > 0).then(|| Position::new(x as u16, inner.y))
}
