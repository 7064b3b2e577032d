//! The register as the fifth tab (登记): its entries, those the county is late answering first,
//! then newest first; `o` steps the outcome (退回, 承接, 报批, 已准入, 待定), `n` writes the
//! entry's note, each change saved at once with its history; `e` exports it for the 编办.

use std::collections::HashMap;

use crate::admit::Verdict;
use crate::date::Date;
use crate::review::register::{Answer, Entry, EntryChange, EntryEdit};
use crate::tui::action::Action;
use crate::tui::note::NoteEditor;
use crate::tui::picker::Picker;
use crate::workdays::{Calendar, DEFAULT_ANSWER_DAYS};

use super::admit::TextTarget;
use super::navigate::{row_step, stepped};
use super::{App, Mode, Tab};

pub struct RegisterState {
    /// Every town's entries with the town's index: those the county is late answering first,
    /// then newest first.
    pub entries: Vec<(usize, Entry)>,
    pub histories: HashMap<i64, Vec<EntryChange>>,
    /// The county's answer to each 报批 entry, by number (none until today is known).
    pub answers: HashMap<i64, Answer>,
    /// Working days the county has to answer (答复期限).
    pub answer_days: u32,
    /// Today, as the event loop last read the clock; none in an app no clock was given to.
    pub today: Option<Date>,
    pub selected: usize,
    pub offset: usize,
    pub scroll: usize,
}

impl Default for RegisterState {
    fn default() -> RegisterState {
        RegisterState {
            entries: Vec::new(),
            histories: HashMap::new(),
            answers: HashMap::new(),
            answer_days: DEFAULT_ANSWER_DAYS,
            today: None,
            selected: 0,
            offset: 0,
            scroll: 0,
        }
    }
}

impl RegisterState {
    pub fn selected(&self) -> Option<&(usize, Entry)> {
        self.entries.get(self.selected)
    }

    /// The answer to an entry, if it is 报批 (and today is known).
    pub fn answer(&self, entry: &Entry) -> Option<&Answer> {
        self.answers.get(&entry.number)
    }

    /// How many entries the county is late answering.
    pub fn overdue(&self) -> usize {
        self.answers.values().filter(|a| a.overdue()).count()
    }

    /// Each 报批 entry's answer as of today, and the entries in order again: the late first,
    /// then newest first; the selected entry stays selected.
    fn settle(&mut self) {
        let keep = self.selected().map(|(_, e)| e.number);
        self.settle_keeping(keep);
    }

    /// As `settle`, the entry numbered `keep` selected after (the first when none is).
    fn settle_keeping(&mut self, keep: Option<i64>) {
        self.answers.clear();
        if let Some(today) = self.today {
            let calendar = Calendar::embedded();
            for (_, entry) in &self.entries {
                if let Some(answer) = entry.answer(calendar, self.answer_days, today) {
                    self.answers.insert(entry.number, answer);
                }
            }
        }
        let answers = &self.answers;
        self.entries.sort_by_key(|(_, e)| {
            let late = answers.get(&e.number).is_some_and(Answer::overdue);
            (!late, std::cmp::Reverse(e.number))
        });
        self.selected = keep
            .and_then(|n| self.entries.iter().position(|(_, e)| e.number == n))
            .unwrap_or(0);
    }
}

impl App {
    /// Reads every town's register again (after a change here or in another session).
    pub(super) fn reload_register(&mut self) {
        let mut entries = Vec::new();
        let mut histories = HashMap::new();
        for town in 0..self.towns.len() {
            let Some(store) = self.store_of_town(town) else {
                continue;
            };
            match store.register() {
                Ok(found) => {
                    for entry in found {
                        if let Ok(history) = store.entry_history(entry.number) {
                            histories.insert(entry.number, history);
                        }
                        entries.push((town, entry));
                    }
                }
                Err(e) => {
                    self.say(format!("登记台账读不出：{e}"), true);
                    return;
                }
            }
        }
        let keep = self.register.selected().map(|(_, e)| e.number);
        self.register.entries = entries;
        self.register.histories = histories;
        self.register.settle_keeping(keep);
    }

