//! Negation normal form in a hash-consed arena, with light simplification.
//!
//! Only `true false`, literals, `& |` (n-ary, sorted, deduplicated), `X N` and `U R` remain:
//! `F G W M -> <-> xor` and `!` above anything but a proposition are rewritten away. Equal
//! subformulas share one id, so the form is a DAG; every walk over it is memoized.

use alloc::collections::BTreeMap;
use alloc::vec;
use alloc::vec::Vec;

use super::formula::{Ast, AstId, Formula};

/// Index of a node in an [`Nnf`] arena.
pub(crate) type NodeId = u32;

/// Id of `true` in every arena.
pub(crate) const TRUE: NodeId = 0;
/// Id of `false` in every arena.
pub(crate) const FALSE: NodeId = 1;

/// One NNF node. Literals refer to letter bits of the alphabet compiled over.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Node {
    True,
    False,
    Lit { bit: u8, positive: bool },
    And(Vec<NodeId>),
    Or(Vec<NodeId>),
    Next(NodeId),
    WeakNext(NodeId),
    Until(NodeId, NodeId),
    Release(NodeId, NodeId),
}

/// A hash-consed arena of NNF nodes.
pub(crate) struct Nnf {
    nodes: Vec<Node>,
    index: BTreeMap<Node, NodeId>,
}

impl Nnf {
    /// Converts `f` to NNF; proposition `p` of `f` becomes letter bit `bits[p]`.
    pub(crate) fn from_formula(f: &Formula, bits: &[u8]) -> (Self, NodeId) {
        let mut nnf = Nnf {
            nodes: Vec::new(),
            index: BTreeMap::new(),
        };
        nnf.intern(Node::True);
        nnf.intern(Node::False);
        let mut conv = Converter {
            f,
            bits,
            memo: vec![[None; 2]; f.nodes.len()],
        };
        let root = conv.run(&mut nnf, f.root, true);
        (nnf, root)
    }

    pub(crate) fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.nodes.len()
    }

    fn intern(&mut self, node: Node) -> NodeId {
        if let Some(id) = self.index.get(&node) {
            return *id;
        }
        let id = self.nodes.len() as NodeId;
        self.nodes.push(node.clone());
        self.index.insert(node, id);
        id
    }

    fn lit(&mut self, bit: u8, positive: bool) -> NodeId {
        self.intern(Node::Lit { bit, positive })
    }

    /// Conjunction (`is_and`) or disjunction, flattened, sorted and simplified.
    fn junction(&mut self, is_and: bool, items: impl IntoIterator<Item = NodeId>) -> NodeId {
        let (unit, zero) = if is_and { (TRUE, FALSE) } else { (FALSE, TRUE) };
        let mut flat = Vec::new();
        for id in items {
            match self.node(id) {
                Node::And(cs) if is_and => flat.extend_from_slice(cs),
                Node::Or(cs) if !is_and => flat.extend_from_slice(cs),
                _ => flat.push(id),
            }
        }
        flat.retain(|id| *id != unit);
        if flat.contains(&zero) {
            return zero;
        }
        flat.sort_unstable();
        flat.dedup();
        // `p & !p` is false, `p | !p` is true.
        for id in &flat {
            if let Node::Lit { bit, positive } = *self.node(*id) {
                if let Some(neg) = self.index.get(&Node::Lit {
                    bit,
                    positive: !positive,
                }) {
                    if flat.binary_search(neg).is_ok() {
                        return zero;
                    }
                }
            }
        }
        match flat.len() {
            0 => unit,
            1 => flat[0],
            _ if is_and => self.intern(Node::And(flat)),
            _ => self.intern(Node::Or(flat)),
        }
    }

    fn next(&mut self, strong: bool, a: NodeId) -> NodeId {
        match (strong, a) {
            (true, FALSE) => FALSE,
            (false, TRUE) => TRUE,
            (true, _) => self.intern(Node::Next(a)),
            (false, _) => self.intern(Node::WeakNext(a)),
        }
    }

    // Only identities that also hold on the empty suffix are applied: there `p` is false, `U`
    // is false and `R` is true, so e.g. `true R p` is not `p`, and `a U true` means "not empty".
    fn until(&mut self, a: NodeId, b: NodeId) -> NodeId {
        if b == FALSE {
            return FALSE;
        }
        // F F b = F b
        if a == TRUE && matches!(self.node(b), Node::Until(TRUE, _)) {
            return b;
        }
        self.intern(Node::Until(a, b))
    }

    fn release(&mut self, a: NodeId, b: NodeId) -> NodeId {
        if b == TRUE {
            return TRUE;
        }
        // G G b = G b
        if a == FALSE && matches!(self.node(b), Node::Release(FALSE, _)) {
            return b;
        }
        self.intern(Node::Release(a, b))
    }
}

/// Converts the parse tree, memoizing each (node, polarity) so `<->` chains stay linear.
struct Converter<'f> {
    f: &'f Formula,
    bits: &'f [u8],
    memo: Vec<[Option<NodeId>; 2]>,
}

