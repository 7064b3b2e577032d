//! 准入 in the app: `i` opens an editor to paste or type a notice; Ctrl-s reads it into tasks,
//! each with its verdict and evidence; moving onto a task shows its best item, Tab the next
//! candidate, Enter opens the item in the lists, `R` records the task in the register. The
//! notice is kept in the review file per reviewer, so a dropped link loses none of a paste.

use crate::admit::{Admission, Admitter, Assessment, Match, Verdict};
use crate::review::register::{Recording, Request};
use crate::tui::action::Action;
use crate::tui::edit::{self, TextEdit};
use crate::tui::note::NoteEditor;
use crate::tui::picker::Picker;

use super::navigate::{row_step, stepped};
use super::{App, Mode};

/// What the text editor is writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextTarget {
    /// A notice to read.
    Notice,
    /// The note of a register entry: (its town, its number).
    EntryNote(usize, i64),
}

/// A person's verdict on a task and the item it rests on (none for 清单外), with the task read
/// again as decided (its acts, quote and advice on that item).
#[derive(Debug, Clone, PartialEq)]
pub struct Decided {
    pub verdict: Verdict,
    pub item: Option<String>,
    pub assessment: Assessment,
}

/// The notice, its reading, and where the user is in it.
pub struct AdmitState {
    /// The text being typed (the editor's item index is unused).
    pub editor: Option<NoteEditor>,
    pub target: TextTarget,
    /// The notice as last read, or as last typed.
    pub text: String,
    pub admission: Option<Admission>,
    /// With several notices read at once (a folder's path typed), each one's file, its own
    /// heading and where its tasks start; empty for one notice.
    pub sources: Vec<super::notices::Source>,
    /// The town the notice was read against.
    pub town: usize,
    pub task: usize,
    /// Which of the task's matches the detail shows.
    pub candidate: usize,
    pub scroll: usize,
    /// The register number of each task recorded from this reading.
    pub recorded: Vec<Option<i64>>,
    /// A person's decision on each task, where it differs from lvzhi's.
    pub decisions: Vec<Option<Decided>>,
    /// Per town, built on first use: reading a notice is rarer than a keystroke.
    admitters: Vec<Option<Admitter>>,
    /// The mode the editor and the results return to.
    pub behind: Mode,
    /// Whether the saved notice was looked up (once per session).
    restored: bool,
    /// The sentence model's file, opened when a notice is first read; its town vectors are
    /// used only when `lvzhi admit` has already put them in the cache: the app never waits.
    meaning: Option<std::path::PathBuf>,
    /// The model, opened once for every town (None when it cannot be read).
    model: std::cell::OnceCell<Option<std::sync::Arc<crate::meaning::Model>>>,
}

impl AdmitState {
    pub fn new(towns: usize) -> AdmitState {
        AdmitState {
            editor: None,
            target: TextTarget::Notice,
            text: String::new(),
            admission: None,
            sources: Vec::new(),
            town: 0,
            task: 0,
            candidate: 0,
            scroll: 0,
            recorded: Vec::new(),
            decisions: Vec::new(),
            admitters: (0..towns).map(|_| None).collect(),
            behind: Mode::Browse,
            restored: false,
            meaning: None,
            model: std::cell::OnceCell::new(),
        }
    }
}

/// The town's vectors by meaning, when the model opens and the cache already holds them.
fn cached_sense(
    model: Option<&std::sync::Arc<crate::meaning::Model>>,
    dataset: &crate::model::Dataset,
) -> Option<crate::admit::Sense> {
    let dir = crate::cache::default_dir();
    crate::admit::Sense::new(model?.clone(), dataset, dir.as_deref(), true, &mut |_| {})
}

impl App {
    /// Where the sentence model is, if installed (`lvzhi config` says).
    pub fn set_meaning(&mut self, model: Option<std::path::PathBuf>) {
        self.admit.meaning = model;
    }

    /// The town whose review file keeps the notice being typed: the one in scope, else the one
    /// it was last read against. (Which town a notice is read against is asked, not guessed:
    /// `read_notice`.)
    fn admit_town(&self) -> usize {
        self.town_scope.unwrap_or(self.admit.town)
    }

