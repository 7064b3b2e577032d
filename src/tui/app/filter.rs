//! The query: typing it, running it (or deferring it while keys queue), scopes, suggestions.

use crate::search::suggest::Suggester;
use crate::search::{Highlights, Query, ScopeTerm};
use crate::tui::action::Action;
use crate::tui::edit::TextEdit;
use crate::tui::input::LineInput;

use super::{App, Mode, Tab};

/// The tab that shows a list.
fn list_tab(list: crate::model::ListKind) -> Tab {
    Tab::ALL
        .into_iter()
        .find(|t| t.list() == Some(list))
        .unwrap_or(Tab::All)
}

impl App {
    /// Puts a scope (`部门:…`) in the query in place of any scope of the same field.
    pub(super) fn set_scope(&mut self, term: &ScopeTerm) {
        self.query.set(&term.replace_in(self.query.text()));
        self.refilter();
        if self.mode == Mode::Filter {
            self.mode = Mode::Browse;
        }
    }

    /// Narrows the lists to one town (or none: every town), keeping the query.
    pub fn set_town_scope(&mut self, town: Option<usize>) {
        self.town_scope = town.filter(|&t| t < self.towns.len());
        self.refilter();
    }

    /// Clears the query; the item that was selected stays selected, in the whole list now.
    pub(super) fn clear_query_keeping_selection(&mut self) {
        let item = self.selected().map(|(_, hit)| hit.item);
        self.query.clear();
        self.refilter();
        if let Some(item) = item {
            self.select_item(item);
        }
    }

    /// A key typed in the query line: the query is edited and searched again, up to its limit.
    pub(super) fn edit_query(&mut self, action: Action) -> bool {
        match action {
            Action::Insert(_) if self.query.char_count() >= super::MAX_QUERY_CHARS => {
                self.say(super::query_full(), true);
                true
            }
            Action::DeleteWord => self.edit(LineInput::delete_word),
            _ => self.edit(|q| q.edit(action).unwrap_or(false)),
        }
    }

    pub(super) fn edit(&mut self, change: impl FnOnce(&mut LineInput) -> bool) -> bool {
        let before = self.query.text().to_string();
        let changed = change(&mut self.query);
        if self.query.text() != before {
            if self.defer_search {
                self.search_pending = true;
            } else {
                self.refilter();
            }
        }
        changed
    }

    /// The event loop has keys queued: until `end_keys`, a query edit marks the results stale
    /// instead of searching, so typing is never held up by results already out of date.
    pub fn begin_keys(&mut self) {
        self.defer_search = true;
    }

    /// The queue is drained: runs the query typed meanwhile, if any; true if it ran.
    pub fn end_keys(&mut self) -> bool {
        self.run_pending_search()
    }

    /// Runs the query typed while searching was deferred; true if it ran.
    fn run_pending_search(&mut self) -> bool {
        self.defer_search = false;
        std::mem::take(&mut self.search_pending) && {
            self.refilter();
            true
        }
    }

    /// The matched characters of an item, for highlighting.
    pub fn highlights(&self, item: usize) -> Highlights {
        if self.active.is_empty() {
            return Highlights::default();
        }
        self.engine.highlights(item, &self.active)
    }

    /// Runs the query again and puts every tab back on its first row: the best answer. A query
    /// that cannot be read keeps the last results and says why in the footer.
    pub(super) fn refilter(&mut self) {
        let parsed =
            Query::parse(self.query.text()).map(|q| (self.searcher.search(&self.engine, &q), q));
        match parsed {
            Ok((hits, query)) => {
                self.hits = hits;
                self.active = query;
                self.query_error = None;
            }
            Err(e) => {
                self.query_error = Some(e);
                return;
            }
        }
        // Every tab's rows and totals in one pass over the hits and one over the scope, from
        // the items' lists side by side: at a province's size each pass is a keystroke's cost.
        let scope = self.in_scope();
        let mut views: [Vec<usize>; 4] = Default::default();
        for (i, hit) in self.hits.iter().enumerate() {
            if scope.contains(&hit.item) {
                views[Tab::All.index()].push(i);
                views[list_tab(self.item_lists[hit.item]).index()].push(i);
            }
        }
        self.views = views;
        let mut totals = [0; 4];
        for &list in &self.item_lists[scope] {
            totals[list_tab(list).index()] += 1;
        }
        totals[Tab::All.index()] = totals.iter().sum();
        self.totals = totals;
        self.cursors = Default::default();
        self.scroll = [0; 2];
        self.fix_focus();
        self.suggest();
    }

    /// When the query finds nothing anywhere, what the user may have meant (built on first use:
    /// a typo is rarer than a keystroke).
    pub(super) fn suggest(&mut self) {
        self.suggestions.clear();
        let text = self.query.text().trim();
        if text.is_empty() || !self.hits.is_empty() || self.active.has_status() {
            return;
        }
        let towns = &self.towns;
        let suggester = self
            .suggester
            .get_or_insert_with(|| Suggester::new(towns.items()));
        self.suggestions = suggester.suggest(text, 3);
    }

    /// Puts the first suggestion in the query line and runs it.
    pub(super) fn take_suggestion(&mut self) -> bool {
        let Some(first) = self.suggestions.first().cloned() else {
            return false;
        };
        self.query.set(&first.query);
        self.refilter();
        true
    }

    /// Runs the query again where verdicts changed under it (`状态:未审` while marking): the
    /// selection stays on the same row, so the next item moves up into it.
    pub(super) fn refilter_keeping_row(&mut self) {
        let cursors = self.cursors;
        self.refilter();
        for tab in Tab::ALL {
            let len = self.views[tab.index()].len();
            let cursor = &mut self.cursors[tab.index()];
            cursor.selected = cursors[tab.index()].selected.min(len.saturating_sub(1));
            cursor.offset = cursors[tab.index()].offset.min(cursor.selected);
        }
        self.keep_selection_visible();
        self.fix_focus();
    }
}
