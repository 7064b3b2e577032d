//! The published text format: title lines, a header line repeated at each page break, and one
//! tab-separated item per line.

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::model::{Dataset, Item, ListKind, Section};

use super::ImportReport;
use super::cells::{self, CellContext, CellError};
use super::repair::{Field, plain_cell};

/// The columns of each list's header, as published.
fn header_columns(list: ListKind) -> &'static [&'static str] {
    match list {
        ListKind::Basic => &["序号", "事项类别", "事项名称"],
        ListKind::Coop => &[
            "序号",
            "事项类别",
            "事项名称",
            "对应上级部门",
            "上级部门职责",
            "配合职责",
        ],
        ListKind::Recalled => &["序号", "事项类别", "事项名称", "承接部门及工作方式"],
    }
}

/// Which list a header line introduces; the town's column may be named for the town
/// ("六户地镇配合职责") or generically ("乡镇配合职责").
fn list_of_header(cells: &[&str]) -> Option<ListKind> {
    ListKind::ALL.into_iter().find(|&list| {
        let expected = header_columns(list);
        cells.len() == expected.len()
            && cells
                .iter()
                .zip(expected)
                .all(|(cell, name)| cell.trim().ends_with(name))
    })
}

/// "昌吉州玛纳斯县六户地镇基本履职事项清单" → the list and (prefecture, county, town).
fn parse_title(line: &str) -> Option<(ListKind, [String; 3])> {
    let line = line.trim();
    let list = ListKind::ALL
        .into_iter()
        .find(|list| line.ends_with(list.full_name()))?;
    let place = &line[..line.len() - list.full_name().len()];
    let split_after = |text: &str, suffixes: &[&str]| -> Option<usize> {
        suffixes
            .iter()
            .filter_map(|s| text.find(s).map(|at| at + s.len()))
            .min()
    };
    let prefecture_end = split_after(place, &["州", "地区", "盟", "市"]).unwrap_or(0);
    let rest = &place[prefecture_end..];
    let county_end = split_after(rest, &["县", "区", "旗", "市"]).unwrap_or(0);
    Some((
        list,
        [
            place[..prefecture_end].to_string(),
            rest[..county_end].to_string(),
            rest[county_end..].to_string(),
        ],
    ))
}

struct Reader<'a> {
    origin: &'a str,
    line_no: usize,
    list: Option<ListKind>,
    place: Option<[String; 3]>,
    items: Vec<Item>,
    first_seen: HashMap<(ListKind, u32), usize>,
    report: ImportReport,
}

