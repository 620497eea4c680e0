//! `edgeguard policy`: print the default policy, or validate a policy file.

use anyhow::{Context, Result, bail};
use edgeguard_engine::{Guard, Policy};

use crate::Outcome;
use crate::args::{Format, ModelArgs, PolicyArgs};
use crate::input::{load_guard, policy_format};

pub fn run(model: &ModelArgs, args: PolicyArgs) -> Result<Outcome> {
    let guard: Guard = load_guard(model, None)?;
    let policy: Policy = if args.print_default {
        guard.default_policy()
    } else if let Some(path) = &args.check {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading policy {}", path.display()))?;
        guard
            .parse_policy(&text, policy_format(path, &text))
            .with_context(|| format!("in policy {}", path.display()))?
    } else {
        bail!("nothing to do: pass --print-default or --check FILE");
    };
    let spec = policy.to_spec();
    match args.format {
        Format::Json => println!("{}", spec.to_json()),
        Format::Toml => print!("{}", toml::to_string_pretty(&spec)?),
    }
    Ok(Outcome::Allowed)
}
