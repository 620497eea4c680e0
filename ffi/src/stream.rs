//! Streaming moderation of LLM output: push chunks as they arrive, stop the stream as soon as
//! it turns unsafe (over `edgeguard_engine::StreamModerator`).

use std::ffi::c_char;

use edgeguard_core::Action;
use edgeguard_engine::{Cadence, Kind, StreamModerator, StreamStatus};

use crate::arg;
use crate::error::{FfiError, edgeguard_status};
use crate::guard::edgeguard_guard;
use crate::panic::ffi_status;
use crate::verdict::{edgeguard_action, edgeguard_verdict};

/// New bytes that trigger a check, by default (about 60 tokens).
pub const EDGEGUARD_STREAM_EVERY_BYTES: usize = 256;
/// Bytes of already checked text screened again before the new ones, by default.
pub const EDGEGUARD_STREAM_CONTEXT_BYTES: usize = 1024;

/// Which side of the conversation a text is (for the `kind` arguments, which are `uint32_t` so
/// that any value from C is safe to pass).
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum edgeguard_text_kind {
    /// A prompt a user sends to an LLM.
    Prompt = 0,
    /// An LLM's output.
    Response = 1,
}

/// What a push or a check did.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum edgeguard_stream_status {
    /// Too little new text since the last check: nothing was screened.
    Pending = 0,
    /// The new text was screened and passes; `edgeguard_stream_verdict` has its verdict.
    Checked = 1,
    /// The stream is stopped: stop showing it. `edgeguard_stream_verdict` has the verdict of the
    /// check that stopped it.
    Stopped = 2,
}

/// One moderated stream. Opaque; create with `edgeguard_stream_new`, free with
/// `edgeguard_stream_free`. It holds its own reference to the model: it may outlive the guard.
///
/// Thread safety: every call on a stream needs exclusive access (one stream per generation).
#[allow(non_camel_case_types)]
pub struct edgeguard_stream {
    moderator: StreamModerator,
    last: Option<edgeguard_verdict>,
}

impl edgeguard_stream {
    /// Records what a push or check did and gives its C status.
    fn record(&mut self, status: StreamStatus) -> edgeguard_stream_status {
        match status {
            StreamStatus::Pending => edgeguard_stream_status::Pending,
            StreamStatus::Checked(v) => {
                self.last = Some(edgeguard_verdict::new(v));
                edgeguard_stream_status::Checked
            }
            StreamStatus::Stopped(v) => {
                if self.last.as_ref().is_none_or(|l| l.verdict() != &v) {
                    self.last = Some(edgeguard_verdict::new(v));
                }
                edgeguard_stream_status::Stopped
            }
        }
    }
}

/// Starts moderating a stream of text with `guard`'s model and policy.
///
/// `kind` is an `edgeguard_text_kind` (usually `EDGEGUARD_TEXT_KIND_RESPONSE`). A check runs
/// once `every_bytes` new bytes have arrived (0 means `EDGEGUARD_STREAM_EVERY_BYTES`) and also
/// screens the `context_bytes` bytes before them, so that text cut across chunks is seen whole.
/// The stream stops at the first check whose action is `stop_at` (an `edgeguard_action`) or
/// more severe. On success `*out_stream` receives a new stream that the caller owns and frees
/// with `edgeguard_stream_free`.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` for a NULL argument,
/// `EDGEGUARD_STATUS_INVALID_ARGUMENT` for an unknown `kind` or `stop_at`.
///
/// # Safety
/// `guard` must be NULL or a live guard; `out_stream` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_stream_new(
    guard: *const edgeguard_guard,
    kind: u32,
    every_bytes: usize,
    context_bytes: usize,
    stop_at: u32,
    out_stream: *mut *mut edgeguard_stream,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let guard = unsafe { arg::borrow(guard, "guard")? };
        let out = arg::out(out_stream, "out_stream")?;
        let kind = match kind {
            0 => Kind::Prompt,
            1 => Kind::Response,
            _ => return Err(invalid("kind", kind)),
        };
        let stop_at = match stop_at {
            x if x == edgeguard_action::Allow as u32 => Action::Allow,
            x if x == edgeguard_action::Flag as u32 => Action::Flag,
            x if x == edgeguard_action::Block as u32 => Action::Block,
            _ => return Err(invalid("stop_at", stop_at)),
        };
        let cadence = Cadence {
            every_bytes: if every_bytes == 0 {
                EDGEGUARD_STREAM_EVERY_BYTES
            } else {
                every_bytes
            },
            context_bytes,
            stop_at,
        };
        let stream = edgeguard_stream {
            moderator: guard.guard.stream(kind, cadence),
            last: None,
        };
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { out.write(Box::into_raw(Box::new(stream))) };
        Ok(())
    })
}

fn invalid(name: &str, value: u32) -> FfiError {
    FfiError::new(
        edgeguard_status::InvalidArgument,
        format!("`{name}` has no meaning for the value {value}"),
    )
}

