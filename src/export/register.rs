//! The register for the 编办: every entry, then the counts per department and outcome, which
//! show the departments that keep pushing tasks down. xlsx has them on two sheets; csv and md
//! as two tables, one after the other; json as `{entries, counts}`.

use rust_xlsxwriter::{ExcelDateTime, Workbook, XlsxError};
use serde::Serialize;

use crate::admit::Verdict;
use crate::error::{Error, Result};
use crate::review::register::{Answer, Entry, Outcome};

use super::Format;

/// The entries' columns: header and cell. 办结时限 is the day (a date cell in xlsx), 时限原文
/// the notice's or the clerk's words for it; 判断 and 对应事项 are what was decided; the last
/// two say what lvzhi suggested when a person decided otherwise, and who; then the notice's
/// title and date, and for a 报批 entry the day it was sent and when the answer is due.
const COLUMNS: [&str; 22] = [
    "登记号",
    "乡镇",
    "收文日期",
    "来文部门",
    "渠道",
    "文号",
    "任务内容",
    "办结时限",
    "时限原文",
    "判断",
    "对应事项",
    "处理结果",
    "批准文号",
    "经办人",
    "备注",
    "更新时间",
    "lvzhi 原建议",
    "改定人",
    "通知标题",
    "通知日期",
    "报批日期",
    "答复期限",
];

/// One entry with the town it belongs to.
pub type TownEntry<'a> = (&'a str, &'a Entry);

/// lvzhi's suggestion where the decision differs from it ("收回 recalled-6"), else empty.
fn suggestion(e: &Entry) -> String {
    if !e.request.overridden() {
        return String::new();
    }
    let s = &e.request.suggested;
    if s.item.is_empty() {
        s.verdict.label().to_string()
    } else {
        format!("{} {}", s.verdict.label(), s.item)
    }
}

/// Where 办结时限 is.
const DEADLINE: usize = 7;

fn cells(town: &str, e: &Entry, answer: Option<&Answer>) -> [String; 22] {
    [
        e.number.to_string(),
        town.to_string(),
        e.request.received.clone(),
        e.request.source.clone(),
        e.request.channel.label().to_string(),
        e.request.doc_ref.clone(),
        e.request.task.clone(),
        e.request.deadline.clone(),
        e.request.deadline_note().to_string(),
        e.request.verdict.label().to_string(),
        e.request.item.clone(),
        e.request.outcome.label().to_string(),
        e.approval.clone(),
        e.handler.clone(),
        e.request.note.clone(),
        e.updated_at.clone(),
        suggestion(e),
        e.decided_by.clone().unwrap_or_default(),
        e.request.notice_title.clone(),
        e.request.notice_date.clone(),
        e.submitted.clone().unwrap_or_default(),
        answer.map(Answer::text).unwrap_or_default(),
    ]
}

/// Tasks per department: how many, by verdict and by outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    pub source: String,
    pub total: usize,
    pub verdicts: Vec<(Verdict, usize)>,
    pub outcomes: Vec<(Outcome, usize)>,
}

const COUNT_HEADERS: [&str; 12] = [
    "来文部门",
    "任务数",
    "基本",
    "配合",
    "收回",
    "清单外",
    "退回",
    "承接",
    "报批",
    "已准入",
    "待定",
    "清单外和收回占比",
];

/// Per department, those that push the most tasks that are not the town's first.
pub fn counts(entries: &[TownEntry]) -> Vec<Count> {
    let mut sources: Vec<&str> = entries
        .iter()
        .map(|(_, e)| e.request.source.as_str())
        .collect();
    sources.sort_unstable();
    sources.dedup();
    let mut counts: Vec<Count> = sources
        .into_iter()
        .map(|source| {
            let mine: Vec<&Entry> = entries
                .iter()
                .map(|(_, e)| *e)
                .filter(|e| e.request.source == source)
                .collect();
            Count {
                source: source.to_string(),
                total: mine.len(),
                verdicts: Verdict::ALL
                    .map(|v| (v, mine.iter().filter(|e| e.request.verdict == v).count()))
                    .to_vec(),
                outcomes: Outcome::ALL
                    .map(|o| (o, mine.iter().filter(|e| e.request.outcome == o).count()))
                    .to_vec(),
            }
        })
        .collect();
    counts.sort_by_key(|c| (std::cmp::Reverse(pushed(c)), std::cmp::Reverse(c.total)));
    counts
}

