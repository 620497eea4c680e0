//! Streaming moderation of LLM output: screen the text while it arrives, stop it as soon as it
//! turns unsafe.
//!
//! A [`StreamModerator`] collects the chunks of a stream. Once at least
//! [`Cadence::every_bytes`] new bytes have arrived it screens them, together with the
//! [`Cadence::context_bytes`] bytes before them, so that every byte is checked with some
//! left context and a payload cut across two chunks is seen whole. While the stream fits in the
//! context, a check is [`Guard::check_kind`] on everything pushed; past it, a check screens its
//! stretch as part of a longer text: each sentence is also scored alone, as in a whole text
//! longer than one window, so a sentence that the whole-text check blocks, the checks block too.
//! (The stretches are cut into model windows at other places than the whole text, so a score
//! near the threshold can still fall on either side: `tests/stream_agreement.rs`.) When a
//! check's action reaches [`Cadence::stop_at`] the stream is stopped: every later push reports
//! the same verdict.
//! [`StreamModerator::finish`] screens the whole text, so the final verdict is exactly
//! [`Guard::check_kind`] on everything pushed.
//!
//! The cost is linear in the length of the stream: each byte is screened in at most
//! `1 + context_bytes / every_bytes` checks, plus once by `finish`.
//!
//! The moderator owns a clone of its guard (the model is shared), so it has no lifetime and can
//! be boxed behind a C handle or a WASM object.
//!
//! ```
//! use edgeguard_engine::{Cadence, Guard, Kind, StreamStatus};
//!
//! let guard = Guard::default_model()?;
//! let mut stream = guard.stream(Kind::Response, Cadence::default());
//! for chunk in ["To stop a stuck ", "Python process, ", "run kill -9 with its pid."] {
//!     if let StreamStatus::Stopped(verdict) = stream.push(chunk)? {
//!         println!("stopped: {:?}", verdict.fired);
//!         break;
//!     }
//! }
//! let verdict = stream.finish()?;
//! assert_eq!(verdict, guard.check_kind(stream.text(), Kind::Response)?);
//! # Ok::<(), edgeguard_engine::Error>(())
//! ```

use edgeguard_core::normalize::is_invisible;
use edgeguard_core::{Action, Verdict};

use crate::error::{Error, Result};
use crate::guard::Guard;
use crate::kind::Kind;

/// When a stream is re-checked, how much earlier text each check includes, and what stops it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cadence {
    /// New bytes that trigger a check (at least 1).
    pub every_bytes: usize,
    /// Bytes of already checked text screened again before the new ones.
    pub context_bytes: usize,
    /// The action at or above which the stream stops.
    pub stop_at: Action,
}

impl Cadence {
    /// Every 256 bytes (about 60 tokens), with 1 KiB of context, stopping at `block`.
    pub const DEFAULT: Cadence = Cadence {
        every_bytes: 256,
        context_bytes: 1024,
        stop_at: Action::Block,
    };

    /// The default cadence with a check every `bytes` new bytes.
    pub const fn every(bytes: usize) -> Cadence {
        Cadence {
            every_bytes: bytes,
            ..Cadence::DEFAULT
        }
    }
}

impl Default for Cadence {
    fn default() -> Cadence {
        Cadence::DEFAULT
    }
}

/// What a push did.
#[derive(Clone, Debug, PartialEq)]
pub enum StreamStatus {
    /// Too little new text since the last check: nothing was screened.
    Pending,
    /// The new text was screened and passes (its action is below [`Cadence::stop_at`]).
    Checked(Verdict),
    /// The stream is stopped: this check, or an earlier one, reached [`Cadence::stop_at`]. The
    /// verdict is that of the check that stopped it.
    Stopped(Verdict),
}

/// Moderates one stream of text (see the module docs). Created by [`Guard::stream`].
#[derive(Clone, Debug)]
pub struct StreamModerator {
    guard: Guard,
    kind: Kind,
    cadence: Cadence,
    text: String,
    checked: usize,
    last: Option<Verdict>,
    stopped: Option<(usize, Verdict)>,
}

impl StreamModerator {
    /// A moderator of `kind` text screened by `guard` (see [`Guard::stream`]).
    pub(crate) fn new(guard: Guard, kind: Kind, cadence: Cadence) -> StreamModerator {
        StreamModerator {
            guard,
            kind,
            cadence: Cadence {
                every_bytes: cadence.every_bytes.max(1),
                ..cadence
            },
            text: String::new(),
            checked: 0,
            last: None,
            stopped: None,
        }
    }

