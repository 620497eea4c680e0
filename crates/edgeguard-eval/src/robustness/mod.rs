//! The robustness harness: recall per transform on unsafe texts, false-positive rate on benign
//! texts, and the table that reports them; [`Sample`] picks the prompts it screens from an
//! evaluation split.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::{self, Write};

use serde::{Serialize, Serializer};

use crate::attack::Transform;

mod sample;

pub use sample::Sample;

impl Serialize for Transform {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// How the guard fared on one transform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TransformStats {
    /// The transform.
    pub transform: Transform,
    /// Unsafe texts screened.
    pub unsafe_total: usize,
    /// Unsafe texts the guard flagged or blocked.
    pub unsafe_flagged: usize,
    /// Benign texts screened.
    pub benign_total: usize,
    /// Benign texts the guard flagged or blocked.
    pub benign_flagged: usize,
}

impl TransformStats {
    /// Share of unsafe texts caught (0 when there were none).
    pub fn recall(&self) -> f64 {
        ratio(self.unsafe_flagged, self.unsafe_total)
    }

    /// Share of benign texts flagged (0 when there were none).
    pub fn false_positive_rate(&self) -> f64 {
        ratio(self.benign_flagged, self.benign_total)
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// The outcome of [`measure`]: one row per transform, in the order given.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    /// One row per transform.
    pub stats: Vec<TransformStats>,
}

impl Report {
    /// The row of [`Transform::Clean`], if it was measured.
    pub fn clean(&self) -> Option<&TransformStats> {
        self.stats.iter().find(|s| s.transform == Transform::Clean)
    }

    /// The transform with the lowest recall other than the baseline.
    pub fn worst(&self) -> Option<&TransformStats> {
        self.stats
            .iter()
            .filter(|s| s.transform != Transform::Clean)
            .min_by(|a, b| a.recall().total_cmp(&b.recall()))
    }

    /// The report as a Markdown table: transform, recall, recall minus clean recall, FPR.
    pub fn table(&self) -> String {
        let clean = self.clean().map_or(0.0, TransformStats::recall);
        let mut out = String::from(
            "| transform | recall | vs clean | FPR (benign) | unsafe n | benign n |\n\
             |---|---:|---:|---:|---:|---:|\n",
        );
        for s in &self.stats {
            // Writing to a String cannot fail.
            let _ = writeln!(
                out,
                "| {} | {:.3} | {:+.3} | {:.3} | {} | {} |",
                s.transform,
                s.recall(),
                s.recall() - clean,
                s.false_positive_rate(),
                s.unsafe_total,
                s.benign_total
            );
        }
        out
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.table())
    }
}

/// Applies each transform to each text and asks `flagged` whether the guard flags the result.
///
/// Text `i` is transformed with seed `seed + i`, so a run is reproducible and the randomized
/// transforms differ from text to text.
///
/// # Errors
/// The first error `flagged` returns.
pub fn measure<E>(
    unsafe_texts: &[&str],
    benign_texts: &[&str],
    transforms: &[Transform],
    seed: u64,
    mut flagged: impl FnMut(&str) -> Result<bool, E>,
) -> Result<Report, E> {
    let mut count = |texts: &[&str], t: Transform| -> Result<usize, E> {
        let mut hits = 0;
        for (i, text) in texts.iter().enumerate() {
            if flagged(&t.apply(text, seed.wrapping_add(i as u64)))? {
                hits += 1;
            }
        }
        Ok(hits)
    };
    let mut stats = Vec::with_capacity(transforms.len());
    for &t in transforms {
        stats.push(TransformStats {
            transform: t,
            unsafe_total: unsafe_texts.len(),
            unsafe_flagged: count(unsafe_texts, t)?,
            benign_total: benign_texts.len(),
            benign_flagged: count(benign_texts, t)?,
        });
    }
    Ok(Report { stats })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measure_counts_flags_per_transform() {
        // A "guard" that only sees the plain word.
        let report = measure::<()>(
            &["bomb now", "a bomb"],
            &["cake"],
            &[Transform::Clean, Transform::Rot13],
            0,
            |t| Ok(t.contains("bomb")),
        )
        .unwrap();
        let clean = report.clean().unwrap();
        assert_eq!((clean.unsafe_flagged, clean.benign_flagged), (2, 0));
        assert_eq!(clean.recall(), 1.0);
        let worst = report.worst().unwrap();
        assert_eq!(worst.transform, Transform::Rot13);
        assert_eq!(worst.recall(), 0.0);
        let table = report.table();
        assert!(
            table.contains("| rot13 | 0.000 | -1.000 | 0.000 | 2 | 1 |"),
            "{table}"
        );
    }

    #[test]
    fn errors_stop_the_run() {
        let err = measure(&["x"], &[], &[Transform::Clean], 0, |_| Err("boom"));
        assert_eq!(err, Err("boom"));
    }
}
