//! JSON lines: the line reader that `check --jsonl`, `eval` and `normalize` share, and the rows
//! of `check --jsonl` from input line to output line.
//!
//! This file depends on std, serde, serde_json and the engine only: the fuzz target
//! `fuzz/engine/src/jsonl.rs` compiles it as a module of its own crate, so that it fuzzes this
//! code and not a copy.

use std::io::{self, BufRead, Write};

use edgeguard_engine::{Action, ErrorCode, Guard, Kind, Verdict, error_message};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The longest line worth reading for a guard that takes texts of up to `max_input_bytes`: room
/// for a text and a response at that limit with every byte escaped as `\uXXXX`, and the rest of
/// the row.
pub const fn max_line_bytes(max_input_bytes: usize) -> usize {
    max_input_bytes
        .saturating_mul(2 * 6)
        .saturating_add(64 << 10)
}

/// Splits a reader into numbered lines, skipping blank ones, and never holds more than one line
/// of at most its limit in memory.
pub struct LineReader<R> {
    reader: R,
    number: usize,
    max_line_bytes: usize,
}

/// One input line: its 1-based number and its text, or why it is unreadable.
pub struct Line {
    /// The line's number among all lines of the input, blank ones included.
    pub number: usize,
    /// The line, its final `\n` included, or why it cannot be read: not UTF-8, or too long.
    pub text: Result<String, edgeguard_engine::Error>,
}

impl<R: BufRead> LineReader<R> {
    /// Reads lines of up to `max_line_bytes`, the final `\n` included; a longer line is skipped
    /// without being kept, and returned as an [`edgeguard_engine::Error::InputTooLarge`].
    pub fn new(reader: R, max_line_bytes: usize) -> LineReader<R> {
        LineReader {
            reader,
            number: 0,
            max_line_bytes,
        }
    }

    /// The next line that is not blank (its text is whatever sits between the newlines,
    /// including a final `\n`), or `None` at the end. A line that is not UTF-8 is returned with
    /// an [`edgeguard_engine::Error::InvalidUtf8`] naming the offset in the line.
    pub fn next_line(&mut self) -> io::Result<Option<Line>> {
        loop {
            let mut bytes = Vec::new();
            let Some(length) = self.read_line(&mut bytes)? else {
                return Ok(None);
            };
            self.number += 1;
            let text = if length > self.max_line_bytes {
                Err(edgeguard_engine::Error::InputTooLarge {
                    bytes: length,
                    limit: self.max_line_bytes,
                })
            } else {
                String::from_utf8(bytes).map_err(|e| edgeguard_engine::Error::InvalidUtf8 {
                    offset: e.utf8_error().valid_up_to(),
                })
            };
            if text.as_ref().is_ok_and(|t| t.trim().is_empty()) {
                continue;
            }
            return Ok(Some(Line {
                number: self.number,
                text,
            }));
        }
    }

    /// Reads one line into `bytes` while it fits the limit, and past it only counts; returns the
    /// line's whole length, or `None` at the end of the input.
    fn read_line(&mut self, bytes: &mut Vec<u8>) -> io::Result<Option<usize>> {
        let mut length = 0;
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                return Ok((length > 0).then_some(length));
            }
            let (taken, done) = match chunk.iter().position(|&b| b == b'\n') {
                Some(at) => (at + 1, true),
                None => (chunk.len(), false),
            };
            if length + taken <= self.max_line_bytes {
                bytes.extend_from_slice(&chunk[..taken]);
            } else {
                bytes.clear();
            }
            length += taken;
            self.reader.consume(taken);
            if done {
                return Ok(Some(length));
            }
        }
    }
}

/// One input row of `check --jsonl`.
#[derive(Deserialize)]
pub struct Row {
    /// Any JSON value, copied to the output row.
    #[serde(default)]
    pub id: Value,
    /// The prompt, or with `response` the prompt it answers.
    pub text: String,
    /// A response to screen instead of the prompt.
    #[serde(default)]
    pub response: Option<String>,
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
pub struct LineError {
    /// The engine's error code.
    pub code: ErrorCode,
    /// What went wrong, for people.
    pub message: String,
}

impl From<edgeguard_engine::Error> for LineError {
    fn from(error: edgeguard_engine::Error) -> LineError {
        LineError {
            code: error.code(),
            message: error_message(&error),
        }
    }
}

/// A parsed input line: its number, its id, and its row or the reason it is unusable.
pub struct Parsed {
    /// The line's number.
    pub number: usize,
    /// The row's id, or null when the line is not a row.
    pub id: Value,
    /// The row, or why the line is not one.
    pub row: Result<Row, LineError>,
}

/// Parses a line into a row of `check --jsonl`.
pub fn parse(line: Line) -> Parsed {
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

/// What the rows screened so far add up to.
#[derive(Default)]
pub struct Summary {
    /// Some row was flagged or blocked.
    pub flagged: bool,
    /// Some line could not be screened.
    pub failed: bool,
}

/// Screens a batch of parsed lines in one model batch and writes one output line for each, in
/// order: the verdict with the row's id, or the line's error (also written to `log` as
/// `edgeguard: line N: MESSAGE`).
pub fn screen_batch(
    guard: &Guard,
    batch: &[Parsed],
    out: &mut impl Write,
    log: &mut impl Write,
    summary: &mut Summary,
) -> io::Result<()> {
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
                writeln!(log, "edgeguard: line {}: {}", p.number, error.message)?;
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
