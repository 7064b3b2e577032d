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
    updated_at TEXT NOT NULL,
    suggested_verdict TEXT NOT NULL DEFAULT '',
    suggested_item TEXT NOT NULL DEFAULT '',
    decided_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS register_dataset ON register (dataset, id);
CREATE TABLE IF NOT EXISTS register_history (
    id INTEGER PRIMARY KEY,
    entry INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    approval TEXT NOT NULL,
    note TEXT NOT NULL,
    handler TEXT NOT NULL,
    at TEXT NOT NULL,
    verdict TEXT NOT NULL DEFAULT '',
    item TEXT NOT NULL DEFAULT ''
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

/// Columns added after the register's first version (issue 22): what lvzhi suggested beside
/// what was decided, who decided it, and the decision in each history row. A file written by
/// an older lvzhi gets them with its next change; until then they read as empty.
const ADDED: [(&str, &str); 5] = [
    ("register", "suggested_verdict"),
    ("register", "suggested_item"),
    ("register", "decided_by"),
    ("register_history", "verdict"),
    ("register_history", "item"),
];

/// Adds the columns an older file lacks; inside a write transaction.
fn upgrade(tx: &rusqlite::Transaction) -> rusqlite::Result<()> {
    for (table, column) in ADDED {
        if !has_column(tx, table, column)? {
            tx.execute_batch(&format!(
                "ALTER TABLE {table} ADD COLUMN {column} TEXT NOT NULL DEFAULT ''"
            ))?;
        }
    }
    Ok(())
}

fn has_column(conn: &rusqlite::Connection, table: &str, column: &str) -> rusqlite::Result<bool> {
    let mut statement = conn.prepare(&format!("PRAGMA table_info({table})"))?;
    let names = statement.query_map([], |row| row.get::<_, String>(1))?;
    for name in names {
        if name? == column {
            return Ok(true);
        }
    }
    Ok(false)
}

/// What lvzhi said of a task: its verdict and the item it rested on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub verdict: Verdict,
    pub item: String,
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
    /// What lvzhi said; `verdict` and `item` above are what was decided (the same, unless a
    /// person chose otherwise).
    pub suggested: Suggestion,
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
            suggested: Suggestion {
                verdict: task.verdict,
                item: task.best().map(|m| m.id.clone()).unwrap_or_default(),
            },
        }
    }

    /// The same request with a person's decision instead of lvzhi's: the outcome follows the
    /// new verdict.
    pub fn decided(mut self, verdict: Verdict, item: Option<&str>) -> Request {
        self.verdict = verdict;
        self.item = item.unwrap_or_default().to_string();
        self.outcome = Outcome::default_for(verdict);
        self
    }

    /// Whether a person decided otherwise than lvzhi suggested.
    pub fn overridden(&self) -> bool {
        self.verdict != self.suggested.verdict || self.item != self.suggested.item
    }
}

/// A verdict and an item that go together, or why not: the item must exist and be in the
/// verdict's list; 清单外 has no item; a list's verdict needs one.
pub fn check_decision(
    dataset: &crate::model::Dataset,
    verdict: Verdict,
    item: Option<&str>,
) -> std::result::Result<Option<String>, String> {
    match (verdict, item.map(str::trim).filter(|i| !i.is_empty())) {
        (Verdict::Outside, None) => Ok(None),
        (Verdict::Outside, Some(id)) => Err(format!(
            "判为清单外就没有对应事项，不能同时指定 {id}；去掉 --item，或改判为该事项所在的清单"
        )),
        (_, None) => Err(format!(
            "判为{}须指明依据的事项：用 --item 给出编号，如 --item {}-12",
            verdict.label(),
            verdict.key()
        )),
        (_, Some(id)) => {
            let found = dataset.find(id).map_err(|e| e.to_string())?;
            if Verdict::of(found.list) != verdict {
                return Err(format!(
                    "{} 在{}里，不能判为{}：判断要和事项所在的清单一致（或只给 --item，判断随它）",
                    found.id,
                    found.list.full_name(),
                    verdict.label()
                ));
            }
            Ok(Some(found.id.clone()))
        }
    }
}

/// What recording a task did: added it under a new number, or found it there already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recording {
    New(i64),
    Already(i64),
}

