//! Ring quality on simulated data (hubs in 25% of reports, bridges in 3%),
//! indicators read as the import reads them: the clustering must beat
//! connected components with the warning list clearly, find the hubs from
//! the structure alone when the list is empty (and only listed values), and
//! explain its rings with valid paths.

use ringtrace_link::eval::{score, Scores};
use ringtrace_link::{
    cluster, connected_components, explain, ClusterParams, LinkGraph, WarningList,
};
use ringtrace_model::{Indicator, Kind, Role};
use ringtrace_sim::{generate, SimConfig};
use std::collections::HashMap;

fn world(n: usize, seed: u64) -> (LinkGraph, Vec<String>) {
    let cfg = SimConfig {
        reports: n,
        seed,
        hub_rate: 0.25,
        bridge_rate: 0.03,
        ..SimConfig::default()
    };
    let mut per_report: Vec<Vec<(Indicator, bool)>> = Vec::new();
    let mut truth = Vec::new();
    for r in generate(&cfg) {
        let rec = &r.record;
        let region = rec.get("region").and_then(|x| x.as_str());
        let mut ms = Vec::new();
        for g in rec
            .get("indicators")
            .and_then(|x| x.as_array())
            .into_iter()
            .flatten()
        {
            let kind: Kind = g["kind"].as_str().unwrap().parse().unwrap();
            if let Ok(c) =
                ringtrace_extract::canonicalize(kind, g["value"].as_str().unwrap(), region)
            {
                ms.push((Indicator::new(kind, c), true));
            }
        }
        if let Some(text) = rec.get("narrative").and_then(|x| x.as_str()) {
            for f in ringtrace_extract::extract(text, region) {
                let may = !matches!(f.role, Some(Role::VictimOwn | Role::LegitimateReference));
                ms.push((f.indicator, may));
            }
        }
        per_report.push(ms);
        truth.push(r.cluster);
    }
    // the store's view: values of more than one report, one row per pair
    let mut reports_of: HashMap<Indicator, Vec<(u32, bool)>> = HashMap::new();
    for (r, ms) in per_report.into_iter().enumerate() {
        for (i, may) in ms {
            let rows = reports_of.entry(i).or_default();
            match rows.iter_mut().find(|x| x.0 == r as u32) {
                Some(x) => x.1 |= may,
                None => rows.push((r as u32, may)),
            }
        }
    }
    let mut values: Vec<(Indicator, Vec<(u32, bool)>)> = reports_of
        .into_iter()
        .filter(|(_, v)| v.len() > 1)
        .collect();
    values.sort_by(|a, b| a.0.cmp(&b.0));
    let mut g = LinkGraph {
        reports: n,
        ..LinkGraph::default()
    };
    for (id, (ind, rows)) in values.into_iter().enumerate() {
        g.indicators.push(ind);
        g.mentions
            .extend(rows.into_iter().map(|(r, m)| (r, id as u32, m)));
    }
    (g, truth)
}

fn scores(truth: &[String], labels: &[u32]) -> Scores {
    let t: HashMap<usize, &str> = truth.iter().map(|s| s.as_str()).enumerate().collect();
    let p: HashMap<usize, u32> = labels.iter().copied().enumerate().collect();
    score(&t, &p)
}

#[test]
fn clustering_beats_components_and_finds_hubs() {
    let (g, truth) = world(12_000, 3);
    let list = WarningList::shipped();
    let cc = scores(
        &truth,
        &connected_components(g.reports, &g.linking_pairs(&list)),
    );
    let params = ClusterParams::default();
    let ours = cluster(&g, &list, &params);
    let s = scores(&truth, &ours.labels);
    assert!(s.bcubed.f1 >= 0.9, "{s:?}");
    assert!(s.bcubed.precision >= 0.98, "{s:?}");
    assert!(
        s.bcubed.f1 >= cc.bcubed.f1 + 0.05,
        "ours {s:?}, components {cc:?}"
    );
    assert!(!ours.bridges.is_empty());
    for b in &ours.bridges {
        assert!(b.a < b.b && b.reports_a > 0 && b.reports_b > 0);
    }

    // no warning list: the hubs must come from the structure
    let bare = cluster(&g, &WarningList::default(), &params);
    let s_bare = scores(&truth, &bare.labels);
    assert!(
        s_bare.bcubed.f1 >= s.bcubed.f1 - 0.01,
        "{s_bare:?} vs {s:?}"
    );
    assert!(bare.hubs.len() >= 10, "{:?}", bare.hubs);
    for h in &bare.hubs {
        let ind = &g.indicators[h.indicator as usize];
        assert!(list.hub(ind).is_some(), "not a hub: {}", h.reason);
    }

    // an analyst overrules the biggest one: it links again
    let big = bare.hubs.iter().max_by_key(|h| h.reports).unwrap();
    let mut w = WarningList::default();
    w.overrule(g.indicators[big.indicator as usize].clone());
    let overruled = cluster(&g, &w, &params);
    assert!(overruled.hubs.iter().all(|h| h.indicator != big.indicator));
}

#[test]
fn explanations_are_valid_paths() {
    let (g, _) = world(3_000, 5);
    let list = WarningList::shipped();
    let c = cluster(&g, &list, &ClusterParams::default());
    let mentions: std::collections::HashSet<(u32, u32)> =
        g.mentions.iter().map(|&(r, i, _)| (r, i)).collect();
    // the first report of the largest ring, with every other report of it
    let mut size: HashMap<u32, usize> = HashMap::new();
    for &l in &c.labels {
        *size.entry(l).or_default() += 1;
    }
    let (&ring, _) = size
        .iter()
        .max_by_key(|(l, n)| (**n, std::cmp::Reverse(**l)))
        .unwrap();
    let members: Vec<u32> = (0..g.reports as u32)
        .filter(|&r| c.labels[r as usize] == ring)
        .collect();
    assert!(members.len() >= 10);
    for &b in &members[1..] {
        let e = explain(&g, &list, &c, members[0], b);
        assert!(e.same_ring);
        assert_eq!(e.path.first().unwrap().from, members[0]);
        assert_eq!(e.path.last().unwrap().to, b);
        for (k, s) in e.path.iter().enumerate() {
            assert!(
                mentions.contains(&(s.from, s.indicator))
                    && mentions.contains(&(s.to, s.indicator))
            );
            assert_eq!(c.labels[s.to as usize], ring);
            if k > 0 {
                assert_eq!(e.path[k - 1].to, s.from);
            }
        }
    }
    // a report of another ring: not the same ring
    let other = (0..g.reports as u32)
        .find(|&r| c.labels[r as usize] != ring)
        .unwrap();
    assert!(!explain(&g, &list, &c, members[0], other).same_ring);
}
