//! The acts a task asks (核实, 巡护, 查处, 代收…) and which side of the lists each falls on: the
//! town's, when a basic item or the town's part of a shared one covers it; the department's,
//! when a shared item's 上级部门职责 or a recalled item gives it to the department; nobody's, when
//! no list covers it (a burden such as 抽调干部 or 代收代缴). Also the limits of the town's part
//! (非高危, 规模以上) that a task goes beyond.

use serde::Serialize;

use crate::model::{Item, ListKind, Section};
use crate::search::normalize_str;

use super::Match;
use super::decide::Enforcing;
use super::lexicon::{ActKind, Lexicon, find_signal};
use super::words::Segmenter;

/// Whose an act is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Town,
    Upper,
    None,
}

/// One act a task asks, placed on the lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Act {
    /// The words of the task that ask it ("依法立案处罚").
    pub text: String,
    /// The family it belongs to (data/admit/acts.tsv).
    pub act: String,
    pub side: Side,
    /// The item it rests on, when a list covers it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// The step of the item it rests on, quoted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// Where that step is ("配合职责第 2 条").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(skip)]
    pub kind: ActKind,
}

impl Act {
    /// Whose the act is, as the clerk reads it: "本镇（配合职责第 2 条）", "上级部门", "清单没有".
    pub fn whose(&self) -> String {
        match (self.side, self.place.as_deref()) {
            (Side::Town, Some(place)) => format!("本镇（{place}）"),
            (Side::Town, None) => "本镇（清单没有写明这一步）".to_string(),
            (Side::Upper, Some(place)) => format!("上级部门（{place}）"),
            (Side::Upper, None) => "上级部门".to_string(),
            (Side::None, _) => "清单没有".to_string(),
        }
    }
}

/// A limit of the town's part that the task goes beyond.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Beyond {
    /// The limit as the list writes it ("非高危").
    pub limit: String,
    /// What the task names beyond it ("烟花爆竹").
    pub named: String,
    /// The town's step that sets the limit, quoted.
    pub step: String,
    pub why: String,
}

/// An act found in a task's text: its family, the word found and where (in characters).
#[derive(Debug, Clone)]
struct Found {
    family: usize,
    word: String,
    at: usize,
}

/// Characters that end a clause: an act's words are read within one.
const CLAUSE_ENDS: &str = "，。；：、,;:!?！？（）()《》\n";

/// The acts of `text`, in order, one per family; the families named 一般 (开展, 做好) say
/// nothing of what is asked and are left out.
fn found_in(text: &str, lexicon: &Lexicon) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    for (family, act) in lexicon.acts.iter().enumerate() {
        if act.name == "一般" {
            continue;
        }
        let first = act
            .words
            .iter()
            .filter_map(|w| find_signal(text, w))
            .min_by_key(|(at, word)| (*at, std::cmp::Reverse(word.len())));
        if let Some((at, word)) = first {
            found.push(Found {
                family,
                word,
                at: text[..at].chars().count(),
            });
        }
    }
    // "纳入年度考核" is how the county will judge the town, not an act it asks.
    let signals: Vec<(usize, usize)> = lexicon
        .signals
        .iter()
        .flat_map(|s| s.words.iter())
        .filter_map(|w| find_signal(text, w))
        .map(|(at, word)| {
            let at = text[..at].chars().count();
            (at, at + word.chars().count())
        })
        .collect();
    let words: Vec<(usize, usize)> = found
        .iter()
        .map(|f| (f.at, f.at + f.word.chars().count()))
        .collect();
    let mut kept: Vec<Found> = found
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            let (a, b) = words[*i];
            // 监督检查 and 检查 are one act where one word holds the other; 入户 right before
            // 代收 says how 代收 is done.
            let inside = |&(c, d): &(usize, usize)| c <= a && b <= d && (d - c) > (b - a);
            !words
                .iter()
                .enumerate()
                .any(|(j, w)| j != *i && (inside(w) || w.0 == b))
                && !signals.iter().any(inside)
        })
        .map(|(_, f)| f.clone())
        .collect();
    kept.sort_by_key(|f| f.at);
    kept
}

/// Words before an act that belong to it: "依法查处", "入户核实".
const MODIFIERS: &[&str] = &[
    "依法", "及时", "立即", "严格", "全面", "集中", "统一", "逐户", "入户", "上门", "现场", "负责",
    "协助", "配合", "先行", "直接", "组织",
];

/// A task's characters and where its words start and end, read once for all its acts:
/// segmenting the whole task again for each act made a long one slow.
struct Words {
    chars: Vec<char>,
    edges: Vec<bool>,
}

