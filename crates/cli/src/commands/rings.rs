//! `ringtrace rings`: rings, largest first, as a table or JSON Lines.

use super::thousands;
use crate::args::{RingFormat, RingsArgs};
use crate::config::open_store;
use anyhow::Result;
use ringtrace_model::{Indicator, RingSummary};
use ringtrace_store::{RingQuery, Store};
use std::io::{BufWriter, Write};
use std::process::ExitCode;

pub fn run(db: &str, args: &RingsArgs) -> Result<ExitCode> {
    let store = open_store(db)?;
    if let Some(ring) = &args.history {
        return history(store.as_ref(), ring);
    }
    let rings = load(store.as_ref(), args.min_reports, args.limit)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        RingFormat::Jsonl => {
            for r in &rings {
                writeln!(out, "{}", serde_json::to_string(r)?)?;
            }
        }
        RingFormat::Table => write_table(&mut out, &rings)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn history(store: &dyn Store, ring: &str) -> Result<ExitCode> {
    let events = store.ring_history(ring)?;
    if events.is_empty() {
        anyhow::bail!("no ring {ring} in this database");
    }
    for e in events {
        let what = match (e.event.as_str(), &e.other) {
            ("merged", Some(into)) if e.ring == ring => format!("merged into {into}"),
            ("merged", Some(_)) => format!("absorbed {}", e.ring),
            ("split", Some(from)) if e.ring == ring => format!("split off from {from}"),
            ("split", Some(_)) => format!("{} split off", e.ring),
            ("created", _) => "created".to_string(),
            (other, _) => other.to_string(),
        };
        let reason = e.reason.map(|r| format!(" ({r})")).unwrap_or_default();
        println!("{}  {what}{reason}", e.at);
    }
    Ok(ExitCode::SUCCESS)
}

/// Rings from the store, without hubs among their indicators.
pub fn load(store: &dyn Store, min_reports: u64, limit: Option<u64>) -> Result<Vec<RingSummary>> {
    load_query(
        store,
        &RingQuery {
            min_reports,
            limit,
            ring: None,
        },
    )
}

/// Rings a query selects, without hubs among their indicators.
pub fn load_query(store: &dyn Store, query: &RingQuery) -> Result<Vec<RingSummary>> {
    let warnings = ringtrace_ingest::effective_warnings(&store.warninglist()?);
    let mut rings = store.rings(query)?;
    for r in &mut rings {
        r.indicators.retain(|i| {
            warnings
                .hub(&Indicator::new(i.kind, i.value.clone()))
                .is_none()
        });
    }
    Ok(rings)
}

fn loss(r: &RingSummary) -> String {
    if r.loss_total.is_empty() {
        return "-".into();
    }
    r.loss_total
        .iter()
        .map(|(c, a)| format!("{} {c}", thousands(a.round() as u64)))
        .collect::<Vec<_>>()
        .join(" + ")
}

fn day(ts: &str) -> &str {
    ts.get(..10).unwrap_or(ts)
}

pub fn write_table(out: &mut impl Write, rings: &[RingSummary]) -> std::io::Result<()> {
    if rings.is_empty() {
        return writeln!(out, "no rings");
    }
    writeln!(
        out,
        "{:<9} {:>7}  {:<24} {:<12} {:<10} {:<10} {:<18} top indicators",
        "RING", "REPORTS", "PARTNERS", "BRANDS", "FIRST", "LAST", "LOSS"
    )?;
    for r in rings {
        let top: Vec<String> = r
            .indicators
            .iter()
            .take(3)
            .map(|i| format!("{}:{} ({})", i.kind, i.value, i.reports))
            .collect();
        writeln!(
            out,
            "{:<9} {:>7}  {:<24} {:<12} {:<10} {:<10} {:<18} {}",
            r.ring.as_str(),
            thousands(r.report_count),
            clip(&r.partners.join(","), 24),
            clip(&r.brands.join(","), 12),
            day(&r.first_seen),
            day(&r.last_seen),
            clip(&loss(r), 18),
            top.join("  ")
        )?;
    }
    Ok(())
}

fn clip(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(width - 1).collect();
        t.push('…');
        t
    }
}
