//! `ringtrace sim`: a synthetic scam ecosystem with ground truth.

use crate::args::SimArgs;
use crate::progress;
use anyhow::{bail, Context, Result};
use ringtrace_sim::seized::{seize, Seizure, SeizureConfig};
use ringtrace_sim::{generate, SimConfig};
use serde_json::json;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

pub fn run(args: &SimArgs) -> Result<ExitCode> {
    let cfg = config(args);
    write(&args.out, &cfg)?;
    println!(
        "wrote {} reports to {} and their truth to {}",
        args.reports,
        args.out.join("reports.jsonl").display(),
        args.out.join("truth.jsonl").display()
    );
    if args.seized_operations > 0 {
        let raid = SeizureConfig {
            seed: args.seed,
            operations: args.seized_operations,
            sites_per_operation: usize::from(args.seized_sites),
            decoy_sites: usize::from(args.decoy_sites),
        };
        let dir = args.out.join("seized");
        let n = write_seized(&dir, &cfg, &raid)?.exhibits.len();
        println!(
            "wrote {n} seized-device extracts to {} and what they must match to {}",
            dir.display(),
            dir.join("truth.json").display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the extracts of a simulated raid on the ecosystem of `cfg`, and
/// `truth.json`, into `dir`; returns the raid.
pub fn write_seized(dir: &Path, cfg: &SimConfig, raid: &SeizureConfig) -> Result<Seizure> {
    let reports: Vec<_> = generate(cfg).collect();
    let seizure = seize(&reports, raid);
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for e in &seizure.exhibits {
        let path = dir.join(&e.file_name);
        std::fs::write(&path, &e.content)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let path = dir.join("truth.json");
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&seizure.truth())? + "\n",
    )
    .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(seizure)
}

/// The simulator's configuration from the command's flags.
pub fn config(args: &SimArgs) -> SimConfig {
    SimConfig {
        reports: args.reports,
        seed: args.seed,
        hub_rate: args.hub_rate,
        victim_own_rate: args.victim_own_rate,
        bridge_rate: args.bridge_rate,
        duplicate_rate: args.duplicate_rate,
        rotation_overlap: args.rotation_overlap,
        size_alpha: args.size_alpha,
        singleton_rate: args.singleton_rate,
        unlinkable_rate: args.unlinkable_rate,
    }
}

/// Writes `dir/reports.jsonl` and `dir/truth.jsonl`.
pub fn write(dir: &Path, cfg: &SimConfig) -> Result<()> {
    let reports = cfg.reports;
    if reports == 0 {
        bail!("--reports must be at least 1");
    }
    if let Err(e) = cfg.validate() {
        bail!(
            "{} {} is out of range: it must be a number from {}",
            e.flag(),
            e.value,
            e.range
        );
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let create = |name: &str| -> Result<BufWriter<File>> {
        let path = dir.join(name);
        let f = File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
        Ok(BufWriter::with_capacity(1 << 20, f))
    };
    let mut out = create("reports.jsonl")?;
    let mut truth = create("truth.jsonl")?;
    let bar = progress::items(reports as u64, "simulating");
    for (n, r) in generate(cfg).enumerate() {
        let key = format!(
            "{}:{}",
            r.record["partner"].as_str().unwrap_or_default(),
            r.record["id"].as_str().unwrap_or_default()
        );
        writeln!(out, "{}", r.record)?;
        writeln!(truth, "{}", json!({"report": key, "cluster": r.cluster}))?;
        if (n as u64).is_multiple_of(4096) {
            bar.set_position(n as u64);
        }
    }
    bar.finish_and_clear();
    out.flush()?;
    truth.flush()?;
    Ok(())
}
