//! Robot plan checks: cost per plan step per constraint, allowed-actions cost, policy load cost,
//! and LTLf compilation.
//!
//! `plan/step` reports throughput in (step x constraint) elements, so the time per element is
//! the cost per plan step per constraint (target: at most 1 µs).
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use edgeguard_plan::ltl;
use edgeguard_plan::{Plan, RobotPolicy, Step};

const DRONE: &str = include_str!("../../examples/robot/drone/policy.json");
const DRONE_PLAN: &str =
    include_str!("../../examples/robot/drone/plans/accepted/office_survey.json");
const TABLETOP: &str = include_str!("../../examples/robot/tabletop/policy.toml");
const TABLETOP_PLAN: &str =
    include_str!("../../examples/robot/tabletop/plans/accepted/set_the_table.json");

/// A policy of 48 independent constraints over 96 propositions, and a 200-step plan of state
/// steps touching them: the monitor's cost at scale.
fn wide() -> (RobotPolicy, Vec<Step>) {
    let props: Vec<String> = (0..96).map(|i| format!("\"p{i}\"")).collect();
    let constraints: Vec<String> = (0..48)
        .map(|i| {
            let (a, b) = (2 * i, 2 * i + 1);
            let formula = match i % 4 {
                0 => format!("G !(p{a} & p{b})"),
                1 => format!("G (p{a} -> F p{b})"),
                2 => format!("!p{b} W p{a}"),
                _ => format!("G (p{a} -> X (p{b} | N false))"),
            };
            format!(r#"{{"id": "c{i}", "message": "m", "formula": "{formula}"}}"#)
        })
        .collect();
    let src = format!(
        r#"{{"propositions": [{}], "constraints": [{}]}}"#,
        props.join(","),
        constraints.join(",")
    );
    let policy = RobotPolicy::from_json(&src).expect("wide policy loads");
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let steps = (0..200)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let set = (0..96)
                .filter(|i| seed >> (i % 64) & 1 == 1 && i % 3 == 0)
                .map(|i| policy.prop_id(&format!("p{i}")).expect("declared"))
                .collect();
            Step::State(set)
        })
        .collect();
    (policy, steps)
}

fn step_cost(c: &mut Criterion) {
    let drone = RobotPolicy::from_json(DRONE).expect("drone policy loads");
    let drone_steps = drone
        .resolve(&Plan::from_json(DRONE_PLAN).expect("plan"))
        .expect("resolves");
    let tabletop = RobotPolicy::from_toml(TABLETOP).expect("tabletop policy loads");
    let tabletop_steps = tabletop
        .resolve(&Plan::from_json(TABLETOP_PLAN).expect("plan"))
        .expect("resolves");
    let (wide, wide_steps) = wide();

    let mut group = c.benchmark_group("plan/step");
    for (name, policy, steps) in [
        ("drone", &drone, &drone_steps),
        ("tabletop", &tabletop, &tabletop_steps),
        ("wide_48_constraints", &wide, &wide_steps),
    ] {
        let elements = (steps.len() * policy.constraints().len()) as u64;
        group.throughput(Throughput::Elements(elements));
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut m = policy.monitor();
                for s in steps {
                    m.step(*s);
                }
                black_box(m.is_accepted())
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("plan/allowed_actions");
    for (name, policy, steps) in [
        ("drone", &drone, &drone_steps),
        ("tabletop", &tabletop, &tabletop_steps),
    ] {
        let mut m = policy.monitor();
        m.run(steps[..steps.len() / 2].iter().copied());
        group.throughput(Throughput::Elements(policy.actions().len() as u64));
        group.bench_function(name, |b| b.iter(|| black_box(&m).allowed_actions().count()));
    }
    group.finish();
}

fn load_cost(c: &mut Criterion) {
    let mut group = c.benchmark_group("plan/load");
    group.bench_function("drone_json", |b| {
        b.iter(|| RobotPolicy::from_json(black_box(DRONE)))
    });
    group.bench_function("tabletop_toml", |b| {
        b.iter(|| RobotPolicy::from_toml(black_box(TABLETOP)))
    });
    group.finish();

    let mut group = c.benchmark_group("ltl");
    let formula =
        "G (at_dock & !airborne -> N false) & (!photo W (photo & at_hallway)) & F at_dock";
    group.bench_function("parse_compile", |b| {
        b.iter(|| ltl::parse(black_box(formula)).and_then(|f| f.compile()))
    });
    group.bench_function("vote_5", |b| {
        b.iter(|| {
            ltl::vote(black_box(&[
                "G !lab & F dock",
                "!F lab & F dock",
                "G !lab",
                "F dock & !(true U lab)",
                "F dock",
            ]))
        })
    });
    group.finish();
}

criterion_group!(benches, step_cost, load_cost);
criterion_main!(benches);