/// Tasks that were not the town's to do: in no list, or taken back.
fn pushed(count: &Count) -> usize {
    count
        .verdicts
        .iter()
        .filter(|(v, _)| matches!(v, Verdict::Outside | Verdict::Recalled))
        .map(|(_, n)| n)
        .sum()
}

fn count_cells(c: &Count) -> Vec<String> {
    let mut cells = vec![c.source.clone(), c.total.to_string()];
    cells.extend(c.verdicts.iter().map(|(_, n)| n.to_string()));
    cells.extend(c.outcomes.iter().map(|(_, n)| n.to_string()));
    cells.push(format!(
        "{:.0}%",
        100.0 * pushed(c) as f64 / c.total.max(1) as f64
    ));
    cells
}

/// A 报批 entry's answer in the JSON: the day due, whether late (and by how many working days),
/// and the years counted without their holiday notice.
#[derive(Serialize)]
struct JsonAnswer {
    answer_due: String,
    overdue: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    overdue_days: Option<u32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    answer_estimated: Vec<i32>,
}

impl JsonAnswer {
    fn of(answer: &Answer) -> JsonAnswer {
        JsonAnswer {
            answer_due: answer.due.day.to_string(),
            overdue: answer.overdue(),
            overdue_days: answer.overdue().then_some(answer.late),
            answer_estimated: answer.due.estimated.clone(),
        }
    }
}

/// As `render`, with each 报批 entry's answer (`answers` beside `entries`, none for the
/// others): keys in the JSON, the 答复期限 column in the tables.
pub fn render_answered(
    entries: &[TownEntry],
    answers: &[Option<Answer>],
    format: Format,
) -> Result<Vec<u8>> {
    let counts = counts(entries);
    Ok(match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Json<'a> {
                entries: Vec<JsonEntry<'a>>,
                counts: &'a [Count],
            }
            #[derive(Serialize)]
            struct JsonEntry<'a> {
                town: &'a str,
                #[serde(flatten)]
                entry: &'a Entry,
                #[serde(flatten, skip_serializing_if = "Option::is_none")]
                answer: Option<JsonAnswer>,
            }
            let json = Json {
                entries: entries
                    .iter()
                    .enumerate()
                    .map(|(i, &(town, entry))| JsonEntry {
                        town,
                        entry,
                        answer: answers.get(i).and_then(Option::as_ref).map(JsonAnswer::of),
                    })
                    .collect(),
                counts: &counts,
            };
            let mut text = crate::inert::json_pretty(&json);
            text.push('\n');
            text.into_bytes()
        }
        Format::Csv => {
            let mut out = "\u{FEFF}".as_bytes().to_vec();
            {
                let mut writer = ::csv::WriterBuilder::new()
                    .terminator(::csv::Terminator::CRLF)
                    .flexible(true)
                    .from_writer(&mut out);
                let neutral = |cells: Vec<String>| {
                    cells
                        .iter()
                        .map(|c| crate::inert::cell(c))
                        .collect::<Vec<_>>()
                };
                // Writing to a Vec cannot fail.
                let _ = writer.write_record(COLUMNS);
                for (i, &(town, entry)) in entries.iter().enumerate() {
                    let answer = answers.get(i).and_then(Option::as_ref);
                    let _ = writer.write_record(neutral(cells(town, entry, answer).to_vec()));
                }
                let _ = writer.write_record([""]);
                let _ = writer.write_record(COUNT_HEADERS);
                for count in &counts {
                    let _ = writer.write_record(neutral(count_cells(count)));
                }
                let _ = writer.flush();
            }
            out
        }
        Format::Markdown => markdown(entries, answers, &counts).into_bytes(),
        Format::Xlsx => xlsx(entries, answers, &counts).map_err(|e| Error::Write {
            path: "xlsx".into(),
            cause: std::io::Error::other(e.to_string()),
        })?,
    })
}

