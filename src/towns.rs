//! Several towns' datasets seen as one, for a county office: every item in one run, town after
//! town, which the search engine and the list index; and which town each item is of.

use std::ops::Range;

use crate::model::Dataset;

pub struct Towns {
    datasets: Vec<Dataset>,
    /// Every town's items, town after town; with one town, that town's dataset itself.
    combined: Dataset,
    /// Where each town's items start in `combined`.
    starts: Vec<usize>,
}

impl Towns {
    /// `datasets` must not be empty (there is always at least the embedded town).
    pub fn new(datasets: Vec<Dataset>) -> Towns {
        let mut starts = Vec::with_capacity(datasets.len());
        let combined = match datasets.as_slice() {
            [one] => {
                starts.push(0);
                one.clone()
            }
            many => {
                let mut items = Vec::new();
                for dataset in many {
                    starts.push(items.len());
                    items.extend(dataset.items.iter().cloned());
                }
                let first = &many[0];
                let same_county = many.iter().all(|d| d.county == first.county);
                Dataset {
                    town: format!("{}个乡镇", many.len()),
                    county: if same_county {
                        first.county.clone()
                    } else {
                        String::new()
                    },
                    prefecture: first.prefecture.clone(),
                    source: String::new(),
                    items,
                }
            }
        };
        Towns {
            datasets,
            combined,
            starts,
        }
    }

    /// All items, town after town.
    pub fn combined(&self) -> &Dataset {
        &self.combined
    }

    pub fn datasets(&self) -> &[Dataset] {
        &self.datasets
    }

    pub fn len(&self) -> usize {
        self.datasets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.datasets.is_empty()
    }

    pub fn several(&self) -> bool {
        self.datasets.len() > 1
    }

    /// The town (index into `datasets`) of item `i` of `combined`.
    pub fn town_of(&self, item: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= item)
            .saturating_sub(1)
    }

    /// The dataset item `i` of `combined` belongs to.
    pub fn dataset_of(&self, item: usize) -> &Dataset {
        &self.datasets[self.town_of(item)]
    }

    /// Town `t`'s items in `combined`.
    pub fn range(&self, town: usize) -> Range<usize> {
        let end = self
            .starts
            .get(town + 1)
            .copied()
            .unwrap_or(self.combined.items.len());
        self.starts[town]..end
    }

    /// What the header calls what is loaded: "六户地镇", or "玛纳斯县 3个乡镇".
    pub fn label(&self) -> String {
        if self.several() {
            format!("{} {}", self.combined.county, self.combined.town)
                .trim()
                .to_string()
        } else {
            self.combined.town.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_know_their_town() {
        let a = Dataset::embedded().unwrap();
        let mut b = a.clone();
        b.town = "乐土驿镇".into();
        b.items.truncate(10);
        let towns = Towns::new(vec![a, b]);
        assert_eq!(towns.combined().items.len(), 262);
        assert_eq!(towns.town_of(0), 0);
        assert_eq!(towns.town_of(251), 0);
        assert_eq!(towns.town_of(252), 1);
        assert_eq!(towns.dataset_of(261).town, "乐土驿镇");
        assert_eq!(towns.range(1), 252..262);
        assert_eq!(towns.label(), "玛纳斯县 2个乡镇");
    }
}
