//! The values the command line takes, each parsed with a message in the users' words naming
//! what was given and what is expected.

use crate::admit::Verdict;
use crate::model::{ListKind, Status};
use crate::review::register::{Channel, Outcome};

/// A status as given on the command line; `None` clears the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusArg(pub Option<Status>);

pub(super) fn parse_status(s: &str) -> Result<StatusArg, String> {
    Status::parse(s)
        .map(StatusArg)
        .ok_or_else(|| format!("「{s}」不是审核状态：应为 {}", Status::EXPECTED))
}

/// A date as offices write it (2026-11-30, 2026/11/30, 2026.11.30, 2026年11月30日), kept as
/// YYYY-MM-DD so the register sorts and filters by it.
pub(super) fn parse_date(s: &str) -> Result<String, String> {
    crate::date::parse_full(s)
        .map(|d| d.to_string())
        .ok_or_else(|| format!("「{s}」不是日期：应写成 2026-11-30 或 2026年11月30日"))
}

/// A deadline as a clerk types it, kept in their words: its day depends on the day received,
/// known only when the command runs (`date::deadline`). Refused here when it names no day.
pub(super) fn parse_deadline(s: &str) -> Result<String, String> {
    crate::date::Date::new(2026, 1, 1)
        .and_then(|any_day| crate::date::deadline(s, any_day))
        .map(|_| s.trim().to_string())
        .ok_or_else(|| {
            format!(
                "「{s}」不是办结时限：应写成 2026-12-05、2026年12月5日、12月5日、12-05、明天、后天、周五、下周五、月底或 6月底"
            )
        })
}

/// A register's number as `lvzhi register` lists it.
pub(super) fn parse_number(s: &str) -> Result<i64, String> {
    let expected = "应为 lvzhi register 列出的第一列的数，如 3";
    match s.trim().parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        Err(e) if too_large(&e) => Err(format!("登记号「{s}」太大：{expected}")),
        _ => Err(format!("「{s}」不是登记号：{expected}")),
    }
}

pub(super) fn parse_limit(s: &str) -> Result<usize, String> {
    let expected = "应为 0 或正整数，如 20（0 为不限）";
    s.trim().parse::<usize>().map_err(|e| {
        if too_large(&e) {
            format!("项数「{s}」太大：{expected}")
        } else {
            format!("「{s}」不是项数：{expected}")
        }
    })
}

/// Digits beyond what the number can hold: a number, but out of range, said as such.
fn too_large(e: &std::num::ParseIntError) -> bool {
    *e.kind() == std::num::IntErrorKind::PosOverflow
}

pub(super) fn parse_channel(s: &str) -> Result<Channel, String> {
    Channel::parse(s)
        .ok_or_else(|| format!("「{s}」不是来文渠道：应为 文件、会议、电话、微信、12345、其他"))
}

pub(super) fn parse_outcome(s: &str) -> Result<Outcome, String> {
    Outcome::parse(s).ok_or_else(|| {
        format!("「{s}」不是处理结果：应为 退回、承接、报批、已准入、待定（或 return、accept、submit、admitted、pending）")
    })
}

pub(super) fn parse_verdict(s: &str) -> Result<Verdict, String> {
    Verdict::parse(s.trim()).ok_or_else(|| {
        format!("「{s}」不是判断：应为 basic、coop、recalled、outside 或 基本、配合、收回、清单外")
    })
}

pub(super) fn parse_list(s: &str) -> Result<ListKind, String> {
    ListKind::parse(s)
        .ok_or_else(|| format!("「{s}」不是清单名：应为 basic、coop、recalled 或 基本、配合、收回"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_offices_write_them() {
        for written in [
            "2026-11-30",
            "2026/11/30",
            "2026.11.30",
            "2026年11月30日",
            " 2026-11-30 ",
        ] {
            assert_eq!(
                parse_date(written).as_deref(),
                Ok("2026-11-30"),
                "{written}"
            );
        }
        assert_eq!(parse_date("2028-2-29").as_deref(), Ok("2028-02-29"));
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "昨天",
            "11-30",
            "2026-11-31",
            "",
        ] {
            let message = parse_date(bad).unwrap_err();
            assert!(message.contains("不是日期"), "{bad}: {message}");
        }
    }
}
