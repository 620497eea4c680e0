//! `edgeguard_dense`: a dense layer with int8 weights, run as integer dot products.
//!
//! `y = act(x · (w · scale)ᵀ + bias)`, where `w` holds int8 rows with one float scale each. Each
//! input row is quantized on the fly to 16-bit integers with its own scale (its largest magnitude
//! maps to the largest code that cannot overflow a 32-bit sum over the row), so a row's products
//! are summed exactly in integers and converted once. Reading one byte per weight instead of four
//! (tract folds int8 weights to f32 at load) and summing eight products per instruction
//! (`pmaddwd` with AVX2, `i32x4.dot_i16x8_s` with WebAssembly SIMD, `smlal` on ARM64) is what makes
//! the student's first layer cheap for short texts. The integer sums are the same on every CPU;
//! the activation's rounding (at most half a step of `max |x| / 13,000` for 1,280 inputs) moves the
//! outputs by about 1e-5.

use tract_nnef::internal::*;

/// Inputs: `x` `[batch, inputs]` (f32); `weight` `[outputs, inputs]` (i8); `scale` `[outputs, 1]`
/// (f32, per output row); `bias` `[1, outputs]` (f32). Output: `[batch, outputs]` (f32), through
/// a ReLU when `relu`.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub(crate) struct DenseI8 {
    /// Whether negative outputs are clamped to zero.
    pub(crate) relu: bool,
}

impl Op for DenseI8 {
    fn name(&self) -> StaticName {
        "EdgeguardDense".into()
    }
    op_as_typed_op!();
}

impl EvalOp for DenseI8 {
    op_out_of_plan!();

    fn eval(&self, _ctx: &EvalContext, inputs: TVec<TValue>) -> TractResult<TVec<TValue>> {
        let (x, weight, scale, bias) = args_4!(inputs);
        let (batch, width) = (x.shape()[0], x.shape()[1]);
        let outputs = weight.shape()[0];
        ensure!(width > 0, "edgeguard_dense: a layer without inputs");
        let x = x.try_as_plain_ram()?.as_slice::<f32>()?;
        let weight = weight.try_as_plain_ram()?.as_slice::<i8>()?;
        let scale = scale.try_as_plain_ram()?.as_slice::<f32>()?;
        let bias = bias.try_as_plain_ram()?.as_slice::<f32>()?;
        let limit = code_limit(width);
        let mut out = vec![0f32; batch * outputs];
        let mut codes = vec![0i16; ROWS * width];
        let mut steps = [0f32; ROWS];
        // Rows in blocks of ROWS, so that each weight row is read once per block.
        for (rows, y) in x.chunks(ROWS * width).zip(out.chunks_mut(ROWS * outputs)) {
            let n = rows.len() / width;
            for ((row, codes), step) in rows
                .chunks_exact(width)
                .zip(codes.chunks_exact_mut(width))
                .zip(&mut steps)
            {
                *step = quantize(row, limit, codes)?;
            }
            for o in 0..outputs {
                let w = &weight[o * width..(o + 1) * width];
                let sums = dot_rows(w, &codes[..n * width]);
                for (r, sum) in sums.iter().take(n).enumerate() {
                    let v = *sum as f32 * steps[r] * scale[o] + bias[o];
                    y[r * outputs + o] = if self.relu { v.max(0.0) } else { v };
                }
            }
        }
        Ok(tvec!(
            Tensor::from_shape(&[batch, outputs], &out)?.into_tvalue()
        ))
    }
}

/// Input rows run together against each weight row.
const ROWS: usize = 4;

/// The dot products of one weight row with each of up to [`ROWS`] rows of codes
/// (`codes.len()` a multiple of the weight row's length); entries past the rows given are 0.
fn dot_rows(weights: &[i8], codes: &[i16]) -> [i32; ROWS] {
    let width = weights.len();
    #[cfg(target_arch = "x86_64")]
    if codes.len() == ROWS * width && std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, checked just above; `codes` holds ROWS rows of `width`.
        return unsafe { dot4_avx2(weights, codes) };
    }
    let mut sums = [0i32; ROWS];
    for (sum, row) in sums.iter_mut().zip(codes.chunks_exact(width.max(1))) {
        *sum = dot(weights, row);
    }
    sums
}

/// The largest 16-bit code for rows of `width` inputs whose sum of products with int8 weights
/// (each at most 128 in magnitude) stays within an i32.
fn code_limit(width: usize) -> i32 {
    let per_input = (i32::MAX as usize) / (128 * width.max(1));
    per_input.min(i16::MAX as usize) as i32
}

