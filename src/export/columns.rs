//! The columns of the spreadsheet exports: the published ones, then the review's.

use crate::model::{Dataset, Item, ListKind, duties_text};
use crate::review::Review;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    List,
    No,
    Category,
    Title,
    Departments,
    Upper,
    Town,
    Status,
    Note,
    Reviewer,
    UpdatedAt,
}

const REVIEW: [Column; 4] = [
    Column::Status,
    Column::Note,
    Column::Reviewer,
    Column::UpdatedAt,
];

/// One list's published columns (the recalled list's 承接部门及工作方式 split in two, so a
/// department can be filtered on), or every list's under a 清单 column; then the review's.
pub fn columns(list: Option<ListKind>) -> Vec<Column> {
    use Column::*;
    let published: &[Column] = match list {
        Some(ListKind::Basic) => &[No, Category, Title],
        Some(ListKind::Coop) => &[No, Category, Title, Departments, Upper, Town],
        Some(ListKind::Recalled) => &[No, Category, Title, Departments, Upper],
        None => &[List, No, Category, Title, Departments, Upper, Town],
    };
    published.iter().copied().chain(REVIEW).collect()
}

/// The leading column when several towns share one table.
pub const PLACE: &str = "乡镇";

impl Column {
    /// With `several` towns, the town's column is named for none of them.
    pub fn header(self, dataset: &Dataset, list: Option<ListKind>, several: bool) -> String {
        match (self, list) {
            (Column::List, _) => "清单".into(),
            (Column::No, _) => "序号".into(),
            (Column::Category, _) => "事项类别".into(),
            (Column::Title, _) => "事项名称".into(),
            (Column::Departments | Column::Upper, Some(l)) if l != ListKind::Basic => {
                if self == Column::Departments {
                    l.departments_label().into()
                } else {
                    l.upper_label().into()
                }
            }
            (Column::Departments, _) => "对应上级部门/承接部门".into(),
            (Column::Upper, _) => "上级部门职责/工作方式".into(),
            (Column::Town, _) if several => "乡镇配合职责".into(),
            (Column::Town, _) => dataset.town_duties_label(),
            (Column::Status, _) => "审核状态".into(),
            (Column::Note, _) => "备注".into(),
            (Column::Reviewer, _) => "审核人".into(),
            (Column::UpdatedAt, _) => "审核时间".into(),
        }
    }

    pub fn cell(self, item: &Item, review: Option<&Review>) -> String {
        match self {
            Column::List => item.list.short_name().into(),
            Column::No => item.no.to_string(),
            Column::Category => item.category.clone(),
            Column::Title => item.title.clone(),
            Column::Departments => item.departments.join("、"),
            Column::Upper => duties_text(&item.upper_duties),
            Column::Town => duties_text(&item.town_duties),
            Column::Status => review
                .and_then(|r| r.status)
                .map_or("", |s| s.label())
                .into(),
            Column::Note => review.map(|r| r.note.clone()).unwrap_or_default(),
            Column::Reviewer => review
                .filter(|r| r.has_mark())
                .map(|r| r.reviewer.clone())
                .unwrap_or_default(),
            Column::UpdatedAt => review
                .filter(|r| r.has_mark())
                .map(|r| r.updated_at.clone())
                .unwrap_or_default(),
        }
    }

    /// A readable width in a spreadsheet, in characters of the default font.
    pub fn width(self) -> f64 {
        match self {
            Column::List | Column::No => 6.0,
            Column::Status | Column::Reviewer => 9.0,
            Column::Category => 12.0,
            Column::UpdatedAt => 19.0,
            Column::Departments => 24.0,
            Column::Note => 30.0,
            Column::Title => 40.0,
            Column::Upper | Column::Town => 50.0,
        }
    }
}
