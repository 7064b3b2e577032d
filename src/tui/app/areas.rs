//! The screen's layout for the app's state, computed once per size, view, selection, row count
//! and reviews.

use ratatui::layout::Rect;

use crate::model::ListKind;
use crate::tui::layout::{self, Areas};

use super::{App, Mode};

/// What the screen's layout depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct AreasKey {
    pub(super) size: Rect,
    pub(super) compare: bool,
    pub(super) selected: Option<usize>,
    pub(super) rows: usize,
    pub(super) reviews: u64,
}

impl App {
    /// The screen's layout for the current size, mode and selected item.
    /// Kept for the size, view, selected item, row count and reviews it was computed for: a
    /// key asks for it many times, and the summary's height takes wrapping to know.
    pub fn areas(&self) -> Option<Areas> {
        let compare = self.base_mode() == Mode::Compare;
        let selected = self.selected().map(|(item, hit)| (item.list, hit.item));
        let key = AreasKey {
            size: self.size,
            compare,
            selected: selected.map(|(_, i)| i),
            rows: self.rows().len(),
            reviews: self.reviews_version,
        };
        if let Some((cached, areas)) = *self.areas_cache.borrow() {
            if cached == key {
                return areas;
            }
        }
        let kind = selected.map_or(ListKind::Basic, |(list, _)| list);
        let areas = layout::areas_for(self.size, compare, kind, 0, key.rows).and_then(|probe| {
            let info_lines = selected.map_or(0, |(_, item)| {
                layout::detail::info_height(self, item, probe.info.width)
            });
            layout::areas_for(self.size, compare, kind, info_lines, key.rows)
        });
        *self.areas_cache.borrow_mut() = Some((key, areas));
        areas
    }
}

/// The detail's lines are built below the app, from what it knows.
impl layout::detail::DetailSource for App {
    fn item_at(&self, i: usize) -> std::borrow::Cow<'_, crate::model::Item> {
        App::item_at(self, i)
    }

    fn town_of(&self, item: usize) -> &crate::model::Dataset {
        App::town_of(self, item)
    }

    fn several_towns(&self) -> bool {
        self.towns.several()
    }

    fn theme(&self) -> crate::tui::theme::Theme {
        self.theme
    }

    fn related_of(&self, item: usize) -> Vec<(usize, f32)> {
        App::related_of(self, item)
    }

    fn key(&self, mode: Mode, action: crate::tui::action::Action) -> String {
        App::key(self, mode, action)
    }

    fn review_of(&self, item: usize) -> Option<&crate::review::Review> {
        App::review_of(self, item)
    }

    fn history_of(&self, item: usize) -> &[crate::review::Change] {
        App::history_of(self, item)
    }

    fn has_store(&self) -> bool {
        App::has_store(self)
    }
}
