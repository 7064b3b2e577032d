//! Published spreadsheets (.xlsx, also .xls and .ods): one workbook with a sheet per list, one
//! workbook per list, or several lists one under another. The header row is found by its column
//! names, title rows above it name the list and the place, merged cells are filled in.

use std::io::Cursor;

use calamine::{Data, Dimensions, Range, Reader, Sheets, open_workbook_auto_from_rs};

use crate::error::{Error, Result};
use crate::model::{Dataset, ListKind};

use super::ImportReport;
use super::csv_sheet;
use super::record::{Cell, Collector, Part, Role, Row, parse_title, required, role};

/// The largest sheet (or other part) of a workbook, inflated: a county's lists are a few
/// megabytes of XML.
pub(super) const ZIP_MEMBER_LIMIT: u64 = 64 * 1024 * 1024;

/// A header row: where each role's column is, and the list its columns make.
#[derive(Debug)]
struct Header {
    list: ListKind,
    columns: Vec<(Role, usize)>,
    /// The header cells as written, to name a column the way the sheet does.
    names: Vec<String>,
}

impl Header {
    fn column(&self, role: Role) -> Option<usize> {
        self.columns
            .iter()
            .find(|(r, _)| *r == role)
            .map(|&(_, c)| c)
    }

    fn name(&self, column: usize) -> String {
        self.names
            .get(column)
            .map(|n| n.split_whitespace().collect())
            .unwrap_or_default()
    }
}

/// "D" for the fourth column.
fn column_letter(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.iter().rev().map(|&b| b as char).collect()
}

/// A cell's text as a person reads it: whole numbers without ".0", line breaks as "\n", dates
/// as written (2026-11-30), never as the serial number the file stores.
fn text_of(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(s) => s.replace("\r\n", "\n").replace('\r', "\n"),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::DateTime(dt) if dt.is_duration() => {
            let seconds = (dt.as_f64() * 86_400.0).round() as i64;
            format!(
                "{}:{:02}:{:02}",
                seconds / 3600,
                seconds / 60 % 60,
                seconds % 60
            )
        }
        Data::DateTime(dt) => {
            let (y, m, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            match (dt.as_f64() < 1.0, (h, mi, s) == (0, 0, 0)) {
                (true, _) => format!("{h:02}:{mi:02}:{s:02}"),
                (false, true) => format!("{y:04}-{m:02}-{d:02}"),
                (false, false) => format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}:{s:02}"),
            }
        }
        Data::DateTimeIso(iso) => iso
            .strip_suffix("T00:00:00")
            .unwrap_or(iso)
            .replacen('T', " ", 1),
        other => other.to_string(),
    }
}

/// The first cell whose text cannot be known: a formula saved without its result (a file
/// written by a program and never opened in Excel/WPS), or an error value such as #REF!.
fn unreadable_cell(range: &Range<Data>, formulas: &Range<String>) -> Option<(u32, u32, String)> {
    let formula_cells = formulas.cells().filter(|(_, _, f)| !f.is_empty());
    let (fr, fc) = formulas.start().unwrap_or((0, 0));
    for (r, c, formula) in formula_cells {
        let at = (fr + r as u32, fc + c as u32);
        if matches!(range.get_value(at), None | Some(Data::Empty)) {
            return Some((
                at.0,
                at.1,
                format!(
                    "是公式「={formula}」，文件里没有它的结果：请在 Excel/WPS 里打开并保存一次，或把公式复制为数值"
                ),
            ));
        }
    }
    let (top, left) = range.start().unwrap_or((0, 0));
    range.cells().find_map(|(r, c, data)| match data {
        Data::Error(e) => Some((
            top + r as u32,
            left + c as u32,
            format!("是错误值 {e}，不是能读的文字：请先在 Excel/WPS 里改正"),
        )),
        _ => None,
    })
}

