//! Status codes, the one conversion from engine errors, and the thread-local last error.
//!
//! Every fallible entry point returns an [`edgeguard_status`]. When it is not
//! [`edgeguard_status::Ok`], the calling thread's last-error message says why; the
//! `edgeguard_last_error_*` functions copy it into a caller buffer.

use std::cell::RefCell;
use std::ffi::c_char;
use std::fmt;

use edgeguard_engine::{Error, ErrorCode, error_message};

use crate::panic::boundary;

/// The outcome of a call. `EDGEGUARD_STATUS_OK` (0) is success; every other value is an error
/// whose message `edgeguard_last_error_message` returns on the same thread.
///
/// Codes are grouped by hundreds: 1xx bad arguments, 2xx unusable text, 3xx model files,
/// 4xx screening policies, 5xx robot policies and plans, 6xx inference, 9xx internal. A
/// number, once given out, keeps its meaning; retired numbers are not reused.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum edgeguard_status {
    /// Success.
    Ok = 0,
    /// A required pointer argument is NULL.
    NullArgument = 100,
    /// Text or a path is not valid UTF-8 (the message gives the byte offset).
    InvalidUtf8 = 101,
    /// An index, label or enum value is out of range.
    OutOfRange = 102,
    /// An argument has a value the call does not accept (e.g. a length above `PTRDIFF_MAX`).
    InvalidArgument = 103,
    /// The caller's buffer is too small; nothing was written unless the function says so.
    BufferTooSmall = 104,
    /// Retired (ABI 2): empty text is now an allowed verdict. No call returns it; the number is
    /// never reused.
    EmptyInput = 200,
    /// The text is larger than the guard accepts (see `edgeguard_guard_set_max_input_bytes`).
    InputTooLarge = 201,
    /// A model file could not be read.
    Io = 300,
    /// The model's `config.json` is malformed or describes a model this build cannot use.
    ModelConfig = 301,
    /// A model file's SHA-256 differs from `config.json`: corrupted or mismatched files.
    ModelChecksum = 302,
    /// `tokenizer.json` does not load, or the tokenizer failed on a text.
    ModelTokenizer = 303,
    /// `model.nnef.tar` does not load or has the wrong outputs.
    ModelGraph = 304,
    /// A screening policy (JSON or TOML) was rejected; the message gives line and column.
    Policy = 400,
    /// A robot policy was rejected (syntax, names, formulas, unsatisfiable constraints).
    RobotPolicy = 500,
    /// A plan is malformed or names actions or propositions the robot policy lacks.
    Plan = 501,
    /// Running the model failed.
    Inference = 600,
    /// A Rust panic was caught at the boundary. The library is still usable, but please
    /// report it: it is a bug.
    Panic = 900,
    /// An error this version of the C API has no code for (e.g. a newer engine error).
    Internal = 901,
}

/// An error on its way to C: a status and a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FfiError {
    pub(crate) status: edgeguard_status,
    pub(crate) message: String,
}

/// The result of the Rust side of an entry point.
pub(crate) type FfiResult<T = ()> = Result<T, FfiError>;

impl FfiError {
    pub(crate) fn new(status: edgeguard_status, message: impl Into<String>) -> FfiError {
        FfiError {
            status,
            message: message.into(),
        }
    }

    /// A NULL pointer where the argument `name` is required.
    pub(crate) fn null(name: &str) -> FfiError {
        FfiError::new(
            edgeguard_status::NullArgument,
            format!("argument `{name}` is NULL"),
        )
    }

    /// An index at or past `len`.
    pub(crate) fn index(what: &str, index: usize, len: usize) -> FfiError {
        FfiError::new(
            edgeguard_status::OutOfRange,
            format!("{what} index {index} is out of range (there are {len})"),
        )
    }

    /// Replaces the status (when the call site knows better, e.g. robot policy vs plan).
    pub(crate) fn with_status(mut self, status: edgeguard_status) -> FfiError {
        self.status = status;
        self
    }
}

