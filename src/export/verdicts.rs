//! The verdict table: every task of the notices read at once, a row each, for the leadership's
//! weekly meeting. xlsx with the header frozen and filtered; csv for Excel and WPS (BOM, CRLF,
//! cells kept from being formulas); md for the minutes.

use rust_xlsxwriter::{Workbook, XlsxError};

use crate::admit::{Admission, Assessment};
use crate::error::{Error, Result};

use super::Format;

/// The columns, as the clerk asked for them, with a number to speak of a row by.
pub const COLUMNS: [&str; 10] = [
    "序号",
    "文件",
    "来文单位",
    "文号",
    "任务",
    "判断",
    "对应事项",
    "建议",
    "时限",
    "负担信号",
];

const WIDTHS: [f64; 10] = [6.0, 18.0, 16.0, 18.0, 50.0, 10.0, 30.0, 50.0, 14.0, 30.0];

/// A notice as read: the file it came from and its answer.
pub type Notice<'a> = (&'a str, &'a Admission);

/// A task's cells, numbered `number`.
fn cells(number: usize, (file, notice): Notice, task: &Assessment) -> [String; 10] {
    let verdict = if task.sure {
        task.verdict.label().to_string()
    } else {
        format!("{}（不确定）", task.verdict.label())
    };
    let item = task
        .best()
        .map(|m| format!("{} {}", m.id, m.title))
        .unwrap_or_default();
    let signals: Vec<String> = task
        .notes
        .iter()
        .cloned()
        .chain(
            task.flags
                .iter()
                .map(|f| format!("{}「{}」", f.signal, f.word)),
        )
        .collect();
    [
        number.to_string(),
        // The file's name: the folder is the same for all and would crowd the column.
        std::path::Path::new(file)
            .file_name()
            .map_or(file.to_string(), |n| n.to_string_lossy().into_owned()),
        task.task
            .lead
            .clone()
            .or_else(|| notice.from.clone())
            .unwrap_or_default(),
        notice.doc_ref.clone().unwrap_or_default(),
        task.task.text.clone(),
        verdict,
        item,
        task.advice.clone(),
        task.task
            .deadline
            .clone()
            .or_else(|| notice.deadline.clone())
            .unwrap_or_default(),
        signals.join("；"),
    ]
}

/// Every row, numbered from 1 across the notices.
fn rows(notices: &[Notice]) -> Vec<[String; 10]> {
    notices
        .iter()
        .flat_map(|&notice| notice.1.tasks.iter().map(move |task| (notice, task)))
        .enumerate()
        .map(|(i, (notice, task))| cells(i + 1, notice, task))
        .collect()
}

/// A file that could not be read: its name and why.
pub type Unread<'a> = (&'a str, &'a str);

/// The table in `format` (csv, md or xlsx; json is the command's own), and after it the files
/// that could not be read: a table handed on must not hide that some were not.
pub fn render(notices: &[Notice], unread: &[Unread], format: Format) -> Result<Vec<u8>> {
    let rows = rows(notices);
    Ok(match format {
        Format::Csv | Format::Json => csv(&rows, unread),
        Format::Markdown => markdown(&rows, unread).into_bytes(),
        Format::Xlsx => xlsx(&rows, unread).map_err(|e| Error::Write {
            path: "xlsx".into(),
            cause: std::io::Error::other(e.to_string()),
        })?,
    })
}

/// The heading of the unread files' table.
const UNREAD: [&str; 2] = ["读不了的文件", "原因"];

fn csv(rows: &[[String; 10]], unread: &[Unread]) -> Vec<u8> {
    let mut out = "\u{FEFF}".as_bytes().to_vec();
    {
        let mut writer = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .flexible(true)
            .from_writer(&mut out);
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(COLUMNS);
        for row in rows {
            let _ = writer.write_record(row.iter().map(|c| crate::inert::cell(c)));
        }
        if !unread.is_empty() {
            let _ = writer.write_record([""]);
            let _ = writer.write_record(UNREAD);
            for (file, why) in unread {
                let _ = writer.write_record([crate::inert::cell(file), crate::inert::cell(why)]);
            }
        }
        let _ = writer.flush();
    }
    out
}

fn markdown(rows: &[[String; 10]], unread: &[Unread]) -> String {
    let cell = |text: &str| {
        crate::inert::line(text)
            .replace('|', "\\|")
            .replace('␊', "<br>")
    };
    let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
    let mut out = String::from("# 来文任务判断表\n\n");
    out.push_str(&line(COLUMNS.iter().map(|c| c.to_string()).collect()));
    out.push_str(&line(COLUMNS.iter().map(|_| "---".to_string()).collect()));
    for row in rows {
        out.push_str(&line(row.iter().map(|c| cell(c)).collect()));
    }
    if !unread.is_empty() {
        out.push_str("\n## 读不了的文件\n\n");
        out.push_str(&line(UNREAD.iter().map(|c| c.to_string()).collect()));
        out.push_str(&line(vec!["---".into(), "---".into()]));
        for (file, why) in unread {
            out.push_str(&line(vec![cell(file), cell(why)]));
        }
    }
    out
}

fn xlsx(rows: &[[String; 10]], unread: &[Unread]) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let header = super::xlsx::header_style();
    let body = super::xlsx::body_style();
    let sheet = workbook.add_worksheet();
    sheet.set_name("来文任务判断表")?;
    for (c, (name, width)) in COLUMNS.iter().zip(WIDTHS).enumerate() {
        sheet.set_column_width(c as u16, width)?;
        sheet.write_string_with_format(0, c as u16, *name, &header)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_number_with_format(r, 0, r as f64, &body)?;
        for (c, cell) in row.iter().enumerate().skip(1) {
            // Text cells, never formulas: a task that begins with "=" stays its words.
            sheet.write_string_with_format(r, c as u16, crate::inert::text(cell), &body)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, rows.len().max(1) as u32, COLUMNS.len() as u16 - 1)?;
    if !unread.is_empty() {
        let sheet = workbook.add_worksheet();
        sheet.set_name("读不了的文件")?;
        for (c, (name, width)) in UNREAD.iter().zip([30.0, 80.0]).enumerate() {
            sheet.set_column_width(c as u16, width)?;
            sheet.write_string_with_format(0, c as u16, *name, &header)?;
        }
        for (r, (file, why)) in unread.iter().enumerate() {
            let r = r as u32 + 1;
            sheet.write_string_with_format(r, 0, crate::inert::text(file), &body)?;
            sheet.write_string_with_format(r, 1, crate::inert::text(why), &body)?;
        }
    }
    workbook.save_to_buffer()
}
