//! From a verdict to paper: the 退回函, the 情况说明 and the 动态调整申请, each a `Letter` laid
//! out as a 公文 (GB/T 9704-2012) and written as .docx (`docx::render`).

pub mod adjust;
pub mod docx;
pub mod entry;

use crate::date::Date;
use crate::model::{Dataset, ListKind};

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

impl Kind {
    /// What the clerk calls it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Return => "退回函",
            Kind::Explain => "情况说明",
            Kind::Adjust => "动态调整申请",
        }
    }
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

/// The 发文机关署名 unless `letter.sender` says otherwise; {town} and {county} are the data's.
pub const DEFAULT_SENDER: &str = "{town}人民政府";

/// The county's 编办 (主送 of the 调整申请, 抄送 of the 情况说明) unless `letter.office` says
/// otherwise.
pub const DEFAULT_OFFICE: &str = "中共{county}委机构编制委员会办公室";

/// Who signs, whom the 编办 letters go to, and the contact line: the settings' templates, with
/// {town} and {county} the data's, so one server's towns each sign their own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letterhead {
    pub sender: String,
    pub office: String,
    pub contact: Option<String>,
}

impl Default for Letterhead {
    fn default() -> Letterhead {
        Letterhead {
            sender: DEFAULT_SENDER.into(),
            office: DEFAULT_OFFICE.into(),
            contact: None,
        }
    }
}

impl Letterhead {
    fn fill(template: &str, dataset: &Dataset) -> String {
        template
            .replace("{town}", &dataset.town)
            .replace("{county}", &dataset.county)
    }

    /// The 发文机关署名 for this town.
    pub fn sender_of(&self, dataset: &Dataset) -> String {
        Letterhead::fill(&self.sender, dataset)
    }

    /// The county's 编办, for this town.
    pub fn office_of(&self, dataset: &Dataset) -> String {
        Letterhead::fill(&self.office, dataset)
    }
}

/// A department as a letter addresses it: its full name where the registry knows it, or the
/// county's name before a "县…" the notice shortened ("县民政局" → "玛纳斯县民政局").
pub fn full_department(name: &str, dataset: &Dataset) -> String {
    let name = name.trim();
    if let Some(known) = crate::departments::resolve(name) {
        return known.name.to_string();
    }
    match name.strip_prefix('县') {
        Some(rest) if dataset.county.ends_with('县') && !rest.is_empty() => {
            format!("{}{rest}", dataset.county)
        }
        _ => name.to_string(),
    }
}

/// A list as a letter names it: 《玛纳斯县六户地镇配合履职事项清单》.
pub fn list_title(dataset: &Dataset, list: ListKind) -> String {
    format!("《{}{}{}》", dataset.county, dataset.town, list.full_name())
}

impl Letter {
    /// Every text with the ASCII punctuation the published lists carry between Chinese words
    /// made full-width, as a printed 公文 has it.
    pub fn tidied(mut self) -> Letter {
        self.title = full_width(&self.title);
        self.to = full_width(&self.to);
        for block in &mut self.body {
            match block {
                Block::Text(text) => *text = full_width(text),
                Block::Table(table) => {
                    for cell in table.rows.iter_mut().flatten() {
                        *cell = full_width(cell);
                    }
                }
            }
        }
        self
    }
}

/// `,` `;` `:` `(` `)` `?` `!` beside a Chinese character as their full-width forms; between
/// Latin letters or digits (0.5, 10:30) they stay.
pub fn full_width(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let wide = |c: Option<&char>| c.is_some_and(|&c| c > '\u{2E7F}');
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let beside =
                wide(i.checked_sub(1).and_then(|p| chars.get(p))) || wide(chars.get(i + 1));
            match (c, beside) {
                (',', true) => '，',
                (';', true) => '；',
                (':', true) => '：',
                ('(', true) => '（',
                (')', true) => '）',
                ('?', true) => '？',
                ('!', true) => '！',
                _ => c,
            }
        })
        .collect()
}

/// A duty column run into one sentence for a letter: its steps numbered as published, each
/// ending on one mark ("1. 各村核实…；2. 镇及所属村同步进行公示；").
pub fn steps_inline(sections: &[crate::model::Section]) -> String {
    let lines = crate::model::duties_text(sections);
    let mut out = String::new();
    for line in lines.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() && !out.ends_with(['；', '。', ';', '：', ':']) {
            out.push('；');
        }
        out.push_str(line);
    }
    out
}
