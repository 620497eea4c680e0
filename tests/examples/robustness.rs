//! Prints the robustness table: recall per attack transform on the unsafe prompts of an
//! evaluation split, next to the clean recall, and the false-positive rate of the same
//! transforms on its benign prompts.
//!
//! ```text
//! cargo run --release -p edgeguard-tests --example robustness -- \
//!     --data $EDGEGUARD_EVAL_DIR/test.jsonl [--limit N] [--model DIR] [--json] [--no-defenses]
//! ```
//!
//! `--no-defenses` is the ablation the table is compared with: the same model on the raw text,
//! without normalization (folding, invisible characters, spaced letters), decoded views or the
//! chat-template signal.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use edgeguard_engine::{Guard, Kind};
use edgeguard_eval::attack::Transform;
use edgeguard_eval::robustness::{Sample, measure};

struct Options {
    data: PathBuf,
    limit: Option<usize>,
    model: Option<PathBuf>,
    json: bool,
    seed: u64,
    no_defenses: bool,
}

const USAGE: &str = "usage: robustness --data FILE.jsonl [--limit N] [--model DIR] [--seed N] [--json] [--no-defenses]";

fn options() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let mut data = None;
    let mut opts = Options {
        data: PathBuf::new(),
        limit: None,
        model: None,
        json: false,
        seed: 0,
        no_defenses: false,
    };
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--data" => data = Some(PathBuf::from(value()?)),
            "--limit" => opts.limit = Some(value()?.parse().map_err(|e| format!("--limit: {e}"))?),
            "--seed" => opts.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--model" => opts.model = Some(PathBuf::from(value()?)),
            "--json" => opts.json = true,
            "--no-defenses" => opts.no_defenses = true,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    opts.data = data.ok_or("--data is required")?;
    Ok(opts)
}

fn main() -> ExitCode {
    let opts = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let guard = match &opts.model {
        Some(dir) => Guard::from_dir(dir),
        None => Guard::default_model(),
    };
    let guard = match guard {
        Ok(g) => g,
        Err(e) => {
            eprintln!("loading the model: {e}");
            return ExitCode::from(2);
        }
    };
    let sample = match Sample::load(&opts.data, opts.limit) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("reading {}: {e}", opts.data.display());
            return ExitCode::from(2);
        }
    };
    let unsafe_texts: Vec<&str> = sample.unsafe_texts.iter().map(String::as_str).collect();
    let benign_texts: Vec<&str> = sample.benign_texts.iter().map(String::as_str).collect();
    let started = Instant::now();
    let report = measure(
        &unsafe_texts,
        &benign_texts,
        &Transform::ALL,
        opts.seed,
        |text| {
            if opts.no_defenses {
                let windows = guard.encode(text.trim(), Kind::Prompt)?;
                let scores = guard.infer(&windows)?;
                Ok(!guard.policy().evaluate(&scores, text).is_allowed())
            } else {
                guard.check(text).map(|v| !v.is_allowed())
            }
        },
    );
    let report = match report {
        Ok(r) => r,
        Err(e) => {
            eprintln!("screening failed: {e}");
            return ExitCode::from(2);
        }
    };
    if opts.json {
        println!("{}", serde_json::to_string(&report).unwrap_or_default());
    } else {
        println!(
            "model {} {} on {} ({} unsafe, {} benign prompts){}, {:.1} s\n",
            guard.config().name,
            guard.config().version,
            opts.data.display(),
            unsafe_texts.len(),
            benign_texts.len(),
            if opts.no_defenses {
                ", without the robustness defenses"
            } else {
                ""
            },
            started.elapsed().as_secs_f64()
        );
        print!("{report}");
    }
    ExitCode::SUCCESS
}
