//! Matching a task of a notice against every item. A search query must match in every term; a
//! notice's task is a paragraph, most of whose words are in no item. So the matcher looks for
//! the phrases the task shares with an item (maximal common runs of two or more characters,
//! never across punctuation), and weighs each phrase by how rare its character pairs are among
//! the items (idf) and by where in the item it was found (the title says what the item is;
//! the duties, what is done). Synonyms add the list's word for a notice's; the verbs that
//! decide a list (处罚 is the department's, 宣传 the town's) raise or lower an item.

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::model::{Item, ListKind};

use super::lexicon::Lexicon;
use super::probe::{PARTICLES, Probe, is_han};
use super::words::Segmenter;

/// Where in an item a phrase was found, and how much a phrase there counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Title,
    Category,
    /// The department's duties (for a recalled item: its 工作方式).
    Upper,
    /// The town's duties.
    Town,
}

impl Field {
    /// The title names the duty; a phrase of it is the strongest evidence. Duty texts are long
    /// and share the office's vocabulary, so a phrase there counts less; the category is a
    /// dozen words shared by many items.
    pub fn weight(self) -> f32 {
        match self {
            Field::Title => 3.0,
            Field::Town => 1.2,
            Field::Upper => 1.0,
            Field::Category => 0.5,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Field::Title => "事项名称",
            Field::Category => "事项类别",
            Field::Upper => "上级部门职责",
            Field::Town => "本镇职责",
        }
    }
}

/// A phrase the task and an item share: as the notice wrote it, and as the item has it (they
/// differ when a synonym made the match).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub notice: String,
    pub item: String,
    pub field: Field,
    #[serde(skip)]
    pub weight: f32,
    /// Found in the task's context (its heading, or what a resident reported) only.
    #[serde(skip)]
    pub context: bool,
}

/// One item's match with a task.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub item: usize,
    pub score: f32,
    /// Best phrase first.
    pub evidence: Vec<Evidence>,
}

/// Multiplier for an item whose title has the decisive verb the task asks for (追缴, 检疫…).
const SAME_VERB: f32 = 1.35;
/// Multiplier for an item that is the department's enforcement (处罚, 审批…) when the task
/// asks the town only for its own kind of work (宣传, 排查, 上报…).
const OTHER_VERB: f32 = 0.7;
/// Multiplier for a basic item (the town's own work) when the task asks for the department's
/// kind of act (处罚, 审批, 追缴…) and the item's title names none of it, as `OTHER_VERB` the
/// other way round: the same subject's shared or recalled item is the likelier answer
/// ("对私自打井的立案罚款" is not 农业灌溉用水管理).
const MISSING_VERB: f32 = 0.7;
/// What a pair of characters inside one of the town's verbs counts for.
const GENERIC: f32 = 0.25;
/// A phrase found through a synonym counts this much of one the notice wrote as the list does.
const SYNONYM: f32 = 0.8;
/// An item's score is its evidence times this plus the share of its title the evidence covers.
const TITLE_FLOOR: f32 = 0.5;
/// Each character beyond two makes a phrase this much more convincing than its pairs alone:
/// "婚姻状况证明" found whole is one fact, not five coincidences.
const LENGTH_BONUS: f32 = 0.15;

/// Where a pair occurs: (item, field index, position in the field).
type Posting = (u32, u8, u32);

/// A phrase shared from one start in the probe: (start, length, field index); half the size
/// of usizes, as a long notice has a run at nearly every start for many items.
type Run = (u32, u32, u8);

/// The items of one town, prepared for matching.
pub struct Matcher {
    /// Per item, its fields as normalised characters.
    fields: Vec<Vec<(Field, Vec<char>)>>,
    /// Per item and field, where its words start and end (see `words::Segmenter::edges`).
    edges: Vec<Vec<Vec<bool>>>,
    /// The items' ids, which a concept names.
    ids: Vec<String>,
    /// Where each character pair occurs: (item, field index, position).
    postings: FxHashMap<(char, char), Vec<Posting>>,
    idf: FxHashMap<(char, char), f32>,
    lexicon: Lexicon,
    titles: Vec<String>,
    /// The departments' names without the county ("水利局"): a notice names them to say who
    /// sent it or where to report, which says little about the duty.
    departments: Vec<String>,
    /// The departments' names, whole and without the county, as the segmenter's extra words.
    names: Vec<Vec<char>>,
}

/// A character that can be part of a phrase: letters, digits, Chinese characters.
fn wordy(c: char) -> bool {
    c.is_alphanumeric()
}

mod prepare;

