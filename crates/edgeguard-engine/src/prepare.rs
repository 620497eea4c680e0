//! Stages 1 and 2 of screening: a text normalized, tokenized and cut into framed windows (and
//! into sentence windows when it is longer than one window), its encoded segments decoded into
//! views prepared the same way, and its chat-template tokens noted.

use edgeguard_core::decode::{self, ViewKind};
use edgeguard_core::normalize::{
    Normalized, normalize, normalize_detailed, strip_invisible_mapped,
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

/// How a text relates to what it was cut from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Extent {
    /// The text is all there is: its sentences get windows of their own when it is longer than
    /// one window.
    Whole,
    /// The text is a stretch cut from a longer one (a stream's newest text with its context):
    /// its sentences get windows of their own at any length, as the longer text's do, so a
    /// sentence is not diluted by the few around it only because the stretch is short.
    Part,
}

/// Normalizes `text`, cuts its tokens into framed windows, decodes its encoded segments into
/// views prepared the same way, and notes its chat-template tokens. A text that is empty once
/// normalized (whitespace and invisible characters only) has no windows: nothing to score.
///
/// # Errors
/// [`Error::Tokenizer`].
pub(crate) fn prepare(model: &Model, text: &str, kind: Kind, extent: Extent) -> Result<Prepared> {
    let normalized = normalize_detailed(text);
    if normalized.text.is_empty() {
        return Ok(Prepared {
            normalized: normalized.text,
            windows: Windows::default(),
            sentences: Windows::default(),
            views: Vec::new(),
            chat_template: Vec::new(),
            injection_signal: false,
        });
    }
    let ids = tokenize(model, &normalized.text)?;
    let sentences = if extent == Extent::Part || ids.len() > model.config.window_content() {
        Windows::of_sentences(&ids, kind, &model.special)
    } else {
        Windows::default()
    };
    let chat_template = chat_tokens(&normalized);
    Ok(Prepared {
        windows: frame(model, &ids, kind),
        sentences,
        injection_signal: kind == Kind::Prompt && !chat_template.is_empty(),
        chat_template,
        views: prepare_views(model, text, kind)?,
        normalized: normalized.text,
    })
}

/// Tokenizes normalized text and frames its windows.
///
/// # Errors
/// [`Error::Tokenizer`] if the tokenizer fails.
pub(crate) fn encode(model: &Model, normalized: &str, kind: Kind) -> Result<Windows> {
    let ids = tokenize(model, normalized)?;
    Ok(frame(model, &ids, kind))
}

fn tokenize(model: &Model, normalized: &str) -> Result<Vec<u32>> {
    let mut ids = Vec::with_capacity(normalized.len() / 3 + 8);
    model.tokenizer.encode(normalized, &mut ids)?;
    Ok(ids)
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
/// cannot break an encoded run) and prepares each for the model.
fn prepare_views(model: &Model, text: &str, kind: Kind) -> Result<Vec<PreparedView>> {
    let (visible, map) = strip_invisible_mapped(text);
    let mut out = Vec::new();
    for view in decode::views(&visible) {
        let normalized = normalize(&view.text);
        if normalized.is_empty() {
            continue;
        }
        let windows = encode(model, &normalized, kind)?;
        out.push(PreparedView {
            path: view.path,
            start: map.to_original(view.start),
            end: map.to_original(view.end),
            normalized,
            windows,
        });
    }
    Ok(out)
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
