//! Formula progression: what must hold of the rest of the trace after one step.
//!
//! After a step, the obligation on the rest of the trace is a positive Boolean combination of
//! *atoms* `X φ` ("the rest is not empty and satisfies φ") and `N φ` ("the rest is empty or
//! satisfies φ"), where φ is a subformula of the original. Such a combination is kept in a
//! canonical form: a set of cubes (sets of atoms), none contained in another. Monotone Boolean
//! functions have exactly one such minimal DNF, so equal obligations get equal keys and the number
//! of obligations is finite: the automaton construction terminates.
//!
//! Progression of an NNF node on a letter σ (for a non-empty trace starting with σ):
//! `prog(p) = σ(p)`, `prog(X φ) = X φ`, `prog(N φ) = N φ`,
//! `prog(φ U ψ) = prog(ψ) | (prog(φ) & X(φ U ψ))`,
//! `prog(φ R ψ) = prog(ψ) & (prog(φ) | N(φ R ψ))`, and `& |` distribute.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

use super::error::LtlError;
use super::nnf::{Nnf, Node, NodeId};

/// Most cubes one obligation may have before compilation gives up.
pub(crate) const MAX_CUBES: usize = 512;

/// Index of an atom in [`Atoms`].
pub(crate) type AtomId = u16;
/// A conjunction of atoms, sorted.
pub(crate) type Cube = Vec<AtomId>;
/// A disjunction of cubes: sorted, and no cube contains another. `[]` is false, `[[]]` true.
pub(crate) type Dnf = Vec<Cube>;

fn too_complex() -> LtlError {
    LtlError::TooComplex {
        bound: "cubes in one obligation",
        max: MAX_CUBES,
    }
}

/// The interned atoms `X φ` (strong) and `N φ` (weak).
#[derive(Default)]
pub(crate) struct Atoms {
    list: Vec<(NodeId, bool)>,
    index: BTreeMap<(NodeId, bool), AtomId>,
}

impl Atoms {
    fn atom(&mut self, node: NodeId, strong: bool) -> Result<AtomId, LtlError> {
        if let Some(id) = self.index.get(&(node, strong)) {
            return Ok(*id);
        }
        let id = AtomId::try_from(self.list.len()).map_err(|_| LtlError::TooComplex {
            bound: "atoms",
            max: usize::from(AtomId::MAX),
        })?;
        self.list.push((node, strong));
        self.index.insert((node, strong), id);
        Ok(id)
    }

    /// The subformula and strength of an atom.
    pub(crate) fn get(&self, id: AtomId) -> (NodeId, bool) {
        self.list[usize::from(id)]
    }

    /// Whether `X φ` for the same φ as the weak atom `id` is also in `cube`.
    fn implied_weak(&self, cube: &[AtomId], id: AtomId) -> bool {
        let (node, strong) = self.get(id);
        !strong
            && self
                .index
                .get(&(node, true))
                .is_some_and(|s| cube.binary_search(s).is_ok())
    }

    /// Sorts, drops redundant atoms and subsumed cubes.
    fn normalize(&self, mut d: Dnf) -> Result<Dnf, LtlError> {
        for cube in &mut d {
            cube.sort_unstable();
            cube.dedup();
            // X φ implies N φ: the weak atom adds nothing.
            let snapshot = cube.clone();
            cube.retain(|a| !self.implied_weak(&snapshot, *a));
        }
        d.sort_unstable_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
        d.dedup();
        let mut out: Dnf = Vec::with_capacity(d.len());
        for cube in d {
            if !out.iter().any(|kept| is_subset(kept, &cube)) {
                out.push(cube);
            }
        }
        if out.len() > MAX_CUBES {
            return Err(too_complex());
        }
        out.sort_unstable();
        Ok(out)
    }

    fn or(&self, mut a: Dnf, b: Dnf) -> Result<Dnf, LtlError> {
        if a.len() + b.len() > 4 * MAX_CUBES {
            return Err(too_complex());
        }
        a.extend(b);
        self.normalize(a)
    }

    fn and(&self, a: &Dnf, b: &Dnf) -> Result<Dnf, LtlError> {
        if a.len() * b.len() > 4 * MAX_CUBES {
            return Err(too_complex());
        }
        let mut out = Vec::with_capacity(a.len() * b.len());
        for x in a {
            for y in b {
                let mut cube = x.clone();
                cube.extend_from_slice(y);
                out.push(cube);
            }
        }
        self.normalize(out)
    }

    /// Whether the obligation holds of the empty rest: some cube has only weak atoms.
    pub(crate) fn accepts_empty(&self, d: &Dnf) -> bool {
        d.iter().any(|cube| cube.iter().all(|a| !self.get(*a).1))
    }
}

/// Whether sorted `small` is contained in sorted `big`.
fn is_subset(small: &[AtomId], big: &[AtomId]) -> bool {
    small.iter().all(|a| big.binary_search(a).is_ok())
}

/// Progression over one NNF arena; memoizes per letter.
pub(crate) struct Progressor<'n> {
    pub(crate) nnf: &'n Nnf,
    pub(crate) atoms: Atoms,
    memo: BTreeMap<NodeId, Dnf>,
    letter: u32,
}