impl Reader<'_> {
    fn error(&self, column: Option<usize>, message: impl Into<String>) -> Error {
        Error::Import {
            path: self.origin.to_string(),
            line: self.line_no,
            column,
            message: message.into(),
        }
    }

    fn cell_error(&self, e: CellError) -> Error {
        self.error(Some(e.column), e.message)
    }

    fn line(&mut self, line: &str) -> Result<()> {
        if line.trim().is_empty() {
            return Ok(());
        }
        if line.trim_start().starts_with("序号") {
            return self.header(line);
        }
        if line.starts_with(|c: char| c.is_ascii_digit()) {
            return self.item(line);
        }
        if let Some((list, place)) = parse_title(line) {
            if self.place.as_ref().is_some_and(|p| p != &place) {
                self.report.warnings.push(format!(
                    "第 {} 行：标题「{}」与前面的标题地名不同，沿用第一个标题的地名",
                    self.line_no,
                    line.trim()
                ));
            }
            self.place.get_or_insert(place);
            self.list = Some(list);
            return Ok(());
        }
        Err(self.error(
            None,
            "无法识别的行：应为清单标题（……事项清单）、表头（序号 事项类别 …）或以序号开头的事项行",
        ))
    }

    fn header(&mut self, line: &str) -> Result<()> {
        let cells: Vec<&str> = line.split('\t').collect();
        let Some(list) = list_of_header(&cells) else {
            let expected: Vec<String> = ListKind::ALL
                .iter()
                .map(|&l| header_columns(l).join(" "))
                .collect();
            return Err(self.error(
                None,
                format!("表头不认识：应为以下之一：{}", expected.join("｜")),
            ));
        };
        if self.list.is_some_and(|titled| titled != list) {
            return Err(self.error(
                None,
                format!(
                    "表头是{}的列，但上面的标题是{}",
                    list.full_name(),
                    self.list.map_or("", ListKind::full_name)
                ),
            ));
        }
        self.list = Some(list);
        Ok(())
    }

    fn item(&mut self, line: &str) -> Result<()> {
        let Some(list) = self.list else {
            return Err(self.error(None, "事项行之前没有清单标题或表头行（序号 事项类别 …）"));
        };
        let cells: Vec<&str> = line.split('\t').collect();
        let columns = header_columns(list);
        if cells.len() != columns.len() {
            let hint = if cells.len() < columns.len() {
                "，这一行可能被截断了"
            } else {
                "，单元格里可能多了制表符"
            };
            return Err(self.error(
                None,
                format!(
                    "{}应有 {} 列（{}），实际有 {} 列{hint}",
                    list.full_name(),
                    columns.len(),
                    columns.join("、"),
                    cells.len()
                ),
            ));
        }
        let starts: Vec<usize> = cells
            .iter()
            .scan(1, |col, cell| {
                let start = *col;
                *col += cell.chars().count() + 1;
                Some(start)
            })
            .collect();
        let no: u32 = match cells[0].trim().parse() {
            Ok(n) if n > 0 => n,
            _ => {
                return Err(self.error(Some(1), format!("序号「{}」不是正整数", cells[0].trim())));
            }
        };
        if let Some(first) = self.first_seen.insert((list, no), self.line_no) {
            return Err(self.error(
                Some(1),
                format!(
                    "{}序号 {no} 重复：第 {first} 行已有这个序号",
                    list.full_name()
                ),
            ));
        }
        let id = Item::make_id(list, no);
        let cx = |column| CellContext { item: &id, column };
        let repairs = &mut self.report.repairs;
        let category = plain_cell(cells[1], Field::Category, &id, repairs);
        let title = plain_cell(cells[2], Field::Title, &id, repairs);
        let (departments, upper_duties, town_duties) = match list {
            ListKind::Basic => (Vec::new(), Vec::new(), Vec::new()),
            ListKind::Coop => {
                let departments = self.departments(cells[3], &cx(starts[3]))?;
                let repairs = &mut self.report.repairs;
                let upper = cells::duties(cells[4], &cx(starts[4]), repairs);
                let upper = upper.map_err(|e| self.cell_error(e))?;
                let repairs = &mut self.report.repairs;
                let town = cells::duties(cells[5], &cx(starts[5]), repairs);
                (departments, upper, town.map_err(|e| self.cell_error(e))?)
            }
            ListKind::Recalled => {
                let (departments, upper) = self.recalled(cells[3], &cx(starts[3]))?;
                (departments, upper, Vec::new())
            }
        };
        if list != ListKind::Basic && departments.is_empty() {
            self.report
                .warnings
                .push(format!("第 {} 行（{id}）：没有部门", self.line_no));
        }
        self.items.push(Item {
            id,
            list,
            no,
            category,
            title,
            departments,
            upper_duties,
            town_duties,
        });
        Ok(())
    }

    fn departments(&mut self, cell: &str, cx: &CellContext) -> Result<Vec<String>> {
        let (names, unknown) = cells::departments(cell, cx, &mut self.report.repairs)
            .map_err(|e| self.cell_error(e))?;
        for name in unknown {
            self.report.warnings.push(format!(
                "第 {} 行（{}）：部门「{name}」不在部门登记表里，按原文保留",
                self.line_no, cx.item
            ));
        }
        Ok(names)
    }

    /// "玛纳斯县民政局： 依据……" → the departments before the colon, the way of working after it.
    fn recalled(&mut self, cell: &str, cx: &CellContext) -> Result<(Vec<String>, Vec<Section>)> {
        let Some(colon) = cell.find(['：', ':']) else {
            return Err(self.error(
                Some(cx.column),
                "承接部门及工作方式应以「承接部门：」开头，这里没有冒号",
            ));
        };
        let departments = self.departments(&cell[..colon], cx)?;
        let colon_len = cell[colon..].chars().next().map_or(1, char::len_utf8);
        let rest = &cell[colon + colon_len..];
        let rest_cx = CellContext {
            item: cx.item,
            column: cx.column + cell[..colon + colon_len].chars().count(),
        };
        let duties = cells::duties(rest, &rest_cx, &mut self.report.repairs)
            .map_err(|e| self.cell_error(e))?;
        Ok((departments, duties))
    }

    fn finish(mut self) -> Result<(Dataset, ImportReport)> {
        if self.items.is_empty() {
            return Err(self.error(None, "文件里没有任何事项行"));
        }
        for list in ListKind::ALL {
            let mut numbers: Vec<u32> = self
                .items
                .iter()
                .filter(|i| i.list == list)
                .map(|i| i.no)
                .collect();
            numbers.sort_unstable();
            for (expected, &no) in (1..).zip(&numbers) {
                if no != expected {
                    self.report.warnings.push(format!(
                        "{}的序号不连续：缺少 {expected}（下一个是 {no}）",
                        list.full_name()
                    ));
                    break;
                }
            }
        }
        let [prefecture, county, town] = self.place.unwrap_or_default();
        let dataset = Dataset {
            town,
            county,
            prefecture,
            source: self.origin.rsplit(['/', '\\']).next().unwrap_or("").into(),
            items: self.items,
        };
        Ok((dataset, self.report))
    }
}

/// Reads the published text; `origin` names the file in messages and becomes `Dataset::source`.
pub fn import_text(bytes: &[u8], origin: &str) -> Result<(Dataset, ImportReport)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = Reader {
        origin,
        line_no: 0,
        list: None,
        place: None,
        items: Vec::new(),
        first_seen: HashMap::new(),
        report: ImportReport::default(),
    };
    for raw in bytes.split(|&b| b == b'\n') {
        reader.line_no += 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let line = std::str::from_utf8(raw).map_err(|e| {
            let column = String::from_utf8_lossy(&raw[..e.valid_up_to()])
                .chars()
                .count()
                + 1;
            reader.error(
                Some(column),
                "不是 UTF-8 文本（可能是 GBK 编码：请先另存为 UTF-8）",
            )
        })?;
        reader.line(line)?;
    }
    reader.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_name_the_list_and_the_place() {
        let (list, place) = parse_title("昌吉州玛纳斯县六户地镇配合履职事项清单").unwrap();
        assert_eq!(list, ListKind::Coop);
        assert_eq!(place, ["昌吉州", "玛纳斯县", "六户地镇"].map(String::from));
        assert!(parse_title("第一页").is_none());
    }

    #[test]
    fn headers_accept_the_generic_town_column() {
        let cells = [
            "序号",
            "事项类别",
            "事项名称",
            "对应上级部门",
            "上级部门职责",
            "乡镇配合职责",
        ];
        assert_eq!(list_of_header(&cells), Some(ListKind::Coop));
        assert_eq!(list_of_header(&cells[..3]), Some(ListKind::Basic));
        assert_eq!(list_of_header(&cells[..4]), None);
    }
}
