//! The app's whole state and its one entry point, `update(Action) -> changed`. No drawing and no
//! terminal here, so every state change is testable on its own.

mod admit;
mod areas;
mod effect;
mod filter;
mod hints;
mod letters;
mod navigate;
pub mod notices;
mod picking;
mod places;
mod register;
mod review;

pub use super::mode::{Focus, Mode, Tab};
pub use admit::{AdmitState, TextTarget};
pub use effect::{Effect, Save, Update};
pub use register::RegisterState;
pub use review::{Message, ReviewState};

use std::borrow::Cow;

use ratatui::layout::{Position, Rect};

use crate::model::{Dataset, Item};
use crate::search::related;
use crate::search::suggest::{Suggester, Suggestion};
use crate::search::{Engine, Hit, MAX_QUERY_CHARS, Query, QueryError, Searcher};
use crate::towns::Towns;

use super::action::Action;
use super::edit::TextEdit;
use super::input::LineInput;
use super::layout::Areas;
use super::note::NoteEditor;
use super::picker::Picker;
use super::theme::Theme;

fn query_full() -> String {
    format!("查询最多 {MAX_QUERY_CHARS} 个字，多出的没有加上")
}

/// A place in the lists to come back to: the query, the tab, the town and the selected item.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Place {
    query: String,
    tab: Tab,
    town: Option<usize>,
    item: Option<usize>,
}

/// The selected row and the first visible row of one tab's list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct ListCursor {
    selected: usize,
    offset: usize,
}

pub struct App {
    /// Every town loaded (one, or a county's), their items in one run.
    pub towns: Towns,
    /// The town the lists are narrowed to (`t`), when several are loaded.
    pub town_scope: Option<usize>,
    engine: Engine,
    searcher: Searcher,
    /// Related items, a town's table made when first needed.
    related: related::ByTown,
    /// The query the hits are for (the last one typed that could be read).
    active: Query,
    /// Why the query as typed cannot be read, if it cannot.
    pub query_error: Option<QueryError>,
    pub theme: Theme,
    pub tab: Tab,
    pub mode: Mode,
    /// Where each jump came from, newest last: Backspace or Ctrl-o goes back.
    back: Vec<Place>,
    /// "Did you mean" for a query that finds nothing; Tab (Enter in the list) takes the first.
    pub suggestions: Vec<Suggestion>,
    suggester: Option<Suggester>,
    /// The mode the help overlay returns to.
    behind_help: Mode,
    pub query: LineInput,
    /// Every item matching the query, best first (all items when there is no query).
    hits: Vec<Hit>,
    /// Per tab, the indices into `hits` that belong to it.
    views: [Vec<usize>; 4],
    /// Per tab, the items in the town scope.
    totals: [usize; 4],
    /// Each item's list, side by side: what the tabs are made from on every keystroke.
    item_lists: Vec<crate::model::ListKind>,
    cursors: [ListCursor; 4],
    pub focus: Focus,
    /// First visible line of the upper and the town pane.
    scroll: [usize; 2],
    pub help_scroll: usize,
    pub picker: Option<Picker>,
    pub size: Rect,
    /// What the event loop must do besides drawing, collected while an action runs.
    effects: Vec<Effect>,
    /// The last layout computed, and what it was computed for.
    areas_cache: std::cell::RefCell<Option<(areas::AreasKey, Option<Areas>)>>,
    /// Counts reloads of the reviews: a verdict or a note changes the summary's height.
    reviews_version: u64,
    /// Between `begin_keys` and `end_keys` (keys already queued), query edits only mark the
    /// results stale, so the last query typed is the one that runs.
    defer_search: bool,
    search_pending: bool,
    review: ReviewState,
    /// The note being written, while in `Mode::Note`.
    pub note: Option<NoteEditor>,
    /// The mode the note editor returns to.
    behind_note: Mode,
    /// What the last action did or why it failed, shown until the next key.
    pub message: Option<Message>,
    /// 准入: the notice, its tasks, and where the user is in them.
    pub admit: AdmitState,
    /// 登记: the register's entries.
    pub register: RegisterState,
    /// `L`: who signs the letters, and what they are dated.
    pub letters: letters::Letters,
}

impl App {
    /// The app over one town.
    pub fn new(dataset: Dataset, theme: Theme, size: Rect) -> App {
        App::for_towns(Towns::new(vec![dataset]), theme, size)
    }

    /// The app over several towns: search spans them all, `t` narrows to one.
    pub fn for_towns(towns: Towns, theme: Theme, size: Rect) -> App {
        let items: Vec<_> = towns.items().collect();
        let engine = Engine::over(items.iter().map(|item| &**item));
        App::with_engine(towns, engine, theme, size)
    }

