//! Recursive-descent parser for the Spot-compatible syntax.
//!
//! Only parentheses recurse (bounded by [`MAX_DEPTH`]); operator chains and prefix runs are
//! collected in loops, and every node's height is checked against [`MAX_DEPTH`] as it is built,
//! so no input can overflow the stack here or in the passes that walk the tree later.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::error::LtlError;
use super::formula::{Ast, AstId, Formula};
use super::lexer::{Tok, Token, tokenize};
use super::{MAX_DEPTH, MAX_FORMULA_LEN, MAX_NODES};

const EXPECT_OPERAND: &str = "a proposition, `true`, `false`, a unary operator or `(`";

/// Parses a formula.
///
/// # Errors
///
/// [`LtlError`] with the column of the offending token for syntax errors, and the bound that was
/// exceeded for text longer than [`MAX_FORMULA_LEN`], nesting deeper than [`MAX_DEPTH`] or more
/// than [`MAX_NODES`] nodes.
pub fn parse(src: &str) -> Result<Formula, LtlError> {
    if src.len() > MAX_FORMULA_LEN {
        return Err(LtlError::TooLong {
            len: src.len(),
            max: MAX_FORMULA_LEN,
        });
    }
    let (toks, end_col) = tokenize(src)?;
    if toks.is_empty() {
        return Err(LtlError::Empty);
    }
    let mut p = Parser {
        toks,
        pos: 0,
        end_col,
        nodes: Vec::new(),
        heights: Vec::new(),
        names: Vec::new(),
        parens: 0,
    };
    let root = p.implication()?;
    if let Some(t) = p.peek() {
        return Err(LtlError::UnexpectedToken {
            column: t.column,
            found: t.tok.spelling(),
            expected: "an operator or the end of the formula",
        });
    }
    Ok(p.finish(root))
}

