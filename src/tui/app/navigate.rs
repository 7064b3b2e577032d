//! Moving through the lists and panes: tabs, selection, paging, focus, scrolling, the mouse.

use crate::tui::action::Action;
use ratatui::layout::Position;

use crate::tui::layout;

use super::{App, Focus, Mode, Tab};

impl App {
    pub(super) fn show_tab(&mut self, tab: Tab) -> bool {
        if self.tab == tab {
            return false;
        }
        self.tab = tab;
        self.scroll = [0; 2];
        self.keep_selection_visible();
        self.fix_focus();
        true
    }

    /// j/k and paging: the list when it has focus (or while typing), otherwise the focused pane.
    pub(super) fn step(&mut self, by: isize) -> bool {
        match self.mode {
            Mode::Help => {
                let before = self.help_scroll;
                // The last page is full: End shows the last lines, not one line and blanks.
                let last =
                    layout::help::line_count(self.theme, self.size).saturating_sub(self.page());
                self.help_scroll = self.help_scroll.saturating_add_signed(by).min(last);
                before != self.help_scroll
            }
            Mode::Filter => self.move_selection(by),
            // Their own handlers have the movement keys first.
            Mode::Picker | Mode::Note | Mode::Notice | Mode::Tasks | Mode::Register => false,
            Mode::Browse if self.focus == Focus::List => self.move_selection(by),
            Mode::Browse | Mode::Compare => self.scroll_pane(self.scroll_target(), by),
        }
    }

    pub(super) fn move_selection(&mut self, by: isize) -> bool {
        let len = self.views[self.tab.index()].len();
        if len == 0 {
            return false;
        }
        let cursor = &mut self.cursors[self.tab.index()];
        let before = cursor.selected;
        cursor.selected = before.saturating_add_signed(by).min(len - 1);
        if cursor.selected == before {
            return false;
        }
        self.scroll = [0; 2];
        self.keep_selection_visible();
        self.fix_focus();
        true
    }

    pub(super) fn list_rows(&self) -> usize {
        self.areas()
            .map_or(1, |a| layout::inner_height(a.list).max(1) as usize)
    }

    /// A page: the list's height, or the focused pane's.
    pub(super) fn page(&self) -> usize {
        let Some(areas) = self.areas() else {
            return 1;
        };
        let rect = match (self.mode, self.focus) {
            (Mode::Help, _) => return (self.size.height as usize).saturating_sub(4).max(1),
            (Mode::Filter, _) | (Mode::Browse, Focus::List) => areas.list,
            (_, Focus::Town) => areas.town,
            _ => areas.upper,
        };
        (layout::inner_height(rect) as usize).max(1)
    }

    pub(super) fn keep_selection_visible(&mut self) {
        let rows = self.list_rows();
        let cursor = &mut self.cursors[self.tab.index()];
        if cursor.selected < cursor.offset {
            cursor.offset = cursor.selected;
        } else if cursor.selected >= cursor.offset + rows {
            cursor.offset = cursor.selected + 1 - rows;
        }
    }

    /// Focuses the pane that holds the selected item's review and scrolls to its record.
    pub(super) fn show_history(&mut self) -> bool {
        let (Some(areas), Some((item, hit))) = (self.areas(), self.selected()) else {
            return false;
        };
        let index = hit.item;
        let pane = layout::detail::review_pane(&item);
        let rect = if pane == Focus::Town {
            areas.town
        } else {
            areas.upper
        };
        let width = layout::inner_width(rect);
        let Some(at) = layout::detail::review_start(self, index, width) else {
            self.say("这一项还没有审核记录".into(), false);
            return true;
        };
        self.focus = pane;
        let slot = usize::from(pane == Focus::Town);
        self.scroll[slot] = at.min(self.max_scroll(pane));
        true
    }

    /// J/K scroll the focused pane, or the upper pane while the list has focus.
    pub(super) fn scroll_target(&self) -> Focus {
        match self.focus {
            Focus::List => Focus::Upper,
            other => other,
        }
    }

    pub(super) fn scroll_pane(&mut self, pane: Focus, by: isize) -> bool {
        let index = usize::from(pane == Focus::Town);
        let before = self.scroll[index];
        self.scroll[index] = before.saturating_add_signed(by).min(self.max_scroll(pane));
        before != self.scroll[index]
    }

    pub(super) fn max_scroll(&self, pane: Focus) -> usize {
        let (Some(areas), Some((_, hit))) = (self.areas(), self.selected()) else {
            return 0;
        };
        let rect = if pane == Focus::Town {
            areas.town
        } else {
            areas.upper
        };
        let hl = self.highlights(hit.item);
        let lines =
            layout::detail::pane_lines(self, hit.item, &hl, pane, layout::inner_width(rect));
        lines
            .len()
            .saturating_sub(layout::inner_height(rect) as usize)
    }

