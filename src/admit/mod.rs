//! 准入: reading a county notice, task by task, against the town's three lists. Each task gets
//! a verdict (基本: ours; 配合: ours in part; 收回: the department's; 清单外: in no list), whether
//! lvzhi is sure of it (and if not, the two answers to choose between), the items that prove it
//! with the words they share, the acts it asks and whose each is, a line of advice, a recorded
//! task like it, and the burden signals (责任状, 分解指标, 留痕…). How it works and why:
//! docs/admit.md.
//!
//! The pipeline, a stage a file: `input` and `split` (with `lines`, `form` and `marks`) read the notice
//! into tasks; `words` reads in words; `lexicon` holds the tables of data/admit/; `matcher` ranks
//! the items (reading each task as a `probe`); `acts` finds what is asked and places it; `precedent` recalls the register;
//! `decide` gives the verdict and how sure it is; `advice` writes what to do and what to quote;
//! `flags` finds the burden signals and lists them.

mod acts;
mod advice;
mod asking;
pub mod baseline;
mod chat;
mod clauses;
mod decide;
mod flags;
mod form;
pub mod input;
pub mod lexicon;
mod lines;
mod marks;
pub mod matcher;
mod names;
pub mod precedent;
mod probe;
pub mod rows;
pub mod sense;
pub mod split;
mod table;
mod task;
pub mod words;

use serde::Serialize;

use crate::model::{Dataset, ListKind, Section};
use baseline::Baseline;

pub use acts::{Act, Beyond, Side};

/// The acts `text` asks and whose each is on `item`: what a letter on a decided task cites.
pub fn acts_on(text: &str, item: &crate::model::Item) -> Vec<Act> {
    acts::place(text, &Lexicon::builtin(), Some(item))
}
pub use advice::quote;
pub use decide::Opinion;
pub use decide::{Choice, Doubt, SURE_INSIDE, SURE_OUTSIDE, THRESHOLD};
pub use flags::{Flag, LISTED_ONE_BY_ONE, Listed, listed};
use flags::{FlagIndex, task_flags};
pub use lexicon::Lexicon;
pub use matcher::{Candidate, Evidence, Field, Matcher};
pub use precedent::{Precedent, Recorded};
pub use sense::{Sense, Sensed};
pub use split::split;
pub use task::{Notice, Task};

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
    /// Whether lvzhi is sure of the verdict and its item; when not, `doubt` says why and gives
    /// the two answers to choose between.
    pub sure: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doubt: Option<Doubt>,
    /// The item the verdict rests on first (for 清单外, the nearest items, for reference).
    pub matches: Vec<Match>,
    pub advice: String,
    /// What the task asks, and whose each act is.
    pub acts: Vec<Act>,
    /// The limits of the town's part that the task goes beyond.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub beyond: Vec<Beyond>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<Quote>,
    /// A recorded task like this one, and what was decided on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precedent: Option<Precedent>,
    /// What the sentence model says, when it is installed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meaning: Option<Sensed>,
    pub flags: Vec<Flag>,
    /// What a task table's row says that the lists do not bear out (`rows::notes`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl Assessment {
    /// The item the verdict rests on (none for 清单外).
    pub fn best(&self) -> Option<&Match> {
        match self.verdict {
            Verdict::Outside => None,
            _ => self.matches.first(),
        }
    }

    /// What lvzhi said, before any person changed it: the verdict and its item.
    pub fn suggested(&self) -> (Verdict, Option<&str>) {
        (self.verdict, self.best().map(|m| m.id.as_str()))
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
    /// The notice's own date (YYYY-MM-DD): its signature's, else the first full date in it;
    /// the year of a deadline written without one is taken from it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub tasks: Vec<Assessment>,
    /// Every burden signal in the notice, including those in its requirements and preamble.
    pub flags: Vec<Flag>,
}

impl Admission {
    /// The notice's signals outside every task (its 工作要求: 工作专班, 零报告…).
    pub fn loose_flags(&self) -> Vec<&Flag> {
        let in_tasks: rustc_hash::FxHashSet<(usize, &str)> = self
            .tasks
            .iter()
            .flat_map(|t| t.flags.iter().map(|g| (g.line, g.signal.as_str())))
            .collect();
        self.flags
            .iter()
            .filter(|f| !in_tasks.contains(&(f.line, f.signal.as_str())))
            .collect()
    }
}

