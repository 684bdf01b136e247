//! `ringtrace demo`: a simulated ecosystem in a fresh database, linked and shown.

use super::eval::{baselines, read_truth, Evaluation};
use super::import::import_file;
use super::rings::{load, write_table};
use crate::args::{DemoArgs, ImportArgs};
use anyhow::{Context, Result};
use chrono::Utc;
use ringtrace_act::device::ExtractFormat;
use ringtrace_link::eval::score;
use ringtrace_server::investigation::{evidence, log};
use ringtrace_sim::seized::SeizureConfig;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::process::ExitCode;

pub fn run(args: &DemoArgs) -> Result<ExitCode> {
    let dir = tempfile::Builder::new()
        .prefix("ringtrace-demo-")
        .tempdir()
        .context("creating a temporary directory")?
        .keep();
    let db = dir.join("ringtrace.db");
    let db = db
        .to_str()
        .context("the temporary path is not UTF-8")?
        .to_string();
    println!(
        "ringtrace demo: a simulated tech-support-scam ecosystem of {} reports (seed {})",
        args.reports, args.seed
    );
    let sim = ringtrace_sim::SimConfig {
        reports: args.reports,
        seed: args.seed,
        ..ringtrace_sim::SimConfig::default()
    };
    super::sim::write(&dir, &sim)?;
    let mut store = crate::config::open_store(&db)?;
    let reports = dir.join("reports.jsonl");
    let name = reports
        .to_str()
        .context("the temporary path is not UTF-8")?
        .to_string();
    let import = ImportArgs {
        from: None,
        files: vec![name.clone()],
        skip_invalid: None,
        format: None,
        full_relink: true,
    };
    let summary = import_file(store.as_mut(), &name, &import)?;
    println!(
        "imported: {} reports, {} rings touched, in {:.2} s",
        summary.reports(),
        summary.relinked.rings_touched,
        summary.elapsed.as_secs_f64()
    );
    println!();
    println!("The ten largest rings:");
    let rings = load(store.as_ref(), 2, Some(10))?;
    let mut out = std::io::stdout().lock();
    write_table(&mut out, &rings)?;
    drop(out);
    println!();
    let truth = read_truth(&dir.join("truth.jsonl"))?;
    let predicted: HashMap<String, String> = store
        .report_rings()?
        .into_iter()
        .map(|(_, key, ring)| (key, ring))
        .collect();
    let evaluation = Evaluation {
        ringtrace: score(&truth, &predicted),
        baselines: baselines(store.as_ref(), &truth)?,
    };
    print!("{}", evaluation.table());
    println!();
    raid(store.as_mut(), &dir, &sim, &truth, &predicted)?;
    println!();
    println!("The database is {db}; try:");
    println!("  ringtrace --db {db} rings --limit 20");
    println!("  ringtrace --db {db} evidence show --case C-000001");
    if let Some(top) = rings.first().and_then(|r| r.indicators.first()) {
        println!(
            "  ringtrace --db {db} lookup '{}' --kind {}",
            top.value, top.kind
        );
    }
    if args.no_serve {
        return Ok(ExitCode::SUCCESS);
    }
    // Every partner of the simulated reports, an operator with an admin key,
    // and one analyst key, so the API can be tried at once.
    let partners: std::collections::BTreeSet<String> = store
        .report_rings()?
        .into_iter()
        .filter_map(|(_, key, _)| key.split_once(':').map(|(p, _)| p.to_string()))
        .collect();
    for p in &partners {
        ringtrace_server::admin::add_partner(store.as_mut(), p, "", "demo")?;
    }
    ringtrace_server::admin::add_partner(store.as_mut(), "operator", "Service operator", "demo")?;
    let (admin_key, _) = ringtrace_server::admin::create_key(
        store.as_mut(),
        "operator",
        ringtrace_model::AccessRole::Admin,
        "demo",
        "demo",
    )?;
    let analyst_of = partners
        .iter()
        .next()
        .cloned()
        .unwrap_or_else(|| "operator".into());
    let (analyst_key, _) = ringtrace_server::admin::create_key(
        store.as_mut(),
        &analyst_of,
        ringtrace_model::AccessRole::Analyst,
        "demo",
        "demo",
    )?;
    drop(store);
    let addr_text = args.addr.clone().unwrap_or_else(|| "127.0.0.1:8080".into());
    let addr = addr_text
        .parse()
        .with_context(|| format!("--addr {addr_text}: not an address like 127.0.0.1:8080"))?;
    let config = ringtrace_server::ServerConfig::new(addr, db.clone());
    super::serve::serve(config, args.addr.is_none(), |addr| {
        println!();
        println!("Serving on http://{addr} until Ctrl-C. Keys (shown once):");
        println!("  admin of `operator`:     {admin_key}");
        println!("  analyst of `{analyst_of}`: {analyst_key}");
        println!("Open http://{addr}/ in a browser and sign in with the analyst key, or try:");
        println!(
            "  curl -H 'Authorization: Bearer {analyst_key}' 'http://{addr}/v1/rings?limit=5'"
        );
    })?;
    Ok(ExitCode::SUCCESS)
}

/// A simulated raid on the three largest operations: a case on the rings
/// that hold them, and the seized devices' extracts imported into it.
fn raid(
    store: &mut dyn ringtrace_store::Store,
    dir: &Path,
    sim: &ringtrace_sim::SimConfig,
    truth: &HashMap<String, String>,
    predicted: &HashMap<String, String>,
) -> Result<()> {
    let seized = super::sim::write_seized(
        &dir.join("seized"),
        sim,
        &SeizureConfig {
            seed: sim.seed,
            ..SeizureConfig::default()
        },
    )?;
    let ops: BTreeSet<&String> = seized.exhibits.iter().flat_map(|e| &e.ops).collect();
    if ops.is_empty() {
        return Ok(());
    }
    // the ring holding most of each operation's reports
    let mut votes: HashMap<(&str, &str), usize> = HashMap::new();
    for (key, ring) in predicted {
        if let Some(op) = truth.get(key).filter(|op| ops.contains(op)) {
            *votes.entry((op, ring)).or_default() += 1;
        }
    }
    let mut rings: Vec<String> = Vec::new();
    for op in &ops {
        let best = votes
            .iter()
            .filter(|((o, _), _)| o == op)
            .max_by_key(|((_, r), n)| (**n, std::cmp::Reverse(*r)))
            .map(|((_, r), _)| r.to_string());
        if let Some(r) = best.filter(|r| !rings.contains(r)) {
            rings.push(r);
        }
    }
    let now = Utc::now();
    let case = log::open(store, "Simulated raid", &rings, "demo", now)?;
    let mut touching = 0;
    for e in &seized.exhibits {
        let path = dir.join("seized").join(&e.file_name);
        let format = ExtractFormat::from_file_name(&e.file_name).unwrap_or(ExtractFormat::Json);
        let out = evidence::import(
            store,
            &evidence::ImportRequest {
                case: &case.id,
                exhibit: &e.exhibit,
                site: &e.site,
                file_name: &path.display().to_string(),
                bytes: e.content.as_bytes(),
                format,
                region: Some("IN"),
                by: "demo",
                at: now,
            },
        )?;
        if !out.matches.exhibits.is_empty() {
            touching += 1;
        }
    }
    let sites: BTreeSet<&String> = seized.exhibits.iter().map(|e| &e.site).collect();
    println!(
        "A simulated raid: case {} on {} rings, {} seized-device extracts from {} sites \
         ({} touch the rings)",
        case.id,
        rings.len(),
        seized.exhibits.len(),
        sites.len(),
        touching,
    );
    Ok(())
}
