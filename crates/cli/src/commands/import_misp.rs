//! `ringtrace import misp`: MISP events in, as reports (one per event; see
//! `ringtrace_share::misp` for how an event reads as a report record).
//!
//! Each input is all or nothing: a file of events (`{"Event": …}`, a bare
//! event, a list of them, or an API answer `{"response": […]}`), standard
//! input (`-`), or a feed directory (its `manifest.json` names the event
//! files, all imported together). One bad attribute refuses the input with
//! one error naming the file, the event, the attribute and the field.

use super::thousands;
use crate::args::ImportMispArgs;
use crate::config::open_store;
use anyhow::{anyhow, bail, Context, Result};
use ringtrace_ingest::prepare;
use ringtrace_model::PartnerSlug;
use ringtrace_share::misp::{event_records, ImportedEvent};
use ringtrace_store::{PreparedReport, Store};
use serde_json::Value;
use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

pub fn run(db: &str, args: &ImportMispArgs) -> Result<ExitCode> {
    let partner = args
        .partner
        .as_deref()
        .map(PartnerSlug::parse)
        .transpose()
        .map_err(|e| anyhow!("--partner: {e}"))?;
    let mut store = open_store(db)?;
    let mut failed = 0;
    for name in &args.files {
        let outcome = read_input(name, partner.as_ref())
            .and_then(|events| store_events(store.as_mut(), name, events));
        match outcome {
            Ok(line) => println!("{line}"),
            Err(e) => {
                eprintln!("error: {e:#}");
                failed += 1;
            }
        }
    }
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The events of one input, each with the file it came from.
fn read_input(name: &str, partner: Option<&PartnerSlug>) -> Result<Vec<(String, ImportedEvent)>> {
    let path = Path::new(name);
    let files: Vec<String> = if name != "-" && path.is_dir() {
        feed_files(path)?
    } else {
        vec![name.to_string()]
    };
    let mut out = Vec::new();
    for file in files {
        let text = if file == "-" {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .context("reading standard input")?;
            s
        } else {
            std::fs::read_to_string(&file).with_context(|| format!("cannot read {file}"))?
        };
        let doc: Value = serde_json::from_str(&text).map_err(|e| {
            anyhow!(
                "{file} line {}, column {}: not JSON: {e}; nothing was imported from {name}",
                e.line(),
                e.column()
            )
        })?;
        let events = event_records(&doc, partner)
            .map_err(|e| anyhow!("{file} {e}; nothing was imported from {name}"))?;
        out.extend(events.into_iter().map(|e| (file.clone(), e)));
    }
    Ok(out)
}

/// The event files a feed directory's manifest names, in its order.
fn feed_files(dir: &Path) -> Result<Vec<String>> {
    let manifest = dir.join("manifest.json");
    let text = std::fs::read_to_string(&manifest).with_context(|| {
        format!(
            "{} is a directory without manifest.json: not a MISP feed",
            dir.display()
        )
    })?;
    let doc: Value =
        serde_json::from_str(&text).with_context(|| format!("{}: not JSON", manifest.display()))?;
    let Value::Object(entries) = doc else {
        bail!(
            "{}: expected an object of event uuid → event summary",
            manifest.display()
        );
    };
    Ok(entries
        .keys()
        .map(|uuid| dir.join(format!("{uuid}.json")).display().to_string())
        .collect())
}

/// Stores one input's events in one transaction and updates the rings.
fn store_events(
    store: &mut dyn Store,
    name: &str,
    events: Vec<(String, ImportedEvent)>,
) -> Result<String> {
    let mut prepared: Vec<PreparedReport> = Vec::with_capacity(events.len());
    let (mut read, mut ignored) = (0, 0);
    for (n, (file, e)) in events.into_iter().enumerate() {
        read += e.read;
        ignored += e.ignored;
        let uuid = e.uuid.clone();
        let raw = Value::Object(e.record.clone()).to_string();
        let p = ringtrace_intake::decode_record(n + 1, Value::Object(e.record), &raw)
            .and_then(prepare)
            .map_err(|r| {
                let field = r
                    .field
                    .map(|f| format!(", field `{f}`"))
                    .unwrap_or_default();
                anyhow!(
                    "{file} event {uuid}{field}: {}; nothing was imported from {name}",
                    r.message
                )
            })?;
        prepared.push(p);
    }

    let summary =
        super::import::store_prepared(store, &format!("MISP import of {name}"), prepared)?;
    Ok(format!(
        "{name}: {} events as reports ({} new, {} updated, {} unchanged); {} attributes read as indicators, {} others ignored; {} rings touched ({} new, {} merged)",
        thousands(summary.reports()),
        thousands(summary.new),
        thousands(summary.updated),
        thousands(summary.unchanged),
        thousands(read as u64),
        thousands(ignored as u64),
        thousands(summary.relinked.rings_touched as u64),
        thousands(summary.relinked.rings_created as u64),
        thousands(summary.relinked.rings_merged as u64),
    ))
}
