//! `ringtrace bench extract`: the extraction alone, timed over a file's texts read beforehand.

use super::extract::Item;
use crate::args::BenchExtractArgs;
use anyhow::{bail, Context, Result};
use ringtrace_extract::BATCH;
use std::process::ExitCode;
use std::time::Instant;

pub fn run(args: &BenchExtractArgs) -> Result<ExitCode> {
    let data = std::fs::read_to_string(&args.file)
        .with_context(|| format!("cannot read {} as UTF-8 text", args.file))?;
    // Each line read as `extract --jsonl` reads it, errors naming the file.
    let items = data
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| Item::parse(line, &format_args!("{} line {}", args.file, n + 1)))
        .collect::<Result<Vec<_>>>()?;
    if items.is_empty() {
        bail!("{} holds no texts", args.file);
    }
    let texts: Vec<(&str, Option<&str>)> = items
        .iter()
        .map(|i| (i.text.as_ref(), i.region.as_ref().map(|r| r.as_str())))
        .collect();
    let bytes: usize = texts.iter().map(|(t, _)| t.len()).sum();
    // Timed in CPU seconds of the extracting thread, as the Python tools are
    // (`time.process_time`): time the machine gives to others, or takes for
    // itself, is not the extraction's. Wall-clock seconds are printed beside.
    // One thread, as the Python tools run: a pass first, untimed, unless
    // `--cold` (patterns compiled, the engines' caches filled, as the tools
    // are timed after their own warm-up), then the rounds, each after the
    // phone verdicts remembered are forgotten, so that no round reads a
    // number it has seen.
    let pass = || -> usize {
        texts
            .chunks(BATCH)
            .map(|chunk| {
                ringtrace_extract::extract_many(chunk)
                    .iter()
                    .map(Vec::len)
                    .sum::<usize>()
            })
            .sum()
    };
    let (indicators, (best, best_wall)) = std::thread::scope(|s| {
        s.spawn(|| {
            if !args.cold {
                pass();
            }
            let (mut best, mut best_wall) = (f64::INFINITY, f64::INFINITY);
            let mut indicators = 0;
            for _ in 0..args.rounds {
                ringtrace_extract::forget_verdicts();
                let (cpu, wall) = (thread_cpu_seconds(), Instant::now());
                indicators = pass();
                best = best.min(thread_cpu_seconds() - cpu);
                best_wall = best_wall.min(wall.elapsed().as_secs_f64());
            }
            (indicators, (best, best_wall))
        })
        .join()
    })
    .map_err(|_| anyhow::anyhow!("the extraction thread panicked"))?;
    println!(
        "{}",
        serde_json::json!({
            "texts": texts.len(),
            "bytes": bytes,
            "indicators": indicators,
            "rounds": args.rounds,
            "warm_up": !args.cold,
            "best_seconds": best,
            "best_wall_seconds": best_wall,
            "mb_per_s": bytes as f64 / 1e6 / best,
        })
    );
    Ok(ExitCode::SUCCESS)
}

/// CPU seconds this thread has run (user and system).
fn thread_cpu_seconds() -> f64 {
    cpu_time::ThreadTime::now().as_duration().as_secs_f64()
}
