//! The top line: the town and the tabs with their counts (matches/total while filtering).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::tui::app::{App, Tab};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let line = fitting_line(app, area.width as usize);
    buf.set_line(area.x, area.y, &line, area.width);
}

/// The fullest header that fits: with the town, then without it, then compact.
fn fitting_line(app: &App, width: usize) -> Line<'static> {
    let theme = app.theme;
    let (reviewed, total) = app.progress();
    let counts = app.tab_counts();
    let filtering = app.filter_active();
    let tab_text = |tab: Tab, compact: bool| {
        let (matches, total) = counts[tab.index()];
        let count = if filtering {
            format!("{matches}/{total}")
        } else {
            total.to_string()
        };
        // The number is the key that shows the tab.
        let gap = if compact { "" } else { " " };
        format!("{}{gap}{}{gap}{count}", tab.index() + 1, tab.label())
    };
    for (with_town, compact) in [(true, false), (false, false), (false, true)] {
        let separator = match (compact, theme.ascii) {
            (true, _) => " ",
            (false, true) => "|",
            (false, false) => "·",
        };
        let mut spans = Vec::new();
        if with_town {
            spans.push(Span::styled(
                format!(" {} ", app.place_label()),
                theme.title(),
            ));
        }
        for (i, tab) in Tab::ALL.into_iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled(separator, theme.dim()));
            }
            let text = if compact {
                tab_text(tab, compact)
            } else {
                format!(" {} ", tab_text(tab, compact))
            };
            spans.push(Span::styled(text, theme.tab(tab == app.tab)));
        }
        let progress = if compact {
            format!(" 审{reviewed}")
        } else {
            format!(" 已审 {reviewed}/{total}")
        };
        let with_progress = Line::from(
            spans
                .iter()
                .cloned()
                .chain([Span::styled(progress, theme.dim())])
                .collect::<Vec<_>>(),
        );
        if with_progress.width() <= width {
            return with_progress;
        }
        let line = Line::from(spans);
        if line.width() <= width || compact {
            return line;
        }
    }
    Line::from(Span::styled(String::new(), Style::new()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn header_text_shrinks_to_fit() {
        let app = crate::tui::test_app(80, 24);
        let full = fitting_line(&app, 80).to_string();
        assert!(full.contains("六户地镇"));
        assert!(
            full.contains("1 基本 110 · 2 配合 99 · 3 收回 43 · 4 全部 252  已审 0/252"),
            "{full}"
        );
        let compact = fitting_line(&app, 40).to_string();
        assert!(compact.width() <= 40, "{compact}");
    }
}
