//! `edgeguard_pool`: the student's first stage as one tract operator. For each window it looks up
//! the 4-bit embedding row of every token, dequantizes it, and pools the rows two ways at once:
//! their mean, and one softmax-weighted sum per attention head (the head's logit of a token is its
//! dequantized row times the head's query). Padding (`pad`) takes part in neither.
//!
//! In standard operators this is three gathers, a cast, a softmax and a batched product over a
//! `[windows, tokens, width]` float tensor; fused, it reads each token's 128 bytes once and keeps
//! only `(1 + heads) * width` sums per window.

use tract_nnef::internal::*;

/// Inputs: `ids` `[batch, tokens]` (i64); `table`, either `[vocab, width / 2]` of u8 (4 bits: two
/// codes per byte, the low nibble for column `j` and the high one for column `j + width / 2`, each
/// `code - 8` times the row's scale) or `[vocab, width]` of i8 (8 bits: each value times the row's
/// scale); `scale` `[vocab]` (f32); `query` `[width, heads]` (f32). Output:
/// `[batch, (1 + heads) * width]` (f32): the mean row, then each head's pooled row.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub(crate) struct TokenPool {
    /// The padding id.
    pub(crate) pad: i64,
}

/// The zero point of a 4-bit code.
const CODE_ZERO: i32 = 8;

impl Op for TokenPool {
    fn name(&self) -> StaticName {
        "EdgeguardPool".into()
    }
    op_as_typed_op!();
}

impl EvalOp for TokenPool {
    op_out_of_plan!();

    fn eval(&self, _ctx: &EvalContext, inputs: TVec<TValue>) -> TractResult<TVec<TValue>> {
        let (ids, table, scale, query) = args_4!(inputs);
        let ids = ids.cast_to::<i64>()?;
        let (batch, tokens) = (ids.shape()[0], ids.shape()[1]);
        let (vocab, columns) = (table.shape()[0], table.shape()[1]);
        let (width, heads) = (query.shape()[0], query.shape()[1]);
        let rows_of = Rows::of(&table)?;
        let ids = ids.try_as_plain_ram()?.as_slice::<i64>()?;
        let scale = scale.try_as_plain_ram()?.as_slice::<f32>()?;
        let query = query.try_as_plain_ram()?.as_slice::<f32>()?;
        // Queries as rows, one per head, for contiguous dot products.
        let mut queries = vec![0f32; heads * width];
        for (i, q) in query.iter().enumerate() {
            queries[(i % heads) * width + i / heads] = *q;
        }
        let features = (1 + heads) * width;
        let mut out = vec![0f32; batch * features];
        let mut rows = vec![0f32; tokens * width];
        let mut logits = vec![0f32; tokens * heads];
        let mut row_ids = Vec::with_capacity(tokens);
        for (b, pooled) in out.chunks_exact_mut(features).enumerate() {
            row_ids.clear();
            for &id in &ids[b * tokens..(b + 1) * tokens] {
                if id != self.pad {
                    row_ids.push(usize::try_from(id).ok().filter(|&i| i < vocab).ok_or_else(
                        || format_err!("token id {id} outside the vocabulary of {vocab}"),
                    )?);
                }
            }
            let pad_only = row_ids.is_empty();
            if pad_only {
                // Every position is padding: the mean is zero and every head's softmax is uniform
                // over the padding row, as the masked softmax of the unfused graph gives.
                if tokens == 0 {
                    continue;
                }
                row_ids.push(
                    usize::try_from(self.pad)
                        .ok()
                        .filter(|&i| i < vocab)
                        .context("padding id outside the vocabulary")?,
                );
            }
            let window = Window {
                rows_of: &rows_of,
                columns,
                width,
                heads,
                scale,
                queries: &queries,
                ids: &row_ids,
                mean: !pad_only,
            };
            window.pool(&mut rows, &mut logits, pooled);
        }
        Ok(tvec!(
            Tensor::from_shape(&[batch, features], &out)?.into_tvalue()
        ))
    }
}

