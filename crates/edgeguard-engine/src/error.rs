//! The engine's error type, the codes every face names errors by, and the one function that
//! turns an error into a message.

use std::path::PathBuf;

use edgeguard_core::PolicyError;
use edgeguard_plan::PlanError;

/// Everything that can go wrong loading a model or screening text.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A model file could not be read.
    #[error("cannot read model file {}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// `config.json` is not valid JSON or lacks required fields.
    #[error("invalid model config.json")]
    ConfigSyntax(#[source] serde_json::Error),
    /// `config.json` parses but describes a model this build cannot use.
    #[error("unusable model config.json: {0}")]
    Config(String),
    /// A model file's SHA-256 differs from the one recorded in `config.json`: the file is
    /// corrupted or belongs to another model.
    #[error(
        "model file {file} is corrupted or mismatched: SHA-256 {actual}, config.json expects {expected}"
    )]
    Checksum {
        /// The file name.
        file: &'static str,
        /// SHA-256 recorded in `config.json`.
        expected: String,
        /// SHA-256 of the bytes given.
        actual: String,
    },
    /// The tokenizer file could not be loaded.
    #[error("cannot load tokenizer.json: {0}")]
    Tokenizer(String),
    /// The model graph could not be loaded or optimized by tract.
    #[error("cannot load model.nnef.tar")]
    Model(#[source] tract_nnef::prelude::TractError),
    /// Running the model failed.
    #[error("model inference failed")]
    Inference(#[source] tract_nnef::prelude::TractError),
    /// The text is larger than the guard accepts.
    #[error("input of {bytes} bytes exceeds the limit of {limit} bytes")]
    InputTooLarge {
        /// Size of the input in bytes.
        bytes: usize,
        /// The configured limit.
        limit: usize,
    },
    /// Input bytes are not valid UTF-8.
    #[error("input is not valid UTF-8 (first invalid byte at offset {offset})")]
    InvalidUtf8 {
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// A policy was rejected.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// A robot policy or plan was rejected.
    #[error(transparent)]
    Plan(#[from] PlanError),
}

/// The engine's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The kind of error, as every face names it.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Io { .. } => ErrorCode::Io,
            Error::ConfigSyntax(_) | Error::Config(_) => ErrorCode::ModelConfig,
            Error::Checksum { .. } => ErrorCode::ModelChecksum,
            Error::Tokenizer(_) => ErrorCode::ModelTokenizer,
            Error::Model(_) => ErrorCode::ModelGraph,
            Error::Inference(_) => ErrorCode::Inference,
            Error::InputTooLarge { .. } => ErrorCode::InputTooLarge,
            Error::InvalidUtf8 { .. } => ErrorCode::InvalidUtf8,
            Error::Policy(_) => ErrorCode::Policy,
            Error::Plan(_) => ErrorCode::Plan,
        }
    }
}

/// What went wrong, by one name in every face: [`Error::code`] in Rust, the `edgeguard_status`
/// numbers of the C library (`EDGEGUARD_STATUS_` and the name in capitals), `error.code` on the
/// errors the WASM package throws ([`ErrorCode::as_str`]), and `code` in the CLI's error rows.
///
/// The first group is for arguments a face receives, which the engine's typed API cannot get
/// wrong; the engine's own errors map onto the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// A required argument is missing (a NULL pointer in C).
    NullArgument,
    /// Text or a path is not valid UTF-8.
    InvalidUtf8,
    /// An index, label or enum value is out of range.
    OutOfRange,
    /// An argument has a type or value the call does not accept.
    InvalidArgument,
    /// The caller's buffer is too small.
    BufferTooSmall,
    /// The text is larger than the guard accepts.
    InputTooLarge,
    /// A model file could not be read.
    Io,
    /// The model's `config.json` is malformed or describes a model this build cannot use.
    ModelConfig,
    /// A model file's SHA-256 differs from `config.json`: corrupted or mismatched files.
    ModelChecksum,
    /// `tokenizer.json` does not load, or the tokenizer failed on a text.
    ModelTokenizer,
    /// `model.nnef.tar` does not load or has the wrong outputs.
    ModelGraph,
    /// A screening policy was rejected.
    Policy,
    /// A robot policy was rejected (syntax, names, formulas, unsatisfiable constraints).
    RobotPolicy,
    /// A plan is malformed or names actions or propositions the robot policy lacks.
    Plan,
    /// Running the model failed.
    Inference,
    /// A panic was caught at a face's boundary (a bug).
    Panic,
    /// An error this face has no better code for.
    Internal,
}

impl ErrorCode {
    /// Every code, in the order of their C numbers.
    pub const ALL: [ErrorCode; 17] = [
        ErrorCode::NullArgument,
        ErrorCode::InvalidUtf8,
        ErrorCode::OutOfRange,
        ErrorCode::InvalidArgument,
        ErrorCode::BufferTooSmall,
        ErrorCode::InputTooLarge,
        ErrorCode::Io,
        ErrorCode::ModelConfig,
        ErrorCode::ModelChecksum,
        ErrorCode::ModelTokenizer,
        ErrorCode::ModelGraph,
        ErrorCode::Policy,
        ErrorCode::RobotPolicy,
        ErrorCode::Plan,
        ErrorCode::Inference,
        ErrorCode::Panic,
        ErrorCode::Internal,
    ];

    /// The code's name in `snake_case`, as JS and the CLI's JSON write it.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NullArgument => "null_argument",
            ErrorCode::InvalidUtf8 => "invalid_utf8",
            ErrorCode::OutOfRange => "out_of_range",
            ErrorCode::InvalidArgument => "invalid_argument",
            ErrorCode::BufferTooSmall => "buffer_too_small",
            ErrorCode::InputTooLarge => "input_too_large",
            ErrorCode::Io => "io",
            ErrorCode::ModelConfig => "model_config",
            ErrorCode::ModelChecksum => "model_checksum",
            ErrorCode::ModelTokenizer => "model_tokenizer",
            ErrorCode::ModelGraph => "model_graph",
            ErrorCode::Policy => "policy",
            ErrorCode::RobotPolicy => "robot_policy",
            ErrorCode::Plan => "plan",
            ErrorCode::Inference => "inference",
            ErrorCode::Panic => "panic",
            ErrorCode::Internal => "internal",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The message every face shows for an error: its text followed by the text of each source,
/// joined by `": "` (a source whose text the message already holds, as a transparent variant's
/// does, is skipped).
pub fn error_message(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_distinct_snake_case_names() {
        let names: std::collections::BTreeSet<&str> =
            ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(names.len(), ErrorCode::ALL.len());
        for name in names {
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            );
        }
    }

    #[test]
    fn messages_name_the_cause_chain_once() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        let error = Error::Io {
            path: "m/model.nnef.tar".into(),
            source: io,
        };
        assert_eq!(error.code(), ErrorCode::Io);
        assert_eq!(
            error_message(&error),
            "cannot read model file m/model.nnef.tar: no such file"
        );
        let policy = Error::Policy(edgeguard_core::PolicyError::Threshold {
            label: None,
            value: 2.0,
        });
        assert_eq!(error_message(&policy), policy.to_string());
    }
}
