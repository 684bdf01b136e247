//! `ringtrace import stix`: STIX 2.1 bundles in, as reports.
//!
//! Each bundle becomes report records (`ringtrace_share::stix::import_bundle`)
//! that go through the same intake and ingest steps as `import`, in one
//! transaction per file: a fault anywhere in a file (the object, its index
//! and id, and the field are named) imports nothing from it.

use super::thousands;
use crate::args::ImportStixArgs;
use crate::config::open_store;
use crate::progress;
use anyhow::{anyhow, bail, Context, Result};
use ringtrace_ingest::prepare;
use ringtrace_model::PartnerSlug;
use ringtrace_share::stix::{import_bundle, ImportOptions, Imported};
use ringtrace_store::{PreparedReport, Store};
use serde_json::Value;
use std::io::Read;
use std::process::ExitCode;
use std::time::Instant;

/// Ignored objects listed before "and N more".
const MAX_LISTED: usize = 20;

pub fn run(db: &str, args: &ImportStixArgs) -> Result<ExitCode> {
    let partner = args
        .partner
        .as_deref()
        .map(|p| {
            PartnerSlug::parse(p)
                .map(|s| s.as_str().to_string())
                .map_err(|e| anyhow!("--partner: {e}"))
        })
        .transpose()?;
    let opts = ImportOptions { partner };
    let mut store = open_store(db)?;
    let mut failed = 0;
    for name in &args.files {
        if let Err(e) = import_file(store.as_mut(), name, &opts) {
            eprintln!("error: {e:#}");
            failed += 1;
        }
    }
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn read(name: &str) -> Result<Value> {
    let mut text = String::new();
    if name == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading standard input")?;
    } else {
        std::fs::File::open(name)
            .with_context(|| format!("cannot open {name}"))?
            .read_to_string(&mut text)
            .with_context(|| format!("reading {name}"))?;
    }
    serde_json::from_str(&text)
        .map_err(|e| anyhow!("{name} is not JSON: {e}; nothing was imported from {name}"))
}

fn import_file(store: &mut dyn Store, name: &str, opts: &ImportOptions) -> Result<()> {
    let started = Instant::now();
    let spinner = progress::spinner(name);
    let bundle = read(name)?;
    let imported = import_bundle(&bundle, opts)
        .map_err(|e| anyhow!("{name} {e}; nothing was imported from {name}"))?;
    drop(bundle);
    let Imported {
        reports,
        withdrawn,
        ignored,
    } = imported;

    // Every record through intake and extraction before anything is written.
    let mut prepared: Vec<PreparedReport> = Vec::with_capacity(reports.len());
    for (n, record) in reports.into_iter().enumerate() {
        let key = format!(
            "{}:{}",
            record.get("partner").and_then(Value::as_str).unwrap_or("?"),
            record.get("id").and_then(Value::as_str).unwrap_or("?")
        );
        let value = Value::Object(record);
        let raw = value.to_string();
        let p = ringtrace_intake::decode_record(n + 1, value, &raw).and_then(prepare);
        match p {
            Ok(p) => prepared.push(p),
            Err(r) => {
                let field = r
                    .field
                    .map(|f| format!(", field `{f}`"))
                    .unwrap_or_default();
                bail!(
                    "{name}: report {key} (record {} read from the bundle){field}: {}; nothing was imported from {name}",
                    n + 1,
                    r.message
                );
            }
        }
    }

    let summary =
        super::import::store_prepared(store, &format!("STIX import of {name}"), prepared)?;
    spinner.finish_and_clear();

    println!(
        "{name}: {} reports ({} new, {} updated, {} unchanged); {} indicator mentions; {} rings touched ({} new, {} merged); {} withdrawn, {} ignored; {:.2} s",
        thousands(summary.reports()),
        thousands(summary.new),
        thousands(summary.updated),
        thousands(summary.unchanged),
        thousands(summary.mentions),
        thousands(summary.relinked.rings_touched as u64),
        thousands(summary.relinked.rings_created as u64),
        thousands(summary.relinked.rings_merged as u64),
        thousands(withdrawn.len() as u64),
        thousands(ignored.len() as u64),
        started.elapsed().as_secs_f64(),
    );
    if !withdrawn.is_empty() {
        println!(
            "{name}: {} reports are revoked by the bundle; withdrawing reports is not built yet, so they were left as they are: {}",
            thousands(withdrawn.len() as u64),
            listed(withdrawn.iter().cloned())
        );
    }
    for (id, why) in ignored.iter().take(MAX_LISTED) {
        eprintln!("{name}: ignored {id}: {why}");
    }
    if ignored.len() > MAX_LISTED {
        eprintln!("{name}: … and {} more ignored", ignored.len() - MAX_LISTED);
    }
    Ok(())
}

fn listed(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    let mut s = items
        .iter()
        .take(MAX_LISTED)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > MAX_LISTED {
        s.push_str(&format!(", … and {} more", items.len() - MAX_LISTED));
    }
    s
}
