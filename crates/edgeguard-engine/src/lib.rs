//! # edgeguard-engine
//!
//! The engine loads a guard model, screens text with it and applies a policy. It sits on
//! `edgeguard-core` (labels, policy, verdict, normalization) and is the only crate that runs a
//! model; the CLI, the C library and the WASM package are thin faces over [`Guard`].
//!
//! Screening a text runs four stages, each public so that benchmarks can time them apart:
//! normalize ([`edgeguard_core::normalize::normalize`]), tokenize and window
//! ([`Guard::encode`]), infer ([`Guard::infer`], tract, maximum over windows), and the policy
//! ([`edgeguard_core::Policy::evaluate`]). Encoded segments (Base64, hex, URL-encoding, ROT13,
//! reversed text) are decoded into views that go through the same stages, and the verdict
//! takes the maximum over the text and its views ([`Verdict::views`] says which view fired);
//! chat-template tokens in a prompt raise `prompt_injection` ([`Verdict::chat_template`]).
//!
//! LLM output can be moderated while it streams: [`Guard::stream`] returns a
//! [`StreamModerator`] that re-checks the newest text at a [`Cadence`] and stops the stream at
//! the first unsafe stretch; its final verdict is the verdict on the whole text.
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
mod stream;
mod tokenize;
mod views;
mod window;

pub use command::CommandVerdict;
pub use config::{AggregateConfig, FileDigest, MODEL_FORMAT, Markers, ModelConfig, WindowConfig};
pub use edgeguard_core::{
    Action, LABEL_COUNT, Label, LabelScores, Policy, PolicyError, PolicyFormat, PolicySpec, Scores,
    Verdict,
};
pub use edgeguard_plan::{self as plan, ltl};
pub use error::{Error, Result};
pub use guard::{DEFAULT_MAX_INPUT_BYTES, Guard, Prepared, text_from_utf8};
pub use model::{ModelBytes, ModelFiles};
pub use stream::{Cadence, StreamModerator, StreamStatus};
pub use views::PreparedView;
pub use window::{Kind, Windows};
