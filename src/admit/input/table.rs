//! Task tables (任务分解表, 责任分工表) and assessment sheets (考核细则), as workbooks (.xlsx,
//! .xls, WPS's .et) or CSV: each sheet's header row is found by its names, below any title
//! rows, and the table is written as the text a table pasted from it gives ("序号\t工作任务\t
//! 牵头单位…"), which the splitter reads a task a row. A sheet row is a line of the text, so a
//! task's line is its row in the first sheet.

use super::NoticeError;
use crate::admit::table::asks_column;

/// What a column of a task table holds, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    /// What is asked: 工作任务, 主要内容, 考核内容, 评分标准…
    Asked,
    Lead,
    Responsible,
    Deadline,
    Points,
}

impl Column {
    fn of(name: &str) -> Option<Column> {
        let name: String = name.split_whitespace().collect();
        let name = name.as_str();
        let any = |words: &[&str]| words.iter().any(|w| name.contains(w));
        if any(&["牵头"]) {
            Some(Column::Lead)
        } else if any(&[
            "责任单位",
            "配合单位",
            "责任部门",
            "落实单位",
            "承办单位",
            "实施单位",
        ]) {
            Some(Column::Responsible)
        } else if any(&["时限", "完成时间", "时间要求", "时间节点", "完成期限"]) {
            Some(Column::Deadline)
        } else if any(&["分值", "分数", "标准分", "权重"]) {
            Some(Column::Points)
        } else if asks_column(name) || name == "任务" {
            Some(Column::Asked)
        } else {
            None
        }
    }

    /// The name the splitter knows the column by.
    fn label(self, written: &str) -> String {
        match self {
            Column::Asked => written.split_whitespace().collect(),
            Column::Lead => "牵头单位".into(),
            Column::Responsible => "责任单位".into(),
            Column::Deadline => "完成时限".into(),
            Column::Points => "分值".into(),
        }
    }
}

/// A header row: the columns read, in the sheet's order.
struct Header {
    columns: Vec<(usize, Column, String)>,
}

/// `cells` as a task table's header: a column of what is asked and one more it knows
/// (牵头单位, 责任单位, 完成时限 or 分值).
fn header(cells: &[String]) -> Option<Header> {
    let columns: Vec<(usize, Column, String)> = cells
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Column::of(c).map(|kind| (i, kind, kind.label(c))))
        .collect();
    let asked = columns.iter().any(|(_, k, _)| *k == Column::Asked);
    let about = columns.iter().any(|(_, k, _)| *k != Column::Asked);
    // A cell of a long sentence is a title or a note, not a column's name.
    let short = cells.iter().all(|c| c.chars().count() <= 12);
    (asked && about && short).then_some(Header { columns })
}

/// A cell as one line of a row: its own line breaks joined, tabs as spaces.
fn flat(cell: &str) -> String {
    let mut out = String::new();
    for part in cell.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
        let ends = out.ends_with(['。', '；', '，', '：', ';', ',', '、']);
        if !out.is_empty() && !ends {
            out.push('；');
        }
        out.push_str(part);
    }
    out.replace('\t', " ")
}

/// The sheets' tables as text; an error when no sheet has a task table's header.
fn tables(sheets: &[(String, Vec<Vec<String>>)]) -> Result<String, NoticeError> {
    let mut out = String::new();
    let mut found = false;
    for (name, rows) in sheets {
        let Some(at) = rows.iter().position(|r| header(r).is_some()) else {
            continue;
        };
        let Some(head) = header(&rows[at]) else {
            continue;
        };
        if found {
            // A later sheet: its name on a line of its own, which also ends the table above.
            out.push_str(&format!("\n工作表：{}\n", flat(name)));
        }
        found = true;
        sheet_text(&mut out, &rows[..at], &head, &rows[at + 1..]);
        if out.len() > super::MAX_TEXT {
            return Err(NoticeError::TooLong);
        }
    }
    if !found {
        return Err(NoticeError::Table(
            "是表格，但没有找到任务表的表头：要有「工作任务」（或 任务、工作内容、主要内容、考核内容）一列，和「牵头单位」「责任单位」「完成时限」「分值」中的一列"
                .into(),
        ));
    }
    Ok(out)
}

