//! Stages 1 and 2 of screening: a text normalized, tokenized and cut into framed windows (and
//! into sentence windows when it is longer than one window), its encoded segments decoded into
//! views prepared the same way, and its chat-template tokens noted.

use std::borrow::Cow;

use edgeguard_core::decode::{self, Limits, ViewKind};
use edgeguard_core::normalize::{
    Normalized, is_invisible, normalize, normalize_detailed, strip_invisible, to_original_offsets,
};

use crate::error::Result;
use crate::kind::Kind;
use crate::model::Model;
use crate::window::Windows;

/// A text prepared for the model: its normalized form and its windows, its decoded views, and
/// the chat-template tokens found in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prepared {
    /// The normalized text (what terms are matched against).
    pub normalized: String,
    /// The framed windows of token ids.
    pub windows: Windows,
    /// One window per sentence when the text has several (empty otherwise), scored too so
    /// that a harmful sentence buried in benign text is not diluted by it.
    pub sentences: Windows,
    /// Decoded views of encoded segments (see [`edgeguard_core::decode`]), screened too.
    pub views: Vec<PreparedView>,
    /// Unquoted chat-template tokens found in the text, each once.
    pub chat_template: Vec<String>,
    /// Whether the chat-template signal applies: a prompt with such tokens.
    pub injection_signal: bool,
}

/// A decoded view of a text, prepared for the model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparedView {
    /// The decodings applied, outermost first.
    pub path: Vec<ViewKind>,
    /// UTF-8 byte offset where the encoded segment starts in the original text.
    pub start: usize,
    /// UTF-8 byte offset just past the encoded segment in the original text.
    pub end: usize,
    /// The normalized decoded text.
    pub normalized: String,
    /// Its framed windows.
    pub windows: Windows,
}

/// A text normalized and tokenized, its decoded views too, before any window is framed: what
/// [`Guard::check`](crate::Guard::check) streams through the model in bounded batches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Tokenized {
    /// The normalized text.
    pub(crate) normalized: String,
    /// Its content token ids; `None` when the normalized text is empty (nothing to score).
    pub(crate) ids: Option<Vec<u32>>,
    /// Its decoded views, tokenized.
    pub(crate) views: Vec<TokenizedView>,
    /// Unquoted chat-template tokens found in the text, each once.
    pub(crate) chat_template: Vec<String>,
    /// Whether the chat-template signal applies: a prompt with such tokens.
    pub(crate) injection_signal: bool,
    /// Whether decoding stopped at one of its limits, leaving encoded text unscreened.
    pub(crate) views_capped: bool,
}

/// A decoded view, tokenized.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TokenizedView {
    /// The decodings applied, outermost first.
    pub(crate) path: Vec<ViewKind>,
    /// UTF-8 byte offset where the encoded segment starts in the original text.
    pub(crate) start: usize,
    /// UTF-8 byte offset just past the encoded segment in the original text.
    pub(crate) end: usize,
    /// The normalized decoded text.
    pub(crate) normalized: String,
    /// Its content token ids.
    pub(crate) ids: Vec<u32>,
}

/// Normalizes `text` and tokenizes it, decodes its encoded segments into views tokenized the
/// same way, and notes its chat-template tokens. A text that is empty once normalized
/// (whitespace and invisible characters only) has no tokens: nothing to score.
///
/// # Errors
/// [`Error::Tokenizer`](crate::Error::Tokenizer).
pub(crate) fn tokenized(model: &Model, text: &str, kind: Kind) -> Result<Tokenized> {
    let mut t = analyzed(model, text, kind)?;
    if !t.normalized.is_empty() {
        t.ids = Some(tokenize(model, &t.normalized)?);
    }
    Ok(t)
}

/// As [`tokenized`], without the text's own token ids (`ids` is `None`): for a text that is
/// streamed through the model piece by piece ([`crate::infer::text_scores`]).
///
/// # Errors
/// [`Error::Tokenizer`](crate::Error::Tokenizer) if a view fails to tokenize.
pub(crate) fn analyzed(model: &Model, text: &str, kind: Kind) -> Result<Tokenized> {
    // The views first: decoding may hold a copy of the text without its invisible characters,
    // which is gone before the normalized copy is made.
    let (views, views_capped) = tokenize_views(model, text)?;
    let normalized = normalize_detailed(text);
    if normalized.text.is_empty() {
        return Ok(Tokenized {
            normalized: normalized.text,
            ids: None,
            views: Vec::new(),
            chat_template: Vec::new(),
            injection_signal: false,
            views_capped: false,
        });
    }
    let chat_template = chat_tokens(&normalized);
    Ok(Tokenized {
        ids: None,
        injection_signal: kind == Kind::Prompt && !chat_template.is_empty(),
        chat_template,
        views,
        views_capped,
        normalized: normalized.text,
    })
}

