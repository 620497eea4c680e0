//! Conversions between JS values and Rust values: arguments are validated here (a wrong type is
//! a thrown `Error`, never a trap), results leave as plain objects parsed from the same JSON
//! the CLI prints.

use edgeguard_engine::ErrorCode;
use js_sys::{ArrayBuffer, JSON, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use crate::error::{ArgumentError, into_js_error, js_error};

/// Where an argument comes from, for error messages: the JS function and the parameter.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Arg {
    pub(crate) function: &'static str,
    pub(crate) name: &'static str,
}

#[wasm_bindgen]
extern "C" {
    /// The platform's `TextEncoder` (browsers, workers and Node all have one).
    type TextEncoder;

    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;

    /// The string as UTF-8, in a new array outside the WebAssembly memory.
    #[wasm_bindgen(method)]
    fn encode(this: &TextEncoder, text: &JsValue) -> Uint8Array;
}

thread_local! {
    /// One encoder for every call (making one per call showed in the profile of short checks).
    static ENCODER: TextEncoder = TextEncoder::new();
}

/// A JS string as a Rust `String`, or `None` for anything else. The string is encoded on the JS
/// side and copied in at its exact UTF-8 size: `JsValue::as_string` reserves 3 bytes per UTF-16
/// unit of a string with any non-ASCII character, and the WebAssembly memory never shrinks back.
/// Lone surrogates become U+FFFD, as with `as_string`.
fn utf8(value: &JsValue) -> Option<String> {
    if !value.is_string() {
        return None;
    }
    let bytes = ENCODER.with(|encoder| encoder.encode(value).to_vec());
    // `TextEncoder` writes only UTF-8; the conversion checks it rather than trusting it.
    String::from_utf8(bytes).ok()
}

impl Arg {
    fn error(self, expected: &'static str, got: String) -> JsValue {
        into_js_error(ArgumentError {
            function: self.function,
            argument: self.name,
            expected,
            got,
        })
    }

    /// A JS string.
    pub(crate) fn string(self, value: &JsValue) -> Result<String, JsValue> {
        utf8(value).ok_or_else(|| self.error("a string", type_name(value)))
    }

    /// A non-negative whole number that fits in `usize`.
    pub(crate) fn size(self, value: &JsValue) -> Result<usize, JsValue> {
        match value.as_f64() {
            Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= usize::MAX as f64 => Ok(n as usize),
            Some(n) => Err(self.error("a non-negative whole number", n.to_string())),
            None => Err(self.error("a number", type_name(value))),
        }
    }

    /// An array of JS strings.
    pub(crate) fn strings(self, value: &JsValue) -> Result<Vec<String>, JsValue> {
        let Some(array) = value.dyn_ref::<js_sys::Array>() else {
            return Err(self.error("an array of strings", type_name(value)));
        };
        array
            .iter()
            .enumerate()
            .map(|(i, item)| {
                utf8(&item).ok_or_else(|| {
                    let got = format!("{} at index {i}", type_name(&item));
                    self.error("an array of strings", got)
                })
            })
            .collect()
    }

    /// A `Uint8Array` (a Node `Buffer` is one) or an `ArrayBuffer`, copied.
    pub(crate) fn bytes(self, value: &JsValue) -> Result<Vec<u8>, JsValue> {
        if let Some(array) = value.dyn_ref::<Uint8Array>() {
            return Ok(array.to_vec());
        }
        if let Some(buffer) = value.dyn_ref::<ArrayBuffer>() {
            return Ok(Uint8Array::new(buffer).to_vec());
        }
        Err(self.error("a Uint8Array or an ArrayBuffer", type_name(value)))
    }

    /// A SHA-256 digest: 32 bytes, as a `Uint8Array` or an `ArrayBuffer` (what
    /// `crypto.subtle.digest` returns).
    pub(crate) fn digest(self, value: &JsValue) -> Result<[u8; 32], JsValue> {
        let bytes = self.bytes(value)?;
        let len = bytes.len();
        bytes
            .try_into()
            .map_err(|_| self.error("32 bytes (a SHA-256 digest)", format!("{len} bytes")))
    }

    /// A document as text: a string as given (JSON or TOML), or an object or array, which is
    /// turned into JSON with `JSON.stringify`.
    pub(crate) fn document(self, value: &JsValue) -> Result<String, JsValue> {
        if let Some(text) = value.as_string() {
            return Ok(text);
        }
        if value.is_object() {
            return JSON::stringify(value)
                .ok()
                .and_then(|s| s.as_string())
                .ok_or_else(|| {
                    self.error(
                        "a string or a JSON-serializable object",
                        "an object JSON.stringify rejects".into(),
                    )
                });
        }
        Err(self.error("a string or an object", type_name(value)))
    }
}

/// A JS value's type for error messages: `typeof`, with `null` and arrays told apart.
fn type_name(value: &JsValue) -> String {
    if value.is_null() {
        return "null".into();
    }
    if js_sys::Array::is_array(value) {
        return "an array".into();
    }
    value
        .js_typeof()
        .as_string()
        .unwrap_or_else(|| "a value of unknown type".into())
}

/// A Rust value as a plain JS object: serialized to JSON (the CLI's wire format) and parsed.
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(into_js_error)?;
    JSON::parse(&text).map_err(|_| {
        js_error(
            ErrorCode::Internal,
            "internal error: a result did not parse as JSON",
        )
    })
}
