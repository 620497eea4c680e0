//! `edgeguard labels`.

use anyhow::Result;
use edgeguard_engine::Label;

use crate::Outcome;
use crate::args::LabelsArgs;

pub fn run(args: LabelsArgs) -> Result<Outcome> {
    if args.json {
        let names: Vec<&str> = Label::ALL.iter().map(|l| l.as_str()).collect();
        println!("{}", serde_json::to_string(&names)?);
    } else {
        for label in Label::ALL {
            println!("{:<17} {}", label.as_str(), label.description());
        }
    }
    Ok(Outcome::Allowed)
}
