//! Screening text: one prompt, one response with its prompt, or a batch of prompts.

use std::ffi::c_char;

use crate::arg;
use crate::error::{FfiError, FfiResult, edgeguard_status};
use crate::guard::edgeguard_guard;
use crate::panic::ffi_status;
use crate::verdict::edgeguard_verdict;

/// Screens a prompt a user sends to an LLM.
///
/// `text` is `text_len` bytes of UTF-8 (not NUL-terminated), read only during the call. On
/// success `*out_verdict` receives a new verdict that the caller owns and frees with
/// `edgeguard_verdict_free`.
///
/// Text that is empty once invisible characters and whitespace are removed (length 0 included)
/// is allowed, with scores of 0.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` for a NULL argument (`text` too, even with length
/// 0), `EDGEGUARD_STATUS_INVALID_UTF8`, `EDGEGUARD_STATUS_INPUT_TOO_LARGE`,
/// `EDGEGUARD_STATUS_INFERENCE`.
///
/// Thread safety: any number of threads may check with one guard at once.
///
/// # Safety
/// `guard` must be NULL or a live guard; `text` NULL or readable for `text_len` bytes;
/// `out_verdict` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_check(
    guard: *const edgeguard_guard,
    text: *const c_char,
    text_len: usize,
    out_verdict: *mut *mut edgeguard_verdict,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let (guard, text) = unsafe {
            (
                arg::borrow(guard, "guard")?,
                arg::text(text, text_len, "text")?,
            )
        };
        let out = arg::out(out_verdict, "out_verdict")?;
        let verdict = guard.guard.check(text)?;
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { out.write(edgeguard_verdict::new(verdict).into_raw()) };
        Ok(())
    })
}

/// Screens an LLM's response to a prompt (output moderation: refusals and safety information
/// are benign, compliant harmful answers are not).
///
/// Both texts are UTF-8 given as pointer and length (not NUL-terminated), read only during the
/// call; the prompt is validated like the response. On success `*out_verdict` receives a new
/// verdict that the caller owns and frees with `edgeguard_verdict_free`.
///
/// Errors: as `edgeguard_check`, for either text.
///
/// Thread safety: any number of threads may check with one guard at once.
///
/// # Safety
/// `guard` must be NULL or a live guard; each text NULL or readable for its length;
/// `out_verdict` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_check_response(
    guard: *const edgeguard_guard,
    prompt: *const c_char,
    prompt_len: usize,
    response: *const c_char,
    response_len: usize,
    out_verdict: *mut *mut edgeguard_verdict,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let (guard, prompt, response) = unsafe {
            (
                arg::borrow(guard, "guard")?,
                arg::text(prompt, prompt_len, "prompt")?,
                arg::text(response, response_len, "response")?,
            )
        };
        let out = arg::out(out_verdict, "out_verdict")?;
        let verdict = guard.guard.check_response(prompt, response)?;
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { out.write(edgeguard_verdict::new(verdict).into_raw()) };
        Ok(())
    })
}

/// The results of screening a batch: one verdict or one error per text, in input order.
/// Opaque; read with `edgeguard_batch_len` and `edgeguard_batch_verdict`, free with
/// `edgeguard_batch_free`.
///
/// Thread safety: immutable; readers may run from several threads at once (each thread gets
/// the item's error message in its own last error). Freeing needs exclusive access.
#[allow(non_camel_case_types)]
pub struct edgeguard_batch {
    items: Vec<FfiResult<edgeguard_verdict>>,
}

