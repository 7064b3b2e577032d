//! The word lists the matcher reads, kept as data in data/admit/ so the office that uses lvzhi
//! can see and correct them: synonyms and concepts (notice words → list words), the acts a task
//! asks and which side of a list they fall on, the limits of the town's part, the burden
//! signals, the words the segmenter must know, and the pairs of characters that are no evidence.

use rustc_hash::FxHashSet;

const SYNONYMS: &str = include_str!("../../data/admit/synonyms.tsv");
const CONCEPTS: &str = include_str!("../../data/admit/concepts.tsv");
const ACTS: &str = include_str!("../../data/admit/acts.tsv");
const LIMITS: &str = include_str!("../../data/admit/limits.tsv");
const FLAGS: &str = include_str!("../../data/admit/flags.tsv");
const STOP: &str = include_str!("../../data/admit/stop.txt");

/// A word of the notice's and the list word it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synonym {
    pub list_word: String,
    pub notice_word: String,
    /// The items a concept is written for (empty: a synonym, for every item).
    pub items: Vec<String>,
}

/// What kind of act a family of words names (data/admit/acts.tsv).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActKind {
    /// The department's work: 处罚, 审批, 检疫…
    Upper,
    /// The town's kind of work: 宣传, 排查, 上报…
    Town,
    /// Either side's: 核实, 公示, 登记…
    Neutral,
    /// A burden no list gives the town: 抽调干部, 代收代缴, 投票点赞… (and the subjects no list
    /// gives it, 清单外 in the file: 法院的执行, 征兵), which make a task 清单外.
    Burden,
}

/// A family of words that name one act.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActFamily {
    pub kind: ActKind,
    pub name: String,
    pub words: Vec<String>,
}

/// A limit of the town's part (非高危) and the notice words that go beyond it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limit {
    pub limit: String,
    pub beyond: Vec<String>,
    pub why: String,
}

/// A burden signal and the notice words that raise it. A word written "纳入…考核" is two parts
/// with at most a few characters between them in one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signal {
    pub name: String,
    pub words: Vec<String>,
}

/// The department's acts (by their family's name in acts.tsv) that, asked of the town, make a
/// basic item that does not name them doubtful (`decide::enforcement_doubt`).
const ENFORCING: &[&str] = &["处罚"];

#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Synonyms, then concepts; longest notice word first, so "烧秸秆" is read before "秸秆".
    pub synonyms: Vec<Synonym>,
    pub acts: Vec<ActFamily>,
    /// Families of verbs of the department's work (处罚/罚款/查处…, 审批/许可…) and of the
    /// town's (宣传, 排查…): the acts of those kinds.
    pub upper_verbs: Vec<Vec<String>>,
    pub town_verbs: Vec<Vec<String>>,
    /// The department's enforcement (处罚/罚款/立案…): asked of the town, it is most often a
    /// recalled item's or a shared item's department part, not a basic duty.
    pub enforcing: Vec<Vec<String>>,
    pub limits: Vec<Limit>,
    pub signals: Vec<Signal>,
    pub stop: FxHashSet<(char, char)>,
}

/// Lines of a data file without comments and blanks, split at tabs.
fn lines(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .map(str::trim_end)
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| line.split('\t').map(str::trim).collect())
}

/// A cell of words separated by 、.
fn words(cell: &str) -> Vec<String> {
    cell.split('、')
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

impl Lexicon {
    /// The lists built into lvzhi.
    pub fn builtin() -> Lexicon {
        let mut synonyms: Vec<Synonym> = Vec::new();
        for cells in lines(SYNONYMS).filter(|c| c.len() >= 2) {
            for w in words(cells[1]) {
                synonyms.push(Synonym {
                    list_word: cells[0].to_string(),
                    notice_word: w,
                    items: Vec::new(),
                });
            }
        }
        for cells in lines(CONCEPTS).filter(|c| c.len() >= 3) {
            let items: Vec<String> = cells[2].split('|').map(|s| s.trim().to_string()).collect();
            for w in words(cells[1]) {
                synonyms.push(Synonym {
                    list_word: cells[0].to_string(),
                    notice_word: w,
                    items: items.clone(),
                });
            }
        }
        synonyms.sort_by_key(|s| std::cmp::Reverse(s.notice_word.chars().count()));
        let acts: Vec<ActFamily> = lines(ACTS)
            .filter(|c| c.len() >= 3)
            .filter_map(|cells| {
                let kind = match cells[0] {
                    "上级" => ActKind::Upper,
                    "本镇" => ActKind::Town,
                    "中性" => ActKind::Neutral,
                    "负担" | "清单外" => ActKind::Burden,
                    _ => return None,
                };
                Some(ActFamily {
                    kind,
                    name: cells[1].to_string(),
                    words: words(cells[2]),
                })
            })
            .collect();
        let family = |kind: ActKind| -> Vec<Vec<String>> {
            acts.iter()
                .filter(|a| a.kind == kind)
                .map(|a| a.words.clone())
                .collect()
        };
        let (upper_verbs, town_verbs) = (family(ActKind::Upper), family(ActKind::Town));
        let enforcing = acts
            .iter()
            .filter(|a| a.kind == ActKind::Upper && ENFORCING.contains(&a.name.as_str()))
            .map(|a| a.words.clone())
            .collect();
        let limits = lines(LIMITS)
            .filter(|c| c.len() >= 2)
            .map(|cells| Limit {
                limit: cells[0].to_string(),
                beyond: words(cells[1]),
                why: cells.get(2).unwrap_or(&"").to_string(),
            })
            .collect();
        let signals = lines(FLAGS)
            .filter(|c| c.len() >= 2)
            .map(|cells| Signal {
                name: cells[0].to_string(),
                words: words(cells[1]),
            })
            .collect();
        let stop = STOP
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let mut chars = l.chars();
                Some((chars.next()?, chars.next()?))
            })
            .collect();
        Lexicon {
            synonyms,
            acts,
            upper_verbs,
            town_verbs,
            enforcing,
            limits,
            signals,
            stop,
        }
    }

    /// The words of the tables the segmenter must know: the list's terms, the notice's words of
    /// two characters (野猪, 麦草), the acts, limits and signals. A longer notice word is often a
    /// phrase (烧麦草, 私自打井): as one word it would hide the words inside it.
    pub fn words(&self) -> Vec<String> {
        let mut all: Vec<String> = self
            .synonyms
            .iter()
            .flat_map(|s| {
                let short = s.notice_word.chars().count() == 2;
                std::iter::once(s.list_word.clone()).chain(short.then(|| s.notice_word.clone()))
            })
            .chain(self.acts.iter().flat_map(|a| a.words.iter().cloned()))
            .chain(
                self.limits
                    .iter()
                    .flat_map(|l| std::iter::once(l.limit.clone()).chain(l.beyond.clone())),
            )
            .chain(
                self.signals
                    .iter()
                    .flat_map(|s| s.words.iter().flat_map(|w| w.split('…')))
                    .map(str::to_string),
            )
            .filter(|w| w.chars().count() >= 2)
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }
}

