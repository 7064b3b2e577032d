//! A task as the matcher reads it: its text (under its context) normalised, the list word of
//! every synonym and concept found in it appended after a break, where its words start and
//! end, and which of its characters say who or where rather than what (departments, villages,
//! the town's verbs, burden signals).

use super::lexicon::Lexicon;
use super::words::{self, Segmenter};
use crate::search::normalize_str;

/// A context longer than this (a resident's report, not a heading)…
const LONG_CONTEXT: usize = 20;
/// …counts this much of the task's own words…
const CONTEXT: f32 = 0.5;
/// …and a heading this much: it names the subject, but of all the clauses under it.
const HEADING: f32 = 0.7;

/// A task as the matcher reads it: its text normalised, then the list word of every synonym
/// found in it, each after a break so no phrase runs across.
pub(super) struct Probe {
    pub original: String,
    pub chars: Vec<char>,
    /// Characters that are part of a town verb (宣传, 排查…), a department's name or a stop
    /// pair: pairs touching them count `GENERIC`.
    pub generic: Vec<bool>,
    /// Where the list words start, and the notice word each stands for, and the items a
    /// concept is for (empty for a synonym).
    added: Vec<(usize, usize, String, Vec<String>)>,
    /// Where words start and end.
    pub edges: Vec<bool>,
    /// How many characters of the probe (with the break after them) are the task's context,
    /// and what a phrase there counts.
    context_len: usize,
    context_weight: f32,
    /// Where the list words of notice words found only in the context start.
    from_context: Vec<usize>,
}

impl Probe {
    pub fn new(
        context: Option<&str>,
        text: &str,
        lexicon: &Lexicon,
        departments: &[String],
        names: &[Vec<char>],
    ) -> Probe {
        let context = context.map(normalize_str).unwrap_or_default();
        // A heading ("一、秸秆禁烧") names the subject in a few words; a resident's report
        // tells it at length, and mentions much that is not asked.
        let context_weight = if context.chars().count() > LONG_CONTEXT {
            CONTEXT
        } else {
            HEADING
        };
        let context_len = if context.is_empty() {
            0
        } else {
            context.chars().count() + 1
        };
        let original = if context.is_empty() {
            normalize_str(text)
        } else {
            format!("{context}\n{}", normalize_str(text))
        };
        let asked: String = original.chars().skip(context_len).collect();
        let mut chars: Vec<char> = original.chars().collect();
        let mut edges = Segmenter::shared().edges(&original);
        let mut added = Vec::new();
        // The list words added for notice words found only in the context.
        let mut from_context = Vec::new();
        let mut seen: Vec<(&str, &[String])> = Vec::new();
        for synonym in &lexicon.synonyms {
            let key = (synonym.list_word.as_str(), synonym.items.as_slice());
            if seen.contains(&key) || !original.contains(synonym.notice_word.as_str()) {
                continue;
            }
            // The notice word is whole where the notice has it: 狼 in 狼藉 is no wolf.
            let notice: Vec<char> = synonym.notice_word.chars().collect();
            if !whole_word_in(&chars[..original.chars().count()], &edges, &notice) {
                continue;
            }
            seen.push(key);
            chars.push('\n');
            edges.push(true);
            let start = chars.len();
            chars.extend(synonym.list_word.chars());
            let word: String = synonym.list_word.chars().collect();
            // The list word's own words, so a phrase of it is whole too.
            edges.pop();
            edges.extend(Segmenter::shared().edges(&word));
            added.push((
                start,
                chars.len(),
                synonym.notice_word.clone(),
                synonym.items.clone(),
            ));
            if !asked.contains(synonym.notice_word.as_str()) {
                from_context.push(start);
            }
        }
        for name in names {
            words::mark_word(&chars, &mut edges, name);
        }
        let generic = generic_chars(&chars, &edges, lexicon, departments);
        Probe {
            original,
            chars,
            generic,
            added,
            edges,
            context_len,
            context_weight,
            from_context,
        }
    }

    /// The list word added that holds position `start`, if any. The words are added in order
    /// and do not overlap, so it is found by halves: the matcher asks for every phrase found.
    fn added_at(&self, start: usize) -> Option<&(usize, usize, String, Vec<String>)> {
        let after = self.added.partition_point(|(from, _, _, _)| *from <= start);
        after
            .checked_sub(1)
            .map(|k| &self.added[k])
            .filter(|(_, to, _, _)| start < *to)
    }

    /// Whether a phrase starting at `start` is the context's only.
    pub fn in_context(&self, start: usize) -> bool {
        let added_from_context = self
            .added_at(start)
            .is_some_and(|(from, _, _, _)| self.from_context.binary_search(from).is_ok());
        start < self.context_len || added_from_context
    }

    /// How much a phrase starting at `start` counts: less when it is the context's only.
    pub fn emphasis(&self, start: usize) -> f32 {
        if self.in_context(start) {
            self.context_weight
        } else {
            1.0
        }
    }

