//! The ring graph as a standalone SVG, for documents read away from the
//! service (the evidence package's report): colours as attributes rather
//! than CSS classes, no links, no script; reports coloured by ring.

use super::graph::{kind_colour, Graph, NodeKind, HEIGHT, WIDTH};
use maud::{html, Markup};
use ringtrace_model::Indicator;
use ringtrace_share::SharedReport;
use std::collections::{BTreeMap, HashMap, HashSet};

/// At most this many reports and indicators are drawn.
const MAX_REPORTS: usize = 150;
const MAX_INDICATORS: usize = 60;
/// Cases with up to this many reports show every linking value.
const SMALL: usize = 25;

/// Fill colours of reports, one per ring in the order the case lists them.
const RING_FILLS: [&str; 6] = [
    "#1d4ed8", "#059669", "#b45309", "#7c3aed", "#be123c", "#0e7490",
];

/// The graph of a case's reports and the linking values they share, laid
/// out as on the ring page. `hub` says which values the warning list
/// marks as hubs.
pub fn case_rings_svg(
    reports: &[SharedReport],
    rings: &[String],
    hub: &dyn Fn(&Indicator) -> bool,
) -> String {
    let mut counts: BTreeMap<&Indicator, u64> = BTreeMap::new();
    for r in reports {
        let mut once = HashSet::new();
        for m in &r.mentions {
            if (m.may_link || hub(&m.indicator)) && once.insert(&m.indicator) {
                *counts.entry(&m.indicator).or_default() += 1;
            }
        }
    }
    let small = reports.len() <= SMALL;
    let mut ranked: Vec<(&Indicator, u64)> = counts
        .into_iter()
        .filter(|(_, n)| small || *n >= 2)
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    ranked.truncate(MAX_INDICATORS);
    let mut graph = Graph::default();
    let mut node_of: HashMap<&Indicator, usize> = HashMap::new();
    for (ind, n) in &ranked {
        let node = graph.add(NodeKind::Indicator {
            kind: ind.kind.as_str().to_string(),
            value: ind.value.clone(),
            reports: *n,
            hub: hub(ind),
            bridge: false,
        });
        node_of.insert(ind, node);
    }
    let mut fills: HashMap<usize, &'static str> = HashMap::new();
    for r in reports
        .iter()
        .filter(|r| {
            r.mentions
                .iter()
                .any(|m| node_of.contains_key(&m.indicator))
        })
        .take(MAX_REPORTS)
    {
        let node = graph.add(NodeKind::Report {
            key: r.key.to_string(),
            tlp: r.tlp.as_str().to_string(),
        });
        let ring_ix = r
            .ring
            .as_deref()
            .and_then(|g| rings.iter().position(|x| x == g));
        fills.insert(
            node,
            ring_ix.map_or("#6b7280", |i| RING_FILLS[i % RING_FILLS.len()]),
        );
        let mut once = HashSet::new();
        for m in &r.mentions {
            if let Some(&i) = node_of.get(&m.indicator) {
                if once.insert(i) {
                    graph.edges.push((node, i));
                }
            }
        }
    }
    graph.layout(if graph.nodes.len() > 120 { 120 } else { 200 });
    let title = format!(
        "Rings {}: reports and the values they share",
        rings.join(", ")
    );
    plain(&graph, &title, &|n| {
        fills.get(&n).copied().unwrap_or("#6b7280")
    })
    .into_string()
}

/// A value as written in the picture: web addresses defanged
/// (`hxxps://`), as threat reports write them, so that no reader follows
/// them and the picture loads nothing.
fn shown(kind: &str, value: &str) -> String {
    if kind == "url" {
        let v = value.replacen("http", "hxxp", 1);
        v.replace("data:", "data[:]")
    } else {
        value.to_string()
    }
}

fn r1(v: f64) -> String {
    format!("{v:.1}")
}

/// The picture with colours written on each shape.
fn plain(g: &Graph, title: &str, report_fill: &dyn Fn(usize) -> &'static str) -> Markup {
    let max = g
        .nodes
        .iter()
        .filter_map(|n| match n.what {
            NodeKind::Indicator { reports, .. } => Some(reports),
            _ => None,
        })
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    html! {
        svg xmlns="http://www.w3.org/2000/svg" width=(WIDTH) height=(HEIGHT)
            viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) role="img" {
            title { (title) }
            @for &(a, b) in &g.edges {
                line x1=(r1(g.nodes[a].x)) y1=(r1(g.nodes[a].y)) x2=(r1(g.nodes[b].x)) y2=(r1(g.nodes[b].y))
                    stroke="#9ca3af" stroke-width="1" {}
            }
            @for (i, node) in g.nodes.iter().enumerate() {
                @match &node.what {
                    NodeKind::Report { key, tlp } => {
                        circle cx=(r1(node.x)) cy=(r1(node.y)) r="5" fill=(report_fill(i)) stroke="#ffffff" {
                            title { (key) " (TLP:" (tlp.to_uppercase()) ")" }
                        }
                    }
                    NodeKind::Indicator { kind, value, reports, hub, .. } => {
                        @let size = 6.0 + 10.0 * (*reports as f64 / max).sqrt();
                        rect x=(r1(node.x - size / 2.0)) y=(r1(node.y - size / 2.0))
                            width=(r1(size)) height=(r1(size)) fill=(kind_colour(kind))
                            stroke=(if *hub { "#b91c1c" } else { "#111827" })
                            transform=(format!("rotate(45 {} {})", r1(node.x), r1(node.y))) {
                            title { (kind) " " (shown(kind, value)) ": " (reports) " reports" }
                        }
                        @if *reports >= 2 {
                            text x=(r1(node.x + size / 2.0 + 4.0)) y=(r1(node.y + 3.0))
                                font-size="10" font-family="sans-serif" fill="#111827" { (shown(kind, value)) }
                        }
                    }
                }
            }
        }
    }
}
