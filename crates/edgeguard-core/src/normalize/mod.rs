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
//! A text longer than [`PIECE_BYTES`] is normalized in pieces cut where no step looks across, after
//! the two text-wide decisions (mostly Latin letters, a strong leet word) are made over all of it,
//! so memory beyond the output stays bounded; the output is that of the whole text at once.
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

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use unicode_normalization::{IsNormalized, UnicodeNormalization};

use crate::chat_template::{self, Marker};

pub use confusables::fold_confusables;
pub use invisible::{is_invisible, strip_invisible};
pub use leet::{KEPT as LEET_KEPT, MAX_WORD as LEET_MAX_WORD, fold_leetspeak};
pub use offsets::{OffsetMap, strip_invisible_mapped, to_original_offsets};
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
    /// The chat-template markers found after NFKC, with offsets into the NFKC text (not the
    /// input), in order: the first occurrence of each distinct token (as written), at most
    /// [`MAX_MARKERS`] quoted and [`MAX_MARKERS`] unquoted ones, so that a text made of markers
    /// holds a bounded list.
    pub markers: Vec<Marker>,
}

/// Most distinct markers of each kind (quoted, unquoted) that [`Normalized`] keeps.
pub const MAX_MARKERS: usize = 32;

/// Most bytes of input normalized at once: a longer text is normalized in pieces cut where no
/// step looks across (after a line break, or after a space that follows two ASCII letters or
/// digits), so that the steps' working copies stay this small whatever the text's length and
/// only the output grows with it. A line with no such space (one long Base64 run) is one piece.
pub const PIECE_BYTES: usize = 64 << 10;

/// Runs the whole normalization pipeline (see the module docs for the steps and their order).
pub fn normalize(text: &str) -> String {
    normalize_detailed(text).text
}

/// [`normalize`], also returning the chat-template markers it neutralized.
pub fn normalize_detailed(text: &str) -> Normalized {
    normalize_in_pieces(text, PIECE_BYTES)
}

/// [`normalize_detailed`], normalizing at most about `piece_bytes` of the input at once. The
/// result does not depend on `piece_bytes`.
///
/// Two steps decide something about the whole text: whether its letters are mostly Latin
/// (confusable folding) and whether it holds a strong leet word (which lets weak ones fold). A
/// text of one piece decides both on the way; a longer one is read twice first, once for each
/// decision, holding one piece at a time.
fn normalize_in_pieces(text: &str, piece_bytes: usize) -> Normalized {
    let mut markers = Markers::default();
    let mut cuts = pieces(text, piece_bytes);
    let Some(first) = cuts.next() else {
        return Normalized::default();
    };
    if first.text.len() == text.len() {
        let mut text = normalize_piece(first, None, &mut markers, 0).into_owned();
        // A step's output has the capacity of its input, which may be far longer.
        text.shrink_to_fit();
        return Normalized {
            text,
            markers: markers.kept,
        };
    }
    let letters = pieces(text, piece_bytes)
        .map(|p| confusables::Letters::of(&front(p, None).0))
        .fold(confusables::Letters::default(), confusables::Letters::add);
    let mostly_latin = letters.mostly_latin();
    let strong_leet = pieces(text, piece_bytes)
        .any(|p| leet::has_strong(&middle(front(p, None).0, mostly_latin)));
    let context = Context {
        mostly_latin,
        strong_leet,
    };
    // Grown piece by piece to its exact length: the output may be far shorter than the input.
    let mut out = String::new();
    let mut offset = 0;
    for piece in pieces(text, piece_bytes) {
        let (normalized, nfkc_len) = normalize_piece_at(piece, Some(context), &mut markers, offset);
        offset += nfkc_len;
        if !normalized.is_empty() {
            let space = usize::from(!out.is_empty());
            out.reserve_exact(space + normalized.len());
            if space == 1 {
                out.push(' ');
            }
            out.push_str(&normalized);
        }
    }
    Normalized {
        text: out,
        markers: markers.kept,
    }
}

/// The text-wide decisions of a text normalized in pieces.
#[derive(Clone, Copy, Debug)]
struct Context {
    /// Whether the text's letters are mostly Latin (see [`fold_confusables`]).
    mostly_latin: bool,
    /// Whether the text holds a strong leet word (see [`fold_leetspeak`]).
    strong_leet: bool,
}

