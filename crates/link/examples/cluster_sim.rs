//! Ring quality and clustering time on simulated data: naive connected
//! components, components with the warning list, and `cluster`, side by side.
//!
//! ```sh
//! cargo run --release -p ringtrace-link --example cluster_sim -- \
//!     [--sizes 20000,100000] [--seeds 1] [--gamma 0.02] [--min-shared 2] \
//!     [--hub-rate 0.25] [--bridge-rate 0.03] [--planted] [--export DIR]
//! ```
//!
//! Reports come from `ringtrace_sim::generate`; their indicators are read
//! as the import does (structured values canonicalised, narratives through
//! `ringtrace_extract::extract`, roles kept), or, with `--planted`, taken
//! from the generator's planted list (no extraction, no legitimate values).
//! `--hub-rate` and `--bridge-rate` are the simulator's knobs (defaults: the
//! issue's test conditions, hubs in 25% of reports, bridges in 3%). The
//! "no list" line clusters without the warning list, so every hub must be
//! recognised from the structure. `--export DIR` writes the
//! weighted graph `cluster` feeds Leiden (`edges.tsv`: a, b, weight), the
//! truth (`truth.txt`, one label per report) and `params.txt`, for
//! `scripts/clustering/leiden_reference.py`.

use ringtrace_link::eval::{score, Scores};
use ringtrace_link::{
    cluster, connected_components, report_graph, ClusterParams, LinkGraph, WarningList,
};
use ringtrace_model::{Indicator, Kind, Role};
use ringtrace_sim::{generate, SimConfig};
use std::collections::HashMap;
use std::io::Write;
use std::time::Instant;

struct Opts {
    sizes: Vec<usize>,
    seeds: Vec<u64>,
    gamma: f64,
    min_shared: u32,
    hub_rate: f64,
    bridge_rate: f64,
    planted: bool,
    incremental: usize,
    export: Option<String>,
}

fn opts() -> Opts {
    let mut o = Opts {
        sizes: vec![20_000, 100_000],
        seeds: vec![1],
        gamma: ClusterParams::default().gamma,
        min_shared: ClusterParams::default().min_shared_values,
        hub_rate: 0.25,
        bridge_rate: 0.03,
        planted: false,
        incremental: 0,
        export: None,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let val = || args.get(i + 1).cloned().expect("a value after the flag");
        match args[i].as_str() {
            "--sizes" => o.sizes = val().split(',').map(|s| s.parse().unwrap()).collect(),
            "--seeds" => o.seeds = val().split(',').map(|s| s.parse().unwrap()).collect(),
            "--gamma" => o.gamma = val().parse().unwrap(),
            "--min-shared" => o.min_shared = val().parse().unwrap(),
            "--hub-rate" => o.hub_rate = val().parse().unwrap(),
            "--bridge-rate" => o.bridge_rate = val().parse().unwrap(),
            "--export" => o.export = Some(val()),
            "--incremental" => o.incremental = val().parse().unwrap(),
            "--planted" => {
                o.planted = true;
                i -= 1;
            }
            other => panic!("unknown flag {other}"),
        }
        i += 2;
    }
    o
}

/// Reports' mentions `(indicator, may_link)` and truth labels.
struct World {
    mentions: Vec<Vec<(Indicator, bool)>>,
    truth: Vec<String>,
    /// Reports mentioning a hub (listed, or legitimate by role) before top-up.
    hubbed: usize,
}

fn simulate(cfg: &SimConfig, planted: bool) -> World {
    let n = cfg.reports;
    let list = WarningList::shipped();
    let mut w = World {
        mentions: Vec::with_capacity(n),
        truth: Vec::with_capacity(n),
        hubbed: 0,
    };
    for r in generate(cfg) {
        let mut ms: Vec<(Indicator, bool)> = Vec::new();
        if planted {
            for (k, v) in &r.planted {
                ms.push((Indicator::new(k.parse::<Kind>().unwrap(), v.clone()), true));
            }
        } else {
            let rec = &r.record;
            let region = rec.get("region").and_then(|x| x.as_str());
            if let Some(given) = rec.get("indicators").and_then(|x| x.as_array()) {
                for g in given {
                    let kind: Kind = g["kind"].as_str().unwrap().parse().unwrap();
                    let raw = g["value"].as_str().unwrap();
                    if let Ok(c) = ringtrace_extract::canonicalize(kind, raw, region) {
                        ms.push((Indicator::new(kind, c), true));
                    }
                }
            }
            if let Some(text) = rec.get("narrative").and_then(|x| x.as_str()) {
                for f in ringtrace_extract::extract(text, region) {
                    let may = !matches!(f.role, Some(Role::VictimOwn | Role::LegitimateReference));
                    ms.push((f.indicator, may));
                }
            }
        }
        if ms
            .iter()
            .any(|(i, may)| list.hub(i).is_some() || (!may && i.kind != Kind::Phone))
        {
            w.hubbed += 1;
        }
        w.mentions.push(ms);
        w.truth.push(r.cluster);
    }
    w
}

