//! Pictures drawn by ringtrace as SVG: the ring graph (reports and the
//! indicators they mention, laid out by a deterministic force-directed
//! layout computed here) and bar charts of weekly counts.

use super::fmt;
use super::i18n::Lang;
use chrono::NaiveDate;
use maud::{html, Markup};

/// What a node stands for.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Report {
        key: String,
        tlp: String,
    },
    Indicator {
        kind: String,
        value: String,
        reports: u64,
        hub: bool,
        bridge: bool,
    },
}

#[derive(Clone, Debug)]
pub struct Node {
    pub what: NodeKind,
    pub x: f64,
    pub y: f64,
}

/// A bipartite graph of reports and indicators.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<(usize, usize)>,
}

pub const WIDTH: f64 = 960.0;
pub const HEIGHT: f64 = 640.0;

impl Graph {
    pub fn add(&mut self, what: NodeKind) -> usize {
        self.nodes.push(Node {
            what,
            x: 0.0,
            y: 0.0,
        });
        self.nodes.len() - 1
    }

    /// Fruchterman–Reingold from a fixed start (a golden-angle spiral in
    /// node order), so the same ring always gives the same picture.
    pub fn layout(&mut self, iterations: usize) {
        let n = self.nodes.len();
        if n == 0 {
            return;
        }
        let (w, h) = (WIDTH - 60.0, HEIGHT - 60.0);
        let area = w * h;
        let k = (area / n as f64).sqrt() * 0.8;
        let golden = std::f64::consts::PI * (3.0 - 5f64.sqrt());
        for (i, node) in self.nodes.iter_mut().enumerate() {
            let r = (i as f64 + 0.5).sqrt() / (n as f64).sqrt() * w.min(h) / 2.0;
            let a = i as f64 * golden;
            node.x = r * a.cos();
            node.y = r * a.sin();
        }
        let mut disp = vec![(0.0f64, 0.0f64); n];
        let mut temp = w / 10.0;
        let cool = temp / (iterations.max(1) as f64 + 1.0);
        for _ in 0..iterations {
            disp.iter_mut().for_each(|d| *d = (0.0, 0.0));
            for i in 0..n {
                for j in (i + 1)..n {
                    let dx = self.nodes[i].x - self.nodes[j].x;
                    let dy = self.nodes[i].y - self.nodes[j].y;
                    let d2 = (dx * dx + dy * dy).max(0.01);
                    let f = k * k / d2;
                    disp[i].0 += dx * f;
                    disp[i].1 += dy * f;
                    disp[j].0 -= dx * f;
                    disp[j].1 -= dy * f;
                }
            }
            for &(a, b) in &self.edges {
                let dx = self.nodes[a].x - self.nodes[b].x;
                let dy = self.nodes[a].y - self.nodes[b].y;
                let d = (dx * dx + dy * dy).sqrt().max(0.01);
                let f = d / k;
                disp[a].0 -= dx * f;
                disp[a].1 -= dy * f;
                disp[b].0 += dx * f;
                disp[b].1 += dy * f;
            }
            for (node, d) in self.nodes.iter_mut().zip(&disp) {
                // A gentle pull to the centre keeps separate parts on screen.
                let (gx, gy) = (-node.x * 0.02, -node.y * 0.02);
                let (dx, dy) = (d.0 + gx * k, d.1 + gy * k);
                let len = (dx * dx + dy * dy).sqrt().max(0.01);
                let step = len.min(temp);
                node.x += dx / len * step;
                node.y += dy / len * step;
            }
            temp = (temp - cool).max(1.0);
        }
        // Fit into the picture.
        let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for node in &self.nodes {
            x0 = x0.min(node.x);
            x1 = x1.max(node.x);
            y0 = y0.min(node.y);
            y1 = y1.max(node.y);
        }
        let sx = if x1 > x0 { w / (x1 - x0) } else { 1.0 };
        let sy = if y1 > y0 { h / (y1 - y0) } else { 1.0 };
        let s = sx.min(sy);
        let (ox, oy) = (
            (WIDTH - (x1 - x0) * s) / 2.0,
            (HEIGHT - (y1 - y0) * s) / 2.0,
        );
        for node in &mut self.nodes {
            node.x = if x1 > x0 {
                ox + (node.x - x0) * s
            } else {
                WIDTH / 2.0
            };
            node.y = if y1 > y0 {
                oy + (node.y - y0) * s
            } else {
                HEIGHT / 2.0
            };
        }
    }

