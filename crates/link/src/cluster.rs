//! Rings as dense groups: hub-free, specificity-weighted Leiden (constant
//! Potts model), then dense groups merged when they share several values,
//! and the single values left between rings recorded as bridges.
//!
//! The steps of [`cluster`]:
//! 1. **Links.** A mention links only if its role allows it (`may_link`)
//!    and its value is not on the warning list ([`WarningList::hub`]).
//! 2. **Hubs.** Values that behave like hubs are found from the structure
//!    ([`crate::hubs`]) and stop linking; analysts' overrules are respected.
//! 3. **Weighted graph.** Two reports sharing values are joined with weight
//!    `Σ specificity(df_v)` ([`crate::weight::specificity`]). A value of
//!    `d <= full_clique_max` reports joins all its `d(d−1)/2` pairs. A more
//!    common value would make a huge clique (5,000 reports: 12.5M pairs), so
//!    it is *sparsified*: each of its reports is joined to `sparse_degree / 2`
//!    others drawn at random (seeded), a random graph of average degree about
//!    `sparse_degree`, and the value's whole clique weight
//!    `specificity(d)·d(d−1)/2` is spread evenly over those edges. Why this
//!    is faithful for the constant Potts model: CPM scores a group by its
//!    inside weight against `γ·pairs`; the spread keeps the inside weight of
//!    the value's whole group exact, and, the random graph being an expander,
//!    of any large subset in expectation (`≈ W·(s/d)²`), so groups are just
//!    as dense, or not, as with the full clique. Edges stay `O(Σ d·k)`.
//! 4. **Leiden/CPM** ([`crate::leiden`]) at resolution `gamma` finds dense
//!    groups. A long-lived ring rotates its numbers, sites and accounts over
//!    time, so it is a chain of dense groups, and CPM (like any density
//!    criterion) may cut it where few values straddle.
//! 5. **Merge.** Dense groups are joined (union–find) when they share at
//!    least `min_shared_values` distinct linking values, or one value that
//!    at least half the reports of each mention (a ring's one number cut in
//!    two by chance). A ring's pieces overlap in several values of several
//!    kinds (its rotation windows differ); two rings joined by a bridge share
//!    one value, a small part of each, so they stay two.
//! 6. **Bridges.** Every linking value mentioned in two or more final rings
//!    is recorded as a [`Bridge`] between each pair of them.

use crate::hubs::{self, DetectedHub, HubParams};
use crate::leiden::{leiden_iterated, CsrGraph, SplitMix};
use crate::weight::specificity;
use crate::{LinkGraph, WarningList};
use ringtrace_model::Kind;
use std::collections::HashMap;

/// The knobs of [`cluster`]. `Default` holds the values tuned on `sim` data
/// (`examples/cluster_sim.rs`).
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterParams {
    /// CPM resolution: a group is kept when its pairs weigh more than this on average.
    pub gamma: f64,
    /// Seed of every random choice (node orders, sparsification).
    pub seed: u64,
    /// Values of at most this many reports join all their pairs.
    pub full_clique_max: u32,
    /// Average degree of a sparsified value's random graph.
    pub sparse_degree: u32,
    /// Distinct shared values that merge two dense groups (step 5); 0 skips
    /// step 5 entirely (Leiden's groups are the rings).
    pub min_shared_values: u32,
    /// Structural hub detection; `None` turns it off.
    pub hubs: Option<HubParams>,
    /// Per-kind thresholds that replace `hubs` for values of that kind
    /// (empty by default: every kind judged by `hubs`).
    pub hub_kinds: Vec<(Kind, HubParams)>,
    /// Bound on Leiden's aggregation levels.
    pub max_levels: usize,
    /// Leiden runs, each from the previous partition (leidenalg's `n_iterations`).
    pub iterations: usize,
}

impl Default for ClusterParams {
    fn default() -> ClusterParams {
        ClusterParams {
            gamma: 0.01,
            seed: 42,
            full_clique_max: 24,
            sparse_degree: 16,
            min_shared_values: 3,
            hubs: Some(HubParams::default()),
            hub_kinds: Vec::new(),
            max_levels: 20,
            iterations: 2,
        }
    }
}

/// A value left between two rings: recorded, not merged through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bridge {
    /// The indicator's index in the graph.
    pub indicator: u32,
    /// The two rings' labels, `a < b`.
    pub a: u32,
    pub b: u32,
    /// Reports of each ring that mention it.
    pub reports_a: u32,
    pub reports_b: u32,
}

