//! The top line: the town and the tabs with their counts (matches/total while filtering).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::tui::action::Action;
use crate::tui::app::{App, Mode, Tab};

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
    let on_register = app.base_mode() == Mode::Register;
    // The fullest line that fits. The register tab gives way first (5 still opens it) unless it
    // is the one shown; then the progress, then the town's name.
    let register = app.has_store();
    let variants = [
        (true, register, false, true),
        (true, register && on_register, false, true),
        (true, register && on_register, false, false),
        (false, register && on_register, false, false),
        (false, register && on_register, true, true),
    ];
    let last = variants.len() - 1;
    for (n, (with_town, with_register, compact, with_progress)) in variants.into_iter().enumerate()
    {
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
        let elsewhere = matches!(app.base_mode(), Mode::Tasks | Mode::Register);
        for (i, tab) in Tab::ALL.into_iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled(separator, theme.dim()));
            }
            let text = if compact {
                tab_text(tab, compact)
            } else {
                format!(" {} ", tab_text(tab, compact))
            };
            spans.push(Span::styled(text, theme.tab(tab == app.tab && !elsewhere)));
        }
        if with_register {
            spans.push(Span::styled(separator, theme.dim()));
            let n = app.register.entries.len();
            let register = app.key(Mode::Browse, Action::ShowRegister);
            let text = if compact {
                format!("{register}登记{n}")
            } else {
                format!(" {register} 登记 {n} ")
            };
            spans.push(Span::styled(text, theme.tab(on_register)));
        }
        if with_progress {
            let progress = if compact {
                format!(" 审{reviewed}")
            } else {
                format!(" 已审 {reviewed}/{total}")
            };
            spans.push(Span::styled(progress, theme.dim()));
        }
        let line = Line::from(spans);
        if line.width() <= width || n == last {
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