/// Writes `row`'s codes (its largest magnitude at `limit`) and returns the step of one code; a
/// row of zeros has step 0. A non-finite input is an error (the pooled features are finite).
fn quantize(row: &[f32], limit: i32, codes: &mut [i16]) -> TractResult<f32> {
    let (mut max, mut finite) = (0f32, true);
    for v in row {
        finite &= v.is_finite();
        max = max.max(v.abs());
    }
    ensure!(finite, "edgeguard_dense: a non-finite input");
    if max == 0.0 {
        codes.fill(0);
        return Ok(0.0);
    }
    let per_code = limit as f32 / max;
    for (c, v) in codes.iter_mut().zip(row) {
        // `as` saturates, and |v| * per_code <= limit by construction.
        *c = (v * per_code).round() as i16;
    }
    Ok(max / limit as f32)
}

/// The exact integer dot product of one weight row with the codes: AVX2 where the CPU has it.
#[cfg(target_arch = "x86_64")]
fn dot(weights: &[i8], codes: &[i16]) -> i32 {
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, checked just above.
        return unsafe { dot_avx2(weights, codes) };
    }
    dot_portable(weights, codes)
}

/// The exact integer dot product of one weight row with the codes: WebAssembly SIMD.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn dot(weights: &[i8], codes: &[i16]) -> i32 {
    dot_simd128(weights, codes)
}

/// The exact integer dot product of one weight row with the codes: NEON.
#[cfg(target_arch = "aarch64")]
fn dot(weights: &[i8], codes: &[i16]) -> i32 {
    dot_neon(weights, codes)
}

/// The exact integer dot product of one weight row with the codes.
#[cfg(not(any(
    target_arch = "x86_64",
    target_arch = "aarch64",
    all(target_arch = "wasm32", target_feature = "simd128")
)))]
fn dot(weights: &[i8], codes: &[i16]) -> i32 {
    dot_portable(weights, codes)
}

fn dot_portable(weights: &[i8], codes: &[i16]) -> i32 {
    weights
        .iter()
        .zip(codes)
        .map(|(&w, &c)| i32::from(w) * i32::from(c))
        .sum()
}

/// # Safety
/// The CPU must have AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn dot_avx2(weights: &[i8], codes: &[i16]) -> i32 {
    use std::arch::x86_64::*;
    let n = weights.len() / 16 * 16;
    let mut acc = _mm256_setzero_si256();
    for i in (0..n).step_by(16) {
        // SAFETY: i + 16 <= n <= both lengths; unaligned loads.
        unsafe {
            let w = _mm256_cvtepi8_epi16(_mm_loadu_si128(weights.as_ptr().add(i).cast()));
            let c = _mm256_loadu_si256(codes.as_ptr().add(i).cast());
            acc = _mm256_add_epi32(acc, _mm256_madd_epi16(w, c));
        }
    }
    let mut lanes = [0i32; 8];
    // SAFETY: `lanes` is 32 bytes.
    unsafe { _mm256_storeu_si256(lanes.as_mut_ptr().cast(), acc) };
    lanes.iter().sum::<i32>() + dot_portable(&weights[n..], &codes[n..])
}

/// [`dot_rows`] for four rows: each 16 weights are loaded and widened once for the four.
///
/// # Safety
/// The CPU must have AVX2, and `codes` must hold four rows of `weights.len()` codes.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn dot4_avx2(weights: &[i8], codes: &[i16]) -> [i32; ROWS] {
    use std::arch::x86_64::*;
    let width = weights.len();
    let n = width / 16 * 16;
    let mut acc = [_mm256_setzero_si256(); ROWS];
    for i in (0..n).step_by(16) {
        // SAFETY: i + 16 <= n <= width; row r's codes are r * width..(r + 1) * width.
        unsafe {
            let w = _mm256_cvtepi8_epi16(_mm_loadu_si128(weights.as_ptr().add(i).cast()));
            for (r, acc) in acc.iter_mut().enumerate() {
                let c = _mm256_loadu_si256(codes.as_ptr().add(r * width + i).cast());
                *acc = _mm256_add_epi32(*acc, _mm256_madd_epi16(w, c));
            }
        }
    }
    let mut sums = [0i32; ROWS];
    for (r, (sum, acc)) in sums.iter_mut().zip(acc).enumerate() {
        let mut lanes = [0i32; 8];
        // SAFETY: `lanes` is 32 bytes.
        unsafe { _mm256_storeu_si256(lanes.as_mut_ptr().cast(), acc) };
        let row = &codes[r * width..(r + 1) * width];
        *sum = lanes.iter().sum::<i32>() + dot_portable(&weights[n..], &row[n..]);
    }
    sums
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn dot_simd128(weights: &[i8], codes: &[i16]) -> i32 {
    use std::arch::wasm32::*;
    let n = weights.len() / 8 * 8;
    let mut acc = i32x4_splat(0);
    for i in (0..n).step_by(8) {
        // SAFETY: i + 8 <= n <= both lengths; WebAssembly loads need no alignment.
        unsafe {
            let w = i16x8_load_extend_i8x8(weights.as_ptr().add(i));
            let c = v128_load(codes.as_ptr().add(i).cast());
            acc = i32x4_add(acc, i32x4_dot_i16x8(w, c));
        }
    }
    let lanes = i32x4_extract_lane::<0>(acc)
        + i32x4_extract_lane::<1>(acc)
        + i32x4_extract_lane::<2>(acc)
        + i32x4_extract_lane::<3>(acc);
    lanes + dot_portable(&weights[n..], &codes[n..])
}

