//! # edgeguard-core
//!
//! The screening vocabulary of edgeguard, which needs no model and no I/O: the label taxonomy,
//! model scores, policies and verdicts, text normalization, decoding and chat-template signals.
//! It builds `#![no_std]` with `alloc`, so a policy can be evaluated on microcontroller-class
//! devices too. Robot plan checks are a crate of their own, `edgeguard-plan`.
//!
//! Adversarial input is handled in three public modules: [`normalize`] folds obfuscations
//! (invisible characters, look-alikes, spaced letters, leetspeak, stretched letters) into plain
//! text, [`decode`] finds encoded segments (Base64, hex, URL-encoding, ROT13, reversed text) and
//! decodes them into extra views, and [`chat_template`] finds forged chat-template tokens. The
//! transforms the robustness harness measures them with are in `edgeguard-eval`.
//!
//! Everything that runs a model lives in `edgeguard-engine`, which depends on this crate; the CLI,
//! the C library and the WASM package only marshal over the engine.
//!
//! ```
//! use edgeguard_core::{Action, Label, LabelScores, Policy, Scores};
//!
//! let thresholds = Scores { unsafe_prob: 0.5, labels: LabelScores([0.5; edgeguard_core::LABEL_COUNT]) };
//! let policy = Policy::with_thresholds(&thresholds);
//! let mut scores = Scores::default();
//! scores.labels[Label::SelfHarm] = 0.93;
//! let verdict = policy.evaluate(&scores, "text the scores came from");
//! assert_eq!(verdict.fired, [Label::SelfHarm]);
//! assert_eq!(verdict.action, Action::Block);
//! assert_eq!(Label::SelfHarm.as_str(), "S11");
//! ```
#![no_std]
#![deny(missing_docs)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod chat_template;
pub mod decode;
mod label;
pub mod normalize;
mod policy;
mod scores;
mod verdict;

pub use label::{LABEL_COUNT, Label, UnknownLabel};
pub use policy::{
    Action, MAX_TERM_BYTES, MAX_TERMS, Policy, PolicyError, PolicyFormat, PolicySpec, Rule,
    RuleSpec, TermsSpec, default_action,
};
pub use scores::{LabelScores, Scores};
pub use verdict::{Verdict, ViewVerdict};