/// The sheet as rows of text, each merged block filled with its top-left value, so a category
/// merged down several rows belongs to each of them.
pub(super) fn grid(range: &Range<Data>, merges: &[Dimensions]) -> (u32, u32, Vec<Vec<String>>) {
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<Vec<String>> = range
        .rows()
        .map(|row| row.iter().map(text_of).collect())
        .collect();
    for merge in merges.iter().filter(|m| m.end.0 > m.start.0) {
        let value = range
            .get_value(merge.start)
            .map(text_of)
            .unwrap_or_default();
        for r in merge.start.0..=merge.end.0 {
            for c in merge.start.1..=merge.end.1 {
                let (Some(r), Some(c)) = (r.checked_sub(top), c.checked_sub(left)) else {
                    continue;
                };
                if let Some(cell) = rows
                    .get_mut(r as usize)
                    .and_then(|row| row.get_mut(c as usize))
                {
                    cell.clone_from(&value);
                }
            }
        }
    }
    (top, left, rows)
}

/// Reads one workbook's sheets into `collector`.
struct SheetReader<'a> {
    path: &'a str,
    sheet: &'a str,
    top: u32,
    left: u32,
    /// The town a header such as "六户地镇配合职责" names.
    town_hint: &'a mut Option<String>,
}

impl SheetReader<'_> {
    fn error(&self, at: String, message: impl Into<String>) -> Error {
        Error::Sheet {
            path: self.path.to_string(),
            sheet: self.sheet.to_string(),
            at,
            message: message.into(),
        }
    }

    /// "第 5 行"; rows and columns as the spreadsheet numbers them.
    fn row_at(&self, r: usize) -> String {
        format!("第 {} 行", self.top as usize + r + 1)
    }

    fn cell_at(&self, r: usize, c: usize, name: &str) -> String {
        format!(
            "第 {} 行 {} 列（{name}）",
            self.top as usize + r + 1,
            column_letter(self.left as usize + c)
        )
    }

    /// The header in `cells`, if it is one, checked against the list its titles name.
    fn header(
        &mut self,
        r: usize,
        cells: &[String],
        named: Option<ListKind>,
    ) -> Result<Option<Header>> {
        let columns: Vec<(Role, usize)> = cells
            .iter()
            .enumerate()
            .filter_map(|(c, text)| role(text).map(|role| (role, c)))
            .collect();
        let has = |role| columns.iter().any(|(r, _)| *r == role);
        if !(has(Role::No) && (has(Role::Title) || has(Role::Category))) {
            return Ok(None);
        }
        let recalled_label = cells.iter().any(|t| {
            matches!(
                t.split_whitespace().collect::<String>().as_str(),
                "承接部门" | "工作方式"
            )
        });
        let inferred = if has(Role::Town) || has(Role::List) {
            ListKind::Coop
        } else if has(Role::DepartmentsAndWay) || recalled_label {
            ListKind::Recalled
        } else if has(Role::Departments) || has(Role::Upper) {
            ListKind::Coop
        } else {
            ListKind::Basic
        };
        let list = named.unwrap_or(inferred);
        let split = !has(Role::DepartmentsAndWay);
        if let Some(missing) = required(list, split).iter().find(|&&role| !has(role)) {
            let name = match (list, missing) {
                (ListKind::Recalled, Role::Departments) => "承接部门",
                (ListKind::Recalled, Role::Upper) => "工作方式",
                (ListKind::Coop, Role::Town) => "乡镇配合职责（或 镇街配合职责、××镇配合职责）",
                _ => missing.name(),
            };
            return Err(self.error(
                format!("{}（表头）", self.row_at(r)),
                format!("{}缺少「{name}」列", list.full_name()),
            ));
        }
        // A recalled list may head its split columns 对应上级部门/上级部门职责 as the cooperative
        // one does; its title or sheet name decides, and the required columns were checked above.
        if list != inferred && !(list == ListKind::Recalled && inferred == ListKind::Coop) {
            return Err(self.error(
                format!("{}（表头）", self.row_at(r)),
                format!(
                    "表头是{}的列，但标题或工作表名是{}",
                    inferred.full_name(),
                    list.full_name()
                ),
            ));
        }
        if let Some(c) = columns
            .iter()
            .find(|(r, _)| *r == Role::Town)
            .map(|&(_, c)| c)
        {
            let name: String = cells[c].split_whitespace().collect();
            let town = name.trim_end_matches("配合职责");
            if town.ends_with(['镇', '乡']) || town.ends_with("街道") {
                self.town_hint.get_or_insert_with(|| town.to_string());
            }
        }
        Ok(Some(Header {
            list,
            columns,
            names: cells.to_vec(),
        }))
    }

    fn read(&mut self, rows: &[Vec<String>], collector: &mut Collector) -> Result<usize> {
        let named_by_sheet = ListKind::ALL
            .into_iter()
            .find(|l| self.sheet.contains(l.short_name()));
        let mut named = named_by_sheet;
        let mut header: Option<Header> = None;
        let mut read = 0;
        for (r, cells) in rows.iter().enumerate() {
            let filled: Vec<&str> = cells
                .iter()
                .map(|c| c.trim())
                .filter(|c| !c.is_empty())
                .collect();
            if filled.is_empty() {
                continue;
            }
            // A merged title fills every cell of its block: read it once.
            if let Some((list, place)) = parse_title(filled[0]) {
                collector.title(
                    place,
                    filled[0],
                    &format!("工作表「{}」{}", self.sheet, self.row_at(r)),
                );
                named = Some(list);
                header = None;
                continue;
            }
            if let Some(found) = self.header(r, cells, named)? {
                header = Some(found);
                continue;
            }
            let Some(h) = &header else {
                // Above the header: subtitles, dates, 单位 lines.
                continue;
            };
            if self.data_row(r, cells, h, collector)? {
                read += 1;
            }
        }
        if header.is_none() && read == 0 && named_by_sheet.is_some() {
            return Err(self.error(String::new(), "找不到表头行（序号、事项类别、事项名称 …）"));
        }
        Ok(read)
    }

    /// Reads one row under `h`; false for a note row that is not an item.
    fn data_row(
        &self,
        r: usize,
        cells: &[String],
        h: &Header,
        collector: &mut Collector,
    ) -> Result<bool> {
        let get = |role| {
            h.column(role)
                .and_then(|c| cells.get(c))
                .map_or("", String::as_str)
        };
        let no_text = get(Role::No).trim();
        let no = match no_text.parse::<u32>() {
            Ok(n) if n > 0 => n,
            _ => {
                let others_empty = h
                    .columns
                    .iter()
                    .filter(|(role, _)| *role != Role::No)
                    .all(|&(_, c)| cells.get(c).is_none_or(|t| t.trim().is_empty()));
                // "注：……" under the table, or a 序号 merged across a note: not an item.
                if others_empty || no_text.starts_with(['注', '备', '说']) {
                    return Ok(false);
                }
                let c = h.column(Role::No).unwrap_or(0);
                return Err(self.error(
                    self.cell_at(r, c, &h.name(c)),
                    format!("序号「{no_text}」不是正整数"),
                ));
            }
        };
        // One table of all three lists names each row's list.
        let list = match h.column(Role::List) {
            None => h.list,
            Some(c) => {
                let text = cells.get(c).map_or("", String::as_str).trim();
                ListKind::parse(text).ok_or_else(|| {
                    self.error(
                        self.cell_at(r, c, &h.name(c)),
                        format!("「{text}」不是清单名：应为 基本、配合 或 收回"),
                    )
                })?
            }
        };
        let location = format!("工作表「{}」{}", self.sheet, self.row_at(r));
        match collector.claim(list, no, &location) {
            Ok(true) => {}
            Ok(false) => return Ok(false),
            Err(message) => {
                let c = h.column(Role::No).unwrap_or(0);
                return Err(self.error(self.cell_at(r, c, &h.name(c)), message));
            }
        }
        let cell = |role| {
            h.column(role).map(|c| Cell {
                text: cells.get(c).map_or("", String::as_str),
                column: 1,
            })
        };
        let empty = Cell {
            text: "",
            column: 1,
        };
        let (departments, upper) = match list {
            ListKind::Basic => (None, None),
            ListKind::Coop => (cell(Role::Departments), cell(Role::Upper)),
            ListKind::Recalled => match cell(Role::DepartmentsAndWay) {
                Some(combined) => (None, Some(combined)),
                None => (cell(Role::Departments), cell(Role::Upper)),
            },
        };
        let row = Row {
            list,
            no,
            category: cell(Role::Category).unwrap_or(empty),
            title: cell(Role::Title).unwrap_or(empty),
            departments,
            upper,
            town: (list == ListKind::Coop).then(|| cell(Role::Town)).flatten(),
            lines: true,
        };
        collector.row(&row, &location).map_err(|e| {
            let role = match (e.part, list) {
                (Part::Departments, _) => Role::Departments,
                (Part::Upper, ListKind::Recalled)
                    if h.column(Role::DepartmentsAndWay).is_some() =>
                {
                    Role::DepartmentsAndWay
                }
                (Part::Upper, _) => Role::Upper,
                (Part::Town, _) => Role::Town,
            };
            let c = h.column(role).unwrap_or(0);
            self.error(self.cell_at(r, c, &h.name(c)), e.message)
        })?;
        Ok(true)
    }
}

