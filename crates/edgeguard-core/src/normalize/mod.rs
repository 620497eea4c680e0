//! Text normalization: what the model sees is a canonical form of what the user wrote.
//!
//! [`normalize`] applies, in this order:
//! 1. [`strip_invisible`]: zero-width, bidi-control, tag and other format characters, and control
//!    characters other than whitespace, are removed (they split words without being seen);
//! 2. Unicode NFKC ([`nfkc`]): fullwidth forms, mathematical alphanumerics, ligatures, circled and
//!    superscript letters become their plain equivalents;
//! 3. [`fold_confusables`]: Cyrillic, Greek and Armenian look-alikes inside Latin-script words become
//!    Latin letters; words of other scripts keep their letters, so Russian stays Russian;
//! 4. [`collapse_whitespace`]: runs of whitespace become one space, ends are trimmed.
//!
//! Each step is a pure function. The training pipeline normalizes its corpus with this same code
//! (through `edgeguard normalize`), so the model is trained on what it will see.
//!
//! ```
//! use edgeguard_core::normalize::normalize;
//! assert_eq!(normalize("ｈｏｗ\u{200b} to  b\u{043e}mb"), "how to bomb");
//! ```

mod confusables;
mod invisible;

use alloc::string::String;

use unicode_normalization::UnicodeNormalization;

pub use confusables::fold_confusables;
pub use invisible::{is_invisible, strip_invisible};

/// Version tag of the normalization pipeline, recorded in model metadata. A model trained on one
/// version is rejected by a runtime with another.
pub const NORMALIZER_VERSION: &str = "edgeguard-normalize/1";

/// Runs the whole normalization pipeline (see the module docs for the steps and their order).
pub fn normalize(text: &str) -> String {
    collapse_whitespace(&fold_confusables(&nfkc(&strip_invisible(text))))
}

/// Unicode compatibility composition (NFKC).
pub fn nfkc(text: &str) -> String {
    text.nfkc().collect()
}

/// Replaces every run of whitespace with a single space and trims both ends.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfkc_folds_compatibility_forms() {
        assert_eq!(nfkc("ｆｕｌｌ"), "full");
        assert_eq!(nfkc("𝐛𝐨𝐦𝐛"), "bomb");
        assert_eq!(nfkc("ﬁle ①"), "file 1");
        assert_eq!(nfkc("café"), "café");
    }

    #[test]
    fn whitespace_collapses() {
        assert_eq!(collapse_whitespace("  a \t\n b\u{3000}c  "), "a b c");
        assert_eq!(collapse_whitespace(""), "");
    }

    #[test]
    fn pipeline_keeps_plain_text_and_other_scripts() {
        assert_eq!(
            normalize("How do I kill a Python process?"),
            "How do I kill a Python process?"
        );
        assert_eq!(normalize("Привет, как дела?"), "Привет, как дела?");
        assert_eq!(normalize("I have 3 cats"), "I have 3 cats");
        assert_eq!(normalize("日本語のテキスト"), "日本語のテキスト");
    }

    #[test]
    fn pipeline_removes_obfuscation() {
        assert_eq!(normalize("b\u{200b}o\u{200c}m\u{2060}b"), "bomb");
        assert_eq!(normalize("\u{202e}kcatta\u{202c}"), "kcatta");
        assert_eq!(normalize("р\u{0430}ssword"), "password");
    }
}
