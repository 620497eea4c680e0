//! The example policies under `examples/robot/` load, and their plans get the expected verdicts.

use std::path::{Path, PathBuf};

use edgeguard_plan::{Plan, PlanVerdict, Reason, RobotPolicy};

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/robot")
}

fn load(dir: &str) -> RobotPolicy {
    let dir = examples().join(dir);
    if let Ok(json) = std::fs::read_to_string(dir.join("policy.json")) {
        return RobotPolicy::from_json(&json).unwrap();
    }
    RobotPolicy::from_toml(&std::fs::read_to_string(dir.join("policy.toml")).unwrap()).unwrap()
}

/// One reason, summarized: (kind, constraint or first proposition, step).
fn summary(r: &Reason) -> (&'static str, String, Option<usize>) {
    match r {
        Reason::Violated {
            constraint, step, ..
        } => ("violated", constraint.clone(), Some(*step)),
        Reason::Unfulfilled { constraint, .. } => ("unfulfilled", constraint.clone(), None),
        Reason::Exclusive { step, props } => ("exclusive", props.join("+"), Some(*step)),
        Reason::MoreConflicts { .. } => ("more_conflicts", String::new(), None),
        other => panic!("unexpected reason {other:?}"),
    }
}

type Expected = (
    &'static str,
    &'static [(&'static str, &'static str, Option<usize>)],
);

fn check_dir(dir: &str, expected: &[Expected]) {
    let policy = load(dir);
    let plans = examples().join(dir).join("plans");
    let mut seen = 0;
    for verdict_dir in ["accepted", "rejected"] {
        for entry in std::fs::read_dir(plans.join(verdict_dir)).unwrap() {
            let path = entry.unwrap().path();
            let name = format!(
                "{verdict_dir}/{}",
                path.file_name().unwrap().to_string_lossy()
            );
            let Some((_, reasons)) = expected.iter().find(|(n, _)| *n == name) else {
                panic!("{dir}: no expectation for {name}");
            };
            let plan = Plan::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let v: PlanVerdict = policy.check(&plan).unwrap();
            assert_eq!(
                v.accepted,
                verdict_dir == "accepted",
                "{dir}/{name}: {v:#?}"
            );
            let got: Vec<_> = v.reasons.iter().map(summary).collect();
            let want: Vec<_> = reasons
                .iter()
                .map(|(k, c, s)| (*k, c.to_string(), *s))
                .collect();
            assert_eq!(got, want, "{dir}/{name}");
            seen += 1;
        }
    }
    assert_eq!(
        seen,
        expected.len(),
        "{dir}: an expected plan file is missing"
    );
}

#[test]
fn drone_plans() {
    check_dir(
        "drone",
        &[
            ("accepted/office_survey.json", &[]),
            ("accepted/lab_inspection.json", &[]),
            ("accepted/observed_states.json", &[]),
            (
                "rejected/server_room.json",
                &[("violated", "no_server_room", Some(1))],
            ),
            (
                "rejected/office_before_hallway.json",
                &[("violated", "hallway_before_office", Some(1))],
            ),
            (
                "rejected/floor_2_without_clearance.json",
                &[("violated", "clearance_for_floor_2", Some(1))],
            ),
            (
                "rejected/lab_from_floor_1.json",
                &[("violated", "lab_is_on_floor_2", Some(1))],
            ),
            (
                "rejected/lands_in_lobby.json",
                &[
                    ("violated", "land_only_on_dock", Some(2)),
                    ("unfulfilled", "end_docked", None),
                ],
            ),
            (
                "rejected/fire_exit_from_lobby.json",
                &[("violated", "fire_exit_photo_from_hallway", Some(2))],
            ),
            (
                "rejected/still_flying.json",
                &[("unfulfilled", "end_docked", None)],
            ),
            (
                "rejected/two_rooms_at_once.json",
                &[("exclusive", "at_hallway+at_office", Some(1))],
            ),
        ],
    );
}

#[test]
fn tabletop_plans() {
    check_dir(
        "tabletop",
        &[
            ("accepted/knife_to_drawer.json", &[]),
            ("accepted/set_the_table.json", &[]),
            (
                "rejected/knife_without_guard.json",
                &[("violated", "guard_for_knife", Some(0))],
            ),
            (
                "rejected/guard_removed_while_holding.json",
                &[("violated", "guard_for_knife", Some(2))],
            ),
            (
                "rejected/knife_in_sink.json",
                &[
                    ("violated", "knife_not_in_sink", Some(2)),
                    ("unfulfilled", "knife_back_in_drawer", None),
                ],
            ),
            (
                "rejected/cup_before_wiping.json",
                &[("violated", "wipe_before_cup", Some(1))],
            ),
            (
                "rejected/wipe_without_sponge.json",
                &[("violated", "sponge_for_wiping", Some(0))],
            ),
            (
                "rejected/two_objects_in_hand.json",
                &[
                    ("violated", "one_object_in_hand", Some(1)),
                    ("violated", "wipe_before_cup", Some(2)),
                ],
            ),
            (
                "rejected/knife_left_in_hand.json",
                &[("unfulfilled", "knife_back_in_drawer", None)],
            ),
        ],
    );
}

#[test]
fn decoding_masks_unsafe_next_actions_in_the_examples() {
    let policy = load("tabletop");
    let mut m = policy.monitor();
    let allowed = |m: &edgeguard_plan::Monitor<'_>| {
        m.allowed_actions()
            .map(|a| policy.action(a).to_string())
            .collect::<Vec<_>>()
    };
    // At the start the knife may not be picked (no guard), nor a dirty table wiped bare-handed.
    let first = allowed(&m);
    assert!(!first.contains(&"pick(knife)".to_string()), "{first:?}");
    assert!(!first.contains(&"wipe_table".to_string()), "{first:?}");
    assert!(first.contains(&"attach_guard".to_string()));
    m.step(edgeguard_plan::Step::Action(
        policy.action_id::<&str>("attach_guard", &[]).unwrap(),
    ));
    assert!(allowed(&m).contains(&"pick(knife)".to_string()));
    // A planner that only ever picks allowed actions cannot break a rule: follow the first
    // allowed action for a while and check the monitor never rejects.
    for _ in 0..20 {
        let Some(a) = m.allowed_actions().next() else {
            break;
        };
        assert!(!m.step(edgeguard_plan::Step::Action(a)).rejected);
        assert!(m.can_complete());
    }

    let drone = load("drone");
    let m = drone.monitor();
    let first: Vec<String> = m
        .allowed_actions()
        .map(|a| drone.action(a).to_string())
        .collect();
    // Only taking off keeps "land only on the dock" satisfiable... or staying put on the dock.
    assert!(first.contains(&"take_off".to_string()), "{first:?}");
    assert!(!first.contains(&"fly_to(lobby)".to_string()), "{first:?}");
    assert!(
        !first.contains(&"fly_to(server_room)".to_string()),
        "{first:?}"
    );
}
