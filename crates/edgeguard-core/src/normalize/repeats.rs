//! Repeated letters: `kiiiiill`, `bommmmb` or `sooooo` stretched to dodge exact matches.
//!
//! In a word of ASCII letters (a maximal run of letters with no digit attached) that has at
//! least two different letters, every run of three or more copies of one letter (any case) is
//! shortened: to two copies for `e` and `o` (which double in `weed`, `shoot`, `blood`), and for
//! `l`, `s`, `f` and `z` at the end of a word (`kill`, `pass`, `off`, `buzz`); to one copy
//! otherwise. Legitimate doubles are never touched, nor words made of one repeated letter
//! (`www`, `xxx`, `zzz`), nor runs of digits or of other scripts.

use alloc::borrow::Cow;
use alloc::string::String;

/// Shortens runs of three or more copies of a letter (see the module docs).
pub fn squeeze_repeats(text: &str) -> String {
    squeezed(text).into_owned()
}

/// [`squeeze_repeats`], borrowed when no word changes.
pub(crate) fn squeezed(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    if !bytes.windows(3).any(|w| {
        w[0].is_ascii_alphabetic()
            && w[0].eq_ignore_ascii_case(&w[1])
            && w[1].eq_ignore_ascii_case(&w[2])
    }) {
        return Cow::Borrowed(text);
    }
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        // A word glued to other letters (`naïveee`) is left alone: it is not plain ASCII.
        let glued = text[i..].chars().next().is_some_and(char::is_alphanumeric)
            || text[..start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
        let word = &text[start..i];
        if !glued && needs_squeeze(word) {
            let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
            out.push_str(&text[copied..start]);
            squeeze_word(word, out);
            copied = i;
        }
    }
    match out {
        Some(mut out) => {
            out.push_str(&text[copied..]);
            Cow::Owned(out)
        }
        None => Cow::Borrowed(text),
    }
}

/// A word of letters only, with two different letters and a run of three.
fn needs_squeeze(word: &str) -> bool {
    let bytes = word.as_bytes();
    bytes.iter().all(u8::is_ascii_alphabetic)
        && bytes.iter().any(|b| !b.eq_ignore_ascii_case(&bytes[0]))
        && bytes
            .windows(3)
            .any(|w| w[0].eq_ignore_ascii_case(&w[1]) && w[1].eq_ignore_ascii_case(&w[2]))
}

fn squeeze_word(word: &str, out: &mut String) {
    let bytes = word.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let mut j = i + 1;
        while j < bytes.len() && bytes[j].eq_ignore_ascii_case(&bytes[i]) {
            j += 1;
        }
        let run = j - i;
        let keep = if run < 3 {
            run
        } else {
            match bytes[i].to_ascii_lowercase() {
                b'e' | b'o' => 2,
                b'l' | b's' | b'f' | b'z' if j == bytes.len() => 2,
                _ => 1,
            }
        };
        out.push_str(&word[i..i + keep]);
        i = j;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortens_stretched_letters() {
        assert_eq!(squeeze_repeats("kiiiiill him"), "kill him");
        assert_eq!(squeeze_repeats("killllll"), "kill");
        assert_eq!(squeeze_repeats("bommmmb"), "bomb");
        assert_eq!(squeeze_repeats("shoooooot"), "shoot");
        assert_eq!(squeeze_repeats("WEEEEED"), "WEED");
        assert_eq!(squeeze_repeats("Hmmm, ahhh."), "Hm, ah.");
        assert_eq!(squeeze_repeats("diiiie"), "die");
    }

    #[test]
    fn keeps_doubles_and_one_letter_words() {
        for text in [
            "a good book, all free",
            "www.example.com",
            "XXX zzz AAA",
            "0xFFFFFF and 1000000",
            "naïveee",
            "",
        ] {
            assert_eq!(squeeze_repeats(text), text, "{text}");
        }
    }
}
