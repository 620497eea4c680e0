//! Joint analysis of the constraints: can they all hold together, and from which states.
//!
//! Constraints that share a proposition, or mention propositions of one exclusive group, form a
//! *component*; the product of a component's automata is explored over the letters that respect
//! the exclusive groups. Components are otherwise independent except for one thing: every
//! constraint reads the same trace, so they must agree on its **length** (one may need the plan
//! to end now, another one more step). So for each product state `q` the analysis records the
//! set of remaining lengths `n` after which all the component's automata can accept together.
//! That set is ultimately periodic; with the same horizon `H` for all components, bit `n < H` of
//! a row says whether length `n` (or, past the preperiod, every length congruent to it) works.
//! A tuple of component states can be completed iff the AND of their rows is not zero.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::error::PlanError;
use super::policy::Constraint;
use super::props::{PropId, PropSet};
use super::{MAX_COMPONENT_LETTERS, MAX_HORIZON, MAX_PRODUCT_STATES};

/// Words of the widest row.
pub(crate) const HORIZON_WORDS: usize = MAX_HORIZON / 64;

/// The analysis result kept in a loaded policy.
#[derive(Clone, Debug)]
pub(crate) struct Joint {
    pub(crate) comps: Vec<Component>,
    /// Row width in `u64` words.
    pub(crate) words: usize,
}

/// One component: its constraints and, per reachable product state, its row of lengths.
#[derive(Clone, Debug)]
pub(crate) struct Component {
    /// Constraint indices.
    pub(crate) members: Vec<usize>,
    /// Product states (one automaton state per member), sorted, concatenated.
    tuples: Vec<u16>,
    /// `words` row words per tuple, same order.
    rows: Vec<u64>,
}

/// A component's product, explored.
struct Explored {
    members: Vec<usize>,
    tuples: Vec<Vec<u16>>,
    /// Accepting-length sets `A_0, A_1, ...` (bit sets over product states) up to the first
    /// repetition: `A_n = A_(m + (n - m) % p)` for `n >= m + p`.
    history: Vec<Vec<u64>>,
    m: usize,
    p: usize,
}

impl Joint {
    /// Analyzes all the constraints.
    ///
    /// # Errors
    ///
    /// [`PlanError::Unsatisfiable`] with a minimal conflicting set when no non-empty plan
    /// satisfies them all; [`PlanError::TooLarge`] past the analysis bounds.
    pub(crate) fn analyze(
        constraints: &[Constraint],
        groups: &[PropSet],
    ) -> Result<Self, PlanError> {
        let all: Vec<usize> = (0..constraints.len()).collect();
        if let Some(joint) = analyze_subset(constraints, groups, &all)? {
            return Ok(joint);
        }
        // Deletion filter: drop each constraint whose removal keeps the conflict.
        let mut core = all;
        let mut i = 0;
        while i < core.len() {
            let mut trial = core.clone();
            trial.remove(i);
            if matches!(analyze_subset(constraints, groups, &trial), Ok(None)) {
                core = trial;
            } else {
                i += 1;
            }
        }
        Err(PlanError::Unsatisfiable {
            ids: core.iter().map(|c| constraints[*c].id.clone()).collect(),
        })
    }

    /// The row of a component's product state, if that state is reachable.
    pub(crate) fn row(&self, comp: usize, tuple: &[u16]) -> Option<&[u64]> {
        let c = &self.comps[comp];
        let w = c.members.len();
        let (mut lo, mut hi) = (0, c.tuples.len() / w.max(1));
        while lo < hi {
            let mid = (lo + hi) / 2;
            match c.tuples[mid * w..(mid + 1) * w].cmp(tuple) {
                core::cmp::Ordering::Less => lo = mid + 1,
                core::cmp::Ordering::Greater => hi = mid,
                core::cmp::Ordering::Equal => {
                    return Some(&c.rows[mid * self.words..(mid + 1) * self.words]);
                }
            }
        }
        None
    }
}