/// One window's resolved token rows, pooled by [`Window::pool`].
struct Window<'a> {
    rows_of: &'a Rows<'a>,
    /// Stored columns per row.
    columns: usize,
    width: usize,
    heads: usize,
    scale: &'a [f32],
    /// `[heads, width]`.
    queries: &'a [f32],
    /// Row of each token, padding left out.
    ids: &'a [usize],
    /// Whether the mean pool is taken (not for a window of padding only, whose mean is zero).
    mean: bool,
}

impl Window<'_> {
    /// Writes the mean and the head pools into `pooled` (`(1 + heads) * width`, zeroed), with
    /// `rows` (`tokens * width`) and `logits` (`tokens * heads`) as scratch. Compiled for AVX2
    /// too, and the variant chosen at run time where the CPU has it.
    fn pool(&self, rows: &mut [f32], logits: &mut [f32], pooled: &mut [f32]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2 (checked just above), the only requirement of the
            // `target_feature` function.
            unsafe { self.pool_avx2(rows, logits, pooled) };
            return;
        }
        self.pool_portable(rows, logits, pooled);
    }

    /// # Safety
    /// The CPU must have AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn pool_avx2(&self, rows: &mut [f32], logits: &mut [f32], pooled: &mut [f32]) {
        self.pool_portable(rows, logits, pooled);
    }

    #[inline(always)]
    fn pool_portable(&self, rows: &mut [f32], logits: &mut [f32], pooled: &mut [f32]) {
        let (width, heads, n) = (self.width, self.heads, self.ids.len());
        for (i, &id) in self.ids.iter().enumerate() {
            let row = &mut rows[i * width..(i + 1) * width];
            let stored = id * self.columns..(id + 1) * self.columns;
            self.rows_of.dequantize(stored, self.scale[id], row);
            for h in 0..heads {
                logits[i * heads + h] = dot(row, &self.queries[h * width..(h + 1) * width]);
            }
        }
        // Each head's softmax over the tokens, in place.
        for h in 0..heads {
            let max = (0..n)
                .map(|i| logits[i * heads + h])
                .fold(f32::NEG_INFINITY, f32::max);
            let mut total = 0f32;
            for i in 0..n {
                let w = (logits[i * heads + h] - max).exp();
                logits[i * heads + h] = w;
                total += w;
            }
            let inv = 1.0 / total;
            for i in 0..n {
                logits[i * heads + h] *= inv;
            }
        }
        let (mean, per_head) = pooled.split_at_mut(width);
        let inv = 1.0 / n as f32;
        for i in 0..n {
            let row = &rows[i * width..(i + 1) * width];
            if self.mean {
                axpy(inv, row, mean);
            }
            for (h, acc) in per_head.chunks_exact_mut(width).enumerate() {
                axpy(logits[i * heads + h], row, acc);
            }
        }
    }
}