    /// `i`: the results of the last notice if there are any (from the lists), else the editor.
    pub(super) fn open_admit(&mut self) -> bool {
        if self.mode != Mode::Tasks && self.admit.admission.is_some() {
            self.admit.behind = self.mode;
            self.mode = Mode::Tasks;
            return true;
        }
        self.open_notice_editor()
    }

    /// The notice editor, on the text last read (or kept from a session that was cut off).
    fn open_notice_editor(&mut self) -> bool {
        if !self.admit.restored {
            self.admit.restored = true;
            let town = self.admit_town();
            if self.admit.text.is_empty() {
                if let Some(Ok(Some(text))) = self.store_of_town(town).map(|s| s.saved_notice()) {
                    self.admit.text = text;
                }
            }
        }
        if !matches!(self.mode, Mode::Tasks | Mode::Notice) {
            self.admit.behind = self.mode;
        }
        self.admit.target = TextTarget::Notice;
        self.admit.editor = Some(NoteEditor::new(0, &self.admit.text, false));
        self.mode = Mode::Notice;
        true
    }

    /// Keys while the notice (or an entry's note) is being typed.
    pub(super) fn update_notice(&mut self, action: Action) -> bool {
        let Some(editor) = self.admit.editor.as_mut() else {
            self.mode = self.admit.behind;
            return true;
        };
        match editor.handle(action) {
            edit::Outcome::Changed => true,
            edit::Outcome::Ignored => self.redraw_under_editor(action),
            edit::Outcome::Chosen(()) => match self.admit.target {
                TextTarget::Notice => self.read_notice(),
                TextTarget::EntryNote(town, number) => self.save_entry_note(town, number),
            },
            edit::Outcome::Closed => {
                match self.admit.target {
                    TextTarget::Notice => {
                        let text = editor.text();
                        self.keep_notice(&text);
                        self.admit.editor = None;
                        self.mode = if self.admit.admission.is_some() {
                            Mode::Tasks
                        } else {
                            self.admit.behind
                        };
                    }
                    // A short note: Esc saves it, as Ctrl-s does.
                    TextTarget::EntryNote(town, number) => {
                        return self.save_entry_note(town, number);
                    }
                }
                true
            }
        }
    }

    /// A paste into the notice editor. Pasted over a notice already read and not touched since,
    /// it replaces it: the next notice, not a continuation (the last one's results stay until
    /// Ctrl-s). Anywhere else it goes in at the cursor, line breaks kept.
    pub(super) fn paste_notice(&mut self, text: &str) {
        let read = self.admit.target == TextTarget::Notice && self.admit.admission.is_some();
        let Some(editor) = self.admit.editor.as_mut() else {
            return;
        };
        if read && !editor.changed && editor.text() == self.admit.text && !editor.text().is_empty()
        {
            editor.clear();
            self.say(
                format!(
                    "已换成粘贴的通知；{} 读它，{} 返回上一份的结果",
                    self.key(Mode::Notice, Action::SaveNote),
                    self.key(Mode::Notice, Action::Cancel)
                ),
                false,
            );
        }
        let Some(editor) = self.admit.editor.as_mut() else {
            return;
        };
        for c in text.replace("\r\n", "\n").chars() {
            editor.insert(if c == '\r' { '\n' } else { c });
        }
    }

    /// Keeps the notice text in memory and in the review file (when there is one).
    fn keep_notice(&mut self, text: &str) {
        if text == self.admit.text && self.admit.restored {
            return;
        }
        self.admit.text = text.to_string();
        let town = self.admit_town();
        if let Some(store) = self.store_of_town(town) {
            if let Err(e) = store.save_notice(text) {
                self.say(format!("通知没有存入审核记录：{e}"), true);
            }
        }
    }

    /// The notice being typed, kept when the app is cut off.
    pub fn keep_notice_draft(&mut self) -> crate::Result<()> {
        let Some(editor) = self.admit.editor.as_ref() else {
            return Ok(());
        };
        if self.admit.target != TextTarget::Notice || editor.text() == self.admit.text {
            return Ok(());
        }
        let text = editor.text();
        self.admit.text = text.clone();
        let town = self.admit_town();
        match self.store_of_town(town) {
            Some(store) => store.save_notice(&text),
            None => Ok(()),
        }
    }

