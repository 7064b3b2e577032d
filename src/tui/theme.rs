//! Colours and symbols, chosen once at start: colour or NO_COLOR, box drawing or ASCII.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

use crate::model::{ListKind, Status};

/// What the terminal can be trusted with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Colours allowed (no `NO_COLOR`, no `--no-color`).
    pub color: bool,
    /// Only ASCII in borders and markers (`--ascii`).
    pub ascii: bool,
}

/// Borders made of ASCII only, for consoles that draw box characters two columns wide.
const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Theme {
    pub fn border_set(self) -> border::Set<'static> {
        if self.ascii {
            ASCII_BORDER
        } else {
            border::PLAIN
        }
    }

    /// Marks the selected row, so selection never depends on colour alone.
    pub fn marker(self) -> &'static str {
        if self.ascii { ">" } else { "▶" }
    }

    pub fn ellipsis(self) -> &'static str {
        if self.ascii { "~" } else { "…" }
    }

    /// Between tabs and between footer hints.
    pub fn separator(self) -> &'static str {
        if self.ascii { " | " } else { " · " }
    }

    /// 基/配/收 in every mode: CJK characters are two columns on every console (they are not
    /// of ambiguous width), so `--ascii` has no reason to replace them.
    pub fn badge(self, list: ListKind) -> &'static str {
        list.badge()
    }

    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    pub fn base(self) -> Style {
        Style::new()
    }

    /// The selected list row: reverse video works without colour and on any background.
    pub fn selected(self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// Matched characters of the filter.
    pub fn highlight(self) -> Style {
        if self.color {
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    pub fn heading(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn title(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    pub fn border(self, focused: bool) -> Style {
        match (self.color, focused) {
            (true, true) => Style::new().fg(Color::Cyan),
            (true, false) => Style::new().fg(Color::DarkGray),
            (false, _) => Style::new(),
        }
    }

    /// The pane title: the focused one stands out by reverse video when there is no colour.
    pub fn pane_title(self, focused: bool) -> Style {
        match (self.color, focused) {
            (true, true) => Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            (true, false) => Style::new().add_modifier(Modifier::BOLD),
            (false, true) => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            (false, false) => Style::new().add_modifier(Modifier::BOLD),
        }
    }

    pub fn tab(self, active: bool) -> Style {
        match (self.color, active) {
            (_, false) => Style::new(),
            (true, true) => Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            (false, true) => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        }
    }

    pub fn key(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// The one-cell mark of a verdict in the list: ✓ ✗ ✎ ?, or + x * ? under `--ascii`.
    pub fn status_mark(self, status: Status) -> &'static str {
        match (status, self.ascii) {
            (Status::Agree, false) => "✓",
            (Status::Dispute, false) => "✗",
            (Status::Change, false) => "✎",
            (Status::Agree, true) => "+",
            (Status::Dispute, true) => "x",
            (Status::Change, true) => "*",
            (Status::Check, _) => "?",
        }
    }

    /// A note without a verdict.
    pub fn note_mark(self) -> &'static str {
        if self.ascii { "n" } else { "•" }
    }

    /// A note being written and not saved, on an item without a verdict (on one with a verdict,
    /// the verdict's mark is underlined instead).
    pub fn draft_mark(self) -> &'static str {
        if self.ascii { "~" } else { "✐" }
    }

    pub fn status_style(self, status: Status) -> Style {
        let style = self.fg(match status {
            Status::Agree => Color::Green,
            Status::Dispute => Color::Red,
            Status::Change => Color::Yellow,
            Status::Check => Color::Blue,
        });
        style.add_modifier(Modifier::BOLD)
    }

    /// An answer the county is late with: red, or bold and underlined without colour (the
    /// word 逾期 beside it says it on any terminal).
    pub fn overdue(self) -> Style {
        if self.color {
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn badge_style(self, list: ListKind) -> Style {
        self.fg(match list {
            ListKind::Basic => Color::Green,
            ListKind::Coop => Color::Yellow,
            ListKind::Recalled => Color::Magenta,
        })
    }
}
