//! Turning C arguments into Rust values: NULL checks, lengths, UTF-8, and output pointers.
//!
//! Every helper names the argument it checks, so the last-error message says which one was
//! wrong (`argument `text` is NULL`).

use std::ffi::{CStr, c_char};
use std::path::PathBuf;
use std::ptr::NonNull;

use crate::error::{FfiError, FfiResult, edgeguard_status};

/// Borrows a handle passed as `const T *`.
///
/// # Safety
/// `ptr` must be NULL or point to a live `T` for the returned lifetime.
pub(crate) unsafe fn borrow<'a, T>(ptr: *const T, name: &str) -> FfiResult<&'a T> {
    // SAFETY: the caller guarantees validity when non-NULL.
    unsafe { ptr.as_ref() }.ok_or_else(|| FfiError::null(name))
}

/// Borrows a handle passed as `T *` for exclusive use.
///
/// # Safety
/// `ptr` must be NULL or point to a live `T` that nothing else uses for the returned lifetime.
pub(crate) unsafe fn borrow_mut<'a, T>(ptr: *mut T, name: &str) -> FfiResult<&'a mut T> {
    // SAFETY: the caller guarantees validity and exclusivity when non-NULL.
    unsafe { ptr.as_mut() }.ok_or_else(|| FfiError::null(name))
}

/// Bytes passed as pointer and length. NULL is an error even when `len` is 0.
///
/// # Safety
/// `ptr` must be NULL or readable for `len` bytes for the returned lifetime.
pub(crate) unsafe fn bytes<'a>(ptr: *const c_char, len: usize, name: &str) -> FfiResult<&'a [u8]> {
    if ptr.is_null() {
        return Err(FfiError::null(name));
    }
    if len > isize::MAX as usize {
        return Err(FfiError::new(
            edgeguard_status::InvalidArgument,
            format!("length of `{name}` ({len}) exceeds PTRDIFF_MAX"),
        ));
    }
    // SAFETY: non-NULL, length within isize, readability guaranteed by the caller.
    Ok(unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) })
}

/// UTF-8 text passed as pointer and length (not NUL-terminated).
///
/// # Safety
/// As [`bytes`].
pub(crate) unsafe fn text<'a>(ptr: *const c_char, len: usize, name: &str) -> FfiResult<&'a str> {
    // SAFETY: forwarded to the caller.
    let bytes = unsafe { bytes(ptr, len, name)? };
    edgeguard_engine::text_from_utf8(bytes).map_err(|e| {
        let mut error = FfiError::from(e);
        error.message = format!("`{name}`: {}", error.message);
        error
    })
}

/// A NUL-terminated path.
///
/// # Safety
/// `ptr` must be NULL or point to a NUL-terminated string.
pub(crate) unsafe fn path(ptr: *const c_char, name: &str) -> FfiResult<PathBuf> {
    if ptr.is_null() {
        return Err(FfiError::null(name));
    }
    // SAFETY: non-NULL and NUL-terminated per the caller.
    let bytes = unsafe { CStr::from_ptr(ptr) }.to_bytes();
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Ok(PathBuf::from(std::ffi::OsStr::from_bytes(bytes)))
    }
    #[cfg(not(unix))]
    {
        let text = std::str::from_utf8(bytes).map_err(|e| {
            FfiError::new(
                edgeguard_status::InvalidUtf8,
                format!(
                    "`{name}` is not valid UTF-8 (first invalid byte at offset {})",
                    e.valid_up_to()
                ),
            )
        })?;
        Ok(PathBuf::from(text))
    }
}

/// An output pointer, checked non-NULL up front and written once the call has succeeded.
pub(crate) struct Out<T>(NonNull<T>);

/// Checks an output pointer.
pub(crate) fn out<T>(ptr: *mut T, name: &str) -> FfiResult<Out<T>> {
    NonNull::new(ptr)
        .map(Out)
        .ok_or_else(|| FfiError::null(name))
}

impl<T> Out<T> {
    /// Writes the output without reading or dropping what was there (it may be uninitialized).
    ///
    /// # Safety
    /// The pointer must be writable for a `T` (and suitably aligned).
    pub(crate) unsafe fn write(self, value: T) {
        // SAFETY: non-NULL by construction; writability is guaranteed by the caller.
        unsafe { self.0.as_ptr().write(value) }
    }
}

impl<T: Copy> Out<T> {
    /// Copies `values` to the first `values.len()` elements of the output array.
    ///
    /// # Safety
    /// The pointer must be writable for `values.len()` elements of `T`.
    pub(crate) unsafe fn write_array(self, values: &[T]) {
        // SAFETY: writability is guaranteed by the caller; `values` is Rust memory, so the
        // ranges cannot overlap a C output array.
        unsafe { std::ptr::copy_nonoverlapping(values.as_ptr(), self.0.as_ptr(), values.len()) }
    }
}

/// The label at a C label index.
pub(crate) fn label(index: u8) -> FfiResult<edgeguard_core::Label> {
    edgeguard_core::Label::from_index(usize::from(index)).ok_or_else(|| {
        FfiError::new(
            edgeguard_status::OutOfRange,
            format!(
                "label {index} is out of range (labels are 0..{})",
                edgeguard_core::LABEL_COUNT
            ),
        )
    })
}

/// Frees a handle made by `Box::into_raw` in this library; NULL is a no-op. The body of every
/// `edgeguard_*_free`.
///
/// # Safety
/// `ptr` must be NULL or a live handle of type `T` from this library, given back once.
pub(crate) unsafe fn free<T>(ptr: *mut T) {
    crate::panic::boundary(|| {
        if !ptr.is_null() {
            // SAFETY: per the caller, a box from this library not freed before.
            drop(unsafe { Box::from_raw(ptr) });
        }
    })
}
