//! `ringtrace case`: open, list, show and change investigations. Each
//! change is one event, checked by the case's rules, stored and audited
//! (`ringtrace_server::investigation::log`).

use crate::args::{CaseArgs, CaseCommand};
use crate::config::open_store;
use anyhow::{anyhow, Result};
use chrono::Utc;
use ringtrace_act::case::{Case, CaseEvent, CaseId, CaseStatus};
use ringtrace_model::ReportKey;
use ringtrace_server::investigation::{log, view};
use ringtrace_store::Store;
use std::process::ExitCode;

pub fn run(db: &str, args: &CaseArgs) -> Result<ExitCode> {
    let mut store = open_store(db)?;
    let by = args.by.as_str();
    let now = Utc::now();
    let id = |s: &str| CaseId::parse(s).map_err(|e| anyhow!("{e}"));
    match &args.command {
        CaseCommand::Open { title, rings } => {
            let case = log::open(store.as_mut(), title, rings, by, now)?;
            println!("{}", case.id);
            eprintln!("case {} opened on {}", case.id, case.rings.join(", "));
        }
        CaseCommand::List => {
            let cases = log::all(store.as_ref())?;
            if cases.is_empty() {
                println!("no cases yet: `ringtrace case open --title … --ring R-…`");
            }
            for l in cases {
                let c = &l.case;
                println!(
                    "{}  {:<8}  {:<20}  {}  [{}]",
                    c.id,
                    c.status.name(),
                    c.assignee.as_deref().unwrap_or("-"),
                    c.title,
                    c.rings.join(" ")
                );
            }
        }
        CaseCommand::Show { case, json } => {
            let loaded = log::get(store.as_ref(), &id(case)?)?;
            let v = view::view(store.as_ref(), loaded)?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                print_view(&v);
            }
        }
        CaseCommand::Note { case, text } => {
            apply(store.as_mut(), &id(case)?, &|_| CaseEvent::Noted {
                text: text.clone(),
                at: now,
                by: by.into(),
            })?
        }
        CaseCommand::Assign { case, assignee } => {
            apply(store.as_mut(), &id(case)?, &|_| CaseEvent::Assigned {
                assignee: assignee.clone(),
                at: now,
                by: by.into(),
            })?
        }
        CaseCommand::Task {
            case,
            text,
            assignee,
        } => apply(store.as_mut(), &id(case)?, &|c| CaseEvent::TaskAdded {
            task: c.next_task_id(),
            text: text.clone(),
            assignee: assignee.clone(),
            at: now,
            by: by.into(),
        })?,
        CaseCommand::Done { case, task } => {
            apply(store.as_mut(), &id(case)?, &|_| CaseEvent::TaskDone {
                task: *task,
                at: now,
                by: by.into(),
            })?
        }
        CaseCommand::Link {
            case,
            rings,
            reports,
        } => {
            if rings.is_empty() && reports.is_empty() {
                return Err(anyhow!("case link: give --ring R-… or --report partner:id"));
            }
            let mut keys = Vec::new();
            for r in reports {
                keys.push(ReportKey::parse(r).map_err(|e| anyhow!("--report {r}: {e}"))?);
            }
            for ring in rings {
                apply(store.as_mut(), &id(case)?, &|_| CaseEvent::RingLinked {
                    ring: ring.clone(),
                    at: now,
                    by: by.into(),
                })?;
            }
            for k in keys {
                apply(store.as_mut(), &id(case)?, &|_| CaseEvent::ReportLinked {
                    report: k.clone(),
                    at: now,
                    by: by.into(),
                })?;
            }
        }
        CaseCommand::Refer { case, agency } => {
            apply(store.as_mut(), &id(case)?, &|_| CaseEvent::Referred {
                agency: agency.clone(),
                at: now,
                by: by.into(),
            })?
        }
        CaseCommand::Close { case, resolution } => {
            apply(store.as_mut(), &id(case)?, &|_| CaseEvent::Closed {
                resolution: resolution.clone(),
                at: now,
                by: by.into(),
            })?
        }
        CaseCommand::Reopen { case, reason } => {
            apply(store.as_mut(), &id(case)?, &|_| CaseEvent::Reopened {
                reason: reason.clone(),
                at: now,
                by: by.into(),
            })?
        }
        CaseCommand::Export(a) => {
            return super::case_export::run(store.as_mut(), a, by);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One change: the case's rules decide, the event is stored and audited.
fn apply(store: &mut dyn Store, id: &CaseId, make: &dyn Fn(&Case) -> CaseEvent) -> Result<()> {
    let (case, event) = log::change(store, id, |c| Ok(make(c)))?;
    println!("{}: {} ({})", case.id, event.name(), case.status.name());
    Ok(())
}

/// `case show` as text.
fn print_view(v: &view::CaseView) {
    let c = &v.case;
    println!("{}  {}", c.id, c.title);
    let status = match &c.status {
        CaseStatus::Open => "open".to_string(),
        CaseStatus::Referred { agency, at } => {
            format!("referred to {agency} on {}", at.date_naive())
        }
        CaseStatus::Closed { resolution, at } => {
            format!("closed on {}: {resolution}", at.date_naive())
        }
    };
    println!("status:    {status}");
    println!("opened:    {} by {}", c.opened_at.to_rfc3339(), c.opened_by);
    println!("assignee:  {}", c.assignee.as_deref().unwrap_or("-"));
    println!("agency:    {}", c.agency.as_deref().unwrap_or("-"));
    println!("rings:");
    for r in &v.rings {
        if !r.exists {
            println!(
                "  {}  (no longer exists: merged or emptied by a relink)",
                r.ring
            );
            continue;
        }
        println!("  {}  {} reports", r.ring, r.report_count);
        if !r.new_reports.is_empty() {
            println!(
                "    {} new since the case was opened: {}",
                r.new_reports.len(),
                r.new_reports
                    .iter()
                    .map(|n| n.report.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    if !v.linked_reports.is_empty() {
        println!("reports linked:");
        for r in &v.linked_reports {
            let ring = match (&r.ring, r.stored) {
                (_, false) => "not stored".to_string(),
                (Some(g), true) => format!("ring {g}"),
                (None, true) => "no ring".to_string(),
            };
            println!("  {}  ({ring})", r.report);
        }
    }
    if !c.notes.is_empty() {
        println!("notes:");
        for n in &c.notes {
            println!("  {}  {}: {}", n.at.to_rfc3339(), n.author, n.text);
        }
    }
    if !c.tasks.is_empty() {
        println!("tasks:");
        for t in &c.tasks {
            let mark = if t.done { "x" } else { " " };
            let who = t
                .assignee
                .as_ref()
                .map(|a| format!(" ({a})"))
                .unwrap_or_default();
            println!("  [{mark}] {}. {}{who}", t.id, t.text);
        }
    }
    if !v.exhibits.is_empty() {
        println!("exhibits:");
        for e in &v.exhibits {
            println!(
                "  {}  site {}  {}  sha256 {}",
                e.exhibit, e.site, e.file_name, e.sha256
            );
        }
    }
}
