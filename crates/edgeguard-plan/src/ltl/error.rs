//! The one error type of the LTLf area.

use alloc::string::String;
use core::fmt;

use serde::Serialize;

/// Why a formula could not be parsed, compiled or compared.
///
/// Parse errors carry the 1-based column (counted in Unicode scalar values) where the problem
/// starts. Bounds are the constants of [`crate::ltl`] ([`MAX_FORMULA_LEN`](super::MAX_FORMULA_LEN),
/// [`MAX_DEPTH`](super::MAX_DEPTH), ...). The serde form is tagged by `kind` (snake_case).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum LtlError {
    /// The formula text is empty or only white space.
    Empty,
    /// A character that starts no token.
    UnexpectedChar {
        /// 1-based column of the character.
        column: usize,
        /// The character.
        found: char,
    },
    /// An upper-case word that is no operator (operators are `X N WX F G U R W M`).
    UnknownOperator {
        /// 1-based column where the word starts.
        column: usize,
        /// The word.
        found: String,
    },
    /// A token where the grammar expects something else.
    UnexpectedToken {
        /// 1-based column of the token.
        column: usize,
        /// The token as written.
        found: String,
        /// What the parser expected there.
        expected: &'static str,
    },
    /// The text ends where the grammar expects more.
    UnexpectedEnd {
        /// 1-based column just past the end.
        column: usize,
        /// What the parser expected there.
        expected: &'static str,
    },
    /// The text is longer than [`MAX_FORMULA_LEN`](super::MAX_FORMULA_LEN) bytes.
    TooLong {
        /// Length of the text in bytes.
        len: usize,
        /// The bound.
        max: usize,
    },
    /// Nesting deeper than [`MAX_DEPTH`](super::MAX_DEPTH) levels.
    TooDeep {
        /// 1-based column of the operator or parenthesis that went past the bound.
        column: usize,
        /// The bound.
        max: usize,
    },
    /// More than [`MAX_NODES`](super::MAX_NODES) operators and operands.
    TooLarge {
        /// 1-based column of the token that went past the bound.
        column: usize,
        /// The bound.
        max: usize,
    },
    /// More distinct propositions than [`MAX_FORMULA_PROPS`](super::MAX_FORMULA_PROPS) in one
    /// formula (or in the union of the formulas being compared).
    TooManyProps {
        /// How many there are.
        count: usize,
        /// The bound.
        max: usize,
    },
    /// The automaton would need more than [`MAX_STATES`](super::MAX_STATES) states, or an
    /// intermediate form grew past the documented work bounds.
    TooComplex {
        /// Which bound was hit.
        bound: &'static str,
        /// The bound's value.
        max: usize,
    },
    /// A proposition of the formula is missing from the alphabet it is compiled over.
    NotInAlphabet {
        /// The proposition.
        name: String,
    },
}

impl fmt::Display for LtlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("empty formula"),
            Self::UnexpectedChar { column, found } => {
                write!(f, "column {column}: unexpected character {found:?}")
            }
            Self::UnknownOperator { column, found } => write!(
                f,
                "column {column}: unknown operator `{found}` (operators are X N WX F G U R W M; \
                 proposition names are lower case)"
            ),
            Self::UnexpectedToken {
                column,
                found,
                expected,
            } => {
                write!(f, "column {column}: expected {expected}, found `{found}`")
            }
            Self::UnexpectedEnd { column, expected } => {
                write!(
                    f,
                    "column {column}: expected {expected}, found the end of the formula"
                )
            }
            Self::TooLong { len, max } => {
                write!(f, "formula is {len} bytes long; at most {max} are accepted")
            }
            Self::TooDeep { column, max } => {
                write!(f, "column {column}: formula nests deeper than {max} levels")
            }
            Self::TooLarge { column, max } => {
                write!(
                    f,
                    "column {column}: formula has more than {max} operators and operands"
                )
            }
            Self::TooManyProps { count, max } => {
                write!(
                    f,
                    "{count} distinct propositions; at most {max} are accepted"
                )
            }
            Self::TooComplex { bound, max } => {
                write!(f, "formula too complex to compile: more than {max} {bound}")
            }
            Self::NotInAlphabet { name } => {
                write!(f, "proposition `{name}` is not in the alphabet")
            }
        }
    }
}

impl core::error::Error for LtlError {}
