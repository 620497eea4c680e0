//! Loading the guard and the policy, and reading input files.

use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Read};
use std::path::Path;

use anyhow::{Context, Result};
use edgeguard_engine::{Guard, PolicyFormat};
use indicatif::{ProgressBar, ProgressStyle};

use crate::args::ModelArgs;
use crate::jsonl::{Line, LineReader};

/// Loads the guard named by the arguments, with a content policy file if given.
pub fn load_guard(args: &ModelArgs, policy: Option<&Path>) -> Result<Guard> {
    let mut guard = match &args.model {
        Some(dir) => Guard::from_dir(dir)
            .with_context(|| format!("loading the model in {}", dir.display()))?,
        None => Guard::default_model().context("loading the embedded model")?,
    };
    if let Some(limit) = args.max_input_bytes {
        guard.set_max_input_bytes(limit);
    }
    if let Some(path) = policy {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading policy {}", path.display()))?;
        let policy = guard
            .parse_policy(&text, policy_format(path, &text))
            .with_context(|| format!("in policy {}", path.display()))?;
        guard.set_policy(policy);
    }
    Ok(guard)
}

/// The format of a policy file: by extension, else JSON if it starts with `{`, else TOML.
pub fn policy_format(path: &Path, text: &str) -> PolicyFormat {
    match path.extension().and_then(|e| e.to_str()) {
        Some("json") => PolicyFormat::Json,
        Some("toml") => PolicyFormat::Toml,
        _ if text.trim_start().starts_with('{') => PolicyFormat::Json,
        _ => PolicyFormat::Toml,
    }
}

/// Reads all of stdin as UTF-8 text.
pub fn read_stdin_text() -> Result<String> {
    let mut bytes = Vec::new();
    io::stdin()
        .read_to_end(&mut bytes)
        .context("reading stdin")?;
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "stdin is not valid UTF-8 (first invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// A source of lines: a file (with a progress bar on a terminal) or stdin.
pub struct Lines {
    lines: LineReader<Box<dyn BufRead>>,
    progress: Option<ProgressBar>,
}

impl Lines {
    /// Opens a file, or stdin when `path` is `None`, to read lines of up to `max_line_bytes`.
    pub fn open(path: Option<&Path>, max_line_bytes: usize) -> Result<Lines> {
        let Some(path) = path else {
            return Ok(Lines {
                lines: LineReader::new(Box::new(BufReader::new(io::stdin())), max_line_bytes),
                progress: None,
            });
        };
        let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let progress = (io::stderr().is_terminal() && size > 1 << 20).then(|| {
            let bar = ProgressBar::new(size);
            if let Ok(style) = ProgressStyle::with_template(
                "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
            ) {
                bar.set_style(style);
            }
            bar
        });
        let reader: Box<dyn BufRead> = match &progress {
            Some(bar) => Box::new(BufReader::new(bar.wrap_read(file))),
            None => Box::new(BufReader::new(file)),
        };
        Ok(Lines {
            lines: LineReader::new(reader, max_line_bytes),
            progress,
        })
    }

    /// The next non-empty line, or `None` at the end.
    pub fn next_line(&mut self) -> Result<Option<Line>> {
        let line = self.lines.next_line()?;
        if let (None, Some(bar)) = (&line, &self.progress) {
            bar.finish_and_clear();
        }
        Ok(line)
    }
}
