//! The dataset schema, each item with its `review` (or null).

use serde::Serialize;

use crate::model::{Dataset, Item};
use crate::review::Review;

use super::Town;

#[derive(Serialize)]
struct Export<'a> {
    town: &'a str,
    county: &'a str,
    prefecture: &'a str,
    source: &'a str,
    items: Vec<ExportItem<'a>>,
}

#[derive(Serialize)]
struct ExportItem<'a> {
    #[serde(flatten)]
    item: &'a Item,
    review: Option<ReviewJson<'a>>,
}

#[derive(Serialize)]
struct ReviewJson<'a> {
    /// agree, dispute, change, check, or null.
    status: Option<&'static str>,
    note: &'a str,
    reviewer: &'a str,
    updated_at: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    draft: Option<&'a str>,
}

/// One town as an object; several as an array of them.
pub fn render(towns: &[Town]) -> String {
    let exports: Vec<Export> = towns
        .iter()
        .map(|(dataset, items)| export(dataset, items))
        .collect();
    let mut json = match exports.as_slice() {
        [one] => crate::inert::json_pretty(one),
        many => crate::inert::json_pretty(many),
    };
    json.push('\n');
    json
}

fn export<'a>(dataset: &'a Dataset, items: &[(&'a Item, Option<&'a Review>)]) -> Export<'a> {
    Export {
        town: &dataset.town,
        county: &dataset.county,
        prefecture: &dataset.prefecture,
        source: &dataset.source,
        items: items
            .iter()
            .map(|&(item, review)| ExportItem {
                item,
                review: review.map(|r| ReviewJson {
                    status: r.status.map(|s| s.key()),
                    note: &r.note,
                    reviewer: &r.reviewer,
                    updated_at: &r.updated_at,
                    draft: r.draft.as_deref(),
                }),
            })
            .collect(),
    }
}