    /// As `for_towns`, with the search engine already built (or read from the index cache)
    /// over `towns.items()`.
    pub fn with_engine(towns: Towns, engine: Engine, theme: Theme, size: Rect) -> App {
        let review = ReviewState::for_towns(towns.len());
        let admit = AdmitState::new(towns.len());
        let item_lists = (0..towns.item_count()).map(|i| towns.list_of(i)).collect();
        let mut app = App {
            towns,
            town_scope: None,
            engine,
            searcher: Searcher::default(),
            related: related::ByTown::default(),
            active: Query::default(),
            query_error: None,
            theme,
            tab: Tab::All,
            back: Vec::new(),
            suggestions: Vec::new(),
            suggester: None,
            mode: Mode::Browse,
            behind_help: Mode::Browse,
            query: LineInput::default(),
            hits: Vec::new(),
            views: Default::default(),
            totals: [0; 4],
            item_lists,
            cursors: Default::default(),
            focus: Focus::List,
            scroll: [0; 2],
            help_scroll: 0,
            picker: None,
            size,
            effects: Vec::new(),
            areas_cache: std::cell::RefCell::new(None),
            reviews_version: 0,
            defer_search: false,
            search_pending: false,
            review,
            note: None,
            behind_note: Mode::Browse,
            message: None,
            admit,
            register: RegisterState::default(),
            letters: letters::Letters::default(),
        };
        app.refilter();
        app
    }

    /// What the terminal probe found: a terminal drawing ─ two columns wide gets ASCII boxes,
    /// and is told why (and how to undo it) on the first screen.
    pub fn fit_ambiguous_width(&mut self, wide: bool) {
        self.theme.ascii = wide;
        // What was measured with the other glyphs is measured again.
        *self.areas_cache.borrow_mut() = None;
        if wide {
            self.say(
                "终端把制表符画成两列宽，已改用 ASCII 边框；--no-ascii 可取消".into(),
                false,
            );
        }
    }

    /// A paste from the terminal: into the note or notice being written as it is (line breaks
    /// kept), or
    /// into the query, starting it from the list, as one edit of at most what the query holds.
    pub fn paste(&mut self, text: &str) -> bool {
        if self.mode == Mode::Notice {
            self.paste_notice(text);
            return true;
        }
        if self.mode == Mode::Note {
            // A note keeps the pasted line breaks (CRLF from Windows clients as one).
            let mut changed = false;
            for c in text.replace("\r\n", "\n").chars() {
                let c = if c == '\r' { '\n' } else { c };
                changed |= self.update(Action::Insert(c)).redraw;
            }
            return changed;
        }
        if self.mode == Mode::Browse {
            self.update(Action::StartFilter);
        }
        if self.mode != Mode::Filter {
            return false;
        }
        self.message = None;
        let room = MAX_QUERY_CHARS.saturating_sub(self.query.char_count());
        let mut chars = text.chars().map(|c| if c.is_control() { ' ' } else { c });
        let kept: String = chars.by_ref().take(room).collect();
        let cut = chars.next().is_some();
        self.edit(|q| {
            q.insert_str(&kept);
            true
        });
        if cut {
            self.say(query_full(), true);
        }
        true
    }

    /// Performs one action: whether the screen needs drawing, and what else must happen.
    pub fn update(&mut self, action: Action) -> Update {
        // A message answers the key before; any other key (not a resize) dismisses it.
        let dismissed =
            !matches!(action, Action::Resize(..) | Action::Redraw) && self.message.take().is_some();
        let redraw = self.perform(action) || dismissed;
        let redraw = self.leave_empty_compare() || redraw;
        Update {
            redraw,
            effects: std::mem::take(&mut self.effects),
        }
    }

    /// How a `Save` went, told back by the event loop: the footer says where, or why not.
    pub fn saved(&mut self, save: &Save, result: crate::Result<std::path::PathBuf>) {
        match result {
            Ok(path) => {
                let shown = std::path::absolute(&path).unwrap_or(path);
                self.say(format!("{}：{}", save.what, shown.display()), false);
            }
            Err(e) => self.say(format!("导出失败：{e}"), true),
        }
    }

    /// Asks the event loop for something besides a redraw.
    fn request(&mut self, effect: Effect) {
        self.effects.push(effect);
    }

    /// What a screen with keys of its own does with a key; `None` for the keys every mode
    /// shares.
    fn perform_in_mode(&mut self, action: Action) -> Option<bool> {
        match self.mode {
            Mode::Note => Some(self.update_note(action)),
            Mode::Notice => Some(self.update_notice(action)),
            Mode::Tasks => self.update_tasks(action),
            Mode::Register => self.update_register(action),
            _ => None,
        }
    }

