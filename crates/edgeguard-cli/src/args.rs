//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// On-device safety filter for LLM prompts, responses and robot commands.
#[derive(Debug, Parser)]
#[command(name = "edgeguard", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Which model and policy to screen with.
#[derive(Debug, Args)]
pub struct ModelArgs {
    /// Folder with model.onnx, tokenizer.json and config.json (default: the embedded model).
    #[arg(long, global = true, value_name = "DIR")]
    pub model: Option<PathBuf>,
    /// Policy file, JSON or TOML (default: the model's default policy).
    #[arg(long, global = true, value_name = "FILE")]
    pub policy: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Screen a prompt (argument or stdin), a response, or JSON lines.
    Check(CheckArgs),
    /// Evaluate the model on labeled JSON lines: precision, recall, F1, FPR, AUPRC per label.
    Eval(EvalArgs),
    /// Print or validate policies.
    Policy(PolicyArgs),
    /// Normalize texts as the model sees them (JSON strings in, JSON strings out, one per line).
    Normalize(NormalizeArgs),
    /// List the labels.
    Labels(LabelsArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Text to screen; read from stdin when absent.
    pub text: Option<String>,
    /// Screen TEXT as a model's response to this prompt.
    #[arg(long, value_name = "PROMPT")]
    pub prompt: Option<String>,
    /// Screen TEXT as a model's response (with no prompt given).
    #[arg(long, conflicts_with = "prompt")]
    pub response: bool,
    /// Print the verdict as JSON.
    #[arg(long)]
    pub json: bool,
    /// Read JSON lines {"id", "text"[, "response"]} and write one verdict line per input line.
    #[arg(long, conflicts_with_all = ["text", "prompt", "response"])]
    pub jsonl: bool,
    /// Input file for --jsonl (default: stdin).
    #[arg(long, value_name = "FILE", requires = "jsonl")]
    pub input: Option<PathBuf>,
    /// Lines screened per batch with --jsonl.
    #[arg(long, default_value_t = 256, value_name = "N", requires = "jsonl")]
    pub batch: usize,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Labeled JSON lines: {"text", "labels": [...]} and optionally "response", "prompt", "kind".
    #[arg(long, value_name = "FILE")]
    pub data: PathBuf,
    /// Also report binary metrics per value of this row field (e.g. source).
    #[arg(long, value_name = "FIELD")]
    pub group_by: Option<String>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PolicyArgs {
    /// Print the default policy of the model, every label explicit.
    #[arg(long, conflicts_with = "check")]
    pub print_default: bool,
    /// Validate a policy file and print it resolved.
    #[arg(long, value_name = "FILE")]
    pub check: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
}

/// A policy file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Json,
    Toml,
}

#[derive(Debug, Args)]
pub struct NormalizeArgs {
    /// Input file (default: stdin).
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct LabelsArgs {
    /// Print the label names as a JSON array.
    #[arg(long)]
    pub json: bool,
}
