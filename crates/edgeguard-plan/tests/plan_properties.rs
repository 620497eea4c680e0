//! Property tests of the plan checker on random policies over `a b c` (with `a`, `b` mutually
//! exclusive): monitor statuses against the evaluator, the allowed-next-actions set against a
//! search for accepted completions, and unsatisfiable policies against the same search.

mod common;

use std::collections::{HashMap, VecDeque};

use common::{T, as_slices, formula, named};
use edgeguard_plan::ltl::{self, Automaton, Formula};
use edgeguard_plan::{ConstraintStatus, PlanError, RobotPolicy, Step};
use proptest::prelude::*;

const ABC: &[&str] = &["a", "b", "c"];
/// Letters over `a b c` (bit 0 = a) with not both `a` and `b`.
const LETTERS: [u32; 6] = [0b000, 0b001, 0b010, 0b100, 0b101, 0b110];
const ACTIONS: &str = r#"[
    {"name": "set_a", "sets": ["a"]}, {"name": "set_b", "sets": ["b"]},
    {"name": "set_c", "sets": ["c"]}, {"name": "clear_c", "clears": ["c"]},
    {"name": "clear_ab", "clears": ["a", "b"]}, {"name": "wait"}]"#;

fn policy_json(formulas: &[String]) -> String {
    let constraints: Vec<String> = formulas
        .iter()
        .enumerate()
        .map(|(i, f)| format!(r#"{{"id": "c{i}", "message": "rule {i}", "formula": "{f}"}}"#))
        .collect();
    format!(
        r#"{{"propositions": ["a", "b", "c"], "exclusive": [["a", "b"]], "actions": {ACTIONS},
            "constraints": [{}]}}"#,
        constraints.join(",")
    )
}

/// The reference: every formula compiled over `a b c` (independently of the policy).
struct Reference {
    formulas: Vec<Formula>,
    automata: Vec<Automaton>,
}

impl Reference {
    fn new(texts: &[String]) -> Self {
        let formulas: Vec<Formula> = texts.iter().map(|t| ltl::parse(t).unwrap()).collect();
        let automata = formulas
            .iter()
            .map(|f| f.compile_over(ABC).unwrap())
            .collect();
        Self { formulas, automata }
    }

    fn states_after(&self, members: &[usize], trace: &[u32]) -> Vec<ltl::StateId> {
        members
            .iter()
            .map(|k| {
                trace.iter().fold(self.automata[*k].initial(), |s, l| {
                    self.automata[*k].next(s, *l)
                })
            })
            .collect()
    }

    /// Shortest group-respecting continuation after which every member accepts, if any
    /// (`min_len` letters at least).
    fn completion(&self, members: &[usize], trace: &[u32], min_len: usize) -> Option<Vec<u32>> {
        let start = (self.states_after(members, trace), 0usize);
        let mut seen: HashMap<(Vec<ltl::StateId>, usize), Vec<u32>> =
            HashMap::from([(start.clone(), Vec::new())]);
        let mut queue = VecDeque::from([start]);
        while let Some(key) = queue.pop_front() {
            let word = seen[&key].clone();
            let (states, len) = &key;
            if *len >= min_len
                && members
                    .iter()
                    .zip(states)
                    .all(|(k, s)| self.automata[*k].is_accepting(*s))
            {
                return Some(word);
            }
            for l in LETTERS {
                let next: Vec<_> = members
                    .iter()
                    .zip(states)
                    .map(|(k, s)| self.automata[*k].next(*s, l))
                    .collect();
                let nkey = (next, (len + 1).min(min_len));
                if let std::collections::hash_map::Entry::Vacant(slot) = seen.entry(nkey.clone()) {
                    let mut w = word.clone();
                    w.push(l);
                    slot.insert(w);
                    queue.push_back(nkey);
                }
            }
        }
        None
    }

    fn eval(&self, k: usize, trace: &[u32]) -> bool {
        let steps = named(ABC, trace);
        self.formulas[k].eval(&as_slices(&steps))
    }

    fn all(&self) -> Vec<usize> {
        (0..self.formulas.len()).collect()
    }
}

