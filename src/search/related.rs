//! Items of the other lists that read alike: tf-idf over character bigrams of the title and the
//! duty text, compared by cosine. The basic duty on animal epidemics finds the cooperative item on
//! dogs and the recalled items on animal quarantine.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::model::Item;

/// How many related items an item shows, at most.
pub const MAX_RELATED: usize = 5;
/// Below this similarity two items are not related, however few others there are.
const MIN_SIMILARITY: f32 = 0.08;

pub struct Related {
    /// Per item, its normalised bigram weights.
    vectors: Vec<HashMap<u32, f32>>,
    /// Per bigram, the items that have it with their weights.
    postings: HashMap<u32, Vec<(u32, f32)>>,
    lists: Vec<crate::model::ListKind>,
}

impl Related {
    /// Over one town's items: only items of the same town are related, and how rare a pair
    /// of characters is is measured within the town.
    pub fn new(items: &[Item]) -> Related {
        let mut ids: HashMap<(char, char), u32> = HashMap::new();
        let counts: Vec<HashMap<u32, f32>> = items
            .iter()
            .map(|item| {
                let mut tf: HashMap<u32, f32> = HashMap::new();
                for pair in item_text(item).windows(2) {
                    if pair.iter().all(|c| c.is_alphanumeric()) {
                        let next = ids.len() as u32;
                        let id = *ids.entry((pair[0], pair[1])).or_insert(next);
                        *tf.entry(id).or_default() += 1.0;
                    }
                }
                tf
            })
            .collect();
        let mut df: HashMap<u32, f32> = HashMap::new();
        for tf in &counts {
            for id in tf.keys() {
                *df.entry(*id).or_default() += 1.0;
            }
        }
        let n = counts.len() as f32;
        let mut postings: HashMap<u32, Vec<(u32, f32)>> = HashMap::new();
        let vectors: Vec<HashMap<u32, f32>> = counts
            .into_iter()
            .enumerate()
            .map(|(i, tf)| {
                let mut v: HashMap<u32, f32> = tf
                    .into_iter()
                    .map(|(id, f)| (id, (1.0 + f.ln()) * (n / df[&id]).ln()))
                    .collect();
                let norm = v
                    .values()
                    .map(|w| w * w)
                    .sum::<f32>()
                    .sqrt()
                    .max(f32::EPSILON);
                v.values_mut().for_each(|w| *w /= norm);
                for (&id, &w) in &v {
                    postings.entry(id).or_default().push((i as u32, w));
                }
                v
            })
            .collect();
        Related {
            vectors,
            postings,
            lists: items.iter().map(|i| i.list).collect(),
        }
    }

    /// The items of other lists most like item `i`, most similar first.
    pub fn of(&self, i: usize) -> Vec<(usize, f32)> {
        let Some(vector) = self.vectors.get(i) else {
            return Vec::new();
        };
        let mut scores: HashMap<u32, f32> = HashMap::new();
        for (id, w) in vector {
            for &(other, w2) in &self.postings[id] {
                if self.lists[other as usize] != self.lists[i] {
                    *scores.entry(other).or_default() += w * w2;
                }
            }
        }
        let mut ranked: Vec<(usize, f32)> = scores
            .into_iter()
            .filter(|&(_, s)| s >= MIN_SIMILARITY)
            .map(|(o, s)| (o as usize, s))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(MAX_RELATED);
        ranked
    }
}

/// Related items of many towns, each town's table made when one of its items is first asked
/// about: a province's thousand towns cost nothing until an item is on screen.
#[derive(Default)]
pub struct ByTown {
    tables: RefCell<HashMap<usize, Rc<Related>>>,
}

impl ByTown {
    /// The items related to `item`, of the town whose `len` items are numbered from `start` on
    /// in the run (`item` and what is returned are numbers in the run); `town` gives its items
    /// the first time one of them is asked about.
    pub fn of<'a>(
        &self,
        start: usize,
        len: usize,
        item: usize,
        town: impl FnOnce() -> std::borrow::Cow<'a, [Item]>,
    ) -> Vec<(usize, f32)> {
        if !(start..start + len).contains(&item) {
            return Vec::new();
        }
        let table = Rc::clone(
            self.tables
                .borrow_mut()
                .entry(start)
                .or_insert_with(|| Rc::new(Related::new(&town()))),
        );
        table
            .of(item - start)
            .into_iter()
            .map(|(i, s)| (i + start, s))
            .collect()
    }
}

fn item_text(item: &Item) -> Vec<char> {
    let mut text: Vec<char> = item.title.chars().collect();
    for section in item.upper_duties.iter().chain(&item.town_duties) {
        for step in &section.steps {
            text.push(' ');
            text.extend(step.chars());
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn animal_epidemics_dogs_and_quarantine_are_related() {
        let dataset = crate::model::Dataset::embedded().unwrap();
        let related = Related::new(&dataset.items);
        let id = |i: usize| dataset.items[i].id.as_str();
        let index = |id: &str| dataset.items.iter().position(|i| i.id == id).unwrap();
        let of_basic44: Vec<&str> = related
            .of(index("basic-44"))
            .iter()
            .map(|&(i, _)| id(i))
            .collect();
        assert!(of_basic44.contains(&"coop-19"), "{of_basic44:?}");
        assert!(
            of_basic44
                .iter()
                .any(|r| ["recalled-6", "recalled-7", "recalled-8"].contains(r)),
            "{of_basic44:?}"
        );
        assert!(of_basic44.iter().all(|r| !r.starts_with("basic")));
        assert!(of_basic44.len() <= MAX_RELATED);
    }
}
