//! ROT13 and reversed text: detected by how English the words become once decoded.
//!
//! The text is cut into segments at line breaks, `:` and `;`. In each segment the words of two
//! or more ASCII letters are looked up in [`COMMON`], a list of very frequent English words, as
//! written and once decoded. A segment is decoded when at least two decoded words are common,
//! more than twice as many as written, and at least a quarter of its words. Decoded segments of
//! one text form one view, joined by line breaks and spanning the first to the last.

use alloc::string::String;

use super::{Decoded, Found, ViewKind};

/// Very frequent English words, sorted (binary search).
const COMMON: [&str; 119] = [
    "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because",
    "been", "build", "but", "by", "can", "could", "create", "did", "do", "does", "explain",
    "first", "for", "from", "get", "give", "go", "good", "had", "has", "have", "he", "help", "her",
    "here", "him", "his", "how", "if", "in", "into", "is", "it", "its", "just", "know", "like",
    "make", "me", "more", "most", "my", "need", "new", "no", "not", "now", "of", "on", "one",
    "only", "or", "other", "our", "out", "over", "people", "please", "say", "she", "should",
    "show", "so", "some", "someone", "step", "take", "tell", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "time", "to", "two", "up", "us", "use",
    "very", "want", "was", "way", "we", "well", "were", "what", "when", "where", "which", "who",
    "why", "will", "with", "without", "work", "would", "write", "year", "you", "your",
];

/// ROT13: each ASCII letter moved 13 places in the alphabet, everything else unchanged. It is
/// its own inverse.
pub fn rot13(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'a'..='z' => char::from((c as u8 - b'a' + 13) % 26 + b'a'),
            'A'..='Z' => char::from((c as u8 - b'A' + 13) % 26 + b'A'),
            _ => c,
        })
        .collect()
}

/// The characters of `text` in reverse order.
pub fn reversed(text: &str) -> String {
    text.chars().rev().collect()
}

/// Longest word looked up, in bytes.
const MAX_WORD: usize = 16;

/// Longest word of [`COMMON`], in bytes: a longer word is not looked up.
const LONGEST_COMMON: usize = 7;

/// A word of up to 8 bytes as one integer, its bytes big-endian and zero-padded, so that
/// integers order as the words do.
const fn key(word: &[u8]) -> u64 {
    let mut k = 0u64;
    let mut i = 0;
    while i < 8 {
        k <<= 8;
        if i < word.len() {
            k |= word[i] as u64;
        }
        i += 1;
    }
    k
}

/// [`COMMON`] as keys, in the same (sorted) order.
const COMMON_KEYS: [u64; COMMON.len()] = {
    let mut keys = [0u64; COMMON.len()];
    let mut i = 0;
    while i < COMMON.len() {
        assert!(COMMON[i].len() <= LONGEST_COMMON);
        keys[i] = key(COMMON[i].as_bytes());
        assert!(i == 0 || keys[i - 1] < keys[i], "COMMON must be sorted");
        i += 1;
    }
    keys
};

/// Whether the lowercase ASCII `word` is in [`COMMON`]. Integer keys, not string comparisons:
/// every word of a long prose text is looked up four times (as written and decoded, for ROT13
/// and for reversal).
fn is_common(word: &[u8]) -> bool {
    word.len() <= LONGEST_COMMON && COMMON_KEYS.binary_search(&key(word)).is_ok()
}

/// Common-word counts of one segment: as written, and once decoded.
#[derive(Default)]
struct Counts {
    words: usize,
    plain: usize,
    decoded: usize,
}

fn counts(segment: &str, kind: ViewKind) -> Counts {
    let mut c = Counts::default();
    let mut buf = [0u8; MAX_WORD];
    for word in segment
        .split(|ch: char| !ch.is_ascii_alphabetic())
        .filter(|w| (2..=MAX_WORD).contains(&w.len()))
    {
        c.words += 1;
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        c.plain += usize::from(is_common(lower));
        match kind {
            ViewKind::Rot13 => {
                for b in lower.iter_mut() {
                    *b = (*b - b'a' + 13) % 26 + b'a';
                }
            }
            _ => lower.reverse(),
        }
        c.decoded += usize::from(is_common(lower));
    }
    c
}

/// Finds segments that read as English once ROT13'd (or reversed, by `kind`) and decodes them
/// into one view of up to `max_bytes`.
pub(super) fn find(text: &str, kind: ViewKind, max_bytes: usize, out: &mut Found) {
    let mut decoded = String::new();
    let mut span: Option<(usize, usize)> = None;
    let mut cut = false;
    let mut offset = 0;
    for segment in text.split(['\n', ':', ';']) {
        let start = offset;
        offset += segment.len() + 1;
        let c = counts(segment, kind);
        let english = c.decoded >= 2 && c.decoded > 2 * c.plain && 4 * c.decoded >= c.words;
        if !english {
            continue;
        }
        if decoded.len() >= max_bytes {
            cut = true;
            continue;
        }
        if !decoded.is_empty() {
            decoded.push('\n');
        }
        // Only what can still fit (and one character more, so that a cut is seen) is decoded:
        // the start of the segment, or for a reversal its end.
        let trimmed = segment.trim();
        let room = max_bytes - decoded.len() + 1;
        match kind {
            ViewKind::Rot13 => {
                let end = (room.min(trimmed.len())..=trimmed.len())
                    .find(|&i| trimmed.is_char_boundary(i))
                    .unwrap_or(trimmed.len());
                decoded.push_str(&rot13(&trimmed[..end]));
            }
            _ => {
                let start = (0..=trimmed.len().saturating_sub(room))
                    .rev()
                    .find(|&i| trimmed.is_char_boundary(i))
                    .unwrap_or(0);
                decoded.push_str(&reversed(&trimmed[start..]));
            }
        }
        // The span covers the whole segment, the spaces trimmed off included.
        let end = start + segment.len();
        span = Some(span.map_or((start, end), |(s, _)| (s, end)));
    }
    if let Some((start, end)) = span {
        let mut bytes = decoded.into_bytes();
        cut |= bytes.len() > max_bytes;
        bytes.truncate(max_bytes);
        out.push(Decoded {
            kind,
            start,
            end,
            bytes,
            cut,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_lookup_agrees_with_the_word_list() {
        for word in COMMON {
            assert!(is_common(word.as_bytes()), "{word}");
            let mut longer = String::from(word);
            for extra in ["s", "ed", "ly", "zz"] {
                longer.truncate(word.len());
                longer.push_str(extra);
                assert_eq!(
                    is_common(longer.as_bytes()),
                    COMMON.contains(&longer.as_str()),
                    "{longer}"
                );
            }
            assert_eq!(
                is_common(&word.as_bytes()[1..]),
                COMMON.contains(&&word[1..]),
                "{word}"
            );
        }
        for word in [
            "",
            "a",
            "zzzzzzzz",
            "withoutx",
            "somebodyelse",
            "abcdefghijklmnop",
        ] {
            assert!(!is_common(word.as_bytes()), "{word}");
        }
    }
}
