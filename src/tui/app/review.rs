//! The meeting half of the app: verdicts and notes saved to the review store as they are made,
//! the note editor, drafts, changes by other sessions, copying and exporting.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::error::Result;
use crate::export;
use crate::model::{Status, parse_item_ref};
use crate::review::{Change, Review, Reviews, Store};
use crate::tui::note::NoteEditor;

use super::{App, Effect, Mode};
use crate::tui::action::Action;
use crate::tui::edit::Outcome;

/// Everything the app knows of the reviews, and where it keeps them: per town, since each
/// town's dataset has its own marks.
pub struct ReviewState {
    /// One per town, or none (no review file: marking is refused).
    stores: Vec<Store>,
    pub reviews: Vec<Reviews>,
    pub histories: Vec<HashMap<String, Vec<Change>>>,
    /// Where `e` writes its spreadsheet.
    pub export_dir: PathBuf,
    /// Whether `y` may copy with OSC 52.
    pub osc52: bool,
    /// This session's changes, newest last, each with what it replaced: `z` takes them back.
    undo: Vec<Undo>,
}

/// An item's verdict and note before a change made from this session.
#[derive(Debug, Clone)]
struct Undo {
    item: usize,
    status: Option<Status>,
    note: String,
}

impl Undo {
    fn of(item: usize, before: Review) -> Undo {
        Undo {
            item,
            status: before.status,
            note: before.note,
        }
    }
}