/// Appends a chunk (UTF-8, `chunk_len` bytes, not NUL-terminated) and, once enough new text
/// has arrived, screens it. `*out_status` receives what happened; after
/// `EDGEGUARD_STREAM_STATUS_STOPPED` every later push reports it again (chunks are still
/// appended, so `edgeguard_stream_finish` covers them).
///
/// A chunk must end on a character boundary (push whole tokens). A rejected chunk (invalid
/// UTF-8, or the stream would pass the guard's input limit) is not appended: the stream is
/// unchanged and may go on.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT`, `EDGEGUARD_STATUS_INVALID_UTF8`,
/// `EDGEGUARD_STATUS_INPUT_TOO_LARGE`, `EDGEGUARD_STATUS_INFERENCE`.
///
/// # Safety
/// `stream` must be NULL or a live stream used by no other thread; `chunk` NULL or readable for
/// `chunk_len` bytes; `out_status` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_stream_push(
    stream: *mut edgeguard_stream,
    chunk: *const c_char,
    chunk_len: usize,
    out_status: *mut edgeguard_stream_status,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let (stream, chunk) = unsafe {
            (
                arg::borrow_mut(stream, "stream")?,
                arg::text(chunk, chunk_len, "chunk")?,
            )
        };
        let out = arg::out(out_status, "out_status")?;
        let status = stream.moderator.push(chunk)?;
        let status = stream.record(status);
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { out.write(status) };
        Ok(())
    })
}

/// Screens the text that arrived since the last check now, whatever its length (call it when
/// the generation pauses). `*out_status` is `EDGEGUARD_STREAM_STATUS_PENDING` when there was
/// nothing new.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT`, `EDGEGUARD_STATUS_INFERENCE`.
///
/// # Safety
/// `stream` must be NULL or a live stream used by no other thread; `out_status` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_stream_check_now(
    stream: *mut edgeguard_stream,
    out_status: *mut edgeguard_stream_status,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let stream = unsafe { arg::borrow_mut(stream, "stream")? };
        let out = arg::out(out_status, "out_status")?;
        let status = stream.moderator.check_now()?;
        let status = stream.record(status);
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { out.write(status) };
        Ok(())
    })
}

/// Writes the verdict of the latest check (the stopping one once the stream is stopped),
/// borrowed from the stream: valid until the next push or check on it or its
/// `edgeguard_stream_free`, never to be passed to `edgeguard_verdict_free`. Writes NULL when no
/// check has run yet.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` for a NULL argument.
///
/// # Safety
/// `stream` must be NULL or a live stream; `out_verdict` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_stream_verdict(
    stream: *const edgeguard_stream,
    out_verdict: *mut *const edgeguard_verdict,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let stream = unsafe { arg::borrow(stream, "stream")? };
        let out = arg::out(out_verdict, "out_verdict")?;
        let verdict = stream
            .last
            .as_ref()
            .map_or(std::ptr::null(), |v| v as *const _);
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { out.write(verdict) };
        Ok(())
    })
}

/// Screens everything pushed, as one text: the verdict equals `edgeguard_check` (or the
/// response check) on the whole stream. The stream stays usable. On success `*out_verdict`
/// receives a new verdict that the caller owns and frees with `edgeguard_verdict_free`.
///
/// Nothing but whitespace pushed is an allowed verdict.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT`, `EDGEGUARD_STATUS_INFERENCE`.
///
/// # Safety
/// `stream` must be NULL or a live stream; `out_verdict` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_stream_finish(
    stream: *const edgeguard_stream,
    out_verdict: *mut *mut edgeguard_verdict,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let stream = unsafe { arg::borrow(stream, "stream")? };
        let out = arg::out(out_verdict, "out_verdict")?;
        let verdict = stream.moderator.finish()?;
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { out.write(edgeguard_verdict::new(verdict).into_raw()) };
        Ok(())
    })
}

/// Writes how many bytes were pushed, and how many of them had arrived when the stream was
/// stopped (`SIZE_MAX` when it was not): the text shown up to there is what the stopping check
/// saw.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` for a NULL argument.
///
/// # Safety
/// `stream` must be NULL or a live stream; `out_pushed` and `out_stopped_at` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_stream_position(
    stream: *const edgeguard_stream,
    out_pushed: *mut usize,
    out_stopped_at: *mut usize,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let stream = unsafe { arg::borrow(stream, "stream")? };
        let pushed = arg::out(out_pushed, "out_pushed")?;
        let stopped = arg::out(out_stopped_at, "out_stopped_at")?;
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe {
            pushed.write(stream.moderator.text().len());
            stopped.write(stream.moderator.stopped_at().unwrap_or(usize::MAX));
        }
        Ok(())
    })
}

/// Frees a stream and the verdict borrowed from it. NULL is a no-op.
///
/// # Safety
/// `stream` must be NULL or a stream from this library, not already freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_stream_free(stream: *mut edgeguard_stream) {
    // SAFETY: forwarded to the caller.
    unsafe { arg::free(stream) }
}