/// The outcome of [`cluster`].
#[derive(Clone, Debug, Default)]
pub struct Clustering {
    /// The ring label of each report, dense, in order of each ring's lowest report.
    pub labels: Vec<u32>,
    /// Values recognised as hubs from the structure (warning-list hubs are not repeated).
    pub hubs: Vec<DetectedHub>,
    /// Values shared across rings, by indicator then ring pair.
    pub bridges: Vec<Bridge>,
}

/// For each indicator, the reports whose mention of it may link (role allows
/// it, not on the warning list), sorted; compressed rows.
#[derive(Clone, Debug, Default)]
pub(crate) struct ValueIndex {
    offsets: Vec<usize>,
    reports: Vec<u32>,
}

impl ValueIndex {
    pub(crate) fn linking(graph: &LinkGraph, warnings: &WarningList) -> ValueIndex {
        let listed: Vec<bool> = graph
            .indicators
            .iter()
            .map(|i| warnings.hub(i).is_some())
            .collect();
        let n = graph.indicators.len();
        let keep = |&&(_, i, may): &&(u32, u32, bool)| may && !listed[i as usize];
        let mut offsets = vec![0usize; n + 1];
        for &(_, i, _) in graph.mentions.iter().filter(keep) {
            offsets[i as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut reports = vec![0u32; offsets[n]];
        for &(r, i, _) in graph.mentions.iter().filter(keep) {
            reports[fill[i as usize]] = r;
            fill[i as usize] += 1;
        }
        for i in 0..n {
            let row = &mut reports[offsets[i]..offsets[i + 1]];
            row.sort_unstable();
        }
        let mut idx = ValueIndex { offsets, reports };
        idx.dedup();
        idx
    }

    fn dedup(&mut self) {
        let n = self.values();
        let mut out = Vec::with_capacity(self.reports.len());
        let mut offsets = vec![0usize; n + 1];
        for v in 0..n {
            let start = out.len();
            for &r in &self.reports[self.offsets[v]..self.offsets[v + 1]] {
                if out.len() == start || *out.last().unwrap() != r {
                    out.push(r);
                }
            }
            offsets[v + 1] = out.len();
        }
        self.offsets = offsets;
        self.reports = out;
    }

    pub(crate) fn values(&self) -> usize {
        self.offsets.len() - 1
    }

    pub(crate) fn reports(&self, v: u32) -> &[u32] {
        &self.reports[self.offsets[v as usize]..self.offsets[v as usize + 1]]
    }

    pub(crate) fn df(&self, v: u32) -> u32 {
        (self.offsets[v as usize + 1] - self.offsets[v as usize]) as u32
    }

    /// Removes every report of the values marked in `drop`.
    fn without(&self, drop: &[bool]) -> ValueIndex {
        let n = self.values();
        let mut offsets = vec![0usize; n + 1];
        let mut reports = Vec::with_capacity(self.reports.len());
        for v in 0..n {
            if !drop[v] {
                reports.extend_from_slice(self.reports(v as u32));
            }
            offsets[v + 1] = reports.len();
        }
        ValueIndex { offsets, reports }
    }
}

/// Clusters the reports of `graph` into rings (see the module documentation).
pub fn cluster(graph: &LinkGraph, warnings: &WarningList, params: &ClusterParams) -> Clustering {
    let n = graph.reports;
    let (index, hubs) = hub_free_index(graph, warnings, params);
    cluster_index(n, index, hubs, params)
}

/// The weighted report graph Leiden runs on (steps 1 to 3): undirected
/// edges `(report, report, weight)`, possibly repeated (repeats add up), and
/// the hubs detected on the way. For comparing with other implementations.
pub fn report_graph(
    graph: &LinkGraph,
    warnings: &WarningList,
    params: &ClusterParams,
) -> (Vec<(u32, u32, f32)>, Vec<DetectedHub>) {
    let (index, hubs) = hub_free_index(graph, warnings, params);
    (weighted_edges(&index, params), hubs)
}

/// Steps 1 and 2: the linking index without listed or detected hubs.
fn hub_free_index(
    graph: &LinkGraph,
    warnings: &WarningList,
    params: &ClusterParams,
) -> (ValueIndex, Vec<DetectedHub>) {
    let n = graph.reports;
    let index = ValueIndex::linking(graph, warnings);
    let hubs = match &params.hubs {
        Some(hp) => {
            let overruled: Vec<bool> = graph
                .indicators
                .iter()
                .map(|i| warnings.is_overruled(i))
                .collect();
            let per_value: Vec<HubParams> = graph
                .indicators
                .iter()
                .map(|i| {
                    params
                        .hub_kinds
                        .iter()
                        .find(|(k, _)| *k == i.kind)
                        .map_or(*hp, |(_, p)| *p)
                })
                .collect();
            hubs::detect(n, &graph.indicators, &index, &overruled, &per_value)
        }
        None => Vec::new(),
    };
    let mut is_hub = vec![false; index.values()];
    for h in &hubs {
        is_hub[h.indicator as usize] = true;
    }
    let index = if hubs.is_empty() {
        index
    } else {
        index.without(&is_hub)
    };
    (index, hubs)
}

/// Steps 3 to 6 on a hub-free index.
fn cluster_index(
    n: usize,
    index: ValueIndex,
    hubs: Vec<DetectedHub>,
    params: &ClusterParams,
) -> Clustering {
    let edges = weighted_edges(&index, params);
    let csr = CsrGraph::from_edges(n, &edges);
    drop(edges);
    let segments = leiden_iterated(
        &csr,
        params.gamma,
        params.seed,
        params.max_levels,
        params.iterations,
    );
    drop(csr);
    let labels = if params.min_shared_values == 0 {
        segments
    } else {
        merge_segments(n, &segments, &index, params.min_shared_values)
    };
    let bridges = bridges(&labels, &index);
    Clustering {
        labels,
        hubs,
        bridges,
    }
}

/// The report graph's edges, specificity-weighted, common values sparsified
/// (see the module documentation).
pub(crate) fn weighted_edges(index: &ValueIndex, params: &ClusterParams) -> Vec<(u32, u32, f32)> {
    let mut edges = Vec::new();
    let half = (params.sparse_degree / 2).max(1) as usize;
    let mut picked: Vec<(u32, u32)> = Vec::new();
    for v in 0..index.values() as u32 {
        let rs = index.reports(v);
        let d = rs.len();
        if d < 2 {
            continue;
        }
        let w = specificity(d as u32);
        if d as u32 <= params.full_clique_max {
            for i in 0..d {
                for j in i + 1..d {
                    edges.push((rs[i], rs[j], w as f32));
                }
            }
            continue;
        }
        let mut rng = SplitMix::new(params.seed ^ (u64::from(v) << 20) ^ 0x5eed);
        picked.clear();
        for i in 0..d {
            for _ in 0..half {
                let j = rng.below(d);
                if j != i {
                    picked.push((rs[i], rs[j]));
                }
            }
        }
        let total = w * (d as f64) * (d as f64 - 1.0) / 2.0;
        let each = (total / picked.len().max(1) as f64) as f32;
        edges.extend(picked.iter().map(|&(a, b)| (a, b, each)));
    }
    edges
}

/// Union–find over segment labels.
fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        let g = parent[parent[x as usize] as usize];
        parent[x as usize] = g;
        x = g;
    }
    x
}