/// The table's rows, by storage.
enum Rows<'a> {
    FourBit(&'a [u8]),
    EightBit(&'a [i8]),
}

impl<'a> Rows<'a> {
    fn of(table: &'a Tensor) -> TractResult<Rows<'a>> {
        let plain = table.try_as_plain_ram()?;
        match table.datum_type() {
            DatumType::U8 => Ok(Rows::FourBit(plain.as_slice::<u8>()?)),
            DatumType::I8 => Ok(Rows::EightBit(plain.as_slice::<i8>()?)),
            dt => bail!("edgeguard_pool: no {dt:?} embedding table"),
        }
    }

    /// Writes the dequantized row stored at `range` into `row`.
    #[inline(always)]
    fn dequantize(&self, range: std::ops::Range<usize>, scale: f32, row: &mut [f32]) {
        match self {
            Rows::FourBit(codes) => dequantize_4bit(&codes[range], scale, row),
            Rows::EightBit(values) => {
                for (out, v) in row.iter_mut().zip(&values[range]) {
                    *out = *v as f32 * scale;
                }
            }
        }
    }
}

/// Writes the dequantized row of `codes` (two codes per byte) into `row`.
#[inline(always)]
fn dequantize_4bit(codes: &[u8], scale: f32, row: &mut [f32]) {
    let (low, high) = row.split_at_mut(codes.len());
    for ((byte, lo), hi) in codes.iter().zip(low).zip(high) {
        *lo = ((*byte & 0x0f) as i32 - CODE_ZERO) as f32 * scale;
        *hi = ((*byte >> 4) as i32 - CODE_ZERO) as f32 * scale;
    }
}

#[inline(always)]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    // Eight partial sums, so that the compiler can keep them in vector lanes.
    let mut sums = [0f32; 8];
    let (chunks_a, chunks_b) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = (chunks_a.remainder().iter())
        .zip(chunks_b.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in chunks_a.zip(chunks_b) {
        for k in 0..8 {
            sums[k] += x[k] * y[k];
        }
    }
    sums.iter().sum::<f32>() + tail
}

#[inline(always)]
fn axpy(w: f32, x: &[f32], acc: &mut [f32]) {
    for (a, x) in acc.iter_mut().zip(x) {
        *a += w * x;
    }
}

impl TypedOp for TokenPool {
    fn output_facts(&self, inputs: &[&TypedFact]) -> TractResult<TVec<TypedFact>> {
        ensure!(
            inputs.len() == 4,
            "edgeguard_pool takes ids, table, scale and query"
        );
        let (ids, table, scale, query) = (inputs[0], inputs[1], inputs[2], inputs[3]);
        ensure!(
            ids.rank() == 2,
            "edgeguard_pool: ids must be [batch, tokens]"
        );
        let per_column = match table.datum_type {
            DatumType::U8 => 2,
            DatumType::I8 => 1,
            _ => bail!("edgeguard_pool: the table must be u8 (4 bits) or i8 (8 bits)"),
        };
        ensure!(
            table.rank() == 2,
            "edgeguard_pool: the table must be [vocab, columns]"
        );
        ensure!(
            scale.datum_type == f32::datum_type()
                && scale.rank() == 1
                && scale.shape[0] == table.shape[0],
            "edgeguard_pool: the scales must be [vocab] of f32"
        );
        ensure!(
            query.datum_type == f32::datum_type()
                && query.rank() == 2
                && query.shape[0] == table.shape[1].clone() * per_column,
            "edgeguard_pool: the query must be [width, heads] of f32"
        );
        let features = (query.shape[1].clone() + 1) * query.shape[0].clone();
        Ok(tvec!(f32::fact([ids.shape[0].clone(), features])))
    }

    as_op!();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fused operator against the unfused arithmetic on a small table, padding included.
    #[test]
    fn pools_like_the_unfused_graph() {
        let (vocab, width, heads) = (5usize, 4usize, 2usize);
        // Codes 0..16 spread over the table.
        let table: Vec<u8> = (0..vocab * width / 2)
            .map(|i| (i * 37 % 256) as u8)
            .collect();
        let scale = [0.5f32, 1.0, 0.25, 2.0, 0.1];
        let query = [0.3f32, -0.2, 0.1, 0.4, -0.5, 0.05, 0.2, 0.7];
        let ids = [[3i64, 1, 4, 0], [2, 0, 0, 0]];
        let deq = |id: usize| -> Vec<f32> {
            let mut row = vec![0f32; width];
            for j in 0..width / 2 {
                let byte = table[id * width / 2 + j];
                row[j] = ((byte & 15) as f32 - 8.0) * scale[id];
                row[j + width / 2] = ((byte >> 4) as f32 - 8.0) * scale[id];
            }
            row
        };
        let op = TokenPool { pad: 0 };
        let inputs = tvec!(
            tensor2(&ids).into_tvalue(),
            Tensor::from_shape(&[vocab, width / 2], &table)
                .unwrap()
                .into_tvalue(),
            tensor1(&scale).into_tvalue(),
            Tensor::from_shape(&[width, heads], &query)
                .unwrap()
                .into_tvalue(),
        );
        let out = op.eval(&EvalContext::out_of_plan(), inputs).unwrap();
        let out = out[0]
            .try_as_plain_ram()
            .unwrap()
            .as_slice::<f32>()
            .unwrap()
            .to_vec();
        for (b, row) in ids.iter().enumerate() {
            let real: Vec<usize> = row
                .iter()
                .filter(|&&i| i != 0)
                .map(|&i| i as usize)
                .collect();
            let rows: Vec<Vec<f32>> = real.iter().map(|&i| deq(i)).collect();
            let mut expected = vec![0f32; (1 + heads) * width];
            for r in &rows {
                for d in 0..width {
                    expected[d] += r[d] / rows.len() as f32;
                }
            }
            for h in 0..heads {
                let logits: Vec<f32> = rows
                    .iter()
                    .map(|r| (0..width).map(|d| r[d] * query[d * heads + h]).sum())
                    .collect();
                let max = logits.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
                let total: f32 = logits.iter().map(|l| (l - max).exp()).sum();
                for (r, l) in rows.iter().zip(&logits) {
                    for d in 0..width {
                        expected[(1 + h) * width + d] += r[d] * (l - max).exp() / total;
                    }
                }
            }
            let got = &out[b * expected.len()..(b + 1) * expected.len()];
            for (g, e) in got.iter().zip(&expected) {
                assert!((g - e).abs() < 1e-5, "window {b}: {got:?} vs {expected:?}");
            }
        }
    }

    /// An 8-bit table holding the same values as a 4-bit one pools to the same features.
    #[test]
    fn eight_bit_rows_pool_like_four_bit_rows() {
        let (vocab, width) = (3usize, 4usize);
        let packed: Vec<u8> = vec![0x1f, 0x80, 0x37, 0xa2, 0x5c, 0x09];
        let unpacked: Vec<i8> = packed
            .chunks(width / 2)
            .flat_map(|row| {
                let low = row.iter().map(|b| (b & 15) as i8 - 8);
                let high = row.iter().map(|b| (b >> 4) as i8 - 8);
                low.chain(high).collect::<Vec<_>>()
            })
            .collect();
        let run = |table: Tensor| {
            let inputs = tvec!(
                tensor2(&[[1i64, 2, 0], [2, 1, 1]]).into_tvalue(),
                table.into_tvalue(),
                tensor1(&[1f32, 0.5, 0.25]).into_tvalue(),
                Tensor::from_shape(&[width, 1], &[0.1f32, -0.2, 0.3, 0.05])
                    .unwrap()
                    .into_tvalue(),
            );
            let out = TokenPool { pad: 0 }
                .eval(&EvalContext::out_of_plan(), inputs)
                .unwrap();
            out[0]
                .try_as_plain_ram()
                .unwrap()
                .as_slice::<f32>()
                .unwrap()
                .to_vec()
        };
        let four = run(Tensor::from_shape(&[vocab, width / 2], &packed).unwrap());
        let eight = run(Tensor::from_shape(&[vocab, width], &unpacked).unwrap());
        assert_eq!(four, eight);
    }

    #[test]
    fn rejects_ids_outside_the_vocabulary() {
        let op = TokenPool { pad: 0 };
        let inputs = tvec!(
            tensor2(&[[7i64]]).into_tvalue(),
            Tensor::zero::<u8>(&[2, 1]).unwrap().into_tvalue(),
            tensor1(&[1f32, 1.0]).into_tvalue(),
            Tensor::zero::<f32>(&[2, 1]).unwrap().into_tvalue(),
        );
        let err = op.eval(&EvalContext::out_of_plan(), inputs).unwrap_err();
        assert!(err.to_string().contains("outside the vocabulary"), "{err}");
    }
}
