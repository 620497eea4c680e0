//! The guard handle: load a model, set its policy, free it.

use std::ffi::c_char;
use std::path::Path;

use edgeguard_engine::{Guard, ModelBytes, PolicyFormat};

use crate::arg;
use crate::error::{FfiError, FfiResult, edgeguard_status};
use crate::panic::ffi_status;
use crate::text::LazyJson;

/// A loaded model and the screening policy applied to its scores. Opaque.
///
/// Create with `edgeguard_guard_new*` or `edgeguard_guard_clone`, free with
/// `edgeguard_guard_free`.
///
/// Thread safety: the check calls take `const edgeguard_guard *` and may run on one guard from
/// any number of threads at once. The calls that take `edgeguard_guard *` (set or reset the
/// policy, set the input limit, free) need exclusive access: no other call may use the guard
/// while they run. To change the policy under live traffic, clone the guard, change the clone,
/// and swap the pointer your threads use.
#[allow(non_camel_case_types)]
pub struct edgeguard_guard {
    pub(crate) guard: Guard,
    /// The model's metadata as JSON, rendered on first request.
    model_info: LazyJson,
}

/// The text formats a policy can be written in (for the `format` arguments, which are
/// `uint32_t` so that any value from C is safe to pass).
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum edgeguard_format {
    /// JSON.
    Json = 1,
    /// TOML.
    Toml = 2,
}

impl edgeguard_format {
    /// The format for a C value.
    pub(crate) fn from_c(value: u32) -> FfiResult<PolicyFormat> {
        match value {
            v if v == edgeguard_format::Json as u32 => Ok(PolicyFormat::Json),
            v if v == edgeguard_format::Toml as u32 => Ok(PolicyFormat::Toml),
            _ => Err(FfiError::new(
                edgeguard_status::OutOfRange,
                format!(
                    "format {value} is not EDGEGUARD_FORMAT_JSON ({}) or EDGEGUARD_FORMAT_TOML ({})",
                    edgeguard_format::Json as u32,
                    edgeguard_format::Toml as u32
                ),
            )),
        }
    }
}

/// Boxes a guard and writes it to `out`.
///
/// # Safety
/// `out` must be writable.
unsafe fn give(out: arg::Out<*mut edgeguard_guard>, guard: Guard) {
    let guard = edgeguard_guard {
        guard,
        model_info: LazyJson::default(),
    };
    // SAFETY: forwarded to the caller.
    unsafe { out.write(Box::into_raw(Box::new(guard))) }
}

/// Creates a guard from the default model embedded in the library, under its default policy.
///
/// On success `*out_guard` receives a new guard that the caller owns and frees with
/// `edgeguard_guard_free`. Loading verifies and optimizes the model (milliseconds): create one
/// guard and share it.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` if `out_guard` is NULL; a model status (3xx) only
/// if the library itself was built broken.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `out_guard` must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_guard_new(
    out_guard: *mut *mut edgeguard_guard,
) -> edgeguard_status {
    ffi_status(|| {
        let out = arg::out(out_guard, "out_guard")?;
        let guard = Guard::default_model()?;
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { give(out, guard) };
        Ok(())
    })
}

/// Creates a guard from a model folder holding `model.nnef.tar`, `tokenizer.json` and
/// `config.json`, under the model's default policy.
///
/// `dir` is a NUL-terminated path (bytes on Unix, UTF-8 elsewhere), read only during the call.
/// On success `*out_guard` receives a new guard that the caller owns and frees with
/// `edgeguard_guard_free`.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` for a NULL argument, `EDGEGUARD_STATUS_IO` for an
/// unreadable file, and `EDGEGUARD_STATUS_MODEL_*` for files that are corrupted (checksum),
/// malformed or from another model.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// `dir` must be NULL or NUL-terminated; `out_guard` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_guard_new_from_dir(
    dir: *const c_char,
    out_guard: *mut *mut edgeguard_guard,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let dir = unsafe { arg::path(dir, "dir")? };
        let out = arg::out(out_guard, "out_guard")?;
        let guard = Guard::from_dir(dir)?;
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { give(out, guard) };
        Ok(())
    })
}

