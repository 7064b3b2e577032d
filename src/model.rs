//! The data model shared by every list: one `Item` type, one `Dataset` per town.

use std::collections::HashSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The dataset compiled into the binary, so a fresh clone runs with no files around it.
const EMBEDDED_JSON: &str = include_str!("../data/liuhudi.json");

/// The day data/liuhudi.json was last taken from the published lists, for `--version` (a
/// test holds it to the file's last commit).
pub const EMBEDDED_DATE: &str = "2026-11-29";

/// Which of the three published lists an item belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    /// 基本履职事项清单: the town does it and answers for it in full.
    Basic,
    /// 配合履职事项清单: a county department leads, the town assists.
    Coop,
    /// 上级部门收回事项清单: taken back by the department above.
    Recalled,
}

impl ListKind {
    pub const ALL: [ListKind; 3] = [ListKind::Basic, ListKind::Coop, ListKind::Recalled];

    /// The key used in ids and on the command line: `basic`, `coop`, `recalled`.
    pub fn key(self) -> &'static str {
        match self {
            ListKind::Basic => "basic",
            ListKind::Coop => "coop",
            ListKind::Recalled => "recalled",
        }
    }

    /// The two-character name staff use: 基本, 配合, 收回.
    pub fn short_name(self) -> &'static str {
        match self {
            ListKind::Basic => "基本",
            ListKind::Coop => "配合",
            ListKind::Recalled => "收回",
        }
    }

    /// One-character badge for mixed lists: 基, 配, 收.
    pub fn badge(self) -> &'static str {
        match self {
            ListKind::Basic => "基",
            ListKind::Coop => "配",
            ListKind::Recalled => "收",
        }
    }

    /// The published list name, e.g. 配合履职事项清单.
    pub fn full_name(self) -> &'static str {
        match self {
            ListKind::Basic => "基本履职事项清单",
            ListKind::Coop => "配合履职事项清单",
            ListKind::Recalled => "上级部门收回事项清单",
        }
    }

    /// What the department column is called in this list.
    pub fn departments_label(self) -> &'static str {
        match self {
            ListKind::Basic => "",
            ListKind::Coop => "对应上级部门",
            ListKind::Recalled => "承接部门",
        }
    }

    /// What the upper-level duty column is called in this list.
    pub fn upper_label(self) -> &'static str {
        match self {
            ListKind::Basic => "",
            ListKind::Coop => "上级部门职责",
            ListKind::Recalled => "工作方式",
        }
    }

    /// Accepts `basic|coop|recalled`, their initials, and the Chinese names.
    pub fn parse(s: &str) -> Option<ListKind> {
        let s = s.trim();
        ListKind::ALL.into_iter().find(|kind| {
            let key = kind.key();
            s.eq_ignore_ascii_case(key)
                || s.eq_ignore_ascii_case(&key[..1])
                || s == kind.short_name()
                || s == kind.badge()
                || s == kind.full_name()
        })
    }
}

impl fmt::Display for ListKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A review verdict on an item, as given in a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 同意: the item stands as published.
    Agree,
    /// 有异议: the town disputes it.
    Dispute,
    /// 需修改: it needs rewording or moving.
    Change,
    /// 待核实: to be checked with the department.
    Check,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Agree,
        Status::Dispute,
        Status::Change,
        Status::Check,
    ];

    /// The name on the command line and in the store: agree, dispute, change, check.
    pub fn key(self) -> &'static str {
        match self {
            Status::Agree => "agree",
            Status::Dispute => "dispute",
            Status::Change => "change",
            Status::Check => "check",
        }
    }

    /// The name staff use: 同意, 有异议, 需修改, 待核实.
    pub fn label(self) -> &'static str {
        match self {
            Status::Agree => "同意",
            Status::Dispute => "有异议",
            Status::Change => "需修改",
            Status::Check => "待核实",
        }
    }

    /// Accepts the key or the Chinese name; `Some(None)` for "no verdict" (none, 未审, 无).
    pub fn parse(s: &str) -> Option<Option<Status>> {
        let s = s.trim();
        if ["none", "未审", "未定", "无"]
            .iter()
            .any(|n| s.eq_ignore_ascii_case(n))
        {
            return Some(None);
        }
        Status::ALL
            .into_iter()
            .find(|st| s.eq_ignore_ascii_case(st.key()) || s == st.label())
            .map(Some)
    }

    /// How "no verdict" reads everywhere: the app, the commands, the exports, the docs.
    pub const UNDECIDED: &'static str = "未审";

    /// The label of a verdict, or `UNDECIDED`.
    pub fn label_of(status: Option<Status>) -> &'static str {
        status.map_or(Status::UNDECIDED, Status::label)
    }

    /// What `parse` accepts, for error messages.
    pub const EXPECTED: &'static str =
        "同意、有异议、需修改、待核实、未审（或 agree、dispute、change、check、none）";
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A block of duties: an optional heading ("一、分户工作", or a department heading its own part)
/// and its steps in published order. Step numbers are positions, not stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub heading: Option<String>,
    pub steps: Vec<String>,
}

