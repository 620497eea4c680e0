//! LTLf formulas: no panic, a parsed formula prints to a formula that parses to the same, and
//! small formulas compile.
#![no_main]

use edgeguard_plan::ltl;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(formula) = ltl::parse(text) else {
        return;
    };
    let printed = formula.to_string();
    let again = ltl::parse(&printed).expect("a printed formula parses");
    assert_eq!(again.to_string(), printed);
    if formula.size() <= 24 {
        let _ = formula.compile();
    }
});
