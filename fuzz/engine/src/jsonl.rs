//! The JSONL readers on any bytes: the CLI's `check --jsonl` path from input lines to output
//! lines (its line reader, row parser and batch screening, compiled from the CLI's own source
//! file), and the robustness harness's reader of labeled rows (`Sample::load`).
//!
//! The first byte picks the batch size, the guard's input limit and the reader's line limit; the
//! rest is the file.
// The CLI's own source file, so that the target runs exactly what `check --jsonl` runs.
#[path = "../../../crates/edgeguard-cli/src/jsonl.rs"]
mod cli;

use std::io::Write;
use std::path::PathBuf;
use std::sync::OnceLock;

use edgeguard_engine::{ErrorCode, Guard};
use edgeguard_eval::robustness::Sample;
use serde_json::Value;

use cli::{LineReader, Summary, max_line_bytes, parse, screen_batch};

fn guard() -> &'static Guard {
    static GUARD: OnceLock<Guard> = OnceLock::new();
    GUARD.get_or_init(|| Guard::default_model().expect("the embedded model loads"))
}

/// A file of this process for `Sample::load`, which reads a path.
fn scratch_file() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("edgeguard-fuzz-jsonl-{}.jsonl", std::process::id()))
    })
}

/// Runs one input through the CLI's JSONL reader and the robustness harness's reader; panics on any broken expectation.
pub fn run(data: &[u8]) {
    let Some((&options, file)) = data.split_first() else {
        return;
    };
    check_cli_reader(options, file);
    check_sample_reader(options, file);
}

fn check_cli_reader(options: u8, file: &[u8]) {
    // The reader: one line per non-blank segment, numbered among all segments, text verbatim;
    // a segment over the line limit is an error however it reads.
    let segments: Vec<&[u8]> = file.split_inclusive(|&b| b == b'\n').collect();
    let line_limit = if options & 0x40 != 0 {
        32 * (1 + usize::from(options & 0xf))
    } else {
        max_line_bytes(edgeguard_engine::DEFAULT_MAX_INPUT_BYTES)
    };
    let mut reader = LineReader::new(file, line_limit);
    let mut parsed = Vec::new();
    while let Some(line) = reader.next_line().expect("reading a slice cannot fail") {
        let segment = segments[line.number - 1];
        if segment.len() > line_limit {
            assert!(
                matches!(line.text, Err(edgeguard_engine::Error::InputTooLarge { bytes, limit })
                    if bytes == segment.len() && limit == line_limit),
                "a line over the limit was read"
            );
        }
        match &line.text {
            Ok(text) => {
                assert_eq!(text.as_bytes(), segment);
                assert!(!text.trim().is_empty(), "blank line returned");
            }
            Err(edgeguard_engine::Error::InvalidUtf8 { offset }) => {
                assert_eq!(
                    *offset,
                    std::str::from_utf8(segment).unwrap_err().valid_up_to()
                );
            }
            Err(edgeguard_engine::Error::InputTooLarge { .. }) => {}
            Err(e) => panic!("unexpected line error {e}"),
        }
        if let Some(last) = parsed.last().map(|p: &cli::Parsed| p.number) {
            assert!(line.number > last);
        }
        parsed.push(parse(line));
    }
    let expected = segments
        .iter()
        .filter(|s| {
            s.len() > line_limit || !std::str::from_utf8(s).is_ok_and(|t| t.trim().is_empty())
        })
        .count();
    assert_eq!(parsed.len(), expected, "a non-blank line was skipped");
    for p in &parsed {
        if let Ok(row) = &p.row {
            assert_eq!(p.id, row.id);
        } else {
            assert_eq!(p.id, Value::Null);
        }
    }

    // Screening: one output line per input line, in order, with its id and either a verdict or
    // the error's code; the summary agrees with the lines.
    let mut guard = guard().clone();
    if options & 0x80 != 0 {
        guard.set_max_input_bytes(usize::from(options & 0x3f));
    }
    let batch_size = usize::from(options >> 4 & 0x7) + 1;
    let (mut out, mut log, mut summary) = (Vec::new(), Vec::new(), Summary::default());
    for batch in parsed.chunks(batch_size) {
        screen_batch(&guard, batch, &mut out, &mut log, &mut summary).expect("writing to a Vec");
    }
    let out = String::from_utf8(out).expect("output is UTF-8");
    let rows: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("an output line is JSON"))
        .collect();
    assert_eq!(rows.len(), parsed.len());
    let (mut failed, mut flagged) = (0, false);
    for (row, p) in rows.iter().zip(&parsed) {
        assert_eq!(row["id"], p.id);
        if let Some(code) = row.get("code") {
            failed += 1;
            assert_eq!(row["line"], p.number);
            let code = code.as_str().expect("code is a string");
            assert!(
                ErrorCode::ALL.iter().any(|c| c.as_str() == code),
                "unknown code {code}"
            );
            // A readable row fails only on the input limit; an unreadable one with its own code.
            match &p.row {
                Ok(_) => assert_eq!(code, ErrorCode::InputTooLarge.as_str()),
                Err(e) => assert_eq!(code, e.code.as_str()),
            }
        } else {
            assert!(p.row.is_ok(), "a bad line was screened");
            let action = row["action"].as_str().expect("a verdict has an action");
            assert!(
                matches!(action, "allow" | "flag" | "block"),
                "action {action}"
            );
            let unsafe_p = row["unsafe"].as_f64().expect("a verdict has `unsafe`");
            assert!((0.0..=1.0).contains(&unsafe_p));
            flagged |= action != "allow";
        }
    }
    assert_eq!(summary.failed, failed > 0);
    assert_eq!(summary.flagged, flagged);
    assert_eq!(log.iter().filter(|&&b| b == b'\n').count(), failed);
}

fn check_sample_reader(options: u8, file: &[u8]) {
    let path = scratch_file();
    std::fs::File::create(path)
        .and_then(|mut f| f.write_all(file))
        .expect("writing the scratch file");
    let limit = (options & 1 != 0).then_some(usize::from(options >> 1 & 0x7));
    match Sample::load(path, limit) {
        Ok(sample) => {
            let text = std::str::from_utf8(file).expect("an accepted file is UTF-8");
            let rows = text.lines().filter(|l| !l.trim().is_empty()).count();
            assert!(sample.unsafe_texts.len() + sample.benign_texts.len() <= rows);
            if let Some(n) = limit {
                assert!(sample.unsafe_texts.len() <= n && sample.benign_texts.len() <= n);
            }
        }
        Err(e) => assert!(matches!(
            e.kind(),
            std::io::ErrorKind::InvalidData | std::io::ErrorKind::InvalidInput
        )),
    }
}