/// Creates a guard from the three model files given by path, under the model's default
/// policy.
///
/// Each path is NUL-terminated (bytes on Unix, UTF-8 elsewhere) and read only during the call.
/// On success `*out_guard` receives a new guard that the caller owns and frees with
/// `edgeguard_guard_free`.
///
/// Errors: as `edgeguard_guard_new_from_dir`.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// Each path must be NULL or NUL-terminated; `out_guard` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_guard_new_from_files(
    model_path: *const c_char,
    tokenizer_path: *const c_char,
    config_path: *const c_char,
    out_guard: *mut *mut edgeguard_guard,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let (model, tokenizer, config) = unsafe {
            (
                arg::path(model_path, "model_path")?,
                arg::path(tokenizer_path, "tokenizer_path")?,
                arg::path(config_path, "config_path")?,
            )
        };
        let out = arg::out(out_guard, "out_guard")?;
        let (model, tokenizer, config) = (read(&model)?, read(&tokenizer)?, read(&config)?);
        let guard = Guard::from_bytes(ModelBytes {
            model: &model,
            tokenizer: &tokenizer,
            config: &config,
        })?;
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { give(out, guard) };
        Ok(())
    })
}

fn read(path: &Path) -> FfiResult<Vec<u8>> {
    std::fs::read(path).map_err(|source| {
        edgeguard_engine::Error::Io {
            path: path.to_owned(),
            source,
        }
        .into()
    })
}

/// Creates a guard from the three model files in memory (apps that ship the model inside
/// their bundle), under the model's default policy.
///
/// The buffers are read only during the call; the caller keeps ownership and may free them as
/// soon as it returns. On success `*out_guard` receives a new guard that the caller owns and
/// frees with `edgeguard_guard_free`.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` for a NULL argument (even with length 0),
/// `EDGEGUARD_STATUS_MODEL_CHECKSUM` when a buffer does not match the SHA-256 recorded in
/// `config`, and the other `EDGEGUARD_STATUS_MODEL_*` for malformed files.
///
/// Thread safety: may be called from any thread.
///
/// # Safety
/// Each buffer must be NULL or readable for its length; `out_guard` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_guard_new_from_bytes(
    model: *const u8,
    model_len: usize,
    tokenizer: *const u8,
    tokenizer_len: usize,
    config: *const u8,
    config_len: usize,
    out_guard: *mut *mut edgeguard_guard,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let files = unsafe {
            ModelBytes {
                model: arg::bytes(model.cast(), model_len, "model")?,
                tokenizer: arg::bytes(tokenizer.cast(), tokenizer_len, "tokenizer")?,
                config: arg::bytes(config.cast(), config_len, "config")?,
            }
        };
        let out = arg::out(out_guard, "out_guard")?;
        let guard = Guard::from_bytes(files)?;
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { give(out, guard) };
        Ok(())
    })
}

/// Creates a second guard sharing the first one's model (no reload, cheap), with a copy of its
/// policy and input limit. The two can then be given different policies.
///
/// On success `*out_guard` receives a new guard that the caller owns and frees with
/// `edgeguard_guard_free`, independently of `guard`.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` for a NULL argument.
///
/// Thread safety: may run while other threads check with `guard`.
///
/// # Safety
/// `guard` must be NULL or a live guard; `out_guard` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_guard_clone(
    guard: *const edgeguard_guard,
    out_guard: *mut *mut edgeguard_guard,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let guard = unsafe { arg::borrow(guard, "guard")? };
        let out = arg::out(out_guard, "out_guard")?;
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { give(out, guard.guard.clone()) };
        Ok(())
    })
}