impl fmt::Display for FfiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<ErrorCode> for edgeguard_status {
    /// The C number of an error code: the one place codes become numbers. The enumerators are
    /// named after the codes (`ErrorCode::InputTooLarge` is `EDGEGUARD_STATUS_INPUT_TOO_LARGE`).
    fn from(code: ErrorCode) -> edgeguard_status {
        use edgeguard_status as S;
        match code {
            ErrorCode::NullArgument => S::NullArgument,
            ErrorCode::InvalidUtf8 => S::InvalidUtf8,
            ErrorCode::OutOfRange => S::OutOfRange,
            ErrorCode::InvalidArgument => S::InvalidArgument,
            ErrorCode::BufferTooSmall => S::BufferTooSmall,
            ErrorCode::InputTooLarge => S::InputTooLarge,
            ErrorCode::Io => S::Io,
            ErrorCode::ModelConfig => S::ModelConfig,
            ErrorCode::ModelChecksum => S::ModelChecksum,
            ErrorCode::ModelTokenizer => S::ModelTokenizer,
            ErrorCode::ModelGraph => S::ModelGraph,
            ErrorCode::Policy => S::Policy,
            ErrorCode::RobotPolicy => S::RobotPolicy,
            ErrorCode::Plan => S::Plan,
            ErrorCode::Inference => S::Inference,
            ErrorCode::Panic => S::Panic,
            _ => S::Internal,
        }
    }
}

impl From<Error> for FfiError {
    fn from(error: Error) -> FfiError {
        FfiError::new(error.code().into(), error_message(&error))
    }
}

impl From<edgeguard_engine::plan::PlanError> for FfiError {
    fn from(error: edgeguard_engine::plan::PlanError) -> FfiError {
        FfiError::new(edgeguard_status::Plan, error.to_string())
    }
}

impl From<serde_json::Error> for FfiError {
    fn from(error: serde_json::Error) -> FfiError {
        FfiError::new(
            edgeguard_status::Internal,
            format!("cannot serialize to JSON: {error}"),
        )
    }
}

thread_local! {
    /// The message of the last failed call on this thread; empty after a successful one.
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Records a failed call's message for this thread.
pub(crate) fn set_last_error(message: &str) {
    LAST_ERROR.with(|last| {
        let mut last = last.borrow_mut();
        last.clear();
        last.push_str(message);
    });
}

/// Forgets the last error (each entry point starts with this).
pub(crate) fn clear_last_error() {
    LAST_ERROR.with(|last| {
        if let Ok(mut last) = last.try_borrow_mut() {
            last.clear();
        }
    });
}

/// Writes the length in bytes of this thread's last-error message (without the terminating
/// NUL) to `*out_len`: 0 when the last call on this thread succeeded.
///
/// Use it to size the buffer for `edgeguard_last_error_message`. This call does not change
/// the last error.
///
/// Returns `EDGEGUARD_STATUS_NULL_ARGUMENT` when `out_len` is NULL.
///
/// Thread safety: any thread, any time; each thread has its own last error.
///
/// # Safety
/// `out_len` must be NULL or point to writable memory for a `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_last_error_length(out_len: *mut usize) -> edgeguard_status {
    boundary(|| {
        if out_len.is_null() {
            return edgeguard_status::NullArgument;
        }
        let len = LAST_ERROR.with(|last| last.borrow().len());
        // SAFETY: non-NULL, and the caller guarantees it is writable.
        unsafe { out_len.write(len) };
        edgeguard_status::Ok
    })
}