/// Where a signal word occurs in `line`: its first occurrence as (byte start, the text found).
/// "纳入…考核" finds 纳入 and then 考核 at most 12 characters on, in the same sentence.
pub fn find_signal(line: &str, word: &str) -> Option<(usize, String)> {
    let Some((head, tail)) = word.split_once('…') else {
        return line.find(word).map(|at| (at, word.to_string()));
    };
    for (at, _) in line.match_indices(head) {
        let rest = &line[at + head.len()..];
        let window: String = rest
            .chars()
            .take_while(|c| !"。；;！？!?".contains(*c))
            .take(12 + tail.chars().count())
            .collect();
        if let Some(end) = window.find(tail) {
            let found = format!("{head}{}", &window[..end + tail.len()]);
            return Some((at, found));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data_lines(text: &str) -> usize {
        text.lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .count()
    }

    #[test]
    fn the_data_files_read_whole() {
        let lexicon = Lexicon::builtin();
        // Every data line (not a comment) gave something: a typo such as a missing tab would
        // silently drop a line.
        for (name, text, columns) in [
            ("synonyms", SYNONYMS, 2),
            ("concepts", CONCEPTS, 4),
            ("acts", ACTS, 3),
            ("limits", LIMITS, 3),
            ("flags", FLAGS, 2),
        ] {
            let short: Vec<Vec<&str>> = lines(text).filter(|c| c.len() < columns).collect();
            assert!(short.is_empty(), "{name}: {short:?}");
        }
        assert_eq!(lexicon.acts.len(), data_lines(ACTS));
        assert_eq!(lexicon.signals.len(), data_lines(FLAGS));
        assert_eq!(lexicon.stop.len(), data_lines(STOP));
        assert!(lexicon.synonyms.len() > 300, "{}", lexicon.synonyms.len());
        assert!(
            lexicon
                .upper_verbs
                .iter()
                .any(|f| f.contains(&"处罚".to_string()))
        );
        assert!(
            lexicon
                .town_verbs
                .iter()
                .any(|f| f.contains(&"宣传".to_string()))
        );
        assert!(lexicon.signals.iter().any(|s| s.name == "签责任状"));
        assert!(lexicon.acts.iter().any(|a| a.kind == ActKind::Burden));
    }

    /// A concept is written for items whose text has its list word: one that does not would
    /// never match, and says the line was written against another version of the lists.
    #[test]
    fn every_concept_names_items_that_have_its_list_word() {
        let dataset = crate::Dataset::embedded().expect("data");
        let lexicon = Lexicon::builtin();
        let mut wrong = Vec::new();
        for s in lexicon.synonyms.iter().filter(|s| !s.items.is_empty()) {
            for id in &s.items {
                let Some(item) = dataset.items.iter().find(|i| &i.id == id) else {
                    wrong.push(format!("{id}: no such item ({})", s.list_word));
                    continue;
                };
                let text = crate::search::normalize_str(&format!(
                    "{}\n{}\n{}\n{}",
                    item.title,
                    item.category,
                    crate::model::duties_text(&item.upper_duties),
                    crate::model::duties_text(&item.town_duties)
                ));
                if !text.contains(&crate::search::normalize_str(&s.list_word)) {
                    wrong.push(format!("{id} has no {}", s.list_word));
                }
            }
        }
        wrong.dedup();
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn a_signal_in_two_parts_is_found_within_a_sentence() {
        assert_eq!(
            find_signal("完成情况纳入年度绩效考核。", "纳入…考核"),
            Some((12, "纳入年度绩效考核".to_string()))
        );
        assert_eq!(find_signal("纳入台账。年终考核", "纳入…考核"), None);
        assert_eq!(
            find_signal("签订责任状", "责任状"),
            Some((6, "责任状".to_string()))
        );
    }
}