impl Matcher {
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// How rare a pair is among the items; 0 for a stop pair or one no item has.
    fn idf(&self, pair: (char, char)) -> f32 {
        self.idf.get(&pair).copied().unwrap_or(0.0)
    }

    /// The items that share evidence with `text` (a task, with its headings), best first.
    pub fn candidates(&self, text: &str, items: &[Item]) -> Vec<Candidate> {
        self.candidates_about(None, text, items)
    }

    /// The items that share evidence with a task read under its context (its headings, or
    /// what a resident reported): a long context tells the subject at length, and its words
    /// count `CONTEXT` of the task's own.
    pub fn candidates_about(
        &self,
        context: Option<&str>,
        text: &str,
        items: &[Item],
    ) -> Vec<Candidate> {
        let probe = Probe::new(context, text, &self.lexicon, &self.departments, &self.names);
        let task_upper = verbs_in(&probe.original, &self.lexicon.upper_verbs);
        let task_town = verbs_in(&probe.original, &self.lexicon.town_verbs);
        let mut candidates: Vec<Candidate> = self
            .runs(&probe)
            .into_iter()
            .filter_map(|(item, found)| {
                let item = item as usize;
                let evidence = self.evidence(&probe, item, found);
                let mut score: f32 = evidence.iter().map(|e| e.weight).sum();
                let title = &self.titles[item];
                score *= TITLE_FLOOR + title_coverage(title, &evidence);
                let title_upper = verbs_in(title, &self.lexicon.upper_verbs);
                if task_upper.iter().any(|v| title_upper.contains(v)) {
                    score *= SAME_VERB;
                } else if !title_upper.is_empty() && task_upper.is_empty() && !task_town.is_empty()
                {
                    score *= OTHER_VERB;
                } else if !task_upper.is_empty() && items[item].list == ListKind::Basic {
                    score *= MISSING_VERB;
                }
                (score > 0.0).then_some(Candidate {
                    item,
                    score,
                    evidence,
                })
            })
            .collect();
        candidates.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| list_rank(items[a.item].list).cmp(&list_rank(items[b.item].list)))
                .then(a.item.cmp(&b.item))
        });
        candidates
    }

    /// Per item, per start in the probe: the longest phrase shared from there (start, length,
    /// field), starting and ending on a word's edge in both texts.
    fn runs(&self, probe: &Probe) -> FxHashMap<u32, Vec<Run>> {
        let (chars, here) = (&probe.chars, &probe.edges);
        let mut runs: FxHashMap<u32, Vec<Run>> = FxHashMap::default();
        for i in 0..chars.len().saturating_sub(1) {
            let pair = (chars[i], chars[i + 1]);
            if !(wordy(pair.0) && wordy(pair.1)) || self.idf(pair) == 0.0 {
                continue;
            }
            let Some(postings) = self.postings.get(&pair) else {
                continue;
            };
            for &(item, f, pos) in postings {
                let field = &self.fields[item as usize][f as usize].1;
                let there = &self.edges[item as usize][f as usize];
                let pos = pos as usize;
                // A phrase starts where a word starts in both texts; a later start finds the
                // phrase that begins on a later word.
                if !(here[i] && there[pos] && probe.may_match(i, &self.ids[item as usize])) {
                    continue;
                }
                let mut len = 2;
                while i + len < chars.len()
                    && pos + len < field.len()
                    && chars[i + len] == field[pos + len]
                    && wordy(chars[i + len])
                {
                    len += 1;
                }
                // ...and ends where a word ends in both: 农村户 of 农村户厕 and 农村户籍 is 农村.
                while len > 0 && !(here[i + len] && there[pos + len]) {
                    len -= 1;
                }
                if len < 2 {
                    continue;
                }
                let entry = runs.entry(item).or_default();
                // Starts come in order: a run found before from this start is the last one.
                let (start, length) = (i as u32, len as u32);
                match entry.last_mut() {
                    Some(run) if run.0 == start => {
                        if run.1 < length || (run.1 == length && better(f, run.2)) {
                            *run = (start, length, f);
                        }
                    }
                    _ => entry.push((start, length, f)),
                }
            }
        }
        runs
    }

    /// An item's phrases as evidence, each weighed (see docs/admit.md), best first; a phrase
    /// inside a longer one counts once.
    fn evidence(&self, probe: &Probe, item: usize, mut found: Vec<Run>) -> Vec<Evidence> {
        found.sort_by_key(|&(start, len, _)| (start, std::cmp::Reverse(len)));
        let mut evidence: Vec<Evidence> = Vec::new();
        // Where each phrase is in `evidence`: a long notice repeats its phrases thousands of times.
        let mut at: FxHashMap<String, usize> = FxHashMap::default();
        let mut reach = 0;
        for (start, len, f) in found {
            let (start, len) = (start as usize, len as usize);
            // A run inside a longer one found from an earlier start is the same evidence.
            if start + len <= reach {
                continue;
            }
            reach = reach.max(start + len);
            let field = self.fields[item][f as usize].0;
            let Some(found) = self.weigh(probe, start, len, field) else {
                continue;
            };
            match at.get(&found.item) {
                Some(&k) if evidence[k].weight < found.weight => evidence[k] = found,
                Some(_) => {}
                None => {
                    at.insert(found.item.clone(), evidence.len());
                    evidence.push(found);
                }
            }
        }
        let inside = inside_others(evidence.iter().map(|e| e.item.as_str()));
        evidence.retain(|e| !inside.contains(&e.item));
        evidence.sort_by(|a, b| b.weight.total_cmp(&a.weight));
        evidence
    }

    /// One phrase of the probe found in an item's field, weighed; none when it names nothing.
    fn weigh(&self, probe: &Probe, start: usize, len: usize, field: Field) -> Option<Evidence> {
        let chars = &probe.chars;
        // "的行", "并将": a run that starts or ends on a particle is cut back to its words.
        let (start, len) = trim_particles(&chars[start..start + len], start, &probe.edges);
        if len < 2 {
            return None;
        }
        let phrase: String = chars[start..start + len].iter().collect();
        // Pairs within the town's verbs (宣传教育, 排查) say how, not what.
        let pairs: f32 = (start..start + len - 1)
            .map(|k| {
                let idf = self.idf((chars[k], chars[k + 1]));
                if probe.generic[k] || probe.generic[k + 1] {
                    idf * GENERIC
                } else {
                    idf
                }
            })
            .sum();
        let notice = probe.notice_word(start, &phrase);
        // A synonym's list word is as long as the list says; the notice said less. A concept's
        // member names its category nearly as well as its word would.
        let notice_len = notice.chars().count();
        let said = if probe.is_concept(start) {
            len.min(notice_len + 1)
        } else {
            len.min(notice_len)
        }
        .max(2);
        // A short notice word standing for a long list word ("垃圾" for 固体废物) says less
        // than the list word would: its pairs count in proportion, softened.
        let synonym = if notice == phrase {
            1.0
        } else {
            SYNONYM * ((said - 1) as f32 / (len - 1) as f32).sqrt()
        };
        let weight = pairs
            * field.weight()
            * synonym
            * probe.emphasis(start)
            * (1.0 + LENGTH_BONUS * (said - 2) as f32);
        // Numbers, Latin letters and dates ("12345", "20日") name no duty; nor do adverbs and
        // conjunctions (已经, 及时).
        let names_nothing = weight <= 0.0
            || Segmenter::shared().names_nothing(&phrase)
            || !phrase.chars().any(|c| is_han(c) && !DATE_CHARS.contains(c));
        (!names_nothing).then(|| Evidence {
            notice,
            item: phrase,
            field,
            weight,
            context: probe.in_context(start),
        })
    }
}

