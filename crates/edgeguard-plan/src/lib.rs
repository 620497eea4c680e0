//! # edgeguard-plan
//!
//! Robot plan checks (SELP-style): LTLf policies, an online monitor, constrained decoding.
//!
//! This crate holds the plan checker and nothing of the text screening: it needs no model, no
//! I/O and no `std` (it builds `#![no_std]` with `alloc`), so it runs on a microcontroller-class
//! robot controller on its own. [`ltl`] parses LTLf formulas, compiles them to minimal automata
//! and decides equivalence and majority votes among candidate translations; the crate root loads
//! robot policies and checks plans. `edgeguard-engine` re-exports it for the CLI, C and WASM
//! faces.
//!
//!
//! A robot planner turns a command into a plan; before the robot moves, the plan must obey the
//! operator's rules. A [`RobotPolicy`] states them as LTLf constraints (syntax and semantics in
//! [`crate::ltl`]) over propositions that the plan's actions make true or false. Loading a
//! policy compiles every constraint into its automaton; a [`Monitor`] then checks a plan step by
//! step in fixed memory, and tells a planner which next actions keep every rule satisfiable.
//!
//! ```
//! use edgeguard_plan::{Plan, Reason, RobotPolicy};
//!
//! let policy = RobotPolicy::from_toml(r#"
//!     propositions = ["guard_on", "holding_knife"]
//!     actions = [
//!       { name = "attach_guard", sets = ["guard_on"] },
//!       { name = "pick_knife", sets = ["holding_knife"] },
//!     ]
//!     [[constraints]]
//!     id = "guard_first"
//!     message = "pick up the knife only after the gripper guard is on"
//!     formula = "!holding_knife W guard_on"
//! "#)?;
//! let good = Plan::from_json(r#"["attach_guard", "pick_knife"]"#)?;
//! assert!(policy.check(&good)?.accepted);
//! let bad = policy.check(&Plan::from_json(r#"["pick_knife", "attach_guard"]"#)?)?;
//! assert!(!bad.accepted);
//! assert!(matches!(&bad.reasons[0], Reason::Violated { step: 0, .. }));
//! # Ok::<(), edgeguard_plan::PlanError>(())
//! ```
//!
//! # Policy file
//!
//! JSON or TOML, same fields (unknown fields are errors):
//!
//! - `name`, `description` (optional, informative);
//! - `domains`: named value lists for action parameters, e.g. `{"room": ["kitchen", "lab"]}`;
//!   names and values are `[a-z0-9_]+`;
//! - `propositions`: names `[a-z_][a-z0-9_]*`, or templates expanded over domains:
//!   `"at_{room}"` declares `at_kitchen` and `at_lab`;
//! - `exclusive`: groups of propositions (templates allowed) of which at most one is true at any
//!   step, e.g. `[["at_{room}"]]`: a robot is in one room at a time. A proposition belongs to at
//!   most one group;
//! - `initial`: propositions true before the first step (default: none);
//! - `actions`: `name`, `params` (each `domain`, or `name:domain` when two parameters share a
//!   domain), `sets` and `clears` (templates over the parameters: `fly_to(room)` with
//!   `sets = ["at_{room}"]`). An action is grounded for every combination of argument values;
//!   every grounded effect must be a declared proposition;
//! - `constraints`: `id` (unique), `message` (reported on violation), `formula` (LTLf over the
//!   declared propositions).
//!
//! # Plans and their traces
//!
//! A [`Plan`] is a list of steps. The world state is a set of true propositions, starting at
//! `initial`. An action step clears the action's `clears` and the exclusive-group peers of its
//! `sets`, then sets its `sets` (so `fly_to(kitchen)` makes `at_kitchen` true and every other
//! `at_*` false); other propositions persist. A step with `props` sets the world state to
//! exactly those propositions. The trace the constraints read is the world state **after**
//! each step; the initial state itself is not a step. Step indices are 0-based everywhere.
//!
//! # Verdicts
//!
//! Per constraint, at any point ([`ConstraintStatus`]): *satisfied* (it holds if the plan ends
//! here), *pending* (not yet, but it still can), or *violated at step k* (no continuation can
//! satisfy it any more; continuations are taken to respect the exclusive groups). A step that
//! makes two propositions of one group true is reported too. At the end ([`PlanVerdict`]), the
//! plan is accepted iff every constraint is satisfied and no group was broken; pending
//! constraints are reported as unfulfilled. An empty plan is judged on the empty trace (see
//! [`crate::ltl`]): `G`-rules hold, `F`-rules are unfulfilled.
//!
//! # Load-time checks
//!
//! Unknown propositions, actions, domains or placeholders are errors naming where they are
//! ([`Location`]: constraint id, action, step index). A policy whose constraints cannot all
//! hold together on any plan of at least one step (respecting the exclusive groups, and with
//! all constraints agreeing on the plan's length) is rejected with a minimal set of
//! conflicting constraint ids ([`PlanError::Unsatisfiable`]).
//!
//! # Constrained decoding
//!
//! [`Monitor::allowed_actions`] lists the grounded actions after which some continuation
//! satisfies every constraint together. Continuations range over all group-respecting world
//! states (state steps included), not only over sequences of the policy's actions.
//!
//! # Bounds
//!
//! [`MAX_POLICY_PROPS`] propositions, [`MAX_CONSTRAINTS`] constraints, [`MAX_ACTIONS`] grounded
//! actions; each formula within the bounds of [`crate::ltl`]. The joint analysis explores at
//! most [`MAX_COMPONENT_LETTERS`] group-respecting world states and [`MAX_PRODUCT_STATES`]
//! product states per group of interacting constraints, and plan-length periods up to
//! [`MAX_HORIZON`]. The monitor records [`MAX_RECORDED_CONFLICTS`] group conflicts one by one
//! and counts the rest.

#![no_std]
#![deny(missing_docs)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod error;
mod joint;
mod load;
pub mod ltl;
mod monitor;
mod policy;
mod props;
mod spec;
mod template;
#[cfg(test)]
mod tests;
mod verdict;

pub use error::{Location, PlanError};
pub use monitor::{ConstraintStatus, Monitor, Step, StepReport};
pub use policy::{ActionId, Constraint, ConstraintId, GroundAction, RobotPolicy};
pub use props::{PropId, PropSet};
pub use spec::{Plan, PlanStep};
pub use verdict::{ConstraintResult, PlanVerdict, Reason};

/// Most propositions in one policy (a [`PropSet`] is a fixed 256-bit set).
pub const MAX_POLICY_PROPS: usize = 256;
/// Most constraints in one policy (the monitor's fixed capacity).
pub const MAX_CONSTRAINTS: usize = 64;
/// Most grounded actions in one policy.
pub const MAX_ACTIONS: usize = 4096;
/// Exclusive-group conflicts a monitor lists one by one (later ones are counted).
pub const MAX_RECORDED_CONFLICTS: usize = 16;
/// Most group-respecting world states per component of interacting constraints.
pub const MAX_COMPONENT_LETTERS: usize = 1024;
/// Most product states per component of interacting constraints.
pub const MAX_PRODUCT_STATES: usize = 4096;
/// Longest plan-length preperiod plus period the joint analysis tracks (a multiple of 64).
pub const MAX_HORIZON: usize = 256;
