//! Drawing: every piece renders from `&App` alone, so any state can be snapshot-tested.

mod admit;
pub mod detail;
mod footer;
mod header;
pub mod help;
mod list;
mod note;
mod picker;
mod register;
mod task_detail;
mod tasks;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Widget};

use super::app::{App, Mode};
use super::layout::{MIN_HEIGHT, MIN_WIDTH};
use super::theme::Theme;
use super::wrap;

/// Draws a frame and places the terminal cursor in the query line while it is being edited.
pub fn draw(app: &App, frame: &mut Frame) {
    frame.render_widget(app, frame.area());
    if let Some(position) = cursor_position(app) {
        frame.set_cursor_position(position);
    }
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(areas) = self.areas() else {
            too_small(self, area, buf);
            return;
        };
        header::render(self, areas.header, buf);
        match self.base_mode() {
            Mode::Tasks => tasks::render_tasks(self, area, buf),
            Mode::Register => register::render(self, area, buf),
            Mode::Compare => detail::render(self, &areas, buf),
            _ => {
                list::render(self, areas.list, buf);
                detail::render(self, &areas, buf);
            }
        }
        footer::render(self, areas.footer, buf);
        match self.mode {
            Mode::Help => help::render(self, area, buf),
            Mode::Picker => picker::render(self, area, buf),
            Mode::Note => note::render(self, area, buf),
            Mode::Notice => admit::render_editor(self, area, buf),
            _ => {}
        }
        super::glyph::settle(buf, area);
    }
}

/// Where the terminal cursor goes: after the query text, counted in display columns.
pub fn cursor_position(app: &App) -> Option<Position> {
    // Too small a terminal shows only a message; no cursor over it.
    app.areas()?;
    if app.mode == Mode::Picker {
        return picker::cursor(app, app.size);
    }
    if app.mode == Mode::Note {
        return note::cursor(app, app.size);
    }
    if app.mode == Mode::Notice {
        return admit::editor_cursor(app, app.size);
    }
    if app.mode != Mode::Filter {
        return None;
    }
    let footer = app.areas()?.footer;
    let x = footer.x as usize + footer::QUERY_PROMPT_WIDTH + app.query.cursor_column();
    (x < footer.right() as usize).then(|| Position::new(x as u16, footer.y))
}

/// One line saying how big the terminal must be: the longest wording that fits.
fn too_small(app: &App, area: Rect, buf: &mut Buffer) {
    let (w, h) = (area.width, area.height);
    let wordings = [
        format!("终端太小：至少需要 {MIN_WIDTH}x{MIN_HEIGHT}，当前 {w}x{h}"),
        format!("终端太小，需 {MIN_WIDTH}x{MIN_HEIGHT}"),
        format!("需{MIN_WIDTH}x{MIN_HEIGHT}"),
    ];
    let fitting = wordings
        .iter()
        .find(|m| unicode_width::UnicodeWidthStr::width(m.as_str()) <= w as usize)
        .unwrap_or(&wordings[2]);
    let chars = wrap::plain(fitting, app.theme.base());
    let cut = wrap::truncate(&chars, w as usize, "");
    buf.set_line(area.x, area.y, &wrap::line(&cut), w);
}

/// Lines into a pane's inside, from line `skip`, as many as fit.
fn render_lines(
    lines: impl IntoIterator<Item = Line<'static>>,
    skip: usize,
    inner: Rect,
    buf: &mut Buffer,
) {
    for (row, line) in lines
        .into_iter()
        .skip(skip)
        .take(inner.height as usize)
        .enumerate()
    {
        buf.set_line(inner.x, inner.y + row as u16, &line, inner.width);
    }
}

/// A pane whose title is cut to the pane's width with the theme's ellipsis.
fn titled_pane(theme: Theme, title: String, width: u16, focused: bool) -> Block<'static> {
    let title = wrap::fit(
        &Line::from(ratatui::text::Span::styled(
            title,
            theme.pane_title(focused),
        )),
        width.saturating_sub(2) as usize,
        theme.ellipsis(),
    );
    pane_block(theme, title, focused)
}

/// A bordered pane in the theme's border set, with its title.
fn pane_block(theme: Theme, title: Line<'static>, focused: bool) -> Block<'static> {
    Block::new()
        .borders(Borders::ALL)
        .border_set(theme.border_set())
        .border_style(theme.border(focused))
        .title(title)
}