/// Replaces the guard's screening policy with one parsed from `text` (`text_len` bytes of
/// UTF-8, not NUL-terminated), written in `format` (`EDGEGUARD_FORMAT_JSON` or
/// `EDGEGUARD_FORMAT_TOML`). Unset fields fall back to the model's defaults.
///
/// On error the guard keeps its previous policy.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT`, `EDGEGUARD_STATUS_INVALID_UTF8`,
/// `EDGEGUARD_STATUS_OUT_OF_RANGE` for an unknown format, `EDGEGUARD_STATUS_POLICY` for a
/// policy that does not parse or validate (the message gives line and column).
///
/// Thread safety: needs exclusive access to `guard` (no concurrent checks on it).
///
/// # Safety
/// `guard` must be NULL or a live guard no other thread uses during the call; `text` NULL or
/// readable for `text_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_guard_set_policy(
    guard: *mut edgeguard_guard,
    text: *const c_char,
    text_len: usize,
    format: u32,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let (guard, text) = unsafe {
            (
                arg::borrow_mut(guard, "guard")?,
                arg::text(text, text_len, "text")?,
            )
        };
        let format = edgeguard_format::from_c(format)?;
        let policy = guard.guard.parse_policy(text, format)?;
        guard.guard.set_policy(policy);
        Ok(())
    })
}

/// Restores the model's default policy.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` if `guard` is NULL.
///
/// Thread safety: needs exclusive access to `guard`.
///
/// # Safety
/// `guard` must be NULL or a live guard no other thread uses during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_guard_reset_policy(
    guard: *mut edgeguard_guard,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let guard = unsafe { arg::borrow_mut(guard, "guard")? };
        let policy = guard.guard.default_policy();
        guard.guard.set_policy(policy);
        Ok(())
    })
}

/// Sets the largest text the guard accepts, in bytes (default 64 MiB). Longer texts give
/// `EDGEGUARD_STATUS_INPUT_TOO_LARGE`; they are never silently cut.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` if `guard` is NULL.
///
/// Thread safety: needs exclusive access to `guard`.
///
/// # Safety
/// `guard` must be NULL or a live guard no other thread uses during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_guard_set_max_input_bytes(
    guard: *mut edgeguard_guard,
    max_bytes: usize,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let guard = unsafe { arg::borrow_mut(guard, "guard")? };
        guard.guard.set_max_input_bytes(max_bytes);
        Ok(())
    })
}

/// Writes a pointer to the model's metadata as JSON (NUL-terminated UTF-8) and, if `out_len` is
/// not NULL, its length in bytes without the NUL: the model's `config.json` as the engine reads
/// it (name, version, labels, default thresholds, window, file digests), the same object as
/// `Guard::config` in Rust and `guard.modelInfo()` in JS.
///
/// The string belongs to the guard: valid until the guard is freed; do not free it.
///
/// Errors: `EDGEGUARD_STATUS_NULL_ARGUMENT` if `guard` or `out_json` is NULL.
///
/// Thread safety: any number of threads may call this on one guard at once.
///
/// # Safety
/// `guard` must be NULL or a live guard; `out_json` NULL or writable; `out_len` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_guard_model_info_json(
    guard: *const edgeguard_guard,
    out_json: *mut *const c_char,
    out_len: *mut usize,
) -> edgeguard_status {
    ffi_status(|| {
        // SAFETY: forwarded to the caller.
        let g = unsafe { arg::borrow(guard, "guard")? };
        let out = arg::out(out_json, "out_json")?;
        let json = g.model_info.get(g.guard.config())?;
        // SAFETY: checked non-NULL; writable per the caller.
        unsafe { json.write_to(out, out_len) };
        Ok(())
    })
}

/// Frees a guard. NULL is a no-op. Verdicts made with the guard stay valid (they own their
/// data); clones of it are unaffected.
///
/// Thread safety: needs exclusive access: no call may be using `guard`, and none may after.
///
/// # Safety
/// `guard` must be NULL or a guard from this library, not already freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn edgeguard_guard_free(guard: *mut edgeguard_guard) {
    // SAFETY: forwarded to the caller.
    unsafe { arg::free(guard) }
}
