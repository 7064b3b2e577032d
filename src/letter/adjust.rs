//! The 动态调整申请 to the county's 编办: a cover paragraph and a table of the items the review
//! marked 有异议 or 需修改, each with what it is now, what it should be, the basis and the reason,
//! read from the item's note ("建议：… 依据：… 理由：…").

use crate::date::Date;
use crate::model::{Dataset, Item, ListKind, Status};
use crate::review::Reviews;

use super::entry::Written;
use super::{Block, Column, Kind, Letter, Letterhead, Table};

/// A note split at its labels; what no label claims is the reason.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoteParts {
    /// 建议为 / 建议 / 改为.
    pub proposal: String,
    /// 主要依据 / 依据.
    pub basis: String,
    /// 理由, and the words under no label.
    pub reason: String,
}

/// The labels a note may use, longest first so 建议改为 is not read as 建议.
const LABELS: [(&str, Part); 7] = [
    ("建议改为", Part::Proposal),
    ("主要依据", Part::Basis),
    ("建议为", Part::Proposal),
    ("建议", Part::Proposal),
    ("改为", Part::Proposal),
    ("依据", Part::Basis),
    ("理由", Part::Reason),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Proposal,
    Basis,
    Reason,
}

/// Characters a label may follow: it starts the note or a sentence, clause or line.
const BEFORE_LABEL: &[char] = &['。', '；', ';', '，', ',', '\n', ' ', '　', '\t'];

impl NoteParts {
    /// `note` split at "建议：", "依据：", "理由：" (a full-width or ASCII colon), each part
    /// trimmed of the punctuation around it.
    pub fn of(note: &str) -> NoteParts {
        let chars: Vec<char> = note.chars().collect();
        let mut cuts: Vec<(usize, usize, Part)> = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let starts = i == 0 || BEFORE_LABEL.contains(&chars[i - 1]);
            let found = LABELS.iter().find(|(label, _)| {
                let label: Vec<char> = label.chars().collect();
                chars[i..].starts_with(&label)
                    && matches!(chars.get(i + label.len()), Some('：' | ':'))
            });
            match found {
                Some((label, part)) if starts => {
                    let end = i + label.chars().count() + 1;
                    cuts.push((i, end, *part));
                    i = end;
                }
                _ => i += 1,
            }
        }
        let mut parts = NoteParts::default();
        let text = |from: usize, to: usize| -> String {
            chars[from..to]
                .iter()
                .collect::<String>()
                .trim_matches(|c: char| c.is_whitespace() || "；;，,".contains(c))
                .to_string()
        };
        let first = cuts.first().map_or(chars.len(), |c| c.0);
        let mut reason = vec![text(0, first)];
        for (n, &(_, end, part)) in cuts.iter().enumerate() {
            let to = cuts.get(n + 1).map_or(chars.len(), |c| c.0);
            let words = text(end, to);
            let slot = match part {
                Part::Proposal => &mut parts.proposal,
                Part::Basis => &mut parts.basis,
                Part::Reason => {
                    reason.push(words);
                    continue;
                }
            };
            if !slot.is_empty() {
                slot.push('；');
            }
            slot.push_str(&words);
        }
        parts.reason = reason
            .into_iter()
            .filter(|r| !r.is_empty())
            .collect::<Vec<_>>()
            .join("");
        parts
    }
}

/// What an item is now, as the 调整内容 column says it.
fn now(item: &Item) -> String {
    let mut now = format!("列入{}第 {} 项", item.list.full_name(), item.no);
    match item.list {
        ListKind::Basic => {}
        ListKind::Coop => now.push_str(&format!(
            "；本镇配合职责：{}",
            super::steps_inline(&item.town_duties).trim_end_matches('。')
        )),
        ListKind::Recalled => now.push_str(&format!("；承接部门：{}", item.departments.join("、"))),
    }
    now
}

/// What the item should be when the note does not say.
fn proposal_for(status: Status, item: &Item) -> String {
    match status {
        Status::Dispute => format!("不再列入本镇{}", item.list.full_name()),
        _ => "按理由修改事项内容".to_string(),
    }
}

/// An item marked 有异议 or 需修改, and what its note says.
type Marked<'a> = (&'a Item, Status, NoteParts);

