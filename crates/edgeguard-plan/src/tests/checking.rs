//! Checking plans: statuses, verdicts, exclusive groups, decoding, wire format.

use alloc::format;
use alloc::string::ToString;
use alloc::vec::Vec;

use super::super::*;
use super::{check, load, status};

#[test]
fn empty_plan_satisfies_g_rules_and_leaves_f_rules_unfulfilled() {
    let p = load(r#", {"id": "photo", "message": "take a photo", "formula": "F photo"}"#).unwrap();
    let v = check(&p, "[]");
    assert!(!v.accepted);
    assert_eq!(v.steps, 0);
    assert_eq!(status(&v, "no_lab"), ConstraintStatus::Satisfied);
    assert_eq!(status(&v, "photo"), ConstraintStatus::Pending);
    assert_eq!(
        v.reasons,
        [Reason::Unfulfilled {
            constraint: "photo".into(),
            message: "take a photo".into()
        }]
    );
    let only_g = load("").unwrap();
    assert!(check(&only_g, "[]").accepted);
}

#[test]
fn g_rule_is_violated_at_the_exact_step() {
    let p = load("").unwrap();
    let v = check(
        &p,
        r#"["fly_to(hall)", "snap", "fly_to(lab)", "fly_to(dock)"]"#,
    );
    assert_eq!(status(&v, "no_lab"), ConstraintStatus::Violated { step: 2 });
    assert_eq!(
        v.reasons,
        [Reason::Violated {
            constraint: "no_lab".into(),
            message: "never enter the lab".into(),
            step: 2
        }]
    );
}

#[test]
fn f_rule_is_pending_until_fulfilled() {
    let p = load(r#", {"id": "photo", "message": "take a photo", "formula": "F photo"}"#).unwrap();
    let photo = p.constraint_id("photo").unwrap();
    let mut m = p.monitor();
    m.step(Step::Action(p.action_id("fly_to", &["hall"]).unwrap()));
    assert_eq!(m.status(photo), ConstraintStatus::Pending);
    assert!(!m.is_accepted() && m.can_complete());
    m.step(Step::Action(p.action_id::<&str>("snap", &[]).unwrap()));
    assert_eq!(m.status(photo), ConstraintStatus::Satisfied);
    assert!(m.is_accepted());
}

#[test]
fn strong_next_at_the_last_step_is_unfulfilled() {
    let p = load(r#", {"id": "land_after_snap", "message": "land right after a photo", "formula": "G (photo -> X !flying)"}"#)
        .unwrap();
    let v = check(&p, r#"["fly_to(hall)", "snap"]"#);
    assert_eq!(status(&v, "land_after_snap"), ConstraintStatus::Pending);
    let v = check(&p, r#"["fly_to(hall)", "snap", "land"]"#);
    // After landing, `photo` still holds, so the rule asks for yet another step.
    assert_eq!(status(&v, "land_after_snap"), ConstraintStatus::Pending);
    let weak =
        load(r#", {"id": "w", "message": "m", "formula": "G (photo -> N !flying)"}"#).unwrap();
    let v = check(&weak, r#"["fly_to(hall)", "snap"]"#);
    assert_eq!(status(&v, "w"), ConstraintStatus::Satisfied);
}

#[test]
fn actions_clear_exclusive_peers_and_states_can_break_groups() {
    let p = load("").unwrap();
    let mut m = p.monitor();
    assert!(m.world().contains(p.prop_id("at_dock").unwrap()));
    m.step(Step::Action(p.action_id("fly_to", &["hall"]).unwrap()));
    let names: Vec<&str> = m.world().iter().map(|id| p.prop_name(id)).collect();
    assert_eq!(names, ["at_hall", "flying"]);
    let v = check(
        &p,
        r#"[{"props": ["at_hall", "at_dock"]}, {"props": ["at_hall"]}]"#,
    );
    assert!(!v.accepted);
    assert_eq!(
        v.reasons,
        [Reason::Exclusive {
            step: 0,
            props: Vec::from(["at_hall".into(), "at_dock".into()])
        }]
    );
    let report = p.monitor().step(Step::State(
        [p.prop_id("at_hall").unwrap(), p.prop_id("at_lab").unwrap()]
            .into_iter()
            .collect(),
    ));
    assert!(report.exclusive_conflict && report.rejected && report.newly_violated == 1);
}

#[test]
fn conflicts_past_the_record_are_counted() {
    let p = load("").unwrap();
    let both = r#"{"props": ["at_hall", "at_dock"]}"#;
    let plan = format!(
        "[{}]",
        alloc::vec![both; MAX_RECORDED_CONFLICTS + 3].join(",")
    );
    let v = check(&p, &plan);
    assert_eq!(v.reasons.len(), MAX_RECORDED_CONFLICTS + 1);
    assert_eq!(v.reasons.last(), Some(&Reason::MoreConflicts { count: 3 }));
}

#[test]
fn names_that_are_prefixes_of_each_other_stay_distinct() {
    let p =
        load(r#", {"id": "not_1", "message": "stay out of room 1", "formula": "G !at_room_1"}"#)
            .unwrap();
    assert!(check(&p, r#"["fly_to(room_10)"]"#).accepted);
    assert!(!check(&p, r#"["fly_to(room_1)"]"#).accepted);
    let v = check(&p, r#"[{"props": ["at_room_10"]}]"#);
    assert!(v.accepted);
    assert_ne!(p.prop_id("at_room_1"), p.prop_id("at_room_10"));
    assert_eq!(p.prop_id("at_room"), None);
}

#[test]
fn unknown_actions_and_props_in_plans_name_the_step() {
    let p = load("").unwrap();
    let err = |plan: &str| p.check(&Plan::from_json(plan).unwrap()).unwrap_err();
    assert_eq!(
        err(r#"["snap", "teleport(lab)"]"#),
        PlanError::UnknownAction {
            step: 1,
            name: "teleport".into()
        }
    );
    assert_eq!(
        err(r#"["fly_to"]"#),
        PlanError::Arity {
            step: 0,
            action: "fly_to".into(),
            expected: 1,
            found: 0
        }
    );
    assert_eq!(
        err(r#"["snap", "snap", "fly_to(attic)"]"#),
        PlanError::BadArgument {
            step: 2,
            action: "fly_to".into(),
            value: "attic".into()
        }
    );
    assert_eq!(
        err(r#"[{"props": ["at_room"]}]"#),
        PlanError::UnknownProp {
            at: Location::Step { index: 0 },
            name: "at_room".into()
        }
    );
    assert!(matches!(err(r#"[{}]"#), PlanError::BadStep { step: 0, .. }));
    assert!(matches!(
        err(r#"[{"args": ["lab"]}]"#),
        PlanError::BadStep { step: 0, .. }
    ));
    // With both, the action is checked and the props give the state.
    let v = check(
        &p,
        r#"[{"action": "fly_to", "args": ["hall"], "props": ["at_lab"]}]"#,
    );
    assert_eq!(status(&v, "no_lab"), ConstraintStatus::Violated { step: 0 });
}

#[test]
fn decoding_respects_the_shared_plan_length() {
    let p = load(
        r#", {"id": "dock_last", "message": "end at the dock", "formula": "G (at_dock -> N false) & F at_dock"},
            {"id": "photo", "message": "take a photo", "formula": "F photo"}"#,
    )
    .unwrap();
    let mut m = p.monitor();
    m.step(Step::Action(p.action_id("fly_to", &["hall"]).unwrap()));
    let allowed = |m: &Monitor<'_>| {
        m.allowed_actions()
            .map(|a| p.action(a).to_string())
            .collect::<Vec<_>>()
    };
    // Each rule alone could still hold after going to the dock, but not both: docking ends the
    // plan before the photo.
    assert_eq!(
        allowed(&m),
        [
            "fly_to(hall)",
            "fly_to(room_1)",
            "fly_to(room_10)",
            "snap",
            "land"
        ]
    );
    m.step(Step::Action(p.action_id::<&str>("snap", &[]).unwrap()));
    assert!(allowed(&m).contains(&"fly_to(dock)".to_string()));
    m.step(Step::Action(p.action_id("fly_to", &["lab"]).unwrap()));
    assert!(m.is_rejected() && !m.can_complete() && allowed(&m).is_empty());
}

#[test]
fn verdict_wire_format_is_stable() {
    let p = load(r#", {"id": "photo", "message": "take a photo", "formula": "F photo"}"#).unwrap();
    let v = check(&p, r#"["fly_to(lab)"]"#);
    let json = serde_json::to_string(&v).unwrap();
    assert_eq!(
        json,
        r#"{"accepted":false,"steps":1,"constraints":[{"id":"no_lab","status":"violated","step":0},{"id":"photo","status":"pending"}],"reasons":[{"kind":"violated","constraint":"no_lab","message":"never enter the lab","step":0},{"kind":"unfulfilled","constraint":"photo","message":"take a photo"}]}"#
    );
    let back: PlanVerdict = serde_json::from_str(&json).unwrap();
    assert_eq!(back, v);
    let e = serde_json::to_string(&PlanError::UnknownAction {
        step: 3,
        name: "x".into(),
    })
    .unwrap();
    assert_eq!(e, r#"{"kind":"unknown_action","step":3,"name":"x"}"#);
    let action =
        serde_json::to_string(p.action(p.action_id("fly_to", &["hall"]).unwrap())).unwrap();
    assert_eq!(action, r#"{"name":"fly_to","args":["hall"]}"#);
}
