//! The native reference for the WASM benchmark (`wasm/tests/bench.js`): times `Guard::check` on
//! texts made like those of `cargo bench`'s `check` group (one word to 1,024 tokens, by
//! `edgeguard-benches`), measured the way the JS side measures (median over rounds of
//! back-to-back calls), and writes the texts and the medians as JSON for the JS benchmark.
//!
//! ```text
//! cargo run --release -p edgeguard-wasm --example native_timing -- models/default out.json [--short]
//! ```

use std::error::Error;
use std::time::Instant;

use edgeguard_benches::text_of_tokens;
use edgeguard_engine::Guard;
use serde_json::json;

/// Token counts timed (one word each): one word for the per-call overhead, 30 and 1,000 words
/// for the browser targets, and the lengths of the brief's table.
const LENGTHS: [usize; 7] = [1, 16, 30, 64, 256, 1000, 1024];
/// Rounds per length and the smallest duration of one round (so that coarse clocks do not
/// matter): the median round is reported. `--short` (CI's run) takes fewer, shorter rounds, as
/// `SHORT` in `bench/measure.js`.
const ROUNDS: (usize, f64) = (21, 0.02);
const SHORT_ROUNDS: (usize, f64) = (5, 0.005);

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(out)) = (args.next(), args.next()) else {
        return Err("usage: native_timing MODEL_DIR OUT.json [--short]".into());
    };
    let rounds = match args.next().as_deref() {
        None => ROUNDS,
        Some("--short") => SHORT_ROUNDS,
        Some(other) => return Err(format!("unknown option {other}").into()),
    };
    let guard = Guard::from_dir(&dir)?;
    let mut texts = serde_json::Map::new();
    let mut medians = serde_json::Map::new();
    for tokens in LENGTHS {
        let text = text_of_tokens(&guard, tokens);
        let micros = median_micros(rounds, || guard.check(&text).map(drop))?;
        println!("native check, {tokens} tokens: {micros:.1} µs median");
        texts.insert(tokens.to_string(), json!(text));
        medians.insert(tokens.to_string(), json!(micros));
    }
    let report = json!({ "texts": texts, "native_us": medians });
    std::fs::write(&out, serde_json::to_string_pretty(&report)?)?;
    Ok(())
}

/// Median over rounds of the mean time of one call, in microseconds.
fn median_micros<E>(
    (count, round_seconds): (usize, f64),
    mut call: impl FnMut() -> Result<(), E>,
) -> Result<f64, E> {
    // Warm up, and size a round to at least `round_seconds`.
    let start = Instant::now();
    let mut warmup = 0usize;
    while warmup < 3 || start.elapsed().as_secs_f64() < round_seconds {
        call()?;
        warmup += 1;
    }
    let per_round = warmup.max(1);
    let mut rounds = Vec::with_capacity(count);
    for _ in 0..count {
        let start = Instant::now();
        for _ in 0..per_round {
            call()?;
        }
        rounds.push(start.elapsed().as_secs_f64() * 1e6 / per_round as f64);
    }
    rounds.sort_by(f64::total_cmp);
    Ok(rounds[count / 2])
}
