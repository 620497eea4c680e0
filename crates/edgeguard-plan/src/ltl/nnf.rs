//! Negation normal form in a hash-consed arena, with light simplification.
//!
//! Only `true false`, literals, `& |` (n-ary, sorted, deduplicated), `X N` and `U R` remain:
//! `F G W M -> <-> xor` and `!` above anything but a proposition are rewritten away. Equal
//! subformulas share one id, so the form is a DAG. A node's children always have smaller ids,
//! so passes over it run bottom-up in id order, without recursion.

use alloc::collections::BTreeMap;
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
        let mut done: Vec<[NodeId; 2]> = Vec::with_capacity(f.nodes.len());
        for id in 0..f.nodes.len() {
            // Arena ids fit in AstId (bounded by MAX_NODES).
            let pair = convert(&mut nnf, f, bits, &done, id as AstId);
            done.push(pair);
        }
        (nnf, done[f.root as usize][1])
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

/// Converts one parse node, both polarities at once, from its children's conversions
/// (`done[c] = [nnf(!c), nnf(c)]`). The parse arena stores children first, so a single pass in
/// id order converts the whole tree without recursion, and `<->` chains stay linear.
fn convert(
    nnf: &mut Nnf,
    f: &Formula,
    bits: &[u8],
    done: &[[NodeId; 2]],
    id: AstId,
) -> [NodeId; 2] {
    let c = |a: &AstId| done[*a as usize];
    let both = |nnf: &mut Nnf, build: &mut dyn FnMut(&mut Nnf, bool) -> NodeId| {
        [build(nnf, false), build(nnf, true)]
    };
    match f.node(id) {
        Ast::True => [FALSE, TRUE],
        Ast::False => [TRUE, FALSE],
        Ast::Prop(p) => {
            let bit = bits[usize::from(*p)];
            [nnf.lit(bit, false), nnf.lit(bit, true)]
        }
        Ast::Not(a) => {
            let [neg, pos] = c(a);
            [pos, neg]
        }
        Ast::And(cs) | Ast::Or(cs) => {
            let and = matches!(f.node(id), Ast::And(_));
            both(nnf, &mut |nnf, pos| {
                let items: Vec<NodeId> = cs.iter().map(|k| c(k)[usize::from(pos)]).collect();
                nnf.junction(and == pos, items)
            })
        }
        // a <-> b = (a & b) | (!a & !b); a xor b is its negation.
        Ast::Iff(a, b) | Ast::Xor(a, b) => {
            let ([na, pa], [nb, pb]) = (c(a), c(b));
            let same_l = nnf.junction(true, [pa, pb]);
            let same_r = nnf.junction(true, [na, nb]);
            let same = nnf.junction(false, [same_l, same_r]);
            let diff_l = nnf.junction(true, [pa, nb]);
            let diff_r = nnf.junction(true, [na, pb]);
            let diff = nnf.junction(false, [diff_l, diff_r]);
            if matches!(f.node(id), Ast::Iff(..)) {
                [diff, same]
            } else {
                [same, diff]
            }
        }
        // a -> b = !a | b; its negation is a & !b.
        Ast::Implies(a, b) => {
            let ([na, pa], [nb, pb]) = (c(a), c(b));
            [nnf.junction(true, [pa, nb]), nnf.junction(false, [na, pb])]
        }
        // !X a = N !a.
        Ast::Next(a) | Ast::WeakNext(a) => {
            let strong = matches!(f.node(id), Ast::Next(_));
            let [na, pa] = c(a);
            [nnf.next(!strong, na), nnf.next(strong, pa)]
        }
        // F a = true U a, G a = false R a, and they are dual.
        Ast::Finally(a) | Ast::Globally(a) => {
            let [na, pa] = c(a);
            let f_neg = nnf.release(FALSE, na);
            let f_pos = nnf.until(TRUE, pa);
            let g_neg = nnf.until(TRUE, na);
            let g_pos = nnf.release(FALSE, pa);
            if matches!(f.node(id), Ast::Finally(_)) {
                [f_neg, f_pos]
            } else {
                [g_neg, g_pos]
            }
        }
        // !(a U b) = !a R !b, !(a R b) = !a U !b.
        Ast::Until(a, b) | Ast::Release(a, b) => {
            let ([na, pa], [nb, pb]) = (c(a), c(b));
            if matches!(f.node(id), Ast::Until(..)) {
                [nnf.release(na, nb), nnf.until(pa, pb)]
            } else {
                [nnf.until(na, nb), nnf.release(pa, pb)]
            }
        }
        // a W b = b R (a | b); !(a W b) = !b U (!a & !b).
        Ast::WeakUntil(a, b) => {
            let ([na, pa], [nb, pb]) = (c(a), c(b));
            let neither = nnf.junction(true, [na, nb]);
            let either = nnf.junction(false, [pa, pb]);
            [nnf.until(nb, neither), nnf.release(pb, either)]
        }
        // a M b = b U (a & b); !(a M b) = !b R (!a | !b).
        Ast::StrongRelease(a, b) => {
            let ([na, pa], [nb, pb]) = (c(a), c(b));
            let not_both = nnf.junction(false, [na, nb]);
            let both_hold = nnf.junction(true, [pa, pb]);
            [nnf.release(nb, not_both), nnf.until(pb, both_hold)]
        }
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
