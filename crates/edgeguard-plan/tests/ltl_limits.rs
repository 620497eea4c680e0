//! Bounds: formulas at the documented limits parse, compile (or fail with a clear error) and
//! evaluate on a small stack; past the limits they fail with the named bound.

use edgeguard_plan::ltl::{
    self, LtlError, MAX_DEPTH, MAX_FORMULA_LEN, MAX_FORMULA_PROPS, MAX_NODES,
};

/// Formulas whose syntax tree is exactly `MAX_DEPTH` deep, in several shapes.
fn deepest() -> Vec<String> {
    let d = MAX_DEPTH - 1;
    let nested = |open: &str, leaf: &str, close: &str, levels: usize| {
        let n = d / levels;
        format!("{}{leaf}{}", open.repeat(n), close.repeat(n))
    };
    let chain = |op: &str| {
        let names = ["a", "b"];
        (0..=d).map(|i| names[i % 2]).collect::<Vec<_>>().join(op)
    };
    vec![
        nested("X ", "a", "", 1),
        nested("!", "a", "", 1),
        nested("N (a | ", "b", ")", 2),
        chain(" U "),
        chain(" <-> "),
        chain(" -> "),
        chain(" W "),
        chain(" M "),
        // G (a -> F (b & G (a -> F ...))): two levels per step.
        format!("{}a{}", "G (a -> F (b & ".repeat(d / 4), "))".repeat(d / 4)),
    ]
}

#[test]
fn formulas_at_the_depth_bound_work_on_a_small_stack() {
    let handle = std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(|| {
            for src in deepest() {
                let f = ltl::parse(&src).unwrap_or_else(|e| panic!("{src}: {e}"));
                assert_eq!(ltl::parse(&f.to_string()).as_ref(), Ok(&f));
                let trace: &[&[&str]] = &[&["a"], &["b"], &["a", "b"], &[]];
                let expected = f.eval(trace);
                match f.compile() {
                    Ok(a) => {
                        assert_eq!(a.accepts(trace), expected, "{src}");
                        assert_eq!(f.equivalent(&f), Ok(true));
                    }
                    Err(e) => assert!(matches!(e, LtlError::TooComplex { .. }), "{src}: {e}"),
                }
            }
        })
        .unwrap();
    handle.join().unwrap();
}

#[test]
fn past_the_bounds_errors_name_the_bound() {
    let too_deep = format!("{}a", "X ".repeat(MAX_DEPTH));
    assert!(matches!(
        ltl::parse(&too_deep),
        Err(LtlError::TooDeep { max: MAX_DEPTH, .. })
    ));
    let huge = format!("{}a{}", "(".repeat(100_000), ")".repeat(100_000));
    assert!(matches!(
        ltl::parse(&huge),
        Err(LtlError::TooLong {
            max: MAX_FORMULA_LEN,
            ..
        })
    ));
    let parens = format!("{}a{}", "(".repeat(2000), ")".repeat(2000));
    assert!(matches!(ltl::parse(&parens), Err(LtlError::TooDeep { .. })));
    let wide = vec!["a"; 1200].join("&");
    assert!(matches!(
        ltl::parse(&wide),
        Err(LtlError::TooLarge { max: MAX_NODES, .. })
    ));
    let props: Vec<String> = (0..=MAX_FORMULA_PROPS).map(|i| format!("p{i}")).collect();
    let f = ltl::parse(&props.join(" | ")).unwrap();
    assert_eq!(
        f.compile(),
        Err(LtlError::TooManyProps {
            count: MAX_FORMULA_PROPS + 1,
            max: MAX_FORMULA_PROPS
        })
    );
    let half = props[..6].join(" | ");
    let other = props[5..].join(" & ");
    assert!(matches!(
        ltl::equivalent(&half, &other),
        Err(LtlError::TooManyProps { .. })
    ));
}

#[test]
fn state_explosion_stops_at_the_state_bound_quickly() {
    // "Visit each of 9 places in any order" needs 2^9 progress states: past MAX_STATES.
    let src: Vec<String> = (0..9).map(|i| format!("F p{i}")).collect();
    let err = ltl::parse(&src.join(" & ")).unwrap().compile().unwrap_err();
    assert_eq!(
        err,
        LtlError::TooComplex {
            bound: "states",
            max: ltl::MAX_STATES
        }
    );
    // Four places is small.
    let four = ltl::parse("F p0 & F p1 & F p2 & F p3")
        .unwrap()
        .compile()
        .unwrap();
    assert_eq!(four.state_count(), 16);
}
