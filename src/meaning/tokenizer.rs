//! XLM-RoBERTa's SentencePiece unigram tokenizer, as the model file carries it: each character
//! normalised by the file's map, runs of spaces made one, "▁" for a space and before the
//! text, then the pieces of highest total score (Viterbi), an unknown character scoring far
//! below every piece.

use rustc_hash::FxHashMap;

use super::format::Layout;

const METASPACE: char = '\u{2581}';

pub struct Tokenizer {
    ids: FxHashMap<Box<[u8]>, u32>,
    scores: Vec<f32>,
    normal: Vec<(u32, Vec<u32>)>,
    unk: u32,
    unk_score: f32,
    longest: usize,
}

impl Tokenizer {
    pub fn new(layout: &Layout, bytes: &[u8]) -> Tokenizer {
        let mut ids = FxHashMap::default();
        ids.reserve(layout.pieces.len());
        let mut longest = 1;
        for (id, &(at, len)) in layout.pieces.iter().enumerate() {
            if len == 0 {
                continue;
            }
            longest = longest.max(len);
            ids.entry(bytes[at..at + len].into()).or_insert(id as u32);
        }
        let lowest = layout.scores.iter().copied().fold(f32::INFINITY, f32::min);
        Tokenizer {
            ids,
            scores: layout.scores.clone(),
            normal: layout.normal.clone(),
            unk: layout.unk,
            unk_score: if lowest.is_finite() {
                lowest - 10.0
            } else {
                -10.0
            },
            longest,
        }
    }

    /// The text's pieces, without the sentence marks.
    pub fn pieces(&self, text: &str) -> Vec<u32> {
        let mut chars: Vec<char> = Vec::with_capacity(text.len() + 1);
        for c in text.chars() {
            match self
                .normal
                .binary_search_by_key(&(c as u32), |(from, _)| *from)
            {
                Ok(at) => chars.extend(self.normal[at].1.iter().filter_map(|&u| char::from_u32(u))),
                Err(_) => chars.push(c),
            }
        }
        chars.dedup_by(|b, a| *a == ' ' && *b == ' ');
        if chars.first() != Some(&' ') {
            chars.insert(0, ' ');
        }
        let mut buf = String::with_capacity(chars.len() * 3);
        let mut starts = Vec::with_capacity(chars.len() + 1);
        for c in chars {
            starts.push(buf.len());
            buf.push(if c == ' ' { METASPACE } else { c });
        }
        starts.push(buf.len());
        let bytes = buf.as_bytes();
        let n = starts.len() - 1;
        let mut best = vec![f32::NEG_INFINITY; n + 1];
        let mut back = vec![(0usize, self.unk); n + 1];
        best[0] = 0.0;
        for i in 0..n {
            if best[i] == f32::NEG_INFINITY {
                continue;
            }
            for e in i + 1..=n {
                let len = starts[e] - starts[i];
                if len > self.longest {
                    break;
                }
                if let Some(&id) = self.ids.get(&bytes[starts[i]..starts[e]]) {
                    let score = best[i] + self.scores[id as usize];
                    if id != self.unk && score > best[e] {
                        best[e] = score;
                        back[e] = (i, id);
                    }
                }
            }
            let unknown = best[i] + self.unk_score;
            if unknown > best[i + 1] {
                best[i + 1] = unknown;
                back[i + 1] = (i, self.unk);
            }
        }
        let mut out = Vec::new();
        let mut at = n;
        while at > 0 {
            let (from, id) = back[at];
            out.push(id);
            at = from;
        }
        out.reverse();
        out
    }
}
