//! 清单外事项登记台账: every task a department asked of the town, what the lists say about it,
//! and what the town did with it. In the review store's file, under the same dataset identity,
//! with the same care: each change one `BEGIN IMMEDIATE` transaction, its history kept. The
//! tables are added by the first recording, with `IF NOT EXISTS`, so a file shared with an
//! older lvzhi stays readable by it (it does not know these tables and leaves them alone).

use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

use crate::admit::{Admission, Assessment, Verdict};
use crate::error::{Error, Result};

use super::{NOW, Store, store_error};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS register (
    id INTEGER PRIMARY KEY,
    dataset TEXT NOT NULL,
    received TEXT NOT NULL,
    source TEXT NOT NULL,
    channel TEXT NOT NULL,
    doc_ref TEXT NOT NULL,
    task TEXT NOT NULL,
    deadline TEXT NOT NULL,
    verdict TEXT NOT NULL,
    item TEXT NOT NULL,
    outcome TEXT NOT NULL,
    approval TEXT NOT NULL,
    handler TEXT NOT NULL,
    note TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS register_dataset ON register (dataset, id);
CREATE TABLE IF NOT EXISTS register_history (
    id INTEGER PRIMARY KEY,
    entry INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    approval TEXT NOT NULL,
    note TEXT NOT NULL,
    handler TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS register_history_entry ON register_history (entry, id);
CREATE TABLE IF NOT EXISTS notice_drafts (
    dataset TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    text TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (dataset, reviewer)
);
";

/// How the task reached the town.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Document,
    Meeting,
    Phone,
    Wechat,
    Hotline,
    Other,
}

impl Channel {
    pub const ALL: [Channel; 6] = [
        Channel::Document,
        Channel::Meeting,
        Channel::Phone,
        Channel::Wechat,
        Channel::Hotline,
        Channel::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Channel::Document => "document",
            Channel::Meeting => "meeting",
            Channel::Phone => "phone",
            Channel::Wechat => "wechat",
            Channel::Hotline => "hotline",
            Channel::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Channel::Document => "文件",
            Channel::Meeting => "会议",
            Channel::Phone => "电话",
            Channel::Wechat => "微信",
            Channel::Hotline => "12345",
            Channel::Other => "其他",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        let s = s.trim();
        Channel::ALL
            .into_iter()
            .find(|c| c.key().eq_ignore_ascii_case(s) || c.label() == s)
    }
}

/// What the town did with a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// 退回: returned to the department, with the list as the reason.
    Return,
    /// 承接: the town does it (its own duty, or its part of a shared one).
    Accept,
    /// 报批: sent to the 编办 for admission (准入).
    Submit,
    /// 已准入: admitted by the county, with its approval reference.
    Admitted,
    /// 待定: not decided yet.
    Pending,
}

impl Outcome {
    pub const ALL: [Outcome; 5] = [
        Outcome::Return,
        Outcome::Accept,
        Outcome::Submit,
        Outcome::Admitted,
        Outcome::Pending,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Outcome::Return => "return",
            Outcome::Accept => "accept",
            Outcome::Submit => "submit",
            Outcome::Admitted => "admitted",
            Outcome::Pending => "pending",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Return => "退回",
            Outcome::Accept => "承接",
            Outcome::Submit => "报批",
            Outcome::Admitted => "已准入",
            Outcome::Pending => "待定",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        let s = s.trim();
        Outcome::ALL
            .into_iter()
            .find(|o| o.key().eq_ignore_ascii_case(s) || o.label() == s)
    }

    /// What a task with this verdict is usually given: the town's duties are done, the
    /// department's returned, and a task in no list waits for a decision (return or submit).
    pub fn default_for(verdict: Verdict) -> Outcome {
        match verdict {
            Verdict::Basic | Verdict::Coop => Outcome::Accept,
            Verdict::Recalled => Outcome::Return,
            Verdict::Outside => Outcome::Pending,
        }
    }

    /// The next outcome, for a key that steps through them.
    pub fn next(self) -> Outcome {
        let i = Outcome::ALL.iter().position(|&o| o == self).unwrap_or(0);
        Outcome::ALL[(i + 1) % Outcome::ALL.len()]
    }
}

/// A task asked of the town, as it goes into the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Request {
    /// The date received (YYYY-MM-DD); today when empty.
    pub received: String,
    pub source: String,
    pub channel: Channel,
    pub doc_ref: String,
    pub task: String,
    pub deadline: String,
    pub verdict: Verdict,
    /// The matched item's id (empty for 清单外).
    pub item: String,
    pub outcome: Outcome,
    pub note: String,
}