impl Recording {
    pub fn number(self) -> i64 {
        match self {
            Recording::New(n) | Recording::Already(n) => n,
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
    /// Who decided the verdict and item, when a person did (at recording or after).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
}

impl Entry {
    /// The entry as precedent for reading the next notice.
    pub fn recorded(&self) -> crate::admit::Recorded {
        crate::admit::Recorded {
            number: self.number,
            received: self.request.received.clone(),
            source: self.request.source.clone(),
            task: self.request.task.clone(),
            verdict: self.request.verdict,
            item: self.request.item.clone(),
            decided_by: self.decided_by.clone(),
        }
    }
}

/// One state an entry was in: its first recording, and every change after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryChange {
    pub outcome: Outcome,
    pub approval: String,
    pub note: String,
    pub handler: String,
    pub at: String,
    /// The verdict and item then (none in a row an older lvzhi wrote).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub item: String,
}

/// A change to an entry: each `Some` replaces that field. A verdict and item are checked
/// against the lists first (`check_decision`); an item alone brings its list's verdict.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntryEdit {
    pub outcome: Option<Outcome>,
    pub approval: Option<String>,
    pub note: Option<String>,
    pub verdict: Option<Verdict>,
    pub item: Option<String>,
}

impl Store {
    /// Adds tasks to the register in one commit; returns their numbers, each new or the one a
    /// task already had (the same words from the same department under the same document
    /// number: reading a notice twice records nothing twice). The check is in the same
    /// transaction as the adding, so two sessions recording one notice at once record it once.
    pub fn record(&mut self, entries: &[Request]) -> Result<Vec<Recording>> {
        let path = self.path.clone();
        let failed = |e: rusqlite::Error| store_error(&path, &e);
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(failed)?;
        tx.execute_batch(SCHEMA).map_err(failed)?;
        upgrade(&tx).map_err(failed)?;
        self.register_dataset(&tx).map_err(failed)?;
        let today = NOW.replace("%Y-%m-%d %H:%M:%S", "%Y-%m-%d");
        let mut numbers = Vec::new();
        for entry in entries {
            let before: Option<i64> = tx
                .query_row(
                    "SELECT id FROM register WHERE dataset = ?1 AND task = ?2 AND source = ?3 \
                     AND doc_ref = ?4 ORDER BY id LIMIT 1",
                    params![self.dataset, entry.task, entry.source, entry.doc_ref],
                    |row| row.get(0),
                )
                .optional()
                .map_err(failed)?;
            if let Some(number) = before {
                numbers.push(Recording::Already(number));
                continue;
            }
            let received = (!entry.received.trim().is_empty()).then(|| entry.received.trim());
            let fixed_date = self.fixed_time.as_deref().map(|t| t.get(..10).unwrap_or(t));
            tx.execute(
                &format!(
                    "INSERT INTO register (dataset, received, source, channel, doc_ref, task, \
                     deadline, verdict, item, outcome, approval, handler, note, updated_at, \
                     suggested_verdict, suggested_item, decided_by) \
                     VALUES (?1, coalesce(?7, {}), ?2, ?3, ?4, ?5, ?8, ?9, ?10, ?11, '', ?12, \
                     ?13, {NOW}, ?15, ?16, ?17)",
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
                    entry.suggested.verdict.key(),
                    entry.suggested.item,
                    if entry.overridden() {
                        self.reviewer.as_str()
                    } else {
                        ""
                    },
                ],
            )
            .map_err(failed)?;
            let number = tx.last_insert_rowid();
            tx.execute(
                &format!(
                    "INSERT INTO register_history (entry, outcome, approval, note, handler, at, \
                     verdict, item) VALUES (?1, ?2, '', ?3, ?4, {}, ?6, ?7)",
                    NOW.replace("?6", "?5")
                ),
                params![
                    number,
                    entry.outcome.key(),
                    entry.note,
                    self.reviewer,
                    self.fixed_time,
                    entry.verdict.key(),
                    entry.item,
                ],
            )
            .map_err(failed)?;
            numbers.push(Recording::New(number));
        }
        tx.commit().map_err(failed)?;
        Ok(numbers)
    }

