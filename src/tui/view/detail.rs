//! The selected item: a summary (what it is, whose, its title) above its duty panes, the
//! department's part beside the town's part. The same pieces make the compare view.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::model::ListKind;
use crate::search::Highlights;
use crate::tui::app::{App, Focus, Mode};
use crate::tui::layout::detail::{info_lines, pane_lines, verdict};
use crate::tui::layout::{self, Areas};

pub fn render(app: &App, areas: &Areas, buf: &mut Buffer) {
    let Some((_, hit)) = app.selected() else {
        return;
    };
    let hl = app.highlights(hit.item);
    let info = info_lines(app, hit.item, &hl, areas.info.width);
    Paragraph::new(info).render(areas.info, buf);
    let panes = [(Focus::Upper, areas.upper), (Focus::Town, areas.town)];
    for (pane, rect) in panes {
        if rect.area() > 0 {
            render_pane(app, hit.item, &hl, pane, rect, buf);
        }
    }
}

fn pane_title(app: &App, index: usize, pane: Focus) -> String {
    let item = app.item_at(index);
    match (item.list, pane) {
        (ListKind::Basic, _) => format!("基本履职事项{}{}", app.theme.separator(), verdict(&item)),
        (ListKind::Recalled, _) => item.list.upper_label().to_string(),
        (ListKind::Coop, Focus::Town) => app.town_of(index).town_duties_label(),
        (ListKind::Coop, _) => item.list.upper_label().to_string(),
    }
}

fn render_pane(
    app: &App,
    index: usize,
    hl: &Highlights,
    pane: Focus,
    rect: Rect,
    buf: &mut Buffer,
) {
    let theme = app.theme;
    let focused = app.focus == pane && app.mode != Mode::Help;
    let lines = pane_lines(app, index, hl, pane, layout::inner_width(rect));
    let height = layout::inner_height(rect) as usize;
    let scroll = app
        .pane_scroll(pane)
        .min(lines.len().saturating_sub(height));
    let mut block = super::pane_block(
        theme,
        Line::from(Span::styled(
            format!(" {} ", pane_title(app, index, pane)),
            theme.pane_title(focused),
        )),
        focused,
    );
    if lines.len() > height && height > 0 {
        let shown = format!(
            " {}-{}/{} ",
            scroll + 1,
            (scroll + height).min(lines.len()),
            lines.len()
        );
        block = block.title_bottom(Line::from(shown).alignment(Alignment::Right));
    }
    Paragraph::new(lines)
        .block(block)
        .scroll((scroll.min(u16::MAX as usize) as u16, 0))
        .render(rect, buf);
}