/// A piece of a text cut by [`pieces`].
#[derive(Clone, Copy, Debug)]
struct Piece<'a> {
    text: &'a str,
    /// Whether it begins a line (the chat-template headings are recognised only there).
    line_start: bool,
}

/// Cuts `text` into pieces of at most about `size` bytes where no step of the pipeline looks
/// across the cut, so that normalizing the pieces and joining them with a space gives the
/// normalization of the whole (given the text-wide decisions):
/// - after a line break (NFKC composes nothing with it, and it ends a spelled run, a word and a
///   chat-template marker), the last one within `size` bytes;
/// - in a line longer than that, after a space that follows two ASCII letters or digits, not
///   counting invisible characters (stripped before any step looks; no marker holds such a space,
///   and a word of two characters ends any spelled run).
///
/// A line with neither (one Base64 run, say) is one piece, however long.
fn pieces(text: &str, size: usize) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = text;
    let mut line_start = true;
    core::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let cut = if rest.len() <= size {
            rest.len()
        } else {
            let bytes = rest.as_bytes();
            let window = &bytes[..size];
            // The two characters before the space as the steps see them: invisible ones are
            // stripped first. (Each run of invisible characters is walked back over from one
            // space at most: the search stops at the first visible character.)
            let safe_space = |i: usize| {
                bytes[i] == b' ' && {
                    let mut before = rest[..i].chars().rev().filter(|&c| !is_invisible(c));
                    matches!(
                        (before.next(), before.next()),
                        (Some(a), Some(b)) if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric()
                    )
                }
            };
            window
                .iter()
                .rposition(|&b| b == b'\n')
                .or_else(|| (0..size).rev().find(|&i| safe_space(i)))
                .or_else(|| (size..bytes.len()).find(|&i| bytes[i] == b'\n' || safe_space(i)))
                .map_or(rest.len(), |i| i + 1)
        };
        let (piece, tail) = rest.split_at(cut);
        rest = tail;
        let this = Piece {
            text: piece,
            line_start,
        };
        line_start = piece.ends_with('\n');
        Some(this)
    })
}

/// The markers kept while normalizing (see [`Normalized::markers`]).
#[derive(Default)]
struct Markers {
    kept: Vec<Marker>,
    quoted: usize,
}

impl Markers {
    /// Keeps the marker at `start..end` of `nfkc` (found at `offset` of the whole NFKC text) if
    /// its token is new and its kind has room.
    fn offer(&mut self, nfkc: &str, start: usize, end: usize, quoted: bool, offset: usize) {
        let token = &nfkc[start..end];
        let of_kind = if quoted {
            self.quoted
        } else {
            self.kept.len() - self.quoted
        };
        if of_kind == MAX_MARKERS
            || self
                .kept
                .iter()
                .any(|m| m.quoted == quoted && m.token == token)
        {
            return;
        }
        self.quoted += usize::from(quoted);
        self.kept.push(Marker {
            token: String::from(token),
            start: offset + start,
            end: offset + end,
            quoted,
        });
    }
}

/// Normalizes one piece (`context`: the whole text's decisions, or `None` for a text of one
/// piece, which decides them itself), offering its markers at `offset` of the NFKC text.
fn normalize_piece<'a>(
    piece: Piece<'a>,
    context: Option<Context>,
    markers: &mut Markers,
    offset: usize,
) -> Cow<'a, str> {
    normalize_piece_at(piece, context, markers, offset).0
}

/// [`normalize_piece`], also returning the length of the piece's NFKC text.
fn normalize_piece_at<'a>(
    piece: Piece<'a>,
    context: Option<Context>,
    markers: &mut Markers,
    offset: usize,
) -> (Cow<'a, str>, usize) {
    let (neutral, nfkc_len) = front(piece, Some((markers, offset)));
    let mostly_latin = context.map_or_else(
        || confusables::Letters::of(&neutral).mostly_latin(),
        |c| c.mostly_latin,
    );
    let collapsed = middle(neutral, mostly_latin);
    let strong_leet = context.map_or_else(|| leet::has_strong(&collapsed), |c| c.strong_leet);
    let leet = then(collapsed, |t| leet::folded(t, strong_leet));
    (then(leet, repeats::squeezed), nfkc_len)
}

