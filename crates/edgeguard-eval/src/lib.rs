//! # edgeguard-eval
//!
//! How edgeguard is measured, shared by the CLI's `eval`, the tests and the benches: the attack
//! transforms an adversary applies ([`attack`]), the classification metrics ([`metrics`]), and
//! the robustness harness that screens transformed prompts ([`robustness`]).
//!
//! Nothing on the screening path depends on this crate: the guard never calls a transform. It
//! runs no model itself either; callers pass a closure that screens a text.
//!
//! ```
//! use edgeguard_eval::attack::Transform;
//! use edgeguard_eval::robustness::measure;
//!
//! let report = measure::<()>(&["a bomb"], &["a cake"], &Transform::ALL, 0, |text| {
//!     Ok(text.contains("bomb"))
//! })
//! .unwrap();
//! assert_eq!(report.clean().unwrap().recall(), 1.0);
//! ```
#![deny(missing_docs)]

extern crate alloc;

pub mod attack;
pub mod metrics;
pub mod robustness;
