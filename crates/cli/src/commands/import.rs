//! `ringtrace import`: files of reports into the store, all-or-nothing per
//! file unless `--skip-invalid`.

use super::thousands;
use crate::args::{FormatArg, ImportArgs};
use crate::config::open_store;
use crate::progress;
use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use ringtrace_ingest::{prepare, prepare_many, update_rings, Dirty, Relinked, RingUpdate};
use ringtrace_intake::{Format, Rejected};
use ringtrace_store::{PreparedReport, Store, Transaction, Upsert};
use std::collections::HashSet;
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Records handed to extraction at once.
const CHUNK: usize = 4096;
/// Faults listed in an error before "and N more".
const MAX_LISTED: usize = 20;

/// What importing one file did.
#[derive(Debug, Default, Clone)]
pub struct FileSummary {
    pub new: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: Vec<Rejected>,
    pub mentions: u64,
    pub distinct_indicators: u64,
    pub relinked: Relinked,
    pub elapsed: Duration,
}

impl FileSummary {
    pub fn reports(&self) -> u64 {
        self.new + self.updated + self.unchanged
    }

    fn line(&self, name: &str) -> String {
        let secs = self.elapsed.as_secs_f64();
        format!(
            "{name}: {} reports ({} new, {} updated, {} unchanged, {} rejected); {} indicator mentions ({} distinct values); {} rings touched ({} new, {} merged); {:.2} s, {} reports/s",
            thousands(self.reports()),
            thousands(self.new),
            thousands(self.updated),
            thousands(self.unchanged),
            thousands(self.rejected.len() as u64),
            thousands(self.mentions),
            thousands(self.distinct_indicators),
            thousands(self.relinked.rings_touched as u64),
            thousands(self.relinked.rings_created as u64),
            thousands(self.relinked.rings_merged as u64),
            secs,
            thousands((self.reports() as f64 / secs.max(1e-9)) as u64),
        )
    }
}

/// Files of at least this many bytes in all are written in the store's
/// bulk mode (see `Store::bulk_write`).
const BULK_BYTES: u64 = 256 << 20;