    /// Whether the phrase at `start` is a concept's list word.
    pub fn is_concept(&self, start: usize) -> bool {
        self.added_at(start)
            .is_some_and(|(_, _, _, items)| !items.is_empty())
    }

    /// Whether a phrase starting at `start` may count for item `id`: a concept's list word
    /// counts only for the items it was written for.
    pub fn may_match(&self, start: usize, id: &str) -> bool {
        self.added_at(start)
            .is_none_or(|(_, _, _, items)| items.is_empty() || items.iter().any(|i| i == id))
    }

    /// How the notice wrote the phrase found at `start`: itself, or the synonym's notice word.
    pub fn notice_word(&self, start: usize, phrase: &str) -> String {
        self.added_at(start)
            .map_or_else(|| phrase.to_string(), |(_, _, word, _)| word.clone())
    }
}

/// The characters that say how, who or where rather than what: the town's and the department's
/// verbs, department names, burden signals, villages, and those of stop pairs.
fn generic_chars(
    chars: &[char],
    edges: &[bool],
    lexicon: &Lexicon,
    departments: &[String],
) -> Vec<bool> {
    let mut generic = vec![false; chars.len()];
    // The stop pairs' characters too: a pair that joins a stop word to its neighbour
    // ("为进" in 行为进行) is no word at all.
    for k in 0..chars.len().saturating_sub(1) {
        if lexicon.stop.contains(&(chars[k], chars[k + 1])) {
            generic[k] = true;
            generic[k + 1] = true;
        }
    }
    // Burden signals (纳入考核, 台账) say how a task is pushed, not what it is.
    let signals = lexicon.signals.iter().flat_map(|s| s.words.iter());
    for verb in lexicon
        .town_verbs
        .iter()
        .chain(&lexicon.upper_verbs)
        .flatten()
        .chain(departments)
        .chain(signals)
    {
        let verb: Vec<char> = verb.chars().collect();
        if verb.len() > chars.len() {
            continue;
        }
        for start in 0..=chars.len() - verb.len() {
            if chars[start..start + verb.len()] == verb[..] {
                generic[start..start + verb.len()].fill(true);
            }
        }
    }
    // A department named in the notice ("县统计局", "县林草局"): who sends or receives, not
    // what is asked.
    for (start, len) in department_mentions(chars) {
        generic[start..start + len].fill(true);
    }
    // A village named ("三岔坪村至土炮营村的村道"): where, not what.
    for (start, len) in village_mentions(chars, edges) {
        generic[start..start + len].fill(true);
    }
    generic
}

/// Endings of a department's name.
const DEPARTMENT_ENDINGS: [&str; 9] = [
    "委员会",
    "办公室",
    "局",
    "委",
    "办",
    "部",
    "队",
    "中心",
    "院",
];

/// Runs "县…局" (at most eight characters after 县 or 州 up to a department ending): the
/// departments a notice names, in whatever short form it uses; and "镇…队" for the town's own
/// offices named to do the work ("请镇综合执法队直接立案"): who does it, not what.
fn department_mentions(chars: &[char]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for (start, &c) in chars.iter().enumerate() {
        if c != '县' && c != '州' && c != '镇' {
            continue;
        }
        let mut best = None;
        for len in 2..=9 {
            let Some(run) = chars.get(start..start + len) else {
                break;
            };
            if !run.iter().all(|c| is_han(*c)) {
                break;
            }
            let text: String = run.iter().collect();
            if DEPARTMENT_ENDINGS.iter().any(|e| text.ends_with(e)) {
                best = Some(len);
            }
        }
        if let Some(len) = best {
            found.push((start, len));
        }
    }
    found
}

/// Characters before 村 that make a word of it rather than a name: 各村, 本村, 进村.
const NOT_A_VILLAGE: &str = "各本全每该邻驻进到在入下回返出整一两该此";

/// Villages a text names: 村 standing alone as a word after up to three characters that are
/// no word of the dictionary's with it (三岔坪村, not 农村, 村民 or 各村).
fn village_mentions(chars: &[char], edges: &[bool]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for (p, &c) in chars.iter().enumerate() {
        if c != '村' || !(edges[p] && edges[p + 1]) {
            continue;
        }
        let name = (1..=3)
            .take_while(|&k| p >= k && is_han(chars[p - k]) && !PARTICLES.contains(chars[p - k]))
            .last();
        match name {
            Some(k) if !NOT_A_VILLAGE.contains(chars[p - 1]) => found.push((p - k, k + 1)),
            _ => {}
        }
    }
    found
}

/// Characters that join words rather than name anything.
pub(super) const PARTICLES: &str = "的并将和及与或对在于把被了是由向从以其等之为也所而且就都";

pub(super) fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Whether `word` occurs in `chars` starting and ending on word edges.
fn whole_word_in(chars: &[char], edges: &[bool], word: &[char]) -> bool {
    if word.is_empty() || word.len() > chars.len() {
        return false;
    }
    (0..=chars.len() - word.len())
        .any(|s| chars[s..s + word.len()] == *word && edges[s] && edges[s + word.len()])
}
