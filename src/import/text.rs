//! The published text format: title lines, a header line repeated at each page break, and one
//! tab-separated item per line.

use crate::error::{Error, Result};
use crate::model::{Dataset, ListKind};

use super::ImportReport;
use super::record::{Cell, Collector, Role, Row, parse_title, required, role};

/// Which list a header line introduces: its columns, named as published or by a usual
/// variant ("乡镇配合职责", "六户地镇配合职责", "编号"), are exactly that list's.
fn list_of_header(cells: &[&str]) -> Option<ListKind> {
    let roles: Vec<Role> = cells.iter().map(|c| role(c)).collect::<Option<_>>()?;
    ListKind::ALL
        .into_iter()
        .find(|&list| required(list, false) == roles.as_slice())
}

/// A list's columns as the text publishes them, for messages.
fn column_names(list: ListKind) -> Vec<&'static str> {
    required(list, false).iter().map(|r| r.name()).collect()
}

struct Reader<'a> {
    origin: &'a str,
    line_no: usize,
    list: Option<ListKind>,
    collector: Collector,
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

    fn line(&mut self, line: &str) -> Result<()> {
        if line.trim().is_empty() {
            return Ok(());
        }
        if line.split('\t').next().and_then(role) == Some(Role::No) {
            return self.header(line);
        }
        if line.starts_with(|c: char| c.is_ascii_digit()) {
            return self.item(line);
        }
        if let Some((list, place)) = parse_title(line) {
            let location = format!("第 {} 行", self.line_no);
            self.collector.title(place, line, &location);
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
                .map(|&l| column_names(l).join(" "))
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
        let columns = column_names(list);
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
        let location = format!("第 {} 行", self.line_no);
        match self.collector.claim(list, no, &location) {
            Ok(true) => {}
            Ok(false) => return Ok(()),
            Err(message) => return Err(self.error(Some(1), message)),
        }
        let cell = |n: usize| Cell {
            text: cells[n],
            column: starts[n],
        };
        let (departments, upper, town) = match list {
            ListKind::Basic => (None, None, None),
            ListKind::Coop => (Some(cell(3)), Some(cell(4)), Some(cell(5))),
            ListKind::Recalled => (None, Some(cell(3)), None),
        };
        let row = Row {
            list,
            no,
            category: cell(1),
            title: cell(2),
            departments,
            upper,
            town,
            lines: false,
        };
        self.collector
            .row(&row, &location)
            .map_err(|e| self.error(Some(e.column), e.message))
    }

    fn finish(self) -> Result<(Dataset, ImportReport)> {
        if self.collector.items.is_empty() {
            return Err(self.error(None, "文件里没有任何事项行"));
        }
        Ok(self.collector.finish(self.origin, None))
    }
}

/// The text of a file in any encoding we read, or an error naming where it stops being text.
pub(crate) fn decode<'a>(bytes: &'a [u8], origin: &str) -> Result<std::borrow::Cow<'a, str>> {
    super::encoding::decode(bytes).map_err(|e| Error::Import {
        path: origin.to_string(),
        line: e.line,
        column: Some(e.column),
        message: e.message.to_string(),
    })
}

/// Reads the published text; `origin` names the file in messages and becomes `Dataset::source`.
pub fn import_text(bytes: &[u8], origin: &str) -> Result<(Dataset, ImportReport)> {
    read(bytes, origin, false)
}

/// With `keep_going`, a repeated 序号 is recorded in the report rather than refused.
pub(crate) fn read(
    bytes: &[u8],
    origin: &str,
    keep_going: bool,
) -> Result<(Dataset, ImportReport)> {
    let text = decode(bytes, origin)?;
    let mut reader = Reader {
        origin,
        line_no: 0,
        list: None,
        collector: Collector::new(keep_going),
    };
    for line in text.split('\n') {
        reader.line_no += 1;
        reader.line(line.strip_suffix('\r').unwrap_or(line))?;
    }
    reader.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

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
