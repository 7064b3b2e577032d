//! 清单外事项登记台账: every task a department asked of the town, what the lists say about it,
//! and what the town did with it. In the review store's file, under the same dataset identity,
//! with the same care: each change one `BEGIN IMMEDIATE` transaction, its history kept. The
//! tables are added by the first recording, with `IF NOT EXISTS`, so a file shared with an
//! older lvzhi stays readable by it (it does not know these tables and leaves them alone).

mod answer;
mod kinds;
mod schema;
mod store;

use serde::Serialize;

use crate::admit::{Admission, Assessment, Verdict};
use crate::date::Date;

pub use answer::Answer;
pub use kinds::{Channel, Outcome};

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
    /// The notice's title and its date (YYYY-MM-DD), when it had them: what a letter cites.
    pub notice_title: String,
    pub notice_date: String,
    pub task: String,
    /// The day it is due (YYYY-MM-DD), empty when the words name no one day or there are none.
    pub deadline: String,
    /// The deadline as the notice (or the clerk) wrote it: "12月5日", "下周五".
    pub deadline_words: String,
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
    /// the task's own date due (the notice's, when it has one task) as a day in the year of the
    /// notice's date (else of the day it is recorded, by `Store::record`), the matched item,
    /// and the outcome that follows the verdict.
    pub fn for_task(admission: &Admission, task: &Assessment) -> Request {
        let single = admission.tasks.len() == 1;
        let deadline_words = task
            .task
            .deadline
            .clone()
            .or_else(|| admission.deadline.clone().filter(|_| single))
            .unwrap_or_default();
        let deadline = admission
            .date
            .as_deref()
            .and_then(Date::parse_iso)
            .and_then(|on| crate::date::deadline(&deadline_words, on))
            .map(|d| d.to_string())
            .unwrap_or_default();
        Request {
            received: String::new(),
            source: admission.from.clone().unwrap_or_else(|| "未注明".into()),
            channel: if admission.title.is_some() {
                Channel::Document
            } else {
                Channel::Other
            },
            doc_ref: admission.doc_ref.clone().unwrap_or_default(),
            notice_title: admission.title.clone().unwrap_or_default(),
            notice_date: admission.date.clone().unwrap_or_default(),
            task: task.task.text.clone(),
            deadline,
            deadline_words,
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

    /// The deadline as a clerk reads it: the day, with the notice's words beside it when they
    /// say more than the day ("2026-12-05（12月5日）"); the words alone when they name no day.
    pub fn deadline_text(&self) -> String {
        match (self.deadline.as_str(), self.deadline_note()) {
            ("", _) => self.deadline_words.trim().to_string(),
            (day, "") => day.to_string(),
            (day, words) => format!("{day}（{words}）"),
        }
    }

    /// The deadline's words where they say more than its day (not where they are the date in
    /// full: 2026-12-05, 2026年12月5日).
    pub fn deadline_note(&self) -> &str {
        let words = self.deadline_words.trim();
        match crate::date::parse_full(words) {
            Some(_) => "",
            None => words,
        }
    }

    /// The day due, where only the words are known: resolved against `on`, the day the task
    /// was received (the notice had no date of its own).
    pub fn settle_deadline(&mut self, on: Date) {
        if self.deadline.is_empty() {
            if let Some(day) = crate::date::deadline(&self.deadline_words, on) {
                self.deadline = day.to_string();
            }
        }
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
    /// The day (YYYY-MM-DD) it was sent for 准入, while it is 报批: the first day of its
    /// current run as 报批 in its history.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub submitted: Option<String>,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Dataset;
    use crate::review::Store;

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
        assert_eq!(entry.submitted, None);
        // An older lvzhi's 报批 has its day in the history it kept.
        store
            .conn
            .execute_batch(
                "UPDATE register SET outcome = 'submit'; INSERT INTO register_history \
                 VALUES (2, 1, 'submit', '', '', '李四', '2026-11-02 10:00:00');",
            )
            .unwrap();
        let entry = store.register().unwrap().remove(0);
        assert_eq!(entry.submitted.as_deref(), Some("2026-11-02"));
        store
            .conn
            .execute_batch("UPDATE register SET outcome = 'return'; DELETE FROM register_history WHERE id = 2;")
            .unwrap();
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

    /// An older lvzhi kept the notice's words as the deadline ("12月5日"): read as those words,
    /// the day found from the day received, before and after the file takes the new column.
    #[test]
    fn a_deadline_an_older_lvzhi_kept_in_words_reads_as_a_day() {
        let dir = tempfile::tempdir().unwrap();
        let dataset = Dataset::embedded().unwrap();
        let mut store = Store::open(&dir.path().join("review.db"), &dataset, "张三").unwrap();
        store.conn.execute_batch(OLD_SCHEMA).unwrap();
        store
            .conn
            .execute(
                "INSERT INTO register VALUES (1, ?1, '2026-12-15', '县民政局', 'document', '', \
                 '报送名单', '1月5日', 'outside', '', 'pending', '', '李四', '', \
                 '2026-12-15 09:00:00')",
                [&store.dataset],
            )
            .unwrap();
        let read = |store: &Store| {
            let entry = store.register().unwrap().remove(0);
            (
                entry.request.deadline.clone(),
                entry.request.deadline_words.clone(),
                entry.request.deadline_text(),
            )
        };
        let expected = (
            "2027-01-05".to_string(),
            "1月5日".to_string(),
            "2027-01-05（1月5日）".to_string(),
        );
        assert_eq!(read(&store), expected);
        let edit = EntryEdit {
            note: Some("已报".into()),
            ..EntryEdit::default()
        };
        store.edit_entry(1, &edit).unwrap();
        assert!(schema::has_column(&store.conn, "register", "deadline_words").unwrap());
        assert_eq!(read(&store), expected);
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