/// The store's view: indicators mentioned by more than one report, one row per pair.
fn link_graph(w: &World) -> LinkGraph {
    link_graph_of(&w.mentions)
}

fn link_graph_of(mentions: &[Vec<(Indicator, bool)>]) -> LinkGraph {
    let mut count: HashMap<&Indicator, u32> = HashMap::new();
    for ms in mentions {
        let mut seen: Vec<&Indicator> = ms.iter().map(|m| &m.0).collect();
        seen.sort();
        seen.dedup();
        for i in seen {
            *count.entry(i).or_default() += 1;
        }
    }
    let mut ids: HashMap<&Indicator, u32> = HashMap::new();
    let mut g = LinkGraph {
        reports: mentions.len(),
        ..LinkGraph::default()
    };
    for (r, ms) in mentions.iter().enumerate() {
        let mut pairs: HashMap<u32, bool> = HashMap::new();
        for (i, may) in ms {
            if count[i] < 2 {
                continue;
            }
            let next = ids.len() as u32;
            let id = *ids.entry(i).or_insert_with(|| {
                g.indicators.push(i.clone());
                next
            });
            *pairs.entry(id).or_default() |= *may;
        }
        let mut pairs: Vec<(u32, bool)> = pairs.into_iter().collect();
        pairs.sort_unstable();
        g.mentions
            .extend(pairs.into_iter().map(|(i, m)| (r as u32, i, m)));
    }
    g
}

fn scores(truth: &[String], labels: &[u32]) -> Scores {
    let t: HashMap<usize, &str> = truth.iter().map(|s| s.as_str()).enumerate().collect();
    let p: HashMap<usize, u32> = labels.iter().copied().enumerate().collect();
    score(&t, &p)
}

fn line(name: &str, s: &Scores, secs: f64, rings: usize) {
    println!(
        "  {name:<34} B3 P {:.3} R {:.3} F1 {:.3} | pairwise F1 {:.3} | ARI {:.3} | {rings:>7} rings | {secs:7.2} s",
        s.bcubed.precision, s.bcubed.recall, s.bcubed.f1, s.pairwise.f1, s.ari
    );
}

fn rings(labels: &[u32]) -> usize {
    labels.iter().map(|&l| l as usize + 1).max().unwrap_or(0)
}