/// `Some` if the constraints `subset` can all hold on some non-empty plan.
fn analyze_subset(
    constraints: &[Constraint],
    groups: &[PropSet],
    subset: &[usize],
) -> Result<Option<Joint>, PlanError> {
    let explored = components(constraints, groups, subset)
        .into_iter()
        .map(|members| explore(constraints, groups, members))
        .collect::<Result<Vec<_>, _>>()?;
    // A common horizon: the longest preperiod (at least 1, so that bit 0 means only the empty
    // rest), plus the least common multiple of the periods.
    let pre = explored.iter().map(|e| e.m).max().unwrap_or(0).max(1);
    let mut period = 1usize;
    for e in &explored {
        period = period / gcd(period, e.p) * e.p;
        if period > MAX_HORIZON {
            break;
        }
    }
    let horizon = pre.saturating_add(period);
    if horizon > MAX_HORIZON {
        let ids = subset.iter().map(|c| constraints[*c].id.clone()).collect();
        return Err(PlanError::TooLarge {
            what: "steps of plan-length analysis",
            max: MAX_HORIZON,
            ids,
        });
    }
    let words = horizon.div_ceil(64);
    let comps: Vec<Component> = explored
        .into_iter()
        .map(|e| e.into_component(horizon, words))
        .collect();
    let joint = Joint { comps, words };
    // Every component starts in its product state 0; some length n >= 1 must suit them all.
    let mut acc = [u64::MAX; HORIZON_WORDS];
    acc[0] &= !1;
    for (k, c) in joint.comps.iter().enumerate() {
        let init: Vec<u16> = c.members.iter().map(|_| 0).collect();
        let row = joint.row(k, &init).unwrap_or(&[]);
        for (a, r) in acc.iter_mut().zip(row.iter().chain(core::iter::repeat(&0))) {
            *a &= r;
        }
    }
    Ok(acc.iter().any(|w| *w != 0).then_some(joint))
}

/// Groups the constraints of `subset` into components (union-find over shared propositions and
/// groups), each sorted, in order of their first member.
fn components(constraints: &[Constraint], groups: &[PropSet], subset: &[usize]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..subset.len()).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    // Key of a proposition: its group if it has one, else itself.
    let key = |p: &PropId| match groups.iter().position(|g| g.contains(*p)) {
        Some(g) => (true, g),
        None => (false, p.index()),
    };
    let mut owner: BTreeMap<(bool, usize), usize> = BTreeMap::new();
    for (k, c) in subset.iter().enumerate() {
        for p in &constraints[*c].props {
            match owner.get(&key(p)) {
                Some(o) => {
                    let (a, b) = (find(&mut parent, *o), find(&mut parent, k));
                    parent[a.max(b)] = a.min(b);
                }
                None => {
                    owner.insert(key(p), k);
                }
            }
        }
    }
    let mut comps: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (k, c) in subset.iter().enumerate() {
        let root = find(&mut parent, k);
        comps.entry(root).or_default().push(*c);
    }
    comps.into_values().collect()
}

/// The world states (restricted to the component's propositions) that respect the groups.
fn letters(
    constraints: &[Constraint],
    groups: &[PropSet],
    members: &[usize],
) -> Result<Vec<PropSet>, PlanError> {
    let mut props: Vec<PropId> = members
        .iter()
        .flat_map(|c| constraints[*c].props.iter().copied())
        .collect();
    props.sort_unstable();
    props.dedup();
    // Choices: per group, none or one member; per ungrouped proposition, off or on.
    let mut choices: Vec<Vec<PropSet>> = Vec::new();
    for g in groups {
        let inside: Vec<PropId> = props.iter().copied().filter(|p| g.contains(*p)).collect();
        if !inside.is_empty() {
            let mut options = Vec::from([PropSet::new()]);
            options.extend(inside.iter().map(|p| [*p].into_iter().collect::<PropSet>()));
            choices.push(options);
        }
    }
    for p in props
        .iter()
        .filter(|p| !groups.iter().any(|g| g.contains(**p)))
    {
        choices.push(Vec::from([PropSet::new(), [*p].into_iter().collect()]));
    }
    let count = choices.iter().try_fold(1usize, |n, c| {
        n.checked_mul(c.len())
            .filter(|n| *n <= MAX_COMPONENT_LETTERS)
    });
    if count.is_none() {
        let ids = members.iter().map(|c| constraints[*c].id.clone()).collect();
        return Err(PlanError::TooLarge {
            what: "letters in one component",
            max: MAX_COMPONENT_LETTERS,
            ids,
        });
    }
    let mut out = Vec::from([PropSet::new()]);
    for options in &choices {
        out = out
            .iter()
            .flat_map(|w| options.iter().map(move |o| w.union(o)))
            .collect();
    }
    Ok(out)
}