    pub(super) fn clamp_scroll(&mut self) {
        for pane in [Focus::Upper, Focus::Town] {
            let index = usize::from(pane == Focus::Town);
            self.scroll[index] = self.scroll[index].min(self.max_scroll(pane));
        }
    }

    /// The panes on screen that focus can move through, left to right.
    pub(super) fn focus_order(&self) -> Vec<Focus> {
        let Some(areas) = self.areas() else {
            return vec![Focus::List];
        };
        let mut order = Vec::new();
        if areas.list.area() > 0 {
            order.push(Focus::List);
        }
        if self.selected().is_some() {
            for (focus, rect) in [(Focus::Upper, areas.upper), (Focus::Town, areas.town)] {
                if rect.area() > 0 {
                    order.push(focus);
                }
            }
        }
        order
    }

    pub(super) fn move_focus(&mut self, by: isize) -> bool {
        let order = self.focus_order();
        let Some(at) = order.iter().position(|&f| f == self.focus) else {
            return false;
        };
        let next = at.saturating_add_signed(by).min(order.len() - 1);
        std::mem::replace(&mut self.focus, order[next]) != order[next]
    }

    /// After the selected item changes kind, focus on a pane it does not have moves left.
    pub(super) fn fix_focus(&mut self) {
        let order = self.focus_order();
        if !order.contains(&self.focus) {
            self.focus = order.last().copied().unwrap_or(Focus::List);
        }
    }

    pub(super) fn pane_at(&self, at: Position) -> Option<Focus> {
        let areas = self.areas()?;
        [
            (areas.list, Focus::List),
            (areas.upper, Focus::Upper),
            (areas.town, Focus::Town),
        ]
        .into_iter()
        .find(|(rect, _)| rect.contains(at))
        .map(|(_, focus)| focus)
    }

    pub(super) fn click(&mut self, at: Position) -> bool {
        match self.pane_at(at) {
            Some(Focus::List) => {
                let Some(areas) = self.areas() else {
                    return false;
                };
                let row = (at.y as usize).saturating_sub(areas.list.y as usize + 1);
                let target = self.list_offset() + row;
                let moved = self.move_selection(target as isize - self.selected_row() as isize);
                let focused = std::mem::replace(&mut self.focus, Focus::List) != Focus::List;
                moved || focused
            }
            Some(pane) => std::mem::replace(&mut self.focus, pane) != pane,
            None => false,
        }
    }

    pub(super) fn wheel(&mut self, at: Position, down: bool) -> bool {
        let by = if down { 3 } else { -3 };
        match self.pane_at(at) {
            Some(Focus::List) => self.move_selection(by),
            Some(pane) => self.scroll_pane(pane, by),
            None => false,
        }
    }
}

impl App {
    /// The keys that move in the lists: the selection, the panes' scrolling and focus, the tabs.
    pub(super) fn navigate(&mut self, action: Action) -> bool {
        match action {
            Action::Down => self.step(1),
            Action::Up => self.step(-1),
            Action::PageDown => self.step(self.page() as isize),
            Action::PageUp => self.step(-(self.page() as isize)),
            Action::HalfPageDown => self.step((self.page() / 2).max(1) as isize),
            Action::HalfPageUp => self.step(-((self.page() / 2).max(1) as isize)),
            Action::Top => self.step(isize::MIN / 2),
            Action::Bottom => self.step(isize::MAX / 2),
            Action::ScrollDown => self.scroll_pane(self.scroll_target(), 1),
            Action::ScrollUp => self.scroll_pane(self.scroll_target(), -1),
            Action::FocusLeft => self.move_focus(-1),
            Action::FocusRight => self.move_focus(1),
            Action::ShowTab(tab) => self.show_tab(tab),
            Action::NextTab => self.show_tab(self.tab.shifted(1)),
            Action::PrevTab => self.show_tab(self.tab.shifted(-1)),
            Action::NextItem => self.move_selection(1),
            Action::PrevItem => self.move_selection(-1),
            _ => false,
        }
    }
}

/// How far a movement key moves a selection in a list of its own: one row, ten, or to an end.
pub(super) fn row_step(action: Action) -> Option<isize> {
    Some(match action {
        Action::Down => 1,
        Action::Up => -1,
        Action::PageDown => 10,
        Action::PageUp => -10,
        Action::Top => isize::MIN / 2,
        Action::Bottom => isize::MAX / 2,
        _ => return None,
    })
}

/// The row a movement key leads to from `row` in a list of `count` rows.
pub(super) fn stepped(row: usize, action: Action, count: usize) -> usize {
    row.saturating_add_signed(row_step(action).unwrap_or(0))
        .min(count.saturating_sub(1))
}
