//! From a verdict to paper: the 退回函, the 情况说明 and the 动态调整申请, each a `Letter` laid
//! out as a 公文 (GB/T 9704-2012) and written as .docx (`docx::render`).

pub mod docx;

use crate::date::Date;

/// Which of the three letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 退回函: a task the lists give to the department, returned to it.
    Return,
    /// 情况说明: a task in no list, to go through the county's 准入 first.
    Explain,
    /// 动态调整申请: the review's disputed items, to the 编办.
    Adjust,
}

/// A letter as the office reads it, before any layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub kind: Kind,
    /// 标题, without 《》: "六户地镇人民政府关于退回……的函".
    pub title: String,
    /// 主送机关, without the colon.
    pub to: String,
    /// 正文: paragraphs and tables, in order.
    pub body: Vec<Block>,
    /// 发文机关署名.
    pub sender: String,
    /// 成文日期.
    pub date: Date,
    /// 附注 (the contact line), without its parentheses.
    pub note: Option<String>,
    /// 抄送机关, in order.
    pub cc: Vec<String>,
}

/// A piece of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph, its first line indented two characters.
    Text(String),
    Table(Table),
}

/// A table in the body: a header row, then one row per item; a cell's lines are its
/// paragraphs ("现为：…\n建议为：…").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    /// Its share of the table's width, against the other columns' (not a unit).
    pub share: u16,
}
