//! The naive baseline the matcher is measured against: tf-idf over character bigrams of the
//! whole item (title, category, both sides' duties), cosine similarity with the task, best item
//! first, and a threshold on the similarity. No fields, no synonyms, no verbs.

use rustc_hash::FxHashMap;

use crate::model::Dataset;
use crate::search::normalize_str;

type Vector = FxHashMap<(char, char), f32>;

pub struct Baseline {
    idf: FxHashMap<(char, char), f32>,
    items: Vec<Vector>,
}

fn bigram_counts(text: &str) -> FxHashMap<(char, char), f32> {
    let chars: Vec<char> = normalize_str(text).chars().collect();
    let mut counts: FxHashMap<(char, char), f32> = FxHashMap::default();
    for pair in chars.windows(2) {
        if pair[0].is_alphanumeric() && pair[1].is_alphanumeric() {
            *counts.entry((pair[0], pair[1])).or_default() += 1.0;
        }
    }
    counts
}

fn unit(mut v: Vector) -> Vector {
    let norm = v.values().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.values_mut().for_each(|x| *x /= norm);
    }
    v
}

impl Baseline {
    pub fn new(dataset: &Dataset) -> Baseline {
        let counts: Vec<_> = dataset
            .items
            .iter()
            .map(|item| {
                let mut text = format!("{}\n{}\n", item.title, item.category);
                for section in item.upper_duties.iter().chain(&item.town_duties) {
                    text.push_str(section.heading.as_deref().unwrap_or(""));
                    text.push('\n');
                    text.push_str(&section.steps.join("\n"));
                    text.push('\n');
                }
                bigram_counts(&text)
            })
            .collect();
        let mut df: FxHashMap<(char, char), f32> = FxHashMap::default();
        for c in &counts {
            for pair in c.keys() {
                *df.entry(*pair).or_default() += 1.0;
            }
        }
        let n = counts.len().max(1) as f32;
        let idf: FxHashMap<_, _> = df.into_iter().map(|(p, d)| (p, (n / d).ln())).collect();
        let items = counts
            .into_iter()
            .map(|c| unit(c.into_iter().map(|(p, tf)| (p, tf * idf[&p])).collect()))
            .collect();
        Baseline { idf, items }
    }

    /// Items by cosine similarity with `text`, best first: (item, similarity in 0..=1).
    pub fn rank(&self, text: &str) -> Vec<(usize, f32)> {
        let query = unit(
            bigram_counts(text)
                .into_iter()
                .filter_map(|(p, tf)| Some((p, tf * self.idf.get(&p)?)))
                .collect(),
        );
        let mut ranked: Vec<(usize, f32)> = self
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let dot = query
                    .iter()
                    .filter_map(|(p, q)| Some(q * item.get(p)?))
                    .sum::<f32>();
                (i, dot)
            })
            .filter(|&(_, s)| s > 0.0)
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
    }
}
