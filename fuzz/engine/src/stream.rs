//! The engine's stream API (`Guard::stream`, `StreamModerator`) on any text, cut into chunks by
//! the input: no panic, and the documented behaviour of every push, check and finish.
//!
//! Input: a 4-byte header (kind, stop level and check interval; context; input limit; chunk
//! size), then the text (invalid UTF-8 replaced). The text is cut at every 0x1F byte (which is
//! dropped; two in a row ask for `check_now`), and the pieces further into chunks of the header's
//! size, each cut moved back to a character boundary as a streaming caller must.
use std::sync::OnceLock;

use edgeguard_core::normalize::is_invisible;
use edgeguard_engine::{Action, Cadence, Error, Guard, Kind, StreamModerator, StreamStatus};

fn guard() -> &'static Guard {
    static GUARD: OnceLock<Guard> = OnceLock::new();
    GUARD.get_or_init(|| Guard::default_model().expect("the embedded model loads"))
}

/// At most this many checks per input, so that one input stays fast: the check interval grows
/// with the text.
const MAX_CHECKS: usize = 12;

/// Runs one input through the stream API; panics on any broken expectation.
pub fn run(data: &[u8]) {
    let Some((header, rest)) = data.split_first_chunk::<4>() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let kind = if header[0] & 1 == 0 {
        Kind::Prompt
    } else {
        Kind::Response
    };
    let stop_at = match header[0] >> 1 & 3 {
        0 => Action::Allow,
        1 => Action::Flag,
        _ => Action::Block,
    };
    let every = [1, 2, 5, 16, 64, 100, 256, 1000][usize::from(header[0] >> 3 & 7)];
    let cadence = Cadence {
        every_bytes: every.max(text.len() / MAX_CHECKS),
        context_bytes: usize::from(header[1]) * 8,
        stop_at,
    };
    let mut guard = guard().clone();
    if header[2] & 0x80 != 0 {
        guard.set_max_input_bytes(usize::from(header[2] & 0x7f) * 16);
    }
    let chunk_size = usize::from(header[3]).max(1);

    let mut model = Model::new(guard.stream(kind, cadence), &guard);
    let mut check_nows = 0;
    for piece in text.split('\u{1f}') {
        if piece.is_empty() {
            if check_nows < MAX_CHECKS {
                check_nows += 1;
                model.check_now();
            }
            continue;
        }
        let mut rest = piece;
        while !rest.is_empty() {
            let mut cut = chunk_size.min(rest.len());
            while !rest.is_char_boundary(cut) {
                cut += 1;
            }
            let (chunk, tail) = rest.split_at(cut);
            model.push(chunk);
            rest = tail;
        }
    }
    model.finish();
}

/// A stream and what the caller knows of it: what was accepted, and the stop.
struct Model<'g> {
    stream: StreamModerator,
    guard: &'g Guard,
    pushed: String,
    checked: usize,
    stop: Option<(usize, edgeguard_engine::Verdict)>,
}

impl<'g> Model<'g> {
    fn new(stream: StreamModerator, guard: &'g Guard) -> Model<'g> {
        assert_eq!(stream.checked_bytes(), 0);
        assert!(stream.cadence().every_bytes >= 1);
        Model {
            stream,
            guard,
            pushed: String::new(),
            checked: 0,
            stop: None,
        }
    }

    fn push(&mut self, chunk: &str) {
        let limit = self.guard.max_input_bytes();
        match self.stream.push(chunk) {
            Err(Error::InputTooLarge { bytes, limit: l }) => {
                assert!(self.pushed.len() + chunk.len() > limit);
                assert_eq!((bytes, l), (self.pushed.len() + chunk.len(), limit));
                // A rejected chunk is not appended: the stream is as it was.
                assert_eq!(self.stream.text(), self.pushed);
                assert_eq!(self.stream.checked_bytes(), self.checked);
            }
            Err(e) => panic!("push failed: {e}"),
            Ok(status) => {
                assert!(
                    self.pushed.len() + chunk.len() <= limit,
                    "push over the limit"
                );
                self.pushed.push_str(chunk);
                assert_eq!(self.stream.text(), self.pushed);
                self.after(status, false);
            }
        }
    }

    fn check_now(&mut self) {
        match self.stream.check_now() {
            Ok(status) => self.after(status, true),
            Err(e) => panic!("check_now failed: {e}"),
        }
    }

    /// The invariants after a push (or a forced check) that returned `status`.
    fn after(&mut self, status: StreamStatus, forced: bool) {
        let text = self.stream.text();
        let checked = self.stream.checked_bytes();
        assert!(checked <= text.len() && text.is_char_boundary(checked));
        assert!(checked >= self.checked, "checked bytes went back");
        if let Some((at, verdict)) = &self.stop {
            // Once stopped, always stopped, with the same verdict and position.
            assert_eq!(status, StreamStatus::Stopped(verdict.clone()));
            assert_eq!(self.stream.stopped_at(), Some(*at));
            assert_eq!(checked, self.checked);
            return;
        }
        let cadence = self.stream.cadence();
        match status {
            StreamStatus::Pending => {
                // Nothing was screened, so nothing new may be released.
                assert_eq!(checked, self.checked);
                let new = &text[checked..];
                let blank = new.chars().all(|c| c.is_whitespace() || is_invisible(c));
                assert!(
                    blank || (!forced && new.len() < cadence.every_bytes),
                    "pending with {} unscreened bytes",
                    new.len()
                );
            }
            StreamStatus::Checked(verdict) => {
                // Everything pushed has been screened: the caller may release all of it. A push
                // screens only once `every_bytes` new bytes have arrived.
                assert!(forced || text.len() - self.checked >= cadence.every_bytes);
                assert_eq!(checked, text.len());
                assert!(verdict.action < cadence.stop_at);
                assert_eq!(self.stream.last_verdict(), Some(&verdict));
                self.check_whole_text_rule(&verdict);
                assert!(!self.stream.is_stopped());
            }
            StreamStatus::Stopped(verdict) => {
                assert!(forced || text.len() - self.checked >= cadence.every_bytes);
                assert_eq!(checked, text.len());
                assert!(verdict.action >= cadence.stop_at);
                assert!(self.stream.is_stopped());
                assert_eq!(self.stream.stopped_at(), Some(text.len()));
                assert_eq!(self.stream.last_verdict(), Some(&verdict));
                self.check_whole_text_rule(&verdict);
                self.stop = Some((text.len(), verdict));
            }
        }
        assert!((0.0..=1.0).contains(&self.stream.last_verdict().map_or(0.0, |v| v.unsafe_prob)));
        self.checked = checked;
    }

    /// While the stream fits in the context, a check is `check_kind` on everything pushed
    /// (compared on the first check only, to keep an input fast).
    fn check_whole_text_rule(&self, verdict: &edgeguard_engine::Verdict) {
        let text = self.stream.text();
        if text.len() <= self.stream.cadence().context_bytes && self.checked == 0 {
            let whole = self
                .guard
                .check_kind(text, self.stream.kind())
                .expect("check_kind");
            assert_eq!(verdict, &whole);
        }
    }

    fn finish(&self) {
        let verdict = self.stream.finish().expect("finish");
        let whole = self
            .guard
            .check_kind(&self.pushed, self.stream.kind())
            .expect("check_kind");
        assert_eq!(
            verdict, whole,
            "finish differs from check_kind on the whole text"
        );
        if let Some((_, stop)) = &self.stop {
            assert!(stop.action >= self.stream.cadence().stop_at);
        }
    }
}
