//! Several towns' datasets seen as one, for a county office: every item in one run, town after
//! town, which the search engine and the list index; and which town each item is of. The items
//! stay in their towns' datasets: a province's are never held twice.

use std::ops::Range;

use crate::model::{Dataset, Item};

pub struct Towns {
    /// Each town as loaded; their items are numbered town after town, as one run.
    datasets: Vec<Dataset>,
    /// Where each town's items start in the run, and (last) how many there are in all.
    starts: Vec<usize>,
}

impl Towns {
    /// `datasets` must not be empty (there is always at least the embedded town).
    pub fn new(datasets: Vec<Dataset>) -> Towns {
        let mut starts = Vec::with_capacity(datasets.len() + 1);
        let mut total = 0;
        for dataset in &datasets {
            starts.push(total);
            total += dataset.items.len();
        }
        starts.push(total);
        Towns { datasets, starts }
    }

    /// Item `i` of the run.
    pub fn item(&self, i: usize) -> &Item {
        let town = self.town_of(i);
        &self.datasets[town].items[i - self.starts[town]]
    }

    /// Every item, town after town.
    pub fn items(&self) -> impl Iterator<Item = &Item> + Clone {
        self.datasets.iter().flat_map(|d| &d.items)
    }

    /// Items in all towns.
    pub fn item_count(&self) -> usize {
        self.starts.last().copied().unwrap_or(0)
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

    /// The town (index into `datasets`) of item `i` of the run.
    pub fn town_of(&self, item: usize) -> usize {
        self.starts[..self.datasets.len()]
            .partition_point(|&s| s <= item)
            .saturating_sub(1)
    }

    /// The dataset item `i` of the run belongs to.
    pub fn dataset_of(&self, item: usize) -> &Dataset {
        &self.datasets[self.town_of(item)]
    }

    /// Town `t`'s items in the run.
    pub fn range(&self, town: usize) -> Range<usize> {
        self.starts[town]..self.starts[town + 1]
    }

    /// What the header calls what is loaded: "六户地镇", or "玛纳斯县 3个乡镇" (the county when
    /// all are of one).
    pub fn label(&self) -> String {
        match self.datasets.as_slice() {
            [one] => one.town.clone(),
            many => {
                let county = &many[0].county;
                let same = many.iter().all(|d| d.county == *county);
                let county = if same { county.as_str() } else { "" };
                format!("{county} {}个乡镇", many.len()).trim().to_string()
            }
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
        assert_eq!(towns.item_count(), 262);
        assert_eq!(towns.item(252).id, towns.datasets()[1].items[0].id);
        assert_eq!(towns.items().count(), 262);
        assert_eq!(towns.town_of(0), 0);
        assert_eq!(towns.town_of(251), 0);
        assert_eq!(towns.town_of(252), 1);
        assert_eq!(towns.dataset_of(261).town, "乐土驿镇");
        assert_eq!(towns.range(1), 252..262);
        assert_eq!(towns.label(), "玛纳斯县 2个乡镇");
    }
}