impl Request {
    /// A task of a notice as it goes into the register unless the user says otherwise: from
    /// the notice's issuer (or 未注明), a 文件 when the notice has a title, its document number,
    /// the task's own date due (the notice's, when it has one task), the matched item, and the
    /// outcome that follows the verdict.
    pub fn for_task(admission: &Admission, task: &Assessment) -> Request {
        let single = admission.tasks.len() == 1;
        Request {
            received: String::new(),
            source: admission.from.clone().unwrap_or_else(|| "未注明".into()),
            channel: if admission.title.is_some() {
                Channel::Document
            } else {
                Channel::Other
            },
            doc_ref: admission.doc_ref.clone().unwrap_or_default(),
            task: task.task.text.clone(),
            deadline: task
                .task
                .deadline
                .clone()
                .or_else(|| admission.deadline.clone().filter(|_| single))
                .unwrap_or_default(),
            verdict: task.verdict,
            item: task.best().map(|m| m.id.clone()).unwrap_or_default(),
            outcome: Outcome::default_for(task.verdict),
            note: String::new(),
        }
    }
}

/// An entry of the register as it stands: the request, and what was decided on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub number: i64,
    #[serde(flatten)]
    pub request: Request,
    pub approval: String,
    pub handler: String,
    pub updated_at: String,
}

/// One state an entry was in: its first recording, and every change after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryChange {
    pub outcome: Outcome,
    pub approval: String,
    pub note: String,
    pub handler: String,
    pub at: String,
}

/// A change to an entry: each `Some` replaces that field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntryEdit {
    pub outcome: Option<Outcome>,
    pub approval: Option<String>,
    pub note: Option<String>,
}

impl Store {
    /// Adds tasks to the register in one commit; returns their numbers.
    pub fn record(&mut self, entries: &[Request]) -> Result<Vec<i64>> {
        let path = self.path.clone();
        let failed = |e: rusqlite::Error| store_error(&path, &e);
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(failed)?;
        tx.execute_batch(SCHEMA).map_err(failed)?;
        self.register_dataset(&tx).map_err(failed)?;
        let today = NOW.replace("%Y-%m-%d %H:%M:%S", "%Y-%m-%d");
        let mut numbers = Vec::new();
        for entry in entries {
            let received = (!entry.received.trim().is_empty()).then(|| entry.received.trim());
            let fixed_date = self.fixed_time.as_deref().map(|t| t.get(..10).unwrap_or(t));
            tx.execute(
                &format!(
                    "INSERT INTO register (dataset, received, source, channel, doc_ref, task, \
                     deadline, verdict, item, outcome, approval, handler, note, updated_at) \
                     VALUES (?1, coalesce(?7, {}), ?2, ?3, ?4, ?5, ?8, ?9, ?10, ?11, '', ?12, \
                     ?13, {NOW})",
                    today.replace("?6", "?14")
                ),
                params![
                    self.dataset,
                    entry.source,
                    entry.channel.key(),
                    entry.doc_ref,
                    entry.task,
                    self.fixed_time,
                    received,
                    entry.deadline,
                    entry.verdict.key(),
                    entry.item,
                    entry.outcome.key(),
                    self.reviewer,
                    entry.note,
                    fixed_date,
                ],
            )
            .map_err(failed)?;
            let number = tx.last_insert_rowid();
            tx.execute(
                &format!(
                    "INSERT INTO register_history (entry, outcome, approval, note, handler, at) \
                     VALUES (?1, ?2, '', ?3, ?4, {})",
                    NOW.replace("?6", "?5")
                ),
                params![
                    number,
                    entry.outcome.key(),
                    entry.note,
                    self.reviewer,
                    self.fixed_time
                ],
            )
            .map_err(failed)?;
            numbers.push(number);
        }
        tx.commit().map_err(failed)?;
        Ok(numbers)
    }

