//! `ringtrace export stix`: a STIX 2.1 bundle of the selected reports and rings.
//!
//! The bundle is written object by object (never built as one value): the
//! common objects, the rings, then each report's objects, an object written
//! once however many reports repeat it. Every object is marked with TLP 2.0;
//! the same data gives the same bytes.

use super::shared::{self, Selection};
use super::thousands;
use crate::args::ExportStixArgs;
use crate::config::open_store;
use crate::progress;
use anyhow::{Context, Result};
use ringtrace_model::{AuditDraft, Indicator, Tlp};
use ringtrace_share::stix::{self, ExportOptions, Seen};
use serde_json::Value;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

pub fn run(db: &str, args: &ExportStixArgs) -> Result<ExitCode> {
    let sel = shared::selection(&args.select)?;
    let mut store = open_store(db)?;
    let reading = progress::spinner("reading reports");
    let mut data = shared::load(store.as_ref(), &sel, &mut |n| {
        reading.set_message(format!("reading reports: {}", thousands(n)))
    })?;
    let withdrawn = shared::withdrawn(store.as_ref(), &sel)?;
    data.reports.extend(withdrawn);
    reading.finish_and_clear();

    store
        .append_audit(&AuditDraft {
            actor: "cli".into(),
            action: "export.stix".into(),
            target: sel
                .recipient
                .as_ref()
                .map_or_else(|| "all".to_string(), |v| v.partner.clone()),
            detail: audit_detail(&sel, data.reports.len(), args.out.as_deref()),
        })
        .context("recording the export in the audit log")?;

    let opts = ExportOptions {
        opencti_types: args.opencti_types,
    };
    match &args.out {
        Some(path) => {
            let file =
                File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
            let mut out = BufWriter::with_capacity(1 << 20, file);
            let n = write_bundle(&mut out, &data, &opts)
                .and_then(|n| out.flush().map(|_| n))
                .with_context(|| format!("writing {}", path.display()))?;
            println!(
                "{}: {} reports, {} rings, {} STIX objects",
                path.display(),
                thousands(data.reports.len() as u64),
                thousands(data.rings.len() as u64),
                thousands(n)
            );
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
            let n = write_bundle(&mut out, &data, &opts).and_then(|n| out.flush().map(|_| n));
            match n {
                Ok(_) => {}
                // A closed pipe (`| head`) is the reader's choice, not a fault.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                    return Ok(ExitCode::SUCCESS)
                }
                Err(e) => return Err(e).context("writing the bundle to standard output"),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn audit_detail(sel: &Selection, reports: usize, out: Option<&Path>) -> String {
    serde_json::json!({
        "ring": sel.ring,
        "since": sel.since,
        "until": sel.until,
        "tlp_max": sel.tlp_max.map(|t| t.as_str()),
        "reports": reports,
        "out": out.map(|p| p.display().to_string()),
    })
    .to_string()
}

/// Writes the bundle; returns how many objects it holds.
fn write_bundle(
    out: &mut dyn Write,
    data: &shared::Shared,
    opts: &ExportOptions,
) -> std::io::Result<u64> {
    let tlps = stix::indicator_tlps(&data.reports);
    // Every mentioned indicator is in the map; the fallback never applies.
    let tlp_of = |i: &Indicator| tlps.get(i).copied().unwrap_or(Tlp::Red);
    let bar = progress::items(data.reports.len() as u64, "writing STIX");
    let mut w = ObjectWriter {
        out,
        seen: Seen::default(),
        count: 0,
    };
    write!(
        w.out,
        "{{\"type\":\"bundle\",\"id\":\"{}\",\"objects\":[",
        stix::bundle_id(&data.reports, &data.rings, opts)
    )?;
    for o in stix::common_objects(opts) {
        w.object(&o)?;
    }
    for ring in &data.rings {
        for o in stix::ring_objects(ring, opts) {
            w.object(&o)?;
        }
    }
    for (n, report) in data.reports.iter().enumerate() {
        for o in stix::report_objects(report, &tlp_of, opts) {
            w.object(&o)?;
        }
        if n % 1024 == 0 {
            bar.set_position(n as u64);
        }
    }
    w.out.write_all(b"\n]}\n")?;
    bar.finish_and_clear();
    Ok(w.count)
}

struct ObjectWriter<'a> {
    out: &'a mut dyn Write,
    seen: Seen,
    count: u64,
}

impl ObjectWriter<'_> {
    /// Writes an object the first time its id comes.
    fn object(&mut self, o: &Value) -> std::io::Result<()> {
        let id = o.get("id").and_then(Value::as_str).unwrap_or_default();
        if !self.seen.first(id) {
            return Ok(());
        }
        self.out
            .write_all(if self.count == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *self.out, o)?;
        self.count += 1;
        Ok(())
    }
}