    /// Changes an entry of this dataset's register, keeping the old state in its history. A
    /// new verdict or item is taken as given: check it against the lists first
    /// (`check_decision`).
    pub fn edit_entry(&mut self, number: i64, edit: &EntryEdit) -> Result<Entry> {
        let path = self.path.clone();
        let failed = |e: rusqlite::Error| store_error(&path, &e);
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(failed)?;
        tx.execute_batch(SCHEMA).map_err(failed)?;
        upgrade(&tx).map_err(failed)?;
        type Current = (String, String, String, String, String, String);
        let current: Option<Current> = tx
            .query_row(
                "SELECT outcome, approval, note, verdict, item, decided_by FROM register \
                 WHERE id = ?1 AND dataset = ?2",
                params![number, self.dataset],
                |row| {
                    Ok((
                        row.get(0)?,
                        row.get(1)?,
                        row.get(2)?,
                        row.get(3)?,
                        row.get(4)?,
                        row.get(5)?,
                    ))
                },
            )
            .optional()
            .map_err(failed)?;
        let Some((outcome, approval, note, verdict, item, decided_by)) = current else {
            return Err(Error::NoSuchEntry { number });
        };
        let decides = edit.verdict.is_some() || edit.item.is_some();
        let verdict = edit.verdict.map_or(verdict, |v| v.key().to_string());
        let item = edit.item.clone().unwrap_or(item);
        // A new verdict brings its usual outcome unless one is given with it.
        let outcome = match (edit.outcome, edit.verdict) {
            (Some(o), _) => o.key().to_string(),
            (None, Some(v)) => Outcome::default_for(v).key().to_string(),
            (None, None) => outcome,
        };
        let approval = edit.approval.clone().unwrap_or(approval);
        let note = edit.note.clone().unwrap_or(note);
        let decided_by = if decides {
            self.reviewer.clone()
        } else {
            decided_by
        };
        // The entry and its history row record the same values.
        let values = params![
            number,
            outcome,
            approval,
            note,
            self.reviewer,
            self.fixed_time,
            verdict,
            item,
            decided_by
        ];
        tx.execute(
            &format!(
                "UPDATE register SET outcome = ?2, approval = ?3, note = ?4, handler = ?5, \
                 updated_at = {NOW}, verdict = ?7, item = ?8, decided_by = ?9 WHERE id = ?1"
            ),
            values,
        )
        .map_err(failed)?;
        tx.execute(
            &format!(
                "INSERT INTO register_history (entry, outcome, approval, note, handler, at, \
                 verdict, item) VALUES (?1, ?2, ?3, ?4, ?5, {NOW}, ?7, ?8)"
            ),
            params![
                number,
                outcome,
                approval,
                note,
                self.reviewer,
                self.fixed_time,
                verdict,
                item
            ],
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
        // A file no lvzhi since issue 22 has written to lacks the newer columns.
        let upgraded =
            has_column(&self.conn, "register", "decided_by").map_err(|e| self.read_failed(&e))?;
        let newer = if upgraded {
            "suggested_verdict, suggested_item, decided_by"
        } else {
            "'', '', ''"
        };
        let mut statement = self
            .conn
            .prepare_cached(&format!(
                "SELECT id, received, source, channel, doc_ref, task, deadline, verdict, item, \
                 outcome, approval, handler, note, updated_at, {newer} FROM register \
                 WHERE dataset = ?1 ORDER BY id"
            ))
            .map_err(|e| self.read_failed(&e))?;
        let rows = statement
            .query_map([&self.dataset], |row| {
                let verdict = Verdict::parse(&row.get::<_, String>(7)?).unwrap_or(Verdict::Outside);
                let item: String = row.get(8)?;
                // An entry from before suggestions were kept: lvzhi's was what was recorded.
                let suggested = match Verdict::parse(&row.get::<_, String>(14)?) {
                    Some(v) => Suggestion {
                        verdict: v,
                        item: row.get(15)?,
                    },
                    None => Suggestion {
                        verdict,
                        item: item.clone(),
                    },
                };
                let decided_by: String = row.get(16)?;
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
                        verdict,
                        item,
                        outcome: Outcome::parse(&row.get::<_, String>(9)?)
                            .unwrap_or(Outcome::Pending),
                        note: row.get(12)?,
                        suggested,
                    },
                    approval: row.get(10)?,
                    handler: row.get(11)?,
                    updated_at: row.get(13)?,
                    decided_by: (!decided_by.is_empty()).then_some(decided_by),
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
        let upgraded = has_column(&self.conn, "register_history", "verdict")
            .map_err(|e| self.read_failed(&e))?;
        let newer = if upgraded { "verdict, item" } else { "'', ''" };
        let mut statement = self
            .conn
            .prepare_cached(&format!(
                "SELECT outcome, approval, note, handler, at, {newer} FROM register_history \
                 WHERE entry = ?1 ORDER BY id"
            ))
            .map_err(|e| self.read_failed(&e))?;
        let rows = statement
            .query_map([number], |row| {
                Ok(EntryChange {
                    outcome: Outcome::parse(&row.get::<_, String>(0)?).unwrap_or(Outcome::Pending),
                    approval: row.get(1)?,
                    note: row.get(2)?,
                    handler: row.get(3)?,
                    at: row.get(4)?,
                    verdict: Verdict::parse(&row.get::<_, String>(5)?),
                    item: row.get(6)?,
                })
            })
            .map_err(|e| self.read_failed(&e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.read_failed(&e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Dataset;

    /// The register as lvzhi wrote it before issue 22: no suggestion, no decider, no decision
    /// in the history.
    const OLD_SCHEMA: &str = "
        CREATE TABLE register (id INTEGER PRIMARY KEY, dataset TEXT NOT NULL, received TEXT NOT NULL,
            source TEXT NOT NULL, channel TEXT NOT NULL, doc_ref TEXT NOT NULL, task TEXT NOT NULL,
            deadline TEXT NOT NULL, verdict TEXT NOT NULL, item TEXT NOT NULL, outcome TEXT NOT NULL,
            approval TEXT NOT NULL, handler TEXT NOT NULL, note TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE register_history (id INTEGER PRIMARY KEY, entry INTEGER NOT NULL,
            outcome TEXT NOT NULL, approval TEXT NOT NULL, note TEXT NOT NULL, handler TEXT NOT NULL,
            at TEXT NOT NULL);";

    #[test]
    fn a_register_an_older_lvzhi_wrote_reads_and_takes_decisions() {
        let dir = tempfile::tempdir().unwrap();
        let dataset = Dataset::embedded().unwrap();
        let mut store = Store::open(&dir.path().join("review.db"), &dataset, "张三").unwrap();
        store.conn.execute_batch(OLD_SCHEMA).unwrap();
        store
            .conn
            .execute(
                "INSERT INTO register VALUES (1, ?1, '2026-11-01', '县民政局', 'document', '', \
                 '追缴高龄津贴', '', 'recalled', 'recalled-2', 'return', '', '李四', '', \
                 '2026-11-01 09:00:00')",
                [&store.dataset],
            )
            .unwrap();
        store
            .conn
            .execute(
                "INSERT INTO register_history VALUES (1, 1, 'return', '', '', '李四', \
                 '2026-11-01 09:00:00')",
                [],
            )
            .unwrap();
        // Read as it is: what was recorded was lvzhi's suggestion, nobody decided otherwise.
        let entry = store.register().unwrap().remove(0);
        assert_eq!(entry.request.suggested.item, "recalled-2");
        assert!(!entry.request.overridden());
        assert_eq!(entry.decided_by, None);
        assert_eq!(store.entry_history(1).unwrap()[0].verdict, None);
        // A decision adds the columns and is kept with who made it.
        let edit = EntryEdit {
            verdict: Some(Verdict::Coop),
            item: Some("coop-16".into()),
            ..EntryEdit::default()
        };
        let entry = store.edit_entry(1, &edit).unwrap();
        assert_eq!(entry.request.item, "coop-16");
        assert_eq!(entry.request.outcome, Outcome::Accept);
        assert_eq!(entry.decided_by.as_deref(), Some("张三"));
        let history = store.entry_history(1).unwrap();
        assert_eq!(history[1].verdict, Some(Verdict::Coop));
        assert_eq!(history[1].item, "coop-16");
    }

    #[test]
    fn a_decision_is_checked_against_the_lists() {
        let dataset = Dataset::embedded().unwrap();
        assert_eq!(
            check_decision(&dataset, Verdict::Coop, Some("c16")),
            Ok(Some("coop-16".to_string()))
        );
        assert_eq!(check_decision(&dataset, Verdict::Outside, None), Ok(None));
        for (verdict, item) in [
            (Verdict::Basic, Some("coop-16")),
            (Verdict::Outside, Some("coop-16")),
            (Verdict::Recalled, None),
            (Verdict::Coop, Some("coop-999")),
        ] {
            assert!(
                check_decision(&dataset, verdict, item).is_err(),
                "{verdict:?} {item:?}"
            );
        }
    }
}
