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

/// Which model to screen with.
#[derive(Debug, Args)]
pub struct ModelArgs {
    /// Folder with model.nnef.tar, tokenizer.json and config.json (default: the embedded model).
    #[arg(long, global = true, value_name = "DIR")]
    pub model: Option<PathBuf>,
    /// Largest text screened, in bytes (default 64 MiB); a larger one is an error, never cut.
    #[arg(long, global = true, value_name = "BYTES")]
    pub max_input_bytes: Option<usize>,
}

/// The content policy applied to the model's scores.
#[derive(Debug, Args)]
pub struct PolicyArg {
    /// Policy file, JSON or TOML (default: the model's default policy).
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Screen a prompt (argument or stdin), a response, or JSON lines.
    Check(CheckArgs),
    /// Evaluate the model on labeled JSON lines: precision, recall, F1, FPR, AUPRC and calibration
    /// error per label, and per group of rows (--group-by).
    Eval(EvalArgs),
    /// Print or validate policies.
    Policy(PolicyArgs),
    /// Normalize texts as the model sees them (JSON strings in, JSON strings out, one per line).
    Normalize(NormalizeArgs),
    /// List the labels.
    Labels(LabelsArgs),
    /// Check a robot plan against a temporal-logic policy, and screen its command.
    Plan(PlanArgs),
    /// LTLf formula tools: equivalence and majority vote over candidate translations.
    #[command(subcommand)]
    Ltl(LtlCommand),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub policy: PolicyArg,
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
    /// Moderate stdin as a stream (an LLM's output as it arrives): re-check the newest text at a
    /// cadence and cut the stream at the first unsafe stretch. Use with --response for output.
    #[arg(long, conflicts_with_all = ["text", "jsonl"])]
    pub stream: bool,
    /// With --stream: re-check after this many new bytes.
    #[arg(long, default_value_t = 256, value_name = "BYTES", requires = "stream")]
    pub every: usize,
    /// With --stream: bytes of earlier text screened again with each new stretch.
    #[arg(
        long,
        default_value_t = 1024,
        value_name = "BYTES",
        requires = "stream"
    )]
    pub context: usize,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    #[command(flatten)]
    pub policy: PolicyArg,
    /// Labeled JSON lines: {"text", "labels": [...]} and optionally "response", "prompt", "kind".
    #[arg(long, value_name = "FILE")]
    pub data: PathBuf,
    /// Also report binary metrics per value of this row field (e.g. source, domain); repeat for
    /// one table per field. `length` groups by the screened text's word count: <20, <60, <150,
    /// <500, <2000, >=2000.
    #[arg(long, value_name = "FIELD")]
    pub group_by: Vec<String>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Evaluate the scores given in each row ("scores": {"unsafe", "labels"}) instead of running
    /// the model, e.g. to measure another model under the same policy and metrics.
    #[arg(long)]
    pub scores: bool,
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

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Robot policy file (JSON or TOML): propositions, actions, constraints.
    #[arg(long, value_name = "FILE")]
    pub policy: PathBuf,
    /// Plan file (JSON): the ordered steps.
    #[arg(long, value_name = "FILE")]
    pub plan: PathBuf,
    /// The natural-language command the plan was made from, screened with the model.
    #[arg(long, value_name = "TEXT")]
    pub command: Option<String>,
    /// Content policy for screening the command (default: the model's default policy).
    #[arg(long, value_name = "FILE", requires = "command")]
    pub content_policy: Option<PathBuf>,
    /// Print the verdict as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum LtlCommand {
    /// Whether two LTLf formulas are equivalent (exit 0 if they are, 1 if not).
    Equiv {
        /// First formula.
        first: String,
        /// Second formula.
        second: String,
        /// Print the answer as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Group candidate formulas into equivalence classes and report the majority class.
    Vote {
        /// Candidate formulas (at least one).
        #[arg(required = true)]
        formulas: Vec<String>,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
}