    /// The working days the county has to answer a 报批 entry (from the settings).
    pub fn set_answer_days(&mut self, days: u32) {
        self.register.answer_days = days;
        self.register.settle();
    }

    /// Today, from the clock the event loop reads: whether it changed (after midnight the
    /// answers due yesterday are late, and the register is in order again).
    pub fn set_today(&mut self, today: Date) -> bool {
        if self.register.today == Some(today) {
            return false;
        }
        self.register.today = Some(today);
        self.register.settle();
        true
    }

    /// `5`: the register tab.
    pub(super) fn show_register(&mut self) -> bool {
        if !self.has_store() {
            return self.no_store();
        }
        self.reload_register();
        self.register.scroll = 0;
        self.mode = Mode::Register;
        true
    }

    /// Keys on the register; `None` for those every mode shares.
    pub(super) fn update_register(&mut self, action: Action) -> Option<bool> {
        let count = self.register.entries.len();
        // A second `L` forces a 退回函 only straight after the first.
        if action != Action::WriteLetter {
            self.letters.asked_again = None;
        }
        Some(match action {
            _ if row_step(action).is_some() => {
                let before = self.register.selected;
                self.register.selected = stepped(before, action, count);
                if before != self.register.selected {
                    self.register.scroll = 0;
                }
                before != self.register.selected
            }
            Action::ScrollDown => {
                self.register.scroll += 1;
                true
            }
            Action::ScrollUp => {
                let before = self.register.scroll;
                self.register.scroll = before.saturating_sub(1);
                before != self.register.scroll
            }
            Action::NextOutcome => self.step_outcome(),
            Action::Insert(c) => self.search_typed(c),
            Action::Undo => {
                // No silent no-op: the register's changes are each saved with their history.
                let key = self.key(Mode::Register, Action::ChangeDecision);
                let outcome = self.key(Mode::Register, Action::NextOutcome);
                self.say(
                    format!("登记的改动随改随存，不能撤销：按 {key}、{outcome} 改回（历史都在）"),
                    false,
                );
                true
            }
            Action::ChangeDecision => self.pick_entry_decision(),
            Action::EditNote => self.edit_entry_note(),
            Action::Export => self.export_register(),
            Action::WriteLetter => self.entry_letter(),
            Action::ShowTab(tab) => {
                self.mode = Mode::Browse;
                self.tab = tab;
                self.keep_selection_visible();
                self.fix_focus();
                true
            }
            Action::NextTab | Action::PrevTab => {
                self.mode = Mode::Browse;
                self.tab = if action == Action::NextTab {
                    Tab::Basic
                } else {
                    Tab::All
                };
                self.keep_selection_visible();
                self.fix_focus();
                true
            }
            Action::OpenAdmit => self.open_admit(),
            Action::Cancel => {
                self.mode = Mode::Browse;
                true
            }
            Action::Quit | Action::Redraw | Action::Resize(..) | Action::ToggleHelp => {
                return None;
            }
            _ => false,
        })
    }

    /// `o`: the next outcome for the selected entry, saved at once.
    fn step_outcome(&mut self) -> bool {
        let Some((town, entry)) = self.register.selected().cloned() else {
            return false;
        };
        let edit = EntryEdit {
            outcome: Some(entry.request.outcome.next()),
            ..EntryEdit::default()
        };
        self.edit_entry(town, entry.number, &edit)
    }

    /// `v` on the register: the entry's verdict and item, from all of its town's.
    fn pick_entry_decision(&mut self) -> bool {
        let Some((town, entry)) = self.register.selected().cloned() else {
            return false;
        };
        let current = self
            .towns
            .range(town)
            .find(|&i| self.item_at(i).id == entry.request.item);
        let picker = Picker::decisions(&self.towns, town, current);
        self.open_picker(picker)
    }