    /// Appends a chunk and, if enough new text has arrived, screens it.
    ///
    /// After the stream has stopped, chunks are still appended (so that [`finish`] covers all
    /// of them) and the stopping verdict is returned again.
    ///
    /// # Errors
    /// [`Error::InputTooLarge`] if the stream would exceed the guard's input limit (the chunk
    /// is then not appended), [`Error::Tokenizer`] or [`Error::Inference`] from the check.
    ///
    /// [`finish`]: StreamModerator::finish
    pub fn push(&mut self, chunk: &str) -> Result<StreamStatus> {
        let limit = self.guard.max_input_bytes();
        if self.text.len() + chunk.len() > limit {
            return Err(Error::InputTooLarge {
                bytes: self.text.len() + chunk.len(),
                limit,
            });
        }
        self.text.push_str(chunk);
        if let Some((_, verdict)) = &self.stopped {
            return Ok(StreamStatus::Stopped(verdict.clone()));
        }
        if self.text.len() - self.checked < self.cadence.every_bytes {
            return Ok(StreamStatus::Pending);
        }
        self.check_now()
    }

    /// Screens the text that arrived since the last check (with its context) now, whatever its
    /// length. Returns [`StreamStatus::Pending`] when there is nothing new, or only whitespace.
    ///
    /// # Errors
    /// [`Error::Tokenizer`] or [`Error::Inference`].
    pub fn check_now(&mut self) -> Result<StreamStatus> {
        if let Some((_, verdict)) = &self.stopped {
            return Ok(StreamStatus::Stopped(verdict.clone()));
        }
        if self.text.len() == self.checked {
            return Ok(StreamStatus::Pending);
        }
        let start = floor_char_boundary(
            &self.text,
            self.checked.saturating_sub(self.cadence.context_bytes),
        );
        let stretch = &self.text[start..];
        // Nothing new to read (whitespace or invisible characters): wait for more.
        if stretch
            .chars()
            .all(|c| c.is_whitespace() || is_invisible(c))
        {
            return Ok(StreamStatus::Pending);
        }
        // Past the context, the stretch is part of a text longer than it: its sentences are
        // scored alone, as a long whole text's are, even when the stretch is shorter than one
        // window. Otherwise a short stretch dilutes a payload that `finish` blocks, and a payload
        // that arrived while the stream was short can leave the context unblocked.
        let verdict = if self.text.len() <= self.cadence.context_bytes {
            self.guard.check_kind(stretch, self.kind)?
        } else {
            self.guard.check_part(stretch, self.kind)?
        };
        self.checked = self.text.len();
        self.last = Some(verdict.clone());
        if verdict.action >= self.cadence.stop_at {
            self.stopped = Some((self.checked, verdict.clone()));
            return Ok(StreamStatus::Stopped(verdict));
        }
        Ok(StreamStatus::Checked(verdict))
    }

    /// The verdict on everything pushed: exactly [`Guard::check_kind`] on [`text`].
    ///
    /// # Errors
    /// As [`Guard::check_kind`] (nothing but whitespace pushed is an allowed verdict).
    ///
    /// [`text`]: StreamModerator::text
    pub fn finish(&self) -> Result<Verdict> {
        self.guard.check_kind(&self.text, self.kind)
    }

    /// Everything pushed so far.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The kind of text moderated.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The cadence in use.
    pub fn cadence(&self) -> Cadence {
        self.cadence
    }

    /// Bytes of the stream screened by the checks so far.
    pub fn checked_bytes(&self) -> usize {
        self.checked
    }

    /// The verdict of the latest check, if any ran.
    pub fn last_verdict(&self) -> Option<&Verdict> {
        self.last.as_ref()
    }

    /// Whether a check stopped the stream.
    pub fn is_stopped(&self) -> bool {
        self.stopped.is_some()
    }

    /// Bytes of the stream that had arrived when it was stopped, if it was: the text shown up to
    /// there is what the unsafe check saw.
    pub fn stopped_at(&self) -> Option<usize> {
        self.stopped.as_ref().map(|(at, _)| *at)
    }
}

/// The largest character boundary of `text` at or before `i`.
fn floor_char_boundary(text: &str, i: usize) -> usize {
    (0..=i.min(text.len()))
        .rev()
        .find(|&j| text.is_char_boundary(j))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests;
