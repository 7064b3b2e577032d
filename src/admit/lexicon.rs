//! The word lists the matcher reads, kept as data in data/admit/ so the office that uses lvzhi
//! can see and correct them: synonyms (notice words → list words), the verbs that decide a
//! list, the burden signals, and the pairs of characters that are no evidence.

use rustc_hash::FxHashSet;

const SYNONYMS: &str = include_str!("../../data/admit/synonyms.tsv");
const VERBS: &str = include_str!("../../data/admit/verbs.tsv");
const FLAGS: &str = include_str!("../../data/admit/flags.tsv");
const STOP: &str = include_str!("../../data/admit/stop.txt");

/// A word of the notice's and the list word it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synonym {
    pub list_word: String,
    pub notice_word: String,
}

/// A burden signal and the notice words that raise it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signal {
    pub name: String,
    pub words: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Longest notice word first, so "烧秸秆" is read before "秸秆".
    pub synonyms: Vec<Synonym>,
    /// Families of verbs of the department's work (处罚/罚款/查处…, 审批/许可…) and of the
    /// town's (宣传, 排查…).
    pub upper_verbs: Vec<Vec<String>>,
    pub town_verbs: Vec<Vec<String>>,
    pub signals: Vec<Signal>,
    pub stop: FxHashSet<(char, char)>,
}

/// Lines of a data file without comments and blanks, split at the tab.
fn rows(text: &str) -> impl Iterator<Item = (&str, Vec<&str>)> {
    text.lines()
        .map(str::trim_end)
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            let (head, rest) = line.split_once('\t')?;
            let words = rest
                .split('、')
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .collect();
            Some((head.trim(), words))
        })
}

impl Lexicon {
    /// The lists built into lvzhi.
    pub fn builtin() -> Lexicon {
        let mut synonyms: Vec<Synonym> = rows(SYNONYMS)
            .flat_map(|(list_word, words)| {
                words.into_iter().map(move |w| Synonym {
                    list_word: list_word.to_string(),
                    notice_word: w.to_string(),
                })
            })
            .collect();
        synonyms.sort_by_key(|s| std::cmp::Reverse(s.notice_word.chars().count()));
        let mut upper_verbs = Vec::new();
        let mut town_verbs = Vec::new();
        for (class, words) in rows(VERBS) {
            let target = if class == "上级" {
                &mut upper_verbs
            } else {
                &mut town_verbs
            };
            target.push(words.into_iter().map(str::to_string).collect());
        }
        let signals = rows(FLAGS)
            .map(|(name, words)| Signal {
                name: name.to_string(),
                words: words.into_iter().map(str::to_string).collect(),
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
            upper_verbs,
            town_verbs,
            signals,
            stop,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_files_read_whole() {
        let lexicon = Lexicon::builtin();
        // Every data line (not a comment) gave something: a typo such as a missing tab would
        // silently drop a line.
        let lines = |text: &str| {
            text.lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
                .count()
        };
        assert_eq!(rows(SYNONYMS).count(), lines(SYNONYMS));
        assert_eq!(rows(FLAGS).count(), lines(FLAGS));
        assert_eq!(lexicon.stop.len(), lines(STOP));
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
    }
}
