//! `ringtrace bench`: measurements that need a real database.

use crate::args::BenchCommand;
use crate::config::open_store;
use anyhow::{bail, Context, Result};
use ringtrace_ingest::place_new_reports;
use ringtrace_ingest::{prepare, relink};
use ringtrace_intake::Format;
use ringtrace_store::Upsert;
use std::collections::HashSet;
use std::io::BufReader;
use std::process::ExitCode;
use std::time::{Duration, Instant};

pub fn run(db: &str, cmd: &BenchCommand) -> Result<ExitCode> {
    let BenchCommand::Incremental(args) = cmd;
    let mut store = open_store(db)?;
    let before = store.counts()?[0];
    let file = std::fs::File::open(&args.additions)
        .with_context(|| format!("cannot open {}", args.additions))?;
    let mut prepared = Vec::new();
    for item in ringtrace_intake::read(Format::Jsonl, Box::new(BufReader::new(file))) {
        let item = item.map_err(|r| anyhow::anyhow!("{} {r}", args.additions))?;
        prepared.push(prepare(item).map_err(|r| anyhow::anyhow!("{} {r}", args.additions))?);
    }
    if prepared.is_empty() {
        bail!("{} holds no reports", args.additions);
    }
    let mut latencies = Vec::with_capacity(prepared.len());
    for p in &prepared {
        let started = Instant::now();
        let mut tx = store.begin()?;
        let (outcome, pk) = tx.upsert_report(p)?;
        if outcome != Upsert::New {
            bail!(
                "{} is already in the database: the additions must be new",
                p.report.key
            );
        }
        place_new_reports(tx.as_mut(), &[pk], "bench: incremental addition")?;
        tx.commit()?;
        latencies.push(started.elapsed());
    }
    let mut sorted = latencies.clone();
    sorted.sort();
    let pct =
        |q: f64| sorted[((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1];
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{} additions to a database of {} reports, each upserted, placed and committed in its own transaction:",
        sorted.len(),
        before
    );
    println!(
        "  latency ms: p50 {:.2}  p90 {:.2}  p99 {:.2}  max {:.2}  mean {:.2}",
        ms(pct(0.50)),
        ms(pct(0.90)),
        ms(pct(0.99)),
        ms(*sorted.last().expect("non-empty")),
        ms(latencies.iter().sum::<Duration>()) / latencies.len() as f64
    );
    if !args.no_full {
        let started = Instant::now();
        let mut tx = store.begin()?;
        relink(
            tx.as_mut(),
            &HashSet::new(),
            "bench: full relink for comparison",
        )?;
        tx.commit()?;
        let full = started.elapsed();
        println!(
            "  one full relink of the same database: {:.0} ms, {:.0}x the p99 addition",
            ms(full),
            ms(full) / ms(pct(0.99)).max(1e-9)
        );
    }
    Ok(ExitCode::SUCCESS)
}