#[cfg(test)]
#[allow(
    clippy::undocumented_unsafe_blocks,
    reason = "tests call the C API with pointers they have just made valid"
)]
mod tests {
    use super::*;

    fn guard() -> *mut edgeguard_guard {
        let mut guard = std::ptr::null_mut();
        assert_eq!(
            unsafe { crate::guard::edgeguard_guard_new(&mut guard) },
            edgeguard_status::Ok
        );
        guard
    }

    #[test]
    fn a_stream_stops_and_its_final_verdict_is_the_whole_text() {
        let guard = guard();
        let mut stream = std::ptr::null_mut();
        let status = unsafe {
            edgeguard_stream_new(
                guard,
                1,
                16,
                64,
                edgeguard_action::Block as u32,
                &mut stream,
            )
        };
        assert_eq!(status, edgeguard_status::Ok);
        let chunks = [
            "Sure. Here are step by step ",
            "instructions to build a pipe bomb ",
            "at home: first get a steel pipe and ",
            "gunpowder, then seal both ends.",
        ];
        let mut last = edgeguard_stream_status::Pending;
        for chunk in chunks {
            let s = unsafe {
                edgeguard_stream_push(stream, chunk.as_ptr().cast(), chunk.len(), &mut last)
            };
            assert_eq!(s, edgeguard_status::Ok);
        }
        assert_eq!(last, edgeguard_stream_status::Stopped);
        let mut borrowed = std::ptr::null();
        assert_eq!(
            unsafe { edgeguard_stream_verdict(stream, &mut borrowed) },
            edgeguard_status::Ok
        );
        assert!(!borrowed.is_null());
        let (mut pushed, mut stopped) = (0, 0);
        unsafe { edgeguard_stream_position(stream, &mut pushed, &mut stopped) };
        assert_eq!(pushed, chunks.concat().len());
        assert!(stopped <= pushed);
        let mut finished = std::ptr::null_mut();
        assert_eq!(
            unsafe { edgeguard_stream_finish(stream, &mut finished) },
            edgeguard_status::Ok
        );
        let whole = unsafe { &*guard }
            .guard
            .check_kind(&chunks.concat(), Kind::Response)
            .unwrap();
        assert_eq!(unsafe { &*finished }.verdict(), &whole);
        unsafe {
            crate::verdict::edgeguard_verdict_free(finished);
            edgeguard_stream_free(stream);
            crate::guard::edgeguard_guard_free(guard);
        }
    }

    #[test]
    fn the_c_defaults_are_the_engine_defaults() {
        assert_eq!(EDGEGUARD_STREAM_EVERY_BYTES, Cadence::DEFAULT.every_bytes);
        assert_eq!(
            EDGEGUARD_STREAM_CONTEXT_BYTES,
            Cadence::DEFAULT.context_bytes
        );
    }

    #[test]
    fn bad_arguments_are_errors() {
        let guard = guard();
        let mut stream = std::ptr::null_mut();
        let bad_kind = unsafe { edgeguard_stream_new(guard, 7, 0, 0, 2, &mut stream) };
        assert_eq!(bad_kind, edgeguard_status::InvalidArgument);
        let bad_action = unsafe { edgeguard_stream_new(guard, 1, 0, 0, 9, &mut stream) };
        assert_eq!(bad_action, edgeguard_status::InvalidArgument);
        assert!(stream.is_null());
        assert_eq!(
            unsafe { edgeguard_stream_new(guard, 1, 0, 0, 2, &mut stream) },
            edgeguard_status::Ok
        );
        let mut status = edgeguard_stream_status::Pending;
        let invalid = [0xffu8, 0xfe];
        let s = unsafe { edgeguard_stream_push(stream, invalid.as_ptr().cast(), 2, &mut status) };
        assert_eq!(s, edgeguard_status::InvalidUtf8);
        let s = unsafe { edgeguard_stream_push(stream, std::ptr::null(), 0, &mut status) };
        assert_eq!(s, edgeguard_status::NullArgument);
        let s = unsafe {
            edgeguard_stream_push(std::ptr::null_mut(), "x".as_ptr().cast(), 1, &mut status)
        };
        assert_eq!(s, edgeguard_status::NullArgument);
        let mut verdict = std::ptr::null_mut();
        let s = unsafe { edgeguard_stream_finish(stream, &mut verdict) };
        assert_eq!(s, edgeguard_status::Ok, "nothing appended is allowed");
        let mut action = crate::verdict::edgeguard_action::Block;
        assert_eq!(
            unsafe { crate::verdict::edgeguard_verdict_action(verdict, &mut action) },
            edgeguard_status::Ok
        );
        assert_eq!(action, crate::verdict::edgeguard_action::Allow);
        unsafe {
            crate::verdict::edgeguard_verdict_free(verdict);
            edgeguard_stream_free(stream);
            edgeguard_stream_free(std::ptr::null_mut());
            crate::guard::edgeguard_guard_free(guard);
        }
    }
}