/// Normalizes `text`, cuts its tokens into framed windows (and sentence windows when it is
/// longer than one window), decodes its encoded segments into views prepared the same way, and
/// notes its chat-template tokens. A text that is empty once normalized has no windows.
///
/// # Errors
/// [`Error::Tokenizer`](crate::Error::Tokenizer).
#[cfg(feature = "stages")]
pub(crate) fn prepare(model: &Model, text: &str, kind: Kind) -> Result<Prepared> {
    Ok(frame_all(model, &tokenized(model, text, kind)?, kind))
}

/// Frames the windows of a tokenized text and of its views.
pub(crate) fn frame_all(model: &Model, t: &Tokenized, kind: Kind) -> Prepared {
    let (windows, sentences) = match &t.ids {
        None => (Windows::default(), Windows::default()),
        Some(ids) => {
            let sentences = if ids.len() > model.config.window_content() {
                Windows::of_sentences(ids, kind, &model.special)
            } else {
                Windows::default()
            };
            (frame(model, ids, kind), sentences)
        }
    };
    Prepared {
        normalized: t.normalized.clone(),
        windows,
        sentences,
        views: t
            .views
            .iter()
            .map(|v| PreparedView {
                windows: frame(model, &v.ids, kind),
                path: v.path.clone(),
                start: v.start,
                end: v.end,
                normalized: v.normalized.clone(),
            })
            .collect(),
        chat_template: t.chat_template.clone(),
        injection_signal: t.injection_signal,
    }
}

/// Tokenizes normalized text and frames its windows.
///
/// # Errors
/// [`Error::Tokenizer`](crate::Error::Tokenizer) if the tokenizer fails.
#[cfg(feature = "stages")]
pub(crate) fn encode(model: &Model, normalized: &str, kind: Kind) -> Result<Windows> {
    let ids = tokenize(model, normalized)?;
    Ok(frame(model, &ids, kind))
}

/// Bytes of normalized text given to the tokenizer at once. The reference tokenizer holds
/// about a hundred bytes per byte of its input (offsets, alignments, token strings): in pieces
/// of 64 KiB it holds a few MB whatever the text's length.
const TOKENIZE_PIECE: usize = 64 << 10;

/// The content token ids of normalized text, tokenized in pieces of about [`TOKENIZE_PIECE`]
/// bytes, each cut where no token can span the cut ([`TextTokenizer::cuts_after`]: after
/// whitespace or punctuation), so the ids are those of the whole text at once.
///
/// [`TextTokenizer::cuts_after`]: crate::tokenize::TextTokenizer::cuts_after
pub(crate) fn tokenize(model: &Model, normalized: &str) -> Result<Vec<u32>> {
    tokenize_in_pieces(model, normalized, TOKENIZE_PIECE)
}

fn tokenize_in_pieces(model: &Model, normalized: &str, size: usize) -> Result<Vec<u32>> {
    let mut out = Vec::new();
    for_each_piece(model, normalized, size, |ids| {
        out.extend_from_slice(ids);
        Ok(true)
    })?;
    out.shrink_to_fit();
    Ok(out)
}

/// Tokenizes normalized text in the pieces of [`tokenize`], handing each piece's ids to `each`
/// in order and holding no more than one piece's: `each` returns whether to go on.
///
/// # Errors
/// [`Error::Tokenizer`](crate::Error::Tokenizer), or what `each` returns.
pub(crate) fn tokenize_with(
    model: &Model,
    normalized: &str,
    each: impl FnMut(&[u32]) -> Result<bool>,
) -> Result<()> {
    for_each_piece(model, normalized, TOKENIZE_PIECE, each)
}

fn for_each_piece(
    model: &Model,
    normalized: &str,
    size: usize,
    mut each: impl FnMut(&[u32]) -> Result<bool>,
) -> Result<()> {
    let mut ids = Vec::new();
    let cuts = |c: char| model.tokenizer.cuts_after_char(c);
    for piece in pieces(normalized, size, cuts) {
        ids.clear();
        // A piece longer than `size` is a run without a cut (one word), and perhaps the one
        // character that ends it.
        let word = match piece.chars().next_back() {
            Some(last) if cuts(last) => &piece[..piece.len() - last.len_utf8()],
            _ => piece,
        };
        if piece.len() > size && model.tokenizer.encode_long_word(word, &mut ids)? {
            model.tokenizer.encode(&piece[word.len()..], &mut ids)?;
        } else {
            model.tokenizer.encode(piece, &mut ids)?;
        }
        if !each(&ids)? {
            break;
        }
    }
    Ok(())
}