/// Steps 1 to 3 of a piece: invisible characters stripped, NFKC, chat-template markers
/// neutralized (and offered to `markers` at the given offset of the NFKC text). Also returns the
/// length of the NFKC text.
fn front<'a>(piece: Piece<'a>, markers: Option<(&mut Markers, usize)>) -> (Cow<'a, str>, usize) {
    let visible = if piece.text.chars().any(is_invisible) {
        Cow::Owned(strip_invisible(piece.text))
    } else {
        Cow::Borrowed(piece.text)
    };
    let composed = then(visible, composed);
    if let Some((markers, offset)) = markers {
        chat_template::scan(&composed, piece.line_start, |start, end, quoted| {
            markers.offer(&composed, start, end, quoted, offset);
        });
    }
    let len = composed.len();
    (
        then(composed, |t| {
            chat_template::neutralized(t, piece.line_start)
        }),
        len,
    )
}

/// Steps 4 to 6: confusables folded (given whether the text is mostly Latin), spelled-out words
/// joined, whitespace collapsed.
fn middle(text: Cow<'_, str>, mostly_latin: bool) -> Cow<'_, str> {
    let folded = then(text, |t| confusables::folded(t, mostly_latin));
    let joined = then(folded, spaced::joined);
    then(joined, collapsed)
}

/// Applies a step that may leave its input as it is, dropping the input as soon as the step has
/// made a new text (at most two copies of a piece alive at once).
fn then<'a>(
    text: Cow<'a, str>,
    step: impl for<'b> FnOnce(&'b str) -> Cow<'b, str>,
) -> Cow<'a, str> {
    match text {
        Cow::Borrowed(t) => step(t),
        Cow::Owned(t) => match step(&t) {
            Cow::Borrowed(_) => Cow::Owned(t),
            Cow::Owned(new) => Cow::Owned(new),
        },
    }
}

/// Unicode compatibility composition (NFKC), a run of more than [`MAX_MARK_RUN`] combining marks
/// reordered in parts.
pub fn nfkc(text: &str) -> String {
    composed(text).into_owned()
}

/// The longest run of combining marks (characters of non-zero canonical combining class, after
/// compatibility decomposition) that [`nfkc`] reorders as one. NFKC sorts a run by combining class
/// and holds all of it to do so (8 bytes a mark); a longer run, which no writing system makes
/// (Unicode's stream-safe format already splits runs of 30), is normalized this many marks at a
/// time, in bounded memory. The marks and their number are kept; only their order across the
/// cuts can differ from one whole reordering.
pub const MAX_MARK_RUN: usize = 1024;

/// [`nfkc`], borrowed when the text is already in NFKC (by the quick check).
fn composed(text: &str) -> Cow<'_, str> {
    use unicode_normalization::char::{canonical_combining_class, decompose_compatible};

    if unicode_normalization::is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    // Marks since the last starter, counted as the decomposition sees them.
    let (mut start, mut run) = (0, 0usize);
    for (at, c) in text.char_indices() {
        let (mut starter, mut marks) = (false, 0);
        decompose_compatible(c, |d| {
            if canonical_combining_class(d) == 0 {
                (starter, marks) = (true, 0);
            } else {
                marks += 1;
            }
        });
        if starter {
            run = marks;
        } else if run + marks > MAX_MARK_RUN {
            out.extend(text[start..at].nfkc());
            (start, run) = (at, marks);
        } else {
            run += marks;
        }
    }
    out.extend(text[start..].nfkc());
    Cow::Owned(out)
}

/// Replaces every run of whitespace with a single space and trims both ends.
pub fn collapse_whitespace(text: &str) -> String {
    collapsed(text).into_owned()
}

/// [`collapse_whitespace`], borrowed when every gap already is one space and nothing is trimmed.
fn collapsed(text: &str) -> Cow<'_, str> {
    let mut after_space = true;
    let settled = text.chars().all(|c| {
        let ok = !c.is_whitespace() || (c == ' ' && !after_space);
        after_space = c.is_whitespace();
        ok
    }) && !after_space;
    if settled || text.is_empty() {
        return Cow::Borrowed(text);
    }
    let (words, bytes) = text
        .split_whitespace()
        .fold((0usize, 0usize), |(n, b), w| (n + 1, b + w.len()));
    let mut out = String::with_capacity(bytes + words.saturating_sub(1));
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests;
