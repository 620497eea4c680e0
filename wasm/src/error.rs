//! Errors cross into JS in one place: [`into_js_error`] turns a Rust error into a thrown JS
//! `Error` whose `message` is the engine's [`error_message`] (the cause chain) and whose `code`
//! is the engine's [`ErrorCode`] name (`"input_too_large"`, `"policy"`, ...), the same names the C
//! library's status codes and the CLI's error rows use.

use std::error::Error;

use edgeguard_engine::plan::PlanError;
use edgeguard_engine::{ErrorCode, error_message};
use wasm_bindgen::JsValue;

/// An error that knows its [`ErrorCode`].
pub trait Coded: Error {
    /// The code JS sees as `error.code`.
    fn code(&self) -> ErrorCode;
}

impl Coded for edgeguard_engine::Error {
    fn code(&self) -> ErrorCode {
        edgeguard_engine::Error::code(self)
    }
}

impl Coded for ArgumentError {
    fn code(&self) -> ErrorCode {
        ErrorCode::InvalidArgument
    }
}

impl Coded for PlanError {
    /// A plan's error; a robot policy's errors are thrown with [`js_error`] and
    /// [`ErrorCode::RobotPolicy`] where the policy is parsed.
    fn code(&self) -> ErrorCode {
        ErrorCode::Plan
    }
}

impl Coded for serde_json::Error {
    fn code(&self) -> ErrorCode {
        ErrorCode::Internal
    }
}

/// Converts an error into the JS `Error` that an export throws.
///
/// Only meaningful on wasm32 (it calls into JS).
pub fn into_js_error<E: Coded>(error: E) -> JsValue {
    js_error(error.code(), &error_message(&error))
}

/// A JS `Error` with `message` and `code`.
///
/// Only meaningful on wasm32 (it calls into JS).
pub fn js_error(code: ErrorCode, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(
        &error,
        &JsValue::from_str("code"),
        &JsValue::from_str(code.as_str()),
    );
    error.into()
}

/// A JS argument of the wrong type or shape.
#[derive(Debug)]
pub(crate) struct ArgumentError {
    /// The JS function, as a caller writes it (`check`, `new Guard`).
    pub(crate) function: &'static str,
    /// The parameter's name.
    pub(crate) argument: &'static str,
    /// What the parameter accepts.
    pub(crate) expected: &'static str,
    /// What it was given (a JS type name, or a parse error).
    pub(crate) got: String,
}

impl std::fmt::Display for ArgumentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: `{}` must be {}, got {}",
            self.function, self.argument, self.expected, self.got
        )
    }
}

impl Error for ArgumentError {}

#[cfg(feature = "panic-hook")]
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// Prints a panic's message to the console before the trap (diagnosis only).
#[cfg(feature = "panic-hook")]
pub(crate) fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error(&format!(
            "edgeguard-wasm panicked (a bug: inputs are validated, so please report it): {info}"
        ));
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argument_errors_name_function_argument_and_type() {
        let e = ArgumentError {
            function: "check",
            argument: "text",
            expected: "a string",
            got: "undefined".into(),
        };
        assert_eq!(
            error_message(&e),
            "check: `text` must be a string, got undefined"
        );
    }
}