    /// Changes an entry of this dataset's register, keeping the old state in its history.
    pub fn edit_entry(&mut self, number: i64, edit: &EntryEdit) -> Result<Entry> {
        let path = self.path.clone();
        let failed = |e: rusqlite::Error| store_error(&path, &e);
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(failed)?;
        tx.execute_batch(SCHEMA).map_err(failed)?;
        let current: Option<(String, String, String)> = tx
            .query_row(
                "SELECT outcome, approval, note FROM register WHERE id = ?1 AND dataset = ?2",
                params![number, self.dataset],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()
            .map_err(failed)?;
        let Some((outcome, approval, note)) = current else {
            return Err(Error::NoSuchEntry { number });
        };
        let outcome = edit.outcome.map_or(outcome, |o| o.key().to_string());
        let approval = edit.approval.clone().unwrap_or(approval);
        let note = edit.note.clone().unwrap_or(note);
        // The entry and its history row record the same values.
        let values = params![
            number,
            outcome,
            approval,
            note,
            self.reviewer,
            self.fixed_time
        ];
        tx.execute(
            &format!(
                "UPDATE register SET outcome = ?2, approval = ?3, note = ?4, handler = ?5, \
                 updated_at = {NOW} WHERE id = ?1"
            ),
            values,
        )
        .map_err(failed)?;
        tx.execute(
            &format!(
                "INSERT INTO register_history (entry, outcome, approval, note, handler, at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, {NOW})"
            ),
            values,
        )
        .map_err(failed)?;
        tx.commit().map_err(failed)?;
        self.register()?
            .into_iter()
            .find(|e| e.number == number)
            .ok_or(Error::NoSuchEntry { number })
    }

    /// Keeps the notice being read in the app (per reviewer), so a dropped link or a quit loses
    /// none of a long paste; `i` opens it again.
    pub fn save_notice(&mut self, text: &str) -> Result<()> {
        let path = self.path.clone();
        let failed = |e: rusqlite::Error| store_error(&path, &e);
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(failed)?;
        tx.execute_batch(SCHEMA).map_err(failed)?;
        tx.execute(
            &format!(
                "INSERT INTO notice_drafts (dataset, reviewer, text, saved_at) \
                 VALUES (?1, ?2, ?3, {}) ON CONFLICT (dataset, reviewer) DO UPDATE SET \
                 text = ?3, saved_at = {}",
                NOW.replace("?6", "?4"),
                NOW.replace("?6", "?4")
            ),
            params![self.dataset, self.reviewer, text, self.fixed_time],
        )
        .map_err(failed)?;
        tx.commit().map_err(failed)
    }

    /// The notice this reviewer was last reading, if any.
    pub fn saved_notice(&self) -> Result<Option<String>> {
        let exists: i64 = self
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'notice_drafts'",
                [],
                |row| row.get(0),
            )
            .map_err(|e| self.read_failed(&e))?;
        if exists == 0 {
            return Ok(None);
        }
        self.conn
            .query_row(
                "SELECT text FROM notice_drafts WHERE dataset = ?1 AND reviewer = ?2",
                params![self.dataset, self.reviewer],
                |row| row.get(0),
            )
            .optional()
            .map_err(|e| self.read_failed(&e))
    }

    /// Whether the file has a register yet (it is added by the first recording).
    fn has_register(&self) -> Result<bool> {
        self.conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'register'",
                [],
                |row| row.get::<_, i64>(0),
            )
            .map(|n| n > 0)
            .map_err(|e| self.read_failed(&e))
    }

    /// This dataset's register, oldest entry first.
    pub fn register(&self) -> Result<Vec<Entry>> {
        if !self.has_register()? {
            return Ok(Vec::new());
        }
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT id, received, source, channel, doc_ref, task, deadline, verdict, item, \
                 outcome, approval, handler, note, updated_at FROM register WHERE dataset = ?1 \
                 ORDER BY id",
            )
            .map_err(|e| self.read_failed(&e))?;
        let rows = statement
            .query_map([&self.dataset], |row| {
                Ok(Entry {
                    number: row.get(0)?,
                    request: Request {
                        received: row.get(1)?,
                        source: row.get(2)?,
                        channel: Channel::parse(&row.get::<_, String>(3)?)
                            .unwrap_or(Channel::Other),
                        doc_ref: row.get(4)?,
                        task: row.get(5)?,
                        deadline: row.get(6)?,
                        verdict: Verdict::parse(&row.get::<_, String>(7)?)
                            .unwrap_or(Verdict::Outside),
                        item: row.get(8)?,
                        outcome: Outcome::parse(&row.get::<_, String>(9)?)
                            .unwrap_or(Outcome::Pending),
                        note: row.get(12)?,
                    },
                    approval: row.get(10)?,
                    handler: row.get(11)?,
                    updated_at: row.get(13)?,
                })
            })
            .map_err(|e| self.read_failed(&e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.read_failed(&e))
    }

    /// Every state of an entry, its recording first.
    pub fn entry_history(&self, number: i64) -> Result<Vec<EntryChange>> {
        if !self.has_register()? {
            return Ok(Vec::new());
        }
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT outcome, approval, note, handler, at FROM register_history \
                 WHERE entry = ?1 ORDER BY id",
            )
            .map_err(|e| self.read_failed(&e))?;
        let rows = statement
            .query_map([number], |row| {
                Ok(EntryChange {
                    outcome: Outcome::parse(&row.get::<_, String>(0)?).unwrap_or(Outcome::Pending),
                    approval: row.get(1)?,
                    note: row.get(2)?,
                    handler: row.get(3)?,
                    at: row.get(4)?,
                })
            })
            .map_err(|e| self.read_failed(&e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.read_failed(&e))
    }
}
