//! Strings handed to C: owned, NUL-terminated, with their length.

use std::ffi::c_char;
use std::sync::OnceLock;

use serde::Serialize;

use crate::arg::Out;
use crate::error::FfiResult;

/// UTF-8 text followed by a NUL, as C reads it. The text may itself contain NUL bytes (JSON
/// escapes can produce them); the length returned alongside the pointer is then authoritative.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CText(Box<[u8]>);

impl CText {
    /// Copies `text` and appends a NUL.
    pub(crate) fn new(text: &str) -> CText {
        let mut bytes = Vec::with_capacity(text.len() + 1);
        bytes.extend_from_slice(text.as_bytes());
        bytes.push(0);
        CText(bytes.into_boxed_slice())
    }

    /// The JSON form of a value.
    pub(crate) fn json(value: &impl Serialize) -> FfiResult<CText> {
        Ok(CText::new(&serde_json::to_string(value)?))
    }

    /// Pointer to the first byte; valid while `self` lives.
    pub(crate) fn as_ptr(&self) -> *const c_char {
        self.0.as_ptr().cast()
    }

    /// Length in bytes, without the NUL.
    pub(crate) fn len(&self) -> usize {
        self.0.len() - 1
    }

    /// Writes the pointer to `out`, and the length to `out_len` unless it is NULL.
    ///
    /// # Safety
    /// `out` must be writable; `out_len` NULL or writable.
    pub(crate) unsafe fn write_to(&self, out: Out<*const c_char>, out_len: *mut usize) {
        // SAFETY: forwarded to the caller.
        unsafe {
            out.write(self.as_ptr());
            if let Some(len) = out_len.as_mut() {
                *len = self.len();
            }
        }
    }
}

/// A JSON rendering computed on first request and kept with its handle (so the pointer stays
/// valid until the handle is freed). Thread-safe: several threads may ask at once.
#[derive(Debug, Default)]
pub(crate) struct LazyJson(OnceLock<CText>);

impl LazyJson {
    /// The JSON of `value`, rendered the first time.
    pub(crate) fn get(&self, value: &impl Serialize) -> FfiResult<&CText> {
        if let Some(json) = self.0.get() {
            return Ok(json);
        }
        let json = CText::json(value)?;
        Ok(self.0.get_or_init(|| json))
    }
}

#[cfg(test)]
#[allow(
    clippy::undocumented_unsafe_blocks,
    reason = "tests call the C API with pointers they have just made valid"
)]
mod tests {
    use super::*;

    #[test]
    fn text_is_nul_terminated_and_keeps_its_length() {
        let t = CText::new("a\0b");
        assert_eq!(t.len(), 3);
        let bytes = unsafe { std::slice::from_raw_parts(t.as_ptr().cast::<u8>(), 4) };
        assert_eq!(bytes, b"a\0b\0");
    }
}