struct Parser<'a> {
    toks: Vec<Token<'a>>,
    pos: usize,
    end_col: usize,
    nodes: Vec<Ast>,
    heights: Vec<usize>,
    /// Proposition names in order of first appearance.
    names: Vec<&'a str>,
    /// Open parentheses around the current position.
    parens: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<Token<'a>> {
        self.toks.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<Token<'a>> {
        let t = self.peek();
        self.pos += 1;
        t
    }

    /// Appends a node, checking the size and height bounds.
    fn push(&mut self, ast: Ast, column: usize) -> Result<AstId, LtlError> {
        if self.nodes.len() >= MAX_NODES {
            return Err(LtlError::TooLarge {
                column,
                max: MAX_NODES,
            });
        }
        let h = |id: &AstId| self.heights[*id as usize];
        let child = match &ast {
            Ast::True | Ast::False | Ast::Prop(_) => 0,
            Ast::Not(a) | Ast::Next(a) | Ast::WeakNext(a) | Ast::Finally(a) | Ast::Globally(a) => {
                h(a)
            }
            Ast::And(cs) | Ast::Or(cs) => cs.iter().map(h).max().unwrap_or(0),
            Ast::Xor(a, b)
            | Ast::Implies(a, b)
            | Ast::Iff(a, b)
            | Ast::Until(a, b)
            | Ast::Release(a, b)
            | Ast::WeakUntil(a, b)
            | Ast::StrongRelease(a, b) => h(a).max(h(b)),
        };
        if child + 1 > MAX_DEPTH {
            return Err(LtlError::TooDeep {
                column,
                max: MAX_DEPTH,
            });
        }
        self.nodes.push(ast);
        self.heights.push(child + 1);
        // MAX_NODES is far below u32::MAX.
        Ok((self.nodes.len() - 1) as AstId)
    }

    /// `a -> b`, `a <-> b`: lowest precedence, right-associative.
    fn implication(&mut self) -> Result<AstId, LtlError> {
        let mut operands = Vec::from([self.or()?]);
        let mut ops = Vec::new();
        while let Some(t) = self
            .peek()
            .filter(|t| matches!(t.tok, Tok::Implies | Tok::Iff))
        {
            self.pos += 1;
            ops.push(t);
            operands.push(self.or()?);
        }
        self.fold_right(operands, &ops)
    }

    /// `a | b | c`: n-ary.
    fn or(&mut self) -> Result<AstId, LtlError> {
        let first = self.xor()?;
        let Some(op) = self.peek().filter(|t| t.tok == Tok::Or) else {
            return Ok(first);
        };
        let mut items = Vec::from([first]);
        while self.peek().is_some_and(|t| t.tok == Tok::Or) {
            self.pos += 1;
            items.push(self.xor()?);
        }
        self.push(Ast::Or(items), op.column)
    }

    /// `a xor b`: left-associative.
    fn xor(&mut self) -> Result<AstId, LtlError> {
        let mut acc = self.and()?;
        while let Some(op) = self.peek().filter(|t| t.tok == Tok::Xor) {
            self.pos += 1;
            let rhs = self.and()?;
            acc = self.push(Ast::Xor(acc, rhs), op.column)?;
        }
        Ok(acc)
    }

    /// `a & b & c`: n-ary.
    fn and(&mut self) -> Result<AstId, LtlError> {
        let first = self.temporal()?;
        let Some(op) = self.peek().filter(|t| t.tok == Tok::And) else {
            return Ok(first);
        };
        let mut items = Vec::from([first]);
        while self.peek().is_some_and(|t| t.tok == Tok::And) {
            self.pos += 1;
            items.push(self.temporal()?);
        }
        self.push(Ast::And(items), op.column)
    }

    /// `a U b`, `a R b`, `a W b`, `a M b`: right-associative, tighter than `&`.
    fn temporal(&mut self) -> Result<AstId, LtlError> {
        let mut operands = Vec::from([self.unary()?]);
        let mut ops = Vec::new();
        while let Some(t) = self.peek().filter(|t| {
            matches!(
                t.tok,
                Tok::Until | Tok::Release | Tok::WeakUntil | Tok::StrongRelease
            )
        }) {
            self.pos += 1;
            ops.push(t);
            operands.push(self.unary()?);
        }
        self.fold_right(operands, &ops)
    }

    /// Builds `o0 op0 (o1 op1 (o2 ...))`.
    fn fold_right(
        &mut self,
        mut operands: Vec<AstId>,
        ops: &[Token<'a>],
    ) -> Result<AstId, LtlError> {
        let mut acc = operands.pop().unwrap_or(0);
        for (lhs, op) in operands.into_iter().zip(ops).rev() {
            let ast = match op.tok {
                Tok::Implies => Ast::Implies(lhs, acc),
                Tok::Iff => Ast::Iff(lhs, acc),
                Tok::Until => Ast::Until(lhs, acc),
                Tok::Release => Ast::Release(lhs, acc),
                Tok::WeakUntil => Ast::WeakUntil(lhs, acc),
                _ => Ast::StrongRelease(lhs, acc),
            };
            acc = self.push(ast, op.column)?;
        }
        Ok(acc)
    }

    /// Prefix operators (`! X N WX F G`), then an atom.
    fn unary(&mut self) -> Result<AstId, LtlError> {
        let mut prefixes = Vec::new();
        while let Some(t) = self.peek().filter(|t| {
            matches!(
                t.tok,
                Tok::Not | Tok::Next | Tok::WeakNext | Tok::Finally | Tok::Globally
            )
        }) {
            self.pos += 1;
            prefixes.push(t);
        }
        let mut acc = self.atom()?;
        for op in prefixes.iter().rev() {
            let ast = match op.tok {
                Tok::Not => Ast::Not(acc),
                Tok::Next => Ast::Next(acc),
                Tok::WeakNext => Ast::WeakNext(acc),
                Tok::Finally => Ast::Finally(acc),
                _ => Ast::Globally(acc),
            };
            acc = self.push(ast, op.column)?;
        }
        Ok(acc)
    }

    fn atom(&mut self) -> Result<AstId, LtlError> {
        let Some(t) = self.bump() else {
            return Err(LtlError::UnexpectedEnd {
                column: self.end_col,
                expected: EXPECT_OPERAND,
            });
        };
        match t.tok {
            Tok::True => self.push(Ast::True, t.column),
            Tok::False => self.push(Ast::False, t.column),
            Tok::Prop(name) => {
                let index = match self.names.iter().position(|n| *n == name) {
                    Some(i) => i,
                    None => {
                        self.names.push(name);
                        self.names.len() - 1
                    }
                };
                // At most MAX_NODES names, far below u16::MAX.
                self.push(Ast::Prop(index as u16), t.column)
            }
            Tok::Open => {
                if self.parens >= MAX_DEPTH {
                    return Err(LtlError::TooDeep {
                        column: t.column,
                        max: MAX_DEPTH,
                    });
                }
                self.parens += 1;
                let inner = self.implication()?;
                self.parens -= 1;
                match self.bump() {
                    Some(Token {
                        tok: Tok::Close, ..
                    }) => Ok(inner),
                    Some(other) => Err(LtlError::UnexpectedToken {
                        column: other.column,
                        found: other.tok.spelling(),
                        expected: "`)` or an operator",
                    }),
                    None => Err(LtlError::UnexpectedEnd {
                        column: self.end_col,
                        expected: "`)`",
                    }),
                }
            }
            other => Err(LtlError::UnexpectedToken {
                column: t.column,
                found: other.spelling(),
                expected: EXPECT_OPERAND,
            }),
        }
    }

    /// Sorts the proposition names and renumbers the `Prop` nodes to match.
    fn finish(self, root: AstId) -> Formula {
        let mut order: Vec<usize> = (0..self.names.len()).collect();
        order.sort_by_key(|i| self.names[*i]);
        let mut rank = alloc::vec![0u16; self.names.len()];
        for (r, i) in order.iter().enumerate() {
            rank[*i] = r as u16;
        }
        let props: Vec<String> = order.iter().map(|i| self.names[*i].to_string()).collect();
        let nodes = self
            .nodes
            .into_iter()
            .map(|n| match n {
                Ast::Prop(p) => Ast::Prop(rank[usize::from(p)]),
                other => other,
            })
            .collect();
        Formula { nodes, root, props }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    fn round(src: &str) -> String {
        parse(src).unwrap().to_string()
    }

    #[test]
    fn precedence_follows_spot() {
        // U binds tighter than &, & tighter than |, | tighter than ->.
        assert_eq!(round("a & b U c | d -> e"), "((a & (b U c)) | d) -> e");
        // Prefix operators bind tighter than U.
        assert_eq!(round("F a U b"), "(F a) U b");
        assert_eq!(round("!a U b"), "!a U b");
        assert_eq!(round("G a -> F b"), "G a -> F b");
        // xor sits between | and &.
        assert_eq!(round("a | b xor c & d"), "a | (b xor (c & d))");
    }

    #[test]
    fn right_associative_chains() {
        assert_eq!(round("a -> b -> c"), "a -> (b -> c)");
        assert_eq!(round("a -> b <-> c"), "a -> (b <-> c)");
        assert_eq!(round("a U b R c"), "a U (b R c)");
        assert_eq!(round("a xor b xor c"), "(a xor b) xor c");
    }

    #[test]
    fn aliases_print_canonically() {
        assert_eq!(round("[](a => <>b)"), "G (a -> F b)");
        assert_eq!(round("a && b || ~c"), "(a & b) | !c");
        assert_eq!(round("WX a & N b & X c"), "N a & N b & X c");
        assert_eq!(round("1 & 0"), "true & false");
        assert_eq!(round("((a))"), "a");
    }

    #[test]
    fn printed_form_parses_back_to_the_same_formula() {
        for src in [
            "G(a -> X(b U c))",
            "a W b M c",
            "!(a <-> b) xor F G c",
            "N N a | X !b",
        ] {
            let f = parse(src).unwrap();
            assert_eq!(parse(&f.to_string()).unwrap(), f, "{src}");
        }
    }

    #[test]
    fn props_are_sorted_and_distinct() {
        let f = parse("room_10 U (room_1 & room_10)").unwrap();
        assert_eq!(f.props(), ["room_1", "room_10"]);
        assert_eq!(f.to_string(), "room_10 U (room_1 & room_10)");
    }

    #[test]
    fn syntax_errors_point_at_the_column() {
        assert_eq!(parse("").unwrap_err(), LtlError::Empty);
        assert_eq!(parse("  \t").unwrap_err(), LtlError::Empty);
        assert_eq!(
            parse("a &").unwrap_err(),
            LtlError::UnexpectedEnd {
                column: 4,
                expected: EXPECT_OPERAND
            }
        );
        assert_eq!(
            parse("(a | b").unwrap_err(),
            LtlError::UnexpectedEnd {
                column: 7,
                expected: "`)`"
            }
        );
        assert_eq!(
            parse("a b").unwrap_err(),
            LtlError::UnexpectedToken {
                column: 3,
                found: "b".into(),
                expected: "an operator or the end of the formula"
            }
        );
        assert_eq!(
            parse("G & a").unwrap_err(),
            LtlError::UnexpectedToken {
                column: 3,
                found: "&".into(),
                expected: EXPECT_OPERAND
            }
        );
        assert!(format!("{}", parse("a )").unwrap_err()).starts_with("column 3:"));
    }

    #[test]
    fn nesting_beyond_the_bound_is_an_error_not_a_stack_overflow() {
        let ok = format!("{}a{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
        let deep = format!(
            "{}a{}",
            "(".repeat(MAX_DEPTH + 1),
            ")".repeat(MAX_DEPTH + 1)
        );
        assert_eq!(
            parse(&deep).unwrap_err(),
            LtlError::TooDeep {
                column: MAX_DEPTH + 1,
                max: MAX_DEPTH
            }
        );
        let nots = format!("{}a", "!".repeat(1000));
        assert!(matches!(
            parse(&nots).unwrap_err(),
            LtlError::TooDeep { .. }
        ));
        let chain = alloc::vec!["a"; 200].join(" U ");
        assert!(matches!(
            parse(&chain).unwrap_err(),
            LtlError::TooDeep { .. }
        ));
        let nexts = format!("{}a", "X ".repeat(MAX_DEPTH - 1));
        assert!(parse(&nexts).is_ok());
    }

    #[test]
    fn long_formulas_hit_a_clear_bound() {
        // A flat conjunction stays shallow, so only the size bound applies.
        let wide = alloc::vec!["a"; MAX_NODES].join(" & ");
        assert!(matches!(
            parse(&wide).unwrap_err(),
            LtlError::TooLarge { max: MAX_NODES, .. }
        ));
        let fits = alloc::vec!["a"; MAX_NODES - 1].join(" & ");
        assert!(parse(&fits).is_ok());
        let long = "a".repeat(MAX_FORMULA_LEN + 1);
        assert_eq!(
            parse(&long).unwrap_err(),
            LtlError::TooLong {
                len: MAX_FORMULA_LEN + 1,
                max: MAX_FORMULA_LEN
            }
        );
    }
}
