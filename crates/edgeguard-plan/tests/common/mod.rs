//! Shared helpers for the property tests: random formulas, traces and rewrites.
#![allow(dead_code)]

use std::fmt;

use edgeguard_plan::ltl::Automaton;
use proptest::prelude::*;

/// A random formula tree (test-side, independent of the crate's own syntax tree).
#[derive(Clone, Debug)]
pub enum T {
    Prop(&'static str),
    Const(bool),
    Un(&'static str, Box<T>),
    Bin(&'static str, Box<T>, Box<T>),
}

impl fmt::Display for T {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            T::Prop(p) => f.write_str(p),
            T::Const(b) => f.write_str(if *b { "true" } else { "false" }),
            T::Un(op, a) => write!(f, "{op}({a})"),
            T::Bin(op, a, b) => write!(f, "({a}) {op} ({b})"),
        }
    }
}

const UNARY: [&str; 6] = ["!", "X", "N", "F", "G", "WX"];
const BINARY: [&str; 9] = ["&", "|", "->", "<->", "xor", "U", "R", "W", "M"];

/// Random formulas over `props`, up to `depth` levels.
pub fn formula(props: &'static [&'static str], depth: u32) -> impl Strategy<Value = T> {
    let leaf = prop_oneof![
        6 => proptest::sample::select(props).prop_map(T::Prop),
        1 => any::<bool>().prop_map(T::Const),
    ];
    leaf.prop_recursive(depth, 24, 2, |inner| {
        prop_oneof![
            (proptest::sample::select(&UNARY[..]), inner.clone())
                .prop_map(|(op, a)| T::Un(op, Box::new(a))),
            (proptest::sample::select(&BINARY[..]), inner.clone(), inner)
                .prop_map(|(op, a, b)| T::Bin(op, Box::new(a), Box::new(b))),
        ]
    })
}

fn un(op: &'static str, a: T) -> T {
    T::Un(op, Box::new(a))
}

fn bin(op: &'static str, a: T, b: T) -> T {
    T::Bin(op, Box::new(a), Box::new(b))
}

/// Rewrites `t` by LTLf equivalences (choices drawn from `seed`), or, when `mutate`, also by
/// near misses that usually change the meaning.
pub fn rewrite(t: &T, seed: &mut u64, mutate: bool) -> T {
    *seed = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let pick = (*seed >> 33) % 4;
    let rec = |x: &T, s: &mut u64| rewrite(x, s, mutate);
    match t {
        T::Prop(_) | T::Const(_) => {
            if pick == 0 {
                un("!", un("!", t.clone()))
            } else {
                t.clone()
            }
        }
        T::Un(op, a) => {
            let a2 = rec(a, seed);
            match (*op, pick, mutate) {
                ("X", 0, true) => un("N", a2),
                ("F", 1, true) => un("G", a2),
                ("F", 0, _) => bin("U", T::Const(true), a2),
                ("G", 0, _) => un("!", un("F", un("!", a2))),
                ("X", 0, _) => un("!", un("N", un("!", a2))),
                ("N" | "WX", 0, _) => un("!", un("X", un("!", a2))),
                ("!", 0, _) => match &**a {
                    T::Un("!", inner) => rec(inner, seed),
                    _ => un("!", a2),
                },
                (op, _, _) => un(op, a2),
            }
        }
        T::Bin(op, a, b) => {
            let (a2, b2) = (rec(a, seed), rec(b, seed));
            match (*op, pick, mutate) {
                ("U", 0, true) => bin("W", a2, b2),
                ("R", 0, true) => bin("M", a2, b2),
                ("&", 1, true) => bin("|", a2, b2),
                ("W", 0, _) => bin("|", bin("U", a2.clone(), b2), un("G", a2)),
                ("M", 0, _) => bin("U", b2.clone(), bin("&", a2, b2)),
                ("R", 0, _) => un("!", bin("U", un("!", a2), un("!", b2))),
                ("U", 1, _) => un("!", bin("R", un("!", a2), un("!", b2))),
                ("->", 0, _) => bin("|", un("!", a2), b2),
                ("<->", 0, _) => bin("&", bin("->", a2.clone(), b2.clone()), bin("->", b2, a2)),
                ("xor", 0, _) => un("!", bin("<->", a2, b2)),
                ("&", 0, _) => un("!", bin("|", un("!", a2), un("!", b2))),
                ("|", 0, _) => bin("|", b2, a2),
                (op, _, _) => bin(op, a2, b2),
            }
        }
    }
}

/// Every trace over `letters` letters of length at most `max_len`, as letter sequences.
pub fn all_traces(letters: u32, max_len: usize) -> Vec<Vec<u32>> {
    let mut out = vec![Vec::new()];
    let mut frontier = vec![Vec::new()];
    for _ in 0..max_len {
        let mut next = Vec::new();
        for t in &frontier {
            for l in 0..letters {
                let mut u: Vec<u32> = t.clone();
                u.push(l);
                next.push(u);
            }
        }
        out.extend(next.iter().cloned());
        frontier = next;
    }
    out
}

/// The trace as proposition names, given the alphabet: bit `i` of a letter is `props[i]`.
pub fn named<'a>(props: &'a [&'a str], trace: &[u32]) -> Vec<Vec<&'a str>> {
    trace
        .iter()
        .map(|l| {
            props
                .iter()
                .enumerate()
                .filter(|(i, _)| l >> i & 1 == 1)
                .map(|(_, p)| *p)
                .collect()
        })
        .collect()
}

/// Borrows a named trace in the shape `Formula::eval` takes.
pub fn as_slices<'a>(trace: &'a [Vec<&'a str>]) -> Vec<&'a [&'a str]> {
    trace.iter().map(|s| s.as_slice()).collect()
}

/// Runs an automaton over letters given over `props` (which must be its alphabet, same order).
pub fn run(a: &Automaton, trace: &[u32]) -> bool {
    let end = trace.iter().fold(a.initial(), |s, l| a.next(s, *l));
    a.is_accepting(end)
}

/// Shortest letter sequence on which the two automata (same alphabet) disagree, by breadth-first
/// search over their product.
pub fn distinguishing(a: &Automaton, b: &Automaton) -> Option<Vec<u32>> {
    use std::collections::{HashMap, VecDeque};
    let start = (a.initial(), b.initial());
    let mut seen = HashMap::from([(start, Vec::new())]);
    let mut queue = VecDeque::from([start]);
    while let Some((x, y)) = queue.pop_front() {
        let word = seen[&(x, y)].clone();
        if a.is_accepting(x) != b.is_accepting(y) {
            return Some(word);
        }
        for l in 0..a.letter_count() as u32 {
            let n = (a.next(x, l), b.next(y, l));
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
