//! `ringtrace check [--repair]`: the database's integrity, the rings'
//! consistency with the reports and the audit log's hash chain; with
//! `--repair`, derived data (rings, sizes, counters) rebuilt.

use super::access::verify_audit;
use crate::config::open_store;
use crate::progress;
use anyhow::{Context, Result};
use ringtrace_ingest::relink;
use ringtrace_store::Store;
use std::collections::HashSet;
use std::process::ExitCode;

/// What is wrong, one sentence each; and whether `--repair` can mend all of it.
struct Findings {
    derived: Vec<String>,
    fatal: Vec<String>,
    summary: String,
}

fn inspect(store: &dyn Store) -> Result<Findings> {
    let mut derived = Vec::new();
    let mut fatal = Vec::new();
    // what relinking and recounting rebuild; anything else (the backend's
    // own check, rows pointing at nothing) means damage a backup mends
    const DERIVED: [&str; 4] = [
        "reports in a ring that does not exist",
        "rings whose recorded size",
        "audit entries not counted",
        "reports not counted",
    ];
    for p in store.integrity()? {
        if DERIVED.iter().any(|d| p.starts_with(d)) {
            derived.push(p);
        } else {
            fatal.push(p);
        }
    }
    let reports = store.report_count()?;
    // (report, key, ring); the ring is empty when the report has none
    let placed = store.report_rings()?;
    let rings: HashSet<&str> = placed
        .iter()
        .map(|(_, _, r)| r.as_str())
        .filter(|r| !r.is_empty())
        .collect();
    let unplaced = placed.iter().filter(|(_, _, r)| r.is_empty()).count() as u64
        + reports.saturating_sub(placed.len() as u64);
    if unplaced > 0 {
        derived.push(format!("reports without a ring: {unplaced}"));
    }
    let audit = match verify_audit(store)? {
        Ok((n, head)) => format!("{n} audit entries, chain intact (head {head})"),
        Err(e) => {
            fatal.push(format!("the audit log was altered: {e}"));
            "audit chain broken".into()
        }
    };
    Ok(Findings {
        derived,
        fatal,
        summary: format!("{reports} reports in {} rings; {audit}", rings.len()),
    })
}

pub fn run(db: &str, repair: bool) -> Result<ExitCode> {
    let mut store = open_store(db)?;
    let found = inspect(store.as_ref())?;
    if found.derived.is_empty() && found.fatal.is_empty() {
        println!("database intact: {}", found.summary);
        return Ok(ExitCode::SUCCESS);
    }
    for p in found.fatal.iter().chain(&found.derived) {
        eprintln!("problem: {p}");
    }
    if !repair {
        if !found.derived.is_empty() {
            eprintln!(
                "`ringtrace check --repair` rebuilds the derived data (rings, ring sizes, counters)"
            );
        }
        if !found.fatal.is_empty() {
            eprintln!(
                "a damaged database or audit log cannot be rebuilt: restore the last backup (`ringtrace restore`)"
            );
        }
        return Ok(ExitCode::FAILURE);
    }
    if !found.derived.is_empty() {
        let spinner = progress::spinner("rebuilding rings");
        let mut tx = store.begin()?;
        let r =
            relink(tx.as_mut(), &HashSet::new(), "check --repair").context("relinking rings")?;
        tx.commit()?;
        let recounted = store.recount()?;
        spinner.finish_and_clear();
        println!(
            "repaired: rings recomputed ({} changed), {recounted} sizes and counters set from the rows",
            r.rings_touched
        );
    }
    let after = inspect(store.as_ref())?;
    for p in after.fatal.iter().chain(&after.derived) {
        eprintln!("still wrong: {p}");
    }
    if after.derived.is_empty() && after.fatal.is_empty() {
        println!("database intact: {}", after.summary);
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::FAILURE)
    }
}
