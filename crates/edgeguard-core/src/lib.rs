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
//! Everything that runs a model lives in `edgeguard-engine`, which depends on this crate; the CLI,
//! the C library and the WASM package only marshal over the engine.
//!
//! ```
//! use edgeguard_core::{Action, Label, LabelScores, Policy, Scores};
//!
//! let policy = Policy::with_thresholds(&LabelScores([0.5; edgeguard_core::LABEL_COUNT]));
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
pub use verdict::Verdict;