/// Reads notices against one town's lists.
pub struct Admitter {
    matcher: Matcher,
    /// The second opinion by meaning, when the model is installed.
    sense: Option<Sense>,
    /// The plain reading by characters, a second opinion on what the matcher finds in one
    /// phrase only.
    reading: Baseline,
}

/// How much of a notice the sentence model reads, its tasks in order, in tokens' worth of its
/// time (`meaning::Model::cost`, about 0.6 ms each on two cores): some ten seconds, which reads
/// a notice of about eighty short tasks whole; past it, tasks are judged by their words alone, as
/// with `--no-meaning`. Without it a task table of thousands of rows took minutes.
pub const MEANING_BUDGET: usize = 16_000;

/// How a task is read: who sent it, what the town recorded before, and whether the sentence
/// model is asked too.
#[derive(Clone, Copy)]
struct Reading<'a> {
    from: Option<&'a str>,
    recorded: &'a [Recorded],
    by_meaning: bool,
}

impl Admitter {
    pub fn new(dataset: &Dataset) -> Admitter {
        Admitter {
            matcher: Matcher::new(dataset, Lexicon::builtin()),
            reading: Baseline::new(dataset),
            sense: None,
        }
    }

    /// The same, weighing each task's meaning too (`sense` made for the same dataset).
    pub fn with_sense(mut self, sense: Option<Sense>) -> Admitter {
        self.sense = sense;
        self
    }

    /// The item the plain reading ranks first for a task, read with its context.
    fn reading(&self, dataset: &Dataset, task: &Task) -> Option<Choice> {
        let text = format!(
            "{}\n{}",
            task.context.as_deref().unwrap_or_default(),
            task.text
        );
        let (index, _) = self.reading.rank(&text).first().copied()?;
        let item = dataset.items.get(index)?;
        Some(Choice {
            verdict: Verdict::of(item.list),
            item: Some(item.id.clone()),
        })
    }

    fn lexicon(&self) -> &Lexicon {
        self.matcher.lexicon()
    }

    /// Reads a notice into its tasks and answers each.
    pub fn admit(&self, dataset: &Dataset, text: &str) -> Admission {
        self.admit_with(dataset, text, &[])
    }

    /// Reads a notice, remembering the tasks recorded before (the town's register).
    pub fn admit_with(&self, dataset: &Dataset, text: &str, recorded: &[Recorded]) -> Admission {
        let mut budget = MEANING_BUDGET;
        self.admit_within(dataset, text, recorded, &mut budget)
    }

    /// The same, the sentence model reading while `budget` lasts: shared by the notices read
    /// in one run, so a folder of them takes no longer with the model than one long notice.
    pub fn admit_within(
        &self,
        dataset: &Dataset,
        text: &str,
        recorded: &[Recorded],
        budget: &mut usize,
    ) -> Admission {
        let notice = split(text);
        let flags = flags::flags_in(text, self.lexicon());
        let index = FlagIndex::new(&flags);
        let tasks = notice
            .tasks
            .iter()
            .map(|task| {
                let from = task.lead.as_deref().or(notice.from.as_deref());
                // Tasks in order while the budget lasts: the first one past it ends the reading.
                let cost = self.sense.as_ref().map_or(0, |s| s.cost(&task.text));
                let by_meaning = *budget > 0 && cost <= *budget;
                *budget = if by_meaning { *budget - cost } else { 0 };
                let read = Reading {
                    from,
                    recorded,
                    by_meaning,
                };
                self.assess(dataset, task, &index, read)
            })
            .collect();
        Admission {
            title: notice.title,
            from: notice.from,
            doc_ref: notice.doc_ref,
            deadline: notice.deadline,
            date: crate::date::notice_date(text).map(|d| d.to_string()),
            tasks,
            flags,
        }
    }

    /// The matches of a text read under its context, best first, at most `MAX_MATCHES`.
    fn matches(&self, dataset: &Dataset, context: Option<&str>, text: &str) -> Vec<Match> {
        self.matcher
            .candidates_about(context, text, &dataset.items)
            .iter()
            .take(MAX_MATCHES)
            .filter_map(|c| {
                let item = dataset.items.get(c.item)?;
                Some(Match {
                    index: c.item,
                    id: item.id.clone(),
                    list: item.list,
                    title: item.title.clone(),
                    score: (c.score * 10.0).round() / 10.0,
                    evidence: c.evidence.iter().take(8).cloned().collect(),
                })
            })
            .collect()
    }