#[cfg(target_arch = "aarch64")]
fn dot_neon(weights: &[i8], codes: &[i16]) -> i32 {
    use std::arch::aarch64::*;
    let n = weights.len() / 8 * 8;
    // SAFETY: NEON is part of the aarch64 baseline; every load reads i..i + 8 with
    // i + 8 <= n <= both lengths.
    let sum = unsafe {
        let mut acc = vdupq_n_s32(0);
        for i in (0..n).step_by(8) {
            let w = vmovl_s8(vld1_s8(weights.as_ptr().add(i)));
            let c = vld1q_s16(codes.as_ptr().add(i));
            acc = vmlal_s16(acc, vget_low_s16(w), vget_low_s16(c));
            acc = vmlal_high_s16(acc, w, c);
        }
        vaddvq_s32(acc)
    };
    sum + dot_portable(&weights[n..], &codes[n..])
}

impl TypedOp for DenseI8 {
    fn output_facts(&self, inputs: &[&TypedFact]) -> TractResult<TVec<TypedFact>> {
        ensure!(
            inputs.len() == 4,
            "edgeguard_dense takes x, weight, scale and bias"
        );
        let (x, weight, scale, bias) = (inputs[0], inputs[1], inputs[2], inputs[3]);
        ensure!(
            x.datum_type == f32::datum_type() && x.rank() == 2,
            "edgeguard_dense: x must be [batch, inputs] of f32"
        );
        ensure!(
            weight.datum_type == i8::datum_type()
                && weight.rank() == 2
                && weight.shape[1] == x.shape[1],
            "edgeguard_dense: the weight must be [outputs, inputs] of i8"
        );
        let outputs = weight.shape[0].clone();
        ensure!(
            scale.datum_type == f32::datum_type()
                && scale.shape.volume() == outputs
                && bias.datum_type == f32::datum_type()
                && bias.shape.volume() == outputs,
            "edgeguard_dense: the scale and the bias must hold one f32 per output"
        );
        Ok(tvec!(f32::fact([x.shape[0].clone(), outputs])))
    }

    as_op!();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(relu: bool, x: &[f32], batch: usize, w: &[i8], scale: &[f32], bias: &[f32]) -> Vec<f32> {
        let (outputs, width) = (scale.len(), x.len() / batch);
        let inputs = tvec!(
            Tensor::from_shape(&[batch, width], x)
                .unwrap()
                .into_tvalue(),
            Tensor::from_shape(&[outputs, width], w)
                .unwrap()
                .into_tvalue(),
            Tensor::from_shape(&[outputs, 1], scale)
                .unwrap()
                .into_tvalue(),
            Tensor::from_shape(&[1, outputs], bias)
                .unwrap()
                .into_tvalue(),
        );
        let out = DenseI8 { relu }
            .eval(&EvalContext::out_of_plan(), inputs)
            .unwrap();
        out[0]
            .try_as_plain_ram()
            .unwrap()
            .as_slice::<f32>()
            .unwrap()
            .to_vec()
    }

