//! Content policies in JSON: no panic, and an accepted policy round-trips through its JSON.
#![no_main]

use edgeguard_core::{LABEL_COUNT, LabelScores, Policy, PolicyFormat, PolicySpec, Scores};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(spec) = PolicySpec::parse(text, PolicyFormat::Json) else {
        return;
    };
    let again = PolicySpec::parse(&spec.to_json(), PolicyFormat::Json).expect("own JSON parses");
    assert_eq!(again, spec);
    if let Ok(policy) = Policy::from_spec(&spec, &uniform(0.5)) {
        let explicit = policy.to_spec();
        let back = Policy::from_spec(&explicit, &uniform(0.9)).expect("an explicit spec resolves");
        assert_eq!(back.to_spec(), explicit);
    }
});

/// Every threshold (the `unsafe` one and each label's) at `p`.
fn uniform(p: f32) -> Scores {
    Scores {
        unsafe_prob: p,
        labels: LabelScores([p; LABEL_COUNT]),
    }
}
