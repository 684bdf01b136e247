//! `ringtrace warninglist add|remove|list|import-misp|export-misp`: analysts
//! curate the hubs, and exchange them with MISP as warning lists.

use super::thousands;
use crate::args::{WarningListArgs, WarningValueArgs, WarninglistCommand};
use crate::config::{self, open_store};
use crate::progress;
use anyhow::{anyhow, Context, Result};
use ringtrace_ingest::relink;
use ringtrace_link::{Scope, WarningList};
use ringtrace_model::Indicator;
use ringtrace_share::misp::{read_warninglist, warninglists, HubValue, SHIPPED_VERSION};
use ringtrace_store::{Store, WarningEntry, WarningVerdict};
use serde_json::json;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(db: &str, cmd: &WarninglistCommand) -> Result<ExitCode> {
    if let WarninglistCommand::ExportMisp {
        out,
        shipped_only: true,
    } = cmd
    {
        return export_misp(None, out);
    }
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
        WarninglistCommand::ImportMisp { files, no_relink } => {
            return import_misp(store.as_mut(), files, *no_relink)
        }
        WarninglistCommand::ExportMisp { out, .. } => {
            return export_misp(Some(store.as_ref()), out)
        }
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

/// Writes the effective warning list (or, without a store, the shipped one)
/// as MISP warning lists, one `<name>/list.json` per kind.
fn export_misp(store: Option<&dyn Store>, out: &Path) -> Result<ExitCode> {
    let (list, version) = match store {
        None => (WarningList::shipped(), SHIPPED_VERSION),
        Some(s) => {
            let entries = s.warninglist()?;
            // A day-stamped version that grows with the analysts' entries
            // (YYYYMMDD of the latest), never below the shipped lists'.
            let latest = entries
                .iter()
                .filter_map(|e| {
                    let day: String = e
                        .added_at
                        .get(..10)?
                        .chars()
                        .filter(char::is_ascii_digit)
                        .collect();
                    day.parse::<u64>().ok()
                })
                .max()
                .unwrap_or(0);
            (
                ringtrace_ingest::effective_warnings(&entries),
                SHIPPED_VERSION.max(latest),
            )
        }
    };
    let values: Vec<HubValue> = list
        .entries()
        .into_iter()
        .map(|h| HubValue {
            indicator: h.indicator.clone(),
            subdomains: matches!(h.scope, Scope::Vendor | Scope::Webmail),
        })
        .collect();
    let files = warninglists(&values, version);
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut written = HashSet::new();
    for f in &files {
        let dir = out.join(&f.dir);
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        let path = dir.join("list.json");
        let mut text = serde_json::to_string_pretty(&f.list)?;
        text.push('\n');
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        let n = f.list["list"].as_array().map_or(0, Vec::len);
        println!(
            "{}: {} values ({})",
            path.display(),
            thousands(n as u64),
            f.list["type"].as_str().unwrap_or("")
        );
        written.insert(f.dir.clone());
    }
    // Lists of an earlier export that are empty now.
    for entry in std::fs::read_dir(out).with_context(|| format!("cannot list {}", out.display()))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with("ringtrace-")
            && !written.contains(&name)
            && entry.path().join("list.json").is_file()
        {
            std::fs::remove_dir_all(entry.path())
                .with_context(|| format!("cannot remove {}", entry.path().display()))?;
            println!("{}: removed (no values left)", entry.path().display());
        }
    }
    println!("{} MISP warning lists, version {version}", files.len());
    Ok(ExitCode::SUCCESS)
}

/// The `list.json` files of the arguments, directories searched.
fn list_files(args: &[PathBuf]) -> Result<Vec<PathBuf>> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .with_context(|| format!("cannot list {}", dir.display()))?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out)?;
            } else if p.file_name().is_some_and(|n| n == "list.json") {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for a in args {
        if a.is_dir() {
            walk(a, &mut out)?;
        } else {
            out.push(a.clone());
        }
    }
    Ok(out)
}

/// Adds every value of MISP warning lists as an analyst's hub entry; values
/// analysts already judged, or that the shipped list has, are left alone.
fn import_misp(store: &mut dyn Store, args: &[PathBuf], no_relink: bool) -> Result<ExitCode> {
    let files = list_files(args)?;
    if files.is_empty() {
        return Err(anyhow!("no list.json found in the paths given"));
    }
    let shipped = WarningList::shipped();
    let judged: HashSet<Indicator> = store
        .warninglist()?
        .into_iter()
        .map(|e| e.indicator)
        .collect();
    let (mut added_total, mut failed) = (0u64, 0);
    for path in &files {
        let shown = path.display();
        let read = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {shown}"))
            .and_then(|t| {
                serde_json::from_str::<serde_json::Value>(&t)
                    .with_context(|| format!("{shown}: not JSON"))
            })
            .and_then(|doc| {
                read_warninglist(&doc).map_err(|e| anyhow!("{shown}: not a MISP warning list: {e}"))
            });
        let list = match read {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: {e:#}");
                failed += 1;
                continue;
            }
        };
        let note = format!(
            "MISP warning list `{}` (version {})",
            list.name, list.version
        );
        let bar = progress::items(list.values.len() as u64, "adding values");
        let (mut added, mut known) = (0u64, 0u64);
        for ind in &list.values {
            bar.inc(1);
            if judged.contains(ind) || shipped.hub(ind).is_some() {
                known += 1;
                continue;
            }
            store.set_warning(&WarningEntry {
                indicator: ind.clone(),
                verdict: WarningVerdict::Hub,
                note: note.clone(),
                added_at: String::new(),
            })?;
            added += 1;
        }
        bar.finish_and_clear();
        added_total += added;
        println!(
            "{shown}: `{}` ({}, version {}): {} hubs added, {} already on the warning list, {} invalid, {} skipped",
            list.name,
            list.type_,
            list.version,
            thousands(added),
            thousands(known),
            thousands(list.invalid.len() as u64),
            thousands(list.skipped as u64),
        );
        if let Some(why) = &list.skipped_why {
            println!("  skipped: {why}");
        }
        for (value, why) in list.invalid.iter().take(5) {
            println!("  invalid: `{value}`: {why}");
        }
        if list.invalid.len() > 5 {
            println!(
                "  … and {} more invalid",
                thousands(list.invalid.len() as u64 - 5)
            );
        }
    }
    if added_total > 0 {
        if no_relink {
            println!("rings not recomputed; run `ringtrace relink` to apply");
        } else {
            let mut tx = store.begin()?;
            let r = relink(
                tx.as_mut(),
                &HashSet::new(),
                &format!(
                    "warning list: {} hubs imported from MISP warning lists",
                    added_total
                ),
            )?;
            tx.commit()?;
            println!("rings recomputed: {} changed", r.rings_touched);
        }
    }
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
