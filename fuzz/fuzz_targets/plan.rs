//! Plans against a fixed robot policy (the tabletop example): no panic on any plan file.
#![no_main]

use std::sync::OnceLock;

use edgeguard_plan::{Plan, RobotPolicy};
use libfuzzer_sys::fuzz_target;

fn policy() -> &'static RobotPolicy {
    static POLICY: OnceLock<RobotPolicy> = OnceLock::new();
    POLICY.get_or_init(|| {
        RobotPolicy::from_toml(include_str!("../../examples/robot/tabletop/policy.toml"))
            .expect("the tabletop example policy loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(plan) = Plan::from_json(text) {
        let _ = policy().check(&plan);
    }
});