/// Reads workbooks given as (name for messages, bytes) into one dataset. `town` names the town
/// (or "玛纳斯县乐土驿镇") where no title does, or overrides it.
pub fn import_workbooks(
    books: &[(String, Vec<u8>)],
    town: Option<&str>,
) -> Result<(Dataset, ImportReport)> {
    read(books, town, false)
}

/// With `keep_going`, a repeated 序号 is recorded in the report rather than refused.
pub(crate) fn read(
    books: &[(String, Vec<u8>)],
    town: Option<&str>,
    keep_going: bool,
) -> Result<(Dataset, ImportReport)> {
    let mut collector = Collector::new(keep_going);
    let mut town_hint = None;
    for (path, bytes) in books {
        read_workbook(path, bytes, &mut collector, &mut town_hint)?;
    }
    let names: Vec<&str> = books
        .iter()
        .map(|(p, _)| p.rsplit(['/', '\\']).next().unwrap_or(p))
        .collect();
    let first = books.first().map_or("", |(p, _)| p.as_str());
    if collector.items.is_empty() {
        return Err(Error::Workbook {
            path: first.to_string(),
            message: "没有找到任何事项：没有一张工作表有「序号、事项类别、事项名称」这样的表头"
                .into(),
        });
    }
    let title_town = collector
        .place
        .as_ref()
        .is_some_and(|[_, _, t]| !t.is_empty());
    let town = town
        .map(str::to_string)
        .or_else(|| (!title_town).then_some(town_hint).flatten());
    if !title_town && town.is_none() {
        return Err(Error::Workbook {
            path: first.to_string(),
            message: "不知道是哪个乡镇的清单：没有「昌吉州玛纳斯县六户地镇基本履职事项清单」这样的标题；请用 --town 指定，如 lvzhi import 文件 --town 玛纳斯县六户地镇 -o 数据.json".into(),
        });
    }
    let (mut dataset, report) = collector.finish(first, town.as_deref());
    dataset.source = names.join("、");
    Ok((dataset, report))
}

