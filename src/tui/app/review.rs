//! The meeting half of the app: verdicts and notes saved to the review store as they are made,
//! the note editor, drafts, changes by other sessions, copying and exporting.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::error::Result;
use crate::export;
use crate::model::Status;
use crate::review::{Change, Review, Reviews, Store};
use crate::tui::note::NoteEditor;

use super::{App, Mode};

/// Everything the app knows of the reviews, and where it keeps them.
pub struct ReviewState {
    store: Option<Store>,
    pub reviews: Reviews,
    pub histories: HashMap<String, Vec<Change>>,
    /// Where `e` writes its spreadsheet.
    pub export_dir: PathBuf,
    /// Whether `y` may copy with OSC 52.
    pub osc52: bool,
}

impl Default for ReviewState {
    fn default() -> ReviewState {
        ReviewState {
            store: None,
            reviews: Reviews::new(),
            histories: HashMap::new(),
            export_dir: PathBuf::from("."),
            osc52: true,
        }
    }
}

/// A line for the footer, until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

impl App {
    /// Reviews from `store`, and every change saved there from now on.
    pub fn with_store(mut self, store: Store) -> Result<App> {
        self.review.store = Some(store);
        self.reload_reviews()?;
        Ok(self)
    }

    pub fn set_export_dir(&mut self, dir: PathBuf) {
        self.review.export_dir = dir;
    }

    pub fn set_osc52(&mut self, on: bool) {
        self.review.osc52 = on;
    }

    /// The review of an item, if it has one.
    pub fn review_of(&self, item: usize) -> Option<&Review> {
        self.review.reviews.get(&self.dataset.items[item].id)
    }

    pub fn history_of(&self, item: usize) -> &[Change] {
        self.review
            .histories
            .get(&self.dataset.items[item].id)
            .map_or(&[], Vec::as_slice)
    }

    /// (items with a verdict or a note, all items).
    pub fn progress(&self) -> (usize, usize) {
        let reviewed = self
            .dataset
            .items
            .iter()
            .filter(|item| {
                self.review
                    .reviews
                    .get(&item.id)
                    .is_some_and(Review::is_reviewed)
            })
            .count();
        (reviewed, self.dataset.items.len())
    }

    pub fn has_store(&self) -> bool {
        self.review.store.is_some()
    }

    pub(super) fn set_status(&mut self, status: Option<Status>) -> bool {
        let Some((item, _)) = self.selected() else {
            return false;
        };
        let id = item.id.clone();
        let result = match self.review.store.as_mut() {
            Some(store) => store.set_status(&id, status),
            None => return self.no_store(),
        };
        match result.and_then(|()| self.reload_reviews()) {
            Ok(()) => {
                let what = status.map_or("已清除审核状态", Status::label);
                self.say(format!("{id}：{what}"), false);
            }
            Err(e) => self.say(format!("没有保存：{e}"), true),
        }
        true
    }

    pub(super) fn edit_note(&mut self) -> bool {
        if !self.has_store() {
            return self.no_store();
        }
        let Some((_, hit)) = self.selected() else {
            return false;
        };
        let item = hit.item;
        let review = self.review_of(item);
        // A draft left by a dropped link is what was being typed: carry on from it.
        let (text, from_draft) = match review {
            Some(Review {
                draft: Some(draft), ..
            }) => (draft.clone(), true),
            Some(review) => (review.note.clone(), false),
            None => (String::new(), false),
        };
        self.note = Some(NoteEditor::new(item, &text, from_draft));
        if self.mode != Mode::Note {
            self.behind_note = self.mode;
        }
        self.mode = Mode::Note;
        true
    }

    /// Saves the note being edited and closes the editor; on failure the editor stays open
    /// with the text, and says why.
    pub(super) fn save_note(&mut self) -> bool {
        let Some(editor) = self.note.as_ref() else {
            self.mode = self.behind_note;
            return true;
        };
        let id = self.dataset.items[editor.item].id.clone();
        if editor.changed {
            let text = editor.text();
            let text = text.trim_end();
            let result = match self.review.store.as_mut() {
                Some(store) => store.set_note(&id, text),
                None => return self.no_store(),
            };
            if let Err(e) = result.and_then(|()| self.reload_reviews()) {
                self.say(format!("备注没有保存（仍在编辑）：{e}"), true);
                return true;
            }
            self.say(format!("{id}：备注已保存"), false);
        }
        self.note = None;
        self.mode = self.behind_note;
        true
    }

    /// Keeps an unsaved note as a draft: the app is being cut off (SIGHUP, SIGTERM) or quit.
    pub fn keep_draft(&mut self) -> Result<()> {
        let Some(editor) = self.note.as_mut().filter(|e| e.changed) else {
            return Ok(());
        };
        let id = self.dataset.items[editor.item].id.clone();
        if let Some(store) = self.review.store.as_mut() {
            store.save_draft(&id, &editor.text())?;
            // Kept: quitting from the editor and the exit path after it write it once.
            editor.changed = false;
        }
        Ok(())
    }

    /// Picks up what other sessions saved; true if anything changed (redraw).
    pub fn refresh_reviews(&mut self) -> bool {
        let changed = match self.review.store.as_mut() {
            Some(store) => store.changed_elsewhere(),
            None => return false,
        };
        match changed.and_then(|changed| {
            if changed {
                self.reload_reviews()?;
            }
            Ok(changed)
        }) {
            Ok(changed) => changed,
            Err(e) => {
                self.say(format!("读取审核记录出错：{e}"), true);
                true
            }
        }
    }

    /// Reads every review and history again, and lets the search see the verdicts.
    fn reload_reviews(&mut self) -> Result<()> {
        let Some(store) = self.review.store.as_ref() else {
            return Ok(());
        };
        self.review.reviews = store.reviews()?;
        self.review.histories = store.histories()?;
        let statuses = self
            .dataset
            .items
            .iter()
            .map(|item| self.review.reviews.get(&item.id).and_then(|r| r.status))
            .collect();
        self.engine.set_statuses(statuses);
        self.searcher.reset();
        if self.active.has_status() {
            self.refilter_keeping_row();
        }
        Ok(())
    }

    pub(super) fn copy_item(&mut self) -> bool {
        let Some((item, _)) = self.selected() else {
            return false;
        };
        if !self.review.osc52 {
            self.say("复制已关闭（--no-osc52）".into(), true);
            return true;
        }
        let text = export::text::item_text(&self.dataset, item);
        let id = item.id.clone();
        self.clipboard = Some(text);
        self.say(
            format!("已复制 {id} 到剪贴板（OSC 52，经 SSH、tmux 到本机；终端须允许）"),
            false,
        );
        true
    }

    pub(super) fn export(&mut self) -> bool {
        let options = export::Options::default();
        let written = export::render(
            &self.dataset,
            &self.review.reviews,
            export::Format::Xlsx,
            options,
        )
        .and_then(|bytes| {
            let stem = format!("{}履职事项审核结果", self.dataset.town);
            export::write_new(&self.review.export_dir, &stem, "xlsx", &bytes)
        });
        match written {
            Ok(path) => {
                let shown = std::path::absolute(&path).unwrap_or(path);
                self.say(format!("已导出：{}", shown.display()), false);
            }
            Err(e) => self.say(format!("导出失败：{e}"), true),
        }
        true
    }

    fn no_store(&mut self) -> bool {
        self.say("没有打开审核记录，不能标记".into(), true);
        true
    }

    fn say(&mut self, text: String, error: bool) {
        self.message = Some(Message { text, error });
    }
}
