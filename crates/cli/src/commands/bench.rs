//! `ringtrace bench`: incremental linking on a real database; extraction alone.

use crate::args::{BenchCommand, BenchIncrementalArgs};
use crate::config::open_store;
use anyhow::{bail, Context, Result};
use ringtrace_ingest::{prepare, relink, update_rings, Dirty, RingUpdate};
use ringtrace_intake::Format;
use ringtrace_store::{LinkChange, Upsert};
use std::collections::{BTreeMap, HashSet};
use std::io::BufReader;
use std::process::ExitCode;
use std::time::{Duration, Instant};

pub fn run(db: &str, cmd: &BenchCommand) -> Result<ExitCode> {
    match cmd {
        BenchCommand::Incremental(args) => incremental(db, args),
        BenchCommand::Extract(args) => super::bench_extract::run(args),
    }
}

fn incremental(db: &str, args: &BenchIncrementalArgs) -> Result<ExitCode> {
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
    // Latencies by what the change was: a new report, or a replaced one
    // whose linkable values stayed, grew or lost one.
    let mut by_kind: BTreeMap<&str, Vec<Duration>> = BTreeMap::new();
    let mut latencies = Vec::with_capacity(prepared.len());
    let mut full_relinks = 0;
    let (mut created, mut split_off) = (0, 0);
    for p in &prepared {
        let started = Instant::now();
        let reports_before = store.report_count()?;
        let mut tx = store.begin()?;
        let (outcome, pk) = tx.upsert_report(p)?;
        let kind = match outcome {
            Upsert::New => "new",
            Upsert::Updated(LinkChange::Same) => "updated, same values",
            Upsert::Updated(LinkChange::Grown) => "updated, values added",
            Upsert::Updated(LinkChange::Lost) => "updated, a value lost",
            Upsert::Unchanged => bail!(
                "{} is in the database unchanged: each report must be new or changed",
                p.report.key
            ),
        };
        let mut dirty = Dirty::default();
        dirty.record(outcome, pk);
        let relinked = update_rings(
            tx.as_mut(),
            &dirty,
            &RingUpdate {
                reports_before,
                full_relink: false,
                reason: "bench: incremental change",
            },
        )?;
        full_relinks += usize::from(relinked.full);
        created += relinked.rings_created;
        split_off += relinked.moved.len();
        tx.commit()?;
        let took = started.elapsed();
        latencies.push(took);
        by_kind.entry(kind).or_default().push(took);
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let summary = |latencies: &[Duration]| {
        let mut sorted = latencies.to_vec();
        sorted.sort();
        let pct =
            |q: f64| sorted[((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1];
        format!(
            "p50 {:.2}  p90 {:.2}  p99 {:.2}  max {:.2}  mean {:.2}",
            ms(pct(0.50)),
            ms(pct(0.90)),
            ms(pct(0.99)),
            ms(*sorted.last().expect("non-empty")),
            ms(latencies.iter().sum::<Duration>()) / latencies.len() as f64
        )
    };
    println!(
        "{} changes to a database of {} reports, each upserted, its ring updated and committed in its own transaction ({} full relinks):",
        latencies.len(),
        before,
        full_relinks
    );
    println!(
        "  rings created: {created} (of them, for parts split off a ring: {split_off} reports moved)"
    );
    println!("  latency ms: {}", summary(&latencies));
    for (kind, l) in &by_kind {
        println!("    {kind} ({}): {}", l.len(), summary(l));
    }
    let mut sorted = latencies.clone();
    sorted.sort();
    let p99 = sorted[((sorted.len() as f64 * 0.99).ceil() as usize).clamp(1, sorted.len()) - 1];
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
            "  one full relink of the same database: {:.0} ms, {:.0}x the p99 change",
            ms(full),
            ms(full) / ms(p99).max(1e-9)
        );
    }
    Ok(ExitCode::SUCCESS)
}
