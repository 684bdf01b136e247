//! `ringtrace sim`: a synthetic scam ecosystem with ground truth.

use crate::args::SimArgs;
use crate::progress;
use anyhow::{bail, Context, Result};
use ringtrace_sim::{generate, SimConfig};
use serde_json::json;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

pub fn run(args: &SimArgs) -> Result<ExitCode> {
    write(&args.out, &config(args))?;
    println!(
        "wrote {} reports to {} and their truth to {}",
        args.reports,
        args.out.join("reports.jsonl").display(),
        args.out.join("truth.jsonl").display()
    );
    Ok(ExitCode::SUCCESS)
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
