//! The verdict and how sure it is. The matcher ranks items; this stage says which list the task
//! is in, and whether lvzhi is sure: a score near the threshold, two items of different lists
//! close together, one phrase of evidence that the plain reading of the whole task does not
//! bear out, or a task that mixes a burden with a listed duty is not sure, and the two
//! answers it hesitates between are given for the clerk to choose. The constants are calibrated
//! on the development sets of tests/admit (docs/admit.md gives the figures).

use serde::Serialize;

use super::{Match, Verdict};
use crate::model::ListKind;

/// Below this score the best item is a coincidence of office words, and the answer is 清单外:
/// halfway between the highest best score of an out-of-list task and the lowest of an in-list
/// one on the first calibration set (15.1 and 18.2).
pub const THRESHOLD: f32 = 16.5;
/// A best score below this is 清单外 for sure; between it and `THRESHOLD`, perhaps not.
pub const SURE_OUTSIDE: f32 = 10.0;
/// A best score above this is in the lists for sure (unless a neighbour is close); between
/// `THRESHOLD` and it, perhaps not.
pub const SURE_INSIDE: f32 = 1.25 * THRESHOLD;
/// An item of another list scoring this share of the best makes the list uncertain.
pub const CLOSE_LIST: f32 = 0.65;
/// An item of the same list scoring this share of the best makes the item uncertain.
pub const CLOSE_ITEM: f32 = 0.9;
/// A task with a burden act is still in the lists when what remains without the burden's
/// clause scores this much (a listed duty with a burden added to it).
pub const REMAINDER: f32 = 2.0 * THRESHOLD;

/// One of the answers lvzhi hesitates between.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choice {
    pub verdict: Verdict,
    /// The item, unless the choice is 清单外.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
}

/// Why lvzhi is not sure, and the two answers for the clerk to choose between (the first is
/// lvzhi's verdict).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Doubt {
    pub why: String,
    pub choices: Vec<Choice>,
}

/// What decides a task: its ranked matches, the burden acts it asks that its best item does not
/// name, the best match of what remains without them, and a person's earlier decision on a task
/// like it.
pub struct Evidence<'a> {
    pub matches: &'a [Match],
    /// The item a second, plainer reading ranks first (tf-idf over the characters of the
    /// whole task): when the best match rests on one phrase, a different answer here is doubt.
    pub reading: Option<Choice>,
    pub burdens: &'a [String],
    pub remainder: Option<&'a Match>,
    pub decided: Option<&'a Decided<'a>>,
    /// The sentence model's opinion, when the model is installed.
    pub meaning: Option<Meaning<'a>>,
    /// The department's enforcement (立案, 罚款…) the task asks of the town, if it asks it.
    pub enforcing: Option<Enforcing>,
}

/// The department's act a task asks of the town ("立案罚款"), and which matches' titles name
/// that kind of act (in the order of the matches).
#[derive(Debug, Clone, PartialEq)]
pub struct Enforcing {
    pub word: String,
    pub named: Vec<bool>,
    /// The town is asked to impose it itself (立案, 罚款, 处罚决定书), not to help the
    /// department or hand the case over.
    pub itself: bool,
}

/// What the sentence model says of one task: each item's rank (0 the closest) and similarity.
#[derive(Debug, Clone, PartialEq)]
pub struct Opinion {
    pub ranks: Vec<u32>,
    pub similarity: Vec<f32>,
    /// The closest item.
    pub best: usize,
}

impl Opinion {
    pub fn rank(&self, item: usize) -> u32 {
        self.ranks.get(item).copied().unwrap_or(u32::MAX)
    }
}

/// What the sentence model says of a task: each item's rank by meaning, and its closest item.
pub struct Meaning<'a> {
    pub opinion: &'a Opinion,
    pub closest: Choice,
}

/// A sure in-list item that the model ranks this far down or further is not sure. Chosen on
/// the development sets (docs/admit.md): at 10 a fifth more tasks were unsure for the same
/// precision, at 40 the wrong ones it catches are missed.
pub const FAR: u32 = 20;