fn main() {
    let o = opts();
    for &n in &o.sizes {
        for &seed in &o.seeds {
            let t = Instant::now();
            let cfg = SimConfig {
                reports: n,
                seed,
                hub_rate: o.hub_rate,
                bridge_rate: o.bridge_rate,
                ..SimConfig::default()
            };
            let w = simulate(&cfg, o.planted);
            let g = link_graph(&w);
            println!(
                "{n} reports, seed {seed}, hub rate {}, bridge rate {}{}: listed hubs or legitimate references in {:.1}% of reports; {} values, {} mentions; built in {:.1} s",
                o.hub_rate,
                o.bridge_rate,
                if o.planted { " (planted)" } else { "" },
                100.0 * w.hubbed as f64 / n as f64,
                g.indicators.len(),
                g.mentions.len(),
                t.elapsed().as_secs_f64()
            );
            let list = WarningList::shipped();
            let empty = WarningList::default();

            // ceiling: every true link kept, no false one
            let truth_pairs: Vec<(u32, u32)> = {
                let mut ids: HashMap<(u32, &str), u32> = HashMap::new();
                g.mentions
                    .iter()
                    .filter(|m| m.2 && list.hub(&g.indicators[m.1 as usize]).is_none())
                    .map(|&(r, i, _)| {
                        let next = ids.len() as u32;
                        (
                            r,
                            *ids.entry((i, w.truth[r as usize].as_str())).or_insert(next),
                        )
                    })
                    .collect()
            };
            let l = connected_components(n, &truth_pairs);
            line(
                "ceiling (true links only)",
                &scores(&w.truth, &l),
                0.0,
                rings(&l),
            );

            let t = Instant::now();
            let l = connected_components(n, &g.all_pairs());
            let s = t.elapsed().as_secs_f64();
            line("naive components", &scores(&w.truth, &l), s, rings(&l));
            let t = Instant::now();
            let l = connected_components(n, &g.linking_pairs(&list));
            let s = t.elapsed().as_secs_f64();
            line(
                "components + warning list",
                &scores(&w.truth, &l),
                s,
                rings(&l),
            );

            let p = ClusterParams {
                gamma: o.gamma,
                min_shared_values: o.min_shared,
                ..ClusterParams::default()
            };
            let leiden_only = ClusterParams {
                min_shared_values: 0,
                ..p.clone()
            };
            for (name, wl, params) in [
                ("cluster, Leiden only", &list, &leiden_only),
                ("cluster + warning list", &list, &p),
                ("cluster, no list (hubs by structure)", &empty, &p),
            ] {
                let before = reset_peak();
                let t = Instant::now();
                let c = cluster(&g, wl, params);
                let s = t.elapsed().as_secs_f64();
                let peak = status_kib("VmHWM:");
                line(name, &scores(&w.truth, &c.labels), s, rings(&c.labels));
                println!(
                    "    {} hubs detected, {} bridges recorded; memory: {} MiB before, peak {} MiB during (+{} MiB)",
                    c.hubs.len(),
                    c.bridges.len(),
                    before / 1024,
                    peak / 1024,
                    peak.saturating_sub(before) / 1024
                );
            }
            if std::env::var_os("CLUSTER_SIM_DEBUG").is_some() {
                let c = cluster(&g, &empty, &p);
                let detected: std::collections::HashSet<u32> =
                    c.hubs.iter().map(|h| h.indicator).collect();
                let mut df: HashMap<u32, (u32, u32)> = HashMap::new();
                for &(_, i, m) in &g.mentions {
                    let e = df.entry(i).or_default();
                    e.0 += 1;
                    e.1 += u32::from(m);
                }
                let mut listed: Vec<(u32, u32, u32)> = df
                    .iter()
                    .filter(|(i, _)| list.hub(&g.indicators[**i as usize]).is_some())
                    .map(|(i, (a, b))| (*i, *a, *b))
                    .collect();
                listed.sort_by_key(|x| std::cmp::Reverse(x.2));
                for (i, all, linking) in listed.iter().take(40) {
                    println!(
                        "    listed {} {}: {all} mentions, {linking} linking, detected {}",
                        g.indicators[*i as usize].kind,
                        g.indicators[*i as usize].value,
                        detected.contains(i)
                    );
                }
                for h in c.hubs.iter().take(30) {
                    println!("    detected: {}", h.reason);
                }
            }
            if o.incremental > 0 {
                incremental(&w, &list, &p, o.incremental);
            }
            if let Some(dir) = &o.export {
                export(dir, &g, &list, &leiden_only, &w.truth);
            }
        }
    }
}

