//! The letter a register entry's decided verdict calls for: a 退回函 for a task the lists give to
//! the department (收回, or the department's part of a shared duty), a 情况说明 for a task in no
//! list; none for the town's own work.

use crate::admit::{Act, Side, Verdict};
use crate::date::Date;
use crate::model::{Dataset, Item, ListKind};
use crate::review::register::{Channel, Entry, Outcome};

use super::{Block, Kind, Letter, Letterhead, full_department, list_title, steps_inline};

/// A letter, and what the clerk should fill in or check before sending it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub letter: Letter,
    pub warnings: Vec<String>,
    /// The file's name without ".docx": "退回函-第3号", "六户地镇动态调整申请".
    pub stem: String,
}

/// Why an entry has no letter, in a line for the clerk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub why: String,
    /// A shared duty lvzhi reads as the town's part: the clerk may still ask for a 退回函.
    pub forcible: bool,
}

impl From<String> for Refusal {
    fn from(why: String) -> Refusal {
        Refusal {
            why,
            forcible: false,
        }
    }
}

/// The letter for `entry` of `dataset`'s register, or why it has none.
pub fn for_entry(
    dataset: &Dataset,
    entry: &Entry,
    head: &Letterhead,
    date: Date,
    force_return: bool,
) -> Result<Written, Refusal> {
    let number = entry.number;
    let request = &entry.request;
    let item =
        match request.item.as_str() {
            "" => None,
            id => Some(dataset.find(id).map_err(|e| {
                Refusal::from(format!("第 {number} 号的对应事项 {id} 找不到：{e}"))
            })?),
        };
    let mut warnings = Vec::new();
    let to = match request.source.trim() {
        "" | "未注明" => {
            warnings.push(format!(
                "第 {number} 号没有记下来文部门：函的主送机关留作“（来文部门）”，打印前填上"
            ));
            "（来文部门）".to_string()
        }
        source => full_department(source, dataset),
    };
    let (kind, body) = match (request.verdict, item) {
        (Verdict::Recalled, Some(item)) => (Kind::Return, recalled(dataset, entry, item, &to)),
        (Verdict::Coop, Some(item)) => {
            let acts = crate::admit::acts_on(&request.task, item);
            let body = shared(dataset, entry, item, &acts, &to, force_return)?;
            (Kind::Return, body)
        }
        (Verdict::Outside, _) => {
            if request.outcome == Outcome::Admitted {
                return Err(format!(
                    "第 {number} 号已准入{}，由本镇承接，不再写情况说明",
                    bracket(&entry.approval)
                )
                .into());
            }
            (
                Kind::Explain,
                outside(dataset, entry, &head.office_of(dataset)),
            )
        }
        (Verdict::Basic, _) => {
            return Err(format!(
                "第 {number} 号判为基本履职事项{}，是本镇的职责，由本镇承接，不写函",
                bracket(&request.item)
            )
            .into());
        }
        (verdict, None) => {
            return Err(format!(
                "第 {number} 号判为{}却没有对应事项：先改判断，指明对应事项",
                verdict.label()
            )
            .into());
        }
    };
    let sender = head.sender_of(dataset);
    let title = match kind {
        Kind::Explain => format!("{sender}关于{to}交办事项需履行准入程序的情况说明"),
        _ => format!("{sender}关于退回{to}交办事项的函"),
    };
    let cc = match kind {
        Kind::Explain => vec![head.office_of(dataset)],
        _ => Vec::new(),
    };
    let letter = Letter {
        kind,
        title,
        to,
        body,
        sender,
        date,
        note: head.contact.clone(),
        cc,
    };
    Ok(Written {
        stem: format!("{}-第{number}号", kind.name()),
        letter: letter.tidied(),
        warnings,
    })
}

/// "（coop-16）", or nothing for an empty text.
fn bracket(text: &str) -> String {
    match text.trim() {
        "" => String::new(),
        text => format!("（{text}）"),
    }
}

