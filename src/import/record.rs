//! One published row → one `Item`, and the lists those rows build up: shared by the text and
//! the spreadsheet importers, so both make the same repairs, warnings and checks.

use std::collections::HashMap;

use crate::model::{Dataset, Item, ListKind, Section, split_place};

use super::ImportReport;
use super::cells::{self, CellContext, CellError};
use super::repair::{Field, plain_cell};

/// Which of a row's cells something refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    Departments,
    Upper,
    Town,
}

/// What a header cell says its column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    No,
    Category,
    Title,
    /// 对应上级部门 (coop) or 承接部门 (recalled, split as lvzhi exports it).
    Departments,
    /// 上级部门职责 (coop) or 工作方式 (recalled, split).
    Upper,
    /// …配合职责: 乡镇配合职责, 镇街配合职责, 六户地镇配合职责.
    Town,
    /// 承接部门及工作方式, as published.
    DepartmentsAndWay,
    /// 清单 (基本/配合/收回): all three lists in one table, as lvzhi's CSV has them.
    List,
}

impl Role {
    /// The column's published name, for messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Role::No => "序号",
            Role::Category => "事项类别",
            Role::Title => "事项名称",
            Role::Departments => "对应上级部门",
            Role::Upper => "上级部门职责",
            Role::Town => "配合职责",
            Role::DepartmentsAndWay => "承接部门及工作方式",
            Role::List => "清单",
        }
    }
}

/// The role of a header cell, by its name and the usual variants; `None` for columns lvzhi
/// does not read (审核状态, 备注…).
pub(crate) fn role(header: &str) -> Option<Role> {
    let name: String = header.split_whitespace().collect();
    let role = match name.as_str() {
        "序号" | "编号" => Role::No,
        "事项类别" | "类别" | "事项分类" => Role::Category,
        "事项名称" | "名称" | "履职事项" | "履职事项名称" => Role::Title,
        "对应上级部门"
        | "上级部门"
        | "对应县级部门"
        | "县级部门"
        | "承接部门"
        | "对应上级部门/承接部门" => Role::Departments,
        "上级部门职责"
        | "对应上级部门职责"
        | "县级部门职责"
        | "上级部门职责任务"
        | "工作方式"
        | "上级部门职责/工作方式" => Role::Upper,
        "清单" | "所属清单" => Role::List,
        "承接部门及工作方式" | "承接部门和工作方式" => Role::DepartmentsAndWay,
        _ if name.ends_with("配合职责") => Role::Town,
        _ => return None,
    };
    Some(role)
}

/// The columns a list cannot do without.
pub(crate) fn required(list: ListKind, has_split_recalled: bool) -> &'static [Role] {
    use Role::*;
    match list {
        ListKind::Basic => &[No, Category, Title],
        ListKind::Coop => &[No, Category, Title, Departments, Upper, Town],
        ListKind::Recalled if has_split_recalled => &[No, Category, Title, Departments, Upper],
        ListKind::Recalled => &[No, Category, Title, DepartmentsAndWay],
    }
}

/// A cell's text and, for messages, the 1-based character column where it starts in its line
/// (text) or 1 (a spreadsheet cell, which its reader names by column letter).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cell<'a> {
    pub text: &'a str,
    pub column: usize,
}

/// The cells of one item as published. A recalled item's 承接部门及工作方式 comes either as one
/// cell ("玛纳斯县民政局：依据……", `departments: None`) or split in two, as lvzhi exports it.
pub(crate) struct Row<'a> {
    pub list: ListKind,
    pub no: u32,
    pub category: Cell<'a>,
    pub title: Cell<'a>,
    pub departments: Option<Cell<'a>>,
    pub upper: Option<Cell<'a>>,
    pub town: Option<Cell<'a>>,
    /// Steps stand on separate lines (spreadsheet cells), not in HTML paragraphs (text).
    pub lines: bool,
}

