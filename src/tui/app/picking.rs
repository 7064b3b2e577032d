//! The pickers (departments, categories, related items, towns) over the lists.

use crate::tui::action::Action;
use crate::tui::edit::Outcome;
use crate::tui::picker::{Choice, Picker};

use super::{App, Mode};

impl App {
    /// D, C, R, T: the departments, the categories, the items related to the selected one, the
    /// towns.
    pub(super) fn pick(&mut self, action: Action) -> bool {
        match action {
            Action::PickDepartment => self.open_picker(Picker::departments(self.towns.items())),
            Action::PickCategory => self.open_picker(Picker::categories(self.towns.items())),
            Action::PickRelated => match self.selected() {
                Some((_, hit)) => {
                    let related = self.related_of(hit.item);
                    if related.is_empty() {
                        self.say("这一项在其他清单里没有相近的事项".into(), false);
                        return true;
                    }
                    self.open_picker(Picker::related(&self.towns, &related))
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
            _ => false,
        }
    }

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

    /// Keys while a picker is open: the picker answers; a choice is carried out here.
    pub(super) fn update_picker(&mut self, action: Action) -> bool {
        let unmatched = self
            .picker
            .as_ref()
            .filter(|p| action == Action::Confirm && p.choice().is_none())
            .map(|p| p.input.text().to_string());
        if let Some(typed) = unmatched {
            // Enter with nothing to choose stays, so the next key is not read by the screen
            // behind.
            let cancel = self.key(Mode::Picker, Action::Cancel);
            self.say(
                format!("没有和「{typed}」相配的，改一改输入，或按 {cancel} 不选"),
                true,
            );
            return true;
        }
        let Some(picker) = self.picker.as_mut() else {
            self.mode = self.behind_help;
            return true;
        };
        match picker.handle(action) {
            Outcome::Ignored => false,
            Outcome::Changed => true,
            Outcome::Closed => {
                self.close_picker();
                true
            }
            Outcome::Chosen(choice) => {
                self.close_picker();
                match choice {
                    // Choices about 准入 and 登记 stay there; the others move in the lists.
                    Choice::AdmitTown(town) => return self.read_against(town),
                    Choice::Decision(item) if self.mode == Mode::Register => {
                        return self.decide_entry(item);
                    }
                    Choice::Decision(item) => return self.decide_task(item),
                    _ => {}
                }
                let here = self.place();
                self.back.push(here);
                match choice {
                    Choice::Scope(term) => self.set_scope(&term),
                    Choice::Item(item) => self.jump_to(item),
                    Choice::Town(town) => self.set_town_scope(town),
                    Choice::AdmitTown(_) | Choice::Decision(_) => {}
                }
                true
            }
        }
    }
}
