//! The verdict handle and its accessors.

use std::ffi::c_char;

use edgeguard_core::{Action, LABEL_COUNT, Label, Verdict};

use crate::arg;
use crate::error::{FfiError, edgeguard_status};
use crate::panic::ffi_status;
use crate::text::LazyJson;

/// What a policy does with a text. Ordered by severity.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum edgeguard_action {
    /// Let it through.
    Allow = 0,
    /// Let it through, marked for review or a warning.
    Flag = 1,
    /// Stop it.
    Block = 2,
}

impl From<Action> for edgeguard_action {
    fn from(action: Action) -> Self {
        match action {
            Action::Allow => edgeguard_action::Allow,
            Action::Flag => edgeguard_action::Flag,
            Action::Block => edgeguard_action::Block,
        }
    }
}

/// The verdict on one text. Opaque; read it with the `edgeguard_verdict_*` accessors.
///
/// A verdict from `edgeguard_check` or `edgeguard_check_response` is owned by the caller and
/// freed with `edgeguard_verdict_free`; one borrowed from a batch or a command verdict belongs
/// to that and must not be freed. A verdict owns all its data: it outlives the guard that made
/// it.
///
/// Thread safety: a verdict is immutable; its accessors may run from several threads at once.
/// Freeing needs exclusive access.
#[allow(non_camel_case_types)]
pub struct edgeguard_verdict {
    verdict: Verdict,
    json: LazyJson,
}

impl edgeguard_verdict {
    pub(crate) fn new(verdict: Verdict) -> edgeguard_verdict {
        edgeguard_verdict {
            verdict,
            json: LazyJson::default(),
        }
    }

    /// The verdict it holds.
    pub(crate) fn verdict(&self) -> &Verdict {
        &self.verdict
    }

    /// The verdict on the heap, owned by C.
    pub(crate) fn into_raw(self) -> *mut edgeguard_verdict {
        Box::into_raw(Box::new(self))
    }
}

/// Writes the probability (0 to 1) that any hazard or attack label applies to the text.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` for a NULL argument.
///
/// # Safety
/// `verdict` must be NULL or a live verdict; `out_probability` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_verdict_unsafe_probability(
    verdict: *const edgeguard_verdict,
    out_probability: *mut f32,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let v = unsafe { arg::borrow(verdict, "verdict")? };
        let out = arg::out(out_probability, "out_probability")?;
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { out.write(v.verdict.unsafe_prob) };
        Ok(())
    })
}

/// Writes the action the guard's policy takes on the text.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` for a NULL argument.
///
/// # Safety
/// `verdict` must be NULL or a live verdict; `out_action` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_verdict_action(
    verdict: *const edgeguard_verdict,
    out_action: *mut edgeguard_action,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let v = unsafe { arg::borrow(verdict, "verdict")? };
        let out = arg::out(out_action, "out_action")?;
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { out.write(v.verdict.action.into()) };
        Ok(())
    })
}

/// Writes how many labels fired: at or above their threshold among those the policy enables.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` for a NULL argument.
///
/// # Safety
/// `verdict` must be NULL or a live verdict; `out_count` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_verdict_fired_count(
    verdict: *const edgeguard_verdict,
    out_count: *mut usize,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let v = unsafe { arg::borrow(verdict, "verdict")? };
        let out = arg::out(out_count, "out_count")?;
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { out.write(v.verdict.fired.len()) };
        Ok(())
    })
}

/// Writes the `index`-th fired label (0-based, in label order).
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` for a NULL argument,
/// `EDGEGUARD_STATUS_OUT_OF_RANGE` when `index` is not below the fired count.
///
/// # Safety
/// `verdict` must be NULL or a live verdict; `out_label` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_verdict_fired_label(
    verdict: *const edgeguard_verdict,
    index: usize,
    out_label: *mut Label,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let v = unsafe { arg::borrow(verdict, "verdict")? };
        let out = arg::out(out_label, "out_label")?;
        let fired = &v.verdict.fired;
        let label = *fired
            .get(index)
            .ok_or_else(|| FfiError::index("fired label", index, fired.len()))?;
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { out.write(label) };
        Ok(())
    })
}

/// Writes the probability (0 to 1) of one label (an `edgeguard_label` value).
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` for a NULL argument,
/// `EDGEGUARD_STATUS_OUT_OF_RANGE` when `label` is not below `EDGEGUARD_LABEL_COUNT`.
///
/// # Safety
/// `verdict` must be NULL or a live verdict; `out_probability` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_verdict_label_probability(
    verdict: *const edgeguard_verdict,
    label: u8,
    out_probability: *mut f32,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let v = unsafe { arg::borrow(verdict, "verdict")? };
        let out = arg::out(out_probability, "out_probability")?;
        let label = arg::label(label)?;
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { out.write(v.verdict.labels[label]) };
        Ok(())
    })
}

/// Copies every label's probability into `out_probabilities`, indexed by `edgeguard_label`.
///
/// `out_len` is the array's length in elements; it must be at least `EDGEGUARD_LABEL_COUNT`
/// (only the first `EDGEGUARD_LABEL_COUNT` elements are written).
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` for a NULL argument,
/// `EDGEGUARD_STATUS_BUFFER_TOO_SMALL` (nothing written) when `out_len` is too small.
///
/// # Safety
/// `verdict` must be NULL or a live verdict; `out_probabilities` NULL or writable for
/// `out_len` floats.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_verdict_label_probabilities(
    verdict: *const edgeguard_verdict,
    out_probabilities: *mut f32,
    out_len: usize,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let v = unsafe { arg::borrow(verdict, "verdict")? };
        let out = arg::out(out_probabilities, "out_probabilities")?;
        if out_len < LABEL_COUNT {
            return Err(FfiError::new(
                edgeguard_status::BufferTooSmall,
                format!("out_len is {out_len}; EDGEGUARD_LABEL_COUNT ({LABEL_COUNT}) are needed"),
            ));
        }
        // SAFETY: non-NULL and writable for out_len >= LABEL_COUNT floats per the caller.
        unsafe { out.write_array(&v.verdict.labels.0) };
        Ok(())
    })
}

/// Writes a pointer to the verdict's JSON (NUL-terminated UTF-8) and, if `out_len` is not
/// NULL, its length in bytes without the NUL. The JSON is the one the CLI and WASM package
/// emit: `{"unsafe":0.97,"labels":{"S1":0.91,...},"fired":["S1"],"action":"block"}`.
///
/// The string belongs to the verdict: valid until the verdict is freed; do not free it.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` if `verdict` or `out_json` is NULL.
///
/// # Safety
/// `verdict` must be NULL or a live verdict; `out_json` NULL or writable; `out_len` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_verdict_json(
    verdict: *const edgeguard_verdict,
    out_json: *mut *const c_char,
    out_len: *mut usize,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let v = unsafe { arg::borrow(verdict, "verdict")? };
        let out = arg::out(out_json, "out_json")?;
        let json = v.json.get(&v.verdict)?;
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { json.write_to(out, out_len) };
        Ok(())
    })
}

/// Frees a verdict returned by `edgeguard_check` or `edgeguard_check_response`. NULL is a
/// no-op. Never pass a verdict borrowed from a batch or a command verdict.
///
/// Thread safety: needs exclusive access to `verdict`.
///
/// # Safety
/// `verdict` must be NULL or an owned verdict from this library, not already freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_verdict_free(verdict: *mut edgeguard_verdict) {
    // SAFETY: forwarded to the caller.
    unsafe { arg::free(verdict) }
}
