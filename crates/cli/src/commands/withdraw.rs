//! `ringtrace withdraw KEY… --reason TEXT`: reports withdrawn at their
//! source. Shared with `sync pull`, which applies withdrawals announced by
//! the server a report came from.

use crate::config::open_store;
use anyhow::{bail, Context, Result};
use ringtrace_model::{AuditDraft, ReportKey};
use ringtrace_store::{Store, Withdrawal};
use std::process::ExitCode;

pub fn run(db: &str, args: &crate::args::WithdrawArgs) -> Result<ExitCode> {
    let reason = args.reason.trim();
    if reason.is_empty() {
        bail!("--reason: say why the reports are withdrawn");
    }
    let mut keys = Vec::with_capacity(args.reports.len());
    for k in &args.reports {
        keys.push(ReportKey::parse(k).with_context(|| format!("report `{k}`"))?);
    }
    let mut store = open_store(db)?;
    let gone = withdraw(store.as_mut(), &keys, reason, None, "cli")?;
    for k in &keys {
        if !gone.iter().any(|w| &w.key == k) {
            eprintln!("{k}: no such report; nothing to withdraw");
        }
    }
    println!("withdrew {} of {} reports", gone.len(), keys.len());
    Ok(if gone.len() == keys.len() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Withdraws the reports of `keys` that exist in one unit of work, relinks,
/// and records each in the audit log as done by `actor`; `via` is the TAXII
/// server whose revocation this applies.
pub fn withdraw(
    store: &mut dyn Store,
    keys: &[ReportKey],
    reason: &str,
    via: Option<&str>,
    actor: &str,
) -> Result<Vec<Withdrawal>> {
    let mut tx = store.begin()?;
    let (gone, _) = ringtrace_ingest::withdraw(tx.as_mut(), keys, reason, via)
        .context("withdrawing reports")?;
    tx.commit()?;
    for w in &gone {
        store.append_audit(&AuditDraft {
            actor: actor.into(),
            action: "report.withdraw".into(),
            target: w.key.to_string(),
            detail: serde_json::json!({"reason": reason, "ring": w.ring}).to_string(),
        })?;
    }
    Ok(gone)
}