/// What the clerk must still fill in: the items whose notes give no proposal, basis or reason.
fn warnings(marked: &[Marked]) -> Vec<String> {
    let missing = |what: &str, pick: &dyn Fn(&NoteParts) -> bool| {
        let ids: Vec<&str> = marked
            .iter()
            .filter(|(_, _, parts)| pick(parts))
            .map(|(item, _, _)| item.id.as_str())
            .collect();
        (!ids.is_empty()).then(|| {
            format!(
                "{} 个事项的备注没有写{what}（{}）",
                ids.len(),
                ids.join("、")
            )
        })
    };
    let mut warnings = Vec::new();
    warnings.extend(
        missing("建议", &|p| p.proposal.is_empty())
            .map(|w| format!("{w}：“建议为”按标记填了默认的说法；在备注里写“建议：…”可改")),
    );
    warnings.extend(
        missing("主要依据", &|p| p.basis.is_empty())
            .map(|w| format!("{w}：这一栏空着；在备注里写“依据：…”，或打印后手填")),
    );
    warnings.extend(
        missing("理由", &|p| p.reason.is_empty())
            .map(|w| format!("{w}：这一栏空着；在备注里写“理由：…”")),
    );
    warnings
}

/// The table's row for the `n`-th item.
fn row(n: usize, item: &Item, status: Status, parts: &NoteParts) -> Vec<String> {
    let proposal = match parts.proposal.as_str() {
        "" => proposal_for(status, item),
        given => given.to_string(),
    };
    vec![
        (n + 1).to_string(),
        item.list.short_name().to_string(),
        item.no.to_string(),
        item.title.clone(),
        format!("现为：{}\n建议为：{proposal}", now(item)),
        parts.basis.clone(),
        parts.reason.clone(),
    ]
}

fn columns() -> Vec<Column> {
    [
        // Two characters of 小四 and the cells' margins need 13 mm of the 156.
        ("序号", 5),
        ("清单", 5),
        ("编号", 5),
        ("事项名称", 9),
        ("调整内容", 16),
        ("主要依据", 9),
        ("理由", 11),
    ]
    .map(|(name, share)| Column {
        name: name.into(),
        share,
    })
    .to_vec()
}

/// The 动态调整申请 for `dataset`'s disputed and to-be-changed items, or why there is none.
pub fn application(
    dataset: &Dataset,
    reviews: &Reviews,
    head: &Letterhead,
    date: Date,
) -> Result<Written, String> {
    let marked: Vec<Marked> = dataset
        .items
        .iter()
        .filter_map(|item| {
            let review = reviews.get(&item.id)?;
            let status = review
                .status
                .filter(|s| matches!(s, Status::Dispute | Status::Change))?;
            Some((item, status, NoteParts::of(&review.note)))
        })
        .collect();
    if marked.is_empty() {
        return Err(format!(
            "{}没有标为有异议或需修改的事项：审核时先标记（并在备注里写明建议、依据、理由），再写调整申请",
            dataset.town
        ));
    }
    let count = |status| marked.iter().filter(|(_, s, _)| *s == status).count();
    let warnings = warnings(&marked);
    let rows = marked
        .iter()
        .enumerate()
        .map(|(n, (item, status, parts))| row(n, item, *status, parts))
        .collect();
    let columns = columns();
    let sender = head.sender_of(dataset);
    let cover = format!(
        "按照乡镇履行职责事项清单动态调整的有关要求，我镇对{}{}履行职责事项清单逐项进行了审核，认为以下 {} 个事项需要调整（有异议 {} 项、需修改 {} 项），现申请动态调整，具体如下：",
        dataset.county,
        dataset.town,
        marked.len(),
        count(Status::Dispute),
        count(Status::Change)
    );
    Ok(Written {
        stem: format!("{}动态调整申请", dataset.town),
        letter: Letter {
            kind: Kind::Adjust,
            title: format!("{sender}关于申请动态调整履行职责事项清单的函"),
            to: head.office_of(dataset),
            body: vec![
                Block::Text(cover),
                Block::Table(Table { columns, rows }),
                Block::Text("以上事项，请予审核调整。".into()),
            ],
            sender,
            date,
            note: head.contact.clone(),
            cc: Vec::new(),
        }
        .tidied(),
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_splits_at_its_labels_and_the_rest_is_the_reason() {
        let parts = NoteParts::of(
            "与县住建局职责重叠。建议：调整为配合事项；依据：《城镇燃气管理条例》第五条。理由：镇里没有执法权",
        );
        assert_eq!(parts.proposal, "调整为配合事项");
        assert_eq!(parts.basis, "《城镇燃气管理条例》第五条。");
        assert_eq!(parts.reason, "与县住建局职责重叠。镇里没有执法权");
        // A label inside a sentence is words, not a label; ASCII colons count.
        let parts = NoteParts::of("按上级依据:文件执行\n主要依据: 玛政办发〔2024〕3号");
        assert_eq!(parts.basis, "玛政办发〔2024〕3号");
        assert_eq!(parts.reason, "按上级依据:文件执行");
        assert_eq!(NoteParts::of(""), NoteParts::default());
    }
}
