//! What the footer's hints say and whether they apply now: read by the view, from the state.

use crate::tui::action::Action;

use super::{App, Mode, TextTarget};

impl App {
    /// The footer's word for a hint: the notice editor writing a register entry's note saves,
    /// it reads no notice.
    pub fn hint_word(&self, action: Action, word: &'static str) -> &'static str {
        let entry_note =
            self.mode == Mode::Notice && matches!(self.admit.target, TextTarget::EntryNote(..));
        match action {
            Action::SaveNote if entry_note => "保存",
            Action::Cancel if entry_note => "保存返回",
            _ => word,
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
                .task_at(self.admit.task)
                .is_some_and(|t| t.matches.len() > 1),
            Action::RecordTask => self.has_store() && self.admit.admission.is_some(),
            Action::NextOutcome => self.register.selected().is_some(),
            Action::AdoptCandidate => self.shown_match().is_some(),
            Action::ChangeDecision if self.mode == Mode::Register => {
                self.register.selected().is_some()
            }
            _ => true,
        }
    }
}
