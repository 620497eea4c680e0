//! `edgeguard plan`: check a robot plan against a temporal-logic policy, and screen the command
//! it was made from.

use std::path::Path;

use anyhow::{Context, Result};
use edgeguard_engine::plan::{Plan, RobotPolicy};
use edgeguard_engine::{Action, CommandVerdict};

use crate::Outcome;
use crate::args::{ModelArgs, PlanArgs};
use crate::input::load_guard;
use crate::render;

pub fn run(model: &ModelArgs, args: PlanArgs) -> Result<Outcome> {
    let policy = read_robot_policy(&args.policy)?;
    let plan_text = std::fs::read_to_string(&args.plan)
        .with_context(|| format!("reading plan {}", args.plan.display()))?;
    let plan =
        Plan::from_json(&plan_text).with_context(|| format!("in plan {}", args.plan.display()))?;
    let verdict = match &args.command {
        Some(command) => load_guard(model, args.content_policy.as_deref())?
            .check_command(command, &plan, &policy)
            .with_context(|| format!("checking plan {}", args.plan.display()))?,
        None => CommandVerdict::new(
            None,
            policy
                .check(&plan)
                .with_context(|| format!("checking plan {}", args.plan.display()))?,
        ),
    };
    if args.json {
        println!("{}", serde_json::to_string(&verdict)?);
    } else {
        print!("{}", render::command(&verdict));
    }
    Ok(if verdict.action == Action::Allow {
        Outcome::Allowed
    } else {
        Outcome::Flagged
    })
}

fn read_robot_policy(path: &Path) -> Result<RobotPolicy> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading robot policy {}", path.display()))?;
    let parsed = match crate::input::policy_format(path, &text) {
        edgeguard_engine::PolicyFormat::Json => RobotPolicy::from_json(&text),
        edgeguard_engine::PolicyFormat::Toml => RobotPolicy::from_toml(&text),
    };
    parsed.with_context(|| format!("in robot policy {}", path.display()))
}