/// Step 5: joins segments sharing at least `min_shared` distinct values, or
/// one value that at least half the reports of each mention; dense labels.
fn merge_segments(n: usize, segments: &[u32], index: &ValueIndex, min_shared: u32) -> Vec<u32> {
    let k = segments.iter().map(|&s| s as usize + 1).max().unwrap_or(0);
    let mut seg_size = vec![0u32; k];
    for &s in segments {
        seg_size[s as usize] += 1;
    }
    let mut parent: Vec<u32> = (0..k as u32).collect();
    let mut shared: HashMap<(u32, u32), u32> = HashMap::new();
    let mut counts: Vec<(u32, u32)> = Vec::new();
    for v in 0..index.values() as u32 {
        let rs = index.reports(v);
        if rs.len() < 2 {
            continue;
        }
        segment_counts(rs, segments, &mut counts);
        if counts.len() < 2 {
            continue;
        }
        // a value spread over very many segments: only its main ones count
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        counts.truncate(64);
        for x in 0..counts.len() {
            for y in x + 1..counts.len() {
                let (s, cs) = counts[x];
                let (t, ct) = counts[y];
                let key = (s.min(t), s.max(t));
                *shared.entry(key).or_default() += 1;
                let core = 2 * cs >= seg_size[s as usize] && 2 * ct >= seg_size[t as usize];
                if core {
                    let (a, b) = (find(&mut parent, s), find(&mut parent, t));
                    parent[a.max(b) as usize] = a.min(b);
                }
            }
        }
    }
    let mut pairs: Vec<((u32, u32), u32)> = shared.into_iter().collect();
    pairs.sort_unstable();
    for ((s, t), c) in pairs {
        if c >= min_shared.max(1) {
            let (a, b) = (find(&mut parent, s), find(&mut parent, t));
            parent[a.max(b) as usize] = a.min(b);
        }
    }
    let mut label = vec![u32::MAX; k];
    let mut next = 0u32;
    let mut out = Vec::with_capacity(n);
    for &s in segments {
        let root = find(&mut parent, s) as usize;
        if label[root] == u32::MAX {
            label[root] = next;
            next += 1;
        }
        out.push(label[root]);
    }
    out
}