impl Section {
    /// "3. " before the third step of a list; nothing before a lone paragraph.
    pub fn step_marker(&self, index: usize) -> String {
        if self.steps.len() > 1 {
            format!("{}. ", index + 1)
        } else {
            String::new()
        }
    }
}

/// A duty column as one text: each heading on its own line, steps numbered as published.
pub fn duties_text(sections: &[Section]) -> String {
    let mut lines = Vec::new();
    for section in sections {
        if let Some(heading) = &section.heading {
            lines.push(heading.clone());
        }
        for (n, step) in section.steps.iter().enumerate() {
            lines.push(format!("{}{step}", section.step_marker(n)));
        }
    }
    lines.join("\n")
}

/// One duty of any list. Basic items have no departments and no duties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// `"{list}-{no}"`, e.g. `coop-19`.
    pub id: String,
    pub list: ListKind,
    /// 序号 as published, 1-based within its list.
    pub no: u32,
    /// 事项类别.
    pub category: String,
    /// 事项名称.
    pub title: String,
    /// Canonical department names from the registry (对应上级部门, or 承接部门 for recalled items).
    pub departments: Vec<String>,
    /// 上级部门职责 (coop) or 工作方式 (recalled).
    pub upper_duties: Vec<Section>,
    /// 六户地镇配合职责 (coop only).
    pub town_duties: Vec<Section>,
}

impl Item {
    pub fn make_id(list: ListKind, no: u32) -> String {
        format!("{}-{}", list.key(), no)
    }
}

/// One town's three lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dataset {
    pub town: String,
    pub county: String,
    pub prefecture: String,
    /// The published file this dataset was imported from.
    pub source: String,
    pub items: Vec<Item>,
}

impl Dataset {
    /// The dataset shipped inside the binary (六户地镇).
    pub fn embedded() -> Result<Dataset> {
        Dataset::from_json(EMBEDDED_JSON, "<内置数据>")
    }

    /// Parses and validates dataset JSON; `origin` names the file in error messages.
    pub fn from_json(json: &str, origin: &str) -> Result<Dataset> {
        let dataset: Dataset = serde_json::from_str(json).map_err(|e| Error::DatasetFile {
            path: origin.to_string(),
            line: e.line(),
            column: e.column(),
            message: format!("JSON 格式不对：{}", json_message(&e)),
        })?;
        dataset
            .validate()
            .map_err(|message| Error::DatasetInvalid {
                path: origin.to_string(),
                message,
            })?;
        Ok(dataset)
    }

    /// The invariants the rest of the program relies on: ids match list and number, and are unique.
    fn validate(&self) -> std::result::Result<(), String> {
        let mut seen = HashSet::new();
        for (index, item) in self.items.iter().enumerate() {
            let expected = Item::make_id(item.list, item.no);
            if item.id != expected {
                return Err(format!(
                    "第 {} 个事项的 id 是「{}」，按 list 和 no 应为「{expected}」",
                    index + 1,
                    item.id
                ));
            }
            if !seen.insert(item.id.as_str()) {
                return Err(format!("事项 id「{}」重复出现", item.id));
            }
        }
        Ok(())
    }

    pub fn to_json(&self) -> String {
        // Serialising plain structs of strings cannot fail.
        let mut json = crate::inert::json_pretty(self);
        json.push('\n');
        json
    }

    pub fn items_of(&self, list: ListKind) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(move |item| item.list == list)
    }

    pub fn count(&self, list: ListKind) -> usize {
        self.items_of(list).count()
    }

    /// Finds an item by any of the accepted reference forms (`coop-19`, `c19`, `配合19`).
    pub fn find(&self, reference: &str) -> Result<&Item> {
        let (list, no) = parse_item_ref(reference).ok_or_else(|| Error::BadItemRef {
            input: reference.to_string(),
        })?;
        self.items
            .iter()
            .find(|item| item.list == list && item.no == no)
            .ok_or_else(|| Error::NoSuchItem {
                id: Item::make_id(list, no),
                list_name: list.full_name(),
                count: self.count(list),
            })
    }

    /// Names this dataset and its exact content (town and a hash of the JSON), so review marks of
    /// two towns, or of two revisions of one town's lists, never mix.
    pub fn identity(&self) -> String {
        use sha2::{Digest, Sha256};
        use std::io::Write;
        // The bytes of `to_json`, hashed as they are made, in blocks.
        let mut hasher = Sha256::new();
        {
            let mut out = std::io::BufWriter::with_capacity(64 << 10, Hashing(&mut hasher));
            // Our own types into a hasher: neither can fail.
            let _ = crate::inert::json_pretty_to(self, &mut out);
            let _ = out.write_all(b"\n");
        }
        let digest = hasher.finalize();
        let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        format!("{}@{hex}", self.town)
    }

    /// "昌吉州玛纳斯县六户地镇".
    pub fn place(&self) -> String {
        format!("{}{}{}", self.prefecture, self.county, self.town)
    }

    /// Sets the town (and the county and prefecture, if named): "六户地镇", "玛纳斯县六户地镇".
    pub fn set_place(&mut self, place: &str) {
        let [prefecture, county, town] = split_place(place);
        self.town = town;
        if !county.is_empty() {
            self.county = county;
        }
        if !prefecture.is_empty() {
            self.prefecture = prefecture;
        }
    }

    /// "六户地镇配合职责": the town's column of the cooperative list.
    pub fn town_duties_label(&self) -> String {
        format!("{}配合职责", self.town)
    }
}

