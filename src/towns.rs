//! Several towns' datasets seen as one, for a county office: every item in one run, town after
//! town, which the search engine and the list index; and which town each item is of. The items
//! stay in their towns' datasets: a province's are never held twice.

use std::borrow::Cow;
use std::ops::Range;

use crate::cache::items::ItemStore;
use crate::model::{Dataset, Item, ListKind};

pub struct Towns {
    /// Each town as loaded; their items are numbered town after town, as one run. A province
    /// read from the cache file keeps here only the towns' names: its items are in `stored`.
    datasets: Vec<Dataset>,
    /// Where each town's items start in the run, and (last) how many there are in all.
    starts: Vec<usize>,
    /// The items read in place from the cache file, decoded when asked for (issue 29).
    stored: Option<ItemStore>,
}

impl Towns {
    /// `datasets` must not be empty (there is always at least the embedded town).
    pub fn new(datasets: Vec<Dataset>) -> Towns {
        let counts = datasets.iter().map(|d| d.items.len()).collect::<Vec<_>>();
        Towns::numbered(datasets, counts, None)
    }

    /// Towns whose items are in `store`: `heads` pairs each town (names only) with its count.
    pub fn stored(heads: Vec<(Dataset, usize)>, store: ItemStore) -> Towns {
        let (datasets, counts) = heads.into_iter().unzip();
        Towns::numbered(datasets, counts, Some(store))
    }

    fn numbered(datasets: Vec<Dataset>, counts: Vec<usize>, stored: Option<ItemStore>) -> Towns {
        let mut starts = Vec::with_capacity(counts.len() + 1);
        let mut total = 0;
        for count in counts {
            starts.push(total);
            total += count;
        }
        starts.push(total);
        Towns {
            datasets,
            starts,
            stored,
        }
    }

    /// Item `i` of the run: borrowed, or decoded from the cache file.
    pub fn item(&self, i: usize) -> Cow<'_, Item> {
        let town = self.town_of(i);
        match &self.stored {
            None => Cow::Borrowed(&self.datasets[town].items[i - self.starts[town]]),
            Some(store) => Cow::Owned(store.item(i).unwrap_or_else(|| unreadable(i))),
        }
    }

    /// Item `i`'s list, without decoding it.
    pub fn list_of(&self, i: usize) -> ListKind {
        match &self.stored {
            None => self.item(i).list,
            Some(store) => store.list(i),
        }
    }

    /// Every item, town after town.
    pub fn items(&self) -> impl Iterator<Item = Cow<'_, Item>> + Clone {
        (0..self.item_count()).map(|i| self.item(i))
    }

    /// Items in all towns.
    pub fn item_count(&self) -> usize {
        self.starts.last().copied().unwrap_or(0)
    }

    /// The towns' names (town, county, prefecture, source). Their items are `item`'s and
    /// `dataset`'s to give: a province read from the cache holds none here.
    pub fn heads(&self) -> &[Dataset] {
        &self.datasets
    }

    /// Town `t` whole, with its items.
    pub fn dataset(&self, town: usize) -> Cow<'_, Dataset> {
        let head = &self.datasets[town];
        match &self.stored {
            None => Cow::Borrowed(head),
            Some(_) => Cow::Owned(Dataset {
                items: self
                    .range(town)
                    .map(|i| self.item(i).into_owned())
                    .collect(),
                ..head.clone()
            }),
        }
    }

    /// Town `t`'s items: borrowed, or decoded from the cache file.
    pub fn town_items(&self, town: usize) -> Cow<'_, [Item]> {
        match self.dataset(town) {
            Cow::Borrowed(dataset) => Cow::Borrowed(&dataset.items),
            Cow::Owned(dataset) => Cow::Owned(dataset.items),
        }
    }

    /// How many of town `t`'s items are in `list`, without decoding them.
    pub fn count(&self, town: usize, list: ListKind) -> usize {
        self.range(town)
            .filter(|&i| self.list_of(i) == list)
            .count()
    }

    /// Every town whole, with its items (decoded, for a province read from the cache).
    pub fn datasets(&self) -> impl Iterator<Item = Cow<'_, Dataset>> {
        (0..self.len()).map(|t| self.dataset(t))
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

    /// The town (index into `heads`) of item `i` of the run.
    pub fn town_of(&self, item: usize) -> usize {
        self.starts[..self.datasets.len()]
            .partition_point(|&s| s <= item)
            .saturating_sub(1)
    }

    /// The names of the town item `i` of the run belongs to.
    pub fn head_of(&self, item: usize) -> &Dataset {
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

/// What stands for an item whose record cannot be read (a cache file written wrong that still
/// passed its checks): an empty item under a name that says so, never a panic.
fn unreadable(i: usize) -> Item {
    Item {
        id: format!("basic-{}", i + 1),
        list: ListKind::Basic,
        no: i as u32 + 1,
        category: String::new(),
        title: "（缓存文件中此事项无法读取，请删除缓存后重新启动）".into(),
        departments: Vec::new(),
        upper_duties: Vec::new(),
        town_duties: Vec::new(),
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
        assert_eq!(towns.item(252).id, towns.dataset(1).items[0].id);
        assert_eq!(towns.items().count(), 262);
        assert_eq!(towns.town_of(0), 0);
        assert_eq!(towns.town_of(251), 0);
        assert_eq!(towns.town_of(252), 1);
        assert_eq!(towns.head_of(261).town, "乐土驿镇");
        assert_eq!(towns.range(1), 252..262);
        assert_eq!(towns.label(), "玛纳斯县 2个乡镇");
    }
}