impl Converter<'_> {
    /// NNF of node `id` (`positive`) or of its negation.
    fn run(&mut self, nnf: &mut Nnf, id: AstId, positive: bool) -> NodeId {
        let slot = usize::from(positive);
        if let Some(done) = self.memo[id as usize][slot] {
            return done;
        }
        let f: &Formula = self.f;
        let pos = positive;
        let out = match f.node(id) {
            Ast::True => {
                if pos {
                    TRUE
                } else {
                    FALSE
                }
            }
            Ast::False => {
                if pos {
                    FALSE
                } else {
                    TRUE
                }
            }
            Ast::Prop(p) => nnf.lit(self.bits[usize::from(*p)], pos),
            Ast::Not(a) => self.run(nnf, *a, !pos),
            Ast::And(cs) | Ast::Or(cs) => {
                let is_and = matches!(f.node(id), Ast::And(_)) == pos;
                let items: Vec<NodeId> = cs.iter().map(|c| self.run(nnf, *c, pos)).collect();
                nnf.junction(is_and, items)
            }
            Ast::Xor(a, b) => self.iff(nnf, *a, *b, !pos),
            Ast::Iff(a, b) => self.iff(nnf, *a, *b, pos),
            Ast::Implies(a, b) => {
                // a -> b = !a | b; its negation is a & !b.
                let na = self.run(nnf, *a, !pos);
                let nb = self.run(nnf, *b, pos);
                nnf.junction(!pos, [na, nb])
            }
            Ast::Next(a) => {
                let x = self.run(nnf, *a, pos);
                nnf.next(pos, x)
            }
            Ast::WeakNext(a) => {
                let x = self.run(nnf, *a, pos);
                nnf.next(!pos, x)
            }
            Ast::Finally(a) => {
                let x = self.run(nnf, *a, pos);
                if pos {
                    nnf.until(TRUE, x)
                } else {
                    nnf.release(FALSE, x)
                }
            }
            Ast::Globally(a) => {
                let x = self.run(nnf, *a, pos);
                if pos {
                    nnf.release(FALSE, x)
                } else {
                    nnf.until(TRUE, x)
                }
            }
            Ast::Until(a, b) | Ast::Release(a, b) => {
                let x = self.run(nnf, *a, pos);
                let y = self.run(nnf, *b, pos);
                if matches!(f.node(id), Ast::Until(..)) == pos {
                    nnf.until(x, y)
                } else {
                    nnf.release(x, y)
                }
            }
            // a W b = b R (a | b); !(a W b) = !b U (!a & !b).
            // a M b = b U (a & b); !(a M b) = !b R (!a | !b).
            Ast::WeakUntil(a, b) | Ast::StrongRelease(a, b) => {
                let weak_until = matches!(f.node(id), Ast::WeakUntil(..));
                let x = self.run(nnf, *a, pos);
                let y = self.run(nnf, *b, pos);
                // The inner junction is `|` for W and `&` for M, dualized under negation.
                let inner = nnf.junction(weak_until != pos, [x, y]);
                if weak_until == pos {
                    nnf.release(y, inner)
                } else {
                    nnf.until(y, inner)
                }
            }
        };
        self.memo[id as usize][slot] = Some(out);
        out
    }

    /// `a <-> b` when `positive`, else `a xor b`.
    fn iff(&mut self, nnf: &mut Nnf, a: AstId, b: AstId, positive: bool) -> NodeId {
        let (pa, na) = (self.run(nnf, a, true), self.run(nnf, a, false));
        let (pb, nb) = (self.run(nnf, b, true), self.run(nnf, b, false));
        let (l, r) = if positive {
            (nnf.junction(true, [pa, pb]), nnf.junction(true, [na, nb]))
        } else {
            (nnf.junction(true, [pa, nb]), nnf.junction(true, [na, pb]))
        };
        nnf.junction(false, [l, r])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ltl::parse;

    fn nnf(src: &str) -> (Nnf, NodeId) {
        let f = parse(src).unwrap();
        let bits: Vec<u8> = (0..f.props().len() as u8).collect();
        Nnf::from_formula(&f, &bits)
    }

    #[test]
    fn constants_fold() {
        assert_eq!(nnf("a & !a").1, FALSE);
        assert_eq!(nnf("a | !a").1, TRUE);
        assert_eq!(nnf("X false").1, FALSE);
        assert_eq!(nnf("N true").1, TRUE);
        assert_eq!(nnf("!(a -> a)").1, FALSE);
        assert_eq!(nnf("G true & X false | false").1, FALSE);
        // `F true` means "the rest is not empty": not a constant.
        assert!(matches!(
            nnf("F true").0.node(nnf("F true").1),
            Node::Until(TRUE, TRUE)
        ));
    }

    #[test]
    fn duals_meet_in_one_node() {
        let (arena, root) = nnf("(F G a) & !(G F !a)");
        // Both conjuncts normalize to F G a, which is shared.
        assert!(matches!(arena.node(root), Node::Until(TRUE, _)));
    }

    #[test]
    fn iff_chains_stay_linear() {
        let src = alloc::format!("{}a{}", "(a <-> ".repeat(40), ")".repeat(40));
        let (arena, _) = nnf(&src);
        assert!(arena.len() < 400, "{} nodes", arena.len());
    }
}