    fn perform(&mut self, action: Action) -> bool {
        if let Some(changed) = self.perform_in_mode(action) {
            return changed;
        }
        match action {
            Action::Quit => {
                self.request(Effect::Quit);
                true
            }
            Action::Redraw => {
                self.request(Effect::Clear);
                true
            }
            Action::Resize(width, height) => {
                self.size = Rect::new(0, 0, width, height);
                // The terminal may have reflowed its contents: draw everything anew.
                self.request(Effect::Clear);
                self.keep_selection_visible();
                self.clamp_scroll();
                true
            }
            Action::ToggleHelp => self.toggle_help(),
            Action::PickDepartment
            | Action::PickCategory
            | Action::PickRelated
            | Action::PickTown => self.pick(action),
            _ if self.mode == Mode::Picker => self.update_picker(action),
            Action::SetStatus(status) => self.set_status(status),
            Action::Undo => self.undo(),
            Action::Back => self.go_back(),
            Action::ShowHistory => self.show_history(),
            Action::TakeSuggestion => self.take_suggestion(),
            // A letter or a Chinese character typed in the list is a search, never a command.
            Action::Insert(c) if matches!(self.mode, Mode::Browse | Mode::Compare) => {
                self.search_typed(c)
            }
            Action::Insert(_) if self.mode != Mode::Filter => false,
            Action::EditNote => self.edit_note(),
            Action::OpenAdmit => self.open_admit(),
            Action::ShowRegister => self.show_register(),
            // The register is the fifth tab when there is a review file to keep it in.
            Action::NextTab
                if self.tab == Tab::All && self.mode == Mode::Browse && self.has_store() =>
            {
                self.show_register()
            }
            Action::PrevTab
                if self.tab == Tab::Basic && self.mode == Mode::Browse && self.has_store() =>
            {
                self.show_register()
            }
            Action::NextCandidate
            | Action::RecordTask
            | Action::NextOutcome
            | Action::AdoptCandidate
            | Action::ChangeDecision => false,
            Action::SaveNote | Action::Newline => false,
            Action::CopyItem => self.copy_item(),
            Action::Export => self.export(),
            Action::WriteLetter => self.adjust_letter(),
            Action::StartFilter => self.set_mode(Mode::Filter),
            Action::Confirm => self.confirm(),
            Action::Cancel => self.cancel(),
            Action::Insert(_)
            | Action::DeleteWord
            | Action::Backspace
            | Action::Delete
            | Action::ClearQuery
            | Action::CursorLeft
            | Action::CursorRight
            | Action::CursorHome
            | Action::CursorEnd => self.edit_query(action),
            Action::Down
            | Action::Up
            | Action::PageDown
            | Action::PageUp
            | Action::HalfPageDown
            | Action::HalfPageUp
            | Action::Top
            | Action::Bottom
            | Action::ScrollDown
            | Action::ScrollUp
            | Action::FocusLeft
            | Action::FocusRight
            | Action::ShowTab(_)
            | Action::NextTab
            | Action::PrevTab
            | Action::NextItem
            | Action::PrevItem => self.navigate(action),
            Action::Click(x, y) => self.click(Position::new(x, y)),
            Action::Wheel { x, y, down } => self.wheel(Position::new(x, y), down),
        }
    }

    // ----- what the view reads -----

    /// The key that does `action` in `mode`, as messages and screens name it.
    pub fn key(&self, mode: Mode, action: Action) -> String {
        super::keymap::key_name(mode, action, self.theme.ascii)
    }

    /// The items of other lists most like `item`, of its own town, most similar first.
    pub fn related_of(&self, item: usize) -> Vec<(usize, f32)> {
        let town = self.towns.town_of(item);
        let range = self.towns.range(town);
        self.related.of(range.start, range.len(), item, || {
            self.towns.town_items(town)
        })
    }

