//! 准入: reading a county notice, task by task, against the town's three lists. Each task gets
//! a verdict (基本: ours; 配合: ours in part; 收回: the department's; 清单外: in no list), the items
//! that prove it with the phrases they share, a line of advice, and the burden signals (责任状,
//! 分解指标, 留痕…) with where they occur. The register of what was asked lives in
//! `review::register`. How it works and why: docs/admit.md.

pub mod baseline;
pub mod input;
pub mod lexicon;
mod marks;
pub mod matcher;
pub mod split;

use serde::Serialize;

use crate::model::{Dataset, ListKind, Section};

pub use lexicon::Lexicon;
pub use matcher::{Candidate, Evidence, Field, Matcher};
pub use split::{Notice, Task, split};

/// Below this score the best item is a coincidence of office words, and the answer is 清单外.
/// Calibrated on the calibration half of tests/admit (docs/admit.md): halfway between the
/// highest best score of an out-of-list task (15.1) and the lowest of an in-list one (18.2).
pub const THRESHOLD: f32 = 16.5;
/// At most this many items are shown per task.
pub const MAX_MATCHES: usize = 3;

/// Where a task belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Basic,
    Coop,
    Recalled,
    Outside,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [
        Verdict::Basic,
        Verdict::Coop,
        Verdict::Recalled,
        Verdict::Outside,
    ];

    pub fn of(list: ListKind) -> Verdict {
        match list {
            ListKind::Basic => Verdict::Basic,
            ListKind::Coop => Verdict::Coop,
            ListKind::Recalled => Verdict::Recalled,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Verdict::Basic => "basic",
            Verdict::Coop => "coop",
            Verdict::Recalled => "recalled",
            Verdict::Outside => "outside",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Verdict::Basic => "基本",
            Verdict::Coop => "配合",
            Verdict::Recalled => "收回",
            Verdict::Outside => "清单外",
        }
    }

    /// One column under `--ascii`.
    pub fn badge(self) -> &'static str {
        match self {
            Verdict::Basic => "基",
            Verdict::Coop => "配",
            Verdict::Recalled => "收",
            Verdict::Outside => "外",
        }
    }

    pub fn parse(s: &str) -> Option<Verdict> {
        Verdict::ALL
            .into_iter()
            .find(|v| v.key() == s || v.label() == s)
    }
}

/// An item that matches a task, with the phrases that prove it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match {
    #[serde(skip)]
    pub index: usize,
    pub id: String,
    pub list: ListKind,
    pub title: String,
    /// The sum of the evidence's weights (see docs/admit.md); `THRESHOLD` and above is a match.
    pub score: f32,
    pub evidence: Vec<Evidence>,
}

/// A burden signal found in the notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    pub signal: String,
    pub word: String,
    /// The notice's line, from 1.
    pub line: usize,
}

/// What the reply quotes for a shared or a recalled duty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    pub departments: Vec<String>,
    /// The department's part (for a recalled item: how it now does the work, 工作方式).
    pub upper: Vec<Section>,
    /// The town's part (empty for a recalled item).
    pub town: Vec<Section>,
}

/// One task's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    #[serde(flatten)]
    pub task: Task,
    pub verdict: Verdict,
    pub matches: Vec<Match>,
    pub advice: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<Quote>,
    pub flags: Vec<Flag>,
}

impl Assessment {
    /// The item the verdict rests on (none for 清单外).
    pub fn best(&self) -> Option<&Match> {
        match self.verdict {
            Verdict::Outside => None,
            _ => self.matches.first(),
        }
    }
}

/// A whole notice's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Admission {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc_ref: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    pub tasks: Vec<Assessment>,
    /// Every burden signal in the notice, including those in its requirements and preamble.
    pub flags: Vec<Flag>,
}

/// Reads notices against one town's lists.
pub struct Admitter {
    matcher: Matcher,
}

impl Admitter {
    pub fn new(dataset: &Dataset) -> Admitter {
        Admitter {
            matcher: Matcher::new(dataset, Lexicon::builtin()),
        }
    }

    /// Reads a notice into its tasks and answers each.
    pub fn admit(&self, dataset: &Dataset, text: &str) -> Admission {
        let notice = split(text);
        let flags = self.flags_in(text);
        let tasks = notice
            .tasks
            .iter()
            .map(|task| self.assess(dataset, task, &flags))
            .collect();
        Admission {
            title: notice.title,
            from: notice.from,
            doc_ref: notice.doc_ref,
            deadline: notice.deadline,
            tasks,
            flags,
        }
    }

