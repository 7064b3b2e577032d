//! The app's whole state and its one entry point, `update(Action) -> changed`. No drawing and no
//! terminal here, so every state change is testable on its own.

mod admit;
mod register;
mod review;

pub use super::mode::{Focus, Mode, Tab};
pub use admit::{AdmitState, TextTarget};
pub use register::RegisterState;
pub use review::{Message, ReviewState};

use ratatui::layout::{Position, Rect};

use crate::model::{Dataset, Item, ListKind};
use crate::search::related::Related;
use crate::search::suggest::{Suggester, Suggestion};
use crate::search::{Engine, Highlights, Hit, MAX_QUERY_CHARS, Query, QueryError, Searcher};
use crate::towns::Towns;

use super::action::Action;
use super::input::LineInput;
use super::layout::{self, Areas};
use super::note::NoteEditor;
use super::picker::{Choice, Picker};
use super::theme::Theme;
use super::view;

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
    pub related: Related,
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
    cursors: [ListCursor; 4],
    pub focus: Focus,
    /// First visible line of the upper and the town pane.
    scroll: [usize; 2],
    pub help_scroll: usize,
    pub picker: Option<Picker>,
    pub size: Rect,
    pub should_quit: bool,
    /// While set, query edits only mark the results stale; `run_pending_search` runs the query
    /// once. The event loop sets it while it drains queued keys, so the latest query wins.
    pub defer_search: bool,
    search_pending: bool,
    /// Set when the screen must be cleared and drawn anew (Ctrl-l); the event loop resets it.
    pub clear_requested: bool,
    review: ReviewState,
    /// The note being written, while in `Mode::Note`.
    pub note: Option<NoteEditor>,
    /// The mode the note editor returns to.
    behind_note: Mode,
    /// What the last action did or why it failed, shown until the next key.
    pub message: Option<Message>,
    /// Text for the user's clipboard; the event loop sends it (OSC 52) and clears it.
    pub clipboard: Option<String>,
    /// 准入: the notice, its tasks, and where the user is in them.
    pub admit: AdmitState,
    /// 登记: the register's entries.
    pub register: RegisterState,
}

impl App {
    /// The app over one town.
    pub fn new(dataset: Dataset, theme: Theme, size: Rect) -> App {
        App::for_towns(Towns::new(vec![dataset]), theme, size)
    }

