//! The key help overlay, generated from the keymap table.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use crate::tui::app::App;
use crate::tui::keymap;
use crate::tui::theme::Theme;

/// Display columns of the keys column.
const KEYS_WIDTH: usize = 18;

fn lines(theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(Span::styled(
        "筛选：按 / 后输入汉字或片段，每输入一个字都立即筛选三张清单；空格分隔的几个词须同时匹配。",
        theme.dim(),
    ))];
    for (title, entries) in keymap::help_sections(theme.ascii) {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(title, theme.heading())));
        for (keys, help) in entries {
            let pad =
                KEYS_WIDTH.saturating_sub(unicode_width::UnicodeWidthStr::width(keys.as_str()));
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys}{}", " ".repeat(pad)), theme.key()),
                Span::raw(help),
            ]));
        }
    }
    lines
}

pub fn line_count(theme: Theme) -> usize {
    lines(theme).len()
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let width = area.width.saturating_sub(4).min(72);
    let height = area.height.saturating_sub(2);
    let [popup] = Layout::horizontal([Constraint::Length(width)])
        .flex(ratatui::layout::Flex::Center)
        .areas(area);
    let [popup] = Layout::vertical([Constraint::Length(height)])
        .flex(ratatui::layout::Flex::Center)
        .areas(popup);
    Clear.render(popup, buf);
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
    let lines: Vec<Line<'static>> = lines(theme)
        .into_iter()
        .skip(app.help_scroll)
        .take(inner.height as usize)
        .map(|line| {
            let chars: Vec<_> = line
                .spans
                .iter()
                .flat_map(|s| crate::tui::wrap::styled(&s.content, s.style, s.style, &[]))
                .collect();
            crate::tui::wrap::line(&crate::tui::wrap::truncate(
                &chars,
                inner.width as usize,
                theme.ellipsis(),
            ))
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}
