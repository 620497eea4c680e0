//! Spaced-out letters: `b o m b`, `k.i.l.l` or `d-r-u-g-s` written to split a word into
//! one-character tokens.
//!
//! A *single* is a letter of a cased script (Latin, Greek, Cyrillic, ...) or an ASCII digit, with
//! no letter or digit on either side. A *spelled run* is a sequence of singles where each gap is
//! one joiner character (a space, `.`, `-`, `_`, `*` or `·`) or a word break (two or more spaces
//! or tabs). A joiner links two singles into one word when the gap before or after it is the same
//! joiner or no different joiner is next to it; otherwise it counts as a word break
//! (`a b-o-m-b` is `a` and `bomb`). A run is
//! joined when one of its words has at least [`MIN_SPELLED`] characters and the run has at least
//! two letters: the singles of each word are concatenated, and words are separated by one space.
//! So `h o w   t o   m a k e` becomes `how to make`, while `I have 3 cats`, `a b`, `1 2 3` and
//! `U.S.` are left alone. Without a dictionary, `make a b o m b` (one space everywhere) becomes
//! `make abomb`: a lone `a` or `I` before a spelled word joins it.
//!
//! This step runs before whitespace is collapsed, since the width of a gap tells a letter gap
//! from a word break.

use alloc::string::String;
use alloc::vec::Vec;

/// Fewest characters in one spelled word for its run to be joined.
pub const MIN_SPELLED: usize = 3;

/// Characters that may link the singles of one spelled word.
fn is_joiner(c: char) -> bool {
    matches!(c, ' ' | '.' | '-' | '_' | '*' | '·')
}

/// What separates two singles.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Gap {
    /// One joiner character.
    Joiner(char),
    /// Two or more spaces or tabs: a word break.
    Break,
}

/// Classifies the text between two singles, if it can sit inside a spelled run.
fn gap(between: &str) -> Option<Gap> {
    let mut chars = between.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if is_joiner(c) => Some(Gap::Joiner(c)),
        (Some(_), Some(_)) if between.chars().all(|c| c == ' ' || c == '\t') => Some(Gap::Break),
        _ => None,
    }
}

/// A spelled run being collected: `(start, end)` byte spans of its singles and the gaps.
struct Run {
    singles: Vec<(usize, usize)>,
    gaps: Vec<Gap>,
}

impl Run {
    /// Whether gap `i` links two singles of one word: it is a joiner, and unless the gap before
    /// or after it is the same joiner, neither is a different one (`a b-o-m-b` is `a` and
    /// `bomb`; in `t o` between word breaks the space links).
    fn links(&self, i: usize) -> bool {
        let Gap::Joiner(c) = self.gaps[i] else {
            return false;
        };
        let neighbours = [
            i.checked_sub(1).and_then(|j| self.gaps.get(j)),
            self.gaps.get(i + 1),
        ];
        let same = neighbours.contains(&Some(&Gap::Joiner(c)));
        let other = neighbours
            .iter()
            .any(|g| matches!(g, Some(Gap::Joiner(d)) if *d != c));
        same || !other
    }

    fn qualifies(&self, text: &str) -> bool {
        let letters = self
            .singles
            .iter()
            .filter(|&&(s, e)| text[s..e].chars().all(char::is_alphabetic))
            .count();
        let mut longest = 1;
        let mut current = 1;
        for i in 0..self.gaps.len() {
            current = if self.links(i) { current + 1 } else { 1 };
            longest = longest.max(current);
        }
        letters >= 2 && longest >= MIN_SPELLED
    }

    fn write(&self, text: &str, out: &mut String) {
        for (i, &(s, e)) in self.singles.iter().enumerate() {
            if i > 0 && !self.links(i - 1) {
                out.push(' ');
            }
            out.push_str(&text[s..e]);
        }
    }
}

/// Joins spelled-out words (see the module docs).
pub fn join_spaced_letters(text: &str) -> String {
    let singles = find_singles(text);
    if singles.len() < MIN_SPELLED {
        return String::from(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < singles.len() {
        let mut run = Run {
            singles: Vec::from([singles[i]]),
            gaps: Vec::new(),
        };
        let mut j = i + 1;
        while j < singles.len() {
            match gap(&text[singles[j - 1].1..singles[j].0]) {
                Some(g) => {
                    run.gaps.push(g);
                    run.singles.push(singles[j]);
                    j += 1;
                }
                None => break,
            }
        }
        if run.qualifies(text) {
            let start = run.singles[0].0;
            out.push_str(&text[copied..start]);
            run.write(text, &mut out);
            copied = run.singles[run.singles.len() - 1].1;
        }
        i = j;
    }
    out.push_str(&text[copied..]);
    out
}

/// Characters that can be spelled out: ASCII digits and letters of cased scripts (Latin, Greek,
/// Cyrillic, Armenian, ...). Ideographs and other uncased scripts are never joined.
fn is_spellable(c: char) -> bool {
    c.is_ascii_digit() || c.is_lowercase() || c.is_uppercase()
}

/// Byte spans of the spellable characters that have no letter or digit next to them.
fn find_singles(text: &str) -> Vec<(usize, usize)> {
    let mut singles = Vec::new();
    let mut prev_alnum = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let alnum = c.is_alphanumeric();
        let next_alnum = chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
        if is_spellable(c) && !prev_alnum && !next_alnum {
            singles.push((i, i + c.len_utf8()));
        }
        prev_alnum = alnum;
    }
    singles
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_spelled_words() {
        assert_eq!(join_spaced_letters("b o m b"), "bomb");
        assert_eq!(
            join_spaced_letters("how to make a b-o-m-b?"),
            "how to make a bomb?"
        );
        assert_eq!(join_spaced_letters("k.i.l.l him"), "kill him");
        assert_eq!(
            join_spaced_letters("h o w   t o   m a k e   a   b o m b"),
            "how to make a bomb"
        );
        assert_eq!(join_spaced_letters("b 0 m b"), "b0mb");
        assert_eq!(join_spaced_letters("s\tp\ta\tm"), "s\tp\ta\tm");
    }

    #[test]
    fn leaves_ordinary_text_alone() {
        for text in [
            "I have 3 cats",
            "a b",
            "1 2 3 4",
            "the U.S. and the E.U.",
            "e.g. this, i.e. that",
            "Is it A or B?",
            "x = 1 + 2",
            "",
            "日 本 語",
        ] {
            assert_eq!(join_spaced_letters(text), text, "{text}");
        }
    }

    #[test]
    fn newlines_end_a_run() {
        assert_eq!(join_spaced_letters("a\nb\nc"), "a\nb\nc");
        assert_eq!(join_spaced_letters("g u n\nx"), "gun\nx");
    }
}