fn read_workbook(
    path: &str,
    bytes: &[u8],
    collector: &mut Collector,
    town_hint: &mut Option<String>,
) -> Result<()> {
    if csv_sheet::is_csv(path) {
        let rows = csv_sheet::rows(path, bytes)?;
        let sheet = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let mut reader = SheetReader {
            path,
            sheet,
            top: 0,
            left: 0,
            town_hint,
        };
        if reader.read(&rows, collector)? == 0 {
            return Err(Error::Workbook {
                path: path.to_string(),
                message: "没有找到任何事项：没有「序号、事项类别、事项名称」这样的表头".into(),
            });
        }
        return Ok(());
    }
    // .xlsx and .ods are zips: a bomb among them is refused before calamine inflates it.
    if bytes.starts_with(b"PK\x03\x04") {
        crate::files::zip_within(bytes, ZIP_MEMBER_LIMIT, super::DATA_LIMIT).map_err(
            |message| Error::Workbook {
                path: path.to_string(),
                message,
            },
        )?;
    }
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| Error::Workbook {
        path: path.to_string(),
        message: format!("不是能读的 Excel 工作簿（.xlsx、.xls、.ods）：{e}"),
    })?;
    for sheet in book.sheet_names() {
        let range = book.worksheet_range(&sheet).map_err(|e| Error::Sheet {
            path: path.to_string(),
            sheet: sheet.clone(),
            at: String::new(),
            message: format!("读不出来：{e}"),
        })?;
        // Not every format gives formulas (a CSV has none); where none are given, none are checked.
        let formulas = book.worksheet_formula(&sheet).unwrap_or_default();
        if let Some((r, c, message)) = unreadable_cell(&range, &formulas) {
            return Err(Error::Sheet {
                path: path.to_string(),
                sheet: sheet.clone(),
                at: format!("第 {} 行 {} 列", r + 1, column_letter(c as usize)),
                message: format!("单元格 {}{}{message}", column_letter(c as usize), r + 1),
            });
        }
        let merges = match &mut book {
            Sheets::Xlsx(x) => x.worksheet_merge_cells(&sheet).and_then(|m| m.ok()),
            Sheets::Xls(x) => x.worksheet_merge_cells(&sheet),
            _ => None,
        }
        .unwrap_or_default();
        let (top, left, rows) = grid(&range, &merges);
        let mut reader = SheetReader {
            path,
            sheet: &sheet,
            top,
            left,
            town_hint,
        };
        let read = reader.read(&rows, collector)?;
        if read == 0 && rows.iter().flatten().any(|c| !c.trim().is_empty()) {
            collector.report.warnings.push(format!(
                "{path}：工作表「{sheet}」里没有事项（没有「序号、事项类别、事项名称」表头），跳过"
            ));
        }
    }
    Ok(())
}

/// Reads workbook files; see `read`.
pub(crate) fn read_files(
    paths: &[&std::path::Path],
    town: Option<&str>,
    keep_going: bool,
) -> Result<(Dataset, ImportReport)> {
    let books = paths
        .iter()
        .map(|path| {
            crate::files::read_capped(path, super::DATA_LIMIT)
                .map(|bytes| (path.display().to_string(), bytes))
                .map_err(|cause| Error::Read {
                    path: path.display().to_string(),
                    cause,
                })
        })
        .collect::<Result<Vec<_>>>()?;
    read(&books, town, keep_going)
}

/// Whether a path looks like a spreadsheet by its extension (a CSV is a sheet of one).
pub fn is_workbook(path: &std::path::Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["xlsx", "xlsm", "xls", "ods", "csv"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_variants_name_their_roles() {
        assert_eq!(role("序 号"), Some(Role::No));
        assert_eq!(role("镇街配合职责"), Some(Role::Town));
        assert_eq!(role("六户地镇配合职责"), Some(Role::Town));
        assert_eq!(role("承接部门及工作方式"), Some(Role::DepartmentsAndWay));
        assert_eq!(role("审核状态"), None);
    }

    #[test]
    fn columns_are_lettered_as_spreadsheets_do() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
    }
}
