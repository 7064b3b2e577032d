//! The key help overlay, generated from the keymap table.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use crate::tui::action::Action;
use crate::tui::app::{App, Mode};
use crate::tui::keymap;
use crate::tui::layout::help::lines;
pub use crate::tui::layout::help::popup;

/// A wide character just left of a popup would spill over its border: blank it.
pub fn blank_wide_left_of(popup: Rect, buf: &mut Buffer) {
    if popup.x == 0 {
        return;
    }
    for y in popup.top()..popup.bottom() {
        let cell = &mut buf[(popup.x - 1, y)];
        if cell.symbol().width() > 1 {
            cell.set_symbol(" ");
        }
    }
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let popup = popup(area);
    Clear.render(popup, buf);
    blank_wide_left_of(popup, buf);
    let block = super::pane_block(
        theme,
        Line::from(Span::styled(
            format!(
                " 按键帮助（{} 或 {} 关闭）",
                keymap::key_name(Mode::Browse, Action::ToggleHelp, theme.ascii),
                keymap::key_name(Mode::Help, Action::ToggleHelp, theme.ascii)
            ),
            theme.pane_title(true),
        )),
        true,
    );
    let inner = block.inner(popup);
    let all = lines(theme, inner.width);
    let total = all.len();
    let shown: Vec<Line<'static>> = all
        .into_iter()
        .skip(app.help_scroll)
        .take(inner.height as usize)
        .collect();
    // Where the view is, and that there is more below: the help is longer than most screens.
    let last = (app.help_scroll + shown.len()).min(total);
    let more = if last < total {
        format!(
            " {} 往下",
            keymap::key_name(Mode::Help, Action::Down, theme.ascii)
        )
    } else {
        String::new()
    };
    let position = format!(" {}-{last}/{total}{more} ", app.help_scroll + 1);
    let block = block.title_bottom(
        Line::from(Span::styled(position, theme.dim()))
            .alignment(ratatui::layout::Alignment::Right),
    );
    block.render(popup, buf);
    Paragraph::new(shown).render(inner, buf);
}
