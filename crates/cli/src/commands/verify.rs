//! `ringtrace verify FILE.zip --key PUB.pem`: checks an evidence package
//! offline and says exactly which file was altered.

use crate::args::VerifyArgs;
use anyhow::{anyhow, Context, Result};
use ringtrace_act::keys::{key_id, public_key_from_pem};
use ringtrace_act::package::verify_package;
use std::process::ExitCode;

pub fn run(args: &VerifyArgs) -> Result<ExitCode> {
    let pem = std::fs::read_to_string(&args.key)
        .with_context(|| format!("cannot read the key {}", args.key.display()))?;
    let trusted = public_key_from_pem(&pem).map_err(|e| anyhow!("{}: {e}", args.key.display()))?;
    let file = std::fs::File::open(&args.file)
        .with_context(|| format!("cannot open {}", args.file.display()))?;
    let report = verify_package(std::io::BufReader::new(file), &trusted);
    if args.json {
        println!(
            "{}",
            serde_json::json!({
                "file": args.file.display().to_string(),
                "valid": report.is_valid(),
                "trusted_key": key_id(&trusted),
                "verified": report.verified,
                "findings": report.findings.iter().map(|f| serde_json::json!({
                    "file": f.file(),
                    "message": f.to_string(),
                    "detail": f,
                })).collect::<Vec<_>>(),
            })
        );
    } else {
        for f in &report.findings {
            println!("FAILED {f}");
        }
        if report.is_valid() {
            let case = report
                .manifest
                .as_ref()
                .map(|m| format!(" of case {} by {}", m.case, m.exporter))
                .unwrap_or_default();
            println!(
                "verified: {} files{case}, signed by key {}",
                report.verified.len(),
                key_id(&trusted)
            );
        } else {
            println!(
                "{}: NOT valid ({} problem{})",
                args.file.display(),
                report.findings.len(),
                if report.findings.len() == 1 { "" } else { "s" }
            );
        }
    }
    Ok(if report.is_valid() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