    /// The app over several towns: search spans them all, `t` narrows to one.
    pub fn for_towns(towns: Towns, theme: Theme, size: Rect) -> App {
        let engine = Engine::new(towns.combined());
        let related = Related::new(towns.combined()).within(towns.town_indices());
        let review = ReviewState::for_towns(towns.len());
        let admit = AdmitState::new(towns.len());
        let mut app = App {
            towns,
            town_scope: None,
            engine,
            searcher: Searcher::default(),
            related,
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
            cursors: Default::default(),
            focus: Focus::List,
            scroll: [0; 2],
            help_scroll: 0,
            picker: None,
            size,
            should_quit: false,
            defer_search: false,
            search_pending: false,
            clear_requested: false,
            review,
            note: None,
            behind_note: Mode::Browse,
            message: None,
            clipboard: None,
            admit,
            register: RegisterState::default(),
        };
        app.refilter();
        app
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
                changed |= self.update(Action::Insert(c));
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

    /// Performs one action; true if anything visible changed and the screen needs drawing.
    pub fn update(&mut self, action: Action) -> bool {
        // A message answers the key before; any other key (not a resize) dismisses it.
        let dismissed =
            !matches!(action, Action::Resize(..) | Action::Redraw) && self.message.take().is_some();
        self.perform(action) || dismissed
    }

    fn perform(&mut self, action: Action) -> bool {
        match self.mode {
            Mode::Note => return self.update_note(action),
            Mode::Notice => return self.update_notice(action),
            Mode::Tasks => {
                if let Some(changed) = self.update_tasks(action) {
                    return changed;
                }
            }
            Mode::Register => {
                if let Some(changed) = self.update_register(action) {
                    return changed;
                }
            }
            _ => {}
        }
        match action {
            Action::Quit => {
                self.should_quit = true;
                true
            }
            Action::Redraw => {
                self.clear_requested = true;
                true
            }
            Action::Resize(width, height) => {
                self.size = Rect::new(0, 0, width, height);
                // The terminal may have reflowed its contents: draw everything anew.
                self.clear_requested = true;
                self.keep_selection_visible();
                self.clamp_scroll();
                true
            }
            Action::ToggleHelp => self.toggle_help(),
            Action::PickDepartment => self.open_picker(Picker::departments(self.dataset())),
            Action::PickCategory => self.open_picker(Picker::categories(self.dataset())),
            Action::PickRelated => match self.selected() {
                Some((_, hit)) => {
                    let related = self.related.of(hit.item);
                    if related.is_empty() {
                        self.say("这一项在其他清单里没有相近的事项".into(), false);
                        return true;
                    }
                    self.open_picker(Picker::related(self.dataset(), &related))
                }
                None => false,
            },
            Action::PickTown if self.towns.several() => {
                self.open_picker(Picker::towns(&self.towns, self.town_scope))
            }
            Action::PickTown => {
                self.say(
                    "只载入了一个乡镇；用 --data 给几个数据文件或一个文件夹，可一次看全县".into(),
                    false,
                );
                true
            }
            _ if self.mode == Mode::Picker => self.update_picker(action),
            Action::SetStatus(status) => self.set_status(status),
            Action::Undo => self.undo(),
            Action::Back => self.go_back(),
            Action::ShowHistory => self.show_history(),
            Action::TakeSuggestion => self.take_suggestion(),
            // A letter or a Chinese character typed in the list is a search, never a command.
            Action::Insert(c) if self.mode == Mode::Browse => {
                self.query.clear();
                self.set_mode(Mode::Filter);
                self.perform(Action::Insert(c))
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
            Action::NextCandidate | Action::RecordTask | Action::NextOutcome => false,
            Action::SaveNote | Action::Newline => false,
            Action::CopyItem => self.copy_item(),
            Action::Export => self.export(),
            Action::StartFilter => self.set_mode(Mode::Filter),
            Action::Confirm => self.confirm(),
            Action::Cancel => self.cancel(),
            Action::Insert(_) if self.query.char_count() >= MAX_QUERY_CHARS => {
                self.say(query_full(), true);
                true
            }
            Action::Insert(c) => self.edit(|q| {
                q.insert(c);
                true
            }),
            Action::Backspace => self.edit(LineInput::backspace),
            Action::Delete => self.edit(LineInput::delete),
            Action::DeleteWord => self.edit(LineInput::delete_word),
            Action::ClearQuery => self.edit(LineInput::clear),
            Action::CursorLeft => self.query.left(),
            Action::CursorRight => self.query.right(),
            Action::CursorHome => self.query.home(),
            Action::CursorEnd => self.query.end(),
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
            Action::Click(x, y) => self.click(Position::new(x, y)),
            Action::Wheel { x, y, down } => self.wheel(Position::new(x, y), down),
        }
    }

    // ----- what the view reads -----

    /// The key that does `action` in `mode`, as messages and screens name it.
    pub fn key(&self, mode: Mode, action: Action) -> String {
        super::keymap::key_name(mode, action, self.theme.ascii)
    }

    /// Every town's items in one run; `Hit::item` indexes it.
    pub fn dataset(&self) -> &Dataset {
        self.towns.combined()
    }

    /// The dataset (town) of item `i`.
    pub fn town_of(&self, item: usize) -> &Dataset {
        self.towns.dataset_of(item)
    }

    /// What the header calls what is shown: the town, or "玛纳斯县 3个乡镇".
    pub fn place_label(&self) -> String {
        match self.town_scope {
            Some(town) => self.towns.datasets()[town].town.clone(),
            None => self.towns.label(),
        }
    }

    /// The items in the town scope (all when there is none).
    pub fn in_scope(&self) -> std::ops::Range<usize> {
        match self.town_scope {
            Some(town) => self.towns.range(town),
            None => 0..self.dataset().items.len(),
        }
    }

    /// Matches and total per tab, in tab order (within the town scope).
    pub fn tab_counts(&self) -> [(usize, usize); 4] {
        let items = &self.dataset().items[self.in_scope()];
        Tab::ALL.map(|tab| {
            let total = items
                .iter()
                .filter(|i| tab.list().is_none_or(|l| i.list == l))
                .count();
            (self.views[tab.index()].len(), total)
        })
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
                        .is_none_or(|l| self.dataset().items[hit.item].list == l)
            })
            .count()
    }