    /// The SVG, with a link on every node (report or indicator page).
    pub fn svg(&self, l: Lang, labelled_by: &str) -> Markup {
        let kind_of = |i: usize| match &self.nodes[i].what {
            NodeKind::Indicator { kind, .. } => kind.as_str(),
            NodeKind::Report { .. } => "report",
        };
        let max_reports = self
            .nodes
            .iter()
            .filter_map(|n| match n.what {
                NodeKind::Indicator { reports, .. } => Some(reports),
                _ => None,
            })
            .max()
            .unwrap_or(1)
            .max(1) as f64;
        // Labels on the most shared indicators only.
        let mut ranked: Vec<(u64, usize)> = self
            .nodes
            .iter()
            .enumerate()
            .filter_map(|(i, n)| match n.what {
                NodeKind::Indicator { reports, .. } => Some((reports, i)),
                _ => None,
            })
            .collect();
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let labelled: std::collections::HashSet<usize> =
            ranked.iter().take(12).map(|r| r.1).collect();
        html! {
            svg.graph #ring-graph xmlns="http://www.w3.org/2000/svg"
                viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) aria-labelledby=(labelled_by) {
                g {
                    @for &(a, b) in &self.edges {
                        @let (na, nb) = (&self.nodes[a], &self.nodes[b]);
                        line.edge data-kind=(kind_of(b)) x1=(r1(na.x)) y1=(r1(na.y)) x2=(r1(nb.x)) y2=(r1(nb.y)) {}
                    }
                }
                g {
                    @for node in &self.nodes {
                        @match &node.what {
                            NodeKind::Report { key, tlp } => {
                                @let label = format!("{} {key} (TLP:{})", l.t("report", "signalement"), tlp.to_uppercase());
                                a href=(super::report_href(key)) aria-label=(label) data-kind="report" {
                                    title { (label) }
                                    circle.report cx=(r1(node.x)) cy=(r1(node.y)) r="5" {}
                                }
                            }
                            NodeKind::Indicator { kind, value, reports, hub, bridge } => {
                                @let size = 6.0 + 10.0 * (*reports as f64 / max_reports).sqrt();
                                @let class = ind_class(*hub, *bridge);
                                @let label = format!("{} {value}: {} {}{}{}",
                                    super::layout::kind_name(l, kind), fmt::count(l, *reports),
                                    l.t("reports", "signalements"),
                                    if *hub { l.t(" (hub: never links)", " (hub : ne relie jamais)") } else { "" },
                                    if *bridge { l.t(" (bridge to another ring)", " (pont vers un autre réseau)") } else { "" });
                                a href=(super::indicator_href(kind, value)) aria-label=(label) data-kind=(kind) {
                                    title { (label) }
                                    rect class=(class) fill=(kind_colour(kind))
                                        x=(r1(node.x - size / 2.0)) y=(r1(node.y - size / 2.0))
                                        width=(r1(size)) height=(r1(size))
                                        transform=(format!("rotate(45 {} {})", r1(node.x), r1(node.y))) {}
                                }
                            }
                        }
                    }
                }
                // Labels of the most shared values, outside the links: the
                // links carry the full name for assistive technology.
                g aria-hidden="true" {
                    @for (i, node) in self.nodes.iter().enumerate() {
                        @if let (true, NodeKind::Indicator { value, reports, .. }) = (labelled.contains(&i), &node.what) {
                            @let size = 6.0 + 10.0 * (*reports as f64 / max_reports).sqrt();
                            text x=(r1(node.x + size / 2.0 + 4.0)) y=(r1(node.y + 3.0)) data-kind=(kind_of(i)) { (short(value)) }
                        }
                    }
                }
            }
        }
    }
}