/// Screens many prompts at once, running their windows through the model in shared batches
/// (faster per text than one call each).
///
/// `texts` and `text_lens` are arrays of `count` elements: text `i` is `text_lens[i]` bytes of
/// UTF-8 at `texts[i]`. Everything is read only during the call. One bad text (NULL, invalid
/// UTF-8, empty, too large) does not fail the others: the call succeeds and the text's item
/// holds its error. On success `*out_batch` receives a new batch that the caller owns and
/// frees with `edgeguard_batch_free`.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` when `guard`, `out_batch`, or (with `count` > 0)
/// `texts` or `text_lens` is NULL. With `count` 0 the arrays may be NULL and the batch is
/// empty.
///
/// Thread safety: any number of threads may check with one guard at once.
///
/// # Safety
/// `guard` must be NULL or a live guard; `texts` and `text_lens` NULL or readable for `count`
/// elements, each `texts[i]` NULL or readable for `text_lens[i]` bytes; `out_batch` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_check_batch(
    guard: *const edgeguard_guard,
    texts: *const *const c_char,
    text_lens: *const usize,
    count: usize,
    out_batch: *mut *mut edgeguard_batch,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let guard = unsafe { arg::borrow(guard, "guard")? };
        let out = arg::out(out_batch, "out_batch")?;
        let (texts, lens): (&[*const c_char], &[usize]) = if count == 0 {
            (&[], &[])
        } else {
            // SAFETY: forwarded to the caller (non-NULL checked by `array`).
            unsafe {
                (
                    array(texts, count, "texts")?,
                    array(text_lens, count, "text_lens")?,
                )
            }
        };
        // Validate every text; screen the valid ones together.
        let inputs: Vec<FfiResult<&str>> = texts
            .iter()
            .zip(lens)
            .enumerate()
            .map(|(i, (&p, &len))| {
                // SAFETY: forwarded to the caller.
                unsafe { arg::text(p, len, "texts[]") }.map_err(|mut e| {
                    e.message = e.message.replace("texts[]", &format!("texts[{i}]"));
                    e
                })
            })
            .collect();
        let valid: Vec<&str> = inputs
            .iter()
            .filter_map(|t| t.as_ref().ok().copied())
            .collect();
        let mut screened = guard.guard.check_batch(&valid).into_iter();
        let items = inputs
            .into_iter()
            .map(|input| {
                input?;
                match screened.next() {
                    Some(result) => Ok(edgeguard_verdict::new(result?)),
                    None => Err(FfiError::new(
                        edgeguard_status::Internal,
                        "the engine returned fewer results than texts",
                    )),
                }
            })
            .collect();
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { out.write(Box::into_raw(Box::new(edgeguard_batch { items }))) };
        Ok(())
    })
}

/// A C array as a slice.
///
/// # Safety
/// `ptr` must be NULL or readable for `count` elements.
unsafe fn array<'a, T>(ptr: *const T, count: usize, name: &str) -> FfiResult<&'a [T]> {
    if ptr.is_null() {
        return Err(FfiError::null(name));
    }
    if count > isize::MAX as usize / std::mem::size_of::<T>().max(1) {
        return Err(FfiError::new(
            edgeguard_status::InvalidArgument,
            format!("count ({count}) is too large for `{name}`"),
        ));
    }
    // SAFETY: non-NULL, size within isize, readable per the caller.
    Ok(unsafe { std::slice::from_raw_parts(ptr, count) })
}

/// Writes the number of items in a batch (the `count` it was made with).
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` for a NULL argument.
///
/// # Safety
/// `batch` must be NULL or a live batch; `out_len` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_batch_len(
    batch: *const edgeguard_batch,
    out_len: *mut usize,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let batch = unsafe { arg::borrow(batch, "batch")? };
        let out = arg::out(out_len, "out_len")?;
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { out.write(batch.items.len()) };
        Ok(())
    })
}

/// Reads item `index` of a batch.
///
/// When the text was screened, returns `EDGEGUARD_STATUS_OK` and writes to `*out_verdict` a
/// verdict borrowed from the batch: valid until `edgeguard_batch_free`, never to be passed to
/// `edgeguard_verdict_free`. When the text failed, returns that text's status (as
/// `edgeguard_check` would have) and sets this thread's last error to its message.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` for a NULL argument,
/// `EDGEGUARD_STATUS_OUT_OF_RANGE` for an index past the end, or the item's own status.
///
/// # Safety
/// `batch` must be NULL or a live batch; `out_verdict` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_batch_verdict(
    batch: *const edgeguard_batch,
    index: usize,
    out_verdict: *mut *const edgeguard_verdict,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let batch = unsafe { arg::borrow(batch, "batch")? };
        let out = arg::out(out_verdict, "out_verdict")?;
        let item = batch
            .items
            .get(index)
            .ok_or_else(|| FfiError::index("batch item", index, batch.items.len()))?;
        match item {
            // SAFETY: checked non-NULL; writable per the caller.
            Ok(verdict) => unsafe { out.write(verdict) },
            Err(error) => return Err(error.clone()),
        }
        Ok(())
    })
}

/// Frees a batch and every verdict borrowed from it. NULL is a no-op.
///
/// Thread safety: needs exclusive access to `batch`.
///
/// # Safety
/// `batch` must be NULL or a batch from this library, not already freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_batch_free(batch: *mut edgeguard_batch) {
    // SAFETY: forwarded to the caller.
    unsafe { arg::free(batch) }
}
