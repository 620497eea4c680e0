//! Text normalization: what the model sees is a canonical form of what the user wrote.
//!
//! [`normalize`] applies, in this order:
//! 1. [`strip_invisible`]: zero-width, bidi-control, tag and other format characters, and control
//!    characters other than whitespace, are removed (they split words without being seen);
//! 2. Unicode NFKC ([`nfkc`]): fullwidth forms, mathematical alphanumerics, ligatures, circled and
//!    superscript letters become their plain equivalents;
//! 3. [`neutralize`](crate::chat_template::neutralize): chat-template role and control tokens
//!    (`<|im_start|>`, `[INST]`, `### Instruction:`) become a space, so a forged turn reads as
//!    plain words (NFKC first, so full-width look-alikes of the tokens are caught too);
//! 4. [`fold_confusables`]: Cyrillic, Greek and Armenian look-alikes inside Latin-script words become
//!    Latin letters; words of other scripts keep their letters, so Russian stays Russian;
//! 5. [`join_spaced_letters`]: spelled-out words (`b o m b`, `k.i.l.l`) are joined; this runs
//!    before whitespace is collapsed, since a wider gap marks a word break;
//! 6. [`collapse_whitespace`]: runs of whitespace become one space, ends are trimmed;
//! 7. [`fold_leetspeak`]: digits and symbols inside clearly leet words become letters
//!    (`h0w t0 m4k3` → `how to make`); numbers and codes (`3 cats`, `mp3`, `4th`) are kept;
//! 8. [`squeeze_repeats`]: letters stretched to three or more (`kiiiill`) are shortened, keeping
//!    legitimate doubles.
//!
//! Each step is a pure function. The training pipeline normalizes its corpus with this same code
//! (through `edgeguard normalize`), so the model is trained on what it will see. Any change to
//! the output of [`normalize`] needs a retrained model and a new [`NORMALIZER_VERSION`].
//!
//! ```
//! use edgeguard_core::normalize::normalize;
//! assert_eq!(normalize("ｈｏｗ\u{200b} to  b\u{043e}mb"), "how to bomb");
//! assert_eq!(normalize("h0w t0 m4k3 the b o m b"), "how to make the bomb");
//! // A lone letter next to a spelled-out word cannot be told apart from it.
//! assert_eq!(normalize("h0w t0 m4k3 a b o m b"), "how to make abomb");
//! assert_eq!(normalize("I have 3 cats"), "I have 3 cats");
//! ```

mod confusables;
mod invisible;
mod leet;
mod offsets;
mod repeats;
mod spaced;

use alloc::string::String;
use alloc::vec::Vec;

use unicode_normalization::UnicodeNormalization;

use crate::chat_template::{self, Marker};

pub use confusables::fold_confusables;
pub use invisible::{is_invisible, strip_invisible};
pub use leet::{KEPT as LEET_KEPT, MAX_WORD as LEET_MAX_WORD, fold_leetspeak};
pub use offsets::{OffsetMap, strip_invisible_mapped};
pub use repeats::squeeze_repeats;
pub use spaced::{MIN_SPELLED, join_spaced_letters};

/// Version tag of the normalization pipeline, recorded in model metadata. A model trained on one
/// version is rejected by a runtime with another.
pub const NORMALIZER_VERSION: &str = "edgeguard-normalize/1";

/// The normalized text, and the chat-template markers that step 3 neutralized.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Normalized {
    /// What [`normalize`] returns.
    pub text: String,
    /// The markers found after NFKC, with offsets into the NFKC text (not the input).
    pub markers: Vec<Marker>,
}

/// Runs the whole normalization pipeline (see the module docs for the steps and their order).
pub fn normalize(text: &str) -> String {
    normalize_detailed(text).text
}

/// [`normalize`], also returning the chat-template markers it neutralized.
pub fn normalize_detailed(text: &str) -> Normalized {
    // One step at a time, each copy dropped as soon as the next is made, so that at most two
    // copies of the text are held at once whatever its length (the engine's memory budget).
    let composed = if text.chars().any(is_invisible) {
        nfkc(&strip_invisible(text))
    } else {
        nfkc(text)
    };
    let markers = chat_template::find(&composed);
    let neutral = if markers.is_empty() {
        composed
    } else {
        chat_template::neutralize(&composed)
    };
    let folded = fold_confusables(&neutral);
    drop(neutral);
    let joined = join_spaced_letters(&folded);
    drop(folded);
    let collapsed = collapse_whitespace(&joined);
    drop(joined);
    let leet = fold_leetspeak(&collapsed);
    drop(collapsed);
    let text = squeeze_repeats(&leet);
    Normalized { text, markers }
}

/// Unicode compatibility composition (NFKC).
pub fn nfkc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    out.extend(text.nfkc());
    out
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
mod tests;