/// Explores a component's product from its initial state and computes its accepting lengths.
fn explore(
    constraints: &[Constraint],
    groups: &[PropSet],
    members: Vec<usize>,
) -> Result<Explored, PlanError> {
    let too_large = |what| {
        let ids: Vec<String> = members.iter().map(|c| constraints[*c].id.clone()).collect();
        PlanError::TooLarge {
            what,
            max: MAX_PRODUCT_STATES,
            ids,
        }
    };
    let worlds = letters(constraints, groups, &members)?;
    // Local letter of each member for each world.
    let local: Vec<Vec<u32>> = worlds
        .iter()
        .map(|w| members.iter().map(|c| constraints[*c].letter(w)).collect())
        .collect();
    let mut index: BTreeMap<Vec<u16>, u32> = BTreeMap::new();
    let mut tuples: Vec<Vec<u16>> = Vec::from([vec![0u16; members.len()]]);
    index.insert(tuples[0].clone(), 0);
    let mut succ: Vec<Vec<u32>> = Vec::new();
    let mut s = 0;
    let mut next: Vec<u16> = Vec::with_capacity(members.len());
    while s < tuples.len() {
        let mut next_ids = Vec::new();
        for letters in &local {
            next.clear();
            next.extend(
                members
                    .iter()
                    .zip(letters)
                    .zip(&tuples[s])
                    .map(|((c, l), q)| {
                        constraints[*c]
                            .automaton
                            .next(crate::ltl::StateId(*q), *l)
                            .0
                    }),
            );
            let id = match index.get(next.as_slice()) {
                Some(id) => *id,
                None => {
                    if tuples.len() >= MAX_PRODUCT_STATES {
                        return Err(too_large("product states in one component"));
                    }
                    let id = tuples.len() as u32;
                    index.insert(next.clone(), id);
                    tuples.push(next.clone());
                    id
                }
            };
            next_ids.push(id);
        }
        next_ids.sort_unstable();
        next_ids.dedup();
        succ.push(next_ids);
        s += 1;
    }
    // A_0: all members accepting; A_(n+1): some successor in A_n.
    let n = tuples.len();
    let words = n.div_ceil(64);
    let bit = |set: &[u64], q: usize| set[q / 64] >> (q % 64) & 1 == 1;
    let mut first = vec![0u64; words];
    for (q, t) in tuples.iter().enumerate() {
        let all = members.iter().zip(t).all(|(c, s)| {
            constraints[*c]
                .automaton
                .is_accepting(crate::ltl::StateId(*s))
        });
        if all {
            first[q / 64] |= 1 << (q % 64);
        }
    }
    let mut history = Vec::from([first]);
    loop {
        let last = &history[history.len() - 1];
        let mut next = vec![0u64; words];
        for (q, ss) in succ.iter().enumerate() {
            if ss.iter().any(|d| bit(last, *d as usize)) {
                next[q / 64] |= 1 << (q % 64);
            }
        }
        if let Some(m) = history.iter().position(|h| *h == next) {
            let p = history.len() - m;
            return Ok(Explored {
                members,
                tuples,
                history,
                m,
                p,
            });
        }
        if history.len() >= MAX_HORIZON {
            return Err(too_large("steps of plan-length analysis"));
        }
        history.push(next);
    }
}

impl Explored {
    /// Rows over `horizon` lengths, tuples sorted for binary search.
    fn into_component(self, horizon: usize, words: usize) -> Component {
        let set_at = |n: usize| {
            let k = if n < self.history.len() {
                n
            } else {
                self.m + (n - self.m) % self.p
            };
            &self.history[k]
        };
        let mut order: Vec<usize> = (0..self.tuples.len()).collect();
        order.sort_unstable_by(|a, b| self.tuples[*a].cmp(&self.tuples[*b]));
        let mut tuples = Vec::with_capacity(self.tuples.len() * self.members.len());
        let mut rows = vec![0u64; self.tuples.len() * words];
        for (rank, q) in order.iter().enumerate() {
            tuples.extend_from_slice(&self.tuples[*q]);
            for n in 0..horizon {
                if set_at(n)[q / 64] >> (q % 64) & 1 == 1 {
                    rows[rank * words + n / 64] |= 1 << (n % 64);
                }
            }
        }
        Component {
            members: self.members,
            tuples,
            rows,
        }
    }
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}
