//! The reference semantics: a direct recursive evaluator on finite traces.
//!
//! It follows the definitions in the module docs word for word (position `i` ranges over
//! `0..=n`, `n` being the empty suffix) and is the oracle the compiled automata are tested
//! against. Results are memoized per (node, position), so it runs in polynomial time.

use alloc::vec;
use alloc::vec::Vec;

use super::formula::{Ast, AstId, Formula};

impl Formula {
    /// Whether the trace satisfies the formula, by the definitions of the LTLf semantics.
    ///
    /// Each step lists the propositions true at that step; names the formula does not mention
    /// are ignored. An empty trace is allowed (see the semantics in [`crate::ltl`]). This is the
    /// slow reference; checking against a compiled [`Automaton`](super::Automaton) is the fast
    /// path.
    ///
    /// ```
    /// let f = edgeguard_plan::ltl::parse("G (knife -> guard)").unwrap();
    /// assert!(f.eval(&[&["guard"], &["guard", "knife"]]));
    /// assert!(!f.eval(&[&["knife"]]));
    /// assert!(f.eval(&[]));
    /// ```
    pub fn eval(&self, trace: &[&[&str]]) -> bool {
        // Which of the formula's propositions hold at each step.
        let steps: Vec<Vec<bool>> = trace
            .iter()
            .map(|step| {
                self.props
                    .iter()
                    .map(|p| step.iter().any(|s| s == p))
                    .collect()
            })
            .collect();
        self.eval_with(steps.len(), |i, p| steps[i][usize::from(p)])
    }

    /// Evaluates on a trace of `len` steps where `holds(i, p)` says whether proposition `p`
    /// (an index into [`Formula::props`]) is true at step `i < len`.
    pub(crate) fn eval_with(&self, len: usize, holds: impl Fn(usize, u16) -> bool) -> bool {
        let mut ev = Evaluator {
            f: self,
            len,
            holds: &holds,
            memo: vec![None; self.nodes.len() * (len + 1)],
        };
        ev.at(self.root, 0)
    }
}

struct Evaluator<'f, 'h> {
    f: &'f Formula,
    len: usize,
    holds: &'h dyn Fn(usize, u16) -> bool,
    memo: Vec<Option<bool>>,
}

impl Evaluator<'_, '_> {
    /// Truth of node `id` on the suffix starting at position `i` (`i <= len`).
    fn at(&mut self, id: AstId, i: usize) -> bool {
        let key = id as usize * (self.len + 1) + i;
        if let Some(v) = self.memo[key] {
            return v;
        }
        let n = self.len;
        let f: &Formula = self.f;
        let v = match f.node(id) {
            Ast::True => true,
            Ast::False => false,
            Ast::Prop(p) => i < n && (self.holds)(i, *p),
            Ast::Not(a) => !self.at(*a, i),
            Ast::And(cs) => cs.iter().all(|c| self.at(*c, i)),
            Ast::Or(cs) => cs.iter().any(|c| self.at(*c, i)),
            Ast::Xor(a, b) => self.at(*a, i) != self.at(*b, i),
            Ast::Implies(a, b) => !self.at(*a, i) || self.at(*b, i),
            Ast::Iff(a, b) => self.at(*a, i) == self.at(*b, i),
            // Strong next: there is a next step, and it satisfies `a`.
            Ast::Next(a) => i + 1 < n && self.at(*a, i + 1),
            // Weak next: there is no next step, or it satisfies `a`.
            Ast::WeakNext(a) => i + 1 >= n || self.at(*a, i + 1),
            Ast::Finally(a) => (i..n).any(|j| self.at(*a, j)),
            Ast::Globally(a) => (i..n).all(|j| self.at(*a, j)),
            // Some j in i..n satisfies b, and every k in i..j satisfies a.
            Ast::Until(a, b) => self.until(*a, *b, i, false),
            // a W b: as U, or a holds at every step to the end.
            Ast::WeakUntil(a, b) => self.until(*a, *b, i, true),
            // b holds at every j in i..n unless some k in i..j satisfies a.
            Ast::Release(a, b) => self.release(*a, *b, i, true),
            // a M b: as R, and the releasing step must exist.
            Ast::StrongRelease(a, b) => self.release(*a, *b, i, false),
        };
        self.memo[key] = Some(v);
        v
    }

    fn until(&mut self, a: AstId, b: AstId, i: usize, weak: bool) -> bool {
        for j in i..self.len {
            if self.at(b, j) {
                return true;
            }
            if !self.at(a, j) {
                return false;
            }
        }
        weak
    }

    fn release(&mut self, a: AstId, b: AstId, i: usize, weak: bool) -> bool {
        for j in i..self.len {
            if !self.at(b, j) {
                return false;
            }
            if self.at(a, j) {
                return true;
            }
        }
        weak
    }
}

#[cfg(test)]
mod tests {
    use crate::ltl::parse;

    fn holds(src: &str, trace: &[&[&str]]) -> bool {
        parse(src).unwrap().eval(trace)
    }

    #[test]
    fn strong_next_fails_at_the_last_step_weak_next_holds() {
        assert!(!holds("X a", &[&["a"]]));
        assert!(holds("N a", &[&["a"]]));
        assert!(holds("WX false", &[&[]]));
        assert!(holds("X a", &[&[], &["a"]]));
        assert!(!holds("N a", &[&[], &[]]));
        assert!(holds("G (a -> X b)", &[&["a"], &["b"]]));
        assert!(!holds("G (a -> X b)", &[&["b"], &["a"]]));
    }

    #[test]
    fn eventualities_must_be_fulfilled_within_the_trace() {
        assert!(!holds("F a", &[&[], &[]]));
        assert!(holds("F a", &[&[], &["a"]]));
        assert!(!holds("a U b", &[&["a"], &["a"]]));
        assert!(holds("a W b", &[&["a"], &["a"]]));
        assert!(holds("b R a", &[&["a"], &["a"]]));
        assert!(!holds("b M a", &[&["a"], &["a"]]));
        assert!(holds("b M a", &[&["a"], &["a", "b"]]));
    }

    #[test]
    fn empty_trace() {
        for (src, expected) in [
            ("true", true),
            ("false", false),
            ("a", false),
            ("!a", true),
            ("X true", false),
            ("N false", true),
            ("F a", false),
            ("G a", true),
            ("a U b", false),
            ("a R b", true),
            ("a W b", true),
            ("a M b", false),
            ("G !lab & (lab -> F dock)", true),
        ] {
            assert_eq!(holds(src, &[]), expected, "{src}");
        }
    }
}
