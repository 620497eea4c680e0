//! Generates the package's TypeScript types from the core's taxonomy (`Label::ALL`,
//! `Label::as_str`, `Action::as_str`), so no TS file spells a label. The output is included by
//! `src/types.rs` as a `typescript_custom_section`; the unit tests there check that every key the
//! wire format emits is declared here.

use std::fmt::Write as _;
use std::path::PathBuf;

use edgeguard_core::{Action, Label};

fn union<I: IntoIterator<Item = &'static str>>(names: I) -> String {
    names
        .into_iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(" | ")
}

fn main() {
    let labels = union(Label::ALL.iter().map(|l| l.as_str()));
    // The same list as `ACTIONS` in src/labels.rs, which a unit test checks against this file.
    let actions = union([Action::Allow, Action::Flag, Action::Block].map(Action::as_str));
    let mut ts = String::new();
    let _ = write!(
        ts,
        r#"
/** A label's wire name, in index order: hazards S1..S14 (MLCommons), then attack and robot labels. */
export type Label = {labels};

/** What a policy does with a text, by severity. */
export type Action = {actions};

/** One probability per label, keyed by wire name, in label order. */
export type LabelScores = {{ [L in Label]: number }};

/** The verdict on one text: the JSON the CLI, the C library and this package all emit. */
export interface Verdict {{
  /** Probability that any hazard or attack label applies. */
  unsafe: number;
  /** Probability of each label. */
  labels: LabelScores;
  /** Labels at or above their threshold, among those the policy enables, in label order. */
  fired: Label[];
  /** What the policy does with the text. */
  action: Action;
  /** Policy deny terms found in the text (each forces `block`). */
  deny_terms?: string[];
  /** Policy allow terms found in the text (each forces `allow` unless a deny term matched). */
  allow_terms?: string[];
  /** Decoded views of the text (Base64, hex, URL encoding, rot13, reversed) and what each found. */
  views?: ViewVerdict[];
  /** Chat-template control tokens found in the text (reported as prompt injection in prompts). */
  chat_template?: string[];
  /** Present and true when decoding stopped at one of its limits (depth 2, 16 views, 64 KiB per
   * view, 256 KiB in all): part of the encoded text was never decoded and screened. */
  views_capped?: boolean;
}}

/** What screening one decoded segment of a text found. */
export interface ViewVerdict {{
  /** The decodings applied, outermost first. */
  view: ("base64" | "hex" | "url" | "rot13" | "reversed")[];
  /** UTF-8 byte offset where the encoded segment starts. */
  start: number;
  /** UTF-8 byte offset just past the encoded segment. */
  end: number;
  /** Probability that any hazard or attack label applies to the view. */
  unsafe: number;
  /** Labels that fire on the view on its own. */
  fired: Label[];
}}

/** How `guard.stream()` checks a stream; every field is optional. */
export interface StreamOptions {{
  /** The side of the conversation: `"response"` (default) or `"prompt"`. */
  kind?: "prompt" | "response";
  /** New UTF-8 bytes that trigger a check (default 256). */
  everyBytes?: number;
  /** Bytes of already checked text screened again before the new ones (default 1024). */
  contextBytes?: number;
  /** The action at or above which the stream stops (default `"block"`). */
  stopAt?: Action;
}}

/** What a `push` or `checkNow` on a stream did. */
export interface StreamUpdate {{
  /** `pending`: too little new text, nothing screened; `checked`: screened, passes;
   * `stopped`: stop showing the stream (every later push says so too). */
  status: "pending" | "checked" | "stopped";
  /** The verdict of the check (of the stopping check once stopped); absent when pending. */
  verdict?: Verdict;
}}

/** One label's settings in a policy; unset fields fall back to `defaults`, then the model. */
export interface RuleSpec {{
  /** Whether the label can fire at all. */
  enabled?: boolean;
  /** Probability at or above which the label fires, in [0, 1]. */
  threshold?: number;
  /** What happens when the label fires. */
  action?: Action;
}}

/** A policy as written (JSON or TOML, or this object): every field optional. */
export interface PolicySpec {{
  /** A name for logs. */
  name?: string;
  /** Settings for every label without its own entry. */
  defaults?: RuleSpec;
  /** Per-label settings. */
  labels?: {{ [L in Label]?: RuleSpec }};
  /** The `unsafe` score: fires (with its action) when no label fired but the text is likely
   * unsafe overall; its threshold is on the `unsafe` probability. */
  unsafe?: RuleSpec;
  /** Whole-word, case-insensitive terms: `deny` forces block, `allow` forces allow. */
  terms?: {{ deny?: string[]; allow?: string[] }};
}}

/** A label with its description and default action (from `labels()`). */
export interface LabelInfo {{
  /** Wire name. */
  name: Label;
  /** Short human-readable description. */
  description: string;
  /** Whether it is a content hazard (S1..S14). */
  hazard: boolean;
  /** The action when it fires and no policy sets one. */
  default_action: Action;
}}

/** The model's metadata (its config.json). */
/** What every error the package throws (or returns from `checkBatch`) carries besides its message. */
export interface EdgeguardError extends Error {{
  /** The error's code, the same name as in the Rust `ErrorCode` and the C `edgeguard_status`
   * (`"input_too_large"`, `"invalid_argument"`, `"policy"`, `"model_checksum"`, ...). */
  code: string;
}}

export interface ModelInfo {{
  /** Model-file contract, `edgeguard-model/3`. */
  format: string;
  /** Model name. */
  name: string;
  /** Model version. */
  version: string;
  /** Output labels after `unsafe`, in order. */
  labels: Label[];
  /** Default threshold per output (`unsafe` and every label). */
  thresholds: {{ [output: string]: number }};
  /** Window geometry in tokens. */
  window: {{ tokens: number; stride: number }};
  /** Marker tokens for prompts and responses. */
  markers: {{ prompt: string; response: string }};
  /** Normalizer version the model was trained with. */
  normalizer: string;
  /** How window and sentence scores combine into a text's scores, in logits. */
  aggregate: {{ sentence_margin: number; length_shift: number }};
  /** Size and SHA-256 of each model file. */
  files: {{ [file: string]: {{ sha256: string; bytes: number }} }};
}}

/** A plan step: a call written as text (`"fly_to(kitchen)"`), or an action with arguments and/or
 * the complete list of propositions true after the step. */
export type PlanStep = string | {{ action?: string; args?: string[]; props?: string[] }};

/** A plan: its steps, or an object holding them. */
export type Plan = PlanStep[] | {{ steps: PlanStep[] }};

/** One constraint's status on a plan. */
export interface ConstraintResult {{
  /** The constraint's id. */
  id: string;
  /** Satisfied, pending (can still be satisfied), or violated. */
  status: "satisfied" | "pending" | "violated";
  /** When violated: the 0-based step after which it can no longer hold. */
  step?: number;
}}

/** A constraint that no continuation can satisfy any more. */
export interface ViolatedReason {{
  kind: "violated";
  /** The constraint's id. */
  constraint: string;
  /** Its message. */
  message: string;
  /** 0-based step. */
  step: number;
}}

/** A constraint the plan ended without fulfilling. */
export interface UnfulfilledReason {{
  kind: "unfulfilled";
  /** The constraint's id. */
  constraint: string;
  /** Its message. */
  message: string;
}}

/** A step that made two propositions of one exclusive group true. */
export interface ExclusiveReason {{
  kind: "exclusive";
  /** 0-based step. */
  step: number;
  /** The propositions true together. */
  props: string[];
}}

/** More exclusive-group conflicts than are listed one by one. */
export interface MoreConflictsReason {{
  kind: "more_conflicts";
  /** How many were not listed. */
  count: number;
}}

/** Why a plan is rejected. */
export type Reason = ViolatedReason | UnfulfilledReason | ExclusiveReason | MoreConflictsReason;

/** The verdict on a plan. */
export interface PlanVerdict {{
  /** Whether the plan satisfies every constraint and never breaks an exclusive group. */
  accepted: boolean;
  /** Number of steps checked. */
  steps: number;
  /** Every constraint's status, in policy order. */
  constraints: ConstraintResult[];
  /** Why the plan is rejected; empty when accepted. */
  reasons: Reason[];
}}

/** The verdict on a robot command and its plan (`checkCommand`), or on a plan alone (`checkPlan`). */
export interface CommandVerdict {{
  /** `block` when the plan breaks a rule, else the command screen's action. */
  action: Action;
  /** The command screened as a prompt (only from `checkCommand`). */
  command?: Verdict;
  /** The plan checked against the robot policy. */
  plan: PlanVerdict;
}}
"#
    );
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("types.d.ts"), ts).expect("write types.d.ts");
    println!("cargo:rerun-if-changed=build.rs");
}
