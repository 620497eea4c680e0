//! # edgeguard-ffi
//!
//! The C ABI of edgeguard, for mobile apps (Android NDK, iOS) and robot controllers. It builds
//! `libedgeguard.a` and `libedgeguard.so` (`.dylib` on Apple); `include/edgeguard.h` is
//! generated from this crate by cbindgen (`cbindgen.toml`) and checked up to date by
//! `tests/header.rs`. Like tract's `api/ffi` over `api/rs`, it only marshals: every decision
//! is made by [`edgeguard_engine::Guard`] and `edgeguard_core`.
//!
//! ## Conventions (see `README.md` for the C side)
//!
//! - Every fallible call returns an [`edgeguard_status`]; on error the calling thread's last
//!   error holds a message ([`edgeguard_last_error_message`]). Outputs are the last
//!   parameters and are written only on success.
//! - Handles are opaque and come in `_new`/`_free` pairs; `_free(NULL)` is a no-op. Handles
//!   borrowed from another handle (a batch item, the parts of a command verdict) live as long
//!   as their owner and are never freed on their own.
//! - Text is UTF-8 passed as pointer and length, never NUL-terminated; a NULL pointer is an
//!   error even with length 0. Strings returned are NUL-terminated and owned by their handle.
//! - No panic crosses the boundary: every body runs in one function, `panic::boundary`
//!   (after rustls-ffi's `ffi_panic_boundary!`), which turns a panic into
//!   [`edgeguard_status::Panic`].
//! - A guard serves concurrent checks from many threads; calls that take a non-const handle
//!   need exclusive access.
//!
//! The module layout follows those responsibilities: `panic` (the boundary), `error` (statuses
//! and the last error), `arg` (pointer checks), `guard`, `check` (prompts, responses,
//! batches), `stream` (LLM output as it arrives), `verdict`, `plan` (robot policies, plans,
//! command checks), `label`, `version` (the library and C ABI versions).
//!
//! ```
//! use edgeguard::*;
//!
//! let mut guard = std::ptr::null_mut();
//! assert_eq!(unsafe { edgeguard_guard_new(&mut guard) }, edgeguard_status::Ok);
//! let text = "How do I kill a Python process that hangs?";
//! let mut verdict = std::ptr::null_mut();
//! let status = unsafe { edgeguard_check(guard, text.as_ptr().cast(), text.len(), &mut verdict) };
//! assert_eq!(status, edgeguard_status::Ok);
//! let mut action = edgeguard_action::Block;
//! assert_eq!(unsafe { edgeguard_verdict_action(verdict, &mut action) }, edgeguard_status::Ok);
//! unsafe {
//!     edgeguard_verdict_free(verdict);
//!     edgeguard_guard_free(guard);
//! }
//! ```
#![deny(missing_docs)]

mod arg;
mod check;
mod error;
mod guard;
mod label;
mod panic;
mod plan;
mod stream;
mod text;
mod verdict;
mod version;

pub use check::{
    edgeguard_batch, edgeguard_batch_free, edgeguard_batch_len, edgeguard_batch_verdict,
    edgeguard_check, edgeguard_check_batch, edgeguard_check_response,
};
/// The labels, as the C enum `edgeguard_label` (re-exported from `edgeguard_core`).
pub use edgeguard_core::Label;
pub use error::{edgeguard_last_error_length, edgeguard_last_error_message, edgeguard_status};
pub use guard::{
    edgeguard_format, edgeguard_guard, edgeguard_guard_clone, edgeguard_guard_free,
    edgeguard_guard_model_info_json, edgeguard_guard_new, edgeguard_guard_new_from_bytes,
    edgeguard_guard_new_from_dir, edgeguard_guard_new_from_files, edgeguard_guard_reset_policy,
    edgeguard_guard_set_max_input_bytes, edgeguard_guard_set_policy,
};
pub use label::{
    EDGEGUARD_LABEL_COUNT, edgeguard_label_description, edgeguard_label_from_name,
    edgeguard_label_name,
};
pub use plan::{
    EDGEGUARD_NO_STEP, edgeguard_check_command, edgeguard_command_verdict,
    edgeguard_command_verdict_action, edgeguard_command_verdict_command,
    edgeguard_command_verdict_free, edgeguard_command_verdict_json, edgeguard_command_verdict_plan,
    edgeguard_constraint_status, edgeguard_plan, edgeguard_plan_check, edgeguard_plan_free,
    edgeguard_plan_new, edgeguard_plan_verdict, edgeguard_plan_verdict_accepted,
    edgeguard_plan_verdict_constraint, edgeguard_plan_verdict_constraint_count,
    edgeguard_plan_verdict_free, edgeguard_plan_verdict_json, edgeguard_plan_verdict_reason,
    edgeguard_plan_verdict_reason_count, edgeguard_plan_verdict_steps, edgeguard_reason_kind,
    edgeguard_robot_policy, edgeguard_robot_policy_free, edgeguard_robot_policy_new,
};
pub use stream::{
    EDGEGUARD_STREAM_CONTEXT_BYTES, EDGEGUARD_STREAM_EVERY_BYTES, edgeguard_stream,
    edgeguard_stream_check_now, edgeguard_stream_finish, edgeguard_stream_free,
    edgeguard_stream_new, edgeguard_stream_position, edgeguard_stream_push,
    edgeguard_stream_status, edgeguard_stream_verdict, edgeguard_text_kind,
};
pub use verdict::{
    edgeguard_action, edgeguard_verdict, edgeguard_verdict_action, edgeguard_verdict_fired_count,
    edgeguard_verdict_fired_label, edgeguard_verdict_free, edgeguard_verdict_json,
    edgeguard_verdict_label_probabilities, edgeguard_verdict_label_probability,
    edgeguard_verdict_unsafe_probability,
};
pub use version::{
    EDGEGUARD_ABI_VERSION, EDGEGUARD_VERSION_MAJOR, EDGEGUARD_VERSION_MINOR,
    EDGEGUARD_VERSION_PATCH, edgeguard_version,
};