/// A person's decision on a recorded task like this one.
pub struct Decided<'a> {
    pub verdict: Verdict,
    pub item: Option<&'a str>,
    /// The same task asked again, or an item the matcher also finds: the decision is sure.
    pub sure: bool,
    /// Who decided.
    pub by: &'a str,
}

/// The verdict, the match it rests on (an index into the matches), whether
/// it is sure, and the doubt when it is not.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub verdict: Verdict,
    pub rests_on: Option<usize>,
    pub sure: bool,
    pub doubt: Option<Doubt>,
    /// The model's meaning, not shared words alone, chose the item or made it sure.
    pub by_meaning: bool,
}

fn choice(m: &Match) -> Choice {
    Choice {
        verdict: Verdict::of(m.list),
        item: Some(m.id.clone()),
    }
}

const OUTSIDE: Choice = Choice {
    verdict: Verdict::Outside,
    item: None,
};

/// The stages in order: a person's decision, then a burden, then the scores.
pub fn decide(e: &Evidence) -> Decision {
    if let Some(d) = e.decided {
        return by_person(e, d);
    }
    if !e.burdens.is_empty() {
        return by_burden(e);
    }
    match e.matches.first().filter(|m| m.score >= THRESHOLD) {
        Some(first) => {
            let words = in_list(e, first);
            match &e.meaning {
                Some(meaning) => by_meaning(e.matches, words, meaning),
                None => words,
            }
        }
        None => outside(e.matches.first()),
    }
}

/// The in-list decision by words, weighed by meaning: a sure item the model ranks `FAR` or
/// further is not sure, and of two items lvzhi hesitates between, the closer in meaning goes
/// first. The model stays out of 清单外: its best similarity barely separates tasks in the
/// lists from those outside them.
fn by_meaning(matches: &[Match], words: Decision, meaning: &Meaning) -> Decision {
    let Some(first) = words.rests_on.and_then(|at| matches.get(at)) else {
        return words;
    };
    let rank = meaning.opinion.rank(first.index);
    if words.sure {
        if rank < FAR {
            return words;
        }
        let closest = meaning.closest.item.as_deref().unwrap_or_default();
        return Decision {
            sure: false,
            doubt: Some(Doubt {
                why: format!(
                    "{} 字面对得上，但按意思只排第 {}；意思最近的是 {closest}",
                    first.id,
                    rank + 1
                ),
                choices: vec![choice(first), meaning.closest.clone()],
            }),
            ..words
        };
    }
    // Two items to choose between: the closer in meaning first. Never sure on the model's word:
    // on the tenth blind pair, making such a task sure when its item was the model's closest
    // was wrong 8 times in 15 (docs/admit.md).
    let Some(doubt) = words.doubt.as_ref() else {
        return words;
    };
    let other = doubt.choices.iter().skip(1).find_map(|c| {
        let id = c.item.as_deref()?;
        matches.iter().position(|m| m.id == id)
    });
    let (at, chosen) = match other {
        Some(at) if meaning.opinion.rank(matches[at].index) < rank => (at, &matches[at]),
        _ => return words,
    };
    let mut choices = doubt.choices.clone();
    choices.swap(0, 1);
    Decision {
        verdict: Verdict::of(chosen.list),
        rests_on: Some(at),
        sure: false,
        doubt: Some(Doubt {
            why: format!("{}；按意思，{} 更近", doubt.why, chosen.id),
            choices,
        }),
        by_meaning: true,
    }
}

/// A person decided a task like this one: that decision, sure unless the two tasks are only
/// somewhat alike and the matcher does not see its item.
fn by_person(e: &Evidence, d: &Decided) -> Decision {
    let at = d
        .item
        .and_then(|id| e.matches.iter().position(|m| m.id == id));
    let mine = Choice {
        verdict: d.verdict,
        item: d.item.map(str::to_string),
    };
    let doubt = (!d.sure).then(|| Doubt {
        why: format!(
            "按{}在类似任务上的改定；但两项任务说法不尽相同，lvzhi 自己比对的结果不同",
            d.by
        ),
        choices: vec![mine, e.matches.first().map_or(OUTSIDE, choice)],
    });
    Decision {
        verdict: d.verdict,
        rests_on: at,
        sure: d.sure,
        doubt,
        by_meaning: false,
    }
}

