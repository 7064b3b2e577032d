//! Working days (工作日) as the State Council sets them each year: Monday to Friday, except the
//! statutory holidays (法定节假日) its notice gives off, and with the weekend days it makes
//! working days (调休上班). The notices are kept in data/holidays/, a file per year, embedded in
//! the binary; a year without one is estimated from the weekends and the holidays fixed by date.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use crate::date::Date;
use crate::error::{Error, Result};

/// Working days the county has to answer a task sent to it for 准入 (报批), unless set.
pub const DEFAULT_ANSWER_DAYS: u32 = 15;

/// The holiday files, by name (the year they are for); each also needs its line here.
const EMBEDDED: [(&str, &str); 2] = [
    ("2025.txt", include_str!("../data/holidays/2025.txt")),
    ("2026.txt", include_str!("../data/holidays/2026.txt")),
];

/// Where the files are, for the errors that name one.
const FOLDER: &str = "data/holidays";

/// The year's holidays fixed by date in the 全国年节及纪念日放假办法 (元旦, 劳动节, 国庆节): all
/// a year without its notice is known to give off (春节, 清明, 端午 and 中秋 move with the moon).
const FIXED: [(u32, u32); 6] = [(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)];

/// Which days are working days.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    /// The days the notices set apart: true for a working day, false for a day off.
    days: BTreeMap<Date, bool>,
    /// The years whose notice is in.
    years: BTreeSet<i32>,
}

/// The day an answer is due, and whether it is exact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub day: Date,
    /// The years counted through without their notice (weekends and fixed-date holidays only).
    pub estimated: Vec<i32>,
}

impl Due {
    pub fn is_exact(&self) -> bool {
        self.estimated.is_empty()
    }

    /// "2027 年放假安排未收录，按周末估算", for a due day counted through a year without its notice.
    pub fn estimate_note(&self) -> Option<String> {
        if self.is_exact() {
            return None;
        }
        let years: Vec<String> = self.estimated.iter().map(i32::to_string).collect();
        Some(format!("{} 年放假安排未收录，按周末估算", years.join("、")))
    }
}

/// One notice as its file gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Notice {
    year: i32,
    /// Each holiday's name and its days off, first and last.
    off: Vec<(String, Date, Date)>,
    /// The weekend days worked instead, with the holiday they are for.
    worked: Vec<(String, Date)>,
}

impl Calendar {
    /// The calendar of the embedded files, read once. Every file is checked by a test; one that
    /// could not be read would count as missing (estimated, and said so), never a panic.
    pub fn embedded() -> &'static Calendar {
        static CALENDAR: OnceLock<Calendar> = OnceLock::new();
        CALENDAR.get_or_init(|| {
            let mut calendar = Calendar::default();
            for (name, text) in EMBEDDED {
                let _ = calendar.add(name, text);
            }
            calendar
        })
    }

    /// Adds a year's file ("2026.txt" and its text): all of it, or nothing and why.
    pub fn add(&mut self, name: &str, text: &str) -> Result<()> {
        let notice = parse(name, text)?;
        let mut days = Vec::new();
        for (_, first, last) in &notice.off {
            let mut day = *first;
            while day <= *last {
                days.push((day, false));
                day = day.add_days(1);
            }
        }
        days.extend(notice.worked.iter().map(|(_, day)| (*day, true)));
        for &(day, working) in &days {
            if self.days.get(&day).is_some_and(|&w| w != working) {
                return Err(Error::Holidays {
                    file: format!("{FOLDER}/{name}"),
                    line: None,
                    message: format!("{day} 和已读入的另一年的文件说法不一"),
                });
            }
        }
        self.days.extend(days);
        self.years.insert(notice.year);
        Ok(())
    }

    /// Whether the year's notice is in.
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    pub fn is_working_day(&self, day: Date) -> bool {
        if let Some(&working) = self.days.get(&day) {
            return working;
        }
        if day.weekday() >= 6 {
            return false;
        }
        // Without the year's notice, only the holidays fixed by date are known.
        self.covers(day.year()) || !FIXED.contains(&(day.month(), day.day()))
    }

    /// The n-th working day after `from` (`from` itself not counted), and the years it was
    /// counted through without their notice.
    pub fn add_working_days(&self, from: Date, n: u32) -> Due {
        let (mut day, mut left) = (from, n);
        let mut estimated = BTreeSet::new();
        while left > 0 {
            let next = day.add_days(1);
            // The end of the calendar: nothing further to count.
            if next == day {
                break;
            }
            day = next;
            if !self.covers(day.year()) {
                estimated.insert(day.year());
            }
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        Due {
            day,
            estimated: estimated.into_iter().collect(),
        }
    }

    /// The working days after `after`, up to and including `until` (none when it is not later).
    pub fn working_days_between(&self, after: Date, until: Date) -> u32 {
        let mut count = 0u32;
        let mut day = after;
        while day < until {
            let next = day.add_days(1);
            if next == day {
                break;
            }
            day = next;
            if self.is_working_day(day) {
                count = count.saturating_add(1);
            }
        }
        count
    }
}

