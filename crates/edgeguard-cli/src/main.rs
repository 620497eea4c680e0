//! `edgeguard`: screen prompts and responses from the command line.
//!
//! Exit codes: 0 when everything screened is allowed, 1 when something was flagged or blocked,
//! 2 on an error (for `--jsonl`, when any line failed).

mod args;
mod commands;
mod input;
mod jsonl;
mod render;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};

/// What a command concluded, mapped to the process exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything allowed (or the command has no verdict): exit 0.
    Allowed,
    /// Something flagged or blocked: exit 1.
    Flagged,
    /// Some input failed but the run went on: exit 2.
    PartialError,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(a) => commands::check::run(&cli.model, a),
        Command::Eval(a) => commands::eval::run(&cli.model, a),
        Command::Policy(a) => commands::policy::run(&cli.model, a),
        Command::Normalize(a) => commands::normalize::run(a),
        Command::Labels(a) => commands::labels::run(a),
        Command::Plan(a) => commands::plan::run(&cli.model, a),
        Command::Ltl(c) => commands::ltl::run(c),
    };
    match result {
        Ok(Outcome::Allowed) => ExitCode::from(0),
        Ok(Outcome::Flagged) => ExitCode::from(1),
        Ok(Outcome::PartialError) => ExitCode::from(2),
        Err(err) => {
            let message = edgeguard_engine::error_message(err.as_ref());
            eprintln!("edgeguard: error: {message}");
            ExitCode::from(2)
        }
    }
}
