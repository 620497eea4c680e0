//! The label taxonomy: the only place a label name is spelled.
//!
//! Hazards S1..S14 follow the MLCommons taxonomy used by Llama Guard 3, so a policy written for
//! one maps onto the other label for label. Two attack labels and one robot label complete it.

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One label a guard model scores.
///
/// The discriminant is the label's index in [`Label::ALL`], in model outputs and in score arrays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Label {
    /// S1: violent crimes.
    ViolentCrimes = 0,
    /// S2: non-violent crimes (fraud, theft, hacking, drugs, ...).
    NonViolentCrimes,
    /// S3: sex-related crimes.
    SexCrimes,
    /// S4: child sexual exploitation.
    ChildExploitation,
    /// S5: defamation.
    Defamation,
    /// S6: specialized (financial, medical, legal) advice.
    SpecializedAdvice,
    /// S7: privacy.
    Privacy,
    /// S8: intellectual property.
    IntellectualProperty,
    /// S9: indiscriminate weapons (chemical, biological, radiological, nuclear, explosives).
    IndiscriminateWeapons,
    /// S10: hate (and harassment).
    Hate,
    /// S11: suicide and self-harm.
    SelfHarm,
    /// S12: sexual content.
    SexualContent,
    /// S13: elections.
    Elections,
    /// S14: code interpreter abuse.
    CodeInterpreterAbuse,
    /// An attempt to talk a model out of its rules (DAN-style role-play, templates, many-shot).
    Jailbreak,
    /// Instructions hidden in data the model reads (documents, tool output, web pages).
    PromptInjection,
    /// A command whose execution can hurt people or property (fire, poison, breakage, ...).
    PhysicalHazard,
}

/// Number of labels.
pub const LABEL_COUNT: usize = 17;

impl Label {
    /// Every label, in index order.
    pub const ALL: [Label; LABEL_COUNT] = [
        Label::ViolentCrimes,
        Label::NonViolentCrimes,
        Label::SexCrimes,
        Label::ChildExploitation,
        Label::Defamation,
        Label::SpecializedAdvice,
        Label::Privacy,
        Label::IntellectualProperty,
        Label::IndiscriminateWeapons,
        Label::Hate,
        Label::SelfHarm,
        Label::SexualContent,
        Label::Elections,
        Label::CodeInterpreterAbuse,
        Label::Jailbreak,
        Label::PromptInjection,
        Label::PhysicalHazard,
    ];

    /// The wire name (`S1`..`S14`, `jailbreak`, `prompt_injection`, `physical_hazard`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Label::ViolentCrimes => "S1",
            Label::NonViolentCrimes => "S2",
            Label::SexCrimes => "S3",
            Label::ChildExploitation => "S4",
            Label::Defamation => "S5",
            Label::SpecializedAdvice => "S6",
            Label::Privacy => "S7",
            Label::IntellectualProperty => "S8",
            Label::IndiscriminateWeapons => "S9",
            Label::Hate => "S10",
            Label::SelfHarm => "S11",
            Label::SexualContent => "S12",
            Label::Elections => "S13",
            Label::CodeInterpreterAbuse => "S14",
            Label::Jailbreak => "jailbreak",
            Label::PromptInjection => "prompt_injection",
            Label::PhysicalHazard => "physical_hazard",
        }
    }

    /// A short human-readable description.
    pub const fn description(self) -> &'static str {
        match self {
            Label::ViolentCrimes => "violent crimes",
            Label::NonViolentCrimes => "non-violent crimes",
            Label::SexCrimes => "sex-related crimes",
            Label::ChildExploitation => "child sexual exploitation",
            Label::Defamation => "defamation",
            Label::SpecializedAdvice => "specialized advice",
            Label::Privacy => "privacy",
            Label::IntellectualProperty => "intellectual property",
            Label::IndiscriminateWeapons => "indiscriminate weapons",
            Label::Hate => "hate",
            Label::SelfHarm => "suicide and self-harm",
            Label::SexualContent => "sexual content",
            Label::Elections => "elections",
            Label::CodeInterpreterAbuse => "code interpreter abuse",
            Label::Jailbreak => "jailbreak",
            Label::PromptInjection => "prompt injection",
            Label::PhysicalHazard => "physical hazard",
        }
    }

    /// The label's index in [`Label::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The label at `index` in [`Label::ALL`], if any.
    pub fn from_index(index: usize) -> Option<Label> {
        Label::ALL.get(index).copied()
    }

    /// Whether the label is one of the content hazards S1..S14.
    pub const fn is_hazard(self) -> bool {
        (self as u8) <= (Label::CodeInterpreterAbuse as u8)
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error for a string that names no label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownLabel(pub alloc::string::String);

impl fmt::Display for UnknownLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown label {:?} (expected S1..S14, jailbreak, prompt_injection or physical_hazard)",
            self.0
        )
    }
}

impl core::error::Error for UnknownLabel {}

impl FromStr for Label {
    type Err = UnknownLabel;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Label::ALL
            .into_iter()
            .find(|label| label.as_str() == s)
            .ok_or_else(|| UnknownLabel(s.into()))
    }
}

impl Serialize for Label {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Label {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = <alloc::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_indices_match() {
        for (i, label) in Label::ALL.into_iter().enumerate() {
            assert_eq!(label.index(), i);
            assert_eq!(Label::from_index(i), Some(label));
            assert_eq!(label.as_str().parse::<Label>(), Ok(label));
        }
        assert_eq!(Label::from_index(LABEL_COUNT), None);
    }

    #[test]
    fn unknown_names_are_rejected() {
        assert!("S15".parse::<Label>().is_err());
        assert!("s1".parse::<Label>().is_err());
        assert!("".parse::<Label>().is_err());
    }

    #[test]
    fn hazards_are_s1_to_s14() {
        let hazards: usize = Label::ALL.iter().filter(|l| l.is_hazard()).count();
        assert_eq!(hazards, 14);
        assert!(!Label::Jailbreak.is_hazard());
    }
}
