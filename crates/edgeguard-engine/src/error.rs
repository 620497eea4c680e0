//! The engine's error type.

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
    /// The ONNX model could not be loaded or optimized by tract.
    #[error("cannot load model.onnx")]
    Model(#[source] tract_onnx::prelude::TractError),
    /// Running the model failed.
    #[error("model inference failed")]
    Inference(#[source] tract_onnx::prelude::TractError),
    /// The text is empty once invisible characters and whitespace are removed.
    #[error("nothing to screen: the text is empty after normalization")]
    EmptyInput,
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
