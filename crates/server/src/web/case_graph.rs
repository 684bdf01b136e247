//! The picture of a case's evidence: seizure sites, their exhibits, and
//! the rings the exhibits touch, in three columns, every node a link.

use super::i18n::Lang;
use maud::{html, Markup};
use ringtrace_act::device::{Exhibit, ExhibitMatches};

const W: f64 = 960.0;
const ROW: f64 = 36.0;

/// Sites (left), exhibits (middle), rings (right); an edge from each
/// exhibit to its site and to each ring it touches.
pub fn svg(
    l: Lang,
    case: &str,
    rings: &[String],
    exhibits: &[Exhibit],
    m: &ExhibitMatches,
) -> Markup {
    let mut sites: Vec<&str> = exhibits.iter().map(|e| e.site.as_str()).collect();
    sites.sort();
    sites.dedup();
    let mut all_rings: Vec<String> = rings.to_vec();
    for e in &m.exhibits {
        for r in &e.rings {
            if !all_rings.contains(&r.ring) {
                all_rings.push(r.ring.clone());
            }
        }
    }
    let rows = sites.len().max(exhibits.len()).max(all_rings.len()).max(1);
    let h = rows as f64 * ROW + 40.0;
    let y = |i: usize, n: usize| 20.0 + (i as f64 + 0.5) * (h - 40.0) / n.max(1) as f64;
    let (xs, xe, xr) = (24.0, W / 2.0, W - 160.0);
    let site_y = |s: &str| y(sites.iter().position(|x| *x == s).unwrap_or(0), sites.len());
    let ring_y = |r: &str| {
        y(
            all_rings.iter().position(|x| x == r).unwrap_or(0),
            all_rings.len(),
        )
    };
    html! {
        svg.graph.case-graph xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {W} {h:.0}"))
            aria-labelledby="case-graph-h" {
            g {
                @for (i, e) in exhibits.iter().enumerate() {
                    @let ey = y(i, exhibits.len());
                    line.edge x1=(xs) y1=(format!("{:.1}", site_y(&e.site))) x2=(xe) y2=(format!("{ey:.1}")) {}
                    @if let Some(hit) = m.exhibits.iter().find(|x| x.exhibit == e.id) {
                        @for r in &hit.rings {
                            line.edge x1=(xe) y1=(format!("{ey:.1}")) x2=(xr) y2=(format!("{:.1}", ring_y(&r.ring))) {}
                        }
                    }
                }
            }
            @for s in &sites {
                @let sy = site_y(s);
                a href=(format!("/cases/{case}/sites/{}", super::seg(s))) aria-label=(format!("{} {s}", l.t("site", "site"))) {
                    rect x=(xs - 8.0) y=(format!("{:.1}", sy - 8.0)) width="16" height="16" fill="#b45309" {}
                    // the name above the square, from the left edge: site
                    // names are long ("S-12 Salt Lake Sector V, Kolkata")
                    text x=(xs - 8.0) y=(format!("{:.1}", sy - 14.0)) { (short(s, 56)) }
                }
            }
            @for (i, e) in exhibits.iter().enumerate() {
                @let ey = y(i, exhibits.len());
                a href=(format!("/cases/{case}/sites/{}", super::seg(&e.site))) aria-label=(format!("{} {}", l.t("exhibit", "scellé"), e.id)) {
                    circle cx=(xe) cy=(format!("{ey:.1}")) r="6" fill="#6d28d9" {}
                    text x=(xe + 10.0) y=(format!("{:.1}", ey - 8.0)) { (e.id) }
                }
            }
            @for r in &all_rings {
                @let ry = ring_y(r);
                a href=(super::ring_href(r)) aria-label=(format!("{} {r}", l.t("ring", "réseau"))) {
                    circle cx=(xr) cy=(format!("{ry:.1}")) r="9" fill=(if rings.contains(r) { "#1d4ed8" } else { "#9ca3af" }) {}
                    text x=(xr + 14.0) y=(format!("{:.1}", ry + 4.0)) { (r) }
                }
            }
        }
    }
}

/// `s` cut to `n` characters, with an ellipsis when cut.
fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}
