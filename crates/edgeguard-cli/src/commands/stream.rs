//! `edgeguard check --stream`: moderate text while it arrives on stdin, as an LLM streams it.
//!
//! Without `--json` the command is a filter: text is written to stdout once a check has passed
//! it, and when a check turns unsafe the stream is cut there (the reason goes to stderr, exit 1).
//! With `--json` it writes one line per check (`{"event": "check" | "stop", "bytes": N, ...}`)
//! and a final line (`{"event": "final", ...}`) with the verdict on the whole text.

use std::io::{self, Read, Write};

use anyhow::{Context, Result, bail};
use edgeguard_engine::{Action, Cadence, Guard, Kind, StreamModerator, StreamStatus, Verdict};
use serde::Serialize;

use crate::args::CheckArgs;
use crate::{Outcome, render};

/// Bytes read from stdin at once (a read returns what has arrived, up to this).
const READ_BYTES: usize = 8 << 10;

/// One `--json` output line.
#[derive(Serialize)]
struct Event<'a> {
    event: &'static str,
    /// Bytes of the stream received when the event happened.
    bytes: usize,
    #[serde(flatten)]
    verdict: &'a Verdict,
}

pub fn run(guard: &Guard, args: &CheckArgs) -> Result<Outcome> {
    let kind = if args.response || args.prompt.is_some() {
        Kind::Response
    } else {
        Kind::Prompt
    };
    let cadence = Cadence {
        every_bytes: args.every,
        context_bytes: args.context,
        ..Cadence::DEFAULT
    };
    let mut stream = guard.stream(kind, cadence);
    let mut out = Output {
        json: args.json,
        shown: 0,
    };
    let mut stdin = io::stdin().lock();
    let mut buf = vec![0u8; READ_BYTES];
    let mut pending: Vec<u8> = Vec::new();
    loop {
        let n = stdin.read(&mut buf).context("reading stdin")?;
        if n == 0 {
            break;
        }
        pending.extend_from_slice(&buf[..n]);
        let whole = complete_utf8(&pending, stream.text().len())?;
        let chunk = std::str::from_utf8(&pending[..whole]).context("stdin is not UTF-8")?;
        let status = stream.push(chunk)?;
        pending.drain(..whole);
        if out.report(&stream, &status)? {
            return Ok(Outcome::Flagged);
        }
    }
    if !pending.is_empty() {
        bail!("stdin ends inside a UTF-8 character");
    }
    let verdict = stream.finish()?;
    out.finish(&stream, &verdict, cadence.stop_at)
}

/// Length of the longest prefix of `bytes` made of whole UTF-8 characters.
fn complete_utf8(bytes: &[u8], offset: usize) -> Result<usize> {
    match std::str::from_utf8(bytes) {
        Ok(_) => Ok(bytes.len()),
        Err(e) if e.error_len().is_none() => Ok(e.valid_up_to()),
        Err(e) => bail!(
            "stdin is not valid UTF-8 (first invalid byte at offset {})",
            offset + e.valid_up_to()
        ),
    }
}

/// Where results go: JSON events, or the text itself as it passes.
struct Output {
    json: bool,
    /// Bytes of the stream already written (filter mode).
    shown: usize,
}

impl Output {
    /// Reports a push. Returns whether the stream stopped.
    fn report(&mut self, stream: &StreamModerator, status: &StreamStatus) -> Result<bool> {
        match status {
            StreamStatus::Pending => Ok(false),
            StreamStatus::Checked(verdict) => {
                if self.json {
                    self.event("check", stream.checked_bytes(), verdict)?;
                } else {
                    self.show(stream, stream.checked_bytes())?;
                }
                Ok(false)
            }
            StreamStatus::Stopped(verdict) => {
                let at = stream.stopped_at().unwrap_or(stream.text().len());
                if self.json {
                    self.event("stop", at, verdict)?;
                } else {
                    self.cut(verdict)?;
                }
                Ok(true)
            }
        }
    }

    fn finish(
        &mut self,
        stream: &StreamModerator,
        verdict: &Verdict,
        stop_at: Action,
    ) -> Result<Outcome> {
        if self.json {
            self.event("final", stream.text().len(), verdict)?;
        } else if verdict.action >= stop_at {
            self.cut(verdict)?;
        } else {
            self.show(stream, stream.text().len())?;
        }
        Ok(if verdict.action == Action::Allow {
            Outcome::Allowed
        } else {
            Outcome::Flagged
        })
    }

    fn event(&self, event: &'static str, bytes: usize, verdict: &Verdict) -> Result<()> {
        let mut stdout = io::stdout().lock();
        serde_json::to_writer(
            &mut stdout,
            &Event {
                event,
                bytes,
                verdict,
            },
        )?;
        stdout.write_all(b"\n")?;
        stdout.flush()?;
        Ok(())
    }

    /// Writes the text up to `upto` that has not been written yet.
    fn show(&mut self, stream: &StreamModerator, upto: usize) -> Result<()> {
        let mut stdout = io::stdout().lock();
        stdout.write_all(&stream.text().as_bytes()[self.shown..upto])?;
        stdout.flush()?;
        self.shown = upto;
        Ok(())
    }

    fn cut(&self, verdict: &Verdict) -> Result<()> {
        io::stdout().lock().flush()?;
        eprint!("\nedgeguard: stream stopped: {}", render::verdict(verdict));
        Ok(())
    }
}
