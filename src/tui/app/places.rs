//! Places to come back to: where a jump (a related item, a picker's choice) came from.

use super::{App, Place, Tab};
use crate::tui::edit::TextEdit;

impl App {
    pub(super) fn place(&self) -> Place {
        Place {
            query: self.query.text().to_string(),
            tab: self.tab,
            town: self.town_scope,
            item: self.selected().map(|(_, hit)| hit.item),
        }
    }

    /// Back to where the last jump came from; says so when there is nowhere to go back to.
    pub(super) fn go_back(&mut self) -> bool {
        let Some(place) = self.back.pop() else {
            self.say(
                "没有可以返回的位置（跳转到相关事项、选部门或类别后可返回）".into(),
                false,
            );
            return true;
        };
        self.query.set(&place.query);
        self.town_scope = place.town;
        self.tab = place.tab;
        self.refilter();
        if let Some(item) = place.item {
            self.select_item(item);
        }
        true
    }

    /// Selects `item` in the current tab if it is there.
    pub(super) fn select_item(&mut self, item: usize) {
        if let Some(row) = self.position_in(self.tab, item) {
            self.cursors[self.tab.index()].selected = row;
            self.scroll = [0; 2];
            self.keep_selection_visible();
        }
    }

    /// Selects an item, clearing the filter or changing tab if that is what it takes.
    pub(super) fn jump_to(&mut self, item: usize) {
        if !self.in_scope().contains(&item) {
            self.town_scope = None;
            self.refilter();
        }
        if self.position_in(self.tab, item).is_none() {
            self.tab = Tab::All;
        }
        if self.position_in(self.tab, item).is_none() {
            self.query.clear();
            self.refilter();
        }
        if let Some(row) = self.position_in(self.tab, item) {
            self.cursors[self.tab.index()].selected = row;
            self.scroll = [0; 2];
            self.keep_selection_visible();
            self.fix_focus();
        }
    }

    pub(super) fn position_in(&self, tab: Tab, item: usize) -> Option<usize> {
        self.views[tab.index()]
            .iter()
            .position(|&h| self.hits[h].item == item)
    }
}
