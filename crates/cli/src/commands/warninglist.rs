//! `ringtrace warninglist add|remove|list`: analysts curate the hubs.

use crate::args::{WarningListArgs, WarningValueArgs, WarninglistCommand};
use crate::config::{self, open_store};
use anyhow::{anyhow, Result};
use ringtrace_ingest::relink;
use ringtrace_link::WarningList;
use ringtrace_model::Indicator;
use ringtrace_store::{Store, WarningEntry, WarningVerdict};
use serde_json::json;
use std::collections::HashSet;
use std::process::ExitCode;

pub fn run(db: &str, cmd: &WarninglistCommand) -> Result<ExitCode> {
    let mut store = open_store(db)?;
    match cmd {
        WarninglistCommand::Add(a) => {
            let indicator = parse_value(&a.value)?;
            let verdict = if a.not_hub {
                WarningVerdict::NotHub
            } else {
                WarningVerdict::Hub
            };
            store.set_warning(&WarningEntry {
                indicator: indicator.clone(),
                verdict,
                note: a.note.clone(),
                added_at: String::new(),
            })?;
            println!("{indicator}: marked {}", describe(verdict));
            apply(
                store.as_mut(),
                &a.value,
                &format!("warning list: {indicator} marked {}", describe(verdict)),
            )?;
        }
        WarninglistCommand::Remove(v) => {
            let indicator = parse_value(v)?;
            if !store.remove_warning(&indicator)? {
                return Err(anyhow!(
                    "{indicator} has no analyst entry on the warning list"
                ));
            }
            println!("{indicator}: analyst entry removed");
            apply(
                store.as_mut(),
                v,
                &format!("warning list: entry for {indicator} removed"),
            )?;
        }
        WarninglistCommand::List(l) => list(store.as_ref(), l)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn describe(v: WarningVerdict) -> &'static str {
    match v {
        WarningVerdict::Hub => "as a hub: it no longer links reports",
        WarningVerdict::NotHub => "as not a hub: it links reports whatever the graph suggests",
    }
}

fn parse_value(v: &WarningValueArgs) -> Result<Indicator> {
    let kind = config::kind(Some(&v.kind))?.expect("given");
    let region = config::region(v.region.as_deref())?;
    let value =
        ringtrace_extract::canonicalize(kind, &v.value, region.as_ref().map(|r| r.as_str()))
            .map_err(|e| anyhow!("`{}` is not a valid {kind}: {e}", v.value))?;
    Ok(Indicator::new(kind, value))
}

fn apply(store: &mut dyn Store, v: &WarningValueArgs, reason: &str) -> Result<()> {
    if v.no_relink {
        println!("rings not recomputed; run `ringtrace relink` to apply");
        return Ok(());
    }
    let mut tx = store.begin()?;
    let r = relink(tx.as_mut(), &HashSet::new(), reason)?;
    tx.commit()?;
    println!("rings recomputed: {} changed", r.rings_touched);
    Ok(())
}

fn list(store: &dyn Store, args: &WarningListArgs) -> Result<()> {
    let entries = store.warninglist()?;
    let detected = store.detected_hubs()?;
    if args.jsonl {
        for e in &entries {
            println!(
                "{}",
                json!({"source": "analyst", "kind": e.indicator.kind, "value": e.indicator.value,
                       "verdict": e.verdict, "note": e.note, "added_at": e.added_at})
            );
        }
        for d in &detected {
            println!(
                "{}",
                json!({"source": "detected", "kind": d.indicator.kind, "value": d.indicator.value,
                       "verdict": "hub", "reports": d.reports, "clusters": d.clusters, "reason": d.reason})
            );
        }
        if args.shipped {
            for h in WarningList::shipped().entries() {
                println!(
                    "{}",
                    json!({"source": "shipped", "kind": h.indicator.kind, "value": h.indicator.value,
                           "verdict": "hub", "owner": h.owner, "note": h.note})
                );
            }
        }
        return Ok(());
    }
    println!("analysts' entries ({}):", entries.len());
    for e in &entries {
        println!(
            "  {:<8} {:<40} {:<8} {}  {}",
            e.indicator.kind,
            e.indicator.value,
            e.verdict.as_str(),
            e.added_at,
            e.note
        );
    }
    println!("hubs detected from the graph ({}):", detected.len());
    for d in &detected {
        println!(
            "  {:<8} {:<40} {} reports across {} groups: {}",
            d.indicator.kind, d.indicator.value, d.reports, d.clusters, d.reason
        );
    }
    if !detected.is_empty() {
        println!("  (confirm with `warninglist add KIND VALUE`, overrule with `warninglist add --not-hub KIND VALUE`)");
    }
    if args.shipped {
        let shipped = WarningList::shipped();
        println!("shipped with ringtrace ({}):", shipped.len());
        for h in shipped.entries() {
            println!(
                "  {:<8} {:<40} {:<12} {}",
                h.indicator.kind, h.indicator.value, h.owner, h.note
            );
        }
    }
    Ok(())
}
