//! The county's answer to a task sent to it for 准入 (报批): due a number of working days after
//! the day the task was submitted, and late once a working day has passed after that.

use crate::date::Date;
use crate::workdays::{Calendar, Due};

use super::{Entry, Outcome};

/// When the answer to a 报批 entry is due, and how late it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub submitted: Date,
    pub due: Due,
    /// Working days after the due day, up to and including today: the county answers on
    /// working days, so an answer due on a Friday is late on the Monday, not the Saturday.
    pub late: u32,
}

impl Answer {
    pub fn overdue(&self) -> bool {
        self.late > 0
    }

    /// "2026-12-22", with what more there is to say in brackets:
    /// "2027-01-05（逾期 3 个工作日；2027 年放假安排未收录，按周末估算）".
    pub fn text(&self) -> String {
        let mut notes = Vec::new();
        if self.overdue() {
            notes.push(format!("逾期 {} 个工作日", self.late));
        }
        notes.extend(self.due.estimate_note());
        if notes.is_empty() {
            self.due.day.to_string()
        } else {
            format!("{}（{}）", self.due.day, notes.join("；"))
        }
    }
}

impl Entry {
    /// The county's answer, due `days` working days after the entry was submitted, as it
    /// stands on `today`; none unless the entry is 报批 (with the day it was).
    pub fn answer(&self, calendar: &Calendar, days: u32, today: Date) -> Option<Answer> {
        if self.request.outcome != Outcome::Submit {
            return None;
        }
        let submitted = Date::parse_iso(self.submitted.as_deref()?)?;
        let due = calendar.add_working_days(submitted, days);
        let late = calendar.working_days_between(due.day, today);
        Some(Answer {
            submitted,
            due,
            late,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admit::Verdict;
    use crate::model::Dataset;
    use crate::review::Store;
    use crate::review::register::{Channel, EntryEdit, Request, Suggestion};

    fn day(text: &str) -> Date {
        Date::parse_iso(text).unwrap()
    }

    fn request(task: &str, outcome: Outcome) -> Request {
        Request {
            received: "2026-11-30".into(),
            source: "县民政局".into(),
            channel: Channel::Document,
            doc_ref: String::new(),
            notice_title: String::new(),
            notice_date: String::new(),
            task: task.into(),
            deadline: String::new(),
            deadline_words: String::new(),
            verdict: Verdict::Outside,
            item: String::new(),
            outcome,
            note: String::new(),
            suggested: Suggestion {
                verdict: Verdict::Outside,
                item: String::new(),
            },
        }
    }

    /// The store as it is at `time`: every change written from it is dated then.
    fn at(path: &std::path::Path, time: &str) -> Store {
        let dataset = Dataset::embedded().unwrap();
        Store::open(path, &dataset, "张三")
            .unwrap()
            .with_fixed_time(time)
    }

    fn entry(store: &Store, number: i64) -> Entry {
        let entries = store.register().unwrap();
        entries.into_iter().find(|e| e.number == number).unwrap()
    }

    #[test]
    fn a_submitted_entry_is_due_in_working_days_and_late_after() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("review.db");
        let calendar = Calendar::embedded();
        let numbers = at(&path, "2026-12-01 09:00:00")
            .record(&[
                request("摸排辖区养老机构", Outcome::Submit),
                request("报送名单", Outcome::Pending),
            ])
            .unwrap();
        let (submitted, pending) = (numbers[0].number(), numbers[1].number());
        let other = entry(&at(&path, "2026-12-01 09:00:00"), pending);
        assert_eq!(other.submitted, None);
        assert_eq!(other.answer(calendar, 15, day("2027-06-01")), None);
        // A note written later keeps the day it was submitted.
        let note = EntryEdit {
            note: Some("已报编办".into()),
            ..EntryEdit::default()
        };
        at(&path, "2026-12-03 10:00:00")
            .edit_entry(submitted, &note)
            .unwrap();
        let store = at(&path, "2026-12-03 10:00:00");
        let sent = entry(&store, submitted);
        assert_eq!(sent.submitted.as_deref(), Some("2026-12-01"));
        // December 2026 has no holiday: three weeks of working days, less one.
        let answer = sent.answer(calendar, 15, day("2026-12-22")).unwrap();
        assert_eq!(answer.due.day, day("2026-12-22"));
        assert!(answer.due.is_exact());
        assert!(!answer.overdue());
        assert_eq!(answer.text(), "2026-12-22");
        let late = sent.answer(calendar, 15, day("2026-12-28")).unwrap();
        assert_eq!(late.late, 4);
        assert!(late.overdue());
        assert_eq!(late.text(), "2026-12-22（逾期 4 个工作日）");
        // The weekend after a Friday due day is not yet late.
        let friday = sent.answer(calendar, 18, day("2026-12-27")).unwrap();
        assert_eq!(friday.due.day, day("2026-12-25"));
        assert!(!friday.overdue());
        let json = serde_json::to_value(&sent).unwrap();
        assert_eq!(json["submitted"], "2026-12-01");
        assert!(
            serde_json::to_value(&other)
                .unwrap()
                .get("submitted")
                .is_none()
        );
    }

    #[test]
    fn leaving_submit_and_coming_back_starts_the_count_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("review.db");
        let number = at(&path, "2026-12-01 09:00:00")
            .record(&[request("摸排辖区养老机构", Outcome::Submit)])
            .unwrap()[0]
            .number();
        for (time, outcome) in [
            ("2026-12-10 09:00:00", Outcome::Pending),
            ("2026-12-14 16:00:00", Outcome::Submit),
        ] {
            let edit = EntryEdit {
                outcome: Some(outcome),
                ..EntryEdit::default()
            };
            let changed = at(&path, time).edit_entry(number, &edit).unwrap();
            let expected = (outcome == Outcome::Submit).then(|| time[..10].to_string());
            assert_eq!(changed.submitted, expected, "{time}");
        }
        let sent = entry(&at(&path, "2026-12-14 16:00:00"), number);
        // From 12-14, into 2027, whose notice is not in yet: 1/1 (元旦) and the weekend skipped.
        let answer = sent
            .answer(Calendar::embedded(), 15, day("2027-01-05"))
            .unwrap();
        assert_eq!(answer.submitted, day("2026-12-14"));
        assert_eq!(answer.due.day, day("2027-01-05"));
        assert_eq!(answer.due.estimated, [2027]);
        assert!(!answer.overdue());
        assert_eq!(
            answer.text(),
            "2027-01-05（2027 年放假安排未收录，按周末估算）"
        );
        let late = sent
            .answer(Calendar::embedded(), 15, day("2027-01-06"))
            .unwrap();
        assert_eq!(
            late.text(),
            "2027-01-05（逾期 1 个工作日；2027 年放假安排未收录，按周末估算）"
        );
    }
}
