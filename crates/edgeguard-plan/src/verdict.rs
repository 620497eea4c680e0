//! The report on a plan: its serde shape is what the CLI, C and WASM faces emit.

use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};

use super::monitor::{ConstraintStatus, Monitor};

/// The verdict on a plan, as if it ended after the steps fed so far.
///
/// ```json
/// {"accepted": false, "steps": 3,
///  "constraints": [{"id": "no_lab", "status": "violated", "step": 1},
///                  {"id": "dock_last", "status": "pending"}],
///  "reasons": [{"kind": "violated", "constraint": "no_lab", "message": "never enter the lab", "step": 1},
///              {"kind": "unfulfilled", "constraint": "dock_last", "message": "end at the dock"}]}
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanVerdict {
    /// Whether the plan satisfies every constraint and never breaks an exclusive group.
    pub accepted: bool,
    /// Number of steps checked.
    pub steps: usize,
    /// Every constraint's status, in policy order.
    pub constraints: Vec<ConstraintResult>,
    /// Why the plan is rejected; empty when accepted.
    pub reasons: Vec<Reason>,
}

/// One constraint's status in a [`PlanVerdict`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConstraintResult {
    /// The constraint's id.
    pub id: String,
    /// Its status (`status` and, when violated, `step`).
    #[serde(flatten)]
    pub status: ConstraintStatus,
}

/// A reason a plan is rejected. Serialized with a `kind` tag.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    /// A constraint became impossible to satisfy at a step.
    Violated {
        /// The constraint's id.
        constraint: String,
        /// Its message.
        message: String,
        /// 0-based index of the step.
        step: usize,
    },
    /// The plan ended before a constraint was fulfilled (e.g. `F dock` with no dock step).
    Unfulfilled {
        /// The constraint's id.
        constraint: String,
        /// Its message.
        message: String,
    },
    /// A step made two or more propositions of one exclusive group true.
    Exclusive {
        /// 0-based index of the step.
        step: usize,
        /// The propositions that were true together.
        props: Vec<String>,
    },
    /// More exclusive-group conflicts happened than the monitor records one by one.
    MoreConflicts {
        /// How many were not listed.
        count: usize,
    },
}

impl Monitor<'_> {
    /// The verdict if the plan ended after the steps fed so far: pending constraints count as
    /// unfulfilled. Allocates (names and messages); stepping does not.
    pub fn verdict(&self) -> PlanVerdict {
        let policy = self.policy();
        let mut constraints = Vec::new();
        let mut reasons = Vec::new();
        for (id, status) in self.statuses() {
            let c = &policy.constraints()[id.index()];
            constraints.push(ConstraintResult {
                id: c.id().into(),
                status,
            });
            match status {
                ConstraintStatus::Satisfied => {}
                ConstraintStatus::Pending => reasons.push(Reason::Unfulfilled {
                    constraint: c.id().into(),
                    message: c.message().into(),
                }),
                ConstraintStatus::Violated { step } => reasons.push(Reason::Violated {
                    constraint: c.id().into(),
                    message: c.message().into(),
                    step,
                }),
            }
        }
        let (recorded, total) = self.conflicts();
        for conflict in recorded {
            let props = conflict
                .props
                .iter()
                .map(|p| String::from(policy.prop_name(p)))
                .collect();
            reasons.push(Reason::Exclusive {
                step: conflict.step as usize,
                props,
            });
        }
        if total > recorded.len() {
            reasons.push(Reason::MoreConflicts {
                count: total - recorded.len(),
            });
        }
        PlanVerdict {
            accepted: reasons.is_empty(),
            steps: self.steps(),
            constraints,
            reasons,
        }
    }
}
