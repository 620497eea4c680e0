//! # edgeguard-core
//!
//! The part of edgeguard that needs no model and no I/O: the label taxonomy, model scores,
//! policies and verdicts, text normalization, and robot plan checks. It builds `#![no_std]` with
//! `alloc`, so the policy and the plan checker also run on microcontroller-class robot
//! controllers.
//!
//! Robot plan checks live in two public modules: [`ltl`] parses LTLf formulas, compiles them to
//! minimal automata, and decides equivalence and majority votes among candidate translations;
//! [`plan`] loads a robot policy (propositions, exclusive groups, actions, LTLf constraints),
//! checks plans step by step in fixed memory with no heap allocation, and lists the next
//! actions that keep every rule satisfiable.
//!
//! Adversarial input is handled in three public modules: [`normalize`] folds obfuscations
//! (invisible characters, look-alikes, spaced letters, leetspeak, stretched letters) into plain
//! text, [`decode`] finds encoded segments (Base64, hex, URL-encoding, ROT13, reversed text) and
//! decodes them into extra views, and [`chat_template`] finds forged chat-template tokens. The
//! [`attack`] module holds the transforms the robustness harness measures them with.
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

pub mod attack;
pub mod chat_template;
pub mod decode;
mod label;
pub mod ltl;
pub mod metrics;
pub mod normalize;
pub mod plan;
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
