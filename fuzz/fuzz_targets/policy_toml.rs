//! Content policies in TOML: no panic, and an accepted policy means the same in JSON.
#![no_main]

use edgeguard_core::{LABEL_COUNT, LabelScores, Policy, PolicyFormat, PolicySpec, Scores};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(spec) = PolicySpec::parse(text, PolicyFormat::Toml) else {
        return;
    };
    let json = PolicySpec::parse(&spec.to_json(), PolicyFormat::Json).expect("own JSON parses");
    assert_eq!(json, spec);
    let _ = Policy::from_spec(&spec, &uniform(0.5));
});

/// Every threshold (the `unsafe` one and each label's) at `p`.
fn uniform(p: f32) -> Scores {
    Scores {
        unsafe_prob: p,
        labels: LabelScores([p; LABEL_COUNT]),
    }
}
