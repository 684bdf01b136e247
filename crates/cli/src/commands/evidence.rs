//! `ringtrace evidence import|show|custody`: seized-device extracts as
//! exhibits of a case, what they touch among the rings and victims'
//! reports, what the sites share, and their chain of custody.

use crate::args::{EvidenceCommand, EvidenceImportArgs};
use crate::config::open_store;
use anyhow::{anyhow, Context, Result};
use chrono::Utc;
use ringtrace_act::case::CaseId;
use ringtrace_act::device::{ExhibitMatches, ExtractFormat};
use ringtrace_server::investigation::evidence::{self, ImportRequest};
use std::process::ExitCode;

pub fn run(db: &str, cmd: &EvidenceCommand) -> Result<ExitCode> {
    let mut store = open_store(db)?;
    let case_id = |s: &str| CaseId::parse(s).map_err(|e| anyhow!("--case: {e}"));
    match cmd {
        EvidenceCommand::Import(a) => import(store.as_mut(), a)?,
        EvidenceCommand::Show { case, json } => {
            let case = case_id(case)?;
            ringtrace_server::investigation::log::get(store.as_ref(), &case)?;
            let exhibits = evidence::exhibits(store.as_ref(), &case)?;
            let m = evidence::matches_of(store.as_ref(), &exhibits)?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&m)?);
            } else {
                println!("case {case}: {} exhibits", exhibits.len());
                for e in &exhibits {
                    if !m.exhibits.iter().any(|x| x.exhibit == e.id) {
                        println!(
                            "{} (site {}): {} values, none in a ring",
                            e.id,
                            e.site,
                            e.indicators.len()
                        );
                    }
                }
                print_matches(&m);
            }
        }
        EvidenceCommand::Custody { case } => {
            let case = case_id(case)?;
            ringtrace_server::investigation::log::get(store.as_ref(), &case)?;
            let entries = evidence::custody(store.as_ref(), &case)?;
            if entries.is_empty() {
                println!("case {case} has no exhibits yet");
            }
            for c in entries {
                println!(
                    "{}  site {}  {} ({}, {} bytes)  sha256 {}  imported by {} at {}",
                    c.exhibit,
                    c.site,
                    c.file_name,
                    c.format,
                    c.size,
                    c.sha256,
                    c.imported_by,
                    c.imported_at.to_rfc3339()
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn import(store: &mut dyn ringtrace_store::Store, a: &EvidenceImportArgs) -> Result<()> {
    let case = CaseId::parse(&a.case).map_err(|e| anyhow!("--case: {e}"))?;
    let name = a.file.display().to_string();
    let format = match &a.format {
        Some(f) => f.parse().map_err(|e| anyhow!("--format: {e}"))?,
        None => ExtractFormat::from_file_name(&name).ok_or_else(|| {
            anyhow!("{name}: say --format json or csv (the name does not end in .json or .csv)")
        })?,
    };
    let bytes = std::fs::read(&a.file).with_context(|| format!("cannot read {name}"))?;
    let region = a.region.as_deref().map(str::to_ascii_uppercase);
    let out = evidence::import(
        store,
        &ImportRequest {
            case: &case,
            exhibit: &a.exhibit,
            site: &a.site,
            file_name: &name,
            bytes: &bytes,
            format,
            region: region.as_deref(),
            by: &a.by,
            at: Utc::now(),
        },
    )?;
    println!(
        "{} imported into case {case} (site {}): {} values read; SHA-256 {}",
        out.custody.exhibit, out.custody.site, out.indicators, out.custody.sha256
    );
    if out.matches.exhibits.is_empty() {
        println!("it touches no ring");
    }
    print_matches(&out.matches);
    Ok(())
}

fn print_matches(m: &ExhibitMatches) {
    for e in &m.exhibits {
        println!("{} (site {}):", e.exhibit, e.site);
        for r in &e.rings {
            println!("  ring {}:", r.ring);
            for i in &r.indicators {
                println!(
                    "    {} ({}; {})",
                    i.indicator,
                    i.sources.join(", "),
                    reports(i.reports.len())
                );
            }
        }
        if !e.reports.is_empty() {
            let keys: Vec<String> = e.reports.iter().map(|k| k.to_string()).collect();
            println!("  victims' reports: {}", keys.join(", "));
        }
    }
    for s in &m.sims {
        println!(
            "SIM of {} (site {}, {}) carried {}, a number of ring {} ({})",
            s.exhibit,
            s.site,
            s.source,
            s.indicator.value,
            s.rings.join(", "),
            reports(s.reports.len())
        );
    }
    for a in &m.mail_accounts {
        println!(
            "e-mail account {} on {} (site {}) is the scam sender of ring {} ({})",
            a.indicator.value,
            a.exhibit,
            a.site,
            a.rings.join(", "),
            reports(a.reports.len())
        );
    }
    for link in &m.sites {
        for s in link.sentences() {
            println!("{s}");
        }
    }
}

fn reports(n: usize) -> String {
    if n == 1 {
        "1 report".into()
    } else {
        format!("{n} reports")
    }
}
