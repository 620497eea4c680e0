//! Loading policies: errors with their locations, bounds, unsatisfiable rule sets, formats.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::super::*;
use super::{drone, load};
use crate::ltl::LtlError;

#[test]
fn policy_errors_name_where_they_are() {
    let unknown = load(r#", {"id": "c2", "message": "m", "formula": "F at_attic"}"#).unwrap_err();
    assert_eq!(
        unknown,
        PlanError::UnknownProp {
            at: Location::Constraint { id: "c2".into() },
            name: "at_attic".into()
        }
    );
    let syntax = load(r#", {"id": "c2", "message": "m", "formula": "F (at_hall"}"#).unwrap_err();
    assert!(matches!(
        syntax,
        PlanError::Formula { ref id, source: LtlError::UnexpectedEnd { column: 11, .. } } if id == "c2"
    ));
    assert!(
        syntax.to_string().starts_with("constraint `c2`: column 11"),
        "{syntax}"
    );
    let dup = load(r#", {"id": "no_lab", "message": "m", "formula": "true"}"#).unwrap_err();
    assert!(matches!(dup, PlanError::Duplicate { .. }));

    let src = drone("");
    let bad_effect = src.replace(r#""sets": ["photo"]"#, r#""sets": ["photo_{room}"]"#);
    assert!(matches!(
        RobotPolicy::from_json(&bad_effect),
        Err(PlanError::BadTemplate { .. })
    ));
    let bad_effect = src.replace(
        r#""sets": ["at_{room}", "flying"]"#,
        r#""sets": ["on_{room}"]"#,
    );
    assert_eq!(
        RobotPolicy::from_json(&bad_effect).unwrap_err(),
        PlanError::UnknownProp {
            at: Location::Action {
                action: "fly_to(hall)".into()
            },
            name: "on_hall".into()
        }
    );
    let bad_domain = src.replace(r#""params": ["room"]"#, r#""params": ["to:place"]"#);
    assert!(matches!(
        RobotPolicy::from_json(&bad_domain),
        Err(PlanError::UnknownDomain { .. })
    ));
    let two_rooms = src.replace(
        r#""sets": ["photo"]"#,
        r#""params": ["a:room", "b:room"], "sets": ["at_{a}", "at_{b}"]"#,
    );
    assert!(matches!(
        RobotPolicy::from_json(&two_rooms),
        Err(PlanError::Exclusive {
            at: Location::Action { .. },
            ..
        })
    ));
    let initial = src.replace(
        r#""initial": ["at_dock"]"#,
        r#""initial": ["at_dock", "at_hall"]"#,
    );
    assert!(matches!(
        RobotPolicy::from_json(&initial),
        Err(PlanError::Exclusive {
            at: Location::Initial,
            ..
        })
    ));
    let two_groups = src.replace(
        r#""exclusive": [["at_{room}"]]"#,
        r#""exclusive": [["at_{room}"], ["at_hall", "photo"]]"#,
    );
    assert!(matches!(
        RobotPolicy::from_json(&two_groups),
        Err(PlanError::Exclusive { .. })
    ));
    let bad_name = src.replace(r#""photo", "flying""#, r#""Photo", "flying""#);
    assert!(matches!(
        RobotPolicy::from_json(&bad_name),
        Err(PlanError::InvalidName { .. })
    ));
    let unknown_field = src.replace(r#""initial""#, r#""initials""#);
    let e = RobotPolicy::from_json(&unknown_field).unwrap_err();
    assert!(
        matches!(e, PlanError::Syntax { format: "json", .. }) && e.to_string().contains("initials"),
        "{e}"
    );
    let toml = RobotPolicy::from_toml("propositions = [\"a\"\nconstraints = []").unwrap_err();
    assert!(matches!(toml, PlanError::Syntax { format: "toml", .. }));
}

#[test]
fn unsatisfiable_policies_name_a_minimal_conflict() {
    let e = load(
        r#", {"id": "photo", "message": "m", "formula": "F photo"},
            {"id": "no_photo", "message": "m", "formula": "G !photo"},
            {"id": "fly", "message": "m", "formula": "F flying"}"#,
    )
    .unwrap_err();
    assert_eq!(
        e,
        PlanError::Unsatisfiable {
            ids: Vec::from(["photo".into(), "no_photo".into()])
        }
    );
    // Through an exclusive group.
    let e = load(r#", {"id": "both", "message": "m", "formula": "F (at_hall & at_dock)"}"#)
        .unwrap_err();
    assert_eq!(
        e,
        PlanError::Unsatisfiable {
            ids: Vec::from(["both".into()])
        }
    );
    // Through the plan's length: unrelated propositions, incompatible lengths.
    let e = load(
        r#", {"id": "short", "message": "m", "formula": "N false"},
            {"id": "long", "message": "m", "formula": "F (photo & X true)"}"#,
    )
    .unwrap_err();
    assert_eq!(
        e,
        PlanError::Unsatisfiable {
            ids: Vec::from(["short".into(), "long".into()])
        }
    );
    // Only the empty plan would do: rejected too.
    let e = load(r#", {"id": "a", "message": "m", "formula": "G photo"}, {"id": "b", "message": "m", "formula": "G !photo"}"#)
        .unwrap_err();
    assert_eq!(
        e,
        PlanError::Unsatisfiable {
            ids: Vec::from(["a".into(), "b".into()])
        }
    );
    assert!(e.to_string().contains("a, b"));
}

#[test]
fn deep_and_long_formulas_fail_with_a_clear_error() {
    let deep = format!("{}photo{}", "(".repeat(100), ")".repeat(100));
    let e = load(&format!(
        r#", {{"id": "deep", "message": "m", "formula": "{deep}"}}"#
    ))
    .unwrap_err();
    assert!(
        matches!(
            e,
            PlanError::Formula {
                source: LtlError::TooDeep { .. },
                ..
            }
        ),
        "{e}"
    );
    let long = alloc::vec!["photo"; 2000].join(" & ");
    let e = load(&format!(
        r#", {{"id": "long", "message": "m", "formula": "{long}"}}"#
    ))
    .unwrap_err();
    assert!(
        matches!(
            e,
            PlanError::Formula {
                source: LtlError::TooLong { .. },
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn too_many_propositions_or_constraints() {
    let many: Vec<String> = (0..=MAX_POLICY_PROPS)
        .map(|i| format!("\"p{i}\""))
        .collect();
    let src = format!(
        r#"{{"propositions": [{}], "constraints": []}}"#,
        many.join(",")
    );
    assert!(matches!(
        RobotPolicy::from_json(&src),
        Err(PlanError::TooLarge {
            what: "propositions",
            ..
        })
    ));
    let cs: Vec<String> = (0..=MAX_CONSTRAINTS)
        .map(|i| format!(r#"{{"id": "c{i}", "message": "m", "formula": "G a"}}"#))
        .collect();
    let src = format!(
        r#"{{"propositions": ["a"], "constraints": [{}]}}"#,
        cs.join(",")
    );
    assert!(matches!(
        RobotPolicy::from_json(&src),
        Err(PlanError::TooLarge {
            what: "constraints",
            ..
        })
    ));
}

#[test]
fn toml_and_json_load_the_same_policy() {
    let toml = r#"
        name = "test drone"
        propositions = ["at_{room}", "photo", "flying"]
        exclusive = [["at_{room}"]]
        initial = ["at_dock"]
        [domains]
        room = ["hall", "lab", "dock", "room_1", "room_10"]
        [[actions]]
        name = "fly_to"
        params = ["room"]
        sets = ["at_{room}", "flying"]
        [[actions]]
        name = "snap"
        sets = ["photo"]
        [[actions]]
        name = "land"
        clears = ["flying"]
        [[constraints]]
        id = "no_lab"
        message = "never enter the lab"
        formula = "G !at_lab"
    "#;
    let (t, j) = (RobotPolicy::from_toml(toml).unwrap(), load("").unwrap());
    assert_eq!(t.props(), j.props());
    assert_eq!(t.actions(), j.actions());
    assert_eq!(t.name(), Some("test drone"));
    assert_eq!(
        t.constraints()[0].automaton(),
        j.constraints()[0].automaton()
    );
}
