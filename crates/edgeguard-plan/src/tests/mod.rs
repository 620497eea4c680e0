//! Unit tests of the plan module: a small drone policy and helpers shared by the tests of
//! loading (`loading.rs`) and of checking (`checking.rs`).

use alloc::format;
use alloc::string::String;

use super::*;

mod checking;
mod loading;

/// A small drone policy; `extra` is spliced into the constraint list.
pub(super) fn drone(extra: &str) -> String {
    format!(
        r#"{{
        "name": "test drone",
        "domains": {{"room": ["hall", "lab", "dock", "room_1", "room_10"]}},
        "propositions": ["at_{{room}}", "photo", "flying"],
        "exclusive": [["at_{{room}}"]],
        "initial": ["at_dock"],
        "actions": [
            {{"name": "fly_to", "params": ["room"], "sets": ["at_{{room}}", "flying"]}},
            {{"name": "snap", "sets": ["photo"]}},
            {{"name": "land", "clears": ["flying"]}}
        ],
        "constraints": [
            {{"id": "no_lab", "message": "never enter the lab", "formula": "G !at_lab"}}
            {extra}
        ]}}"#
    )
}

pub(super) fn load(extra: &str) -> Result<RobotPolicy, PlanError> {
    RobotPolicy::from_json(&drone(extra))
}

pub(super) fn check(policy: &RobotPolicy, plan: &str) -> PlanVerdict {
    policy.check(&Plan::from_json(plan).unwrap()).unwrap()
}

pub(super) fn status(v: &PlanVerdict, id: &str) -> ConstraintStatus {
    v.constraints.iter().find(|c| c.id == id).unwrap().status
}
