//! The parsed formula: a small tree stored in an arena, its propositions, and its printed form.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::str::FromStr;

use super::error::LtlError;

/// Index of a node in a [`Formula`]'s arena.
pub(crate) type AstId = u32;

/// One node of the parsed tree, exactly as written (no simplification).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Ast {
    True,
    False,
    /// Index into [`Formula::props`].
    Prop(u16),
    Not(AstId),
    Next(AstId),
    WeakNext(AstId),
    Finally(AstId),
    Globally(AstId),
    And(Vec<AstId>),
    Or(Vec<AstId>),
    Xor(AstId, AstId),
    Implies(AstId, AstId),
    Iff(AstId, AstId),
    Until(AstId, AstId),
    Release(AstId, AstId),
    WeakUntil(AstId, AstId),
    StrongRelease(AstId, AstId),
}

impl Ast {
    /// Whether the node prints with an infix operator (and so needs parentheses as an operand).
    fn is_infix(&self) -> bool {
        matches!(
            self,
            Ast::And(_)
                | Ast::Or(_)
                | Ast::Xor(..)
                | Ast::Implies(..)
                | Ast::Iff(..)
                | Ast::Until(..)
                | Ast::Release(..)
                | Ast::WeakUntil(..)
                | Ast::StrongRelease(..)
        )
    }
}

/// A parsed LTLf formula.
///
/// Build one with [`parse`](super::parse) or [`str::parse`]. It prints back in the accepted
/// syntax (canonical operator spellings, parentheses around every infix operand), and that
/// text parses to the same formula.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Formula {
    /// The arena; children always come before their parent.
    pub(crate) nodes: Vec<Ast>,
    pub(crate) root: AstId,
    /// Distinct proposition names, sorted.
    pub(crate) props: Vec<String>,
}

impl Formula {
    /// The distinct propositions the formula mentions, sorted by name.
    pub fn props(&self) -> &[String] {
        &self.props
    }

    /// Number of operators and operands (nodes of the syntax tree).
    pub fn size(&self) -> usize {
        self.nodes.len()
    }

    pub(crate) fn node(&self, id: AstId) -> &Ast {
        // Ids are only ever produced by the parser for this arena.
        &self.nodes[id as usize]
    }

    fn write_node(&self, f: &mut fmt::Formatter<'_>, id: AstId) -> fmt::Result {
        let unary = |f: &mut fmt::Formatter<'_>, op: &str, a: AstId| {
            f.write_str(op)?;
            self.write_operand(f, a)
        };
        let binary = |f: &mut fmt::Formatter<'_>, op: &str, a: AstId, b: AstId| {
            self.write_operand(f, a)?;
            write!(f, " {op} ")?;
            self.write_operand(f, b)
        };
        // Under `U R W M`, a temporal prefix operand is parenthesized too, for the reader:
        // `(F a) U b` rather than the equivalent `F a U b`.
        let temporal = |f: &mut fmt::Formatter<'_>, op: &str, a: AstId, b: AstId| {
            self.write_temporal_operand(f, a)?;
            write!(f, " {op} ")?;
            self.write_temporal_operand(f, b)
        };
        match self.node(id) {
            Ast::True => f.write_str("true"),
            Ast::False => f.write_str("false"),
            Ast::Prop(p) => f.write_str(&self.props[usize::from(*p)]),
            Ast::Not(a) => unary(f, "!", *a),
            Ast::Next(a) => unary(f, "X ", *a),
            Ast::WeakNext(a) => unary(f, "N ", *a),
            Ast::Finally(a) => unary(f, "F ", *a),
            Ast::Globally(a) => unary(f, "G ", *a),
            Ast::And(cs) | Ast::Or(cs) => {
                let op = if matches!(self.node(id), Ast::And(_)) {
                    " & "
                } else {
                    " | "
                };
                for (k, c) in cs.iter().enumerate() {
                    if k > 0 {
                        f.write_str(op)?;
                    }
                    self.write_operand(f, *c)?;
                }
                Ok(())
            }
            Ast::Xor(a, b) => binary(f, "xor", *a, *b),
            Ast::Implies(a, b) => binary(f, "->", *a, *b),
            Ast::Iff(a, b) => binary(f, "<->", *a, *b),
            Ast::Until(a, b) => temporal(f, "U", *a, *b),
            Ast::Release(a, b) => temporal(f, "R", *a, *b),
            Ast::WeakUntil(a, b) => temporal(f, "W", *a, *b),
            Ast::StrongRelease(a, b) => temporal(f, "M", *a, *b),
        }
    }

    fn write_operand(&self, f: &mut fmt::Formatter<'_>, id: AstId) -> fmt::Result {
        if self.node(id).is_infix() {
            f.write_str("(")?;
            self.write_node(f, id)?;
            f.write_str(")")
        } else {
            self.write_node(f, id)
        }
    }
}

impl Formula {
    fn write_temporal_operand(&self, f: &mut fmt::Formatter<'_>, id: AstId) -> fmt::Result {
        if matches!(
            self.node(id),
            Ast::Next(_) | Ast::WeakNext(_) | Ast::Finally(_) | Ast::Globally(_)
        ) {
            f.write_str("(")?;
            self.write_node(f, id)?;
            f.write_str(")")
        } else {
            self.write_operand(f, id)
        }
    }
}

impl fmt::Display for Formula {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_node(f, self.root)
    }
}

impl FromStr for Formula {
    type Err = LtlError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        super::parse(s)
    }
}
