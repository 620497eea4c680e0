//! Model scores: one probability per label, plus the probability that any hazard applies.

use core::ops::{Index, IndexMut};

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::label::{LABEL_COUNT, Label};

/// One probability per label, indexed by [`Label`].
///
/// Serializes as a JSON object keyed by wire name, in [`Label::ALL`] order:
/// `{"S1": 0.01, ..., "physical_hazard": 0.0}`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LabelScores(pub [f32; LABEL_COUNT]);

impl LabelScores {
    /// Iterates over `(label, probability)` pairs in label order.
    pub fn iter(&self) -> impl Iterator<Item = (Label, f32)> + '_ {
        Label::ALL.into_iter().zip(self.0.iter().copied())
    }

    /// The element-wise maximum of two score sets.
    pub fn max(&self, other: &LabelScores) -> LabelScores {
        let mut out = *self;
        for (a, b) in out.0.iter_mut().zip(other.0.iter()) {
            *a = a.max(*b);
        }
        out
    }
}

impl Index<Label> for LabelScores {
    type Output = f32;
    fn index(&self, label: Label) -> &f32 {
        &self.0[label.index()]
    }
}

impl IndexMut<Label> for LabelScores {
    fn index_mut(&mut self, label: Label) -> &mut f32 {
        &mut self.0[label.index()]
    }
}

impl Serialize for LabelScores {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(LABEL_COUNT))?;
        for (label, p) in self.iter() {
            map.serialize_entry(label.as_str(), &p)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for LabelScores {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScoresVisitor;
        impl<'de> Visitor<'de> for ScoresVisitor {
            type Value = LabelScores;
            fn expecting(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
                f.write_str("a map from label name to probability")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LabelScores, A::Error> {
                let mut scores = LabelScores::default();
                let mut seen = [false; LABEL_COUNT];
                while let Some((label, p)) = map.next_entry::<Label, f32>()? {
                    if core::mem::replace(&mut seen[label.index()], true) {
                        return Err(de::Error::custom(format_args!("duplicate label {label}")));
                    }
                    scores[label] = p;
                }
                Ok(scores)
            }
        }
        deserializer.deserialize_map(ScoresVisitor)
    }
}

/// What a model says about one text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    /// Probability that any hazard or attack label applies.
    #[serde(rename = "unsafe")]
    pub unsafe_prob: f32,
    /// Probability of each label.
    pub labels: LabelScores,
}

impl Scores {
    /// The element-wise maximum: how long inputs combine the scores of their windows.
    pub fn max(&self, other: &Scores) -> Scores {
        Scores {
            unsafe_prob: self.unsafe_prob.max(other.unsafe_prob),
            labels: self.labels.max(&other.labels),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;

    #[test]
    fn serializes_as_named_map_in_label_order() {
        let mut s = LabelScores::default();
        s[Label::SelfHarm] = 0.5;
        let json: String = serde_json::to_string(&s).unwrap();
        assert!(json.starts_with("{\"S1\":0.0,"));
        assert!(json.contains("\"S11\":0.5"));
        assert!(json.ends_with("\"physical_hazard\":0.0}"));
        let back: LabelScores = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn rejects_unknown_and_duplicate_labels() {
        assert!(serde_json::from_str::<LabelScores>("{\"S99\":0.1}").is_err());
        assert!(serde_json::from_str::<LabelScores>("{\"S1\":0.1,\"S1\":0.2}").is_err());
    }

    #[test]
    fn max_is_elementwise() {
        let mut a = Scores::default();
        let mut b = Scores::default();
        a.labels[Label::Hate] = 0.9;
        b.labels[Label::Privacy] = 0.7;
        b.unsafe_prob = 0.8;
        let m = a.max(&b);
        assert_eq!(m.labels[Label::Hate], 0.9);
        assert_eq!(m.labels[Label::Privacy], 0.7);
        assert_eq!(m.unsafe_prob, 0.8);
    }
}
