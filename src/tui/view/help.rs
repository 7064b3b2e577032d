//! The key help overlay, generated from the keymap table.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use crate::tui::app::App;
use crate::tui::keymap;
use crate::tui::theme::Theme;
use crate::tui::wrap::{self, StyledChar};

/// Display columns of the keys column, at most.
const KEYS_WIDTH: usize = 18;

/// The popup: centred, at most 72 columns, one row and column of margin.
fn popup(area: Rect) -> Rect {
    let [popup] = Layout::horizontal([Constraint::Length(area.width.saturating_sub(2).min(72))])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::vertical([Constraint::Length(area.height.saturating_sub(2))])
        .flex(Flex::Center)
        .areas(popup);
    popup
}

/// Every line of help, wrapped to `width`; descriptions hang under their first line.
fn lines(theme: Theme, width: u16) -> Vec<Line<'static>> {
    let keys_width = KEYS_WIDTH.min(width as usize / 3);
    let intro =
        "筛选：按 / 后输入汉字或片段，每输入一个字都立即筛选三张清单；空格分隔的几个词须同时匹配。";
    let mut lines = wrap::wrap(
        &wrap::styled(intro, theme.dim(), theme.dim(), &[]),
        width,
        0,
    );
    for (title, entries) in keymap::help_sections(theme.ascii) {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(title, theme.heading())));
        for (keys, help) in entries {
            let keys = format!("  {keys}");
            let pad = (keys_width + 2).saturating_sub(keys.width()).max(1);
            let mut chars: Vec<StyledChar> = wrap::styled(
                &format!("{keys}{}", " ".repeat(pad)),
                theme.key(),
                theme.key(),
                &[],
            );
            let indent = wrap::width(&chars) as u16;
            chars.extend(wrap::styled(help, theme.base(), theme.base(), &[]));
            lines.extend(wrap::wrap(&chars, width, indent));
        }
    }
    lines
}

/// How many lines the help has on a screen of this size (for scrolling).
pub fn line_count(theme: Theme, screen: Rect) -> usize {
    lines(theme, popup(screen).width.saturating_sub(2)).len()
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let popup = popup(area);
    Clear.render(popup, buf);
    // A wide character just left of the popup would spill over its border: blank it.
    if popup.x > 0 {
        for y in popup.top()..popup.bottom() {
            let cell = &mut buf[(popup.x - 1, y)];
            if cell.symbol().width() > 1 {
                cell.set_symbol(" ");
            }
        }
    }
    let block = super::pane_block(
        theme,
        Line::from(Span::styled(
            " 按键帮助（? 或 Esc 关闭）",
            theme.pane_title(true),
        )),
        true,
    );
    let inner = block.inner(popup);
    block.render(popup, buf);
    let lines: Vec<Line<'static>> = lines(theme, inner.width)
        .into_iter()
        .skip(app.help_scroll)
        .take(inner.height as usize)
        .collect();
    Paragraph::new(lines).render(inner, buf);
}
