//! Stage 3 of screening: windows run through the model, and their scores combined into a
//! text's scores (the maximum per output, shifted as the model's
//! [`AggregateConfig`](crate::AggregateConfig) says).

use edgeguard_core::Scores;

use crate::error::Result;
use crate::model::Model;
use crate::prepare::Prepared;
use crate::window::Windows;

/// Windows run through the model in one call when screening a batch.
const BATCH_WINDOWS: usize = 64;

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

/// A prepared text's own scores (its views aside): its windows, and its sentence windows as
/// evidence about the whole text. A sentence is read without its context, so it must clear the
/// text's thresholds by the model's sentence margin.
///
/// # Errors
/// As [`combine`].
pub(crate) fn text_scores(model: &Model, prepared: &Prepared) -> Result<Scores> {
    let scores = combine(model, &prepared.windows, 0.0)?;
    if prepared.sentences.is_empty() {
        return Ok(scores);
    }
    let margin = model.config.aggregate.sentence_margin;
    Ok(scores.max(&combine(model, &prepared.sentences, margin)?))
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