/// Clusters all but the last `k` reports, places those one by one as the
/// CLI's incremental linking does (weights `specificity(df)` per shared
/// report, listed and detected hubs skipped), under two criteria, and scores
/// each against the truth beside a full clustering.
fn incremental(w: &World, list: &WarningList, p: &ClusterParams, k: usize) {
    use ringtrace_link::{place_with_values, specificity, RingLink};
    let n = w.truth.len();
    let base_n = n - k;
    let base = link_graph_of(&w.mentions[..base_n]);
    let c = cluster(&base, list, p);
    let detected: std::collections::HashSet<&Indicator> = c
        .hubs
        .iter()
        .map(|h| &base.indicators[h.indicator as usize])
        .collect();
    // value -> reports mentioning it linkingly, over the whole world
    let mut reports_of: HashMap<&Indicator, Vec<u32>> = HashMap::new();
    for (r, ms) in w.mentions.iter().enumerate() {
        for (i, may) in ms {
            if *may && list.hub(i).is_none() && !detected.contains(i) {
                let v = reports_of.entry(i).or_default();
                if v.last() != Some(&(r as u32)) {
                    v.push(r as u32);
                }
            }
        }
    }
    let full = cluster(&link_graph(w), list, p);
    let sf = scores(&w.truth, &full.labels);
    println!(
        "  incremental: {k} last reports placed one by one on a clustering of {base_n}; full clustering B3 F1 {:.4}",
        sf.bcubed.f1
    );
    for (name, by_neighbours) in [
        ("CPM gain against the whole ring", false),
        ("CPM gain against the reports linked to", true),
    ] {
        let mut labels: Vec<u32> = c.labels.clone();
        let mut sizes: HashMap<u32, u32> = HashMap::new();
        for &l in &labels {
            *sizes.entry(l).or_default() += 1;
        }
        let mut next = sizes.len() as u32;
        let t = Instant::now();
        for r in base_n..n {
            let mut links: HashMap<u32, (f64, u32, u32)> = HashMap::new();
            for (i, may) in &w.mentions[r] {
                if !*may {
                    continue;
                }
                let Some(others) = reports_of.get(i) else {
                    continue;
                };
                let earlier: Vec<u32> = others
                    .iter()
                    .copied()
                    .filter(|&o| (o as usize) < r)
                    .collect();
                let weight = specificity(earlier.len() as u32 + 1);
                let mut here = std::collections::HashSet::new();
                for o in earlier {
                    let e = links.entry(labels[o as usize]).or_default();
                    e.0 += weight;
                    e.2 += 1;
                    here.insert(labels[o as usize]);
                }
                for l in here {
                    links.entry(l).or_default().1 += 1;
                }
            }
            let cands: Vec<RingLink> = links
                .iter()
                .map(|(&ring, &(weight, values, neighbours))| RingLink {
                    ring,
                    weight,
                    size: if by_neighbours {
                        neighbours
                    } else {
                        sizes[&ring]
                    },
                    values,
                })
                .collect();
            let l = place_with_values(&cands, p.gamma, p.min_shared_values).unwrap_or_else(|| {
                next += 1;
                next - 1
            });
            *sizes.entry(l).or_default() += 1;
            labels.push(l);
        }
        let el = t.elapsed().as_secs_f64();
        let s = scores(&w.truth, &labels);
        println!(
            "    {name:<40} B3 P {:.4} R {:.4} F1 {:.4} ({:.1} µs per report)",
            s.bcubed.precision,
            s.bcubed.recall,
            s.bcubed.f1,
            el * 1e6 / k as f64
        );
    }
}

/// A field of /proc/self/status in KiB (Linux; 0 elsewhere).
fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// Resets the peak resident size to the current one; returns it (KiB).
fn reset_peak() -> u64 {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    status_kib("VmRSS:")
}

fn export(dir: &str, g: &LinkGraph, list: &WarningList, p: &ClusterParams, truth: &[String]) {
    std::fs::create_dir_all(dir).unwrap();
    let (edges, _) = report_graph(g, list, p);
    let t = Instant::now();
    let csr = ringtrace_link::leiden::CsrGraph::from_edges(g.reports, &edges);
    let labels =
        ringtrace_link::leiden::leiden_iterated(&csr, p.gamma, p.seed, p.max_levels, p.iterations);
    println!(
        "  ours on the exported graph: CPM quality {:.1}, {} clusters, {:.2} s",
        ringtrace_link::leiden::quality(&csr, &labels, p.gamma),
        rings(&labels),
        t.elapsed().as_secs_f64()
    );
    let mut f = std::io::BufWriter::new(std::fs::File::create(format!("{dir}/edges.tsv")).unwrap());
    for (a, b, w) in edges {
        writeln!(f, "{a}\t{b}\t{w}").unwrap();
    }
    let mut f = std::io::BufWriter::new(std::fs::File::create(format!("{dir}/truth.txt")).unwrap());
    for t in truth {
        writeln!(f, "{t}").unwrap();
    }
    std::fs::write(
        format!("{dir}/params.txt"),
        format!(
            "reports\t{}\ngamma\t{}\nseed\t{}\n",
            g.reports, p.gamma, p.seed
        ),
    )
    .unwrap();
    println!("  exported the weighted graph to {dir}");
}
