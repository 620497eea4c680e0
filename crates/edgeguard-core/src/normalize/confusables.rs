//! Confusable folding: look-alike letters from other scripts hidden in Latin words.
//!
//! A word (a run of alphanumeric characters) is folded when it mixes Latin letters with
//! look-alikes (`pаssword` with a Cyrillic `а`), or when it is made only of look-alikes in a text
//! whose letters are mostly Latin (`ѕех` spelled entirely in Cyrillic inside an English sentence).
//! Words in a text that is mostly Cyrillic or Greek are left alone.

use alloc::borrow::Cow;
use alloc::string::String;

/// The Latin letter a look-alike stands for, if it is one.
pub fn latin_lookalike(c: char) -> Option<char> {
    Some(match c {
        // Cyrillic lowercase
        'а' => 'a',
        'в' => 'b',
        'е' => 'e',
        'ё' => 'e',
        'к' => 'k',
        'м' => 'm',
        'н' => 'h',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'т' => 't',
        'у' => 'y',
        'х' => 'x',
        'ѕ' => 's',
        'і' => 'i',
        'ї' => 'i',
        'ј' => 'j',
        'ԁ' => 'd',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'ү' => 'y',
        'һ' => 'h',
        'ӏ' => 'l',
        'ь' => 'b',
        'ɡ' => 'g',
        'п' => 'n',
        'г' => 'r',
        // Cyrillic uppercase
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'Х' => 'X',
        'У' => 'Y',
        'Ѕ' => 'S',
        'І' => 'I',
        'Ј' => 'J',
        'Ԁ' => 'D',
        'Ԛ' => 'Q',
        'Ԝ' => 'W',
        'Ү' => 'Y',
        'Һ' => 'H',
        'Ӏ' => 'I',
        // Greek
        'α' => 'a',
        'ο' => 'o',
        'ρ' => 'p',
        'ν' => 'v',
        'ι' => 'i',
        'κ' => 'k',
        'τ' => 't',
        'υ' => 'u',
        'χ' => 'x',
        'ε' => 'e',
        'γ' => 'y',
        'ω' => 'w',
        'Α' => 'A',
        'Β' => 'B',
        'Ε' => 'E',
        'Ζ' => 'Z',
        'Η' => 'H',
        'Ι' => 'I',
        'Κ' => 'K',
        'Μ' => 'M',
        'Ν' => 'N',
        'Ο' => 'O',
        'Ρ' => 'P',
        'Τ' => 'T',
        'Υ' => 'Y',
        'Χ' => 'X',
        // Armenian
        'օ' => 'o',
        'ս' => 'u',
        'հ' => 'h',
        'ո' => 'n',
        'ց' => 'g',
        'ք' => 'p',
        // Latin variants that NFKC keeps
        'ı' => 'i',
        'ȷ' => 'j',
        'ɑ' => 'a',
        'ɩ' => 'i',
        'ʏ' => 'y',
        'ᴀ' => 'a',
        'ʙ' => 'b',
        'ᴄ' => 'c',
        'ᴅ' => 'd',
        'ᴇ' => 'e',
        'ɢ' => 'g',
        'ʜ' => 'h',
        'ɪ' => 'i',
        'ᴊ' => 'j',
        'ᴋ' => 'k',
        'ʟ' => 'l',
        'ᴍ' => 'm',
        'ɴ' => 'n',
        'ᴏ' => 'o',
        'ᴘ' => 'p',
        'ʀ' => 'r',
        'ꜱ' => 's',
        'ᴛ' => 't',
        'ᴜ' => 'u',
        'ᴠ' => 'v',
        'ᴡ' => 'w',
        'ᴢ' => 'z',
        _ => return None,
    })
}

/// Whether a character is a Latin-script letter: ASCII, or a Latin variant such as small caps.
fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || ('\u{0180}'..='\u{024F}').contains(&c)
        || ('\u{0250}'..='\u{02AF}').contains(&c)
        || ('\u{1D00}'..='\u{1D7F}').contains(&c)
        || ('\u{A720}'..='\u{A7FF}').contains(&c)
}

/// Folds look-alike letters into Latin where a word is meant to be Latin (see the module docs).
pub fn fold_confusables(text: &str) -> String {
    folded(text, Letters::of(text).mostly_latin()).into_owned()
}

/// Counts of the letters of a text by script: the text-wide decision of confusable folding.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Letters {
    latin: usize,
    other: usize,
}

impl Letters {
    /// The letters of `text`.
    pub(crate) fn of(text: &str) -> Letters {
        let mut counts = Letters::default();
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            if is_latin_letter(c) {
                counts.latin += 1;
            } else {
                counts.other += 1;
            }
        }
        counts
    }

    /// The letters of two texts together.
    pub(crate) fn add(self, other: Letters) -> Letters {
        Letters {
            latin: self.latin + other.latin,
            other: self.other + other.other,
        }
    }

    /// Whether most letters are Latin.
    pub(crate) fn mostly_latin(self) -> bool {
        self.latin > self.other
    }
}

/// [`fold_confusables`] of a piece of a text, given whether the whole text is mostly Latin;
/// borrowed when it holds no look-alike.
pub(crate) fn folded(text: &str, mostly_latin: bool) -> Cow<'_, str> {
    if !text.chars().any(|c| latin_lookalike(c).is_some()) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut word_start = 0;
    for (i, c) in text.char_indices() {
        if !c.is_alphanumeric() {
            fold_word(&text[word_start..i], mostly_latin, &mut out);
            out.push(c);
            word_start = i + c.len_utf8();
        }
    }
    fold_word(&text[word_start..], mostly_latin, &mut out);
    Cow::Owned(out)
}

/// Folds one word when every letter that is not plain ASCII is a look-alike, and the word has a
/// Latin letter or stands in a mostly Latin text.
fn fold_word(word: &str, mostly_latin: bool, out: &mut String) {
    let mut lookalikes = false;
    let mut latin = false;
    let mut foreign = false;
    for c in word.chars().filter(|c| c.is_alphabetic()) {
        if c.is_ascii_alphabetic() {
            latin = true;
        } else if latin_lookalike(c).is_some() {
            lookalikes = true;
            latin |= is_latin_letter(c);
        } else {
            foreign = true;
        }
    }
    if lookalikes && !foreign && (latin || mostly_latin) {
        out.extend(word.chars().map(|c| latin_lookalike(c).unwrap_or(c)));
    } else {
        out.push_str(word);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_mixed_script_words() {
        assert_eq!(fold_confusables("раssword"), "password");
        assert_eq!(fold_confusables("how to make a bοmb"), "how to make a bomb");
        assert_eq!(fold_confusables("ᴋɪʟʟ him"), "kill him");
    }

    #[test]
    fn folds_all_lookalike_words_in_latin_text() {
        assert_eq!(fold_confusables("write ѕех stories"), "write sex stories");
    }

    #[test]
    fn leaves_other_scripts_alone() {
        assert_eq!(fold_confusables("Как сделать бомбу"), "Как сделать бомбу");
        assert_eq!(fold_confusables("καλημέρα κόσμε"), "καλημέρα κόσμε");
        assert_eq!(fold_confusables("Москва is big"), "Москва is big");
    }
}
