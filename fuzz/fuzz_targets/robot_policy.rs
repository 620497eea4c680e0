//! Robot policies (JSON when the first byte is even, TOML when odd): no panic while loading,
//! and a loaded policy checks the plan that follows a `\n---\n` separator without panicking.
#![no_main]

use edgeguard_plan::{Plan, RobotPolicy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let (policy, plan) = text.split_once("\n---\n").unwrap_or((text, ""));
    let policy = if mode % 2 == 0 {
        RobotPolicy::from_json(policy)
    } else {
        RobotPolicy::from_toml(policy)
    };
    if let (Ok(policy), Ok(plan)) = (policy, Plan::from_json(plan)) {
        let _ = policy.check(&plan);
    }
});
