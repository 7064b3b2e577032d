//! Burden signals (责任状, 分解指标, 留痕…, data/admit/flags.tsv): where a notice has them, which
//! fall in each task, and how they are listed so a long notice's list stays one line.

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::lexicon::{self, Lexicon};
use super::task::Task;

/// A burden signal found in the notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    pub signal: String,
    pub word: String,
    /// The notice's line, from 1.
    pub line: usize,
}

/// Up to this many signals are listed one by one; more, a kind of signal at a time.
pub const LISTED_ONE_BY_ONE: usize = 8;
/// The lines named for a kind of signal listed as one.
const LINES_NAMED: usize = 3;

/// A signal as listed to the clerk: one found, or a kind found many times (its first word,
/// its first lines and how many in all), so a long notice's list stays one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed<'a> {
    pub flag: &'a Flag,
    /// The first lines it is on (the flag's own for one).
    pub lines: Vec<usize>,
    pub count: usize,
}

impl Listed<'_> {
    /// Where it is: "第 3 行", "第 3、9 行", "第 3、9、12 行…等 57 处".
    pub fn lines_said(&self) -> String {
        let lines: Vec<String> = self.lines.iter().map(usize::to_string).collect();
        let more = if self.count > self.lines.len() {
            format!("…等 {} 处", self.count)
        } else {
            String::new()
        };
        format!("第 {} 行{more}", lines.join("、"))
    }
}

/// Signals as listed: one by one when they are few (`LISTED_ONE_BY_ONE`), else each kind once,
/// in the order each first appears.
pub fn listed<'a>(flags: &[&'a Flag]) -> Vec<Listed<'a>> {
    let one = |flag: &'a Flag| Listed {
        flag,
        lines: vec![flag.line],
        count: 1,
    };
    if flags.len() <= LISTED_ONE_BY_ONE {
        return flags.iter().map(|f| one(f)).collect();
    }
    let mut kinds: Vec<Listed<'a>> = Vec::new();
    let mut at: FxHashMap<&str, usize> = FxHashMap::default();
    for flag in flags {
        match at.get(flag.signal.as_str()) {
            Some(&k) => {
                let kind = &mut kinds[k];
                kind.count += 1;
                if kind.lines.len() < LINES_NAMED {
                    kind.lines.push(flag.line);
                }
            }
            None => {
                at.insert(flag.signal.as_str(), kinds.len());
                kinds.push(one(flag));
            }
        }
    }
    kinds
}

/// A notice's signals by signal and word, each group in the notice's order: a task finds its
/// own by the words its text holds, not by going through every signal of a long notice.
pub(super) struct FlagIndex<'a> {
    flags: &'a [Flag],
    /// (signal, word, positions in `flags`), in the order each first appears.
    groups: Vec<(&'a str, &'a str, Vec<usize>)>,
}

impl<'a> FlagIndex<'a> {
    pub(super) fn new(flags: &'a [Flag]) -> FlagIndex<'a> {
        let mut groups: Vec<(&str, &str, Vec<usize>)> = Vec::new();
        let mut at: FxHashMap<(&str, &str), usize> = FxHashMap::default();
        for (i, f) in flags.iter().enumerate() {
            let key = (f.signal.as_str(), f.word.as_str());
            let k = *at.entry(key).or_insert_with(|| {
                groups.push((key.0, key.1, Vec::new()));
                groups.len() - 1
            });
            groups[k].2.push(i);
        }
        FlagIndex { flags, groups }
    }
}

/// Every signal word in the notice, by line.
pub(super) fn flags_in(text: &str, lexicon: &Lexicon) -> Vec<Flag> {
    let mut flags = Vec::new();
    for (i, line) in text.lines().enumerate() {
        for signal in &lexicon.signals {
            // The longest word of a signal found on a line is the one shown.
            let mut found: Vec<String> = signal
                .words
                .iter()
                .filter_map(|w| lexicon::find_signal(line, w).map(|(_, text)| text))
                .collect();
            found.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
            if let Some(word) = found.into_iter().next() {
                flags.push(Flag {
                    signal: signal.name.clone(),
                    word,
                    line: i + 1,
                });
            }
        }
    }
    flags
}

/// The notice's flags that fall in a task's own text: of each signal, the first from the
/// task's line on whose word the task holds.
pub(super) fn task_flags(task: &Task, index: &FlagIndex) -> Vec<Flag> {
    let mut first: FxHashMap<&str, usize> = FxHashMap::default();
    for (signal, word, at) in &index.groups {
        if !task.text.contains(word) {
            continue;
        }
        let from = at.partition_point(|&i| index.flags[i].line < task.line);
        if let Some(&i) = at.get(from) {
            first
                .entry(signal)
                .and_modify(|j| *j = (*j).min(i))
                .or_insert(i);
        }
    }
    let mut kept: Vec<usize> = first.into_values().collect();
    kept.sort_unstable();
    kept.into_iter().map(|i| index.flags[i].clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(signal: &str, word: &str, line: usize) -> Flag {
        Flag {
            signal: signal.into(),
            word: word.into(),
            line,
        }
    }

    #[test]
    fn few_signals_are_listed_one_by_one_and_many_a_kind_at_a_time() {
        let few = [flag("台账", "台账", 3), flag("台账", "台账", 9)];
        let said: Vec<String> = listed(&few.iter().collect::<Vec<_>>())
            .iter()
            .map(Listed::lines_said)
            .collect();
        assert_eq!(said, ["第 3 行", "第 9 行"]);
        let many: Vec<Flag> = (1..=40)
            .map(|line| match line % 4 {
                0 => flag("工作专班", "专班", line),
                _ => flag("台账", "台账", line),
            })
            .collect();
        let kinds = listed(&many.iter().collect::<Vec<_>>());
        let said: Vec<(&str, String)> = kinds
            .iter()
            .map(|k| (k.flag.signal.as_str(), k.lines_said()))
            .collect();
        assert_eq!(
            said,
            [
                ("台账", "第 1、2、3 行…等 30 处".to_string()),
                ("工作专班", "第 4、8、12 行…等 10 处".to_string())
            ]
        );
    }

    /// What `task_flags` gives, found the plain way: every flag of the notice looked at.
    fn plainly(task: &Task, flags: &[Flag]) -> Vec<Flag> {
        flags
            .iter()
            .filter(|f| f.line >= task.line && task.text.contains(f.word.as_str()))
            .fold(Vec::new(), |mut kept: Vec<Flag>, f| {
                if !kept.iter().any(|k| k.signal == f.signal) {
                    kept.push(f.clone());
                }
                kept
            })
    }

    #[test]
    fn a_tasks_signals_are_those_the_plain_search_finds() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/admit/notices");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        let notice: String = paths
            .iter()
            .take(120)
            .map(|p| std::fs::read_to_string(p).unwrap() + "\n")
            .collect();
        let flags = flags_in(&notice, &Lexicon::builtin());
        let index = FlagIndex::new(&flags);
        let tasks = super::super::split(&notice).tasks;
        assert!(tasks.len() > 100 && flags.len() > 100);
        let mut found = 0;
        for task in &tasks {
            let mine = task_flags(task, &index);
            assert_eq!(mine, plainly(task, &flags), "{task:?}");
            found += mine.len();
        }
        assert!(found > 50, "{found}");
    }
}
