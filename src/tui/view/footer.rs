//! The bottom line: the query being typed, or the active filter, then the key hints of the mode.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::tui::action::Action;
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
    let hints: Vec<(String, &str, Action)> = keymap::hints(mode, theme.ascii)
        .into_iter()
        .filter(|(_, _, action)| app.hint_applies(*action))
        .map(|(key, word, action)| (key, app.hint_word(action, word), action))
        .collect();
    // Help and the way back always keep their room; the others fill what is left, in order.
    let piece = |(key, word, _): &(String, &str, Action)| {
        unicode_width::UnicodeWidthStr::width(format!("{}{key} {word}", theme.separator()).as_str())
    };
    let mut used = lead
        + hints
            .iter()
            .filter(|h| keymap::essential(h.2))
            .map(piece)
            .sum::<usize>();
    let mut shown = vec![false; hints.len()];
    for (i, hint) in hints.iter().enumerate() {
        if keymap::essential(hint.2) {
            shown[i] = true;
        } else if used + piece(hint) <= width {
            shown[i] = true;
            used += piece(hint);
        }
    }
    let mut first = true;
    for ((key, word, _), _) in hints.iter().zip(&shown).filter(|(_, shown)| **shown) {
        if !first {
            spans.push(Span::styled(theme.separator(), theme.dim()));
        }
        first = false;
        spans.push(Span::styled(key.clone(), theme.key()));
        spans.push(Span::raw(format!(" {word}")));
    }
    let line = wrap::fit(&Line::from(spans), width, theme.ellipsis());
    buf.set_line(area.x, area.y, &line, area.width);
}