    /// One task against the lists, read as `read` says.
    fn assess(
        &self,
        dataset: &Dataset,
        task: &Task,
        notice_flags: &FlagIndex,
        read: Reading,
    ) -> Assessment {
        let Reading {
            from,
            recorded,
            by_meaning,
        } = read;
        let context = task.context.as_deref();
        let mut matches = self.matches(dataset, context, &task.text);
        let item_of = |m: Option<&Match>| m.and_then(|m| dataset.items.get(m.index));
        let burdens = acts::burdens(&task.text, self.lexicon(), item_of(matches.first()));
        let remainder = self.remainder(dataset, task, &burdens);
        let precedent = precedent::find(&task.text, from, recorded, &self.lexicon().stop);
        // A person's decision on a task like this outweighs the match; it is sure when the two
        // are the same task asked again, or the matcher finds the decided item among its own.
        let decided = precedent
            .as_ref()
            .filter(|p| p.decided_by.is_some())
            .map(|p| decide::Decided {
                verdict: p.verdict,
                item: (!p.item.is_empty()).then_some(p.item.as_str()),
                sure: p.similarity >= precedent::ALIKE || matches.iter().any(|m| m.id == p.item),
                by: p.decided_by.as_deref().unwrap_or_default(),
            });
        let opinion = self
            .sense
            .as_ref()
            .filter(|_| by_meaning)
            .map(|s| s.opinion(&task.text));
        let decision = decide::decide(&decide::Evidence {
            matches: &matches,
            reading: self.reading(dataset, task),
            burdens: &burdens,
            remainder: remainder.as_ref(),
            decided: decided.as_ref(),
            meaning: opinion.as_ref().and_then(|o| sense::meaning(o, dataset)),
            enforcing: acts::enforcing(&task.text, self.lexicon(), &matches),
        });
        // The match the verdict rests on goes first.
        match decision.rests_on {
            Some(0) | None => {}
            Some(at) => {
                let chosen = matches.remove(at);
                matches.insert(0, chosen);
            }
        }
        // A person's decision on an item the matcher did not rank, and the items lvzhi hesitates
        // between: each shown with what it shares with the task.
        let decided_item = decided.as_ref().and_then(|d| d.item);
        let unranked = decided_item.filter(|_| decision.rests_on.is_none());
        self.include(
            dataset,
            task,
            &mut matches,
            unranked,
            decision.doubt.as_ref(),
        );
        let verdict = decision.verdict;
        let best = matches.first().filter(|_| verdict != Verdict::Outside);
        let item = item_of(best);
        let acts = acts::place(&task.text, self.lexicon(), item);
        let beyond = item
            .map(|i| acts::beyond(&task.text, self.lexicon(), i))
            .unwrap_or_default();
        let quote = best.and_then(|m| quote(dataset, m));
        let meaning =
            opinion.and_then(|o| sense::sensed(dataset, &o, best, decision.by_meaning, &task.text));
        let advice = if verdict == Verdict::Outside && !burdens.is_empty() && decided.is_none() {
            advice::burden_advice(&burdens)
        } else {
            advice::advice(dataset, verdict, best, &acts, &beyond)
        };
        let advice = rows::unassigned(dataset, task, advice);
        Assessment {
            task: task.clone(),
            notes: rows::notes(dataset, task, verdict, best, &acts),
            verdict,
            sure: decision.sure,
            doubt: decision.doubt,
            matches,
            advice,
            acts,
            beyond,
            quote,
            precedent,
            meaning,
            flags: task_flags(task, notice_flags),
        }
    }

