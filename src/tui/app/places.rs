//! Places to come back to: where a jump (a related item, a picker's choice) came from.

use super::{App, Mode, Place, Tab};
use crate::tui::edit::TextEdit;
use crate::tui::resume::LeftAt;

/// The fifth tab, 登记, kept under its own name.
const REGISTER: &str = "register";

const TAB_KEYS: [(Tab, &str); 4] = [
    (Tab::Basic, "basic"),
    (Tab::Coop, "coop"),
    (Tab::Recalled, "recalled"),
    (Tab::All, "all"),
];

impl App {
    /// Where the reviewer is, to come back to at the next start (the tab, the filter typed, the
    /// town scope and the selected item, by town and id).
    pub fn left_at(&self) -> LeftAt {
        let town_name = |t: usize| self.towns.heads()[t].town.clone();
        let tab = if self.base_mode() == Mode::Register {
            REGISTER
        } else {
            TAB_KEYS
                .iter()
                .find(|(t, _)| *t == self.tab)
                .map_or("all", |(_, k)| k)
        };
        LeftAt {
            tab: tab.to_string(),
            query: self.query.text().to_string(),
            town: self.town_scope.map(town_name),
            item: self
                .selected()
                .map(|(item, hit)| (town_name(self.towns.town_of(hit.item)), item.id.clone())),
            at: 0,
        }
    }

    /// Back to where the reviewer left: what no longer exists (a town, an item) is skipped, and
    /// a filter brought back is said, so nobody wonders why the list is short.
    pub fn return_to(&mut self, place: &LeftAt) {
        let towns: Vec<String> = self.towns.heads().iter().map(|d| d.town.clone()).collect();
        let town_index = |name: &str| towns.iter().position(|t| t == name);
        self.town_scope = place.town.as_deref().and_then(town_index);
        self.tab = TAB_KEYS
            .iter()
            .find(|(_, k)| *k == place.tab)
            .map_or(Tab::All, |(t, _)| *t);
        self.query.set(&place.query);
        self.refilter();
        let item = place.item.as_ref().and_then(|(town, id)| {
            let range = self.towns.range(town_index(town)?);
            range.clone().find(|&i| self.towns.item(i).id == *id)
        });
        if let Some(item) = item {
            self.select_item(item);
        }
        if place.tab == REGISTER && self.has_store() {
            self.show_register();
        }
        if !place.query.is_empty() {
            let clear = self.key(Mode::Browse, crate::tui::action::Action::Cancel);
            self.say(
                format!("回到上次离开的地方：筛选“{}”（{clear} 清除）", place.query),
                false,
            );
        }
    }

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
