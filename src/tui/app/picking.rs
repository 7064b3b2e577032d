//! The pickers (departments, categories, related items, towns) over the lists.

use crate::tui::action::Action;
use crate::tui::picker::{Choice, Picker};

use super::{App, Mode};

impl App {
    pub(super) fn open_picker(&mut self, picker: Picker) -> bool {
        if self.mode != Mode::Picker {
            self.behind_help = self.base_mode();
        }
        self.picker = Some(picker);
        self.mode = Mode::Picker;
        true
    }

    pub(super) fn close_picker(&mut self) {
        self.picker = None;
        self.mode = self.behind_help;
    }

    /// Keys while a picker is open: typing narrows it, Enter chooses, Esc closes.
    pub(super) fn update_picker(&mut self, action: Action) -> bool {
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
}
