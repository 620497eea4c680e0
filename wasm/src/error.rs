//! Errors cross into JS in one place: [`into_js_error`] turns any Rust error into a thrown JS
//! `Error` whose message names the cause chain.

use std::error::Error;
use std::fmt::Write as _;

use wasm_bindgen::JsError;

/// The message of an error followed by its sources, joined by `": "` (a source whose text the
/// message already contains is skipped).
pub fn error_message(error: &dyn Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            // Writing to a String cannot fail.
            let _ = write!(message, ": {text}");
        }
        source = cause.source();
    }
    message
}

/// Converts an error into the JS `Error` that an export throws.
///
/// Only meaningful on wasm32 (it calls into JS).
pub fn into_js_error<E: Error>(error: E) -> JsError {
    JsError::new(&error_message(&error))
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

    #[derive(Debug)]
    struct Outer(Inner);
    #[derive(Debug)]
    struct Inner;

    impl std::fmt::Display for Outer {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("cannot load model.onnx")
        }
    }
    impl Error for Outer {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            Some(&self.0)
        }
    }
    impl std::fmt::Display for Inner {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("truncated protobuf")
        }
    }
    impl Error for Inner {}

    #[test]
    fn message_names_the_cause_chain() {
        assert_eq!(
            error_message(&Outer(Inner)),
            "cannot load model.onnx: truncated protobuf"
        );
    }

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
