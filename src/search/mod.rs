//! Filtering and ranking items for a query, with the matched characters of every field so the
//! list and the detail can highlight them. Knows nothing of the terminal.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::model::{Dataset, Item, Section};

/// Which duty column of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    Upper,
    Town,
}

/// A field of an item that can carry highlights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Title,
    Category,
    Department(usize),
    Heading(Side, usize),
    Step(Side, usize, usize),
}

/// One matching item: its index in the dataset, its score, and the matched character indices
/// (in `char`s, sorted, unique) of each field that matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub item: usize,
    pub score: i64,
    pub matches: Vec<(Field, Vec<usize>)>,
}

impl Hit {
    /// The matched character indices of one field, if it matched.
    pub fn positions(&self, field: Field) -> &[usize] {
        self.matches
            .iter()
            .find(|(f, _)| *f == field)
            .map_or(&[], |(_, p)| p.as_slice())
    }
}

/// Weights by field: a title match outranks a department match, which outranks the duty text.
const TITLE_WEIGHT: i64 = 4;
const DEPARTMENT_WEIGHT: i64 = 3;
const CATEGORY_WEIGHT: i64 = 2;
const DUTY_WEIGHT: i64 = 1;

/// The search engine over one dataset, built once at load.
pub struct Engine {
    matcher: SkimMatcherV2,
    /// Per item, every searchable field with its lower-cased text.
    fields: Vec<Vec<(Field, String)>>,
    title_len: Vec<usize>,
}

impl Engine {
    pub fn new(dataset: &Dataset) -> Engine {
        Engine {
            matcher: SkimMatcherV2::default().ignore_case(),
            fields: dataset.items.iter().map(item_fields).collect(),
            title_len: dataset
                .items
                .iter()
                .map(|i| i.title.chars().count())
                .collect(),
        }
    }

    /// Every item matching all whitespace-separated terms, best first; among equal scores the
    /// shorter title (the more specific match) first, then list order.
    /// An empty query matches everything, unranked.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        let terms: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        let mut hits: Vec<Hit> = (0..self.fields.len())
            .filter_map(|item| self.score_item(item, &terms))
            .collect();
        if !terms.is_empty() {
            hits.sort_by_key(|h| (std::cmp::Reverse(h.score), self.title_len[h.item], h.item));
        }
        hits
    }

    fn score_item(&self, item: usize, terms: &[String]) -> Option<Hit> {
        let mut hit = Hit {
            item,
            score: 0,
            matches: Vec::new(),
        };
        for term in terms {
            let mut best = None;
            for (field, text) in &self.fields[item] {
                let Some((score, positions)) = self.match_field(*field, text, term) else {
                    continue;
                };
                best = best.max(Some(score));
                add_positions(&mut hit.matches, *field, positions);
            }
            hit.score += best?;
        }
        Some(hit)
    }

    /// Short fields match fuzzily; the long duty text only contiguously, where scattered
    /// characters would match almost anything.
    fn match_field(&self, field: Field, text: &str, term: &str) -> Option<(i64, Vec<usize>)> {
        let weight = match field {
            Field::Title => TITLE_WEIGHT,
            Field::Department(_) => DEPARTMENT_WEIGHT,
            Field::Category => CATEGORY_WEIGHT,
            Field::Heading(..) | Field::Step(..) => DUTY_WEIGHT,
        };
        if weight == DUTY_WEIGHT {
            let len = term.chars().count();
            let positions: Vec<usize> = text
                .match_indices(term)
                .flat_map(|(at, _)| {
                    let start = text[..at].chars().count();
                    start..start + len
                })
                .collect();
            if positions.is_empty() {
                return None;
            }
            let score = self.matcher.fuzzy_match(term, term).unwrap_or(1);
            return Some((score * weight, positions));
        }
        let (score, positions) = self.matcher.fuzzy_indices(text, term)?;
        Some((score * weight, positions))
    }
}

fn add_positions(matches: &mut Vec<(Field, Vec<usize>)>, field: Field, positions: Vec<usize>) {
    match matches.iter_mut().find(|(f, _)| *f == field) {
        Some((_, existing)) => {
            existing.extend(positions);
            existing.sort_unstable();
            existing.dedup();
        }
        None => matches.push((field, positions)),
    }
}

fn item_fields(item: &Item) -> Vec<(Field, String)> {
    let mut fields = vec![
        (Field::Title, item.title.to_lowercase()),
        (Field::Category, item.category.to_lowercase()),
    ];
    for (i, name) in item.departments.iter().enumerate() {
        fields.push((Field::Department(i), name.to_lowercase()));
    }
    for (side, sections) in [
        (Side::Upper, &item.upper_duties),
        (Side::Town, &item.town_duties),
    ] {
        push_sections(&mut fields, side, sections);
    }
    fields
}

fn push_sections(fields: &mut Vec<(Field, String)>, side: Side, sections: &[Section]) {
    for (s, section) in sections.iter().enumerate() {
        if let Some(heading) = &section.heading {
            fields.push((Field::Heading(side, s), heading.to_lowercase()));
        }
        for (i, step) in section.steps.iter().enumerate() {
            fields.push((Field::Step(side, s, i), step.to_lowercase()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine() -> (Dataset, Engine) {
        let dataset = Dataset::embedded().unwrap();
        let engine = Engine::new(&dataset);
        (dataset, engine)
    }

    #[test]
    fn an_empty_query_keeps_every_item_in_order() {
        let (dataset, engine) = engine();
        let hits = engine.search("  ");
        assert_eq!(hits.len(), dataset.items.len());
        assert!(hits.iter().enumerate().all(|(i, h)| h.item == i));
    }

    #[test]
    fn a_title_match_ranks_first_and_carries_its_positions() {
        let (dataset, engine) = engine();
        let hits = engine.search("犬");
        let first = &dataset.items[hits[0].item];
        assert_eq!(first.id, "coop-19");
        assert_eq!(hits[0].positions(Field::Title), [3]);
        assert!(hits.iter().any(|h| dataset.items[h.item].id == "basic-44"));
    }

    #[test]
    fn every_term_must_match() {
        let (dataset, engine) = engine();
        let hits = engine.search("高龄 追缴");
        let ids: Vec<&str> = hits
            .iter()
            .map(|h| dataset.items[h.item].id.as_str())
            .collect();
        assert_eq!(ids, ["recalled-2"]);
    }
}