/// Words quoted in a sentence: trimmed, without the full stop they end on.
fn quoted(text: &str) -> String {
    let text = text
        .trim()
        .trim_end_matches(['。', '；', ';', '，', ',', '.']);
    format!("“{text}”")
}

/// The first paragraph of either letter: when and how the task came, and what it asked.
fn receipt(entry: &Entry) -> String {
    let request = &entry.request;
    let when = Date::parse_iso(&request.received).map_or_else(|| "近日".to_string(), Date::chinese);
    let how = match request.channel {
        Channel::Document => document(request),
        Channel::Meeting => "你单位在会议上布置的工作".into(),
        Channel::Phone => "你单位电话布置的工作".into(),
        Channel::Wechat => "你单位通过微信布置的工作".into(),
        Channel::Hotline => "你单位转来的 12345 热线工单".into(),
        Channel::Other => "你单位布置的工作".into(),
    };
    // The deadline, unless the task's own words already give it.
    let words = request.deadline_words.trim();
    let by = match (Date::parse_iso(&request.deadline), request.deadline_text()) {
        _ if !words.is_empty() && request.task.contains(words) => String::new(),
        (Some(day), _) => format!("，并要求于{}前完成", day.chinese()),
        (None, words) if !words.is_empty() => format!("，完成时限为“{words}”"),
        _ => String::new(),
    };
    format!(
        "{when}，我镇收到{how}，要求我镇{}{by}。",
        quoted(&request.task)
    )
}

/// The notice as the letter cites it: 你单位《title》（文号，date印发）, whatever of these the
/// register has.
fn document(request: &crate::review::register::Request) -> String {
    let title = request.notice_title.trim();
    let title = title.trim_start_matches('《').trim_end_matches('》');
    let mut said = match title {
        "" => "你单位来文".to_string(),
        title => format!("你单位《{title}》"),
    };
    let printed = Date::parse_iso(&request.notice_date).map(|d| format!("{}印发", d.chinese()));
    let details: Vec<String> = [request.doc_ref.trim().to_string()]
        .into_iter()
        .filter(|d| !d.is_empty())
        .chain(printed)
        .collect();
    if !details.is_empty() {
        said.push_str(&format!("（{}）", details.join("，")));
    }
    said
}

/// The item as the letter names it: 清单第 N 项“事项名称”.
fn item_named(dataset: &Dataset, item: &Item) -> String {
    format!(
        "经对照{}，该项工作属清单第 {} 项{}",
        list_title(dataset, item.list),
        item.no,
        quoted(&item.title)
    )
}

/// A recalled item's 退回函: the department that took it back does it.
fn recalled(dataset: &Dataset, entry: &Entry, item: &Item, to: &str) -> Vec<Block> {
    let departments = item.departments.join("、");
    let way = steps_inline(&item.upper_duties);
    let way = if way.trim().is_empty() || way.trim_end_matches('。') == item.title {
        String::new()
    } else {
        format!("，工作方式为{}", quoted(&way))
    };
    let mut request = String::from("现将该项工作退回你单位，请按照清单履行职责。");
    if !departments.is_empty() && !item.departments.iter().any(|d| d == to) {
        request = format!("现将该项工作退回你单位，请商{departments}按照清单履行职责。");
    }
    vec![
        Block::Text(receipt(entry)),
        Block::Text(format!(
            "{}，承接部门为{}{way}。按照清单，该事项已由上级部门收回，由承接部门负责履行，不再交由乡镇承担。",
            item_named(dataset, item),
            if departments.is_empty() {
                "县级有关部门"
            } else {
                &departments
            },
        )),
        Block::Text(request),
        Block::Text("特此函告。".into()),
    ]
}

