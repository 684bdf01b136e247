//! `ringtrace case export CASE --out FILE.zip`: the signed evidence package
//! of a case for an agency, audited with the file's SHA-256.

use crate::args::CaseExportArgs;
use anyhow::{anyhow, Context, Result};
use chrono::Utc;
use ringtrace_act::case::CaseId;
use ringtrace_act::package::{manifest::sha256_hex, Redaction};
use ringtrace_server::investigation::package;
use ringtrace_store::Store;
use std::process::ExitCode;

pub fn run(store: &mut dyn Store, args: &CaseExportArgs, by: &str) -> Result<ExitCode> {
    let case = CaseId::parse(&args.case).map_err(|e| anyhow!("{e}"))?;
    let redaction: Redaction = args.redact.parse().map_err(|e| anyhow!("--redact: {e}"))?;
    let exporter = ringtrace_model::PartnerSlug::parse(&args.exporter)
        .map_err(|e| anyhow!("--exporter: {e}"))?;
    // Written to memory first: nothing is left behind when it fails.
    let mut buf = std::io::Cursor::new(Vec::new());
    let summary = package::export(
        store,
        &case,
        exporter.as_str(),
        redaction,
        Utc::now(),
        &mut buf,
    )?;
    let bytes = buf.into_inner();
    std::fs::write(&args.out, &bytes)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    let sha = sha256_hex(&bytes);
    package::audit_export(
        store,
        &case,
        by,
        &summary,
        &args.out.display().to_string(),
        &sha,
    )?;
    println!(
        "{}: case {}, {} reports, redaction {}, {} files with their SHA-256 in manifest.json, signed by key {}",
        args.out.display(),
        case,
        summary.reports,
        redaction,
        summary.manifest.files.len(),
        summary.key_id
    );
    println!("package SHA-256 {sha}");
    println!("manifest SHA-256 {}", summary.manifest_sha256);
    Ok(ExitCode::SUCCESS)
}
