//! Measures generation speed, prints a few sample records and the realised
//! rates of the knobs: `cargo run --release -p ringtrace-sim --example sim_throughput -- N SEED [BRIDGE_RATE [HUB_RATE]]`.

use ringtrace_sim::{generate, SimConfig};
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let reports: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200_000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let defaults = SimConfig::default();
    let bridge_rate: f64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(defaults.bridge_rate);
    let hub_rate: f64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(defaults.hub_rate);
    let mut notes: std::collections::BTreeMap<&str, usize> = Default::default();
    let start = Instant::now();
    let mut bytes = 0usize;
    let mut sizes: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, r) in generate(&SimConfig {
        reports,
        seed,
        bridge_rate,
        hub_rate,
        ..defaults
    })
    .enumerate()
    {
        *sizes.entry(r.cluster.clone()).or_default() += 1;
        for n in &r.notes {
            let n = n.split(':').next().unwrap_or(n);
            *notes.entry(n).or_default() += 1;
        }
        if std::env::var_os("SERIALIZE").is_some() {
            bytes += r.record.to_string().len();
        }
        if i < 3 {
            let line = r.record.to_string();
            println!("{line}\n  cluster={} planted={:?}", r.cluster, r.planted);
        }
    }
    let el = start.elapsed().as_secs_f64();
    let mut ops: Vec<usize> = sizes
        .iter()
        .filter(|(k, _)| k.starts_with("op-"))
        .map(|(_, &v)| v)
        .collect();
    ops.sort_unstable_by(|a, b| b.cmp(a));
    let solos = sizes.len() - ops.len();
    let small = ops.iter().filter(|&&s| s <= 10).count();
    println!(
        "{} operations (largest {:?}, median {}, {small} with <= 10 reports), {solos} singletons",
        ops.len(),
        &ops[..ops.len().min(5)],
        ops.get(ops.len() / 2).copied().unwrap_or(0)
    );
    let shares: Vec<String> = notes
        .iter()
        .map(|(n, c)| format!("{n} {:.4}", *c as f64 / reports.max(1) as f64))
        .collect();
    println!("realised shares of reports: {}", shares.join(", "));
    println!(
        "{reports} reports, {bytes} bytes of JSON, {el:.2}s, {:.0} reports/s",
        reports as f64 / el
    );
}