    /// Item `i` of every town's items in one run (what `Hit::item` indexes).
    pub fn item_at(&self, i: usize) -> Cow<'_, Item> {
        self.towns.item(i)
    }

    /// The town of item `i`: its names (a province read from the cache holds its items apart).
    pub fn town_of(&self, item: usize) -> &Dataset {
        self.towns.head_of(item)
    }

    /// What the header calls what is shown: the town, or "玛纳斯县 3个乡镇".
    pub fn place_label(&self) -> String {
        match self.town_scope {
            Some(town) => self.towns.heads()[town].town.clone(),
            None => self.towns.label(),
        }
    }

    /// The items in the town scope (all when there is none).
    pub fn in_scope(&self) -> std::ops::Range<usize> {
        match self.town_scope {
            Some(town) => self.towns.range(town),
            None => 0..self.towns.item_count(),
        }
    }

    /// Matches and total per tab, in tab order (within the town scope).
    pub fn tab_counts(&self) -> [(usize, usize); 4] {
        Tab::ALL.map(|tab| (self.views[tab.index()].len(), self.totals[tab.index()]))
    }

    pub fn filter_active(&self) -> bool {
        !self.active.is_empty()
    }

    /// Matches of the current tab's list in towns outside the town scope.
    pub fn matches_in_other_towns(&self) -> usize {
        if self.town_scope.is_none() {
            return 0;
        }
        let scope = self.in_scope();
        self.hits
            .iter()
            .filter(|hit| {
                !scope.contains(&hit.item)
                    && self
                        .tab
                        .list()
                        .is_none_or(|l| self.item_lists[hit.item] == l)
            })
            .count()
    }

    /// The hits of the current tab, in rank order.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = &Hit> {
        self.views[self.tab.index()].iter().map(|&h| &self.hits[h])
    }

    pub fn item(&self, hit: &Hit) -> Cow<'_, Item> {
        self.item_at(hit.item)
    }

    pub fn selected_row(&self) -> usize {
        self.cursors[self.tab.index()].selected
    }

    pub fn list_offset(&self) -> usize {
        self.cursors[self.tab.index()].offset
    }

    /// The selected item and its hit (matched positions), if the tab has any rows.
    pub fn selected(&self) -> Option<(Cow<'_, Item>, &Hit)> {
        let view = &self.views[self.tab.index()];
        let hit = &self.hits[*view.get(self.selected_row())?];
        Some((self.item(hit), hit))
    }

    pub fn pane_scroll(&self, focus: Focus) -> usize {
        match focus {
            Focus::Town => self.scroll[1],
            _ => self.scroll[0],
        }
    }

    /// The mode behind the help overlay, a picker or the note editor, or the current one.
    pub fn base_mode(&self) -> Mode {
        match self.mode {
            Mode::Help | Mode::Picker => match self.behind_help {
                Mode::Notice => self.admit.behind,
                other => other,
            },
            Mode::Note => self.behind_note,
            Mode::Notice => self.admit.behind,
            mode => mode,
        }
    }

    // ----- state changes -----

    fn set_mode(&mut self, mode: Mode) -> bool {
        std::mem::replace(&mut self.mode, mode) != mode
    }

    /// A resize or Ctrl-l while an editor is open: the screen is drawn anew, the text stays.
    fn redraw_under_editor(&mut self, action: Action) -> bool {
        match action {
            Action::Resize(width, height) => {
                self.size = Rect::new(0, 0, width, height);
                self.request(Effect::Clear);
                true
            }
            Action::Redraw => {
                self.request(Effect::Clear);
                true
            }
            _ => false,
        }
    }

    fn toggle_help(&mut self) -> bool {
        if self.mode == Mode::Help {
            self.mode = self.behind_help;
        } else {
            self.behind_help = self.mode;
            self.mode = Mode::Help;
            self.help_scroll =
                super::layout::help::section_start(self.theme, self.size, self.behind_help);
        }
        true
    }

    /// The compare view of an item that left the list (marked out of a `状态:` filter, here or
    /// by another session) would be blank with keys that do nothing: back to the list.
    pub(super) fn leave_empty_compare(&mut self) -> bool {
        if self.mode != Mode::Compare || self.selected().is_some() {
            return false;
        }
        self.mode = Mode::Browse;
        self.focus = Focus::List;
        true
    }

    /// A key typed on a screen with a list that is no command: back to the lists, a new search
    /// beginning with it (the 准入 results and the register stay as they were, `i` and `5`).
    fn search_typed(&mut self, c: char) -> bool {
        self.mode = Mode::Browse;
        self.focus = Focus::List;
        self.query.clear();
        self.set_mode(Mode::Filter);
        self.perform(Action::Insert(c))
    }

    fn confirm(&mut self) -> bool {
        // A picker, the editors and the 准入 screens take their keys before `perform` gets here.
        match self.mode {
            Mode::Filter => self.set_mode(Mode::Browse),
            Mode::Browse if self.selected().is_some() => {
                if self.focus == Focus::List {
                    self.focus = Focus::Upper;
                }
                self.set_mode(Mode::Compare)
            }
            Mode::Browse => self.take_suggestion(),
            _ => false,
        }
    }

    fn cancel(&mut self) -> bool {
        match self.mode {
            Mode::Filter => {
                self.clear_query_keeping_selection();
                self.mode = Mode::Browse;
                true
            }
            Mode::Compare => {
                self.mode = Mode::Browse;
                self.focus = Focus::List;
                true
            }
            Mode::Help => self.toggle_help(),
            Mode::Browse if self.filter_active() => {
                self.clear_query_keeping_selection();
                true
            }
            Mode::Browse => std::mem::replace(&mut self.focus, Focus::List) != Focus::List,
            // Their own handlers have these keys first.
            Mode::Picker | Mode::Note | Mode::Notice | Mode::Tasks | Mode::Register => false,
        }
    }
}

#[cfg(test)]
mod poll_tests;
#[cfg(test)]
mod tests;