    /// Ctrl-s in the notice editor: reads the notice and shows its tasks. With several towns
    /// loaded and none in scope, it first asks which town's lists to read it against: a county
    /// never picks one silently.
    fn read_notice(&mut self) -> bool {
        let Some(editor) = self.admit.editor.as_ref() else {
            return false;
        };
        let text = editor.text();
        if text.trim().is_empty() {
            self.say(
                format!(
                    "通知是空的：粘贴或输入通知的文字后按 {}",
                    self.key(Mode::Notice, Action::SaveNote)
                ),
                true,
            );
            return true;
        }
        // The command line's limit: a paste of megabytes would hold the screen for minutes.
        // The text stays in the editor, to be cut down.
        if let Err(too_long) = crate::admit::input::within_limit(&text) {
            self.say(format!("通知{too_long}"), true);
            return true;
        }
        self.keep_notice(&text);
        match self.town_scope {
            Some(town) => self.read_against(town),
            None if self.towns.several() => {
                let picker = Picker::admit_towns(&self.towns, Some(self.admit.town));
                self.open_picker(picker);
                // Esc in the picker goes back to the notice, not past it.
                self.behind_help = Mode::Notice;
                true
            }
            None => self.read_against(0),
        }
    }

    /// Reads the notice in the editor against one town's lists, remembering what its register
    /// recorded before.
    pub(super) fn read_against(&mut self, town: usize) -> bool {
        let Some(text) = self.admit.editor.as_ref().map(|e| e.text()) else {
            return false;
        };
        let Some((found, skipped)) = self.notices_in(text) else {
            return true;
        };
        let recorded: Vec<_> = match self.store_of_town(town).map(|s| s.register()) {
            Some(Ok(entries)) => entries.iter().map(|e| e.recorded()).collect(),
            _ => Vec::new(),
        };
        let dataset = self.towns.dataset(town);
        let path = self.admit.meaning.as_deref();
        let model = self.admit.model.get_or_init(|| {
            let model = crate::meaning::Model::open(path?).ok()?;
            Some(std::sync::Arc::new(model))
        });
        let admitter = self.admit.admitters[town].get_or_insert_with(|| {
            Admitter::new(&dataset).with_sense(cached_sense(model.as_ref(), &dataset))
        });
        let (admission, sources) = super::notices::admit_all(admitter, &dataset, &found, &recorded);
        self.admit.sources = sources;
        let tasks = admission.tasks.len();
        self.admit.recorded = vec![None; tasks];
        self.admit.decisions = vec![None; tasks];
        self.admit.admission = Some(admission);
        self.admit.town = town;
        self.admit.task = 0;
        self.admit.candidate = 0;
        self.admit.scroll = 0;
        self.admit.editor = None;
        self.mode = Mode::Tasks;
        if let Some(skipped) = skipped {
            self.say(skipped, true);
        } else if tasks == 0 {
            self.say("没有读出任务".into(), true);
        }
        true
    }

    /// The verdict and item a task stands at: a person's decision, else lvzhi's; and whether a
    /// person decided it.
    pub fn decision(&self, task: usize) -> Option<(Verdict, Option<String>, bool)> {
        if let Some(Some(decided)) = self.admit.decisions.get(task) {
            return Some((decided.verdict, decided.item.clone(), true));
        }
        let assessment = self.admit.admission.as_ref()?.tasks.get(task)?;
        let (verdict, item) = assessment.suggested();
        Some((verdict, item.map(str::to_string), false))
    }