/// `text` cut into pieces of at most `size` bytes, each ending just after a character where
/// `is_cut` holds (an ASCII one if there is one), except where no such cut exists: a run
/// without one stays whole.
fn pieces(text: &str, size: usize, is_cut: impl Fn(char) -> bool) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let cut = if rest.len() <= size {
            rest.len()
        } else if let Some(i) = rest.as_bytes()[..size]
            .iter()
            .rposition(|&b| b.is_ascii() && is_cut(char::from(b)))
        {
            i + 1
        } else {
            // No ASCII cut: the last cut character that ends within `size` bytes, else the first
            // one after.
            let within = (0..=size)
                .rev()
                .find(|&i| rest.is_char_boundary(i))
                .unwrap_or(0);
            let after = |(i, c): (usize, char)| i + c.len_utf8();
            rest[..within]
                .char_indices()
                .filter(|&(_, c)| is_cut(c))
                .last()
                .map(after)
                .or_else(|| {
                    rest[within..]
                        .char_indices()
                        .find(|&(_, c)| is_cut(c))
                        .map(|(i, c)| after((within + i, c)))
                })
                .unwrap_or(rest.len())
        };
        let (piece, tail) = rest.split_at(cut);
        rest = tail;
        Some(piece)
    })
}

fn frame(model: &Model, ids: &[u32], kind: Kind) -> Windows {
    let config = &model.config;
    Windows::of_text(
        ids,
        kind,
        &model.special,
        config.window_content(),
        config.window.stride,
    )
}

/// Finds the decoded views of `text` (after invisible characters are removed, so that they
/// cannot break an encoded run) and tokenizes each; and whether decoding stopped at one of its
/// limits.
fn tokenize_views(model: &Model, text: &str) -> Result<(Vec<TokenizedView>, bool)> {
    // Most texts hold no invisible character: they are scanned as they are, not copied.
    let visible = if text.chars().any(is_invisible) {
        Cow::Owned(strip_invisible(text))
    } else {
        Cow::Borrowed(text)
    };
    let decoded = decode::scan(&visible, &Limits::DEFAULT);
    let mut spans: Vec<usize> = decoded
        .views
        .iter()
        .flat_map(|v| [v.start, v.end])
        .collect();
    if let Cow::Owned(_) = visible {
        to_original_offsets(text, &mut spans);
    }
    let mut out = Vec::new();
    for (view, span) in decoded.views.into_iter().zip(spans.chunks_exact(2)) {
        let normalized = normalize(&view.text);
        if normalized.is_empty() {
            continue;
        }
        out.push(TokenizedView {
            ids: tokenize(model, &normalized)?,
            path: view.path,
            start: span[0],
            end: span[1],
            normalized,
        });
    }
    Ok((out, decoded.capped))
}

/// Most distinct chat-template tokens reported in a verdict.
const MAX_CHAT_TOKENS: usize = 16;

/// The unquoted chat-template tokens of a normalization, each once, in order (at most
/// [`MAX_CHAT_TOKENS`]).
fn chat_tokens(normalized: &Normalized) -> Vec<String> {
    let mut tokens: Vec<String> = Vec::new();
    for m in normalized.markers.iter().filter(|m| !m.quoted) {
        if tokens.len() == MAX_CHAT_TOKENS {
            break;
        }
        if !tokens.contains(&m.token) {
            tokens.push(m.token.clone());
        }
    }
    tokens
}

#[cfg(all(test, feature = "embedded-model"))]
mod tests {
    use super::*;

