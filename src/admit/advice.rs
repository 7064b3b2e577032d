//! What the clerk reads aloud: the advice for a task (what to do with it, which of the asked
//! acts belong to whom, the limits of the town's part it goes beyond) and the part of the list
//! to quote in the reply.

use crate::model::{Dataset, ListKind, Section};

use super::acts::{Act, Beyond, Side};
use super::{Match, Quote, Verdict};

/// For a shared duty, the sections of each side that the evidence touches (all of them when
/// it touches none); for a recalled one, the department and its 工作方式.
pub fn quote(dataset: &Dataset, best: &Match) -> Option<Quote> {
    let item = dataset.items.get(best.index)?;
    if item.list == ListKind::Basic {
        return None;
    }
    // The sections holding most of the evidence: a task about 禁烧 quotes the 禁烧 section of
    // an item that also has one on 综合利用.
    let touched = |sections: &[Section]| -> Vec<Section> {
        let weight = |s: &Section| -> f32 {
            let text = format!("{}{}", s.heading.as_deref().unwrap_or(""), s.steps.concat());
            let text = crate::search::normalize_str(&text);
            best.evidence
                .iter()
                .filter(|e| text.contains(&e.item))
                .map(|e| e.weight)
                .sum()
        };
        let weights: Vec<f32> = sections.iter().map(weight).collect();
        let top = weights.iter().copied().fold(0.0, f32::max);
        if top <= 0.0 || sections.iter().all(|s| s.heading.is_none()) {
            return sections.to_vec();
        }
        sections
            .iter()
            .zip(&weights)
            .filter(|(_, w)| **w >= 0.6 * top)
            .map(|(s, _)| s.clone())
            .collect()
    };
    Some(Quote {
        departments: item.departments.clone(),
        upper: touched(&item.upper_duties),
        town: touched(&item.town_duties),
    })
}

/// The departments of the item a match names, or "上级部门".
fn departments(dataset: &Dataset, m: &Match) -> String {
    match dataset.items.get(m.index) {
        Some(item) if !item.departments.is_empty() => item.departments.join("、"),
        _ => "上级部门".to_string(),
    }
}

/// The advice line: what to do with the task, naming the item and the department, then which
/// requested act belongs to whom and the limits the task goes beyond.
pub fn advice(
    dataset: &Dataset,
    verdict: Verdict,
    best: Option<&Match>,
    acts: &[Act],
    beyond: &[Beyond],
) -> String {
    let mut parts = vec![base(dataset, verdict, best)];
    if let (Verdict::Coop, Some(m)) = (verdict, best) {
        let upper: Vec<&Act> = acts.iter().filter(|a| a.side == Side::Upper).collect();
        let town: Vec<&Act> = acts.iter().filter(|a| a.side == Side::Town).collect();
        for act in &upper {
            let place = act.place.as_deref().unwrap_or("上级部门一类的职责");
            parts.push(format!(
                "通知要求的「{}」属{}职责（{} {place}），建议退回这部分",
                act.text,
                departments(dataset, m),
                m.id
            ));
        }
        if !upper.is_empty() && !town.is_empty() {
            let mine: Vec<String> = town
                .iter()
                .map(|a| {
                    format!(
                        "「{}」（{}）",
                        a.text,
                        a.place.as_deref().unwrap_or("配合职责")
                    )
                })
                .collect();
            parts.push(format!("本镇做{}", mine.join("、")));
        }
    }
    if verdict != Verdict::Outside {
        for act in acts
            .iter()
            .filter(|a| a.side == Side::None && a.item.is_none())
        {
            if act.kind == super::lexicon::ActKind::Burden {
                parts.push(format!("「{}」不在清单里，建议退回这部分", act.text));
            }
        }
    }
    for b in beyond {
        parts.push(format!(
            "本镇配合职责限于「{}」，通知点到的「{}」超出了这一限定：{}",
            b.limit, b.named, b.why
        ));
    }
    parts.join("；")
}

fn base(dataset: &Dataset, verdict: Verdict, best: Option<&Match>) -> String {
    match (verdict, best) {
        (Verdict::Basic, Some(m)) => format!(
            "属本镇基本履职事项（{}「{}」），由本镇承办",
            m.id,
            short(&m.title)
        ),
        (Verdict::Coop, Some(m)) => format!(
            "配合履职事项（{}），由{}牵头；本镇只做清单所列配合职责，其余建议退回牵头部门",
            m.id,
            departments(dataset, m)
        ),
        (Verdict::Recalled, Some(m)) => {
            format!("已由{}收回（{}），建议退回", departments(dataset, m), m.id)
        }
        _ => "清单外事项：三张清单都没有，须经县委县政府准入（报编办审核，人随事转、钱随事转）；\
              未准入前可不承接，建议登记后退回或报批"
            .to_string(),
    }
}

/// The advice for a task whose main ask is a burden act no list gives the town.
pub fn burden_advice(burdens: &[String]) -> String {
    format!(
        "清单外事项：任务要求「{}」，三张清单都没有把这种做法交给乡镇；须经县委县政府准入（报编办审核，\
         人随事转、钱随事转），未准入前可不承接，建议登记后退回",
        burdens.join("」「")
    )
}

/// A title cut to a readable length for the advice line.
fn short(title: &str) -> String {
    let chars: Vec<char> = title.chars().collect();
    if chars.len() <= 24 {
        title.to_string()
    } else {
        chars[..23].iter().collect::<String>() + "…"
    }
}
