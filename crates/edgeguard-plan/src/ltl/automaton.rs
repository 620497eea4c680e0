//! Compilation of a formula into its minimal deterministic automaton.

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::error::LtlError;
use super::formula::Formula;
use super::minimize::Dfa;
use super::nnf::Nnf;
use super::progress::{Dnf, Progressor, holds_on_empty};
use super::{MAX_FORMULA_PROPS, MAX_STATES, MAX_TRANSITIONS};

/// A state of an [`Automaton`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StateId(pub(crate) u16);

impl StateId {
    /// The state's index, `0..Automaton::state_count()`.
    pub const fn index(self) -> usize {
        self.0 as usize
    }
}

/// The minimal deterministic automaton of an LTLf formula over a fixed alphabet.
///
/// A *letter* is the set of alphabet propositions true at one step, as a bit mask: bit `i` is
/// [`props()[i]`](Automaton::props). Reading a trace letter by letter from
/// [`initial`](Automaton::initial) ends in an [`accepting`](Automaton::is_accepting) state iff
/// the trace satisfies the formula; a [`live`](Automaton::is_live) state is one from which some
/// continuation is accepted. The form is canonical, so two automata over the same alphabet are
/// `==` iff their formulas are equivalent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Automaton {
    props: Vec<String>,
    table: Vec<u16>,
    accepting: Vec<bool>,
    live: Vec<bool>,
}

impl Automaton {
    /// The alphabet: bit `i` of a letter is whether `props()[i]` holds.
    pub fn props(&self) -> &[String] {
        &self.props
    }

    /// Number of letters, `2^props().len()`.
    pub fn letter_count(&self) -> usize {
        1 << self.props.len()
    }

    /// Number of states.
    pub fn state_count(&self) -> usize {
        self.accepting.len()
    }

    /// The initial state (the empty trace read so far).
    pub const fn initial(&self) -> StateId {
        StateId(0)
    }

    /// The state after reading `letter` in `state`. Bits above the alphabet are ignored.
    ///
    /// # Panics
    ///
    /// If `state` does not belong to this automaton.
    #[inline]
    pub fn next(&self, state: StateId, letter: u32) -> StateId {
        let letters = self.letter_count();
        let mask = (letters - 1) as u32;
        StateId(self.table[state.index() * letters + (letter & mask) as usize])
    }

    /// Whether the trace read so far satisfies the formula.
    ///
    /// # Panics
    ///
    /// If `state` does not belong to this automaton.
    pub fn is_accepting(&self, state: StateId) -> bool {
        self.accepting[state.index()]
    }

    /// Whether some continuation (possibly empty) of the trace read so far satisfies it.
    ///
    /// # Panics
    ///
    /// If `state` does not belong to this automaton.
    pub fn is_live(&self, state: StateId) -> bool {
        self.live[state.index()]
    }

    /// The letter in which exactly the alphabet propositions among `true_props` hold.
    pub fn letter<S: AsRef<str>>(&self, true_props: &[S]) -> u32 {
        self.props
            .iter()
            .enumerate()
            .filter(|(_, p)| true_props.iter().any(|t| t.as_ref() == p.as_str()))
            .fold(0, |acc, (i, _)| acc | 1 << i)
    }

    /// Whether the automaton accepts the trace (each step lists the propositions true there).
    pub fn accepts(&self, trace: &[&[&str]]) -> bool {
        let end = trace
            .iter()
            .fold(self.initial(), |s, step| self.next(s, self.letter(step)));
        self.is_accepting(end)
    }
}

impl Formula {
    /// Compiles the formula over its own propositions ([`Formula::props`]).
    ///
    /// # Errors
    ///
    /// [`LtlError::TooManyProps`] beyond [`MAX_FORMULA_PROPS`] propositions,
    /// [`LtlError::TooComplex`] when the construction passes [`MAX_STATES`] states or the other
    /// work bounds.
    pub fn compile(&self) -> Result<Automaton, LtlError> {
        self.compile_over(&self.props)
    }

    /// Compiles the formula over `alphabet`, which must contain every proposition of the
    /// formula and may contain more (letters then range over all of them).
    ///
    /// # Errors
    ///
    /// As [`Formula::compile`], and [`LtlError::NotInAlphabet`] when a proposition of the
    /// formula is missing from `alphabet`.
    pub fn compile_over<S: AsRef<str>>(&self, alphabet: &[S]) -> Result<Automaton, LtlError> {
        if alphabet.len() > MAX_FORMULA_PROPS {
            return Err(LtlError::TooManyProps {
                count: alphabet.len(),
                max: MAX_FORMULA_PROPS,
            });
        }
        let mut bits = Vec::with_capacity(self.props.len());
        for p in &self.props {
            match alphabet.iter().position(|a| a.as_ref() == p) {
                // Bounded by MAX_FORMULA_PROPS.
                Some(i) => bits.push(i as u8),
                None => return Err(LtlError::NotInAlphabet { name: p.clone() }),
            }
        }
        let dfa = build(self, &bits, 1 << alphabet.len())?.minimize();
        let live = dfa.live();
        Ok(Automaton {
            props: alphabet.iter().map(|a| a.as_ref().to_string()).collect(),
            table: dfa.table,
            accepting: dfa.accepting,
            live,
        })
    }
}

