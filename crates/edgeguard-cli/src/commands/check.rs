//! `edgeguard check`: one text, or a stream of JSON lines.

use std::io::{self, BufWriter, Write};

use anyhow::Result;
use edgeguard_engine::{Action, ErrorCode, Guard, Kind, Verdict, error_message};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::args::{CheckArgs, ModelArgs};
use crate::input::{Line, Lines, load_guard, read_stdin_text};
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

/// One input row of `check --jsonl`.
#[derive(Deserialize)]
struct Row {
    #[serde(default)]
    id: Value,
    text: String,
    #[serde(default)]
    response: Option<String>,
}

/// One output row: the verdict with the input's id.
#[derive(Serialize)]
struct Screened<'a> {
    id: &'a Value,
    #[serde(flatten)]
    verdict: &'a Verdict,
}

/// An output row for an input line that could not be screened: the error's code (the engine's
/// `ErrorCode` name, as C and JS report it) and message.
#[derive(Serialize)]
struct Failed<'a> {
    id: &'a Value,
    line: usize,
    code: &'static str,
    error: &'a str,
}

/// Why an input line could not be screened.
#[derive(Clone, Debug)]
struct LineError {
    code: ErrorCode,
    message: String,
}

impl From<edgeguard_engine::Error> for LineError {
    fn from(error: edgeguard_engine::Error) -> LineError {
        LineError {
            code: error.code(),
            message: error_message(&error),
        }
    }
}

fn run_jsonl(guard: &Guard, args: &CheckArgs) -> Result<Outcome> {
    let mut lines = Lines::open(args.input.as_deref())?;
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
        screen_batch(guard, &batch, &mut out, &mut summary)?;
        out.flush()?;
    }
    Ok(summary.outcome())
}

/// A parsed input line: its number, its id, and its row or the reason it is unusable.
struct Parsed {
    number: usize,
    id: Value,
    row: Result<Row, LineError>,
}

fn parse(line: Line) -> Parsed {
    let number = line.number;
    let row = line.text.map_err(LineError::from).and_then(|t| {
        serde_json::from_str::<Row>(&t).map_err(|e| LineError {
            code: ErrorCode::InvalidArgument,
            message: format!("invalid input line: {e}"),
        })
    });
    let id = row.as_ref().map(|r| r.id.clone()).unwrap_or(Value::Null);
    Parsed { number, id, row }
}

#[derive(Default)]
struct Summary {
    flagged: bool,
    failed: bool,
}

impl Summary {
    fn outcome(&self) -> Outcome {
        if self.failed {
            Outcome::PartialError
        } else if self.flagged {
            Outcome::Flagged
        } else {
            Outcome::Allowed
        }
    }
}

fn screen_batch(
    guard: &Guard,
    batch: &[Parsed],
    out: &mut impl Write,
    summary: &mut Summary,
) -> Result<()> {
    let items: Vec<(&str, Kind)> = batch
        .iter()
        .filter_map(|p| p.row.as_ref().ok())
        .map(|r| match &r.response {
            Some(resp) => (resp.as_str(), Kind::Response),
            None => (r.text.as_str(), Kind::Prompt),
        })
        .collect();
    let mut verdicts = guard.check_batch_kinds(&items).into_iter();
    for p in batch {
        let result = match &p.row {
            Ok(_) => verdicts
                .next()
                .map(|r| r.map_err(LineError::from))
                .unwrap_or_else(|| {
                    Err(LineError {
                        code: ErrorCode::Internal,
                        message: "no verdict came back for this line".into(),
                    })
                }),
            Err(e) => Err(e.clone()),
        };
        match result {
            Ok(verdict) => {
                summary.flagged |= verdict.action != Action::Allow;
                serde_json::to_writer(
                    &mut *out,
                    &Screened {
                        id: &p.id,
                        verdict: &verdict,
                    },
                )?;
            }
            Err(error) => {
                summary.failed = true;
                eprintln!("edgeguard: line {}: {}", p.number, error.message);
                let failed = Failed {
                    id: &p.id,
                    line: p.number,
                    code: error.code.as_str(),
                    error: &error.message,
                };
                serde_json::to_writer(&mut *out, &failed)?;
            }
        }
        out.write_all(b"\n")?;
    }
    Ok(())
}
