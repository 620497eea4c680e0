//! `edgeguard ltl`: formula equivalence and majority vote (SELP's equivalence voting).

use anyhow::Result;
use edgeguard_engine::ltl;
use serde_json::json;

use crate::Outcome;
use crate::args::LtlCommand;

pub fn run(command: LtlCommand) -> Result<Outcome> {
    match command {
        LtlCommand::Equiv {
            first,
            second,
            json,
        } => {
            let same = ltl::equivalent(&first, &second)?;
            if json {
                println!("{}", json!({ "equivalent": same }));
            } else {
                println!("{}", if same { "equivalent" } else { "not equivalent" });
            }
            Ok(if same {
                Outcome::Allowed
            } else {
                Outcome::Flagged
            })
        }
        LtlCommand::Vote { formulas, json } => {
            let vote = ltl::vote(&formulas)?;
            if json {
                println!("{}", serde_json::to_string(&vote)?);
            } else {
                let majority: Vec<&str> = vote
                    .majority
                    .iter()
                    .map(|&i| formulas[i].as_str())
                    .collect();
                println!(
                    "majority ({} of {}{}): {}",
                    vote.majority.len(),
                    formulas.len(),
                    if vote.tie { ", tied" } else { "" },
                    majority.join("  ==  ")
                );
                for (n, class) in vote.classes.iter().enumerate() {
                    let members: Vec<String> = class
                        .iter()
                        .map(|&i| format!("[{i}] {}", formulas[i]))
                        .collect();
                    println!("class {}: {}", n + 1, members.join(", "));
                }
                for r in &vote.rejected {
                    println!("rejected [{}] {}: {}", r.index, formulas[r.index], r.error);
                }
            }
            Ok(Outcome::Allowed)
        }
    }
}
