//! Property tests: compiled automata against the recursive evaluator, and equivalence answers
//! against trace enumeration.

mod common;

use common::{T, all_traces, as_slices, distinguishing, formula, named, rewrite, run};
use edgeguard_plan::ltl;
use proptest::prelude::*;

const PROPS3: &[&str] = &["a", "b", "c"];
const PROPS2: &[&str] = &["a", "b"];

/// Shortest letter sequence from `s` to an accepting state.
fn witness(a: &ltl::Automaton, s: ltl::StateId) -> Option<Vec<u32>> {
    use std::collections::{HashMap, VecDeque};
    let mut seen = HashMap::from([(s, Vec::new())]);
    let mut queue = VecDeque::from([s]);
    while let Some(x) = queue.pop_front() {
        let word = seen[&x].clone();
        if a.is_accepting(x) {
            return Some(word);
        }
        for l in 0..a.letter_count() as u32 {
            let n = a.next(x, l);
            if let std::collections::hash_map::Entry::Vacant(slot) = seen.entry(n) {
                let mut w = word.clone();
                w.push(l);
                slot.insert(w);
                queue.push_back(n);
            }
        }
    }
    None
}

/// Evaluator verdict on a letter trace over `alphabet`.
fn eval(f: &ltl::Formula, alphabet: &[&str], trace: &[u32]) -> bool {
    let steps = named(alphabet, trace);
    f.eval(&as_slices(&steps))
}

fn letters_trace(max_len: usize, letters: u32) -> impl Strategy<Value = Vec<u32>> {
    proptest::collection::vec(0..letters, 0..=max_len)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    /// On every trace up to length 2, and on random ones up to length 7, the automaton accepts
    /// iff the recursive evaluator says the formula holds.
    #[test]
    fn automaton_agrees_with_the_evaluator(
        t in formula(PROPS3, 4),
        random in proptest::collection::vec(letters_trace(7, 8), 12),
    ) {
        let text = t.to_string();
        let f = ltl::parse(&text).unwrap();
        let a = f.compile_over(PROPS3).unwrap();
        let every_short = all_traces(8, 2);
        for trace in every_short.iter().chain(&random) {
            prop_assert_eq!(run(&a, trace), eval(&f, PROPS3, trace), "{} on {:?}", text, trace);
        }
        // Liveness: from a live state some continuation is accepted (the automaton finds one,
        // the evaluator confirms it); from a dead state no short continuation is.
        let short_ext = all_traces(8, 2);
        for trace in &random {
            let s = trace.iter().fold(a.initial(), |s, l| a.next(s, *l));
            if a.is_live(s) {
                let w = witness(&a, s);
                prop_assert!(w.is_some(), "{} live without a path to acceptance", text);
                let full: Vec<u32> = trace.iter().chain(&w.unwrap_or_default()).copied().collect();
                prop_assert!(eval(&f, PROPS3, &full), "{} on {:?}", text, full);
            } else {
                for ext in &short_ext {
                    let full: Vec<u32> = trace.iter().chain(ext).copied().collect();
                    prop_assert!(!eval(&f, PROPS3, &full), "{} dead after {:?}", text, trace);
                }
            }
        }
    }

    /// The printed form of a parsed formula parses back to the same formula.
    #[test]
    fn printing_round_trips(t in formula(PROPS3, 5)) {
        let f = ltl::parse(&t.to_string()).unwrap();
        let again = ltl::parse(&f.to_string()).unwrap();
        prop_assert_eq!(&f, &again);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2500, ..ProptestConfig::default() })]

    /// `equivalent` agrees with exhaustive enumeration of traces up to length 4; when it says
    /// "different", the shortest distinguishing trace really distinguishes the formulas.
    #[test]
    fn equivalence_agrees_with_enumeration(
        t in formula(PROPS2, 4),
        other in formula(PROPS2, 3),
        seed in any::<u64>(),
        mode in 0..3u8,
    ) {
        let mut s = seed;
        let u: T = match mode {
            0 => rewrite(&t, &mut s, false),
            1 => rewrite(&t, &mut s, true),
            _ => other,
        };
        let (ft, fu) = (ltl::parse(&t.to_string()).unwrap(), ltl::parse(&u.to_string()).unwrap());
        let same = ft.equivalent(&fu).unwrap();
        if mode == 0 {
            prop_assert!(same, "rewrite changed meaning: {} vs {}", t, u);
        }
        let differs_on = all_traces(4, 4)
            .into_iter()
            .find(|tr| eval(&ft, PROPS2, tr) != eval(&fu, PROPS2, tr));
        if same {
            prop_assert!(differs_on.is_none(), "{} == {} but they differ on {:?}", t, u, differs_on);
        } else {
            let (a, b) = (ft.compile_over(PROPS2).unwrap(), fu.compile_over(PROPS2).unwrap());
            let w = distinguishing(&a, &b);
            prop_assert!(w.is_some(), "{} != {} but the automata agree", t, u);
            let w = w.unwrap_or_default();
            prop_assert_ne!(eval(&ft, PROPS2, &w), eval(&fu, PROPS2, &w), "{} vs {} on {:?}", t, u, w);
        }
    }
}

#[test]
fn vote_groups_paraphrases_of_one_instruction() {
    // Five translations of "never enter the lab, and end at the dock".
    let v = ltl::vote(&[
        "G !lab & F dock",
        "!F lab & F dock",
        "G !lab",
        "F dock & !(true U lab)",
        "G (!lab) & F (dock)",
    ])
    .unwrap();
    assert_eq!(v.majority, [0, 1, 3, 4]);
    assert_eq!(v.classes, [vec![0, 1, 3, 4], vec![2]]);
    assert!(!v.tie && v.rejected.is_empty());
    let json = serde_json::to_string(&v).unwrap();
    assert_eq!(
        json,
        r#"{"classes":[[0,1,3,4],[2]],"majority":[0,1,3,4],"tie":false,"rejected":[]}"#
    );
}
