//! Robot commands: screen the natural-language command with the model and check the plan a
//! planner made from it against the operator's temporal-logic rules, in one verdict.

use edgeguard_core::{Action, Verdict};
use edgeguard_plan::{Plan, PlanVerdict, RobotPolicy};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::guard::Guard;

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

impl Guard {
    /// Screens a robot command with the model and checks its plan against a robot policy.
    ///
    /// # Errors
    /// [`crate::Error::Plan`] when the plan names unknown actions or propositions, and the
    /// errors of [`Guard::check`] for the command text.
    pub fn check_command(
        &self,
        command: &str,
        plan: &Plan,
        policy: &RobotPolicy,
    ) -> Result<CommandVerdict> {
        let plan_verdict = policy.check(plan)?;
        let screened = self.check(command)?;
        Ok(CommandVerdict::new(Some(screened), plan_verdict))
    }
}
