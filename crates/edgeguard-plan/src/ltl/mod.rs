//! Linear temporal logic on finite traces (LTLf): parse, compile to automata, compare.
//!
//! Robot plan constraints ("never enter the lab", "pick up the knife only after the guard is
//! on") are LTLf formulas over a plan's steps. This module parses them, compiles each into a
//! small minimal deterministic automaton by formula progression, decides equivalence, and votes
//! among candidate translations. [`crate`] builds the robot policy checker on it.
//!
//! ```
//! use edgeguard_plan::ltl;
//!
//! let f = ltl::parse("G (knife -> guard) & F dock")?;
//! let a = f.compile()?;
//! assert!(a.accepts(&[&["guard"], &["guard", "knife"], &["dock"]]));
//! assert!(!a.accepts(&[&["knife"], &["dock"]]));
//! assert!(ltl::equivalent("G !lab", "!F lab")?);
//! # Ok::<(), ltl::LtlError>(())
//! ```
//!
//! # Syntax
//!
//! Spot-compatible. From the loosest binding to the tightest:
//!
//! | operators | meaning | associativity |
//! |---|---|---|
//! | `->` `=>`, `<->` `<=>` | implication, equivalence | right |
//! | `\|` `\|\|` | or | n-ary |
//! | `xor` `^` | exclusive or | left |
//! | `&` `&&` | and | n-ary |
//! | `U` `R` `W` `M` | until, release, weak until, strong release | right |
//! | `F` `<>`, `G` `[]`, `X`, `N` `WX`, `!` `~` | prefix: eventually, always, strong next, weak next, not | |
//!
//! Operands are `true` (`1`), `false` (`0`), parenthesized formulas and proposition names
//! `[a-z_][a-z0-9_]*` (`true`, `false` and `xor` are reserved). Upper-case letters are operators,
//! and a run of them is read letter by letter (`GFa` is `G F a`) except the word `WX`.
//! White space is free. So `a & b U c` is `a & (b U c)`, `F a U b` is `(F a) U b`, and
//! `a -> b <-> c` is `a -> (b <-> c)`.
//!
//! # Semantics
//!
//! A trace is a finite sequence of steps `σ0 … σ(n-1)`, each the set of propositions true at
//! that step; a plan's trace is the world state after each of its steps. A formula is evaluated
//! at a position `i` with `0 <= i <= n`; the trace satisfies it iff it holds at `0`.
//! For `i < n`:
//!
//! - `p` holds iff `p ∈ σi`; `! & | xor -> <->` are classical;
//! - `X φ` (strong next) holds iff a next step exists (`i + 1 < n`) and `φ` holds there: at the
//!   last step `X φ` is **false**;
//! - `N φ` / `WX φ` (weak next) holds iff there is no next step or `φ` holds there: at the last
//!   step it is **true**;
//! - `φ U ψ` holds iff some `j` in `i..n` satisfies `ψ` and every `k` in `i..j` satisfies `φ`:
//!   `ψ` must happen **within the trace**; `F φ = true U φ`;
//! - `φ R ψ` holds iff every `j` in `i..n` satisfies `ψ` unless some `k` in `i..j` satisfies
//!   `φ`: `ψ` need hold only **up to the end of the trace**; `G φ = false R φ`;
//! - `φ W ψ = (φ U ψ) | G φ` and `φ M ψ = ψ U (φ & ψ)`.
//!
//! Position `n` is the empty rest of the trace, reached only by the empty trace at the top
//! level. Every definition above reads the same there: no step exists, so a proposition is
//! false (and its negation true), `X`, `U`, `F`, `M` are false, `N`, `R`, `G`, `W` are true.
//! Hence an **empty plan** satisfies `G !lab`, `!lab` and `lab -> F dock`, and violates `F dock`,
//! `dock` and `X true`. (`F true` means "the plan is not empty".)
//!
//! # Automata
//!
//! [`Formula::compile`] builds the automaton by *progression*: the initial state is the formula;
//! after a letter, the state is what the rest of the trace must satisfy, written as a canonical
//! positive combination of `X φ`/`N φ` obligations on subformulas φ, so equal obligations are
//! one state and the construction ends. A state is *accepting* when its obligation holds of the
//! empty rest, and *live* when an accepting state is reachable. The result is minimized (Moore
//! refinement) and numbered canonically (breadth-first), so equivalent formulas over the same
//! alphabet give equal [`Automaton`]s: [`equivalent`] and [`vote`] compare them that way.
//!
//! # Bounds
//!
//! Every input is checked against these bounds before any recursion or large allocation, and
//! exceeding one is an [`LtlError`], never a stack overflow or a hang:
//!
//! - [`MAX_FORMULA_LEN`] bytes of text, [`MAX_NODES`] operators and operands, [`MAX_DEPTH`]
//!   levels of nesting (each operator application and each parenthesis pair is a level);
//! - [`MAX_FORMULA_PROPS`] propositions per formula (or per comparison): letters are bit masks
//!   and the automaton has `2^props` columns;
//! - [`MAX_STATES`] states and [`MAX_TRANSITIONS`] transitions during construction, and at most
//!   512 cubes per intermediate obligation.
//!
//! Stack use grows with the actual nesting, never past the depth bound: the parser recurses
//! only into parentheses, printing and the reference evaluator once per level, and compilation
//! not at all (it runs bottom-up or on heap stacks). A formula at the bound needs under 64 KiB
//! of stack in release builds (under 256 KiB in debug builds); everyday formulas a few KiB.

mod automaton;
mod error;
mod eval;
mod formula;
mod lexer;
mod minimize;
mod nnf;
mod parser;
mod progress;
mod vote;

pub use automaton::{Automaton, StateId};
pub use error::LtlError;
pub use formula::Formula;
pub use parser::parse;
pub use vote::{Rejected, Vote, equivalent, vote};

/// Longest formula text accepted, in bytes.
pub const MAX_FORMULA_LEN: usize = 4096;
/// Deepest nesting accepted (operator applications and parentheses).
pub const MAX_DEPTH: usize = 64;
/// Most operators and operands (syntax-tree nodes) in one formula.
pub const MAX_NODES: usize = 1024;
/// Most distinct propositions in one formula, or in the union of formulas being compared.
pub const MAX_FORMULA_PROPS: usize = 10;
/// Most automaton states built during one compilation (before minimization).
pub const MAX_STATES: usize = 512;
/// Most transitions built during one compilation (states times `2^props`).
pub const MAX_TRANSITIONS: usize = 1 << 18;
