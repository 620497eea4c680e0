//! Character-level obfuscations: leetspeak, homoglyphs, zero-width characters, spaced letters,
//! and case and punctuation noise.

use alloc::string::String;

use super::Rng;

/// Replaces `a e i o` by `4 3 1 0` everywhere, and `s t` by `5 7` in about half the places.
pub fn leetspeak(text: &str, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    text.chars()
        .map(|c| match c.to_ascii_lowercase() {
            'a' => '4',
            'e' => '3',
            'i' => '1',
            'o' => '0',
            's' if rng.chance(50) => '5',
            't' if rng.chance(50) => '7',
            _ => c,
        })
        .collect()
}

/// A Cyrillic or Greek look-alike of a Latin letter, if there is a common one.
fn lookalike(c: char) -> Option<char> {
    Some(match c {
        'a' => 'а',
        'c' => 'с',
        'e' => 'е',
        'i' => 'і',
        'j' => 'ј',
        'o' => 'о',
        'p' => 'р',
        's' => 'ѕ',
        'x' => 'х',
        'y' => 'у',
        'h' => 'һ',
        'A' => 'А',
        'B' => 'В',
        'C' => 'С',
        'E' => 'Е',
        'H' => 'Н',
        'I' => 'І',
        'K' => 'К',
        'M' => 'М',
        'O' => 'О',
        'P' => 'Р',
        'T' => 'Т',
        'X' => 'Х',
        'v' => 'ν',
        'u' => 'υ',
        _ => return None,
    })
}

/// Replaces about two thirds of the letters that have a look-alike by it.
pub fn homoglyphs(text: &str, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    text.chars()
        .map(|c| match lookalike(c) {
            Some(l) if rng.chance(67) => l,
            _ => c,
        })
        .collect()
}

/// Invisible characters cycled between letters.
const ZERO_WIDTH: [char; 5] = ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}'];

/// Inserts a zero-width or joiner character between every two adjacent letters or digits.
pub fn zero_width(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    let mut prev_alnum = false;
    let mut k = 0;
    for c in text.chars() {
        let alnum = c.is_alphanumeric();
        if alnum && prev_alnum {
            out.push(ZERO_WIDTH[k % ZERO_WIDTH.len()]);
            k += 1;
        }
        out.push(c);
        prev_alnum = alnum;
    }
    out
}

/// Spaces out the characters of every word (`b o m b`) and puts three spaces between words.
pub fn spaced_letters(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push_str("   ");
        }
        for (j, c) in word.chars().enumerate() {
            if j > 0 {
                out.push(' ');
            }
            out.push(c);
        }
    }
    out
}

/// Punctuation sprinkled into the text by [`noise`].
const NOISE: [&str; 6] = ["..", "!", "*", "-", ",", "~"];

/// Randomizes letter case and sprinkles punctuation after about a third of the words and inside
/// about a fifth of them.
pub fn noise(text: &str, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(text.len() * 2);
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let inner = word.chars().count() > 3 && rng.chance(20);
        let split = word.chars().count() / 2;
        for (j, c) in word.chars().enumerate() {
            if inner && j == split {
                out.push_str(NOISE[rng.below(NOISE.len())]);
            }
            if rng.chance(50) {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
        }
        if rng.chance(33) {
            out.push_str(NOISE[rng.below(NOISE.len())]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leetspeak_replaces_vowels_and_keeps_digits() {
        assert_eq!(leetspeak("make a bomb", 1), "m4k3 4 b0mb");
        assert!(leetspeak("3 cats", 1).starts_with("3 c"));
    }

    #[test]
    fn homoglyphs_look_the_same_but_differ() {
        let out = homoglyphs("peace and hope, a poem", 3);
        assert_ne!(out, "peace and hope, a poem");
        assert_eq!(
            out.chars().count(),
            "peace and hope, a poem".chars().count()
        );
        assert!(!out.is_ascii());
    }

    #[test]
    fn zero_width_sits_between_letters_only() {
        assert_eq!(zero_width("ab c"), "a\u{200B}b c");
        assert_eq!(zero_width("kill!").chars().count(), 8);
    }

    #[test]
    fn spaced_letters_space_out_words() {
        assert_eq!(spaced_letters("make a bomb"), "m a k e   a   b o m b");
    }

    #[test]
    fn noise_keeps_the_letters() {
        let out = noise("how do you build this thing", 5);
        let letters = |s: &str| -> String {
            s.chars()
                .filter(|c| c.is_alphabetic())
                .flat_map(char::to_lowercase)
                .collect()
        };
        assert_eq!(letters(&out), letters("how do you build this thing"));
        assert_ne!(out, "how do you build this thing");
    }
}
