//! The bottom line: the query being typed, or the active filter, then the key hints of the mode.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::tui::app::{App, Mode};
use crate::tui::keymap;
use crate::tui::wrap;

/// "/" before the query text; the cursor column counts from after it.
const QUERY_PROMPT: &str = "/";
pub const QUERY_PROMPT_WIDTH: usize = 1;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let width = area.width as usize;
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mode = app.mode;
    if mode == Mode::Filter {
        spans.push(Span::styled(QUERY_PROMPT, theme.key()));
        spans.push(Span::raw(format!("{}  ", app.query.text())));
    } else if app.filter_active() {
        spans.push(Span::styled("筛选：", theme.dim()));
        spans.push(Span::styled(
            app.query.text().to_string(),
            theme.highlight(),
        ));
        spans.push(Span::raw("  "));
    }
    if let Some(message) = &app.message {
        // What the last key did (saved, copied, exported) or why it failed, until the next key.
        let style = if message.error {
            theme.error()
        } else {
            theme.key()
        };
        let line = Line::from(Span::styled(message.text.clone(), style));
        let line = wrap::fit(&line, width, theme.ellipsis());
        buf.set_line(area.x, area.y, &line, area.width);
        return;
    }
    if let Some(error) = &app.query_error {
        // The reason a query cannot be read replaces the hints until it is fixed.
        spans.push(Span::styled(
            format!("查询有误：{}", error.message),
            theme.highlight(),
        ));
        let line = wrap::fit(&Line::from(spans), width, theme.ellipsis());
        buf.set_line(area.x, area.y, &line, area.width);
        return;
    }
    let lead = Line::from(spans.clone()).width();
    let hints: Vec<(String, &str)> = keymap::hints(mode, theme.ascii)
        .into_iter()
        .filter(|(_, _, action)| app.hint_applies(*action))
        .map(|(key, word, _)| (key, word))
        .collect();
    let piece_width = |i: usize, (key, word): &(String, &str)| {
        let sep = if i == 0 { "" } else { theme.separator() };
        unicode_width::UnicodeWidthStr::width(format!("{sep}{key} {word}").as_str())
    };
    // The last hint (how to quit or close) always keeps its room; others drop out if they must.
    let reserved = hints.last().map_or(0, |h| piece_width(hints.len() - 1, h));
    let mut used = lead + reserved;
    for (i, (key, word)) in hints.iter().enumerate() {
        let sep = if i == 0 { "" } else { theme.separator() };
        let last = i + 1 == hints.len();
        let piece_width = if last {
            0
        } else {
            piece_width(i, &(key.clone(), word))
        };
        if used + piece_width > width {
            continue;
        }
        if i > 0 {
            spans.push(Span::styled(sep, theme.dim()));
        }
        spans.push(Span::styled(key.clone(), theme.key()));
        spans.push(Span::raw(format!(" {word}")));
        used += piece_width;
    }
    let line = wrap::fit(&Line::from(spans), width, theme.ellipsis());
    buf.set_line(area.x, area.y, &line, area.width);
}