/// A shared item's 退回函: the acts the department's part names go back; the town's part the
/// town does.
fn shared(
    dataset: &Dataset,
    entry: &Entry,
    item: &Item,
    acts: &[Act],
    to: &str,
    force_return: bool,
) -> Result<Vec<Block>, Refusal> {
    let number = entry.number;
    let upper: Vec<&Act> = acts.iter().filter(|a| a.side == Side::Upper).collect();
    let town: Vec<&Act> = acts.iter().filter(|a| a.side == Side::Town).collect();
    if upper.is_empty() && !force_return {
        let within = match town.first() {
            Some(act) => format!(
                "所要求的{}在本镇的配合职责之内{}",
                quoted(&act.text),
                bracket(act.place.as_deref().unwrap_or(""))
            ),
            None => "看不出所要求的工作属部门职责".to_string(),
        };
        return Err(Refusal {
            why: format!(
                "第 {number} 号判为配合履职事项（{}），{within}，由本镇承接，不写退回函",
                item.id
            ),
            forcible: true,
        });
    }
    let departments = match item.departments.join("、") {
        d if d.is_empty() => "县级有关部门".to_string(),
        d => d,
    };
    let mut basis = format!(
        "{}，由{departments}牵头、本镇配合。",
        item_named(dataset, item)
    );
    if upper.is_empty() {
        basis.push_str(&format!(
            "按照清单，{departments}的职责为{}；本镇的配合职责为{}。",
            quoted(&steps_inline(&item.upper_duties)),
            quoted(&steps_inline(&item.town_duties))
        ));
    }
    let cited = |act: &Act| {
        let place = act.place.as_deref().unwrap_or("");
        match act.step.as_deref() {
            Some(step) => format!("{}（清单{place}：{}）", quoted(&act.text), quoted(step)),
            None => quoted(&act.text),
        }
    };
    if !upper.is_empty() {
        let named: Vec<String> = upper.iter().map(|a| cited(a)).collect();
        basis.push_str(&format!("其中{}属{departments}的职责。", named.join("、")));
    }
    if !town.is_empty() {
        let named: Vec<String> = town.iter().map(|a| cited(a)).collect();
        basis.push_str(&format!("{}属本镇配合职责。", named.join("、")));
    }
    // Sent to a department the item does not name: it is asked to pass the work on.
    let carry_out = if item.departments.iter().any(|d| *d == to) {
        "请按照清单履行职责".to_string()
    } else {
        format!("请商{departments}按照清单履行职责")
    };
    let request = if town.is_empty() {
        format!("现将该项工作退回你单位，{carry_out}；清单所列本镇配合职责，我镇将积极配合。")
    } else {
        format!(
            "现将属于部门职责的工作退回你单位，{carry_out}；属于本镇配合职责的部分，我镇将认真落实。"
        )
    };
    Ok(vec![
        Block::Text(receipt(entry)),
        Block::Text(basis),
        Block::Text(request),
        Block::Text("特此函告。".into()),
    ])
}

/// A task in no list: the 情况说明 that it needs the county's 准入 first.
fn outside(dataset: &Dataset, entry: &Entry, office: &str) -> Vec<Block> {
    let lists: Vec<String> = ListKind::ALL
        .iter()
        .map(|&list| list_title(dataset, list))
        .collect();
    vec![
        Block::Text(receipt(entry)),
        Block::Text(format!(
            "经对照{}，该项工作不在我镇履行职责事项清单之内，属于清单外事项。",
            lists.join("")
        )),
        Block::Text(format!(
            "按照乡镇履行职责事项清单管理的有关规定，清单外事项确需乡镇承担的，应由你单位提前向{office}提出准入申请，写明工作依据、工作内容、完成时限和所需人员、经费，经县委、县政府审定准入后，按照“权随事转、人随事转、钱随事转”的原则，连同所需人员和工作经费一并交由乡镇承担。"
        )),
        Block::Text(
            "该项工作经准入后，我镇将认真承接落实；准入之前，我镇暂不承接。请你单位按程序办理。"
                .into(),
        ),
        Block::Text("特此说明。".into()),
    ]
}
