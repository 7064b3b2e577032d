//! Precedent: the register is the town's memory. A task like one already recorded (the same
//! department, much the same words) is shown with what was decided then, and a decision a
//! person made (a verdict or an item changed from lvzhi's) outweighs the lexical match.

use rustc_hash::FxHashSet;
use serde::Serialize;

use super::Verdict;

/// A task recorded before, as the register keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub number: i64,
    /// The date it was received (YYYY-MM-DD).
    pub received: String,
    pub source: String,
    pub task: String,
    pub verdict: Verdict,
    pub item: String,
    /// Who decided the verdict and item, when a person did (rather than taking lvzhi's).
    pub decided_by: Option<String>,
}

/// A recorded task found like the one being read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Precedent {
    pub number: i64,
    pub received: String,
    pub source: String,
    pub task: String,
    pub verdict: Verdict,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub item: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
    /// How alike the two tasks' words are, 0..=1.
    pub similarity: f32,
}

/// Tasks this alike (Dice over their pairs of characters) are the same task asked again…
pub const ALIKE: f32 = 0.5;
/// …and from the same department, less alike will do: it asks in its own words each time
/// ("打狂犬病疫苗，逐户登记" and "注射狂犬疫苗，登记造册"). Such a precedent is shown; it decides
/// the task only when the matcher also finds its item (`Admitter::assess`).
pub const ALIKE_SAME_SOURCE: f32 = 0.25;

/// Characters that join words: a pair with one says nothing of the task.
const JOINING: &str = "的了和与及或对在于把被是由向从以其等之为也所而且就都请各要将并";

/// The pairs of characters that say what a task is about: Chinese, not the office's own
/// vocabulary (stop pairs), not joined by a particle. Pairs rather than words: a paraphrase
/// keeps pairs (狂犬, 疫苗, 登记) where its words differ (狂犬病 and 狂犬, 登记 and 登记造册).
fn content_pairs(text: &str, stop: &FxHashSet<(char, char)>) -> FxHashSet<(char, char)> {
    let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c) && !JOINING.contains(c);
    let chars: Vec<char> = crate::search::normalize_str(text).chars().collect();
    chars
        .windows(2)
        .map(|w| (w[0], w[1]))
        .filter(|&(a, b)| han(a) && han(b) && !stop.contains(&(a, b)))
        .collect()
}

fn dice(a: &FxHashSet<(char, char)>, b: &FxHashSet<(char, char)>) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    2.0 * a.intersection(b).count() as f32 / (a.len() + b.len()) as f32
}

/// The most alike recorded task, if any is alike enough: a person's decision before lvzhi's,
/// then the more alike, then the newer.
pub fn find(
    task: &str,
    source: Option<&str>,
    recorded: &[Recorded],
    stop: &FxHashSet<(char, char)>,
) -> Option<Precedent> {
    if recorded.is_empty() {
        return None;
    }
    let pairs = content_pairs(task, stop);
    recorded
        .iter()
        .filter_map(|r| {
            let similarity = dice(&pairs, &content_pairs(&r.task, stop));
            let same_source = source.is_some_and(|s| !s.is_empty() && s == r.source);
            let needed = if same_source {
                ALIKE_SAME_SOURCE
            } else {
                ALIKE
            };
            (similarity >= needed).then(|| Precedent {
                number: r.number,
                received: r.received.clone(),
                source: r.source.clone(),
                task: r.task.clone(),
                verdict: r.verdict,
                item: r.item.clone(),
                decided_by: r.decided_by.clone(),
                similarity: (similarity * 100.0).round() / 100.0,
            })
        })
        .max_by(|a, b| {
            (a.decided_by.is_some(), a.similarity, a.number)
                .partial_cmp(&(b.decided_by.is_some(), b.similarity, b.number))
                .unwrap_or(std::cmp::Ordering::Equal)
        })
}

impl Precedent {
    /// "上次（11月25日，县农业农村局）类似任务 → 收回 recalled-6（张三改定）".
    pub fn line(&self) -> String {
        let day = match self.received.split('-').collect::<Vec<_>>().as_slice() {
            [_, m, d] => format!(
                "{}月{}日",
                m.trim_start_matches('0'),
                d.trim_start_matches('0')
            ),
            _ => self.received.clone(),
        };
        let item = if self.item.is_empty() {
            String::new()
        } else {
            format!(" {}", self.item)
        };
        let by = match &self.decided_by {
            Some(who) => format!("（{who}改定）"),
            None => "（按 lvzhi 的建议登记，无人改过）".to_string(),
        };
        format!(
            "上次（{day}，{}）类似任务 → {}{item}{by}，登记第 {} 号",
            self.source,
            self.verdict.label(),
            self.number
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recorded(task: &str, source: &str, decided_by: Option<&str>) -> Recorded {
        Recorded {
            number: 7,
            received: "2026-11-25".into(),
            source: source.into(),
            task: task.into(),
            verdict: Verdict::Recalled,
            item: "recalled-6".into(),
            decided_by: decided_by.map(str::to_string),
        }
    }

    #[test]
    fn a_paraphrase_of_a_recorded_task_finds_it() {
        let stop = super::super::Lexicon::builtin().stop;
        let before = [recorded(
            "请各乡镇对春季出栏的牛羊开展现场检疫，出具检疫合格证明",
            "玛纳斯县农业农村局",
            Some("张三"),
        )];
        let found = find(
            "春季出栏牛羊由乡镇现场检疫并出具合格证明",
            Some("玛纳斯县农业农村局"),
            &before,
            &stop,
        )
        .expect("alike");
        assert_eq!(found.item, "recalled-6");
        assert_eq!(
            found.line(),
            "上次（11月25日，玛纳斯县农业农村局）类似任务 → 收回 recalled-6（张三改定），登记第 7 号"
        );
        assert!(find("组织干部参加马拉松比赛", None, &before, &stop).is_none());
    }
}