fn ind_class(hub: bool, bridge: bool) -> &'static str {
    match (hub, bridge) {
        (true, true) => "ind hub bridge",
        (true, false) => "ind hub",
        (false, true) => "ind bridge",
        (false, false) => "ind",
    }
}

fn r1(v: f64) -> String {
    format!("{:.1}", v)
}

fn short(v: &str) -> String {
    if v.chars().count() <= 22 {
        v.to_string()
    } else {
        let s: String = v.chars().take(20).collect();
        format!("{s}…")
    }
}

/// One colour per kind (fills; the node's outline carries hub and bridge).
pub fn kind_colour(kind: &str) -> &'static str {
    match kind {
        "phone" => "#f59e0b",
        "url" | "domain" => "#10b981",
        "email" => "#ec4899",
        "ip" => "#a3a3a3",
        "crypto_wallet" => "#8b5cf6",
        "remote_id" => "#ef4444",
        "iban" | "bank_account" | "upi" => "#06b6d4",
        "gift_card" => "#84cc16",
        _ => "#d4d4d4",
    }
}

/// A bar chart of weekly counts, with a table of the same numbers for
/// screen readers and keyboards.
pub fn bars(l: Lang, id: &str, caption: &str, weeks: &[(NaiveDate, u64)], per: usize) -> Markup {
    let (w, h, pad_l, pad_b) = (800.0f64, 200.0f64, 40.0f64, 24.0f64);
    let max = weeks.iter().map(|w| w.1).max().unwrap_or(0).max(1) as f64;
    let n = weeks.len().max(1) as f64;
    let bw = (w - pad_l) / n;
    let total: u64 = weeks.iter().map(|w| w.1).sum();
    let peak = weeks.iter().max_by_key(|w| w.1);
    let desc = match peak {
        Some((d, c)) => format!(
            "{} {} {} {}; {} {} ({})",
            fmt::count(l, total),
            l.t("reports over", "signalements sur"),
            fmt::count(l, (weeks.len() * per) as u64),
            l.t("weeks", "semaines"),
            if per == 1 {
                l.t("peak in the week of", "pic la semaine du")
            } else {
                l.t("peak in the weeks from", "pic les semaines du")
            },
            fmt::day(l, *d),
            fmt::count(l, *c)
        ),
        None => l.t("no reports", "aucun signalement").to_string(),
    };
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let ticks: Vec<usize> = if weeks.is_empty() {
        vec![]
    } else {
        let last = weeks.len() - 1;
        let mut t = vec![0, last / 2, last];
        t.dedup();
        t
    };
    html! {
        figure {
            svg.chart xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {w} {h}"))
                role="img" aria-labelledby=(format!("{title_id} {desc_id}")) {
                title #(title_id) { (caption) }
                desc #(desc_id) { (desc) }
                line.axis x1=(pad_l) y1=(h - pad_b) x2=(w) y2=(h - pad_b) {}
                text x="0" y="12" { (fmt::count(l, max as u64)) }
                text x="0" y=(h - pad_b) { "0" }
                @for (i, (_, c)) in weeks.iter().enumerate() {
                    @let bh = (h - pad_b - 16.0) * (*c as f64) / max;
                    rect.bar x=(r1(pad_l + i as f64 * bw + bw * 0.1)) y=(r1(h - pad_b - bh))
                        width=(r1((bw * 0.8).max(0.5))) height=(r1(bh)) {}
                }
                @for i in &ticks {
                    @let anchor = if *i == 0 { "start" } else if *i + 1 == weeks.len() { "end" } else { "middle" };
                    text x=(r1(pad_l + *i as f64 * bw + bw / 2.0)) y=(h - 6.0) text-anchor=(anchor) { (fmt::day(l, weeks[*i].0)) }
                }
            }
            figcaption { (caption) " — " (desc) }
            details {
                summary { (l.t("Numbers by week", "Chiffres par semaine")) }
                div.scroll {
                    table {
                        thead { tr { th scope="col" { (l.t("Week of", "Semaine du")) } th.num scope="col" { (l.t("Reports", "Signalements")) } } }
                        tbody {
                            @for (d, c) in weeks {
                                tr { td { (fmt::day(l, *d)) } td.num { (fmt::count(l, *c)) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Every Monday from the first week to the last, empty ones included (at
/// most `cap` weeks, the latest kept).
pub fn fill_weeks(
    counts: &std::collections::BTreeMap<NaiveDate, u64>,
    cap: usize,
) -> Vec<(NaiveDate, u64)> {
    let (Some(first), Some(last)) = (counts.keys().next(), counts.keys().next_back()) else {
        return Vec::new();
    };
    let mut start = *first;
    let span = (*last - *first).num_weeks();
    if span >= cap as i64 {
        start = *last - chrono::Duration::weeks(cap as i64 - 1);
    }
    let mut out = Vec::new();
    let mut d = start;
    while d <= *last && out.len() < cap {
        out.push((d, counts.get(&d).copied().unwrap_or(0)));
        d += chrono::Duration::days(7);
    }
    out
}

/// At most `max` bars: consecutive weeks summed in groups of the returned
/// size, each labelled by its first week.
pub fn bucket(weeks: &[(NaiveDate, u64)], max: usize) -> (Vec<(NaiveDate, u64)>, usize) {
    let per = weeks.len().div_ceil(max.max(1)).max(1);
    let out = weeks
        .chunks(per)
        .map(|c| (c[0].0, c.iter().map(|w| w.1).sum()))
        .collect();
    (out, per)
}

/// The Monday of a day's week.
pub fn monday(d: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    d - chrono::Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Graph {
        let mut g = Graph::default();
        let i = g.add(NodeKind::Indicator {
            kind: "phone".into(),
            value: "+1".into(),
            reports: 3,
            hub: false,
            bridge: true,
        });
        for k in 0..3 {
            let r = g.add(NodeKind::Report {
                key: format!("p:{k}"),
                tlp: "green".into(),
            });
            g.edges.push((r, i));
        }
        g
    }

    #[test]
    fn layout_is_deterministic_and_inside() {
        let mut a = sample();
        let mut b = sample();
        a.layout(100);
        b.layout(100);
        for (x, y) in a.nodes.iter().zip(&b.nodes) {
            assert_eq!((x.x, x.y), (y.x, y.y));
            assert!(x.x >= 0.0 && x.x <= WIDTH && x.y >= 0.0 && x.y <= HEIGHT);
        }
        let svg = a.svg(Lang::En, "t").into_string();
        assert!(svg.contains("bridge"));
        assert_eq!(svg.matches("<circle").count(), 3);
    }

    #[test]
    fn weeks_are_grouped_to_fit() {
        let d = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let weeks: Vec<(NaiveDate, u64)> = (0..250)
            .map(|i| (d + chrono::Duration::weeks(i), 1))
            .collect();
        let (b, per) = bucket(&weeks, 104);
        assert_eq!(per, 3);
        assert_eq!(b.len(), 84);
        assert_eq!(b.iter().map(|x| x.1).sum::<u64>(), 250);
        assert_eq!(bucket(&weeks[..10], 104).1, 1);
    }

    #[test]
    fn one_node_is_centred() {
        let mut g = Graph::default();
        g.add(NodeKind::Report {
            key: "p:1".into(),
            tlp: "red".into(),
        });
        g.layout(10);
        assert_eq!((g.nodes[0].x, g.nodes[0].y), (WIDTH / 2.0, HEIGHT / 2.0));
    }
}
