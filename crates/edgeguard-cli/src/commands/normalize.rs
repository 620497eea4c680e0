//! `edgeguard normalize`: the normalizer as a filter, so the training pipeline normalizes its
//! corpus with the very code the runtime uses.

use std::io::{self, BufWriter, Write};

use anyhow::{Context, Result, anyhow};
use edgeguard_core::normalize::normalize;
use edgeguard_engine::DEFAULT_MAX_INPUT_BYTES;

use crate::Outcome;
use crate::args::NormalizeArgs;
use crate::input::Lines;
use crate::jsonl::max_line_bytes;

pub fn run(args: NormalizeArgs) -> Result<Outcome> {
    let mut lines = Lines::open(
        args.input.as_deref(),
        max_line_bytes(DEFAULT_MAX_INPUT_BYTES),
    )?;
    let mut out = BufWriter::new(io::stdout().lock());
    while let Some(line) = lines.next_line()? {
        let n = line.number;
        let text = line.text.map_err(|e| anyhow!("line {n}: {e}"))?;
        let value: String = serde_json::from_str(&text)
            .with_context(|| format!("line {n}: expected a JSON string"))?;
        serde_json::to_writer(&mut out, &normalize(&value))?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(Outcome::Allowed)
}
