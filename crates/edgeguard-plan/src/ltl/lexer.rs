//! Tokens of the formula syntax, with their columns.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::error::LtlError;

/// One token kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tok<'a> {
    Prop(&'a str),
    True,
    False,
    Not,
    And,
    Or,
    Xor,
    Implies,
    Iff,
    Next,
    WeakNext,
    Finally,
    Globally,
    Until,
    Release,
    WeakUntil,
    StrongRelease,
    Open,
    Close,
}

impl Tok<'_> {
    /// The token as the user may have written it (the canonical spelling), for error messages.
    pub(crate) fn spelling(self) -> String {
        let s = match self {
            Tok::Prop(name) => return name.to_string(),
            Tok::True => "true",
            Tok::False => "false",
            Tok::Not => "!",
            Tok::And => "&",
            Tok::Or => "|",
            Tok::Xor => "xor",
            Tok::Implies => "->",
            Tok::Iff => "<->",
            Tok::Next => "X",
            Tok::WeakNext => "N",
            Tok::Finally => "F",
            Tok::Globally => "G",
            Tok::Until => "U",
            Tok::Release => "R",
            Tok::WeakUntil => "W",
            Tok::StrongRelease => "M",
            Tok::Open => "(",
            Tok::Close => ")",
        };
        s.to_string()
    }
}

/// A token and its 1-based column (in Unicode scalar values).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token<'a> {
    pub(crate) tok: Tok<'a>,
    pub(crate) column: usize,
}

/// Splits `src` into tokens. Returns the tokens and the column just past the end.
pub(crate) fn tokenize<'a>(src: &'a str) -> Result<(Vec<Token<'a>>, usize), LtlError> {
    let mut out = Vec::new();
    let bytes = src.as_bytes();
    let mut i = 0;
    let mut column = 1;
    while i < bytes.len() {
        let b = bytes[i];
        let start_col = column;
        let push = |out: &mut Vec<Token<'a>>, tok| {
            out.push(Token {
                tok,
                column: start_col,
            })
        };
        if b.is_ascii_whitespace() {
            i += 1;
            column += 1;
            continue;
        }
        if b.is_ascii_lowercase() || b == b'_' {
            let len = bytes[i..]
                .iter()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || **c == b'_')
                .count();
            let word = &src[i..i + len];
            let tok = match word {
                "true" => Tok::True,
                "false" => Tok::False,
                "xor" => Tok::Xor,
                _ => Tok::Prop(word),
            };
            push(&mut out, tok);
            i += len;
            column += len;
            continue;
        }
        if b.is_ascii_uppercase() {
            let len = bytes[i..]
                .iter()
                .take_while(|c| c.is_ascii_uppercase())
                .count();
            let word = &src[i..i + len];
            if word == "WX" {
                push(&mut out, Tok::WeakNext);
            } else {
                for (k, c) in word.bytes().enumerate() {
                    let tok = match c {
                        b'X' => Tok::Next,
                        b'N' => Tok::WeakNext,
                        b'F' => Tok::Finally,
                        b'G' => Tok::Globally,
                        b'U' => Tok::Until,
                        b'R' => Tok::Release,
                        b'W' => Tok::WeakUntil,
                        b'M' => Tok::StrongRelease,
                        _ => {
                            return Err(LtlError::UnknownOperator {
                                column: start_col,
                                found: word.to_string(),
                            });
                        }
                    };
                    out.push(Token {
                        tok,
                        column: start_col + k,
                    });
                }
            }
            i += len;
            column += len;
            continue;
        }
        if b.is_ascii_digit() {
            let len = bytes[i..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric())
                .count();
            let tok = match &src[i..i + len] {
                "1" => Tok::True,
                "0" => Tok::False,
                _ => {
                    return Err(LtlError::UnexpectedChar {
                        column,
                        found: char::from(b),
                    });
                }
            };
            push(&mut out, tok);
            i += len;
            column += len;
            continue;
        }
        // Punctuation: longest match first.
        let rest = &src[i..];
        let symbols: [(&str, Tok<'a>); 15] = [
            ("<->", Tok::Iff),
            ("<=>", Tok::Iff),
            ("->", Tok::Implies),
            ("=>", Tok::Implies),
            ("&&", Tok::And),
            ("||", Tok::Or),
            ("[]", Tok::Globally),
            ("<>", Tok::Finally),
            ("!", Tok::Not),
            ("&", Tok::And),
            ("|", Tok::Or),
            ("^", Tok::Xor),
            ("(", Tok::Open),
            (")", Tok::Close),
            ("~", Tok::Not),
        ];
        match symbols.iter().find(|(s, _)| rest.starts_with(s)) {
            Some((s, tok)) => {
                push(&mut out, *tok);
                i += s.len();
                column += s.len();
            }
            None => {
                let found = rest.chars().next().unwrap_or('?');
                return Err(LtlError::UnexpectedChar { column, found });
            }
        }
    }
    Ok((out, column))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<Tok<'_>> {
        tokenize(src)
            .unwrap()
            .0
            .into_iter()
            .map(|t| t.tok)
            .collect()
    }

    #[test]
    fn operators_and_aliases() {
        assert_eq!(
            kinds("a && b || c => d <=> e [] <> ~f ^ g"),
            [
                Tok::Prop("a"),
                Tok::And,
                Tok::Prop("b"),
                Tok::Or,
                Tok::Prop("c"),
                Tok::Implies,
                Tok::Prop("d"),
                Tok::Iff,
                Tok::Prop("e"),
                Tok::Globally,
                Tok::Finally,
                Tok::Not,
                Tok::Prop("f"),
                Tok::Xor,
                Tok::Prop("g"),
            ]
        );
    }

    #[test]
    fn upper_case_runs_split_into_operators() {
        assert_eq!(kinds("GFa"), [Tok::Globally, Tok::Finally, Tok::Prop("a")]);
        assert_eq!(kinds("WX a"), [Tok::WeakNext, Tok::Prop("a")]);
        assert_eq!(
            kinds("a W X b"),
            [Tok::Prop("a"), Tok::WeakUntil, Tok::Next, Tok::Prop("b")]
        );
    }

    #[test]
    fn names_keep_digits_and_underscores() {
        assert_eq!(
            kinds("room_10 _x1"),
            [Tok::Prop("room_10"), Tok::Prop("_x1")]
        );
        assert_eq!(kinds("1 0 true"), [Tok::True, Tok::False, Tok::True]);
    }

    #[test]
    fn errors_carry_columns() {
        assert_eq!(
            tokenize("a & Y").unwrap_err(),
            LtlError::UnknownOperator {
                column: 5,
                found: "Y".into()
            }
        );
        assert_eq!(
            tokenize("a $ b").unwrap_err(),
            LtlError::UnexpectedChar {
                column: 3,
                found: '$'
            }
        );
        assert_eq!(
            tokenize("é").unwrap_err(),
            LtlError::UnexpectedChar {
                column: 1,
                found: 'é'
            }
        );
        assert_eq!(
            tokenize("a - b").unwrap_err(),
            LtlError::UnexpectedChar {
                column: 3,
                found: '-'
            }
        );
        assert_eq!(
            tokenize("2").unwrap_err(),
            LtlError::UnexpectedChar {
                column: 1,
                found: '2'
            }
        );
    }
}