impl<'n> Progressor<'n> {
    pub(crate) fn new(nnf: &'n Nnf) -> Self {
        Self {
            nnf,
            atoms: Atoms::default(),
            memo: BTreeMap::new(),
            letter: 0,
        }
    }

    /// Sets the letter later calls progress on.
    pub(crate) fn set_letter(&mut self, letter: u32) {
        if letter != self.letter {
            self.letter = letter;
            self.memo.clear();
        }
    }

    /// Progression of the formula `root` (the automaton's initial state).
    pub(crate) fn progress_root(&mut self, root: NodeId) -> Result<Dnf, LtlError> {
        self.prog(root)
    }

    /// Progression of an obligation: each atom's subformula now applies to a non-empty rest.
    pub(crate) fn advance(&mut self, state: &Dnf) -> Result<Dnf, LtlError> {
        let mut out: Dnf = Vec::new();
        for cube in state {
            let mut acc: Dnf = alloc::vec![Vec::new()];
            for atom in cube {
                let (node, _) = self.atoms.get(*atom);
                let p = self.prog(node)?;
                acc = self.atoms.and(&acc, &p)?;
                if acc.is_empty() {
                    break;
                }
            }
            out = self.atoms.or(out, acc)?;
        }
        Ok(out)
    }

    /// Progression of node `root`, memoized. Walks the DAG with an explicit stack (children
    /// first), so deep formulas cost heap, not call stack.
    fn prog(&mut self, root: NodeId) -> Result<Dnf, LtlError> {
        let nnf: &Nnf = self.nnf;
        let mut stack = Vec::from([(root, false)]);
        while let Some((id, children_done)) = stack.pop() {
            if self.memo.contains_key(&id) {
                continue;
            }
            if !children_done {
                stack.push((id, true));
                let pending = |c: &NodeId| !self.memo.contains_key(c);
                match nnf.node(id) {
                    Node::And(cs) | Node::Or(cs) => {
                        stack.extend(cs.iter().filter(|c| pending(c)).map(|c| (*c, false)));
                    }
                    Node::Until(a, b) | Node::Release(a, b) => {
                        stack.extend(
                            [a, b]
                                .into_iter()
                                .filter(|c| pending(c))
                                .map(|c| (*c, false)),
                        );
                    }
                    _ => {}
                }
                continue;
            }
            let out = self.combine(id)?;
            self.memo.insert(id, out);
        }
        Ok(self.memo.get(&root).cloned().unwrap_or_default())
    }

    /// Progression of one node from its children's (already memoized) progressions.
    fn combine(&mut self, id: NodeId) -> Result<Dnf, LtlError> {
        let yes = || alloc::vec![Vec::new()];
        let memo = &self.memo;
        let done = |c: &NodeId| memo.get(c).cloned().unwrap_or_default();
        Ok(match self.nnf.node(id) {
            Node::True => yes(),
            Node::False => Vec::new(),
            Node::Lit { bit, positive } => {
                if (self.letter >> bit & 1 == 1) == *positive {
                    yes()
                } else {
                    Vec::new()
                }
            }
            Node::And(cs) => {
                let mut acc = yes();
                for c in cs {
                    acc = self.atoms.and(&acc, &done(c))?;
                    if acc.is_empty() {
                        break;
                    }
                }
                acc
            }
            Node::Or(cs) => {
                let mut acc = Vec::new();
                for c in cs {
                    acc = self.atoms.or(acc, done(c))?;
                }
                acc
            }
            Node::Next(a) => alloc::vec![alloc::vec![self.atoms.atom(*a, true)?]],
            Node::WeakNext(a) => alloc::vec![alloc::vec![self.atoms.atom(*a, false)?]],
            Node::Until(a, b) => {
                let again = alloc::vec![alloc::vec![self.atoms.atom(id, true)?]];
                let later = self.atoms.and(&done(a), &again)?;
                self.atoms.or(done(b), later)?
            }
            Node::Release(a, b) => {
                let again = alloc::vec![alloc::vec![self.atoms.atom(id, false)?]];
                let either = self.atoms.or(done(a), again)?;
                self.atoms.and(&done(b), &either)?
            }
        })
    }
}

/// Whether the formula `root` holds of the empty trace (see the semantics in the module docs).
/// Children have smaller ids than their parents, so one pass in id order decides every node.
pub(crate) fn holds_on_empty(nnf: &Nnf, root: NodeId) -> bool {
    let mut v: Vec<bool> = Vec::with_capacity(root as usize + 1);
    for id in 0..=root {
        let value = match nnf.node(id) {
            Node::True => true,
            Node::False => false,
            // No step: a proposition is false, so its negation is true.
            Node::Lit { positive, .. } => !*positive,
            Node::And(cs) => cs.iter().all(|c| v[*c as usize]),
            Node::Or(cs) => cs.iter().any(|c| v[*c as usize]),
            Node::Next(_) | Node::Until(..) => false,
            Node::WeakNext(_) | Node::Release(..) => true,
        };
        v.push(value);
    }
    v[root as usize]
}