/// The world over `a b c` as a letter.
fn letter(policy: &RobotPolicy, world: &edgeguard_plan::PropSet) -> u32 {
    ABC.iter().enumerate().fold(0, |acc, (i, p)| {
        acc | u32::from(world.contains(policy.prop_id(p).unwrap())) << i
    })
}

/// A random prefix step: an action index, or a group-respecting state.
fn step() -> impl Strategy<Value = Result<usize, u32>> {
    prop_oneof![
        (0..6usize).prop_map(Ok),
        proptest::sample::select(&LETTERS[..]).prop_map(Err)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

    #[test]
    fn monitor_and_decoding_match_the_reference(
        ts in proptest::collection::vec(formula(ABC, 3), 1..=3),
        prefix in proptest::collection::vec(step(), 0..=4),
    ) {
        let texts: Vec<String> = ts.iter().map(T::to_string).collect();
        let reference = Reference::new(&texts);
        let loaded = RobotPolicy::from_json(&policy_json(&texts));
        let policy = match loaded {
            Ok(p) => p,
            Err(PlanError::Unsatisfiable { ids }) => {
                // No non-empty plan satisfies them all, and the named subset is a minimal conflict.
                prop_assert!(reference.completion(&reference.all(), &[], 1).is_none(), "{:?} satisfiable", texts);
                let core: Vec<usize> = ids.iter().map(|id| id[1..].parse().unwrap()).collect();
                prop_assert!(reference.completion(&core, &[], 1).is_none());
                for drop in 0..core.len() {
                    let mut rest = core.clone();
                    rest.remove(drop);
                    prop_assert!(reference.completion(&rest, &[], 1).is_some(), "{:?} not minimal", ids);
                }
                return Ok(());
            }
            Err(e) => panic!("{texts:?}: {e}"),
        };
        let witness = reference.completion(&reference.all(), &[], 1);
        prop_assert!(witness.is_some(), "{:?} loaded but unsatisfiable", texts);

        let mut m = policy.monitor();
        let mut trace = Vec::new();
        for s in &prefix {
            let step = match s {
                Ok(a) => Step::Action(policy.action_id::<&str>(["set_a", "set_b", "set_c", "clear_c", "clear_ab", "wait"][*a], &[]).unwrap()),
                Err(l) => Step::State(ABC.iter().enumerate().filter(|(i, _)| l >> i & 1 == 1).map(|(_, p)| policy.prop_id(p).unwrap()).collect()),
            };
            m.step(step);
            trace.push(letter(&policy, m.world()));
        }
        // Per-constraint status against the evaluator and per-constraint completions.
        for k in 0..texts.len() {
            let status = m.status(policy.constraint_id(&format!("c{k}")).unwrap());
            let holds = reference.eval(k, &trace);
            let live = reference.completion(&[k], &trace, 0).is_some();
            match status {
                ConstraintStatus::Satisfied => prop_assert!(holds),
                ConstraintStatus::Pending => prop_assert!(!holds && live),
                ConstraintStatus::Violated { step } => {
                    prop_assert!(!live);
                    prop_assert!(reference.completion(&[k], &trace[..step], 0).is_some(), "violated too late");
                    prop_assert!(reference.completion(&[k], &trace[..=step], 0).is_none(), "violated too early");
                }
            }
        }
        // can_complete: some continuation satisfies all constraints together.
        prop_assert_eq!(m.can_complete(), reference.completion(&reference.all(), &trace, 0).is_some());
        // Allowed actions: exactly those after which some completion is accepted; the
        // completion the search finds is confirmed by the recursive evaluator.
        let allowed: Vec<_> = m.allowed_actions().collect();
        for a in policy.actions() {
            let id = policy.action_id(a.name(), a.args()).unwrap();
            let mut after = trace.clone();
            after.push(letter(&policy, &a.apply(m.world())));
            let completion = reference.completion(&reference.all(), &after, 0);
            prop_assert_eq!(allowed.contains(&id), completion.is_some(), "{:?}: {} after {:?}", texts, a, trace);
            prop_assert_eq!(m.is_allowed(id), completion.is_some());
            if let Some(rest) = completion {
                after.extend(rest);
                for (c, text) in texts.iter().enumerate() {
                    prop_assert!(reference.eval(c, &after), "{} fails on {:?}", text, after);
                }
            }
        }
    }
}