/// Copies this thread's last-error message into `buf` as a NUL-terminated UTF-8 string.
///
/// At most `buf_len - 1` bytes of the message are copied, cut at a UTF-8 character boundary,
/// then a NUL; `*out_written` (if `out_written` is not NULL) receives the number of message
/// bytes copied, without the NUL. Returns `EDGEGUARD_STATUS_OK` when the whole message fit and
/// `EDGEGUARD_STATUS_BUFFER_TOO_SMALL` when it was cut: unlike other calls, this one writes its
/// (truncated) output in that case too. The message is empty when the last call on this thread
/// succeeded. This call does not change the last error.
///
/// NULL: `buf` must not be NULL unless `buf_len` is 0 (then nothing is copied and the status
/// says whether an empty buffer would do). `out_written` may be NULL.
///
/// Thread safety: any thread, any time; each thread has its own last error.
///
/// # Safety
/// `buf` must be writable for `buf_len` bytes; `out_written` must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_last_error_message(
    buf: *mut c_char,
    buf_len: usize,
    out_written: *mut usize,
) -> edgeguard_status {
    boundary(|| {
        if buf.is_null() && buf_len > 0 {
            return edgeguard_status::NullArgument;
        }
        let (copied, whole) = LAST_ERROR.with(|last| {
            let last = last.borrow();
            if buf_len == 0 {
                return (0, last.is_empty());
            }
            let mut n = last.len().min(buf_len - 1);
            while !last.is_char_boundary(n) {
                n -= 1;
            }
            // SAFETY: `buf` is non-NULL and writable for `buf_len > n` bytes; the message
            // is a separate allocation, so the ranges do not overlap.
            unsafe {
                std::ptr::copy_nonoverlapping(last.as_ptr(), buf.cast::<u8>(), n);
                *buf.add(n) = 0;
            }
            (n, n == last.len())
        });
        if !out_written.is_null() {
            // SAFETY: non-NULL, and the caller guarantees it is writable.
            unsafe { out_written.write(copied) };
        }
        if whole {
            edgeguard_status::Ok
        } else {
            edgeguard_status::BufferTooSmall
        }
    })
}

#[cfg(test)]
#[allow(
    clippy::undocumented_unsafe_blocks,
    reason = "tests call the C API with pointers they have just made valid"
)]
mod tests {
    use super::*;

    #[test]
    fn every_error_code_has_its_own_status_named_after_it() {
        let header = include_str!("../include/edgeguard.h");
        let mut seen = std::collections::BTreeSet::new();
        for code in ErrorCode::ALL {
            let status = edgeguard_status::from(code);
            assert!(
                seen.insert(status as i32),
                "{code} shares status {status:?}"
            );
            let line = format!(
                "EDGEGUARD_STATUS_{} = {},",
                code.as_str().to_uppercase(),
                status as i32
            );
            assert!(header.contains(&line), "the header lacks `{line}`");
        }
    }

    fn message(buf_len: usize) -> (edgeguard_status, String, usize) {
        let mut buf = vec![0x7f as c_char; buf_len.max(1)];
        let mut written = usize::MAX;
        let status =
            unsafe { edgeguard_last_error_message(buf.as_mut_ptr(), buf_len, &mut written) };
        let bytes: Vec<u8> = buf[..written.min(buf_len)]
            .iter()
            .map(|&c| c as u8)
            .collect();
        (status, String::from_utf8(bytes).unwrap(), written)
    }

    #[test]
    fn messages_are_copied_whole_or_cut_on_a_char_boundary() {
        set_last_error("naïve error");
        let mut len = 0;
        assert_eq!(
            unsafe { edgeguard_last_error_length(&mut len) },
            edgeguard_status::Ok
        );
        assert_eq!(len, "naïve error".len());
        assert_eq!(
            message(64),
            (edgeguard_status::Ok, "naïve error".into(), 12)
        );
        // "naï" is 4 bytes: a 4-byte buffer holds 3 bytes, which would split the ï.
        assert_eq!(
            message(4),
            (edgeguard_status::BufferTooSmall, "na".into(), 2)
        );
        // Reading does not clear it.
        assert_eq!(message(64).0, edgeguard_status::Ok);
    }

    #[test]
    fn a_null_buffer_is_only_accepted_with_zero_length() {
        set_last_error("x");
        let status =
            unsafe { edgeguard_last_error_message(std::ptr::null_mut(), 8, std::ptr::null_mut()) };
        assert_eq!(status, edgeguard_status::NullArgument);
        let status =
            unsafe { edgeguard_last_error_message(std::ptr::null_mut(), 0, std::ptr::null_mut()) };
        assert_eq!(status, edgeguard_status::BufferTooSmall);
    }

    #[test]
    fn engine_errors_keep_their_sources() {
        let err: FfiError = Error::InvalidUtf8 { offset: 3 }.into();
        assert_eq!(err.status, edgeguard_status::InvalidUtf8);
        assert!(err.message.contains("offset 3"));
    }
}