impl Words {
    fn of(text: &str) -> Words {
        Words {
            chars: text.chars().collect(),
            edges: Segmenter::shared().edges(text),
        }
    }
}

/// The act's words as the task writes them: its word, a modifier before it, and what follows
/// it to the end of its clause (at most a few words): "依法立案处罚", "巡护".
fn act_text(words: &Words, found: &Found) -> String {
    let (chars, edges) = (&words.chars, &words.edges);
    let len = found.word.chars().count();
    let mut start = found.at;
    for m in MODIFIERS {
        let m: Vec<char> = m.chars().collect();
        if start >= m.len() && chars[start - m.len()..start] == m[..] {
            start -= m.len();
            break;
        }
    }
    let word_end = (found.at + len).min(chars.len());
    let mut end = word_end;
    while end < chars.len() && end - word_end < 8 && !CLAUSE_ENDS.contains(chars[end]) {
        end += 1;
    }
    // The clause cut short ends on a word's edge.
    if end < chars.len() && !CLAUSE_ENDS.contains(chars[end]) {
        while end > word_end && !edges[end] {
            end -= 1;
        }
    }
    // "核实到龄老年人信息并" ends on the word that joins it to the next act.
    while end > word_end && matches!(chars[end - 1], '并' | '和' | '及' | '与' | '或' | '、')
    {
        end -= 1;
    }
    chars[start..end].iter().collect()
}

/// The burden acts of `text` (抽调, 代收…) that `item` does not itself name: the acts that
/// make a task no list's.
pub fn burdens(text: &str, lexicon: &Lexicon, item: Option<&Item>) -> Vec<String> {
    let item_text = item.map(item_text).unwrap_or_default();
    let found: Vec<Found> = found_in(text, lexicon)
        .into_iter()
        .filter(|f| lexicon.acts[f.family].kind == ActKind::Burden)
        .filter(|f| !item_text.contains(&normalize_str(&f.word)))
        // An item that gives the town the collecting (basic-73 水费收缴) makes 催缴 its own.
        .filter(|f| !(f.word.contains('缴') && item_text.contains("收缴")))
        .collect();
    if found.is_empty() {
        return Vec::new();
    }
    let words = Words::of(text);
    found.iter().map(|f| act_text(&words, f)).collect()
}

/// What the town is asked to impose itself, not only to look into (查处 is often both).
const IMPOSES: [&str; 4] = ["立案", "罚款", "处罚决定", "罚单"];

/// How a task leaves the department's enforcement to the department: the town helps with it
/// or hands the case over ("配合县局查处", "移交县市场监管局立案").
const HANDS_OVER: [&str; 8] = [
    "配合",
    "协助",
    "协同",
    "会同",
    "移交",
    "移送",
    "报送线索",
    "上报",
];

/// The department's approval handed to the town whole ("这个你们镇上直接审批"), not a
/// 初审 or a 审核 to pass on.
const APPROVES: [&str; 5] = [
    "直接审批",
    "负责审批",
    "自行审批",
    "直接批复",
    "直接出具批复",
];

/// What a title names when an item is itself an approval.
const APPROVAL: [&str; 4] = ["审批", "许可", "批准", "核发"];

/// The department's enforcement `text` asks of the town (立案, 罚款…, or an approval made
/// outright), and which of `matches` name one of its family in their titles.
pub fn enforcing(text: &str, lexicon: &Lexicon, matches: &[Match]) -> Option<Enforcing> {
    let asked: Vec<&Vec<String>> = lexicon
        .enforcing
        .iter()
        .filter(|f| f.iter().any(|w| text.contains(w.as_str())))
        .collect();
    let handed_over = HANDS_OVER.iter().any(|w| text.contains(w));
    let Some(word) = asked
        .iter()
        .flat_map(|f| f.iter())
        .find(|w| text.contains(w.as_str()))
        .cloned()
    else {
        let word = APPROVES.iter().find(|w| text.contains(*w))?;
        return Some(Enforcing {
            word: word.to_string(),
            named: matches
                .iter()
                .map(|m| APPROVAL.iter().any(|w| m.title.contains(w)))
                .collect(),
            itself: !handed_over,
        });
    };
    let named = matches
        .iter()
        .map(|m| {
            asked
                .iter()
                .any(|f| f.iter().any(|w| m.title.contains(w.as_str())))
        })
        .collect();
    let itself = IMPOSES.iter().any(|w| text.contains(w)) && !handed_over;
    Some(Enforcing {
        word,
        named,
        itself,
    })
}

