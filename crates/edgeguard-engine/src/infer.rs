//! Stage 3 of screening: windows run through the model, and their scores combined into a
//! text's scores (the maximum per output, shifted as the model's
//! [`AggregateConfig`](crate::AggregateConfig) says).

use edgeguard_core::Scores;

use crate::error::Result;
use crate::kind::Kind;
use crate::model::Model;
use crate::window::{self, Windows};

/// Windows run through the model in one call when screening a batch.
const BATCH_WINDOWS: usize = 64;

/// Windows run through the model in one call when one long text is screened. The model's
/// intermediate tensors grow with the batch (about 0.5 MB per 128-token window for the default
/// model), and a batch of 16 runs as fast per token as one of 64: 16 keeps the peak a few MB
/// above the loaded model whatever the text's length.
pub(crate) const STREAM_WINDOWS: usize = 16;

/// Runs `windows` and combines them, lowered by `margin` logits besides the length shift. No
/// windows (an empty text) score 0 everywhere.
///
/// # Errors
/// [`crate::Error::Inference`] if tract fails.
pub(crate) fn combine(model: &Model, windows: &Windows, margin: f32) -> Result<Scores> {
    if windows.is_empty() {
        return Ok(Scores::default());
    }
    let rows = model.run(windows)?;
    let max = rows.iter().fold(Scores::default(), |acc, s| acc.max(s));
    Ok(model.config.aggregate.combine(max, rows.len(), margin))
}

/// Frames the `pieces` of `content` into windows `cols` ids wide and runs them through the
/// model [`STREAM_WINDOWS`] at a time, keeping only the running maximum per output and the count;
/// then combines them, lowered by `margin` logits besides the length shift. No pieces score 0.
///
/// Memory stays bounded whatever the number of pieces: one batch of windows and the model's
/// tensors for it.
///
/// # Errors
/// As [`combine`].
pub(crate) fn combine_pieces(
    model: &Model,
    content: &[u32],
    pieces: impl Iterator<Item = (usize, usize)>,
    cols: usize,
    kind: Kind,
    margin: f32,
) -> Result<Scores> {
    let mut batch = Windows::with_capacity(STREAM_WINDOWS, cols);
    let mut max = Scores::default();
    let mut count = 0;
    for piece in pieces {
        batch.push_piece(content, piece, kind, &model.special);
        if batch.len() == STREAM_WINDOWS {
            count += run_into(model, &batch, &mut max)?;
            batch.clear();
        }
    }
    if !batch.is_empty() {
        count += run_into(model, &batch, &mut max)?;
    }
    if count == 0 {
        return Ok(Scores::default());
    }
    Ok(model.config.aggregate.combine(max, count, margin))
}

/// Runs one batch and raises `max` to its scores: the number of windows run.
fn run_into(model: &Model, batch: &Windows, max: &mut Scores) -> Result<usize> {
    let rows = model.run(batch)?;
    for s in &rows {
        *max = max.max(s);
    }
    Ok(rows.len())
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

/// The scores of a tokenized text's own windows (see [`crate::window`]), streamed through the
/// model in bounded batches.
///
/// # Errors
/// As [`combine`].
pub(crate) fn window_scores(model: &Model, ids: &[u32], kind: Kind) -> Result<Scores> {
    let config = &model.config;
    let width = config.window_content();
    let pieces = window::span_iter(ids.len(), width, config.window.stride);
    combine_pieces(model, ids, pieces, ids.len().min(width) + 3, kind, 0.0)
}

/// A tokenized text's own scores (its views aside): its windows, and its sentence windows as
/// evidence about the whole text (a sentence is read without its context, so it must clear the
/// text's thresholds by the model's sentence margin). Both are streamed through the model in
/// bounded batches, never all framed at once. A whole text has sentence windows when it is
/// longer than one window; a part of a longer text (see [`Extent`]) at any length.
///
/// # Errors
/// As [`combine`].
pub(crate) fn text_scores(
    model: &Model,
    ids: &[u32],
    kind: Kind,
    extent: Extent,
) -> Result<Scores> {
    let scores = window_scores(model, ids, kind)?;
    if extent == Extent::Whole && ids.len() <= model.config.window_content() {
        return Ok(scores);
    }
    let Some(pieces) = window::sentence_pieces(ids, &model.special) else {
        return Ok(scores);
    };
    // The same width as `Windows::of_sentences` pads to: the longest piece.
    let Some(longest) = pieces.clone().map(|(s, e)| e - s).max() else {
        return Ok(scores);
    };
    let margin = model.config.aggregate.sentence_margin;
    let sentences = combine_pieces(model, ids, pieces, longest + 3, kind, margin)?;
    Ok(scores.max(&sentences))
}

/// Runs the windows of several texts in shared batches of similar lengths: one score set per
/// text (the plain maximum over its windows, before aggregation).
///
/// # Errors
/// As [`combine`].
pub(crate) fn infer_many(model: &Model, texts: &[&Windows]) -> Result<Vec<Scores>> {
    // Every window, tagged with its text, sorted by length so batches pad little.
    let mut windows: Vec<(usize, Windows)> = Vec::new();
    for (i, w) in texts.iter().enumerate() {
        let (rows, cols) = w.shape();
        for r in 0..rows {
            let row = &w.ids()[r * cols..(r + 1) * cols];
            let len = row.iter().rposition(|&id| id != 0).map_or(0, |x| x + 1);
            windows.push((i, Windows::single(&row[..len])));
        }
    }
    windows.sort_by_key(|(_, w)| w.shape().1);
    let mut out = vec![Scores::default(); texts.len()];
    for chunk in windows.chunks(BATCH_WINDOWS) {
        let batch = Windows::concat(chunk.iter().map(|(_, w)| w));
        for ((text, _), s) in chunk.iter().zip(model.run(&batch)?) {
            out[*text] = out[*text].max(&s);
        }
    }
    Ok(out)
}