/// "昌吉州玛纳斯县六户地镇" → (昌吉州, 玛纳斯县, 六户地镇); a bare "六户地镇" is the town.
pub fn split_place(place: &str) -> [String; 3] {
    let place = place.trim();
    let split_after = |text: &str, suffixes: &[&str]| -> Option<usize> {
        suffixes
            .iter()
            .filter_map(|s| text.find(s).map(|at| at + s.len()))
            .filter(|&end| end < text.len())
            .min()
    };
    let prefecture_end = split_after(place, &["州", "地区", "盟", "市"]).unwrap_or(0);
    let rest = &place[prefecture_end..];
    let county_end = split_after(rest, &["县", "区", "旗", "市"]).unwrap_or(0);
    [
        place[..prefecture_end].to_string(),
        rest[..county_end].to_string(),
        rest[county_end..].to_string(),
    ]
}

/// serde_json's message without its trailing " at line L column C", which we say in Chinese.
fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_string()
}

/// Splits `coop-19`, `c19`, `C 19`, `配合-19`, `ｃ１９` into list and number.
pub fn parse_item_ref(reference: &str) -> Option<(ListKind, u32)> {
    let normalised: String = reference
        .trim()
        .chars()
        .map(fullwidth_to_ascii)
        .filter(|c| !c.is_whitespace())
        .collect();
    let digits_at = normalised.find(|c: char| c.is_ascii_digit())?;
    let (prefix, number) = normalised.split_at(digits_at);
    let prefix = prefix.trim_end_matches(['-', '_', '#', '.']);
    let list = ListKind::parse(prefix)?;
    let no = number.parse().ok().filter(|&n| n > 0)?;
    Some((list, no))
}

/// Maps full-width ASCII forms (Ａ, １, －) to their ASCII equivalents.
pub fn fullwidth_to_ascii(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// Bytes written into a SHA-256 hasher.
struct Hashing<'a>(&'a mut sha2::Sha256);

impl std::io::Write for Hashing<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        sha2::Digest::update(self.0, bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The identity keys every review ever saved: it must stay the hash of `to_json`'s text.
    #[test]
    fn identity_is_the_hash_of_the_json() {
        use sha2::{Digest, Sha256};
        let mut dataset = Dataset::embedded().unwrap();
        dataset.items[0].title.push_str("\u{202e}“引号”\u{85}");
        let digest = Sha256::digest(dataset.to_json().as_bytes());
        let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(dataset.identity(), format!("六户地镇@{hex}"));
    }

    #[test]
    fn item_references_in_every_accepted_form() {
        assert_eq!(parse_item_ref("coop-19"), Some((ListKind::Coop, 19)));
        assert_eq!(parse_item_ref("c19"), Some((ListKind::Coop, 19)));
        assert_eq!(parse_item_ref("B44"), Some((ListKind::Basic, 44)));
        assert_eq!(parse_item_ref("r7"), Some((ListKind::Recalled, 7)));
        assert_eq!(parse_item_ref("配合-19"), Some((ListKind::Coop, 19)));
        assert_eq!(parse_item_ref("收 7"), Some((ListKind::Recalled, 7)));
        assert_eq!(parse_item_ref("ｃ１９"), Some((ListKind::Coop, 19)));
        assert_eq!(parse_item_ref("x19"), None);
        assert_eq!(parse_item_ref("c0"), None);
        assert_eq!(parse_item_ref("coop"), None);
        assert_eq!(parse_item_ref("19"), None);
    }

    #[test]
    fn a_place_given_alone_is_the_town() {
        assert_eq!(
            split_place("六户地镇"),
            ["", "", "六户地镇"].map(String::from)
        );
        assert_eq!(
            split_place("玛纳斯县乐土驿镇"),
            ["", "玛纳斯县", "乐土驿镇"].map(String::from)
        );
    }

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "ab\n应急x";
        assert_eq!(line_column(text.as_bytes(), 0), (1, 1));
        assert_eq!(line_column(text.as_bytes(), 3), (2, 1));
        assert_eq!(line_column(text.as_bytes(), 6), (2, 2));
    }
}