/// Each act of `text` with its side on `item` (none for a task in no list).
pub fn place(text: &str, lexicon: &Lexicon, item: Option<&Item>) -> Vec<Act> {
    let found = found_in(text, lexicon);
    if found.is_empty() {
        return Vec::new();
    }
    let words = Words::of(text);
    found
        .into_iter()
        .map(|f| {
            let family = &lexicon.acts[f.family];
            let mut act = Act {
                text: act_text(&words, &f),
                act: family.name.clone(),
                side: Side::None,
                item: None,
                step: None,
                place: None,
                kind: family.kind,
            };
            if let Some(item) = item {
                locate(&mut act, &f.word, &family.words, item);
            }
            act
        })
        .collect()
}

/// The item's text, normalised: title, category and both sides.
fn item_text(item: &Item) -> String {
    normalize_str(&format!(
        "{}\n{}\n{}\n{}",
        item.title,
        item.category,
        crate::model::duties_text(&item.upper_duties),
        crate::model::duties_text(&item.town_duties)
    ))
}

/// The first step of `sections` holding `word`, else one holding a word of its family: its
/// text and its number among the side's steps.
fn step_with(sections: &[Section], word: &str, family: &[String]) -> Option<(String, usize)> {
    let steps: Vec<&String> = sections.iter().flat_map(|s| s.steps.iter()).collect();
    let has = |w: &str| {
        let w = normalize_str(w);
        steps
            .iter()
            .position(|s| !w.is_empty() && normalize_str(s).contains(&w))
    };
    let parts = word.split('…').next().unwrap_or(word);
    let at = has(parts).or_else(|| family.iter().find_map(|w| has(w.split('…').next()?)))?;
    Some((steps[at].trim().to_string(), at + 1))
}

/// Puts an act on the side of `item` that covers it.
fn locate(act: &mut Act, word: &str, family: &[String], item: &Item) {
    let covered = item_text(item).contains(&normalize_str(word.split('…').next().unwrap_or("")));
    if act.kind == ActKind::Burden && !covered {
        return;
    }
    act.item = Some(item.id.clone());
    match item.list {
        ListKind::Basic => {
            act.side = Side::Town;
            act.step = Some(item.title.clone());
            act.place = Some("事项名称".into());
        }
        ListKind::Recalled => {
            act.side = Side::Upper;
            let (step, n) = step_with(&item.upper_duties, word, family).unwrap_or_else(|| {
                let first = item
                    .upper_duties
                    .iter()
                    .flat_map(|s| s.steps.first())
                    .next();
                (first.cloned().unwrap_or_else(|| item.title.clone()), 1)
            });
            act.step = Some(step);
            act.place = Some(format!("承接部门工作方式第 {n} 条"));
        }
        ListKind::Coop => {
            let town = || {
                step_with(&item.town_duties, word, family)
                    .map(|(s, n)| (Side::Town, s, format!("配合职责第 {n} 条")))
            };
            let upper = || {
                step_with(&item.upper_duties, word, family)
                    .map(|(s, n)| (Side::Upper, s, format!("上级部门职责第 {n} 条")))
            };
            // The department's kind of act is looked for in its part first, the rest in the
            // town's: 查处 in a town step that says 协助查处 is still the department's.
            let found = if act.kind == ActKind::Upper {
                upper().or_else(town)
            } else {
                town().or_else(upper)
            };
            match found {
                Some((side, step, place)) => {
                    act.side = side;
                    act.step = Some(step);
                    act.place = Some(place);
                }
                // The department's kind of work that neither part names is still its kind;
                // the town's kind (巡查 where the town's part says 发现…制止) still the town's.
                None if act.kind == ActKind::Upper => act.side = Side::Upper,
                None if act.kind == ActKind::Town => act.side = Side::Town,
                None => act.item = None,
            }
        }
    }
}