    /// The chosen verdict and item for the selected entry, saved with its history: the
    /// register and the 编办's counts follow the person, not lvzhi.
    pub(super) fn decide_entry(&mut self, item: Option<usize>) -> bool {
        let Some((town, entry)) = self.register.selected().cloned() else {
            return false;
        };
        let verdict = item.map_or(Verdict::Outside, |i| Verdict::of(self.item_at(i).list));
        let edit = EntryEdit {
            verdict: Some(verdict),
            item: Some(item.map(|i| self.item_at(i).id.clone()).unwrap_or_default()),
            ..EntryEdit::default()
        };
        let Some(store) = self.store_of_town(town) else {
            return self.no_store();
        };
        match store.edit_entry(entry.number, &edit) {
            Ok(changed) => {
                self.reload_register();
                let what = match changed.request.item.as_str() {
                    "" => verdict.label().to_string(),
                    id => format!("{} {id}", verdict.label()),
                };
                self.say(
                    format!(
                        "第 {} 号改判为{what}，处理结果随之为{}，已保存（原建议和改动都记入历史）",
                        entry.number,
                        changed.request.outcome.label()
                    ),
                    false,
                );
            }
            Err(e) => self.say(format!("没有保存：{e}"), true),
        }
        true
    }

    fn edit_entry(&mut self, town: usize, number: i64, edit: &EntryEdit) -> bool {
        let Some(store) = self.store_of_town(town) else {
            return self.no_store();
        };
        match store.edit_entry(number, edit) {
            Ok(entry) => {
                self.reload_register();
                self.say(
                    format!("第 {number} 号：{}，已保存", entry.request.outcome.label()),
                    false,
                );
            }
            Err(e) => self.say(format!("没有保存：{e}"), true),
        }
        true
    }

    /// `n` on the register: the entry's note in the editor.
    fn edit_entry_note(&mut self) -> bool {
        let Some((town, entry)) = self.register.selected().cloned() else {
            return false;
        };
        self.admit.target = TextTarget::EntryNote(town, entry.number);
        self.admit.editor = Some(NoteEditor::new(0, &entry.request.note, false));
        self.admit.behind = Mode::Register;
        self.mode = Mode::Notice;
        true
    }

    pub(super) fn save_entry_note(&mut self, town: usize, number: i64) -> bool {
        let Some(editor) = self.admit.editor.as_ref() else {
            return false;
        };
        let text = editor.text().trim_end().to_string();
        let edit = EntryEdit {
            note: Some(text),
            ..EntryEdit::default()
        };
        self.edit_entry(town, number, &edit);
        if self.message.as_ref().is_some_and(|m| m.error) {
            // Not saved: the editor stays open with the text.
            return true;
        }
        self.admit.editor = None;
        self.admit.target = TextTarget::Notice;
        self.mode = Mode::Register;
        true
    }

    /// `e` on the register: the register as xlsx in the export folder.
    fn export_register(&mut self) -> bool {
        // Oldest first, as the register is kept (the tab shows the late ones first).
        let mut entries: Vec<(&str, &Entry)> = self
            .register
            .entries
            .iter()
            .map(|(town, e)| (self.towns.heads()[*town].town.as_str(), e))
            .collect();
        entries.sort_by_key(|(_, e)| e.number);
        let count = entries.len();
        let answers: Vec<_> = entries
            .iter()
            .map(|(_, e)| self.register.answers.get(&e.number).cloned())
            .collect();
        let format = crate::export::Format::Xlsx;
        match crate::export::register::render_answered(&entries, &answers, format) {
            Ok(bytes) => self.request(super::Effect::Save(super::Save {
                dir: self.review.export_dir.clone(),
                stem: crate::export::safe_stem(&format!(
                    "{}清单外事项登记台账",
                    self.towns.label()
                )),
                ext: "xlsx",
                bytes,
                what: format!("已导出登记台账 {count} 条"),
            })),
            Err(e) => self.say(format!("没有导出：{e}"), true),
        }
        true
    }
}