fn md_cell(text: &str) -> String {
    crate::inert::line(text)
        .replace('|', "\\|")
        .replace('␊', "<br>")
}

fn markdown(entries: &[TownEntry], answers: &[Option<Answer>], counts: &[Count]) -> String {
    let mut out = String::from("# 清单外事项登记台账\n\n");
    let row = |cells: &[String]| format!("| {} |\n", cells.join(" | "));
    out.push_str(&row(&COLUMNS.map(String::from)));
    out.push_str(&row(&COLUMNS.map(|_| "---".to_string())));
    for (i, &(town, entry)) in entries.iter().enumerate() {
        let answer = answers.get(i).and_then(Option::as_ref);
        out.push_str(&row(&cells(town, entry, answer).map(|c| md_cell(&c))));
    }
    out.push_str("\n## 按来文部门统计\n\n");
    out.push_str(&row(&COUNT_HEADERS.map(String::from)));
    out.push_str(&row(&COUNT_HEADERS.map(|_| "---".to_string())));
    for count in counts {
        let cells: Vec<String> = count_cells(count).iter().map(|c| md_cell(c)).collect();
        out.push_str(&row(&cells));
    }
    out
}

fn xlsx(
    entries: &[TownEntry],
    answers: &[Option<Answer>],
    counts: &[Count],
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let header = super::xlsx::header_style();
    let body = super::xlsx::body_style();
    let sheet = workbook.add_worksheet();
    sheet.set_name("清单外事项登记台账")?;
    let date = body.clone().set_num_format("yyyy-mm-dd");
    let widths = [
        7.0, 10.0, 11.0, 18.0, 7.0, 18.0, 50.0, 11.0, 12.0, 7.0, 12.0, 9.0, 16.0, 9.0, 24.0, 18.0,
        14.0, 9.0, 30.0, 11.0, 11.0, 24.0,
    ];
    for (c, (name, width)) in COLUMNS.iter().zip(widths).enumerate() {
        sheet.set_column_width(c as u16, width)?;
        sheet.write_string_with_format(0, c as u16, *name, &header)?;
    }
    for (r, &(town, entry)) in entries.iter().enumerate() {
        let r = r as u32 + 1;
        let answer = answers.get(r as usize - 1).and_then(Option::as_ref);
        for (c, cell) in cells(town, entry, answer).iter().enumerate() {
            let day = (c == DEADLINE)
                .then(|| crate::date::Date::parse_iso(cell))
                .flatten();
            if c == 0 {
                sheet.write_number_with_format(r, 0, entry.number as f64, &body)?;
            } else if let Some(day) = day {
                let day =
                    ExcelDateTime::from_ymd(day.year() as u16, day.month() as u8, day.day() as u8)?;
                sheet.write_date_with_format(r, c as u16, &day, &date)?;
            } else {
                sheet.write_string_with_format(r, c as u16, cell, &body)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, entries.len().max(1) as u32, COLUMNS.len() as u16 - 1)?;
    let sheet = workbook.add_worksheet();
    sheet.set_name("按来文部门统计")?;
    sheet.set_column_width(0, 24.0)?;
    for (c, name) in COUNT_HEADERS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, &header)?;
    }
    for (r, count) in counts.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in count_cells(count).iter().enumerate() {
            match cell.parse::<f64>() {
                Ok(n) if c > 0 => sheet.write_number_with_format(r, c as u16, n, &body)?,
                _ => sheet.write_string_with_format(r, c as u16, cell, &body)?,
            };
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    workbook.save_to_buffer()
}