/// The phrases that are part of a longer one of `phrases`: each phrase's own parts looked up,
/// not every phrase searched in every other, which a long notice's thousands make quadratic.
fn inside_others<'a>(phrases: impl Iterator<Item = &'a str>) -> rustc_hash::FxHashSet<String> {
    let phrases: rustc_hash::FxHashSet<&str> = phrases.collect();
    let mut inside = rustc_hash::FxHashSet::default();
    for phrase in &phrases {
        let bounds: Vec<usize> = phrase
            .char_indices()
            .map(|(i, _)| i)
            .chain([phrase.len()])
            .collect();
        for (a, &from) in bounds.iter().enumerate() {
            for &to in &bounds[a + 1..] {
                let part = &phrase[from..to];
                if part.len() < phrase.len() && phrases.contains(part) {
                    inside.insert(part.to_string());
                }
            }
        }
    }
    inside
}

/// The characters of a date or a time: "20日" is no evidence.
const DATE_CHARS: &str = "年月日号时分";

/// A run without the particles at its ends: (start, length).
/// Only a particle that is a word of its own goes (的, 并): 所 in 厕所 stays.
fn trim_particles(run: &[char], start: usize, edges: &[bool]) -> (usize, usize) {
    let alone = |k: usize| edges[start + k] && edges[start + k + 1];
    let lead = (0..run.len())
        .take_while(|&k| PARTICLES.contains(run[k]) && alone(k))
        .count();
    let trail = (lead..run.len())
        .rev()
        .take_while(|&k| PARTICLES.contains(run[k]) && alone(k))
        .count();
    (start + lead, run.len() - lead - trail)
}