/// The limits of `item`'s town part that `text` goes beyond: coop-81 has the town check only
/// 规模以上（非高危） units, and a notice about 烟花爆竹 goes beyond it.
pub fn beyond(text: &str, lexicon: &Lexicon, item: &Item) -> Vec<Beyond> {
    let text = normalize_str(text);
    let mut out = Vec::new();
    for limit in &lexicon.limits {
        let Some(step) = item
            .town_duties
            .iter()
            .flat_map(|s| s.steps.iter())
            .find(|s| s.contains(limit.limit.as_str()))
        else {
            continue;
        };
        let named: Vec<&str> = limit
            .beyond
            .iter()
            .map(String::as_str)
            .filter(|w| text.contains(&normalize_str(w)))
            .collect();
        if !named.is_empty() {
            out.push(Beyond {
                limit: limit.limit.clone(),
                named: named.join("、"),
                step: step.trim().to_string(),
                why: limit.why.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str) -> Item {
        let dataset = crate::Dataset::embedded().expect("data");
        dataset
            .items
            .into_iter()
            .find(|i| i.id == id)
            .expect("item")
    }

    #[test]
    fn an_act_falls_on_the_part_of_a_shared_item_that_names_it() {
        let lexicon = Lexicon::builtin();
        let acts = place(
            "开展野生动物巡护，发现违法线索及时上报，对非法猎捕的依法查处",
            &lexicon,
            Some(&item("coop-53")),
        );
        let side = |name: &str| acts.iter().find(|a| a.act == name).map(|a| a.side);
        assert_eq!(side("巡护"), Some(Side::Town), "{acts:#?}");
        assert_eq!(side("上报"), Some(Side::Town));
        assert_eq!(side("处罚"), Some(Side::Upper));
        let punish = acts.iter().find(|a| a.act == "处罚").expect("查处");
        assert_eq!(punish.text, "依法查处");
        assert_eq!(punish.place.as_deref(), Some("上级部门职责第 3 条"));
        assert_eq!(punish.step.as_deref(), Some("查处违法行为。"));
    }

    #[test]
    fn a_burden_is_nobodys_unless_the_item_names_it() {
        let lexicon = Lexicon::builtin();
        let text = "抽调2名干部到县应急管理局集中办公3个月";
        assert_eq!(burdens(text, &lexicon, Some(&item("coop-81"))).len(), 1);
        let acts = place(text, &lexicon, Some(&item("coop-81")));
        assert!(acts.iter().all(|a| a.side == Side::None), "{acts:#?}");
        // 代收 is coop-41's own word (救灾捐赠款物的代收).
        assert!(burdens("代收救灾捐赠款物", &lexicon, Some(&item("coop-41"))).is_empty());
    }

    #[test]
    fn a_cost_put_on_the_town_or_a_form_filled_again_is_a_burden_a_compensation_agreement_is_not() {
        let lexicon = Lexicon::builtin();
        for text in [
            "安装独立式烟感报警器，每户设备及安装费80元由镇里承担",
            "所需经费由乡镇自行解决",
            "将已报送过的台账重新填写整理一遍",
            "组织辖区每一户自建房户主签订《农村自建房安全使用承诺书》",
            "运动会经费缺口由各乡镇分摊，每个乡镇承担赞助经费3万元",
            "请各乡镇组织村干部逐户统计化肥需求，并按每吨500元收取订货预付款",
        ] {
            assert!(!burdens(text, &lexicon, None).is_empty(), "{text}");
        }
        // Water fees are basic-73's to collect (水费收缴): pressing for them is its work.
        let text = "农业水费尚有约46万元未收缴到位，请抓紧组织各村催缴";
        assert!(!burdens(text, &lexicon, None).is_empty());
        assert!(burdens(text, &lexicon, Some(&item("basic-73"))).is_empty());
        // Land taken for a road: signing each household's compensation is coop-70's work.
        let text = "公示无异议后与被征地农户逐户签订补偿协议";
        assert!(burdens(text, &lexicon, Some(&item("coop-70"))).is_empty());
    }

    #[test]
    fn an_approval_handed_to_the_town_whole_is_the_departments_act() {
        let lexicon = Lexicon::builtin();
        let text = "今年局里人手太紧，这个你们镇上直接审批，批复文件你们出";
        let found = enforcing(text, &lexicon, &[]).expect("an approval");
        assert_eq!((found.word.as_str(), found.itself), ("直接审批", true));
        let text = "临时用地申请由乡镇审查后直接出具批复文件，每季度末报我局备案";
        assert!(enforcing(text, &lexicon, &[]).is_some_and(|e| e.itself));
        // A first review passed up is the town's part, not the approval.
        assert!(
            enforcing(
                "对临时用地申请提出初审意见后报县自然资源局审批",
                &lexicon,
                &[]
            )
            .is_none()
        );
    }

    #[test]
    fn a_notice_beyond_the_towns_limit_is_told() {
        let lexicon = Lexicon::builtin();
        let found = beyond(
            "对加油站、烟花爆竹企业开展执法检查",
            &lexicon,
            &item("coop-81"),
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].limit, "非高危");
        assert_eq!(found[0].named, "加油站、烟花爆竹");
        assert!(found[0].step.contains("规模以上生产经营单位（非高危）"));
    }
}