/// Builds the (unminimized) progression automaton: state 0 is the formula itself, every other
/// state an obligation in canonical DNF.
fn build(f: &Formula, bits: &[u8], letters: usize) -> Result<Dfa, LtlError> {
    let (nnf, root) = Nnf::from_formula(f, bits);
    let mut prog = Progressor::new(&nnf);
    let mut ids: BTreeMap<Dnf, u16> = BTreeMap::new();
    let mut states: Vec<Dnf> = Vec::from([Vec::new()]); // placeholder for state 0
    let mut accepting = Vec::from([holds_on_empty(&nnf, root)]);
    let mut table: Vec<u16> = Vec::new();
    let mut s = 0;
    while s < states.len() {
        if table.len() + letters > MAX_TRANSITIONS {
            return Err(LtlError::TooComplex {
                bound: "transitions",
                max: MAX_TRANSITIONS,
            });
        }
        for letter in 0..letters {
            prog.set_letter(letter as u32);
            let next = if s == 0 {
                prog.progress_root(root)?
            } else {
                prog.advance(&states[s])?
            };
            let id = match ids.get(&next) {
                Some(id) => *id,
                None => {
                    if states.len() >= MAX_STATES {
                        return Err(LtlError::TooComplex {
                            bound: "states",
                            max: MAX_STATES,
                        });
                    }
                    let id = states.len() as u16;
                    accepting.push(prog.atoms.accepts_empty(&next));
                    ids.insert(next.clone(), id);
                    states.push(next);
                    id
                }
            };
            table.push(id);
        }
        s += 1;
    }
    Ok(Dfa {
        letters,
        table,
        accepting,
    })
}

#[cfg(test)]
mod tests {
    use crate::ltl::parse;

    fn states(src: &str) -> usize {
        parse(src).unwrap().compile().unwrap().state_count()
    }

    #[test]
    fn small_formulas_give_small_automata() {
        assert_eq!(states("true"), 1);
        assert_eq!(states("false"), 1);
        // G !a: ok (accepting), dead.
        assert_eq!(states("G !a"), 2);
        // F a: waiting, done.
        assert_eq!(states("F a"), 2);
        // X a: start, need a, done, dead.
        assert_eq!(states("X a"), 4);
        assert_eq!(states("G (a -> F b)"), 2);
    }

    #[test]
    fn strong_and_weak_next_at_the_last_step() {
        let x = parse("X a").unwrap().compile().unwrap();
        let n = parse("N a").unwrap().compile().unwrap();
        assert!(!x.accepts(&[&["a"]]));
        assert!(n.accepts(&[&["a"]]));
        assert!(x.accepts(&[&[], &["a"]]));
        assert!(!n.accepts(&[&[], &[]]));
        // After one step X a still needs a step; N a would be content to stop.
        let s = x.next(x.initial(), 0);
        assert!(!x.is_accepting(s) && x.is_live(s));
        let s = n.next(n.initial(), 0);
        assert!(n.is_accepting(s) && n.is_live(s));
    }

    #[test]
    fn g_only_and_f_only() {
        let g = parse("G !lab").unwrap().compile().unwrap();
        assert!(g.accepts(&[]) && g.accepts(&[&["hall"], &[]]));
        let dead = g.next(g.initial(), g.letter(&["lab"]));
        assert!(!g.is_live(dead) && !g.is_accepting(dead));
        let f = parse("F dock").unwrap().compile().unwrap();
        assert!(!f.accepts(&[]) && !f.accepts(&[&[]]) && f.accepts(&[&[], &["dock"], &[]]));
        // F never dies: a dock can always come later.
        assert!(f.is_live(f.next(f.initial(), 0)));
    }

    #[test]
    fn alphabet_may_be_larger_but_must_cover_the_formula() {
        let f = parse("F a").unwrap();
        let a = f.compile_over(&["a", "b"]).unwrap();
        assert_eq!(a.letter_count(), 4);
        assert!(a.accepts(&[&["b"], &["a", "b"]]));
        assert!(matches!(
            f.compile_over(&["b"]),
            Err(crate::ltl::LtlError::NotInAlphabet { .. })
        ));
    }

    #[test]
    fn too_many_props_is_a_clear_error() {
        let src = (0..=crate::ltl::MAX_FORMULA_PROPS)
            .map(|i| alloc::format!("p{i}"))
            .collect::<alloc::vec::Vec<_>>()
            .join(" | ");
        let err = parse(&src).unwrap().compile().unwrap_err();
        assert!(
            matches!(err, crate::ltl::LtlError::TooManyProps { .. }),
            "{err}"
        );
    }

    /// The input that stopped the ltl fuzz campaign on a libFuzzer timeout
    /// (`fuzz/artifacts/ltl/timeout-41187d27…`): a 22-node formula whose construction is slow
    /// (0.38 s in a release build), not stuck; it compiles within the construction's bounds to
    /// an automaton that agrees with the formula's own evaluation.
    #[test]
    fn fuzz_timeout_41187d27_a_slow_formula_compiles_within_bounds() {
        let f = parse("gM<> aM<>agM<>aggM<> aM<>aaMggMb&a").unwrap();
        let a = f.compile().unwrap();
        for trace in [&[][..], &[&["a"][..]][..], &[&["a"][..], &["gM"][..]][..]] {
            assert_eq!(a.accepts(trace), f.eval(trace), "{trace:?}");
        }
    }
}