/// A cell that cannot be read: which one, and the character column the reader reported.
#[derive(Debug)]
pub(crate) struct RowError {
    pub part: Part,
    pub column: usize,
    pub message: String,
}

impl RowError {
    fn at(part: Part) -> impl Fn(CellError) -> RowError {
        move |e| RowError {
            part,
            column: e.column,
            message: e.message,
        }
    }
}

/// Items as they are read, with what the import noticed; `finish` makes the dataset.
#[derive(Default)]
pub(crate) struct Collector {
    pub items: Vec<Item>,
    /// Where each (list, 序号) was first seen, to name it when it repeats.
    first_seen: HashMap<(ListKind, u32), String>,
    pub report: ImportReport,
    /// (prefecture, county, town) from the first title.
    pub place: Option<[String; 3]>,
    /// Read on past a repeated 序号 (for `lvzhi check`), recording it instead of failing.
    pub keep_going: bool,
}

impl Collector {
    pub fn new(keep_going: bool) -> Collector {
        Collector {
            keep_going,
            ..Collector::default()
        }
    }

    /// Records where a number was seen. A number seen before is `Err` with the message, or, when
    /// keeping going, `Ok(false)`: recorded as a duplicate, and the row is to be skipped.
    pub fn claim(&mut self, list: ListKind, no: u32, place: &str) -> Result<bool, String> {
        let Some(first) = self.first_seen.get(&(list, no)) else {
            self.first_seen.insert((list, no), place.to_string());
            return Ok(true);
        };
        if !self.keep_going {
            return Err(format!(
                "{}序号 {no} 重复：{first}已有这个序号",
                list.full_name()
            ));
        }
        self.report.duplicates.push(Duplicate {
            id: Item::make_id(list, no),
            first: first.clone(),
            again: place.to_string(),
        });
        Ok(false)
    }

    /// A title's place; a second title naming another place is noted and ignored.
    pub fn title(&mut self, place: [String; 3], line: &str, location: &str) {
        if self.place.as_ref().is_some_and(|p| p != &place) {
            self.report.warnings.push(format!(
                "{location}：标题「{}」与前面的标题地名不同，沿用第一个标题的地名",
                line.trim()
            ));
        }
        self.place.get_or_insert(place);
    }

    /// Builds the item of `row`; `location` ("第 5 行") prefixes its warnings.
    pub fn row(&mut self, row: &Row, location: &str) -> Result<(), RowError> {
        let id = Item::make_id(row.list, row.no);
        let repairs = &mut self.report.repairs;
        let category = plain_cell(row.category.text, Field::Category, &id, repairs);
        let title = plain_cell(row.title.text, Field::Title, &id, repairs);
        let mut unknown = Vec::new();
        let (departments, upper_duties, town_duties) = match row.list {
            ListKind::Basic => (Vec::new(), Vec::new(), Vec::new()),
            ListKind::Coop => {
                let departments = self.departments(row.departments, &id, &mut unknown)?;
                let upper = self.duties(row.upper, &id, row.lines, Part::Upper)?;
                let town = self.duties(row.town, &id, row.lines, Part::Town)?;
                (departments, upper, town)
            }
            ListKind::Recalled => match row.departments {
                Some(cell) => {
                    let departments = self.departments(Some(cell), &id, &mut unknown)?;
                    let way = self.duties(row.upper, &id, row.lines, Part::Upper)?;
                    (departments, way, Vec::new())
                }
                None => {
                    let (departments, way) = self.recalled(row, &id, &mut unknown)?;
                    (departments, way, Vec::new())
                }
            },
        };
        for name in unknown {
            self.report.warnings.push(format!(
                "{location}（{id}）：部门「{name}」不在部门登记表里，按原文保留"
            ));
        }
        if row.list != ListKind::Basic && departments.is_empty() {
            self.report
                .warnings
                .push(format!("{location}（{id}）：没有部门"));
        }
        self.items.push(Item {
            id,
            list: row.list,
            no: row.no,
            category,
            title,
            departments,
            upper_duties,
            town_duties,
        });
        Ok(())
    }

