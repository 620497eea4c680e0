//! Robot commands: screen the natural-language command with the model and check the plan a
//! planner made from it against the operator's temporal-logic rules, in one verdict.

use edgeguard_core::{Action, Verdict};
use edgeguard_plan::PlanVerdict;
use serde::{Deserialize, Serialize};

/// The combined verdict on a robot command and its plan.
///
/// ```json
/// {"action": "block", "command": {"unsafe": 0.02, ...}, "plan": {"accepted": false, ...}}
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommandVerdict {
    /// `block` when the plan breaks a rule, else the command screen's action.
    pub action: Action,
    /// The command screened as a prompt (hazard labels and `physical_hazard`), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<Verdict>,
    /// The plan checked against the robot policy.
    pub plan: PlanVerdict,
}

impl CommandVerdict {
    /// Combines a command screen (if any) with a plan check.
    pub fn new(command: Option<Verdict>, plan: PlanVerdict) -> CommandVerdict {
        let action = if plan.accepted {
            command.as_ref().map_or(Action::Allow, |v| v.action)
        } else {
            Action::Block
        };
        CommandVerdict {
            action,
            command,
            plan,
        }
    }
}
