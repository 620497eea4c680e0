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

use alloc::borrow::Cow;
use alloc::string::String;

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

/// Whether the gap `here` links the two singles around it into one word: it is a joiner, and
/// unless the gap `before` or `after` it is the same joiner, neither is a different one (`a
/// b-o-m-b` is `a` and `bomb`; in `t o` between word breaks the space links).
fn links(before: Option<Gap>, here: Gap, after: Option<Gap>) -> bool {
    let Gap::Joiner(c) = here else {
        return false;
    };
    let neighbours = [before, after];
    let same = neighbours.contains(&Some(Gap::Joiner(c)));
    let other = neighbours
        .iter()
        .any(|g| matches!(g, Some(Gap::Joiner(d)) if *d != c));
    same || !other
}

/// A single: the byte span of one spellable character with no letter or digit next to it.
type Single = (usize, usize);

/// Walks the spelled run that starts with the single `first`, calling `each(single, linked)` for
/// each of its singles in order (`linked`: whether the gap before it links it to the one before;
/// `None` for the first), and returns its last single. Holds three gaps whatever the run's length.
fn walk_run(text: &str, first: Single, mut each: impl FnMut(Single, Option<bool>)) -> Single {
    each(first, None);
    let mut singles = singles_from(text, first.1).peekable();
    // The gaps before and after the single waiting for `after` to be known.
    let (mut before, mut here): (Option<Gap>, Option<Gap>) = (None, None);
    let mut waiting: Option<Single> = None;
    let mut last = first;
    loop {
        let after = singles.peek().and_then(|&next| gap(&text[last.1..next.0]));
        if let (Some(single), Some(g)) = (waiting, here) {
            each(single, Some(links(before, g, after)));
        }
        let Some(g) = after else {
            return last;
        };
        let next = singles.next().unwrap_or(last);
        (before, here) = (here, Some(g));
        waiting = Some(next);
        last = next;
    }
}

/// Joins spelled-out words (see the module docs).
pub fn join_spaced_letters(text: &str) -> String {
    joined(text).into_owned()
}

/// [`join_spaced_letters`], borrowed when no run is joined. The output is measured before it is
/// written, so that it holds no more than its own length.
pub(crate) fn joined(text: &str) -> Cow<'_, str> {
    let mut len = 0;
    if !join_runs(text, |part| len += part.len()) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(len);
    join_runs(text, |part| out.push_str(part));
    Cow::Owned(out)
}

/// Hands the parts of `text` with its spelled runs joined to `emit`, in order, and returns
/// whether any run was joined (if none was, nothing is emitted). Each run is walked twice (to
/// decide, then to write), so that nothing is held per single however long the run.
fn join_runs<'a>(text: &'a str, mut emit: impl FnMut(&'a str)) -> bool {
    let mut copied = 0;
    let mut at = 0;
    while let Some(first) = singles_from(text, at).next() {
        let (mut letters, mut longest, mut current) = (0, 0, 0);
        let last = walk_run(text, first, |(s, e), linked| {
            letters += usize::from(text[s..e].chars().all(char::is_alphabetic));
            current = if linked == Some(true) { current + 1 } else { 1 };
            longest = longest.max(current);
        });
        if letters >= 2 && longest >= MIN_SPELLED {
            emit(&text[copied..first.0]);
            walk_run(text, first, |(s, e), linked| {
                if linked == Some(false) {
                    emit(" ");
                }
                emit(&text[s..e]);
            });
            copied = last.1;
        }
        at = last.1;
    }
    if copied > 0 {
        emit(&text[copied..]);
    }
    copied > 0
}

/// Characters that can be spelled out: ASCII digits and letters of cased scripts (Latin, Greek,
/// Cyrillic, Armenian, ...). Ideographs and other uncased scripts are never joined.
fn is_spellable(c: char) -> bool {
    c.is_ascii_digit() || c.is_lowercase() || c.is_uppercase()
}

/// The singles of `text` from byte `at` on, in order: spellable characters with no letter or
/// digit next to them.
fn singles_from(text: &str, at: usize) -> impl Iterator<Item = Single> + '_ {
    let mut prev_alnum = text[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    let mut chars = text[at..].char_indices().peekable();
    core::iter::from_fn(move || {
        while let Some((i, c)) = chars.next() {
            let alnum = c.is_alphanumeric();
            let next_alnum = chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
            let single = is_spellable(c) && !prev_alnum && !next_alnum;
            prev_alnum = alnum;
            if single {
                return Some((at + i, at + i + c.len_utf8()));
            }
        }
        None
    })
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