    /// Decides the selected task: `item` (an index in the combined run) or 清单外; lvzhi's own
    /// answer clears the decision.
    pub(super) fn decide_task(&mut self, item: Option<usize>) -> bool {
        let task = self.admit.task;
        let Some(assessment) = self
            .admit
            .admission
            .as_ref()
            .and_then(|a| a.tasks.get(task))
        else {
            return false;
        };
        let verdict = item.map_or(Verdict::Outside, |i| Verdict::of(self.item_at(i).list));
        let town = self.admit.town;
        let dataset = self.towns.dataset(town);
        let local = item.map(|i| i - self.towns.range(town).start);
        let Some(admitter) = self.admit.admitters[town].as_ref() else {
            return false;
        };
        let decided = Decided {
            verdict,
            item: item.map(|i| self.item_at(i).id.clone()),
            assessment: admitter.decide(&dataset, assessment, verdict, local),
        };
        let (suggested_verdict, suggested) = assessment.suggested();
        let lvzhis = decided.verdict == suggested_verdict && decided.item.as_deref() == suggested;
        if let Some(slot) = self.admit.decisions.get_mut(task) {
            *slot = (!lvzhis).then_some(decided.clone());
        }
        self.admit.candidate = 0;
        self.admit.scroll = 0;
        let what = match &decided.item {
            Some(id) => format!("{} {id}", decided.verdict.label()),
            None => decided.verdict.label().to_string(),
        };
        let recorded = self.admit.recorded.get(task).copied().flatten();
        let message = match (lvzhis, recorded) {
            (_, Some(number)) => format!(
                "判断改为{what}；这项任务已登记为第 {number} 号，在 {} 登记 里按 {} 改那里的记录",
                self.key(Mode::Tasks, Action::ShowRegister),
                self.key(Mode::Register, Action::ChangeDecision)
            ),
            (true, None) => format!("回到 lvzhi 的建议：{what}"),
            (false, None) => format!(
                "判断改为{what}（lvzhi 的建议记为原建议）；按 {} 登记",
                self.key(Mode::Tasks, Action::RecordTask)
            ),
        };
        self.say(message, false);
        true
    }

    /// `c`: the candidate shown becomes the decision (again: back to lvzhi's).
    fn adopt_candidate(&mut self) -> bool {
        let Some(item) = self.shown_match().map(|m| self.match_item(m)) else {
            return false;
        };
        let id = self.item_at(item).id.clone();
        let already = matches!(
            self.admit.decisions.get(self.admit.task),
            Some(Some(Decided { item: Some(chosen), .. })) if *chosen == id
        );
        if already {
            self.admit.decisions[self.admit.task] = None;
            self.admit.candidate = 0;
            let lvzhis = self.decision(self.admit.task);
            let what = lvzhis.map_or(String::new(), |(v, i, _)| {
                format!(
                    "{}{}",
                    v.label(),
                    i.map(|i| format!(" {i}")).unwrap_or_default()
                )
            });
            self.say(format!("回到 lvzhi 的建议：{what}"), false);
            return true;
        }
        self.decide_task(Some(item))
    }

    /// `v`: any verdict or item for the selected task, from all of the town's.
    fn pick_task_decision(&mut self) -> bool {
        let current = self.decision(self.admit.task).and_then(|(_, id, _)| {
            let range = self.towns.range(self.admit.town);
            range
                .clone()
                .find(|&i| Some(&self.item_at(i).id) == id.as_ref())
        });
        let picker = Picker::decisions(&self.towns, self.admit.town, current);
        self.open_picker(picker)
    }

    /// A task as it stands: as a person decided it, else as lvzhi read it.
    pub fn task_at(&self, task: usize) -> Option<&Assessment> {
        match self.admit.decisions.get(task) {
            Some(Some(decided)) => Some(&decided.assessment),
            _ => self.admit.admission.as_ref()?.tasks.get(task),
        }
    }

    /// The selected task's match being shown.
    pub fn shown_match(&self) -> Option<&Match> {
        self.task_at(self.admit.task)?
            .matches
            .get(self.admit.candidate)
    }

    /// The item index (in the combined run) of a match of the admit town.
    pub fn match_item(&self, m: &Match) -> usize {
        self.towns.range(self.admit.town).start + m.index
    }

