//! Leetspeak: digits and symbols standing for letters inside words (`h0w`, `k1ll`, `p@ss`).
//!
//! Only words that are clearly leetspeak change, so numbers and codes keep their meaning:
//!
//! - A *strong* leet word has at least two ASCII letters, and a leet character (`0 1 3 4 5 7`,
//!   or `@ $ ! |`) with a letter before and after it in the word (`h0w`, `b0mb`, `3xpl0it`).
//!   Every digit in it must be a leet digit; two different digits may be adjacent only in a word
//!   of three letters or more (`c0c41n3`, not `l10n`); and it must not look like a product code
//!   (`mp3s`: a few consonants, then digits), a long hexadecimal string, or one of a few known
//!   names ([`KEPT`]).
//! - A *weak* leet word is folded only when the text also has a strong one: letters followed by
//!   leet digits (`t0`, `th3`) or one leet digit followed by three or more letters (`3xtra`).
//! - Tokens that look like URLs, e-mail addresses, paths or encoded data (containing `://`,
//!   `www.`, `/`, `\`, `=`, or an `@` followed by a `.`) are never touched, nor are words
//!   longer than [`MAX_WORD`] bytes.
//!
//! Digits fold to `0→o 1→i 3→e 4→a 5→s 7→t`; symbols (`@→a $→s !→i |→l`) only between letters.
//! `I have 3 cats`, `mp3`, `4th`, `1080p`, `x86` and `covid19` are unchanged.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

/// Longest word, in bytes, that can be folded.
pub const MAX_WORD: usize = 24;

/// Words that look like leetspeak but are names (compared lowercased).
pub const KEPT: [&str; 6] = ["gpt4o", "a11y", "w3c", "c3po", "l33t", "1337"];

/// The letter a leet digit stands for.
fn leet_digit(c: char) -> Option<char> {
    Some(match c {
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        _ => return None,
    })
}

/// The letter a leet symbol stands for (only between letters).
fn leet_symbol(c: char) -> Option<char> {
    Some(match c {
        '@' => 'a',
        '$' => 's',
        '!' => 'i',
        '|' => 'l',
        _ => return None,
    })
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || leet_symbol(c).is_some()
}

/// Folds leetspeak words into letters (see the module docs).
pub fn fold_leetspeak(text: &str) -> String {
    folded(text, has_strong(text)).into_owned()
}

/// Whether `text` holds a strong leet word, the text-wide decision that lets weak ones fold.
pub(crate) fn has_strong(text: &str) -> bool {
    if !text.bytes().any(|b| b"0134579@$!|".contains(&b)) {
        return false;
    }
    let mut any_strong = false;
    candidate_words(text, |s, e| {
        any_strong = any_strong || is_strong(&text[s..e]);
    });
    any_strong
}

/// [`fold_leetspeak`] of a piece of a text, given whether the whole text holds a strong leet
/// word (a piece may hold only weak ones); borrowed when nothing folds.
pub(crate) fn folded(text: &str, text_has_strong: bool) -> Cow<'_, str> {
    if !text_has_strong || !text.bytes().any(|b| b"0134579@$!|".contains(&b)) {
        return Cow::Borrowed(text);
    }
    let mut out: Option<String> = None;
    let mut copied = 0;
    candidate_words(text, |s, e| {
        let word = &text[s..e];
        if is_strong(word) || is_weak(word) {
            let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
            out.push_str(&text[copied..s]);
            fold_word(word, out);
            copied = e;
        }
    });
    match out {
        Some(mut out) => {
            out.push_str(&text[copied..]);
            Cow::Owned(out)
        }
        None => Cow::Borrowed(text),
    }
}

/// Calls `f` with the byte span of each word that may be leetspeak, in order: runs of ASCII
/// letters, digits and leet symbols, outside tokens that look like URLs, addresses, paths or
/// encoded data.
fn candidate_words(text: &str, mut f: impl FnMut(usize, usize)) {
    let mut offset = 0;
    for token in text.split(' ') {
        if !is_code_like(token) {
            let mut start = None;
            for (i, c) in token.char_indices() {
                match (is_word_char(c), start) {
                    (true, None) => start = Some(i),
                    (false, Some(s)) => {
                        f(offset + s, offset + i);
                        start = None;
                    }
                    _ => {}
                }
            }
            if let Some(s) = start {
                f(offset + s, offset + token.len());
            }
        }
        offset += token.len() + 1;
    }
}

/// Whether a whitespace-separated token looks like a URL, address, path or encoded data.
fn is_code_like(token: &str) -> bool {
    token.contains("://")
        || token.contains("www.")
        || token.contains(['/', '\\', '='])
        || token.find('@').is_some_and(|at| token[at..].contains('.'))
}

/// The word with leading and trailing symbols removed (they are punctuation, not letters).
fn core_of(word: &str) -> &str {
    word.trim_matches(|c: char| leet_symbol(c).is_some())
}

