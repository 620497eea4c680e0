//! # edgeguard-engine
//!
//! The engine loads a guard model, screens text with it and applies a policy. It sits on
//! `edgeguard-core` (labels, policy, verdict, normalization) and is the only crate that runs a
//! model; the CLI, the C library and the WASM package are thin faces over [`Guard`].
//!
//! Screening a text runs four stages, each public so that benchmarks can time them apart:
//! normalize ([`edgeguard_core::normalize::normalize`]), tokenize and window
//! ([`Guard::encode`]), infer ([`Guard::infer`], tract, maximum over windows), and the policy
//! ([`edgeguard_core::Policy::evaluate`]).
//!
//! A model is three files: `model.onnx`, `tokenizer.json` and `config.json`. Loading checks the
//! SHA-256 of the first two against the third, that the labels are this build's labels, and that
//! the graph has the expected output, so a corrupted model fails at load instead of giving
//! garbage scores.
//!
//! ```
//! use edgeguard_engine::{Action, Guard};
//!
//! let guard = Guard::default_model()?;
//! let verdict = guard.check("How do I kill a Python process that hangs?")?;
//! assert_eq!(verdict.action, Action::Allow);
//! # Ok::<(), edgeguard_engine::Error>(())
//! ```
#![deny(missing_docs)]

mod command;
mod config;
#[cfg(feature = "embedded-model")]
mod embedded;
mod error;
mod guard;
mod model;
mod window;

pub use command::CommandVerdict;
pub use config::{FileDigest, MODEL_FORMAT, Markers, ModelConfig, WindowConfig};
pub use edgeguard_core::{
    Action, LABEL_COUNT, Label, LabelScores, Policy, PolicyError, PolicyFormat, PolicySpec, Scores,
    Verdict,
};
pub use edgeguard_core::{ltl, plan};
pub use error::{Error, Result};
pub use guard::{DEFAULT_MAX_INPUT_BYTES, Guard, Prepared, text_from_utf8};
pub use model::{ModelBytes, ModelFiles};
pub use window::{Kind, Windows};
