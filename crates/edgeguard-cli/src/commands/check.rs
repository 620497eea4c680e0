//! `edgeguard check`: one text, or a stream of JSON lines.

use std::io::{self, BufWriter, Write};

use anyhow::Result;
use edgeguard_engine::{Action, Guard, Kind, Verdict};

use crate::args::{CheckArgs, ModelArgs};
use crate::input::{Lines, load_guard, read_stdin_text};
use crate::jsonl::{Summary, max_line_bytes, parse, screen_batch};
use crate::{Outcome, render};

pub fn run(model: &ModelArgs, args: CheckArgs) -> Result<Outcome> {
    let guard = load_guard(model, args.policy.policy.as_deref())?;
    if args.stream {
        return super::stream::run(&guard, &args);
    }
    if args.jsonl {
        return run_jsonl(&guard, &args);
    }
    let text = match args.text {
        Some(t) => t,
        None => read_stdin_text()?,
    };
    let verdict = match (&args.prompt, args.response) {
        (Some(prompt), _) => guard.check_response(prompt, &text)?,
        (None, true) => guard.check_kind(&text, Kind::Response)?,
        (None, false) => guard.check(&text)?,
    };
    if args.json {
        println!("{}", serde_json::to_string(&verdict)?);
    } else {
        print!("{}", render::verdict(&verdict));
    }
    Ok(outcome_of(&verdict))
}

fn outcome_of(v: &Verdict) -> Outcome {
    if v.action == Action::Allow {
        Outcome::Allowed
    } else {
        Outcome::Flagged
    }
}

fn run_jsonl(guard: &Guard, args: &CheckArgs) -> Result<Outcome> {
    let mut lines = Lines::open(
        args.input.as_deref(),
        max_line_bytes(guard.max_input_bytes()),
    )?;
    let mut out = BufWriter::new(io::stdout().lock());
    let mut summary = Summary::default();
    loop {
        let mut batch = Vec::with_capacity(args.batch);
        while batch.len() < args.batch.max(1) {
            match lines.next_line()? {
                Some(line) => batch.push(parse(line)),
                None => break,
            }
        }
        if batch.is_empty() {
            break;
        }
        screen_batch(guard, &batch, &mut out, &mut io::stderr(), &mut summary)?;
        out.flush()?;
    }
    Ok(summary_outcome(&summary))
}

/// Exit 2 when any line failed, else 1 when any was flagged, else 0.
fn summary_outcome(summary: &Summary) -> Outcome {
    if summary.failed {
        Outcome::PartialError
    } else if summary.flagged {
        Outcome::Flagged
    } else {
        Outcome::Allowed
    }
}