/// A burden no list gives the town: 清单外, sure unless it is added to a listed duty (then
/// not sure, that duty the other answer). Of the tasks in the blind sets that mixed the two,
/// nearly all were pushed for the burden: the county asks the duty to carry it.
fn by_burden(e: &Evidence) -> Decision {
    let burden = e.burdens.join("」「");
    match e.remainder.filter(|m| m.score >= REMAINDER) {
        Some(rest) => Decision {
            verdict: Verdict::Outside,
            rests_on: None,
            sure: false,
            doubt: Some(Doubt {
                why: format!(
                    "任务要求「{burden}」，清单里没有这种做法；其余部分像 {}，要看这项任务主要要的是哪一样",
                    rest.id
                ),
                choices: vec![OUTSIDE, choice(rest)],
            }),
            by_meaning: false,
        },
        None => Decision {
            verdict: Verdict::Outside,
            rests_on: None,
            sure: true,
            doubt: None,
            by_meaning: false,
        },
    }
}

/// Below the threshold: 清单外, and not sure: the best item comes near it, or the words
/// simply did not meet.
fn outside(best: Option<&Match>) -> Decision {
    let near = best.filter(|m| m.score >= SURE_OUTSIDE).map(|m| Doubt {
        why: format!(
            "最相近的 {} 得分 {:.1}，接近门槛 {THRESHOLD}，清单里可能有",
            m.id, m.score
        ),
        choices: vec![OUTSIDE, choice(m)],
    });
    // Nothing scored near the threshold: the task may say in everyday words what an item says
    // officially ("养猪场的粪水往渠里放"). Outside for sure comes from a burden or a subject no
    // list gives the town (by_burden), never from words alone not matching.
    let unmatched = || {
        best.map(|m| Doubt {
            why: format!(
                "清单里没有对得上的说法（最相近的 {} 只得 {:.1} 分）；如果是日常说法，清单里可能有",
                m.id, m.score
            ),
            choices: vec![OUTSIDE, choice(m)],
        })
    };
    let doubt = near.or_else(unmatched);
    Decision {
        verdict: Verdict::Outside,
        rests_on: None,
        sure: doubt.is_none(),
        doubt,
        by_meaning: false,
    }
}

/// Above the threshold: the best item's list, sure unless something says otherwise.
fn in_list(e: &Evidence, first: &Match) -> Decision {
    let doubt = in_list_doubt(e, first);
    Decision {
        verdict: Verdict::of(first.list),
        rests_on: Some(0),
        sure: doubt.is_none(),
        doubt,
        by_meaning: false,
    }
}

