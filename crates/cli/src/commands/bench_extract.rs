//! `ringtrace bench extract`: the extraction alone, timed over a file's texts read beforehand.

use crate::args::BenchExtractArgs;
use anyhow::{bail, Context, Result};
use std::process::ExitCode;
use std::time::Instant;

/// Texts handed to `extract_many` at once, as `extract --jsonl` does.
const BATCH: usize = 64;

pub fn run(args: &BenchExtractArgs) -> Result<ExitCode> {
    let data = std::fs::read_to_string(&args.file)
        .with_context(|| format!("cannot read {} as UTF-8 text", args.file))?;
    let mut cases: Vec<(String, Option<String>)> = Vec::new();
    for (n, line) in data.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{} line {} is not valid JSON", args.file, n + 1))?;
        let Some(text) = v.get("text").and_then(|t| t.as_str()) else {
            bail!(
                "{} line {}, field `text`: is required and must be a string",
                args.file,
                n + 1
            );
        };
        let region = match v.get("region") {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(r)) => Some(
                ringtrace_model::RegionCode::parse(r)
                    .map_err(|e| {
                        anyhow::anyhow!("{} line {}, field `region`: {e}", args.file, n + 1)
                    })?
                    .as_str()
                    .to_string(),
            ),
            Some(_) => bail!(
                "{} line {}, field `region`: must be a string",
                args.file,
                n + 1
            ),
        };
        cases.push((text.to_string(), region));
    }
    if cases.is_empty() {
        bail!("{} holds no texts", args.file);
    }
    let texts: Vec<(&str, Option<&str>)> = cases
        .iter()
        .map(|(t, r)| (t.as_str(), r.as_deref()))
        .collect();
    let bytes: usize = texts.iter().map(|(t, _)| t.len()).sum();
    let mut best = f64::INFINITY;
    let mut indicators = 0;
    for _ in 0..args.rounds {
        // Each round on a thread of its own: the phone verdicts remembered
        // per thread start empty, so no round reads numbers it has seen.
        let (found, secs) = std::thread::scope(|s| {
            s.spawn(|| {
                let started = Instant::now();
                let found: usize = texts
                    .chunks(BATCH)
                    .map(|chunk| {
                        ringtrace_extract::extract_many(chunk)
                            .iter()
                            .map(Vec::len)
                            .sum::<usize>()
                    })
                    .sum();
                (found, started.elapsed().as_secs_f64())
            })
            .join()
        })
        .map_err(|_| anyhow::anyhow!("the extraction thread panicked"))?;
        indicators = found;
        best = best.min(secs);
    }
    println!(
        "{}",
        serde_json::json!({
            "texts": texts.len(),
            "bytes": bytes,
            "indicators": indicators,
            "rounds": args.rounds,
            "best_seconds": best,
            "mb_per_s": bytes as f64 / 1e6 / best,
        })
    );
    Ok(ExitCode::SUCCESS)
}