    fn departments(
        &mut self,
        cell: Option<Cell>,
        id: &str,
        unknown: &mut Vec<String>,
    ) -> Result<Vec<String>, RowError> {
        let Some(cell) = cell else {
            return Ok(Vec::new());
        };
        let cx = CellContext {
            item: id,
            column: cell.column,
        };
        let (names, not_found) = cells::departments(cell.text, &cx, &mut self.report.repairs)
            .map_err(RowError::at(Part::Departments))?;
        unknown.extend(not_found);
        Ok(names)
    }

    fn duties(
        &mut self,
        cell: Option<Cell>,
        id: &str,
        lines: bool,
        part: Part,
    ) -> Result<Vec<Section>, RowError> {
        let Some(cell) = cell else {
            return Ok(Vec::new());
        };
        let cx = CellContext {
            item: id,
            column: cell.column,
        };
        cells::duties(cell.text, &cx, lines, &mut self.report.repairs).map_err(RowError::at(part))
    }

    /// "玛纳斯县民政局： 依据……" → the departments before the colon, the way of working after it.
    fn recalled(
        &mut self,
        row: &Row,
        id: &str,
        unknown: &mut Vec<String>,
    ) -> Result<(Vec<String>, Vec<Section>), RowError> {
        let Some(cell) = row.upper else {
            return Ok((Vec::new(), Vec::new()));
        };
        let Some(colon) = cell.text.find(['：', ':']) else {
            return Err(RowError {
                part: Part::Upper,
                column: cell.column,
                message: "承接部门及工作方式应以「承接部门：」开头，这里没有冒号".into(),
            });
        };
        let head = Cell {
            text: &cell.text[..colon],
            column: cell.column,
        };
        let departments = self.departments(Some(head), id, unknown)?;
        let colon_len = cell.text[colon..].chars().next().map_or(1, char::len_utf8);
        let rest = Cell {
            text: &cell.text[colon + colon_len..],
            column: cell.column + cell.text[..colon + colon_len].chars().count(),
        };
        let way = self.duties(Some(rest), id, row.lines, Part::Upper)?;
        Ok((departments, way))
    }

    /// The dataset, with a warning for each list whose numbers skip; `town` overrides the titles'.
    pub fn finish(mut self, source: &str, town: Option<&str>) -> (Dataset, ImportReport) {
        for list in ListKind::ALL {
            let mut numbers: Vec<u32> = self.items_of(list).map(|i| i.no).collect();
            numbers.sort_unstable();
            if let Some((expected, &no)) = (1..).zip(&numbers).find(|(e, n)| e != *n) {
                self.report.warnings.push(format!(
                    "{}的序号不连续：缺少 {expected}（下一个是 {no}）",
                    list.full_name()
                ));
            }
        }
        let [prefecture, county, title_town] = self.place.unwrap_or_default();
        let mut dataset = Dataset {
            town: title_town,
            county,
            prefecture,
            source: source.rsplit(['/', '\\']).next().unwrap_or("").into(),
            items: self.items,
        };
        if let Some(given) = town {
            dataset.set_place(given);
        }
        (dataset, self.report)
    }

    fn items_of(&self, list: ListKind) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(move |i| i.list == list)
    }
}

/// A 序号 that a list uses twice; only the first row is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub id: String,
    /// Where each was ("第 12 行", "工作表「配合」第 5 行").
    pub first: String,
    pub again: String,
}

/// "昌吉州玛纳斯县六户地镇基本履职事项清单" → the list and (prefecture, county, town).
pub(crate) fn parse_title(line: &str) -> Option<(ListKind, [String; 3])> {
    let line: String = line.split_whitespace().collect();
    let list = ListKind::ALL
        .into_iter()
        .find(|list| line.ends_with(list.full_name()))?;
    let place = &line[..line.len() - list.full_name().len()];
    Some((list, split_place(place)))
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
}
