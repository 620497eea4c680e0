//! Classification metrics for evaluation: counts, precision, recall, F1, false-positive rate, and
//! area under the precision-recall curve.

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
}
