//! `L`: the letter for the register entry selected (退回函 or 情况说明), or on the lists the
//! town's 动态调整申请, written as .docx into the working folder the way `E` writes its export.

use crate::date::Date;
use crate::letter::Letterhead;
use crate::letter::entry::Written;

use super::{App, Effect, Save};

#[derive(Debug, Default)]
pub struct Letters {
    pub head: Letterhead,
    /// The 成文日期; today when none (tests fix it).
    pub date: Option<Date>,
    /// The entry whose shared duty lvzhi read as the town's: a second `L` on it writes the
    /// 退回函 all the same.
    pub(super) asked_again: Option<i64>,
}

impl App {
    pub fn set_letterhead(&mut self, head: Letterhead) {
        self.letters.head = head;
    }

    fn letter_date(&mut self) -> Option<Date> {
        let date = self
            .letters
            .date
            .or(self.register.today)
            .or_else(Date::today);
        if date.is_none() {
            self.say("读不出今天的日期，没有写函".into(), true);
        }
        date
    }

    /// `L` on the register.
    pub(super) fn entry_letter(&mut self) -> bool {
        let Some((town, entry)) = self.register.selected().cloned() else {
            return false;
        };
        let Some(date) = self.letter_date() else {
            return true;
        };
        let force = self.letters.asked_again.take() == Some(entry.number);
        let dataset = self.towns.dataset(town);
        let head = &self.letters.head;
        match crate::letter::entry::for_entry(&dataset, &entry, head, date, force) {
            Ok(written) => {
                self.save_letter(written);
            }
            Err(refusal) => {
                let mut why = refusal.why;
                if refusal.forcible {
                    self.letters.asked_again = Some(entry.number);
                    let key = self.key(super::Mode::Register, super::Action::WriteLetter);
                    why.push_str(&format!("；认为属部门职责，再按 {key} 照样写退回函"));
                }
                self.say(why, true);
            }
        }
        true
    }

    /// `L` on the lists: the 调整申请 of the town in scope, or of the selected item's town.
    pub(super) fn adjust_letter(&mut self) -> bool {
        let town = match (self.town_scope, self.towns.len()) {
            (Some(town), _) => town,
            (None, 1) => 0,
            (None, _) => match self.selected() {
                Some((_, hit)) => self.towns.town_of(hit.item),
                None => return false,
            },
        };
        let Some(date) = self.letter_date() else {
            return true;
        };
        let dataset = self.towns.dataset(town);
        let Some(reviews) = self.review.reviews.get(town) else {
            return self.no_store();
        };
        match crate::letter::adjust::application(&dataset, reviews, &self.letters.head, date) {
            Ok(written) => {
                self.save_letter(written);
            }
            Err(why) => self.say(why, true),
        }
        true
    }

    /// Asks the event loop to write the letter, saying what it is and what to check.
    fn save_letter(&mut self, written: Written) {
        match crate::letter::docx::render(&written.letter) {
            Ok(bytes) => {
                // The path must fit the message line: what to fill in is in the letter itself.
                let mut what = format!("已写好{}", written.letter.kind.name());
                if !written.warnings.is_empty() {
                    what = format!(
                        "{what}（有 {} 处待补，打印前看一遍）",
                        written.warnings.len()
                    );
                }
                self.request(Effect::Save(Save {
                    dir: self.review.export_dir.clone(),
                    stem: written.stem,
                    ext: "docx",
                    bytes,
                    what,
                }));
            }
            Err(e) => self.say(format!("没有写函：{e}"), true),
        }
    }
}