    /// A task as a person decided it: `verdict` resting on item `index` (none for 清单外),
    /// sure, with the acts, limits, quote and advice of that item. lvzhi's own reading stays
    /// in `assessment` for the register's 原建议.
    pub fn decide(
        &self,
        dataset: &Dataset,
        assessment: &Assessment,
        verdict: Verdict,
        index: Option<usize>,
    ) -> Assessment {
        let mut decided = assessment.clone();
        decided.verdict = verdict;
        decided.sure = true;
        decided.doubt = None;
        if let Some(index) = index {
            let found = decided.matches.iter().position(|m| m.index == index);
            let chosen = match found {
                Some(at) => decided.matches.remove(at),
                None => self.ranked(dataset, &assessment.task, index),
            };
            decided.matches.insert(0, chosen);
            decided.matches.truncate(MAX_MATCHES);
        }
        let best = decided
            .matches
            .first()
            .filter(|_| verdict != Verdict::Outside && index.is_some());
        let item = best.and_then(|m| dataset.items.get(m.index));
        let text = &assessment.task.text;
        decided.acts = acts::place(text, self.lexicon(), item);
        decided.beyond = item
            .map(|i| acts::beyond(text, self.lexicon(), i))
            .unwrap_or_default();
        decided.quote = best.and_then(|m| quote(dataset, m));
        let advice = advice::advice(dataset, verdict, best, &decided.acts, &decided.beyond);
        decided.advice = rows::unassigned(dataset, &assessment.task, advice);
        decided.notes = rows::notes(dataset, &assessment.task, verdict, best, &decided.acts);
        decided
    }

    /// Item `index` as a match of `task`: its score and the words it shares, as the matcher
    /// finds them (none when the matcher does not rank it at all).
    fn ranked(&self, dataset: &Dataset, task: &Task, index: usize) -> Match {
        let candidate = self
            .matcher
            .candidates_about(task.context.as_deref(), &task.text, &dataset.items)
            .into_iter()
            .find(|c| c.item == index);
        let item = &dataset.items[index];
        Match {
            index,
            id: item.id.clone(),
            list: item.list,
            title: item.title.clone(),
            score: candidate
                .as_ref()
                .map_or(0.0, |c| (c.score * 10.0).round() / 10.0),
            evidence: candidate
                .map(|c| c.evidence.into_iter().take(8).collect())
                .unwrap_or_default(),
        }
    }

    /// Adds to `matches` a person's decided item first, and each item a doubt offers that is
    /// not among them, so every answer shown has its item and evidence.
    fn include(
        &self,
        dataset: &Dataset,
        task: &Task,
        matches: &mut Vec<Match>,
        decided: Option<&str>,
        doubt: Option<&Doubt>,
    ) {
        let index_of = |id: &str| dataset.items.iter().position(|i| i.id == id);
        if let Some(index) = decided.and_then(index_of) {
            matches.insert(0, self.ranked(dataset, task, index));
            matches.truncate(MAX_MATCHES);
        }
        let offered = doubt.into_iter().flat_map(|d| &d.choices);
        for id in offered.filter_map(|c| c.item.as_deref()) {
            if matches.iter().all(|m| m.id != id) {
                if let Some(index) = index_of(id) {
                    matches.push(self.ranked(dataset, task, index));
                }
            }
        }
    }

    /// What a task with a burden asks besides it, when that is a listed duty of its own: the
    /// burden is not in the task's first clause (its main ask), and what remains asks an act
    /// that its best item names ("开展秸秆禁烧巡查，并组织每户签承诺书" stays coop-61).
    fn remainder(&self, dataset: &Dataset, task: &Task, burdens: &[String]) -> Option<Match> {
        let first = task.text.split(['，', '。', '；', ',', ';']).next()?;
        if burdens.is_empty() || burdens.iter().any(|b| first.contains(b.as_str())) {
            return None;
        }
        let rest = without_clauses(&task.text, burdens);
        let best = self
            .matches(dataset, task.context.as_deref(), &rest)
            .into_iter()
            .next()?;
        let item = dataset.items.get(best.index)?;
        let asks = acts::place(
            &without_clauses(&task.text, burdens),
            self.lexicon(),
            Some(item),
        )
        .iter()
        .any(|a| a.side != Side::None && a.step.is_some() && a.act != "考核");
        asks.then_some(best)
    }
}

/// A text without the clauses that hold any of `phrases` (the burden acts found in it).
fn without_clauses(text: &str, phrases: &[String]) -> String {
    text.split_inclusive(['，', '。', '；', '\n', ',', ';'])
        .filter(|clause| !phrases.iter().any(|p| clause.contains(p.as_str())))
        .collect()
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
