//! The register in the review file: recording, changing an entry with its history, reading
//! them back, and the notice being typed in the app.

use rusqlite::{OptionalExtension, TransactionBehavior, params};

use crate::admit::Verdict;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::review::{NOW, Store, store_error};

use super::schema::{SCHEMA, has_column, upgrade};
use super::{Channel, Entry, EntryChange, EntryEdit, Outcome, Recording, Request, Suggestion};

/// The day an entry that is 报批 now was submitted: the first history row of its last run of
/// 报批 rows (going back to 待定 and again to 报批 starts the count again).
const SUBMITTED: &str = "CASE WHEN register.outcome = 'submit' THEN (SELECT substr(h.at, 1, 10) \
     FROM register_history h WHERE h.entry = register.id AND h.outcome = 'submit' AND h.id > \
     coalesce((SELECT max(o.id) FROM register_history o WHERE o.entry = register.id \
     AND o.outcome != 'submit'), 0) ORDER BY h.id LIMIT 1) END";

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
        // The day a deadline without a year (or "明天") was written on, when the notice had no
        // date of its own: the day received, today unless given.
        let recorded_on: String = tx
            .query_row(
                &format!("SELECT {}", today.replace("?6", "?1")),
                [self.fixed_time.as_deref().map(|t| t.get(..10).unwrap_or(t))],
                |row| row.get(0),
            )
            .map_err(failed)?;
        let mut numbers = Vec::new();
        for entry in entries {
            let mut entry = entry.clone();
            let received_on = Date::parse_iso(&entry.received).or(Date::parse_iso(&recorded_on));
            if let Some(on) = received_on {
                entry.settle_deadline(on);
            }
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
            self.insert(&tx, &entry, &today).map_err(failed)?;
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

    /// The entry's row, its day received today's (`today`, SQLite's date) unless given.
    fn insert(
        &self,
        tx: &rusqlite::Transaction,
        entry: &Request,
        today: &str,
    ) -> rusqlite::Result<()> {
        let received = (!entry.received.trim().is_empty()).then(|| entry.received.trim());
        let fixed_date = self.fixed_time.as_deref().map(|t| t.get(..10).unwrap_or(t));
        tx.execute(
            &format!(
                "INSERT INTO register (dataset, received, source, channel, doc_ref, task, \
                 deadline, verdict, item, outcome, approval, handler, note, updated_at, \
                 suggested_verdict, suggested_item, decided_by, deadline_words, \
                 notice_title, notice_date) \
                 VALUES (?1, coalesce(?7, {}), ?2, ?3, ?4, ?5, ?8, ?9, ?10, ?11, '', ?12, \
                 ?13, {NOW}, ?15, ?16, ?17, ?18, ?19, ?20)",
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
                entry.deadline_words,
                entry.notice_title,
                entry.notice_date,
            ],
        )?;
        Ok(())
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
        let words = has_column(&self.conn, "register", "deadline_words")
            .map_err(|e| self.read_failed(&e))?;
        let words = if words { "deadline_words" } else { "''" };
        let history = has_column(&self.conn, "register_history", "outcome")
            .map_err(|e| self.read_failed(&e))?;
        let submitted = if history { SUBMITTED } else { "NULL" };
        let notice =
            has_column(&self.conn, "register", "notice_date").map_err(|e| self.read_failed(&e))?;
        let notice = if notice {
            "notice_title, notice_date"
        } else {
            "'', ''"
        };
        let mut statement = self
            .conn
            .prepare_cached(&format!(
                "SELECT id, received, source, channel, doc_ref, task, deadline, verdict, item, \
                 outcome, approval, handler, note, updated_at, {newer}, {words}, {submitted}, \
                 {notice} FROM register WHERE dataset = ?1 ORDER BY id"
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
                let received: String = row.get(1)?;
                let (deadline, deadline_words) =
                    read_deadline(row.get(6)?, row.get(17)?, &received);
                Ok(Entry {
                    number: row.get(0)?,
                    request: Request {
                        received,
                        source: row.get(2)?,
                        channel: Channel::parse(&row.get::<_, String>(3)?)
                            .unwrap_or(Channel::Other),
                        doc_ref: row.get(4)?,
                        notice_title: row.get(19)?,
                        notice_date: row.get(20)?,
                        task: row.get(5)?,
                        deadline,
                        deadline_words,
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
                    submitted: row.get(18)?,
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

/// An entry's deadline as it reads now: the day and the words. A row an older lvzhi wrote has
/// only the words, in `deadline` ("12月5日"): their day is the one after the day received.
fn read_deadline(deadline: String, words: String, received: &str) -> (String, String) {
    if !words.is_empty() || deadline.is_empty() || Date::parse_iso(&deadline).is_some() {
        return (deadline, words);
    }
    let day = Date::parse_iso(received)
        .and_then(|on| crate::date::deadline(&deadline, on))
        .map(|d| d.to_string())
        .unwrap_or_default();
    (day, deadline)
}
