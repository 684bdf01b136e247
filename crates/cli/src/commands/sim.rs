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
    write(&args.out, args.reports, args.seed)?;
    println!(
        "wrote {} reports to {} and their truth to {}",
        args.reports,
        args.out.join("reports.jsonl").display(),
        args.out.join("truth.jsonl").display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes `dir/reports.jsonl` and `dir/truth.jsonl`.
pub fn write(dir: &Path, reports: usize, seed: u64) -> Result<()> {
    if reports == 0 {
        bail!("--reports must be at least 1");
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
    for (n, r) in generate(&SimConfig { reports, seed }).enumerate() {
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