/// What makes an in-list verdict unsure, the first that applies: the best item rests on the
/// heading alone; another list's item scores close; the score is near the threshold; the best
/// item rests on one phrase and the plain reading ranks another first; another item of the same
/// shared or recalled list scores very close.
fn in_list_doubt(e: &Evidence, first: &Match) -> Option<Doubt> {
    let verdict = Verdict::of(first.list);
    let pair = |other: &Match, why: String| Doubt {
        why,
        choices: vec![choice(first), choice(other)],
    };
    // The heading may cover several clauses' subjects; the task's own words point elsewhere.
    let own_words = |m: &Match| m.evidence.iter().any(|e| !e.context);
    if !own_words(first) {
        if let Some(other) = e.matches.iter().skip(1).find(|m| own_words(m)) {
            let why = format!(
                "{} 的依据只在所在部分的标题里，任务本身的说法更像 {}",
                first.id, other.id
            );
            return Some(pair(other, why));
        }
    }
    if let Some(doubt) = enforcement_doubt(e, first) {
        return Some(doubt);
    }
    let other_list = e
        .matches
        .iter()
        .skip(1)
        .find(|m| m.list != first.list && m.score >= CLOSE_LIST * first.score);
    if let Some(other) = other_list {
        let why = format!(
            "{} 和 {} 得分相近（{:.1}、{:.1}），分属{}和{}",
            first.id,
            other.id,
            first.score,
            other.score,
            verdict.label(),
            Verdict::of(other.list).label()
        );
        return Some(pair(other, why));
    }
    if first.score < SURE_INSIDE {
        return Some(Doubt {
            why: format!(
                "{} 得分 {:.1}，刚过门槛 {THRESHOLD}，也可能是清单外",
                first.id, first.score
            ),
            choices: vec![choice(first), OUTSIDE],
        });
    }
    // One phrase ("自来水", "饭馆") may be a detail of the task rather than its subject; if the
    // whole task's characters point elsewhere, the clerk chooses.
    if let Some(reading) = e
        .reading
        .as_ref()
        .filter(|r| first.evidence.len() == 1 && r.item.as_deref() != Some(first.id.as_str()))
    {
        let why = format!(
            "{} 只凭「{}」一处对上；按整段任务的用字看，更像 {}",
            first.id,
            first.evidence[0].notice,
            reading.item.as_deref().unwrap_or_default()
        );
        return Some(Doubt {
            why,
            choices: vec![choice(first), reading.clone()],
        });
    }
    // Two basic items close together ask the same of the town (it does the task either way);
    // two shared or recalled ones differ in the department and its part.
    let same_list = e.matches.get(1).filter(|m| {
        m.list == first.list && first.list != ListKind::Basic && m.score >= CLOSE_ITEM * first.score
    });
    same_list.map(|other| {
        let why = format!(
            "{} 和 {} 得分相近（{:.1}、{:.1}），都在{}清单里",
            first.id,
            other.id,
            first.score,
            other.score,
            verdict.label()
        );
        pair(other, why)
    })
}

/// A task that asks the town for the department's act (立案罚款) rests on a basic item whose
/// title does not name that act: the act is most often a recalled item's or a shared item's
/// department part, so the clerk chooses between the item and the best one that names it.
/// (A shared item's own subject with a penalty asked was right nearly every time in the
/// development sets: the penalty is its department part, which the acts say.)
fn enforcement_doubt(e: &Evidence, first: &Match) -> Option<Doubt> {
    // A shared item's department part is the penalty: asked of the town to help with, the item
    // covers it; asked of the town to impose itself, the department's part is pushed onto it.
    let shared = |a: &Enforcing| first.list == ListKind::Coop && a.itself;
    let asked = e
        .enforcing
        .as_ref()
        .filter(|a| first.list == ListKind::Basic || shared(a))?;
    // `first` is the best match, the first of `named`. A shared item's title names the act
    // for both sides ("临时用地审批与监督管理工作"); its steps say whose it is.
    if first.list != ListKind::Coop && asked.named.first().copied().unwrap_or(false) {
        return None;
    }
    // The other answer names the act and is not `first`; for a shared item's department part,
    // not a basic item either (the part goes back to a department, or is no list's).
    let other = e
        .matches
        .iter()
        .zip(&asked.named)
        .skip(1)
        .find(|(m, named)| {
            **named
                && m.score >= SURE_OUTSIDE
                && !(first.list == ListKind::Coop && m.list == ListKind::Basic)
        })
        .map(|(m, _)| choice(m));
    let why = match first.list {
        ListKind::Coop => format!(
            "通知要乡镇自己「{}」，这在 {} 里是上级部门职责，本镇只配合；这部分多应退回部门",
            asked.word, first.id
        ),
        _ => format!(
            "通知要乡镇「{}」，{} 是本镇的基本职责，说的不是这件事；这类事多是部门的（收回事项或配合事项的上级部门职责）",
            asked.word, first.id
        ),
    };
    Some(Doubt {
        why,
        choices: vec![choice(first), other.unwrap_or(OUTSIDE)],
    })
}

#[cfg(test)]
#[path = "decide_tests.rs"]
mod tests;
