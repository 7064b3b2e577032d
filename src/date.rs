//! Dates as offices write them: in full (2026-12-05, 2026年12月5日, 二〇二六年十二月五日), without
//! a year (12月5日, 12-05), or against the day they were written (明天, 下周五, 月底). A deadline
//! is one day: the words are resolved against the day they were written on, and a month earlier
//! than that day's is next year's.

use std::fmt;

/// A day of the Gregorian calendar; the calendar's arithmetic (month lengths, leap years,
/// weekdays) is the `time` crate's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(time::Date);

impl Date {
    /// The day, if there is one (no 2月30日).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1900..=2999).contains(&year) {
            return None;
        }
        let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
        time::Date::from_calendar_date(year, month, u8::try_from(day).ok()?)
            .ok()
            .map(Date)
    }

    /// YYYY-MM-DD exactly, as the register keeps it.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let text = text.trim();
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        Date::new(
            text.get(..4)?.parse().ok()?,
            text.get(5..7)?.parse().ok()?,
            text.get(8..)?.parse().ok()?,
        )
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }

    pub fn month(self) -> u32 {
        u32::from(u8::from(self.0.month()))
    }

    pub fn day(self) -> u32 {
        u32::from(self.0.day())
    }

    /// The day `days` after 1970-01-01: a clock's count of days.
    pub fn from_unix_days(days: i64) -> Date {
        Date(time::OffsetDateTime::UNIX_EPOCH.date()).add_days(days)
    }

    pub fn add_days(self, days: i64) -> Date {
        Date(self.0.saturating_add(time::Duration::days(days)))
    }

    /// 1 for Monday … 7 for Sunday.
    pub fn weekday(self) -> i64 {
        i64::from(self.0.weekday().number_from_monday())
    }

    /// The last day of a month; none for a month that is no month or a year out of range.
    fn month_end(year: i32, month: u32) -> Option<Date> {
        let first = Date::new(year, month, 1)?;
        let last = time::util::days_in_month(first.0.month(), year);
        Date::new(year, month, u32::from(last))
    }

    fn next_month(self) -> (i32, u32) {
        if self.month() == 12 {
            (self.year() + 1, 1)
        } else {
            (self.year(), self.month() + 1)
        }
    }
}

impl Date {
    /// As a 公文 writes a date: Arabic numerals, no leading zeros ("2026年12月2日").
    pub fn chinese(self) -> String {
        format!("{}年{}月{}日", self.year(), self.month(), self.day())
    }

