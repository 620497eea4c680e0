//! Inputs shared by the benchmarks.

use edgeguard_engine::{Guard, Kind};

/// Common English words that are one token each for the default tokenizer.
const WORDS: [&str; 32] = [
    "the",
    "people",
    "city",
    "will",
    "have",
    "water",
    "house",
    "work",
    "time",
    "year",
    "good",
    "new",
    "first",
    "last",
    "long",
    "great",
    "little",
    "own",
    "other",
    "old",
    "right",
    "big",
    "high",
    "small",
    "large",
    "next",
    "early",
    "young",
    "important",
    "public",
    "bad",
    "same",
];

/// A text of exactly `tokens` content tokens (checked against the guard's tokenizer).
///
/// # Panics
/// If the text does not tokenize to `tokens` tokens (a changed tokenizer).
pub fn text_of_tokens(guard: &Guard, tokens: usize) -> String {
    let text: Vec<&str> = (0..tokens)
        .map(|i| WORDS[(i * 7 + i / 32) % WORDS.len()])
        .collect();
    let text = text.join(" ");
    let windows = guard.encode(&text, Kind::Prompt).expect("tokenize");
    let content: usize = windows.ids().iter().filter(|&&id| id > 103).count();
    let specials = 2 * windows.len();
    assert!(
        content >= tokens.saturating_sub(specials),
        "{tokens}-token text tokenized to {content} ids"
    );
    text
}

/// Realistic prompts of about `tokens` tokens each, varied so no two are equal.
pub fn prompts(count: usize, tokens: usize) -> Vec<String> {
    let base = [
        "Can you help me write a polite email to my landlord about the broken heating",
        "What are the main differences between a virus and a bacterium and how are they treated",
        "Summarise the plot of the novel in three sentences for a school report please",
        "How do I kill a python process that is stuck and not responding to ctrl c",
    ];
    (0..count)
        .map(|i| {
            let mut words: Vec<String> = Vec::new();
            let mut k = i;
            while words.len() < tokens {
                words.extend(base[k % base.len()].split(' ').map(str::to_owned));
                k += 1;
            }
            words.truncate(tokens);
            words.push(format!("#{i}"));
            words.join(" ")
        })
        .collect()
}