    /// The embedded model, loaded once for every case of the property tests.
    fn model() -> &'static Model {
        static MODEL: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
        MODEL.get_or_init(|| {
            Model::load(crate::embedded::BYTES, crate::model::Integrity::Verify).unwrap()
        })
    }

    #[test]
    fn tokenizing_in_pieces_gives_the_ids_of_the_whole_text() {
        let model = model();
        let texts = [
            "How do I kill a Python process? It hangs, and ctrl-c does nothing.\nThanks!",
            "aGVsbG8gd29ybGQ+/aGVsbG8/d29ybGQ+aGVsbG8gd29ybGQ=",
            "Caf\u{e9} na\u{ef}ve \u{2014} r\u{e9}sum\u{e9}: \u{65e5}\u{672c}\u{8a9e}\u{306e}\u{30c6}\u{30ad}\u{30b9}\u{30c8}, \u{41f}\u{440}\u{438}\u{432}\u{435}\u{442}!",
            "[CLS] ignore [SEP] the [unused0] rules [MASK]...[PAD]x[UNK]",
            "e\u{301}\u{302}\u{308}e\u{301}\u{302}\u{308}.e\u{301}\u{302}\u{308}",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            // Scripts without ASCII spaces or punctuation: cut after ideographs, Unicode
            // punctuation and spaces (a mark after one is stripped either way).
            "\u{6211}\u{4eec}\u{4eca}\u{5929}\u{53bb}\u{516c}\u{56ed}\u{3002}\u{5929}\u{6c14}\u{5f88}\u{597d}\u{3001}\u{300c}\u{771f}\u{7684}\u{300d}\u{3000}\u{306e}\u{30c6}\u{30ad}\u{30b9}\u{30c8}\u{ff1f}",
            "\u{43f}\u{440}\u{438}\u{432}\u{435}\u{442}\u{2014}\u{301}\u{43c}\u{438}\u{440}\u{60c}\u{645}\u{631}\u{62d}\u{628}\u{627}\u{a0}\u{645}\u{4e2d}\u{301}\u{6587}\u{2028}\u{85}x",
        ];
        for text in texts {
            let mut whole = Vec::new();
            model.tokenizer.encode(text, &mut whole).unwrap();
            for size in 1..24 {
                let ids = tokenize_in_pieces(model, text, size).unwrap();
                assert_eq!(ids, whole, "{text:?} in pieces of {size}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Any mix of scripts, marks, Unicode spaces and punctuation: the ids of the pieces are
        /// those of the whole text, for every piece size.
        #[test]
        fn any_text_in_pieces_has_the_ids_of_the_whole(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', 'Z', '7', ' ', '.', '-', '\n', '\u{e9}', '\u{301}', '\u{308}', '\u{6211}',
                '\u{4e2d}', '\u{3002}', '\u{3001}', '\u{3000}', '\u{306e}', '\u{30c6}',
                '\u{43f}', '\u{440}', '\u{2014}', '\u{60c}', '\u{645}', '\u{a0}', '\u{2028}',
                '\u{85}', '\u{200b}', '\u{ff1f}', '\u{1f600}',
            ]), 0..80),
            size in 1usize..12,
        ) {
            let model = model();
            let text: String = chars.into_iter().collect();
            let mut whole = Vec::new();
            model.tokenizer.encode(&text, &mut whole).unwrap();
            proptest::prop_assert_eq!(tokenize_in_pieces(model, &text, size).unwrap(), whole);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Long runs without a cut (letters under stacks of accents) are read as one word in
        /// slices: the same ids, whether the run is longer than WordPiece's limit once
        /// normalized (`[UNK]`) or shorter.
        #[test]
        fn long_runs_in_pieces_have_the_ids_of_the_whole(
            words in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(vec![
                    "e", "ab", "s", "\u{436}", "\u{301}", "\u{301}\u{302}\u{308}",
                ]), 1..160),
                0..4,
            ),
            size in 1usize..40,
        ) {
            let model = model();
            let words: Vec<String> = words.iter().map(|w| w.concat()).collect();
            let text = words.join(" ");
            let mut whole = Vec::new();
            model.tokenizer.encode(&text, &mut whole).unwrap();
            proptest::prop_assert_eq!(tokenize_in_pieces(model, &text, size).unwrap(), whole);
        }
    }

    #[test]
    fn long_runs_the_slices_cannot_read_go_to_the_reference_whole() {
        // An added token inside the run; a spacing mark with a combining class.
        for text in [
            "e\u{301}".repeat(30) + "[CLS]" + &"\u{301}".repeat(50),
            "e\u{301}".repeat(30) + "\u{1d165}" + &"\u{301}".repeat(50),
        ] {
            let mut ids = Vec::new();
            assert!(!model().tokenizer.encode_long_word(&text, &mut ids).unwrap());
            assert!(ids.is_empty());
            let mut whole = Vec::new();
            model().tokenizer.encode(&text, &mut whole).unwrap();
            assert_eq!(tokenize_in_pieces(model(), &text, 8).unwrap(), whole);
        }
    }

    #[test]
    fn pieces_are_cut_only_after_a_cut_byte() {
        let cut = |c: char| c == ' ' || c == '\u{3002}';
        let got: Vec<&str> = pieces("ab cd efghij k", 4, cut).collect();
        assert_eq!(got, ["ab ", "cd ", "efghij ", "k"]);
        assert_eq!(pieces("", 4, cut).count(), 0);
        assert_eq!(pieces("abcdefgh", 4, cut).collect::<Vec<_>>(), ["abcdefgh"]);
        // Without an ASCII cut, a non-ASCII one (here the ideographic full stop).
        let got: Vec<&str> = pieces("ab\u{3002}cd\u{3002}efgh", 6, cut).collect();
        assert_eq!(got, ["ab\u{3002}", "cd\u{3002}", "efgh"]);
    }
}
