//! Content policies in TOML: no panic, and an accepted policy means the same in JSON.
#![no_main]

use edgeguard_core::{LABEL_COUNT, LabelScores, Policy, PolicyFormat, PolicySpec};
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
    let _ = Policy::from_spec(&spec, &LabelScores([0.5; LABEL_COUNT]));
});