pub fn run(db: &str, args: &ImportArgs) -> Result<ExitCode> {
    let mut store = open_store(db)?;
    let bytes: u64 = args
        .files
        .iter()
        .filter(|f| f.as_str() != "-")
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    // RINGTRACE_BULK_MIN_BYTES moves the threshold (the kill harness sets it
    // low to crash imports in bulk mode).
    let threshold = std::env::var("RINGTRACE_BULK_MIN_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(BULK_BYTES);
    if bytes >= threshold {
        store
            .bulk_write()
            .context("preparing the database for a large import")?;
    }
    let mut rejects: Vec<(String, Rejected)> = Vec::new();
    let mut failed = 0;
    for name in &args.files {
        match import_file(store.as_mut(), name, args) {
            Ok(summary) => {
                println!("{}", summary.line(name));
                rejects.extend(summary.rejected.into_iter().map(|r| (name.clone(), r)));
            }
            Err(e) => {
                eprintln!("error: {e:#}");
                failed += 1;
            }
        }
    }
    if let Some(path) = &args.skip_invalid {
        write_rejects(path, &rejects)?;
        if !rejects.is_empty() {
            println!(
                "{} rejected records written to {}",
                thousands(rejects.len() as u64),
                path.display()
            );
        }
    }
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn open_input(
    name: &str,
    format: Option<FormatArg>,
) -> Result<(Box<dyn BufRead + Send>, Format, Option<u64>)> {
    let forced = format.map(|f| match f {
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Json => Format::Json,
        FormatArg::Csv => Format::Csv,
    });
    if name == "-" {
        let mut reader = BufReader::with_capacity(1 << 20, std::io::stdin());
        let format = match forced {
            Some(f) => f,
            None => Format::sniff(reader.fill_buf().context("reading standard input")?),
        };
        return Ok((Box::new(reader), format, None));
    }
    let format = match forced.or_else(|| Format::from_extension(name)) {
        Some(f) => f,
        None => bail!("{name}: cannot tell the format from the file name; name it .jsonl, .json or .csv, or give --format"),
    };
    let file = File::open(name).with_context(|| format!("cannot open {name}"))?;
    let size = file.metadata().ok().map(|m| m.len());
    Ok((
        Box::new(BufReader::with_capacity(1 << 20, file)),
        format,
        size,
    ))
}

pub(crate) fn import_file(
    store: &mut dyn Store,
    name: &str,
    args: &ImportArgs,
) -> Result<FileSummary> {
    let started = Instant::now();
    let (reader, format, size) = open_input(name, args.format)?;
    let bar = match size {
        Some(total) => progress::bytes(total, name),
        None => progress::spinner(name),
    };
    let reader: Box<dyn BufRead + Send> = Box::new(BufReader::new(bar.wrap_read(reader)));
    let skip = args.skip_invalid.is_some();

    let reports_before = store.report_count()?;
    let mut tx = store.begin().context("starting the import transaction")?;
    let mut summary = FileSummary::default();
    let mut dirty = Dirty::default();
    let mut values = HashSet::new();
    // A pipeline: one thread decodes records and extracts their indicators
    // (on the rayon pool), chunk by chunk, while this one writes the previous
    // chunk to the store.
    std::thread::scope(|scope| -> Result<()> {
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Prepared>>(2);
        scope.spawn(move || {
            let mut chunk: Vec<ringtrace_intake::Item> = Vec::with_capacity(CHUNK);
            for item in ringtrace_intake::read(format, reader) {
                chunk.push(item);
                if chunk.len() == CHUNK && send.send(prepare_chunk(&mut chunk)).is_err() {
                    return; // the writer stopped
                }
            }
            let _ = send.send(prepare_chunk(&mut chunk));
        });
        for prepared in receive {
            store_chunk(
                tx.as_mut(),
                prepared,
                skip,
                &mut summary,
                &mut dirty,
                &mut values,
            )?;
        }
        Ok(())
    })?;
    bar.finish_and_clear();

    if !skip && !summary.rejected.is_empty() {
        drop(tx); // rolls back
        summary.rejected.sort_by_key(|r| r.line);
        bail!(describe_faults(name, &summary.rejected));
    }
    let spinner = progress::spinner("linking rings");
    let reason = format!("import of {name}");
    summary.relinked = update_rings(
        tx.as_mut(),
        &dirty,
        &RingUpdate {
            reports_before,
            full_relink: args.full_relink,
            reason: &reason,
        },
    )
    .context("linking rings")?;
    tx.commit().context("committing the import")?;
    spinner.finish_and_clear();
    summary.distinct_indicators = values.len() as u64;
    summary.rejected.sort_by_key(|r| r.line);
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// A record decoded and its indicators extracted, or why it was refused.
type Prepared = Result<PreparedReport, Rejected>;

fn prepare_chunk(chunk: &mut Vec<ringtrace_intake::Item>) -> Vec<Prepared> {
    // Batches of records to each thread, their narratives extracted together.
    let batches: Vec<Vec<Prepared>> = std::mem::take(chunk)
        .into_par_iter()
        .chunks(ringtrace_extract::BATCH)
        .map(prepare_many)
        .collect();
    batches.into_iter().flatten().collect()
}

fn store_chunk(
    tx: &mut dyn Transaction,
    prepared: Vec<Prepared>,
    skip: bool,
    summary: &mut FileSummary,
    dirty: &mut Dirty,
    values: &mut HashSet<u64>,
) -> Result<()> {
    let mut ok = Vec::with_capacity(prepared.len());
    for p in prepared {
        match p {
            Err(r) => summary.rejected.push(r),
            Ok(p) => ok.push(p),
        }
    }
    // Once a record is rejected without --skip-invalid, nothing of the file
    // will land: keep checking, stop writing.
    if !skip && !summary.rejected.is_empty() {
        return Ok(());
    }
    // Named beforehand, a chunk can be looked up and written in bulk.
    tx.upcoming(&ok).context("storing reports")?;
    for p in ok {
        let (outcome, pk) = tx.upsert_report(&p).context("storing a report")?;
        match outcome {
            Upsert::New => summary.new += 1,
            Upsert::Updated(_) => summary.updated += 1,
            Upsert::Unchanged => summary.unchanged += 1,
        }
        dirty.record(outcome, pk);
        summary.mentions += p.mentions.len() as u64;
        // Distinct values counted by hash: a million reports' worth of
        // strings need not stay in memory for one figure.
        values.extend(p.mentions.iter().map(|m| {
            let mut h = std::hash::DefaultHasher::new();
            m.indicator.hash(&mut h);
            h.finish()
        }));
    }
    Ok(())
}

fn describe_faults(name: &str, rejected: &[Rejected]) -> String {
    let mut msg = String::new();
    if let [only] = rejected {
        msg.push_str(&format!("{name} {only}; nothing was imported from {name}"));
        return msg;
    }
    msg.push_str(&format!(
        "{name} has {} invalid records; nothing was imported from it (--skip-invalid REJECTS.jsonl imports the valid ones):",
        rejected.len()
    ));
    for r in rejected.iter().take(MAX_LISTED) {
        msg.push_str(&format!("\n  {name} {r}"));
    }
    if rejected.len() > MAX_LISTED {
        msg.push_str(&format!("\n  … and {} more", rejected.len() - MAX_LISTED));
    }
    msg
}

fn write_rejects(path: &std::path::Path, rejects: &[(String, Rejected)]) -> Result<()> {
    let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut out = BufWriter::new(file);
    for (file, r) in rejects {
        let line = serde_json::json!({
            "file": file,
            "line": r.line,
            "field": r.field,
            "reason": r.message,
            "record": r.raw,
        });
        writeln!(out, "{line}").with_context(|| format!("writing {}", path.display()))?;
    }
    out.flush()
        .with_context(|| format!("writing {}", path.display()))
}

/// Imports report records made from another format (STIX, MISP, TAXII) in
/// one transaction, like a file: all or nothing. `name` says where they
/// came from in errors; `item` names the n-th record in errors (e.g. its
/// STIX id).
pub(crate) fn import_records(
    store: &mut dyn Store,
    name: &str,
    records: Vec<serde_json::Map<String, serde_json::Value>>,
    item: &dyn Fn(usize) -> String,
) -> Result<FileSummary> {
    let prepared: Vec<Prepared> = records
        .into_par_iter()
        .enumerate()
        .map(|(i, r)| {
            let value = serde_json::Value::Object(r);
            let raw = value.to_string();
            ringtrace_intake::decode_record(i + 1, value, &raw).and_then(prepare)
        })
        .collect();
    let rejected: Vec<String> = prepared
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.as_ref().err().map(|r| (i, r)))
        .take(MAX_LISTED)
        .map(|(i, r)| {
            let field = r
                .field
                .as_deref()
                .map(|f| format!(", field {f}"))
                .unwrap_or_default();
            format!("{}{field}: {}", item(i), r.message)
        })
        .collect();
    if !rejected.is_empty() {
        bail!(
            "{name}: {}; nothing was imported from {name}",
            rejected.join("; ")
        );
    }
    let prepared = prepared.into_iter().filter_map(Result::ok).collect();
    store_prepared(store, &format!("import of {name}"), prepared)
}

/// Stores reports already decoded and extracted in one transaction and
/// updates the rings they touch; `reason` goes to the rings' history.
pub(crate) fn store_prepared(
    store: &mut dyn Store,
    reason: &str,
    prepared: Vec<PreparedReport>,
) -> Result<FileSummary> {
    let started = Instant::now();
    let reports_before = store.report_count()?;
    let mut tx = store.begin().context("starting the import transaction")?;
    let mut summary = FileSummary::default();
    let mut dirty = Dirty::default();
    let mut values = HashSet::new();
    let prepared = prepared.into_iter().map(Ok).collect();
    store_chunk(
        tx.as_mut(),
        prepared,
        false,
        &mut summary,
        &mut dirty,
        &mut values,
    )?;
    summary.relinked = update_rings(
        tx.as_mut(),
        &dirty,
        &RingUpdate {
            reports_before,
            full_relink: false,
            reason,
        },
    )
    .context("linking rings")?;
    tx.commit().context("committing the import")?;
    summary.distinct_indicators = values.len() as u64;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The one-line summary of an import.
pub(crate) fn summary_line(summary: &FileSummary, name: &str) -> String {
    summary.line(name)
}
