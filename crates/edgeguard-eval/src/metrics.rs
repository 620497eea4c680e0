//! Classification metrics for evaluation: counts, precision, recall, F1, false-positive rate,
//! area under the precision-recall curve, and expected calibration error.

use alloc::vec::Vec;

use serde::Serialize;

/// Confusion counts of a binary decision.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Confusion {
    /// Gold positive, predicted positive.
    pub tp: u64,
    /// Gold negative, predicted positive.
    pub fp: u64,
    /// Gold positive, predicted negative.
    #[serde(rename = "fn")]
    pub fn_: u64,
    /// Gold negative, predicted negative.
    pub tn: u64,
}

fn ratio(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

impl Confusion {
    /// Adds one decision.
    pub fn add(&mut self, gold: bool, predicted: bool) {
        match (gold, predicted) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            (false, false) => self.tn += 1,
        }
    }

    /// Gold positives.
    pub fn positives(&self) -> u64 {
        self.tp + self.fn_
    }

    /// Gold negatives.
    pub fn negatives(&self) -> u64 {
        self.fp + self.tn
    }

    /// `tp / (tp + fp)`, or `None` when nothing was predicted positive.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fp)
    }

    /// `tp / (tp + fn)`, or `None` without gold positives.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.tp, self.positives())
    }

    /// `fp / (fp + tn)`, or `None` without gold negatives.
    pub fn fpr(&self) -> Option<f64> {
        ratio(self.fp, self.negatives())
    }

    /// Harmonic mean of precision and recall; 0 when either is 0, `None` when undefined.
    pub fn f1(&self) -> Option<f64> {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }
}

/// Area under the precision-recall curve, as average precision: the mean over gold positives
/// of the precision at their rank when items are sorted by descending score (ties broken
/// pessimistically: negatives first). `None` without gold positives.
pub fn auprc(items: &[(f32, bool)]) -> Option<f64> {
    let positives = items.iter().filter(|(_, gold)| *gold).count();
    if positives == 0 {
        return None;
    }
    let mut sorted: Vec<(f32, bool)> = items.to_vec();
    sorted.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let (mut tp, mut sum) = (0usize, 0f64);
    for (rank, (_, gold)) in sorted.iter().enumerate() {
        if *gold {
            tp += 1;
            sum += tp as f64 / (rank + 1) as f64;
        }
    }
    Some(sum / positives as f64)
}

/// Bins [`ece`] is usually computed with: ten of width 0.1.
pub const ECE_BINS: usize = 10;

/// Expected calibration error of probabilities against gold outcomes: items are put in `bins`
/// equal-width bins of their probability over `[0, 1]` (bin `i` holds `[i/bins, (i+1)/bins)`, the
/// last one also holds 1; probabilities outside `[0, 1]` are clamped), and the result is the mean
/// over bins, weighted by their share of items, of `|mean probability - fraction gold|` in the
/// bin. 0 is perfectly calibrated, 1 is the worst. `None` without items or with `bins == 0`.
///
/// ```
/// use edgeguard_eval::metrics::{ECE_BINS, ece};
///
/// // Ten items at 0.8 of which eight are gold: calibrated.
/// let items: Vec<(f32, bool)> = (0..10).map(|i| (0.8, i < 8)).collect();
/// assert!(ece(&items, ECE_BINS).unwrap() < 1e-6);
/// ```
pub fn ece(items: &[(f32, bool)], bins: usize) -> Option<f64> {
    if items.is_empty() || bins == 0 {
        return None;
    }
    // Per bin: items, sum of probabilities, gold items.
    let mut acc: Vec<(u64, f64, u64)> = alloc::vec![(0, 0.0, 0); bins];
    for &(p, gold) in items {
        let p = f64::from(p).clamp(0.0, 1.0);
        let p = if p.is_nan() { 0.0 } else { p };
        // `as usize` truncates, which is the floor for non-negative values.
        let i = ((p * bins as f64) as usize).min(bins - 1);
        let bin = &mut acc[i];
        bin.0 += 1;
        bin.1 += p;
        bin.2 += u64::from(gold);
    }
    let total = items.len() as f64;
    let sum = acc
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|&(n, p_sum, gold)| {
            let gap = p_sum / n as f64 - gold as f64 / n as f64;
            let gap = if gap < 0.0 { -gap } else { gap };
            n as f64 / total * gap
        })
        .sum();
    Some(sum)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confusion_ratios() {
        let mut c = Confusion::default();
        for (g, p) in [
            (true, true),
            (true, true),
            (true, false),
            (false, true),
            (false, false),
        ] {
            c.add(g, p);
        }
        assert_eq!(c.precision(), Some(2.0 / 3.0));
        assert_eq!(c.recall(), Some(2.0 / 3.0));
        assert_eq!(c.fpr(), Some(0.5));
        assert_eq!(c.f1(), Some(2.0 / 3.0));
        assert_eq!(Confusion::default().precision(), None);
    }

    #[test]
    fn auprc_of_perfect_and_inverted_rankings() {
        let perfect = [(0.9, true), (0.8, true), (0.1, false)];
        assert_eq!(auprc(&perfect), Some(1.0));
        let inverted = [(0.9, false), (0.8, false), (0.1, true)];
        assert!((auprc(&inverted).unwrap() - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(auprc(&[(0.5, false)]), None);
    }

    #[test]
    fn ties_are_pessimistic() {
        let tied = [(0.5, true), (0.5, false)];
        assert_eq!(auprc(&tied), Some(0.5));
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-6)
    }

    #[test]
    fn ece_of_calibrated_and_overconfident_scores() {
        // 0.25 with one gold in four, 0.75 with three in four: calibrated.
        let calibrated = [
            (0.25, true),
            (0.25, false),
            (0.25, false),
            (0.25, false),
            (0.75, true),
            (0.75, true),
            (0.75, true),
            (0.75, false),
        ];
        assert!(close(ece(&calibrated, ECE_BINS), 0.0));
        // Always 0.9, never gold: off by 0.9 everywhere.
        assert!(close(ece(&[(0.9, false); 5], ECE_BINS), 0.9));
        // Two bins weighted by size: three items at 0.1 with one gold, one at 0.95 gold.
        let mixed = [(0.1, true), (0.1, false), (0.1, false), (0.95, true)];
        let want = 0.75 * (1.0f64 / 3.0 - 0.1).abs() + 0.25 * 0.05;
        assert!(
            close(ece(&mixed, ECE_BINS), want),
            "{:?}",
            ece(&mixed, ECE_BINS)
        );
    }

    #[test]
    fn ece_bins_are_equal_width_and_clamped() {
        // 0.05 and 0.15 fall in different bins of ten, the same bin of one.
        let items = [(0.05, false), (0.15, true)];
        assert!(close(ece(&items, 10), 0.5 * 0.05 + 0.5 * 0.85));
        assert!(close(ece(&items, 1), 0.5 - 0.1));
        // 1.0 goes to the last bin; out-of-range values are clamped.
        assert!(close(ece(&[(1.0, true), (1.5, true)], ECE_BINS), 0.0));
        assert!(close(ece(&[(-0.5, false)], ECE_BINS), 0.0));
        assert_eq!(ece(&[], ECE_BINS), None);
        assert_eq!(ece(&[(0.5, true)], 0), None);
    }
}
