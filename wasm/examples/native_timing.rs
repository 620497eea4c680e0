//! The native reference for the WASM benchmark (`wasm/tests/bench.js`): times `Guard::check` on
//! the texts of `cargo bench`'s `check` group (64 and 1,024 tokens, from `edgeguard-benches`),
//! measured the way the JS side measures (median over rounds of back-to-back calls), and writes
//! the texts and the medians as JSON for the JS benchmark to reuse.
//!
//! ```text
//! cargo run --release -p edgeguard-wasm --example native_timing -- models/default out.json
//! ```

use std::error::Error;
use std::time::Instant;

use edgeguard_benches::text_of_tokens;
use edgeguard_engine::Guard;
use serde_json::json;

/// Token counts timed, as in the brief's targets.
const LENGTHS: [usize; 2] = [64, 1024];
/// Rounds per length; the median round is reported.
const ROUNDS: usize = 21;
/// Smallest duration of one round, so that coarse clocks do not matter.
const ROUND_SECONDS: f64 = 0.02;

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(out)) = (args.next(), args.next()) else {
        return Err("usage: native_timing MODEL_DIR OUT.json".into());
    };
    let guard = Guard::from_dir(&dir)?;
    let mut texts = serde_json::Map::new();
    let mut medians = serde_json::Map::new();
    for tokens in LENGTHS {
        let text = text_of_tokens(&guard, tokens);
        let micros = median_micros(|| guard.check(&text).map(drop))?;
        println!("native check, {tokens} tokens: {micros:.1} µs median");
        texts.insert(tokens.to_string(), json!(text));
        medians.insert(tokens.to_string(), json!(micros));
    }
    let report = json!({ "texts": texts, "native_us": medians });
    std::fs::write(&out, serde_json::to_string_pretty(&report)?)?;
    Ok(())
}

/// Median over rounds of the mean time of one call, in microseconds.
fn median_micros<E>(mut call: impl FnMut() -> Result<(), E>) -> Result<f64, E> {
    // Warm up, and size a round to at least ROUND_SECONDS.
    let start = Instant::now();
    let mut warmup = 0usize;
    while warmup < 3 || start.elapsed().as_secs_f64() < ROUND_SECONDS {
        call()?;
        warmup += 1;
    }
    let per_round = warmup.max(1);
    let mut rounds = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let start = Instant::now();
        for _ in 0..per_round {
            call()?;
        }
        rounds.push(start.elapsed().as_secs_f64() * 1e6 / per_round as f64);
    }
    rounds.sort_by(f64::total_cmp);
    Ok(rounds[ROUNDS / 2])
}