    /// One task against the lists.
    pub fn assess(&self, dataset: &Dataset, task: &Task, notice_flags: &[Flag]) -> Assessment {
        let probe = match &task.context {
            Some(context) => format!("{context}\n{}", task.text),
            None => task.text.clone(),
        };
        let candidates = self.matcher.candidates(&probe, &dataset.items);
        let matches: Vec<Match> = candidates
            .iter()
            .take(MAX_MATCHES)
            .map(|c| {
                let item = &dataset.items[c.item];
                Match {
                    index: c.item,
                    id: item.id.clone(),
                    list: item.list,
                    title: item.title.clone(),
                    score: (c.score * 10.0).round() / 10.0,
                    evidence: c.evidence.iter().take(8).cloned().collect(),
                }
            })
            .collect();
        let verdict = match matches.first() {
            Some(best) if best.score >= THRESHOLD => Verdict::of(best.list),
            _ => Verdict::Outside,
        };
        let best = matches.first().filter(|_| verdict != Verdict::Outside);
        let quote = best.and_then(|m| quote(dataset, m));
        let advice = advice(dataset, verdict, best);
        let flags = task_flags(task, notice_flags);
        Assessment {
            task: task.clone(),
            verdict,
            matches,
            advice,
            quote,
            flags,
        }
    }

    /// Every signal word in the notice, by line.
    fn flags_in(&self, text: &str) -> Vec<Flag> {
        let mut flags = Vec::new();
        for (i, line) in text.lines().enumerate() {
            for signal in &self.matcher.lexicon().signals {
                // The longest word of a signal found on a line is the one shown.
                let mut found: Vec<&String> = signal
                    .words
                    .iter()
                    .filter(|w| line.contains(w.as_str()))
                    .collect();
                found.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
                if let Some(word) = found.first() {
                    flags.push(Flag {
                        signal: signal.name.clone(),
                        word: (*word).clone(),
                        line: i + 1,
                    });
                }
            }
        }
        flags
    }
}

/// The notice's flags that fall in a task's own text.
fn task_flags(task: &Task, notice_flags: &[Flag]) -> Vec<Flag> {
    notice_flags
        .iter()
        .filter(|f| f.line >= task.line && task.text.contains(f.word.as_str()))
        .fold(Vec::new(), |mut kept: Vec<Flag>, f| {
            if !kept.iter().any(|k| k.signal == f.signal) {
                kept.push(f.clone());
            }
            kept
        })
}

/// For a shared duty, the sections of each side that the evidence touches (all of them when
/// it touches none); for a recalled one, the department and its 工作方式.
pub fn quote(dataset: &Dataset, best: &Match) -> Option<Quote> {
    let item = &dataset.items[best.index];
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

/// The advice line: what to do with the task, naming the item and the department.
pub fn advice(dataset: &Dataset, verdict: Verdict, best: Option<&Match>) -> String {
    let departments = |m: &Match| {
        let names = &dataset.items[m.index].departments;
        if names.is_empty() {
            "上级部门".to_string()
        } else {
            names.join("、")
        }
    };
    match (verdict, best) {
        (Verdict::Basic, Some(m)) => format!(
            "属本镇基本履职事项（{}「{}」），由本镇承办",
            m.id,
            short(&m.title)
        ),
        (Verdict::Coop, Some(m)) => format!(
            "配合履职事项（{}），由{}牵头；本镇只做清单所列配合职责，其余建议退回牵头部门",
            m.id,
            departments(m)
        ),
        (Verdict::Recalled, Some(m)) => {
            format!("已由{}收回（{}），建议退回", departments(m), m.id)
        }
        _ => "清单外事项：三张清单都没有，须经县委县政府准入（报编办审核，人随事转、钱随事转）；\
              未准入前可不承接，建议登记后退回或报批"
            .to_string(),
    }
}

/// The characters of `text` that are part of one of `phrases` (compared normalised), sorted:
/// the evidence to highlight, in a task or in an item.
pub fn phrase_positions(text: &str, phrases: &[&str]) -> Vec<usize> {
    let chars: Vec<char> = crate::search::normalize_str(text).chars().collect();
    let mut marked = vec![false; chars.len()];
    for phrase in phrases {
        let p: Vec<char> = phrase.chars().collect();
        if p.is_empty() || p.len() > chars.len() {
            continue;
        }
        for start in 0..=chars.len() - p.len() {
            if chars[start..start + p.len()] == p[..] {
                marked[start..start + p.len()].fill(true);
            }
        }
    }
    (0..chars.len()).filter(|&i| marked[i]).collect()
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
