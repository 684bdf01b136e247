//! `ringtrace export misp`: a MISP feed directory (`manifest.json`, one
//! `<uuid>.json` event per ring, `hashes.csv`), as a MISP instance fetches
//! it with "Add feed", source format "MISP Feed".
//!
//! The same database and flags write the same bytes: identifiers are
//! UUIDv5 and times come from the data. Event files of an earlier export to
//! the same directory whose rings are no longer exported are removed.

use super::shared::{self, Selection};
use super::thousands;
use crate::args::ExportMispArgs;
use crate::config::open_store;
use crate::progress;
use anyhow::{Context, Result};
use ringtrace_model::AuditDraft;
use ringtrace_share::misp::{feed, FeedOptions};
use serde_json::json;
use std::collections::HashSet;
use std::fs;
use std::path::Path;
use std::process::ExitCode;

pub fn run(db: &str, args: &ExportMispArgs) -> Result<ExitCode> {
    let sel = shared::selection(&args.select)?;
    let mut store = open_store(db)?;
    let bar = progress::spinner("reading reports");
    let data = shared::load(store.as_ref(), &sel, &mut |n| {
        bar.set_message(format!("reading reports: {}", thousands(n)))
    })?;
    bar.finish_and_clear();
    let feed = feed(&data.reports, &data.rings, &FeedOptions::default());

    // The export is a read of report content: it is recorded before anything is written.
    store
        .append_audit(&AuditDraft {
            actor: "cli".into(),
            action: "export.misp".into(),
            target: sel
                .recipient
                .as_ref()
                .map_or("all".to_string(), |v| v.partner.clone()),
            detail: detail(&sel, args, feed.events.len(), data.reports.len()).to_string(),
        })
        .context("recording the export in the audit log")?;

    let out = &args.out;
    fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut written: HashSet<String> = HashSet::new();
    let mut attributes = 0;
    let mut left_out = 0;
    for e in &feed.events {
        let name = format!("{}.json", e.summary.uuid);
        write(out, &name, &serde_json::to_string(&e.event)?)?;
        attributes += e.summary.attributes;
        left_out += e.summary.left_out;
        written.insert(name);
    }
    write(
        out,
        "manifest.json",
        &serde_json::to_string(&feed.manifest)?,
    )?;
    write(out, "hashes.csv", &feed.hashes_csv)?;
    let stale = remove_stale(out, &written)?;

    println!(
        "{}: {} events (one per ring) from {} reports, {} attributes; manifest.json, hashes.csv",
        out.display(),
        thousands(feed.events.len() as u64),
        thousands(data.reports.len() as u64),
        thousands(attributes as u64),
    );
    if left_out > 0 {
        println!(
            "{} values left out: every mention was a victim's own or a legitimate reference",
            thousands(left_out as u64)
        );
    }
    if feed.unringed > 0 {
        println!(
            "{} reports in no ring left out (run `ringtrace relink`)",
            thousands(feed.unringed as u64)
        );
    }
    if stale > 0 {
        println!("{stale} event files of rings no longer exported removed");
    }
    Ok(ExitCode::SUCCESS)
}

fn detail(
    sel: &Selection,
    args: &ExportMispArgs,
    events: usize,
    reports: usize,
) -> serde_json::Value {
    json!({
        "out": args.out.display().to_string(),
        "ring": sel.ring,
        "since": sel.since,
        "until": sel.until,
        "tlp_max": sel.tlp_max.map(|t| t.as_str()),
        "events": events,
        "reports": reports,
    })
}

fn write(dir: &Path, name: &str, text: &str) -> Result<()> {
    let path = dir.join(name);
    fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Removes `<uuid>.json` files that this export did not write.
fn remove_stale(dir: &Path, written: &HashSet<String>) -> Result<usize> {
    let mut removed = 0;
    for entry in fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().to_string();
        let Some(stem) = name.strip_suffix(".json") else {
            continue;
        };
        if is_uuid(stem) && !written.contains(&name) {
            fs::remove_file(entry.path())
                .with_context(|| format!("cannot remove {}", entry.path().display()))?;
            removed += 1;
        }
    }
    Ok(removed)
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}