    /// Keys on the results; `None` for those every mode shares (quit, help, resize).
    pub(super) fn update_tasks(&mut self, action: Action) -> Option<bool> {
        let count = self.admit.admission.as_ref().map_or(0, |a| a.tasks.len());
        Some(match action {
            _ if row_step(action).is_some() => {
                let before = self.admit.task;
                self.admit.task = stepped(before, action, count);
                if self.admit.task != before {
                    self.admit.candidate = 0;
                    self.admit.scroll = 0;
                }
                self.admit.task != before
            }
            Action::ScrollDown => {
                self.admit.scroll += 1;
                true
            }
            Action::ScrollUp => {
                let before = self.admit.scroll;
                self.admit.scroll = before.saturating_sub(1);
                before != self.admit.scroll
            }
            Action::NextCandidate => {
                let matches = self.task_at(self.admit.task).map_or(0, |t| t.matches.len());
                if matches < 2 {
                    self.say("这项任务没有别的候选事项".into(), false);
                    return Some(true);
                }
                self.admit.candidate = (self.admit.candidate + 1) % matches;
                self.admit.scroll = 0;
                true
            }
            Action::Confirm => self.open_match(),
            Action::Insert(c) => self.search_typed(c),
            Action::RecordTask => self.record_task(),
            Action::AdoptCandidate => self.adopt_candidate(),
            Action::ChangeDecision => self.pick_task_decision(),
            Action::OpenAdmit => self.open_notice_editor(),
            Action::ShowRegister => self.show_register(),
            Action::Cancel => {
                self.mode = match self.admit.behind {
                    Mode::Tasks | Mode::Notice => Mode::Browse,
                    other => other,
                };
                true
            }
            Action::Quit | Action::Redraw | Action::Resize(..) | Action::ToggleHelp => {
                return None;
            }
            _ => false,
        })
    }

    /// Enter: the match shown, in the lists (Backspace there goes back to where the lists were).
    fn open_match(&mut self) -> bool {
        let Some(item) = self.shown_match().map(|m| self.match_item(m)) else {
            self.say("这项任务没有对应的事项（清单外）".into(), false);
            return true;
        };
        let here = self.place();
        self.back.push(here);
        self.mode = Mode::Browse;
        self.jump_to(item);
        let id = self.item_at(item).id.clone();
        self.say(
            format!(
                "{id}：按 {} 回到准入结果，{} 回到原来的位置",
                self.key(Mode::Browse, Action::OpenAdmit),
                self.key(Mode::Browse, Action::Back)
            ),
            false,
        );
        true
    }

    /// `R`: the selected task into the register, with what the notice says of itself and the
    /// decision made here (lvzhi's suggestion kept beside it).
    fn record_task(&mut self) -> bool {
        let Some(admission) = self.admit.admission.as_ref() else {
            return false;
        };
        let Some(task) = admission.tasks.get(self.admit.task) else {
            return false;
        };
        if let Some(number) = self.admit.recorded.get(self.admit.task).copied().flatten() {
            self.say(
                format!(
                    "这项任务已登记为第 {number} 号（在 {} 登记 里修改）",
                    self.key(Mode::Tasks, Action::ShowRegister)
                ),
                false,
            );
            return true;
        }
        let notice = self
            .source_of(self.admit.task)
            .map_or(admission, |s| &s.notice);
        let mut entry = Request::for_task(notice, task);
        if let Some(Some(decided)) = self.admit.decisions.get(self.admit.task) {
            entry = entry.decided(decided.verdict, decided.item.as_deref());
        }
        let town = self.admit.town;
        let Some(store) = self.store_of_town(town) else {
            return self.no_store();
        };
        match store.record(&[entry]) {
            Ok(recordings) => {
                let Some(&recording) = recordings.first() else {
                    return false;
                };
                let number = recording.number();
                if let Some(slot) = self.admit.recorded.get_mut(self.admit.task) {
                    *slot = Some(number);
                }
                self.reload_register();
                if let Some(at) = self
                    .register
                    .entries
                    .iter()
                    .position(|(_, e)| e.number == number)
                {
                    self.register.selected = at;
                }
                let said = match recording {
                    Recording::New(_) => "已登记为",
                    Recording::Already(_) => "这项任务早先已登记为",
                };
                self.say(
                    format!(
                        "{said}第 {number} 号（{} 登记 里可改判断、处理结果和备注）",
                        self.key(Mode::Tasks, Action::ShowRegister)
                    ),
                    false,
                );
            }
            Err(e) => self.say(format!("没有登记：{e}"), true),
        }
        true
    }
}