    /// The hits of the current tab, in rank order.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = &Hit> {
        self.views[self.tab.index()].iter().map(|&h| &self.hits[h])
    }

    pub fn item(&self, hit: &Hit) -> &Item {
        &self.dataset().items[hit.item]
    }

    pub fn selected_row(&self) -> usize {
        self.cursors[self.tab.index()].selected
    }

    pub fn list_offset(&self) -> usize {
        self.cursors[self.tab.index()].offset
    }

    /// The selected item and its hit (matched positions), if the tab has any rows.
    pub fn selected(&self) -> Option<(&Item, &Hit)> {
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

    /// Whether a footer hint for `action` would do anything now (no pane keys without panes).
    pub fn hint_applies(&self, action: Action) -> bool {
        match action {
            Action::FocusRight | Action::FocusLeft | Action::ScrollDown | Action::ScrollUp => {
                self.focus_order().len() > 1
            }
            Action::Confirm
            | Action::NextItem
            | Action::PrevItem
            | Action::SetStatus(_)
            | Action::EditNote
            | Action::PickRelated
            | Action::CopyItem
            | Action::ShowHistory => self.selected().is_some(),
            Action::PickTown => self.towns.several(),
            Action::TakeSuggestion => !self.suggestions.is_empty(),
            Action::NextCandidate => self
                .admit
                .admission
                .as_ref()
                .and_then(|a| a.tasks.get(self.admit.task))
                .is_some_and(|t| t.matches.len() > 1),
            Action::RecordTask => self.has_store() && self.admit.admission.is_some(),
            Action::NextOutcome => self.register.selected().is_some(),
            _ => true,
        }
    }

    /// The screen's layout for the current size, mode and selected item.
    pub fn areas(&self) -> Option<Areas> {
        let compare = self.base_mode() == Mode::Compare;
        let kind = self
            .selected()
            .map_or(ListKind::Basic, |(item, _)| item.list);
        let rows = self.rows().len();
        let probe = layout::areas_for(self.size, compare, kind, 0, rows)?;
        let info_lines = self.selected().map_or(0, |(_, hit)| {
            view::detail::info_height(self, hit.item, probe.info.width)
        });
        layout::areas_for(self.size, compare, kind, info_lines, rows)
    }

    // ----- state changes -----

    fn set_mode(&mut self, mode: Mode) -> bool {
        std::mem::replace(&mut self.mode, mode) != mode
    }

    fn open_picker(&mut self, picker: Picker) -> bool {
        if self.mode != Mode::Picker {
            self.behind_help = self.base_mode();
        }
        self.picker = Some(picker);
        self.mode = Mode::Picker;
        true
    }

    fn close_picker(&mut self) {
        self.picker = None;
        self.mode = self.behind_help;
    }

    /// Keys while a picker is open: typing narrows it, Enter chooses, Esc closes.
    fn update_picker(&mut self, action: Action) -> bool {
        let Some(picker) = self.picker.as_mut() else {
            self.mode = self.behind_help;
            return true;
        };
        let edited = match action {
            Action::Insert(c) => {
                picker.input.insert(c);
                true
            }
            Action::Backspace => picker.input.backspace(),
            Action::Delete => picker.input.delete(),
            Action::DeleteWord => picker.input.delete_word(),
            Action::ClearQuery => picker.input.clear(),
            Action::CursorLeft => return picker.input.left(),
            Action::CursorRight => return picker.input.right(),
            Action::CursorHome => return picker.input.home(),
            Action::CursorEnd => return picker.input.end(),
            Action::Down | Action::NextItem => return picker.step(1),
            Action::Up | Action::PrevItem => return picker.step(-1),
            Action::PageDown => return picker.step(10),
            Action::PageUp => return picker.step(-10),
            Action::Cancel => {
                self.close_picker();
                return true;
            }
            Action::Confirm => {
                let choice = picker.choice().cloned();
                self.close_picker();
                if choice.is_some() {
                    let here = self.place();
                    self.back.push(here);
                }
                match choice {
                    Some(Choice::Scope(term)) => self.set_scope(&term),
                    Some(Choice::Item(item)) => self.jump_to(item),
                    Some(Choice::Town(town)) => self.set_town_scope(town),
                    None => {}
                }
                return true;
            }
            _ => return false,
        };
        if edited {
            picker.refilter();
        }
        edited
    }

    /// Keys while the note editor is open: text, line breaks and cursor keys edit it; Esc and
    /// Ctrl-s save; quitting keeps it as a draft.
    fn update_note(&mut self, action: Action) -> bool {
        let Some(editor) = self.note.as_mut() else {
            self.mode = self.behind_note;
            return true;
        };
        if let Some(changed) = editor.edit(action) {
            return changed;
        }
        match action {
            Action::SaveNote => self.save_note(),
            Action::Cancel => self.close_note(),
            Action::Quit => {
                if let Err(e) = self.keep_draft() {
                    // The draft could not be kept: stay, so the text is not lost.
                    self.message = Some(Message {
                        text: format!("草稿没有保存，未退出：{e}"),
                        error: true,
                    });
                    return true;
                }
                self.should_quit = true;
                true
            }
            _ => self.redraw_under_editor(action),
        }
    }

    /// A resize or Ctrl-l while an editor is open: the screen is drawn anew, the text stays.
    fn redraw_under_editor(&mut self, action: Action) -> bool {
        match action {
            Action::Resize(width, height) => {
                self.size = Rect::new(0, 0, width, height);
                self.clear_requested = true;
                true
            }
            Action::Redraw => {
                self.clear_requested = true;
                true
            }
            _ => false,
        }
    }

    /// Puts a scope (`部门:…`) in the query in place of any scope of the same field.
    fn set_scope(&mut self, term: &str) {
        let same_field = |word: &str| {
            let word = crate::search::normalize_str(word);
            let field = |w: &str| -> Option<&'static str> {
                let name = w.trim_start_matches('!').split(':').next()?;
                match name {
                    "部门" | "dept" => Some("dept"),
                    "类别" | "cat" => Some("cat"),
                    _ => None,
                }
            };
            w_field_eq(field(&word), field(&crate::search::normalize_str(term)))
        };
        let mut words: Vec<&str> = self
            .query
            .text()
            .split_whitespace()
            .filter(|w| !same_field(w))
            .collect();
        words.push(term);
        self.query.set(&words.join(" "));
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
    fn clear_query_keeping_selection(&mut self) {
        let item = self.selected().map(|(_, hit)| hit.item);
        self.query.clear();
        self.refilter();
        if let Some(item) = item {
            self.select_item(item);
        }
    }

    fn place(&self) -> Place {
        Place {
            query: self.query.text().to_string(),
            tab: self.tab,
            town: self.town_scope,
            item: self.selected().map(|(_, hit)| hit.item),
        }
    }

    /// Back to where the last jump came from; says so when there is nowhere to go back to.
    fn go_back(&mut self) -> bool {
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
    fn select_item(&mut self, item: usize) {
        if let Some(row) = self.position_in(self.tab, item) {
            self.cursors[self.tab.index()].selected = row;
            self.scroll = [0; 2];
            self.keep_selection_visible();
        }
    }

    /// Selects an item, clearing the filter or changing tab if that is what it takes.
    fn jump_to(&mut self, item: usize) {
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

    fn position_in(&self, tab: Tab, item: usize) -> Option<usize> {
        self.views[tab.index()]
            .iter()
            .position(|&h| self.hits[h].item == item)
    }

    fn toggle_help(&mut self) -> bool {
        if self.mode == Mode::Help {
            self.mode = self.behind_help;
        } else {
            self.behind_help = self.mode;
            self.mode = Mode::Help;
            self.help_scroll = view::help::section_start(self.theme, self.size, self.behind_help);
        }
        true
    }

    fn confirm(&mut self) -> bool {
        match self.mode {
            Mode::Picker => self.update_picker(Action::Confirm),
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
            Mode::Picker => {
                self.close_picker();
                true
            }
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
            Mode::Note => self.close_note(),
            Mode::Notice | Mode::Tasks | Mode::Register => false,
        }
    }

    fn edit(&mut self, change: impl FnOnce(&mut LineInput) -> bool) -> bool {
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

    /// Runs the query typed while searching was deferred; true if it ran.
    pub fn run_pending_search(&mut self) -> bool {
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
    fn refilter(&mut self) {
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
        let scope = self.in_scope();
        for tab in Tab::ALL {
            self.views[tab.index()] = self
                .hits
                .iter()
                .enumerate()
                .filter(|(_, hit)| {
                    scope.contains(&hit.item)
                        && tab
                            .list()
                            .is_none_or(|l| self.dataset().items[hit.item].list == l)
                })
                .map(|(i, _)| i)
                .collect();
        }
        self.cursors = Default::default();
        self.scroll = [0; 2];
        self.fix_focus();
        self.suggest();
    }

    /// When the query finds nothing anywhere, what the user may have meant (built on first use:
    /// a typo is rarer than a keystroke).
    fn suggest(&mut self) {
        self.suggestions.clear();
        let text = self.query.text().trim();
        if text.is_empty() || !self.hits.is_empty() || self.active.has_status() {
            return;
        }
        let towns = &self.towns;
        let suggester = self
            .suggester
            .get_or_insert_with(|| Suggester::new(towns.combined()));
        self.suggestions = suggester.suggest(text, 3);
    }

    /// Puts the first suggestion in the query line and runs it.
    fn take_suggestion(&mut self) -> bool {
        let Some(first) = self.suggestions.first().cloned() else {
            return false;
        };
        self.query.set(&first.query);
        self.refilter();
        true
    }

    /// Runs the query again where verdicts changed under it (`状态:未审` while marking): the
    /// selection stays on the same row, so the next item moves up into it.
    fn refilter_keeping_row(&mut self) {
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

    fn show_tab(&mut self, tab: Tab) -> bool {
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
    fn step(&mut self, by: isize) -> bool {
        match self.mode {
            Mode::Picker => self.update_picker(if by > 0 { Action::Down } else { Action::Up }),
            Mode::Help => {
                let before = self.help_scroll;
                self.help_scroll = self
                    .help_scroll
                    .saturating_add_signed(by)
                    .min(view::help::line_count(self.theme, self.size).saturating_sub(1));
                before != self.help_scroll
            }
            Mode::Filter => self.move_selection(by),
            Mode::Note | Mode::Notice | Mode::Tasks | Mode::Register => false,
            Mode::Browse if self.focus == Focus::List => self.move_selection(by),
            Mode::Browse | Mode::Compare => self.scroll_pane(self.scroll_target(), by),
        }
    }

    fn move_selection(&mut self, by: isize) -> bool {
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

    fn list_rows(&self) -> usize {
        self.areas()
            .map_or(1, |a| layout::inner_height(a.list).max(1) as usize)
    }

    /// A page: the list's height, or the focused pane's.
    fn page(&self) -> usize {
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

    fn keep_selection_visible(&mut self) {
        let rows = self.list_rows();
        let cursor = &mut self.cursors[self.tab.index()];
        if cursor.selected < cursor.offset {
            cursor.offset = cursor.selected;
        } else if cursor.selected >= cursor.offset + rows {
            cursor.offset = cursor.selected + 1 - rows;
        }
    }

    /// Focuses the pane that holds the selected item's review and scrolls to its record.
    fn show_history(&mut self) -> bool {
        let (Some(areas), Some((item, hit))) = (self.areas(), self.selected()) else {
            return false;
        };
        let index = hit.item;
        let pane = view::detail::review_pane(item);
        let rect = if pane == Focus::Town {
            areas.town
        } else {
            areas.upper
        };
        let width = layout::inner_width(rect);
        let Some(at) = view::detail::review_start(self, index, width) else {
            self.say("这一项还没有审核记录".into(), false);
            return true;
        };
        self.focus = pane;
        let slot = usize::from(pane == Focus::Town);
        self.scroll[slot] = at.min(self.max_scroll(pane));
        true
    }

    /// J/K scroll the focused pane, or the upper pane while the list has focus.
    fn scroll_target(&self) -> Focus {
        match self.focus {
            Focus::List => Focus::Upper,
            other => other,
        }
    }

    fn scroll_pane(&mut self, pane: Focus, by: isize) -> bool {
        let index = usize::from(pane == Focus::Town);
        let before = self.scroll[index];
        self.scroll[index] = before.saturating_add_signed(by).min(self.max_scroll(pane));
        before != self.scroll[index]
    }

    fn max_scroll(&self, pane: Focus) -> usize {
        let (Some(areas), Some((_, hit))) = (self.areas(), self.selected()) else {
            return 0;
        };
        let rect = if pane == Focus::Town {
            areas.town
        } else {
            areas.upper
        };
        let hl = self.highlights(hit.item);
        let lines = view::detail::pane_lines(self, hit.item, &hl, pane, layout::inner_width(rect));
        lines
            .len()
            .saturating_sub(layout::inner_height(rect) as usize)
    }

    fn clamp_scroll(&mut self) {
        for pane in [Focus::Upper, Focus::Town] {
            let index = usize::from(pane == Focus::Town);
            self.scroll[index] = self.scroll[index].min(self.max_scroll(pane));
        }
    }

    /// The panes on screen that focus can move through, left to right.
    fn focus_order(&self) -> Vec<Focus> {
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

    fn move_focus(&mut self, by: isize) -> bool {
        let order = self.focus_order();
        let Some(at) = order.iter().position(|&f| f == self.focus) else {
            return false;
        };
        let next = at.saturating_add_signed(by).min(order.len() - 1);
        std::mem::replace(&mut self.focus, order[next]) != order[next]
    }

    /// After the selected item changes kind, focus on a pane it does not have moves left.
    fn fix_focus(&mut self) {
        let order = self.focus_order();
        if !order.contains(&self.focus) {
            self.focus = order.last().copied().unwrap_or(Focus::List);
        }
    }

    fn pane_at(&self, at: Position) -> Option<Focus> {
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

    fn click(&mut self, at: Position) -> bool {
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

    fn wheel(&mut self, at: Position, down: bool) -> bool {
        let by = if down { 3 } else { -3 };
        match self.pane_at(at) {
            Some(Focus::List) => self.move_selection(by),
            Some(pane) => self.scroll_pane(pane, by),
            None => false,
        }
    }
}

/// Two words scope the same field (both Some and equal).
fn w_field_eq(a: Option<&str>, b: Option<&str>) -> bool {
    a.is_some() && a == b
}

#[cfg(test)]
mod tests;
