//! # edgeguard-engine
//!
//! The engine loads a guard model, screens text with it and applies a policy. It sits on
//! `edgeguard-core` (labels, policy, verdict, normalization) and is the only crate that runs a
//! model; the CLI, the C library and the WASM package are thin faces over [`Guard`].
//!
//! Screening a text runs four stages, one module each: normalize, tokenize and window
//! (`prepare`), infer (`infer`: tract, then the maximum over windows and sentences, aggregated as
//! the model's [`AggregateConfig`] says), and the verdict under the policy (`merge`). A long
//! text is tokenized in pieces whose ids stream through the model as they come: each window runs
//! once it is certain, a few at a time, keeping only the running maximum per output and the
//! count, so neither its token ids nor its windows are ever all held (see the README, "Any
//! input"). The
//! `stages` feature makes the stages public as `Guard::prepare`, `Guard::encode` and `Guard::infer` so
//! that benchmarks can time them apart; they are not part of the stable API. Imports run one way:
//! [`Guard`] (in `guard`, all of its methods) calls the stages, the stages call the model, and no
//! stage imports `guard` (the stream moderator, which holds a `Guard`, is its one client in the
//! crate). Encoded segments (Base64, hex, URL-encoding, ROT13, reversed text) are decoded into
//! views that go through the same stages, and the verdict
//! takes the maximum over the text and its views ([`Verdict::views`] says which view fired);
//! chat-template tokens in a prompt raise `prompt_injection` ([`Verdict::chat_template`]).
//!
//! LLM output can be moderated while it streams: [`Guard::stream`] returns a
//! [`StreamModerator`] that re-checks the newest text at a [`Cadence`] and stops the stream at
//! the first unsafe stretch; its final verdict is the verdict on the whole text.
//!
//! A model is three files: `model.nnef.tar`, `tokenizer.json` and `config.json`. Loading checks the
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
mod graph;
mod guard;
mod infer;
mod kind;
mod merge;
mod model;
mod prepare;
mod stream;
mod tokenize;
mod window;

pub use command::CommandVerdict;
pub use config::{AggregateConfig, FileDigest, MODEL_FORMAT, Markers, ModelConfig, WindowConfig};
pub use edgeguard_core::{
    Action, LABEL_COUNT, Label, LabelScores, Policy, PolicyError, PolicyFormat, PolicySpec, Scores,
    Verdict,
};
pub use edgeguard_plan::{self as plan, ltl};
pub use error::{Error, ErrorCode, Result, error_message};
pub use guard::{BATCH_TEXT_BYTES, DEFAULT_MAX_INPUT_BYTES, Guard, text_from_utf8};
pub use kind::Kind;
#[cfg(feature = "stages")]
pub use model::load_stages;
pub use model::{ModelBytes, ModelDigests, ModelFiles};
#[cfg(feature = "stages")]
pub use prepare::{Prepared, PreparedView};
pub use stream::{Cadence, StreamModerator, StreamStatus};
#[cfg(feature = "stages")]
pub use window::Windows;