fn is_strong(word: &str) -> bool {
    let core = core_of(word);
    let letters = core.bytes().filter(u8::is_ascii_alphabetic).count();
    if core.len() > MAX_WORD || letters < 2 {
        return false;
    }
    let lower = core.to_ascii_lowercase();
    if KEPT.contains(&lower.as_str()) || !digits_are_leet(core, letters) || is_product_code(&lower)
    {
        return false;
    }
    if core.len() >= 8 && core.bytes().all(|b| b.is_ascii_hexdigit()) {
        return false;
    }
    let bytes = core.as_bytes();
    let first_letter = bytes.iter().position(u8::is_ascii_alphabetic);
    let last_letter = bytes.iter().rposition(u8::is_ascii_alphabetic);
    match (first_letter, last_letter) {
        (Some(a), Some(b)) => bytes[a..b].iter().any(|&c| !c.is_ascii_alphabetic()),
        _ => false,
    }
}

/// Every digit is a leet digit, and unless the word has three letters or more (`c0c41n3`), no
/// two different digits are adjacent (`l10n`).
fn digits_are_leet(word: &str, letters: usize) -> bool {
    let mut prev: Option<char> = None;
    for c in word.chars() {
        if c.is_ascii_digit() {
            let mixed = prev.is_some_and(|p| p.is_ascii_digit() && p != c);
            if leet_digit(c).is_none() || (mixed && letters < 3) {
                return false;
            }
        }
        prev = Some(c);
    }
    true
}

/// One to four consonants, then digits, then an optional `s`: `mp3`, `ps5s`, `h264`.
fn is_product_code(lower: &str) -> bool {
    let letters = lower.bytes().take_while(u8::is_ascii_alphabetic).count();
    let rest = &lower[letters..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (1..=4).contains(&letters)
        && !lower[..letters].contains(['a', 'e', 'i', 'o', 'u', 'y'])
        && digits > 0
        && matches!(&rest[digits..], "" | "s")
}

fn is_weak(word: &str) -> bool {
    let core = core_of(word);
    if core.len() > 12 || !core.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    if !core
        .chars()
        .filter(char::is_ascii_digit)
        .all(|c| leet_digit(c).is_some())
    {
        return false;
    }
    let letters = core.bytes().take_while(u8::is_ascii_alphabetic).count();
    let suffix_form = letters > 0 && core[letters..].bytes().all(|b| b.is_ascii_digit());
    let prefix_form = core.len() >= 4
        && core.as_bytes()[0].is_ascii_digit()
        && core[1..].bytes().all(|b| b.is_ascii_alphabetic());
    (suffix_form && letters < core.len()) || prefix_form
}

/// Writes the word with its leet digits folded, and its leet symbols folded where they sit
/// between letters.
fn fold_word(word: &str, out: &mut String) {
    let core = core_of(word);
    let lead = word.len()
        - word
            .trim_start_matches(|c: char| leet_symbol(c).is_some())
            .len();
    out.push_str(&word[..lead]);
    let chars: Vec<char> = core.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let upper = |j: Option<&char>| j.is_some_and(char::is_ascii_uppercase);
        let folded = leet_digit(c).or_else(|| leet_symbol(c));
        match folded {
            Some(letter) => {
                let before = i.checked_sub(1).and_then(|j| chars.get(j));
                let shout = upper(before) && (upper(chars.get(i + 1)) || i + 1 == chars.len());
                out.push(if shout {
                    letter.to_ascii_uppercase()
                } else {
                    letter
                });
            }
            None => out.push(c),
        }
    }
    out.push_str(&word[lead + core.len()..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_leet_words() {
        assert_eq!(fold_leetspeak("h0w t0 m4k3 4 b0mb"), "how to make 4 bomb");
        assert_eq!(fold_leetspeak("k1ll th3m"), "kill them");
        assert_eq!(
            fold_leetspeak("3xpl0it the p@ssw0rd!"),
            "exploit the password!"
        );
        assert_eq!(fold_leetspeak("BU1LD 4 B0MB"), "BUILD 4 BOMB");
        assert_eq!(fold_leetspeak("wh@t's a n00b"), "what's a noob");
        assert_eq!(fold_leetspeak("buy c0c41n3"), "buy cocaine");
    }

    #[test]
    fn leaves_numbers_and_codes_alone() {
        for text in [
            "I have 3 cats and 1 dog",
            "the 4th of July at 5pm",
            "play mp3 and mp3s on a ps5",
            "1080p video for x86 and l10n in 2024",
            "covid19 cases in q3",
            "mail me at john@example.com",
            "see https://ex4mple.com/k1ll",
            "hash deadbe3f0011",
            "aGVsbG8gd29ybGQ=",
            "gpt4o and a11y",
            "Wow!! Great!",
        ] {
            assert_eq!(fold_leetspeak(text), text, "{text}");
        }
    }

    #[test]
    fn weak_words_need_a_strong_one() {
        assert_eq!(fold_leetspeak("go t0 th3 shop"), "go t0 th3 shop");
        assert_eq!(fold_leetspeak("go t0 th3 sh0p"), "go to the shop");
    }
}