impl ReviewState {
    pub fn for_towns(towns: usize) -> ReviewState {
        ReviewState {
            stores: Vec::new(),
            reviews: vec![Reviews::new(); towns],
            histories: vec![HashMap::new(); towns],
            export_dir: PathBuf::from("."),
            osc52: true,
            undo: Vec::new(),
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
    /// Reviews from `store` (one town), and every change saved there from now on.
    pub fn with_store(self, store: Store) -> Result<App> {
        self.with_stores(vec![store])
    }

    /// Reviews from one store per town, in the towns' order.
    pub fn with_stores(mut self, stores: Vec<Store>) -> Result<App> {
        debug_assert_eq!(stores.len(), self.towns.len());
        self.review.stores = stores;
        self.reload_reviews()?;
        self.reload_register();
        self.announce_drafts();
        Ok(self)
    }

    /// Says on start which notes were left unsaved (a dropped link, Esc) and how to go on.
    fn announce_drafts(&mut self) {
        // From the reviews, not every item: start-up stays as quick for a province.
        let mut waiting: Vec<(usize, &str)> = self
            .review
            .reviews
            .iter()
            .enumerate()
            .flat_map(|(town, reviews)| {
                reviews
                    .iter()
                    .filter(|(_, r)| r.draft.is_some())
                    .map(move |(id, _)| (town, id.as_str()))
            })
            .collect();
        // Town by town, in published order.
        waiting.sort_by_key(|&(town, id)| (town, parse_item_ref(id)));
        let several = self.towns.several();
        let drafts: Vec<String> = waiting
            .into_iter()
            .map(|(town, id)| match several {
                true => format!("{}/{id}", self.towns.heads()[town].town),
                false => id.to_string(),
            })
            .collect();
        if drafts.is_empty() {
            return;
        }
        let shown = if drafts.len() <= 3 {
            drafts.join("、")
        } else {
            format!("{}、{} 等", drafts[0], drafts[1])
        };
        self.say(
            format!(
                "有 {} 条备注草稿没有保存：{shown} · 查询 状态:草稿 列出，选中后按 {} 接着写",
                drafts.len(),
                self.key(Mode::Browse, Action::EditNote)
            ),
            false,
        );
    }

    pub fn set_export_dir(&mut self, dir: PathBuf) {
        self.review.export_dir = dir;
    }

    pub fn set_osc52(&mut self, on: bool) {
        self.review.osc52 = on;
    }

    /// The review of an item, if it has one.
    pub fn review_of(&self, item: usize) -> Option<&Review> {
        let town = self.towns.town_of(item);
        self.review.reviews.get(town)?.get(&self.item_at(item).id)
    }

    pub fn history_of(&self, item: usize) -> &[Change] {
        let town = self.towns.town_of(item);
        self.review
            .histories
            .get(town)
            .and_then(|h| h.get(&self.item_at(item).id))
            .map_or(&[], Vec::as_slice)
    }

    /// (reviewed items: a verdict or a note, all items), within the town scope. Counted from
    /// the reviews, which are few, not the items: the header shows it on every frame, and a
    /// province has 252,000 items.
    pub fn progress(&self) -> (usize, usize) {
        let towns = match self.town_scope {
            Some(town) => town..town + 1,
            None => 0..self.towns.len(),
        };
        let reviewed = towns
            .filter_map(|t| self.review.reviews.get(t))
            .map(|reviews| reviews.values().filter(|r| r.is_reviewed()).count())
            .sum();
        (reviewed, self.in_scope().len())
    }

    pub fn has_store(&self) -> bool {
        !self.review.stores.is_empty()
    }

    /// The store of a town, if there is a review file.
    pub(super) fn store_of_town(&mut self, town: usize) -> Option<&mut Store> {
        self.review.stores.get_mut(town)
    }

    /// The store of item `i`'s town, and the item's id.
    fn store_for(&mut self, item: usize) -> Option<(&mut Store, String)> {
        let town = self.towns.town_of(item);
        let id = self.towns.item(item).id.clone();
        self.review.stores.get_mut(town).map(|store| (store, id))
    }

    /// "coop-19", or "六户地镇/coop-19" when several towns are loaded.
    fn item_name(&self, item: usize) -> String {
        let id = &self.item_at(item).id;
        if self.towns.several() {
            format!("{}/{id}", self.town_of(item).town)
        } else {
            id.clone()
        }
    }

    pub(super) fn set_status(&mut self, status: Option<Status>) -> bool {
        let Some((_, hit)) = self.selected() else {
            return false;
        };
        let item = hit.item;
        let id = self.item_name(item);
        let before = self.review_of(item).cloned().unwrap_or_default();
        if !self.has_store() {
            return self.no_store();
        }
        if before.status == status {
            // The same verdict again changes nothing and adds no history row.
            self.say(format!("{id} 已经是 {}", Status::label_of(status)), false);
            return true;
        }
        let result = match self.store_for(item) {
            Some((store, key)) => store.set_status(&key, status),
            None => return self.no_store(),
        };
        match result.and_then(|()| self.reload_reviews()) {
            Ok(()) => {
                self.review.undo.push(Undo::of(item, before));
                let what = status.map_or("已清除审核状态", Status::label);
                self.say(
                    format!(
                        "{id}：{what}（按 {} 撤销）",
                        self.key(Mode::Browse, Action::Undo)
                    ),
                    false,
                );
            }
            Err(e) => self.say(format!("没有保存：{e}"), true),
        }
        true
    }

    /// Puts back the verdict and note an item had before this session's last change to it,
    /// as a change of its own in the history.
    pub(super) fn undo(&mut self) -> bool {
        let Some(undo) = self.review.undo.pop() else {
            self.say("没有可以撤销的标记或备注".into(), false);
            return true;
        };
        let id = self.item_name(undo.item);
        let result = match self.store_for(undo.item) {
            Some((store, key)) => store.change(&key, Some(undo.status), Some(&undo.note)),
            None => return self.no_store(),
        };
        match result.and_then(|()| self.reload_reviews()) {
            Ok(()) => {
                let noted = if undo.note.is_empty() {
                    ""
                } else {
                    "，备注照旧"
                };
                self.say(
                    format!(
                        "已撤销：{id} 恢复为 {}{noted}",
                        Status::label_of(undo.status)
                    ),
                    false,
                );
            }
            Err(e) => {
                self.say(format!("没有撤销：{e}"), true);
                self.review.undo.push(undo);
            }
        }
        true
    }

    /// Keys while the note editor is open: text, line breaks and cursor keys edit it; Esc and
    /// Ctrl-s save; quitting keeps it as a draft.
    pub(super) fn update_note(&mut self, action: Action) -> bool {
        let Some(editor) = self.note.as_mut() else {
            self.mode = self.behind_note;
            return true;
        };
        match editor.handle(action) {
            Outcome::Changed => return true,
            Outcome::Chosen(()) => return self.save_note(),
            Outcome::Closed => return self.close_note(),
            Outcome::Ignored => {}
        }
        match action {
            Action::Quit => {
                if let Err(e) = self.keep_draft() {
                    // The draft could not be kept: stay, so the text is not lost.
                    self.message = Some(Message {
                        text: format!("草稿没有保存，未退出：{e}"),
                        error: true,
                    });
                    return true;
                }
                self.request(Effect::Quit);
                true
            }
            _ => self.redraw_under_editor(action),
        }
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
        let item = editor.item;
        if editor.changed {
            let text = editor.text();
            let id = self.item_name(item);
            let before = self.review_of(item).cloned().unwrap_or_default();
            let result = match self.store_for(item) {
                Some((store, key)) => store.set_note(&key, text.trim_end()),
                None => return self.no_store(),
            };
            if let Err(e) = result.and_then(|()| self.reload_reviews()) {
                self.say(format!("备注没有保存（仍在编辑）：{e}"), true);
                return true;
            }
            self.review.undo.push(Undo::of(item, before));
            self.say(
                format!(
                    "{id}：备注已保存（按 {} 撤销）",
                    self.key(Mode::Browse, Action::Undo)
                ),
                false,
            );
        }
        self.note = None;
        self.mode = self.behind_note;
        true
    }

    /// Closes the editor without saving: what was typed is kept as a draft, to carry on with `n`
    /// or save later; nothing goes on record unasked.
    pub(super) fn close_note(&mut self) -> bool {
        let Some(editor) = self.note.as_ref() else {
            self.mode = self.behind_note;
            return true;
        };
        let (item, changed) = (editor.item, editor.changed);
        if changed {
            if let Err(e) = self.keep_draft() {
                self.say(format!("草稿没有保存（仍在编辑）：{e}"), true);
                return true;
            }
            let _ = self.reload_reviews();
            let id = self.item_name(item);
            self.say(
                format!(
                    "{id}：备注没有保存，已存为草稿（{} 接着写，{} 保存）",
                    self.key(Mode::Browse, Action::EditNote),
                    self.key(Mode::Note, Action::SaveNote)
                ),
                false,
            );
        }
        self.note = None;
        self.mode = self.behind_note;
        true
    }

    /// Keeps an unsaved note as a draft: the app is being cut off (SIGHUP, SIGTERM) or quit.
    pub fn keep_draft(&mut self) -> Result<()> {
        self.keep_notice_draft()?;
        let Some(editor) = self.note.as_ref().filter(|e| e.changed) else {
            return Ok(());
        };
        let (item, text) = (editor.item, editor.text());
        if let Some((store, key)) = self.store_for(item) {
            store.save_draft(&key, &text)?;
            // Kept: quitting from the editor and the exit path after it write it once.
            if let Some(editor) = self.note.as_mut() {
                editor.changed = false;
            }
        }
        Ok(())
    }

    /// Picks up what other sessions saved; true if anything changed (redraw).
    pub fn refresh_reviews(&mut self) -> bool {
        // One question for the file the towns share, however many towns: a poll of a province
        // is one pragma, not a thousand.
        let changed = Store::changed_elsewhere_any(&mut self.review.stores);
        match changed.and_then(|changed| {
            if changed {
                self.reload_reviews()?;
            }
            Ok(changed)
        }) {
            Ok(changed) => self.leave_empty_compare() || changed,
            Err(e) => {
                let text = format!("读取审核记录出错：{e}");
                // A file that stays unreadable is said once, not redrawn on every idle poll.
                let new = self.message.as_ref().is_none_or(|m| m.text != text);
                self.say(text, true);
                new
            }
        }
    }

    /// Reads every review and history again, and lets the search see the verdicts.
    fn reload_reviews(&mut self) -> Result<()> {
        if self.review.stores.is_empty() {
            return Ok(());
        }
        for (town, store) in self.review.stores.iter().enumerate() {
            self.review.reviews[town] = store.reviews()?;
            self.review.histories[town] = store.histories()?;
        }
        self.reviews_version += 1;
        self.engine
            .set_reviews(Review::search_marks(&self.towns, &self.review.reviews));
        self.searcher.reset();
        if self.active.has_status() {
            self.refilter_keeping_row();
        }
        Ok(())
    }

    pub(super) fn copy_item(&mut self) -> bool {
        let Some((item, hit)) = self.selected() else {
            return false;
        };
        if !self.review.osc52 {
            self.say("复制已关闭（--no-osc52）".into(), true);
            return true;
        }
        let text = export::text::item_text(self.town_of(hit.item), &item);
        let id = self.item_name(hit.item);
        self.request(super::Effect::Copy(text));
        self.say(
            format!("已复制 {id} 到剪贴板（OSC 52，经 SSH、tmux 到本机；终端须允许）"),
            false,
        );
        true
    }

    /// Writes the town in scope, or every town loaded, to a new xlsx.
    pub(super) fn export(&mut self) -> bool {
        let options = export::Options::default();
        let towns: Vec<usize> = match self.town_scope {
            Some(town) => vec![town],
            None => (0..self.towns.len()).collect(),
        };
        // A province read from the cache gives its towns whole, decoded, for the export.
        let datasets: Vec<_> = towns.iter().map(|&t| self.towns.dataset(t)).collect();
        let pairs: Vec<_> = towns
            .iter()
            .zip(&datasets)
            .map(|(&t, dataset)| (&**dataset, &self.review.reviews[t]))
            .collect();
        let pairs_len: usize = pairs.iter().map(|(d, _)| d.items.len()).sum();
        let name = match self.town_scope {
            Some(town) => self.towns.heads()[town].town.clone(),
            None => self.towns.label().replace(' ', ""),
        };
        // Say what went in: the filter narrows the screen, never the export.
        let filtered = if self.filter_active() {
            "（筛选不影响导出）"
        } else {
            ""
        };
        match export::render_towns(&pairs, export::Format::Xlsx, options) {
            Ok(bytes) => self.request(super::Effect::Save(super::Save {
                dir: self.review.export_dir.clone(),
                stem: format!("{name}履职事项审核结果"),
                ext: "xlsx",
                bytes,
                what: format!("已导出全部 {pairs_len} 项{filtered}"),
            })),
            Err(e) => self.say(format!("导出失败：{e}"), true),
        }
        true
    }

    pub(super) fn no_store(&mut self) -> bool {
        self.say("没有打开审核记录，不能标记".into(), true);
        true
    }

    pub(super) fn say(&mut self, text: String, error: bool) {
        self.message = Some(Message { text, error });
    }
}