/// A year's file, strictly: the notice named on the first line, then lines of
/// `放假 节日 首日 末日` and `上班 节日 日期` (a Saturday or Sunday), dates in or next to the year.
fn parse(name: &str, text: &str) -> Result<Notice> {
    let file = format!("{FOLDER}/{name}");
    let wrong = |line: usize, message: String| Error::Holidays {
        file: file.clone(),
        line: (line > 0).then_some(line),
        message,
    };
    let year: i32 = name
        .strip_suffix(".txt")
        .filter(|y| y.len() == 4)
        .and_then(|y| y.parse().ok())
        .ok_or_else(|| wrong(0, "文件名应是年份，如 2027.txt".into()))?;
    let title = format!("# 国务院办公厅关于{year}年部分节假日安排的通知");
    if !text.lines().next().is_some_and(|l| l.starts_with(&title)) {
        return Err(wrong(1, format!("第一行应写明所据的通知：{title}")));
    }
    let mut notice = Notice {
        year,
        off: Vec::new(),
        worked: Vec::new(),
    };
    let mut seen: BTreeMap<Date, usize> = BTreeMap::new();
    for (at, line) in text.lines().enumerate() {
        let number = at + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let date = |text: &str| {
            let day = Date::parse_iso(text)
                .ok_or_else(|| wrong(number, format!("「{text}」不是 YYYY-MM-DD 的日期")))?;
            // A notice may reach into the December before or the January after, no further.
            let near = day.year() == year
                || (day.year() == year - 1 && day.month() == 12)
                || (day.year() == year + 1 && day.month() == 1);
            if near {
                Ok(day)
            } else {
                Err(wrong(number, format!("{day} 不在 {year} 年")))
            }
        };
        let fields: Vec<&str> = line.split_whitespace().collect();
        let days = match fields.as_slice() {
            ["放假", holiday, first, last] => {
                let (first, last) = (date(first)?, date(last)?);
                if last < first || last > first.add_days(30) {
                    return Err(wrong(number, format!("{first} 至 {last} 不是一段假期")));
                }
                notice.off.push((holiday.to_string(), first, last));
                let mut days = vec![first];
                while let Some(&day) = days.last().filter(|&&d| d < last) {
                    days.push(day.add_days(1));
                }
                days
            }
            ["上班", holiday, day] => {
                let day = date(day)?;
                if day.weekday() < 6 {
                    return Err(wrong(
                        number,
                        format!("{day} 不是周六或周日：调休上班的只是周末的日子"),
                    ));
                }
                notice.worked.push((holiday.to_string(), day));
                vec![day]
            }
            _ => {
                return Err(wrong(
                    number,
                    "应为「放假 节日 首日 末日」或「上班 节日 日期」，如：放假 春节 2026-02-15 2026-02-23"
                        .into(),
                ));
            }
        };
        for day in days {
            if let Some(before) = seen.insert(day, number) {
                return Err(wrong(number, format!("{day} 在第 {before} 行已经写过")));
            }
        }
    }
    if notice.off.is_empty() {
        return Err(wrong(0, "没有一行「放假」：通知的安排没有写进来".into()));
    }
    Ok(notice)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        Date::parse_iso(text).unwrap()
    }

    fn embedded(name: &str) -> Notice {
        let (_, text) = EMBEDDED.iter().find(|(n, _)| *n == name).unwrap();
        parse(name, text).unwrap()
    }

    fn working_days_in(calendar: &Calendar, year: i32) -> usize {
        let mut d = day(&format!("{year}-01-01"));
        let mut count = 0;
        while d.year() == year {
            count += usize::from(calendar.is_working_day(d));
            d = d.add_days(1);
        }
        count
    }

    /// The days off that would have been working days (Monday to Friday).
    fn weekdays_off(notice: &Notice) -> usize {
        let mut count = 0;
        for (_, first, last) in &notice.off {
            let mut d = *first;
            while d <= *last {
                count += usize::from(d.weekday() < 6);
                d = d.add_days(1);
            }
        }
        count
    }

    /// Every day the notice gives off is off, every weekend day it makes a working day is one.
    fn check_notice(notice: &Notice) {
        let calendar = Calendar::embedded();
        assert!(calendar.covers(notice.year));
        for (holiday, first, last) in &notice.off {
            let mut d = *first;
            while d <= *last {
                assert!(!calendar.is_working_day(d), "{holiday} {d}");
                d = d.add_days(1);
            }
        }
        for (holiday, d) in &notice.worked {
            assert!(d.weekday() >= 6, "{holiday} {d}");
            assert!(calendar.is_working_day(*d), "{holiday} {d}");
        }
    }

    #[test]
    fn every_embedded_file_parses_and_every_file_in_the_folder_is_embedded() {
        let mut calendar = Calendar::default();
        for (name, text) in EMBEDDED {
            calendar.add(name, text).unwrap();
        }
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(FOLDER);
        let mut files: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let embedded: Vec<&str> = EMBEDDED.iter().map(|(n, _)| *n).collect();
        assert_eq!(files, embedded, "add each file's line to EMBEDDED");
    }

    /// 国务院办公厅关于2025年部分节假日安排的通知; the figures were checked against the
    /// chinesecalendar package (1.11.0), whose tables give the same days.
    #[test]
    fn the_2025_notice() {
        let notice = embedded("2025.txt");
        check_notice(&notice);
        assert_eq!(notice.off.len(), 6);
        assert_eq!(weekdays_off(&notice), 18);
        let worked: Vec<String> = notice.worked.iter().map(|(_, d)| d.to_string()).collect();
        assert_eq!(
            worked,
            [
                "2025-01-26",
                "2025-02-08",
                "2025-04-27",
                "2025-09-28",
                "2025-10-11"
            ]
        );
        let calendar = Calendar::embedded();
        // 261 weekdays, 18 of them given off, 5 weekend days worked.
        assert_eq!(working_days_in(calendar, 2025), 248);
        // 15 working days from the day before 国庆: 9/28 (a Sunday) counts, 10/1–8 do not.
        let due = calendar.add_working_days(day("2025-09-26"), 15);
        assert_eq!(due.day, day("2025-10-23"));
        assert!(due.is_exact());
        // Over 春节: 1/26 (Sunday) counts, 1/28–2/4 do not, 2/8 (Saturday) counts.
        let due = calendar.add_working_days(day("2025-01-24"), 5);
        assert_eq!(due.day, day("2025-02-07"));
    }

    /// 国务院办公厅关于2026年部分节假日安排的通知; checked against chinesecalendar as above.
    #[test]
    fn the_2026_notice() {
        let notice = embedded("2026.txt");
        check_notice(&notice);
        assert_eq!(notice.off.len(), 7);
        assert_eq!(weekdays_off(&notice), 19);
        let worked: Vec<String> = notice.worked.iter().map(|(_, d)| d.to_string()).collect();
        assert_eq!(
            worked,
            [
                "2026-01-04",
                "2026-02-14",
                "2026-02-28",
                "2026-05-09",
                "2026-09-20",
                "2026-10-10"
            ]
        );
        let calendar = Calendar::embedded();
        // 261 weekdays, 19 of them given off, 6 weekend days worked.
        assert_eq!(working_days_in(calendar, 2026), 248);
        // From Friday 9/18: 9/20 (Sunday) counts, 9/25–27 (中秋) and 10/1–7 (国庆) do not,
        // 10/10 (Saturday) counts.
        let due = calendar.add_working_days(day("2026-09-18"), 15);
        assert_eq!(due.day, day("2026-10-15"));
        assert!(due.is_exact());
        assert_eq!(due.estimate_note(), None);
        assert_eq!(
            calendar.working_days_between(day("2026-10-15"), day("2026-10-19")),
            2
        );
        // From Thursday 2/12: 2/13, 2/14 (Saturday) count, 2/15–23 do not.
        let due = calendar.add_working_days(day("2026-02-12"), 3);
        assert_eq!(due.day, day("2026-02-24"));
    }

    #[test]
    fn a_year_without_its_notice_is_estimated_and_says_which() {
        let calendar = Calendar::embedded();
        assert!(!calendar.covers(2027));
        // Weekends and 10/1–3 only: 2027-10-01 is a Friday.
        let due = calendar.add_working_days(day("2027-09-28"), 5);
        assert_eq!(due.day, day("2027-10-06"));
        assert_eq!(due.estimated, [2027]);
        assert_eq!(
            due.estimate_note().as_deref(),
            Some("2027 年放假安排未收录，按周末估算")
        );
        // Into 2027 from 2026: 12/29–31, then 1/1 (a Friday, 元旦) and the weekend skipped.
        let due = calendar.add_working_days(day("2026-12-28"), 5);
        assert_eq!(due.day, day("2027-01-05"));
        assert_eq!(due.estimated, [2027]);
        // 劳动节's fixed days, on a Monday and a Tuesday.
        assert!(!calendar.is_working_day(day("2028-05-01")));
        assert!(!calendar.is_working_day(day("2028-05-02")));
        assert!(calendar.is_working_day(day("2028-05-03")));
        assert_eq!(
            calendar.add_working_days(day("2026-12-28"), 0).day,
            day("2026-12-28")
        );
    }

    #[test]
    fn a_file_is_read_strictly_and_its_errors_name_file_and_line() {
        let head = "# 国务院办公厅关于2027年部分节假日安排的通知\n";
        let error = |body: &str| {
            parse("2027.txt", &format!("{head}{body}"))
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            error("放假 元旦 2027-01-01 2027-01-01\n上班 元旦 2027-01-04\n"),
            "data/holidays/2027.txt：第 3 行：2027-01-04 不是周六或周日：调休上班的只是周末的日子"
        );
        for (body, expected) in [
            (
                "放假 元旦 2027-01-01\n",
                "第 2 行：应为「放假 节日 首日 末日」",
            ),
            ("休息 元旦 2027-01-01 2027-01-01\n", "第 2 行：应为"),
            (
                "放假 元旦 2027-1-1 2027-01-01\n",
                "第 2 行：「2027-1-1」不是",
            ),
            ("放假 元旦 2027-01-03 2027-01-01\n", "不是一段假期"),
            (
                "放假 元旦 2028-03-01 2028-03-01\n",
                "2028-03-01 不在 2027 年",
            ),
            (
                "放假 元旦 2027-01-01 2027-01-01\n\n放假 春节 2027-01-01 2027-01-02\n",
                "第 4 行：2027-01-01 在第 2 行已经写过",
            ),
            ("# 只有说明\n", "没有一行「放假」"),
        ] {
            let message = error(body);
            assert!(message.contains(expected), "{body}: {message}");
            assert!(message.starts_with("data/holidays/2027.txt："), "{message}");
        }
        let unnamed = parse("2027.txt", "放假 元旦 2027-01-01 2027-01-01\n").unwrap_err();
        assert!(
            unnamed
                .to_string()
                .contains("第 1 行：第一行应写明所据的通知")
        );
        assert!(parse("holidays.txt", head).is_err());
        // A file that cannot be read adds nothing.
        let mut calendar = Calendar::default();
        assert!(calendar.add("2027.txt", "放假 元旦\n").is_err());
        assert!(!calendar.covers(2027));
    }
}