    /// Against the float arithmetic it stands for, on a layer the size of the student's first
    /// (1,280 inputs, so every SIMD path and its tail run) and on one with an odd width.
    #[test]
    fn matches_the_float_layer() {
        for (width, outputs, batch) in [(1280usize, 7usize, 6usize), (37, 5, 5)] {
            let mut state = 0x9e37_79b9_7f4a_7c15u64 ^ width as u64;
            let mut next = move || {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state
            };
            let x: Vec<f32> = (0..batch * width)
                .map(|_| (next() % 20_001) as f32 / 10_000.0 - 1.0)
                .collect();
            let w: Vec<i8> = (0..outputs * width).map(|_| next() as i8).collect();
            let scale: Vec<f32> = (0..outputs).map(|o| 0.001 * (o + 1) as f32).collect();
            let bias: Vec<f32> = (0..outputs).map(|o| 0.1 * o as f32 - 0.2).collect();
            for relu in [false, true] {
                let got = run(relu, &x, batch, &w, &scale, &bias);
                for b in 0..batch {
                    for o in 0..outputs {
                        let exact: f64 = (0..width)
                            .map(|i| x[b * width + i] as f64 * w[o * width + i] as f64)
                            .sum::<f64>()
                            * scale[o] as f64
                            + bias[o] as f64;
                        let exact = if relu { exact.max(0.0) } else { exact };
                        // At most half a code step per input, plus float rounding.
                        let row = &x[b * width..(b + 1) * width];
                        let max = row.iter().fold(0f32, |m, v| m.max(v.abs())) as f64;
                        let half_step = max / (2.0 * code_limit(width) as f64);
                        let weights: f64 = w[o * width..(o + 1) * width]
                            .iter()
                            .map(|&v| (v as f64).abs())
                            .sum();
                        let bound =
                            weights * half_step * scale[o] as f64 + 1e-5 * exact.abs() + 1e-6;
                        let g = got[b * outputs + o] as f64;
                        assert!(
                            (g - exact).abs() <= bound,
                            "{width}x{outputs} [{b},{o}]: {g} vs {exact}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_dot_product_path_is_exact() {
        let w: Vec<i8> = (0..1299).map(|i| (i * 71 % 256) as u8 as i8).collect();
        let c: Vec<i16> = (0..1299)
            .map(|i| ((i * 7919) % 26_421) as i16 - 13_210)
            .collect();
        let exact: i64 = w.iter().zip(&c).map(|(&a, &b)| a as i64 * b as i64).sum();
        assert_eq!(dot_portable(&w, &c) as i64, exact);
        assert_eq!(dot(&w, &c) as i64, exact);
        // Four rows at once (the AVX2 block kernel where the CPU has it), and fewer.
        let rows: Vec<i16> = (0..4)
            .flat_map(|r| c.iter().map(move |&v| v.wrapping_mul(r + 1) / 4))
            .collect();
        let expected: Vec<i32> = rows
            .chunks(c.len())
            .map(|row| dot_portable(&w, row))
            .collect();
        assert_eq!(dot_rows(&w, &rows).to_vec(), expected);
        assert_eq!(
            dot_rows(&w, &rows[..2 * c.len()]),
            [expected[0], expected[1], 0, 0]
        );
    }

    #[test]
    fn the_code_limit_keeps_sums_in_range() {
        let width = 1280;
        let limit = code_limit(width);
        assert!((128 * limit as i64) * width as i64 <= i32::MAX as i64);
        assert_eq!(code_limit(8), i16::MAX as i32);
    }

    #[test]
    fn a_zero_row_gives_the_bias() {
        let got = run(
            true,
            &[0.0; 4],
            1,
            &[1, -2, 3, 4, 5, 6, -7, 8],
            &[1.0, 1.0],
            &[0.5, -0.5],
        );
        assert_eq!(got, [0.5, 0.0]);
    }

    /// A corrupted model with a zero-width layer is an error, not a panic (`chunks(0)`).
    #[test]
    fn a_layer_without_inputs_is_an_error() {
        let inputs = tvec!(
            Tensor::zero::<f32>(&[2, 0]).unwrap().into_tvalue(),
            Tensor::zero::<i8>(&[3, 0]).unwrap().into_tvalue(),
            Tensor::zero::<f32>(&[3, 1]).unwrap().into_tvalue(),
            Tensor::zero::<f32>(&[1, 3]).unwrap().into_tvalue(),
        );
        let err = DenseI8 { relu: true }
            .eval(&EvalContext::out_of_plan(), inputs)
            .unwrap_err();
        assert!(err.to_string().contains("without inputs"), "{err}");
    }

    #[test]
    fn a_non_finite_input_is_an_error() {
        let inputs = tvec!(
            tensor2(&[[f32::NAN, 1.0]]).into_tvalue(),
            tensor2(&[[1i8, 1]]).into_tvalue(),
            tensor2(&[[1f32]]).into_tvalue(),
            tensor2(&[[0f32]]).into_tvalue(),
        );
        let err = DenseI8 { relu: false }
            .eval(&EvalContext::out_of_plan(), inputs)
            .unwrap_err();
        assert!(err.to_string().contains("non-finite"), "{err}");
    }
}