/// One sheet: the rows above its header as lines (its title), the header, and a line a row.
fn sheet_text(out: &mut String, above: &[Vec<String>], head: &Header, rows: &[Vec<String>]) {
    for row in above {
        let cells: Vec<String> = row
            .iter()
            .map(|c| flat(c))
            .filter(|c| !c.is_empty())
            .collect();
        out.push_str(&cells.join(" "));
        out.push('\n');
    }
    out.push_str("序号");
    for (_, _, label) in &head.columns {
        out.push('\t');
        out.push_str(label);
    }
    out.push('\n');
    let mut number = 0;
    for row in rows {
        let cell = |i: usize| row.get(i).map(|c| flat(c)).unwrap_or_default();
        let cells: Vec<String> = head.columns.iter().map(|(i, _, _)| cell(*i)).collect();
        let asked = head
            .columns
            .iter()
            .zip(&cells)
            .any(|((_, kind, _), c)| *kind == Column::Asked && !c.is_empty());
        let filled: Vec<String> = row
            .iter()
            .map(|c| flat(c))
            .filter(|c| !c.is_empty())
            .collect();
        if asked && filled.len() > 1 {
            number += 1;
            out.push_str(&number.to_string());
            for c in &cells {
                out.push('\t');
                out.push_str(c);
            }
        } else if !filled.is_empty() {
            // A row of one cell (a category such as "一、农村人居环境整治", or merged across):
            // a heading inside the table, written so the table goes on below it.
            out.push_str(&filled.join(" "));
            out.push_str("\t\t");
        }
        out.push('\n');
    }
}

/// A workbook's task tables as text.
pub(super) fn workbook(bytes: &[u8]) -> Result<String, NoticeError> {
    let grids = crate::import::grids(bytes).map_err(NoticeError::Table)?;
    let sheets: Vec<(String, Vec<Vec<String>>)> = grids
        .into_iter()
        .map(|g| {
            // Rows above the used range are blank lines, so a line is its sheet row.
            let mut rows = vec![Vec::new(); g.top as usize];
            rows.extend(g.rows);
            (g.name, rows)
        })
        .collect();
    tables(&sheets)
}

/// A CSV's task table as text (decoded already, as any text file is).
pub(super) fn csv(text: &str) -> Result<String, NoticeError> {
    let rows = crate::import::csv_rows(text)
        .map_err(|(line, e)| NoticeError::Table(format!("第 {line} 行不是有效的 CSV（{e}）")))?;
    tables(&[(String::new(), rows)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(table: &[&[&str]]) -> Vec<Vec<String>> {
        table
            .iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn a_task_table_under_its_title_is_a_line_a_row() {
        let sheet = rows(&[
            &["玛纳斯县2026年农村人居环境整治任务分解表", "", "", "", ""],
            &["序号", "工作任务", "牵头单位", "责任单位", "完成时限"],
            &["一、村庄清洁", "", "", "", ""],
            &[
                "1",
                "组织清理村内垃圾\n建立台账",
                "县农业农村局",
                "各乡镇",
                "12月15日前",
            ],
            &["", "", "", "", ""],
            &["2", "修补村道坑槽", "县交通运输局", "县交通运输局", ""],
        ]);
        let text = tables(&[("Sheet1".into(), sheet)]).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "玛纳斯县2026年农村人居环境整治任务分解表",
                "序号\t工作任务\t牵头单位\t责任单位\t完成时限",
                "一、村庄清洁\t\t",
                "1\t组织清理村内垃圾；建立台账\t县农业农村局\t各乡镇\t12月15日前",
                "",
                "2\t修补村道坑槽\t县交通运输局\t县交通运输局\t",
            ]
        );
    }

    #[test]
    fn a_sheet_without_a_task_header_is_named_for_what_was_looked_for() {
        let sheet = rows(&[&["姓名", "电话"], &["张三", "123"]]);
        let Err(NoticeError::Table(message)) = tables(&[("Sheet1".into(), sheet)]) else {
            panic!("read a sheet with no task table");
        };
        assert!(message.contains("工作任务"), "{message}");
    }
}
