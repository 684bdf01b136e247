//! `ringtrace explain A B`: why two reports are, or are not, in one ring.

use crate::args::ExplainArgs;
use crate::config::open_store;
use anyhow::{anyhow, Result};
use ringtrace_ingest::effective_warnings;
use ringtrace_link::{explain, Clustering, IgnoredBecause};
use ringtrace_model::{PartnerSlug, ReportId, ReportKey};
use serde_json::json;
use std::collections::HashMap;
use std::process::ExitCode;

fn key(s: &str) -> Result<ReportKey> {
    let (p, i) = s
        .split_once(':')
        .ok_or_else(|| anyhow!("`{s}` is not a report key partner:id"))?;
    Ok(ReportKey {
        partner: PartnerSlug::parse(p).map_err(|e| anyhow!("`{s}`: {e}"))?,
        id: ReportId::parse(i).map_err(|e| anyhow!("`{s}`: {e}"))?,
    })
}

pub fn run(db: &str, args: &ExplainArgs) -> Result<ExitCode> {
    let store = open_store(db)?;
    let (ka, kb) = (key(&args.a)?, key(&args.b)?);
    let pk = |k: &ReportKey| -> Result<i64> {
        store
            .report_pk(k)?
            .ok_or_else(|| anyhow!("no report {k} in this database"))
    };
    let (pa, pb) = (pk(&ka)?, pk(&kb)?);
    let input = store.link_input()?;
    let warnings = effective_warnings(&store.warninglist()?);
    // The rings as stored, as the clustering's labels; detected hubs as stored.
    let mut label_of: HashMap<String, u32> = HashMap::new();
    let mut ring_of_label: Vec<String> = Vec::new();
    let labels: Vec<u32> = input
        .previous
        .iter()
        .map(|r| {
            let r = r
                .as_ref()
                .map(|r| r.as_str().to_string())
                .unwrap_or_default();
            *label_of.entry(r.clone()).or_insert_with(|| {
                ring_of_label.push(r);
                ring_of_label.len() as u32 - 1
            })
        })
        .collect();
    let index_of: HashMap<_, u32> = input
        .graph
        .indicators
        .iter()
        .enumerate()
        .map(|(n, i)| (i.clone(), n as u32))
        .collect();
    let hubs = store
        .detected_hubs()?
        .into_iter()
        .filter_map(|h| {
            Some(ringtrace_link::DetectedHub {
                indicator: *index_of.get(&h.indicator)?,
                reports: h.reports as u32,
                clusters: h.clusters as u32,
                reason: h.reason,
            })
        })
        .collect();
    let clustering = Clustering {
        labels,
        hubs,
        bridges: Vec::new(),
    };
    let position = |pk: i64| input.report_pks.binary_search(&pk).map(|p| p as u32);
    let (Ok(a), Ok(b)) = (position(pa), position(pb)) else {
        return Err(anyhow!("the database changed while reading it; try again"));
    };
    let e = explain(&input.graph, &warnings, &clustering, a, b);
    let keys: HashMap<i64, String> = store
        .report_rings()?
        .into_iter()
        .map(|(pk, key, _)| (pk, key))
        .collect();
    let name = |r: u32| {
        keys.get(&input.report_pks[r as usize])
            .cloned()
            .unwrap_or_default()
    };
    let value = |i: u32| input.graph.indicators[i as usize].to_string();
    let ring = |l: u32| ring_of_label.get(l as usize).cloned().unwrap_or_default();
    let because = |b: &IgnoredBecause| match b {
        IgnoredBecause::ListedHub { owner, note } => {
            format!("on the warning list ({owner}: {note})")
        }
        IgnoredBecause::DetectedHub { reason } => {
            format!("a hub recognised from the graph ({reason})")
        }
        IgnoredBecause::Bridge { a, b } => format!(
            "a bridge between {} and {}, recorded, not merged through",
            ring(*a),
            ring(*b)
        ),
        IgnoredBecause::Role => {
            "mentioned only as a victim's own value or a legitimate reference".to_string()
        }
    };
    if args.json {
        let out = json!({
            "a": ka.to_string(), "b": kb.to_string(),
            "ring_a": ring(e.ring_a), "ring_b": ring(e.ring_b), "same_ring": e.same_ring,
            "path": e.path.iter().map(|s| json!({"from": name(s.from), "via": value(s.indicator), "to": name(s.to)})).collect::<Vec<_>>(),
            "ignored": e.ignored.iter().map(|i| json!({"value": value(i.indicator), "because": because(&i.because)})).collect::<Vec<_>>(),
        });
        println!("{out}");
        return Ok(ExitCode::SUCCESS);
    }
    if e.same_ring {
        println!("{ka} and {kb} are in one ring, {}:", ring(e.ring_a));
    } else {
        println!(
            "{ka} (ring {}) and {kb} (ring {}) are in different rings.",
            ring(e.ring_a),
            ring(e.ring_b)
        );
    }
    if e.path.is_empty() {
        println!("  nothing connects them, not even a hub");
    } else {
        if !e.same_ring {
            println!("  the closest connection:");
        }
        for s in &e.path {
            println!(
                "  {}  --{}-->  {}",
                name(s.from),
                value(s.indicator),
                name(s.to)
            );
        }
    }
    for i in &e.ignored {
        println!("  ignored {}: {}", value(i.indicator), because(&i.because));
    }
    Ok(ExitCode::SUCCESS)
}
