//! Invisible characters: they split or reorder words on screen without being seen.

use alloc::string::String;

/// Whether a character is removed by [`strip_invisible`]: zero-width characters, bidi controls,
/// word joiners and invisible operators, soft hyphens, the byte-order mark, variation selectors,
/// tag characters, interlinear annotation marks, and control characters other than whitespace.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}'                      // soft hyphen
        | '\u{034F}'                    // combining grapheme joiner
        | '\u{061C}'                    // Arabic letter mark
        | '\u{115F}' | '\u{1160}'       // Hangul fillers
        | '\u{17B4}' | '\u{17B5}'       // Khmer inherent vowels
        | '\u{180B}'..='\u{180F}'       // Mongolian variation selectors and vowel separator
        | '\u{200B}'..='\u{200F}'       // zero-width space/joiners, LRM, RLM
        | '\u{202A}'..='\u{202E}'       // bidi embeddings and overrides
        | '\u{2060}'..='\u{206F}'       // word joiner, invisible operators, bidi isolates
        | '\u{3164}'                    // Hangul filler
        | '\u{FE00}'..='\u{FE0F}'       // variation selectors
        | '\u{FEFF}'                    // byte-order mark / zero-width no-break space
        | '\u{FFA0}'                    // halfwidth Hangul filler
        | '\u{FFF9}'..='\u{FFFB}'       // interlinear annotation
        | '\u{1D173}'..='\u{1D17A}'     // musical formatting
        | '\u{E0000}'..='\u{E007F}'     // tag characters
        | '\u{E0100}'..='\u{E01EF}'     // variation selectors supplement
    ) || (c.is_control() && !c.is_whitespace())
}

/// Removes every character for which [`is_invisible`] holds.
pub fn strip_invisible(text: &str) -> String {
    // Sized exactly (a first pass counts): collected char by char, the copy grew by doubling and
    // could hold up to twice its length while a long text was decoded.
    let visible = |c: &char| !is_invisible(*c);
    let mut out = String::with_capacity(text.chars().filter(visible).map(char::len_utf8).sum());
    out.extend(text.chars().filter(visible));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_format_and_control_characters() {
        assert_eq!(strip_invisible("k\u{200B}i\u{200D}l\u{FEFF}l"), "kill");
        assert_eq!(strip_invisible("a\u{202E}b\u{2066}c\u{2069}"), "abc");
        assert_eq!(strip_invisible("x\u{E0041}\u{E0042}y"), "xy");
        assert_eq!(strip_invisible("soft\u{00AD}ware\u{0007}"), "software");
    }

    #[test]
    fn keeps_whitespace_and_visible_text() {
        assert_eq!(strip_invisible("a\tb\nc d"), "a\tb\nc d");
        assert_eq!(strip_invisible("emoji 👍🏽 ok"), "emoji 👍🏽 ok");
    }
}