/// `(label, reports)` of the labels of `rs`, by label.
fn segment_counts(rs: &[u32], labels: &[u32], out: &mut Vec<(u32, u32)>) {
    out.clear();
    let mut ls: Vec<u32> = rs.iter().map(|&r| labels[r as usize]).collect();
    ls.sort_unstable();
    for l in ls {
        match out.last_mut() {
            Some((last, c)) if *last == l => *c += 1,
            _ => out.push((l, 1)),
        }
    }
}

/// Step 6: the linking values found in two or more rings. A value spread
/// over more than 16 rings records its pairs among its 16 largest.
fn bridges(labels: &[u32], index: &ValueIndex) -> Vec<Bridge> {
    let mut out = Vec::new();
    let mut counts = Vec::new();
    for v in 0..index.values() as u32 {
        let rs = index.reports(v);
        if rs.len() < 2 {
            continue;
        }
        segment_counts(rs, labels, &mut counts);
        if counts.len() < 2 {
            continue;
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        counts.truncate(16);
        let mut here = Vec::new();
        for x in 0..counts.len() {
            for y in x + 1..counts.len() {
                let ((a, ca), (b, cb)) = if counts[x].0 < counts[y].0 {
                    (counts[x], counts[y])
                } else {
                    (counts[y], counts[x])
                };
                here.push(Bridge {
                    indicator: v,
                    a,
                    b,
                    reports_a: ca,
                    reports_b: cb,
                });
            }
        }
        here.sort_by_key(|b| (b.a, b.b));
        out.extend(here);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ringtrace_model::Indicator;

    /// Builds a graph from `(report, "kind:value", may_link)` rows.
    pub(crate) fn graph(reports: usize, rows: &[(u32, &str, bool)]) -> LinkGraph {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut g = LinkGraph {
            reports,
            ..LinkGraph::default()
        };
        for &(r, iv, may) in rows {
            let next = ids.len() as u32;
            let id = *ids.entry(iv.to_string()).or_insert_with(|| {
                let (k, v) = iv.split_once(':').unwrap();
                g.indicators
                    .push(Indicator::new(k.parse::<Kind>().unwrap(), v));
                next
            });
            g.mentions.push((r, id, may));
        }
        g
    }

    /// A ring of `size` reports from `first`, rotating `values` phone
    /// numbers of `prefix` in windows; each report also mentions one of
    /// three email addresses used throughout.
    fn ring(rows: &mut Vec<(u32, String, bool)>, first: u32, size: u32, prefix: &str, values: u32) {
        for i in 0..size {
            let w = i * values / size;
            rows.push((first + i, format!("phone:+1{prefix}{w:04}"), true));
            rows.push((first + i, format!("email:{prefix}.{}@x.com", i % 3), true));
        }
    }

    fn owned(rows: &[(u32, String, bool)]) -> Vec<(u32, &str, bool)> {
        rows.iter().map(|(r, s, m)| (*r, s.as_str(), *m)).collect()
    }

    #[test]
    fn a_bridge_keeps_two_rings_and_is_recorded() {
        let mut rows = Vec::new();
        ring(&mut rows, 0, 60, "555", 6);
        ring(&mut rows, 60, 40, "666", 4);
        // one mule account used by both crews
        for r in [3, 7, 64, 70] {
            rows.push((r, "iban:FR7630006000011234567890189".to_string(), true));
        }
        let g = graph(100, &owned(&rows));
        let c = cluster(&g, &WarningList::default(), &ClusterParams::default());
        assert!(
            c.labels[..60].iter().all(|&l| l == c.labels[0]),
            "{:?}",
            c.labels
        );
        assert!(c.labels[60..].iter().all(|&l| l == c.labels[60]));
        assert_ne!(c.labels[0], c.labels[60]);
        assert_eq!(c.bridges.len(), 1, "{:?}", c.bridges);
        let b = &c.bridges[0];
        assert_eq!(g.indicators[b.indicator as usize].kind, Kind::Iban);
        assert_eq!((b.reports_a, b.reports_b), (2, 2));
        // connected components would have merged them
        let cc = crate::connected_components(100, &g.linking_pairs(&WarningList::default()));
        assert_eq!(cc[0], cc[60]);
    }

    #[test]
    fn roles_and_listed_hubs_never_link() {
        let rows = [
            (0, "phone:+18006427676", true), // Microsoft's real number: listed
            (1, "phone:+18006427676", true),
            (1, "phone:+33612345678", false), // victim's own
            (2, "phone:+33612345678", false),
        ];
        let g = graph(3, &rows);
        let c = cluster(&g, &WarningList::shipped(), &ClusterParams::default());
        assert_eq!(c.labels, vec![0, 1, 2]);
        assert!(c.bridges.is_empty());
    }

    /// 30 rings of 10 reports; `hub` is mentioned by 2 reports of each ring;
    /// `big` is a ring of 2,000 victims calling one number, nothing else.
    fn hub_world() -> (LinkGraph, u32) {
        let mut rows = Vec::new();
        for k in 0..30u32 {
            ring(&mut rows, k * 10, 10, &format!("{k:03}"), 2);
            rows.push((k * 10, "phone:+18005550100".to_string(), true));
            rows.push((k * 10 + 5, "phone:+18005550100".to_string(), true));
        }
        for r in 300..2300 {
            rows.push((r, "phone:+919876543210".to_string(), true));
        }
        let g = graph(2300, &owned(&rows));
        let hub = g
            .indicators
            .iter()
            .position(|i| i.value == "+18005550100")
            .unwrap() as u32;
        (g, hub)
    }

    #[test]
    fn structural_hubs_found_ring_numbers_kept() {
        let (g, hub) = hub_world();
        let c = cluster(&g, &WarningList::default(), &ClusterParams::default());
        assert_eq!(c.hubs.len(), 1, "{:?}", c.hubs);
        assert_eq!(c.hubs[0].indicator, hub);
        assert_eq!(c.hubs[0].clusters, 30);
        assert!(
            c.hubs[0].reason.contains("30 groups"),
            "{}",
            c.hubs[0].reason
        );
        // the 30 rings stay apart, the 2,000-victim ring is one
        let distinct: std::collections::HashSet<u32> = c.labels[..300].iter().copied().collect();
        assert_eq!(distinct.len(), 30);
        assert!(c.labels[300..].iter().all(|&l| l == c.labels[300]));
        assert!(!c.labels[..300].contains(&c.labels[300]));
    }

    #[test]
    fn overruled_values_are_not_flagged() {
        let (g, hub) = hub_world();
        let mut w = WarningList::default();
        w.overrule(g.indicators[hub as usize].clone());
        let c = cluster(&g, &w, &ClusterParams::default());
        assert!(c.hubs.is_empty());
        // without hub detection at all, the hub is just a bridge between many rings
        let p = ClusterParams {
            hubs: None,
            ..ClusterParams::default()
        };
        assert!(cluster(&g, &WarningList::default(), &p).hubs.is_empty());
    }

    #[test]
    fn per_kind_thresholds() {
        let (g, _) = hub_world();
        // phones need 40 groups: the hub (a phone in 30 rings) is no longer one
        let p = ClusterParams {
            hub_kinds: vec![(
                Kind::Phone,
                HubParams {
                    min_groups: 40,
                    ..HubParams::default()
                },
            )],
            ..ClusterParams::default()
        };
        assert!(cluster(&g, &WarningList::default(), &p).hubs.is_empty());
        let p = ClusterParams {
            hub_kinds: vec![(Kind::Email, p.hub_kinds[0].1)],
            ..p
        };
        assert_eq!(cluster(&g, &WarningList::default(), &p).hubs.len(), 1);
    }

    #[test]
    fn sparsified_values_keep_their_weight() {
        let rows: Vec<(u32, String, bool)> = (0..500)
            .map(|r| (r, "phone:+919876543210".to_string(), true))
            .collect();
        let g = graph(500, &owned(&rows));
        let idx = ValueIndex::linking(&g, &WarningList::default());
        let p = ClusterParams::default();
        let edges = weighted_edges(&idx, &p);
        assert!(edges.len() <= 500 * p.sparse_degree as usize / 2);
        let total: f64 = edges.iter().map(|e| f64::from(e.2)).sum();
        let clique = specificity(500) * 500.0 * 499.0 / 2.0;
        assert!(
            (total - clique).abs() / clique < 1e-3,
            "{total} vs {clique}"
        );
    }

    #[test]
    fn deterministic() {
        let (g, _) = hub_world();
        let p = ClusterParams::default();
        let a = cluster(&g, &WarningList::default(), &p);
        let b = cluster(&g, &WarningList::default(), &p);
        assert_eq!(a.labels, b.labels);
        assert_eq!(a.bridges, b.bridges);
    }
}