    /// Today on this machine's clock and time zone (TZ), as the review file's times are read;
    /// none if the clock is unreadable.
    pub fn today() -> Option<Date> {
        let conn = rusqlite::Connection::open_in_memory().ok()?;
        let today: String = conn
            .query_row("SELECT date('now', 'localtime')", [], |row| row.get(0))
            .ok()?;
        Date::parse_iso(&today)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

const NUMERALS: &str = "〇零一二三四五六七八九十两";

/// 十一 → 11, 二十 → 20, 三十一 → 31; 二〇二六 (digit by digit, as years are written) → 2026.
fn chinese_number(text: &str) -> Option<u32> {
    let digit = |c: char| match c {
        '〇' | '零' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    };
    let chars: Vec<char> = text.chars().collect();
    match chars.iter().position(|&c| c == '十') {
        None => chars
            .iter()
            .try_fold(0u32, |n, &c| Some(n.checked_mul(10)? + digit(c)?)),
        Some(at) => {
            let tens = match at {
                0 => 1,
                1 => digit(chars[0])?,
                _ => return None,
            };
            let ones = match &chars[at + 1..] {
                [] => 0,
                [c] => digit(*c)?,
                _ => return None,
            };
            Some(tens * 10 + ones)
        }
    }
}

/// The text with each number written in Chinese before 年, 月, 日 or 号 in digits.
fn arabic(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..]
            .iter()
            .take_while(|c| NUMERALS.contains(**c))
            .count();
        if run > 0 && matches!(chars.get(i + run), Some('年' | '月' | '日' | '号')) {
            let written: String = chars[i..i + run].iter().collect();
            match chinese_number(&written) {
                Some(n) => out.push_str(&n.to_string()),
                None => out.push_str(&written),
            }
            i += run;
        } else if run > 0 {
            out.extend(&chars[i..i + run]);
            i += run;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// A full date: 2026-11-30, 2026/11/30, 2026.11.30, 2026年11月30日, 二〇二六年十一月三十日.
pub fn parse_full(text: &str) -> Option<Date> {
    let text = arabic(text.trim());
    let text = text.trim_end_matches(['日', '号']);
    let parts: Vec<&str> = text.split(['-', '/', '.', '年', '月']).collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    if y.len() != 4 {
        return None;
    }
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// The year a month without one falls in, seen from `on`: a month earlier than `on`'s is next
/// year's (a notice of 12月20日 asking for 1月10日).
fn year_of(month: u32, on: Date) -> i32 {
    if month < on.month() {
        on.year() + 1
    } else {
        on.year()
    }
}

/// Words around a date that do not change the day: 于…前, 截至…, …之前, …下班前, …12时前.
fn bare(words: &str) -> &str {
    let mut text = words.trim();
    loop {
        let before = text;
        for lead in [
            "截至",
            "截止到",
            "截止",
            "最迟于",
            "最迟",
            "务必于",
            "请于",
            "于",
            "在",
            "到",
        ] {
            text = text.strip_prefix(lead).unwrap_or(text).trim_start();
        }
        for tail in [
            "之前", "以前", "前", "为止", "截止", "止", "下班", "中午", "上午", "下午", "晚上",
        ] {
            text = text.strip_suffix(tail).unwrap_or(text).trim_end();
        }
        // A time of day: 12时, 18点, 17:30.
        let timed = text
            .trim_end_matches(['时', '点'])
            .trim_end_matches(|c: char| c.is_ascii_digit() || c == ':' || c == '：');
        if timed.len() < text.len() && timed.ends_with(['日', '号', '天']) {
            text = timed;
        }
        if text == before {
            return text;
        }
    }
}

/// The day of the week a word names (一 … 日/天).
fn weekday_named(c: &str) -> Option<i64> {
    Some(match c {
        "一" | "1" => 1,
        "二" | "2" => 2,
        "三" | "3" => 3,
        "四" | "4" => 4,
        "五" | "5" => 5,
        "六" | "6" => 6,
        "日" | "天" | "七" | "7" => 7,
        _ => return None,
    })
}

/// 周五, 本周五, 下周五, 星期五, 下个星期五, 下礼拜五: the coming one, this week's, next week's.
fn weekday(text: &str, on: Date) -> Option<Date> {
    let monday = on.add_days(1 - on.weekday());
    for (lead, start) in [
        ("下个星期", Some(7)),
        ("下个礼拜", Some(7)),
        ("下星期", Some(7)),
        ("下礼拜", Some(7)),
        ("下周", Some(7)),
        ("本星期", Some(0)),
        ("这星期", Some(0)),
        ("本礼拜", Some(0)),
        ("这礼拜", Some(0)),
        ("本周", Some(0)),
        ("这周", Some(0)),
        ("星期", None),
        ("礼拜", None),
        ("周", None),
    ] {
        let Some(day) = text.strip_prefix(lead).and_then(weekday_named) else {
            continue;
        };
        return Some(match start {
            Some(week) => monday.add_days(week + day - 1),
            None => on.add_days((day - on.weekday()).rem_euclid(7)),
        });
    }
    None
}

/// The day a deadline falls on, written on `on` (the notice's date, or the day it was
/// received): 2026-12-05, 2026年12月5日, 12月5日, 12-05, 本月20日, 20日, 6月底, 月底, 年底,
/// 今天, 明天, 后天, 周五, 下周五; with 于…前, 之前, 下班前 and the like around it. `None` when the
/// words name no one day (每月5日, 尽快, 长期).
pub fn deadline(words: &str, on: Date) -> Option<Date> {
    let text = arabic(bare(words));
    let text = text.as_str();
    let relative = match text {
        "今天" | "今日" | "当天" | "当日" => Some(0),
        "明天" | "明日" => Some(1),
        "后天" => Some(2),
        "大后天" => Some(3),
        _ => None,
    };
    if let Some(days) = relative {
        return Some(on.add_days(days));
    }
    match text {
        "月底" | "月末" | "本月底" | "本月末" => {
            return Date::month_end(on.year(), on.month());
        }
        "下月底" | "下月末" | "下个月底" | "下个月末" => {
            let (year, month) = on.next_month();
            return Date::month_end(year, month);
        }
        "年底" | "年末" | "本年底" | "今年底" | "今年年底" => {
            return Date::new(on.year(), 12, 31);
        }
        _ => {}
    }
    if let Some(day) = weekday(text, on) {
        return Some(day);
    }
    if let Some(date) = parse_full(text) {
        return Some(date);
    }
    // 6月底, 6月末
    if let Some(month) = text
        .strip_suffix("月底")
        .or_else(|| text.strip_suffix("月末"))
    {
        let month: u32 = month.parse().ok().filter(|m| (1..=12).contains(m))?;
        return Date::month_end(year_of(month, on), month);
    }
    let day_of = |s: &str| {
        s.strip_suffix(['日', '号'])
            .and_then(|d| d.parse::<u32>().ok())
    };
    // 本月20日
    if let Some(day) = text.strip_prefix("本月").and_then(day_of) {
        return Date::new(on.year(), on.month(), day);
    }
    // 12月5日, 12月5号
    if let Some((month, day)) = text.split_once('月') {
        let month: u32 = month.parse().ok()?;
        return Date::new(year_of(month, on), month, day_of(day)?);
    }
    // 12-05, 12/05, 12.05
    if let Some((month, day)) = text.split_once(['-', '/', '.']) {
        let (month, day): (u32, u32) = (month.parse().ok()?, day.parse().ok()?);
        return Date::new(year_of(month, on), month, day);
    }
    // 20日: this month's, or next month's when the 20th has passed.
    let day = day_of(text)?;
    match Date::new(on.year(), on.month(), day) {
        Some(date) if date >= on => Some(date),
        _ => {
            let (year, month) = on.next_month();
            Date::new(year, month, day)
        }
    }
}

/// The notice's own date: the date of its signature (落款, among its last lines), else the
/// first full date in its text.
pub fn notice_date(text: &str) -> Option<Date> {
    let signed = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .rev()
        .take(4)
        .find_map(parse_full);
    signed.or_else(|| first_full_date(&arabic(text)))
}

/// The first 2026年11月20日 or 2026-11-20 in a text (numbers already in digits).
fn first_full_date(text: &str) -> Option<Date> {
    let chars: Vec<char> = text.chars().collect();
    let digits_at = |from: usize| {
        chars.get(from..).map_or(0, |rest| {
            rest.iter().take_while(|c| c.is_ascii_digit()).count()
        })
    };
    for start in 0..chars.len() {
        if (start > 0 && chars[start - 1].is_ascii_digit()) || digits_at(start) != 4 {
            continue;
        }
        let year_end = start + 4;
        let (between, closed) = match chars.get(year_end) {
            Some('年') => ('月', true),
            Some('-') => ('-', false),
            _ => continue,
        };
        let month = digits_at(year_end + 1);
        let month_end = year_end + 1 + month;
        if !(1..=2).contains(&month) || chars.get(month_end) != Some(&between) {
            continue;
        }
        let day = digits_at(month_end + 1);
        let end = month_end + 1 + day;
        if !(1..=2).contains(&day) || (closed && !matches!(chars.get(end), Some('日' | '号'))) {
            continue;
        }
        let written: String = chars[start..end].iter().collect();
        if let Some(date) = parse_full(&written) {
            return Some(date);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        Date::parse_iso(text).unwrap()
    }

    #[test]
    fn days_and_weekdays() {
        assert_eq!(day("2026-11-30").add_days(1), day("2026-12-01"));
        assert_eq!(day("2026-12-31").add_days(1), day("2027-01-01"));
        assert_eq!(day("2028-02-28").add_days(1), day("2028-02-29"));
        assert_eq!(day("1970-01-01").weekday(), 4);
        assert_eq!(Date::from_unix_days(20_000), day("2024-10-04"));
        // 2026-11-30 is a Monday.
        assert_eq!(day("2026-11-30").weekday(), 1);
        assert_eq!(Date::parse_iso("2026-02-29"), None);
        assert_eq!(day("2026-12-05").to_string(), "2026-12-05");
    }

    #[test]
    fn full_dates_in_every_form() {
        for written in [
            "2026-11-30",
            "2026/11/30",
            "2026.11.30",
            "2026年11月30日",
            "二〇二六年十一月三十日",
            "2026年11月30号",
        ] {
            assert_eq!(parse_full(written), Some(day("2026-11-30")), "{written}");
        }
        assert_eq!(parse_full("11月30日"), None);
        assert_eq!(parse_full("2026-02-30"), None);
    }

    #[test]
    fn deadlines_resolve_against_the_day_written() {
        // A Monday in late November.
        let on = day("2026-11-30");
        for (words, expected) in [
            ("2026-12-05", "2026-12-05"),
            ("2026年12月5日", "2026-12-05"),
            ("12月5日", "2026-12-05"),
            ("12月5日前", "2026-12-05"),
            ("于12月5日下班前", "2026-12-05"),
            ("12月5日12时前", "2026-12-05"),
            ("十二月五日", "2026-12-05"),
            ("12-05", "2026-12-05"),
            ("12/5", "2026-12-05"),
            ("1月10日", "2027-01-10"),
            ("11月20日", "2026-11-20"),
            ("本月20日", "2026-11-20"),
            ("5日", "2026-12-05"),
            ("6月底前", "2027-06-30"),
            ("12月底", "2026-12-31"),
            ("月底", "2026-11-30"),
            ("下月底", "2026-12-31"),
            ("年底前", "2026-12-31"),
            ("今天", "2026-11-30"),
            ("明天", "2026-12-01"),
            ("后天", "2026-12-02"),
            ("周五", "2026-12-04"),
            ("本周五", "2026-12-04"),
            ("下周五", "2026-12-11"),
            ("下星期一", "2026-12-07"),
            ("周一", "2026-11-30"),
            ("星期日", "2026-12-06"),
        ] {
            assert_eq!(
                deadline(words, on).map(|d| d.to_string()).as_deref(),
                Some(expected),
                "{words}"
            );
        }
        for words in [
            "每月5日前",
            "尽快",
            "长期",
            "明年",
            "13月1日",
            "2月30日",
            "",
            "下周八",
        ] {
            assert_eq!(deadline(words, on), None, "{words}");
        }
    }

    #[test]
    fn a_notices_date_is_its_signatures_else_the_first_in_its_text() {
        let signed = "关于…的通知\n各乡镇：\n请于12月5日前报送。\n\n玛纳斯县农业农村局\n二〇二六年十一月二十日\n";
        assert_eq!(notice_date(signed), Some(day("2026-11-20")));
        let dated_in_text = "各乡镇：\n按2026年11月18日会议要求，请于12月5日前报送。\n";
        assert_eq!(notice_date(dated_in_text), Some(day("2026-11-18")));
        assert_eq!(notice_date("各乡镇：请于12月5日前报送。"), None);
        assert_eq!(notice_date("编号 20261130 已收"), None);
    }
}

/// A deadline as said before it falls: "12月15日" → "12月15日前"; words that say it already
/// ("12月20日前", "月底之前") or are no day ("全年", "长期") as written.
pub fn by(words: &str) -> String {
    let day =
        words.ends_with(['日', '号', '底', '旬']) || words.ends_with(|c: char| c.is_ascii_digit());
    if day && !words.ends_with("之前") {
        format!("{words}前")
    } else {
        words.to_string()
    }
}

#[cfg(test)]
mod by_tests {
    #[test]
    fn a_deadline_is_said_before_it_falls_once() {
        assert_eq!(super::by("2026年12月15日"), "2026年12月15日前");
        assert_eq!(super::by("6月底"), "6月底前");
        assert_eq!(super::by("12月20日前"), "12月20日前");
        assert_eq!(super::by("全年"), "全年");
        assert_eq!(super::by("2026-12-31"), "2026-12-31前");
    }
}