/// How much of an item's title the evidence covers, 0..=1: a task about what the title names
/// covers much of it; one that shares a few office words with a long title covers little.
fn title_coverage(title: &str, evidence: &[Evidence]) -> f32 {
    let chars: Vec<char> = title.chars().collect();
    let mut covered = vec![false; chars.len()];
    for e in evidence.iter().filter(|e| e.field == Field::Title) {
        let phrase: Vec<char> = e.item.chars().collect();
        if phrase.len() > chars.len() {
            continue;
        }
        // The first place only: a long title that repeats a word (残疾人 six times) is not
        // covered by it.
        if let Some(start) =
            (0..=chars.len() - phrase.len()).find(|&s| chars[s..s + phrase.len()] == phrase[..])
        {
            covered[start..start + phrase.len()].fill(true);
        }
    }
    let wordy_chars = chars.iter().filter(|c| is_han(**c)).count().max(1);
    let hit = chars
        .iter()
        .zip(&covered)
        .filter(|(c, hit)| **hit && is_han(**c))
        .count();
    (hit as f32 / wordy_chars as f32).min(1.0)
}

/// The field that breaks a tie between two runs of one length: the title names the item.
fn better(f: u8, than: u8) -> bool {
    f == 0 && than != 0
}

/// On equal scores, the list that answers most: a recalled item settles the question.
fn list_rank(list: ListKind) -> u8 {
    match list {
        ListKind::Recalled => 0,
        ListKind::Coop => 1,
        ListKind::Basic => 2,
    }
}

/// The verb families (by index) a text uses.
fn verbs_in(text: &str, families: &[Vec<String>]) -> Vec<usize> {
    (0..families.len())
        .filter(|&f| families[f].iter().any(|v| text.contains(v.as_str())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Dataset;

    fn flood() -> String {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/admit/notices/22-flood-multi.txt"
        );
        std::fs::read_to_string(path).unwrap()
    }

    #[test]
    fn runs_are_one_a_start_and_twice_the_text_finds_twice_as_many() {
        let dataset = Dataset::embedded().unwrap();
        let matcher = Matcher::new(&dataset, Lexicon::builtin());
        // The runs from the task's own characters (not the list words added after them).
        let runs = |text: &str| -> usize {
            let probe = Probe::new(
                None,
                text,
                &matcher.lexicon,
                &matcher.departments,
                &matcher.names,
            );
            let own = probe.original.chars().count() as u32;
            let mut count = 0;
            for found in matcher.runs(&probe).values() {
                assert!(found.windows(2).all(|w| w[0].0 < w[1].0), "{found:?}");
                count += found.iter().filter(|r| r.0 < own).count();
            }
            count
        };
        let notice = flood();
        let once = runs(&notice);
        assert!(once > 100, "{once}");
        assert_eq!(runs(&format!("{notice}\n{notice}")), 2 * once);
    }

    #[test]
    fn a_phrase_inside_a_longer_one_is_the_one_a_plain_search_finds() {
        let phrases = [
            "农村户厕",
            "户厕",
            "农村",
            "厕改",
            "户厕改造",
            "改造",
            "村户",
            "禁烧",
            "秸秆禁烧",
        ];
        let plain: rustc_hash::FxHashSet<String> = phrases
            .iter()
            .filter(|e| phrases.iter().any(|p| p.len() > e.len() && p.contains(*e)))
            .map(|e| e.to_string())
            .collect();
        assert_eq!(inside_others(phrases.into_iter()), plain);
        assert!(plain.contains("户厕") && !plain.contains("农村户厕"));
    }

    #[test]
    fn a_penalty_asked_weighs_a_basic_item_that_does_not_name_it_down() {
        let dataset = Dataset::embedded().unwrap();
        let matcher = Matcher::new(&dataset, Lexicon::builtin());
        let score = |text: &str, id: &str| {
            matcher
                .candidates(text, &dataset.items)
                .iter()
                .find(|c| dataset.items[c.item].id == id)
                .map_or(0.0, |c| c.score)
        };
        let asked = "地下水超采治理：对私自打井的，由乡镇负责立案罚款";
        let plain = "地下水超采治理：对私自打井的，由乡镇负责处理";
        // The town's irrigation item loses a share; the recalled penalty item gains.
        let (basic, was) = (score(asked, "basic-73"), score(plain, "basic-73"));
        assert!(was > 0.0 && basic < 0.8 * was, "{basic} against {was}");
        assert!(score(asked, "recalled-24") > score(plain, "recalled-24"));
    }
}
