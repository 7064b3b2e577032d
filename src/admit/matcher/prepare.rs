//! Preparing a town's items for matching, once per town: each field's characters and word
//! edges, where every pair of characters occurs and how rare it is, and the names that say who
//! or where rather than what.

use rustc_hash::FxHashMap;

use super::{Field, Matcher, Posting, wordy};
use crate::admit::lexicon::Lexicon;
use crate::admit::words::{self, Segmenter};
use crate::model::{Dataset, Section};
use crate::search::normalize_str;

impl Matcher {
    pub fn new(dataset: &Dataset, lexicon: Lexicon) -> Matcher {
        let fields: Vec<Vec<(Field, Vec<char>)>> = dataset
            .items
            .iter()
            .map(|item| {
                [
                    (Field::Title, item.title.clone()),
                    (Field::Category, item.category.clone()),
                    (Field::Upper, sections_text(&item.upper_duties)),
                    (Field::Town, sections_text(&item.town_duties)),
                ]
                .into_iter()
                .map(|(field, text)| (field, normalize_str(&text).chars().collect()))
                .collect()
            })
            .collect();
        let names = department_words(dataset);
        let edges = field_edges(&fields, &names);
        let (postings, idf) = pair_index(&fields, &lexicon.stop);
        Matcher {
            departments: generic_names(dataset),
            edges,
            ids: dataset.items.iter().map(|i| i.id.clone()).collect(),
            names,
            fields,
            postings,
            idf,
            titles: dataset
                .items
                .iter()
                .map(|i| normalize_str(&i.title))
                .collect(),
            lexicon,
        }
    }
}

fn sections_text(sections: &[Section]) -> String {
    let mut text = String::new();
    for section in sections {
        if let Some(heading) = &section.heading {
            text.push_str(heading);
            text.push('\n');
        }
        for step in &section.steps {
            text.push_str(step);
            text.push('\n');
        }
    }
    text
}

/// Where the words of every item's fields start and end, a county's department names included.
fn field_edges(fields: &[Vec<(Field, Vec<char>)>], names: &[Vec<char>]) -> Vec<Vec<Vec<bool>>> {
    let segmenter = Segmenter::shared();
    fields
        .iter()
        .map(|item_fields| {
            item_fields
                .iter()
                .map(|(_, chars)| {
                    let text: String = chars.iter().collect();
                    let mut edges = segmenter.edges(&text);
                    for name in names {
                        words::mark_word(chars, &mut edges, name);
                    }
                    edges
                })
                .collect()
        })
        .collect()
}

type PairIndex = (
    FxHashMap<(char, char), Vec<Posting>>,
    FxHashMap<(char, char), f32>,
);

/// Where each pair of characters occurs (item, field, position), and how rare it is among the
/// items (idf; 0 for a stop pair).
fn pair_index(
    fields: &[Vec<(Field, Vec<char>)>],
    stop: &rustc_hash::FxHashSet<(char, char)>,
) -> PairIndex {
    let mut postings: FxHashMap<(char, char), Vec<Posting>> = FxHashMap::default();
    let mut df: FxHashMap<(char, char), u32> = FxHashMap::default();
    for (item, item_fields) in fields.iter().enumerate() {
        let mut seen = rustc_hash::FxHashSet::default();
        for (f, (_, chars)) in item_fields.iter().enumerate() {
            for (pos, pair) in chars.windows(2).enumerate() {
                if !(wordy(pair[0]) && wordy(pair[1])) {
                    continue;
                }
                let pair = (pair[0], pair[1]);
                postings
                    .entry(pair)
                    .or_default()
                    .push((item as u32, f as u8, pos as u32));
                if seen.insert(pair) {
                    *df.entry(pair).or_default() += 1;
                }
            }
        }
    }
    let n = fields.len().max(1) as f32;
    let idf = df
        .into_iter()
        .map(|(pair, df)| {
            let weight = if stop.contains(&pair) {
                0.0
            } else {
                (n / df as f32).ln()
            };
            (pair, weight)
        })
        .collect();
    (postings, idf)
}

/// Names that say who or where, not what: the departments without the county ("水利局") and
/// the town's own name, which is in many items ("六户地镇配合职责") and every notice to it.
fn generic_names(dataset: &Dataset) -> Vec<String> {
    let mut names: Vec<String> = dataset
        .items
        .iter()
        .flat_map(|i| i.departments.iter())
        .map(|d| {
            let name = normalize_str(d);
            let short = name.rsplit_once('县').map_or(name.as_str(), |(_, s)| s);
            short.to_string()
        })
        .filter(|d| d.chars().count() >= 2)
        .collect();
    let town = normalize_str(&dataset.town);
    names.push(town.trim_end_matches(['镇', '乡']).to_string());
    names.push(town);
    names.sort_unstable();
    names.dedup();
    names
}

/// The departments of a town's items as words the segmenter cannot know: "玛纳斯县林业和草原局"
/// whole, and without the county ("林业和草原局").
fn department_words(dataset: &Dataset) -> Vec<Vec<char>> {
    let mut names: Vec<Vec<char>> = dataset
        .items
        .iter()
        .flat_map(|i| i.departments.iter())
        .flat_map(|d| {
            let name = normalize_str(d);
            let short = name.rsplit_once('县').map(|(_, s)| s.to_string());
            std::iter::once(name).chain(short)
        })
        .filter(|n| n.chars().count() >= 3)
        .map(|n| n.chars().collect())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}
