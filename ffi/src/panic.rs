//! The panic boundary: every `extern "C"` body runs inside [`boundary`], so no Rust panic ever
//! unwinds into C. A caught panic becomes `EDGEGUARD_STATUS_PANIC` (or NULL, or nothing for
//! `void` functions) and its message becomes the thread's last error.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::error::{FfiResult, clear_last_error, edgeguard_status, set_last_error};

/// What an entry point returns when its body panicked.
pub(crate) trait PanicValue {
    /// The value returned to C after a caught panic.
    fn panic_value() -> Self;
}

impl PanicValue for edgeguard_status {
    fn panic_value() -> Self {
        edgeguard_status::Panic
    }
}

impl PanicValue for () {
    fn panic_value() -> Self {}
}

impl<T> PanicValue for *const T {
    fn panic_value() -> Self {
        std::ptr::null()
    }
}

/// Runs an entry point's body, catching any panic.
///
/// `AssertUnwindSafe` is sound here: after a panic the only state the caller can observe is
/// what the body had already written through its pointers, and bodies write outputs last.
pub(crate) fn boundary<R: PanicValue>(body: impl FnOnce() -> R) -> R {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(value) => value,
        Err(payload) => {
            set_last_error(&format!(
                "internal error (Rust panic): {}",
                payload_text(payload.as_ref())
            ));
            R::panic_value()
        }
    }
}

/// Runs the body of a fallible entry point: clears the last error, runs the body inside
/// [`boundary`], and turns an error into its status, recording its message.
pub(crate) fn ffi_status(body: impl FnOnce() -> FfiResult) -> edgeguard_status {
    boundary(|| {
        clear_last_error();
        match body() {
            Ok(()) => edgeguard_status::Ok,
            Err(error) => {
                set_last_error(&error.message);
                error.status
            }
        }
    })
}

fn payload_text(payload: &(dyn Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&'static str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s
    } else {
        "(no message)"
    }
}

#[cfg(test)]
#[allow(
    clippy::undocumented_unsafe_blocks,
    reason = "tests call the C API with pointers they have just made valid"
)]
mod tests {
    use super::*;
    use crate::error::{FfiError, edgeguard_last_error_length};

    fn last_error() -> String {
        let mut buf = vec![0 as std::ffi::c_char; 256];
        let mut n = 0;
        unsafe { crate::error::edgeguard_last_error_message(buf.as_mut_ptr(), buf.len(), &mut n) };
        buf[..n].iter().map(|&c| c as u8 as char).collect()
    }

    #[test]
    fn a_panic_becomes_the_panic_status_and_a_message() {
        let status = ffi_status(|| panic!("boom {}", 42));
        assert_eq!(status, edgeguard_status::Panic);
        assert_eq!(last_error(), "internal error (Rust panic): boom 42");
        let ptr: *const u8 = boundary(|| panic!("pointer"));
        assert!(ptr.is_null());
        boundary::<()>(|| panic!("void"));
        assert_eq!(last_error(), "internal error (Rust panic): void");
    }

    #[test]
    fn errors_are_recorded_and_success_clears_them() {
        let status = ffi_status(|| Err(FfiError::null("text")));
        assert_eq!(status, edgeguard_status::NullArgument);
        assert_eq!(last_error(), "argument `text` is NULL");
        assert_eq!(ffi_status(|| Ok(())), edgeguard_status::Ok);
        let mut len = 1;
        unsafe { edgeguard_last_error_length(&mut len) };
        assert_eq!(len, 0);
    }
}
