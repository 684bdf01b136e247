//! Why two reports are, or are not, in one ring: the shortest path of
//! shared values between them, and the values that were not allowed to join
//! them, as data for the CLI to print.

use crate::cluster::Clustering;
use crate::{LinkGraph, WarningList};
use std::collections::VecDeque;

/// One hop of a path: report `from` and report `to` both mention `indicator`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub from: u32,
    pub indicator: u32,
    pub to: u32,
}

/// Why a value did not join reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IgnoredBecause {
    /// On the warning list (shipped or analyst's entry).
    ListedHub { owner: String, note: String },
    /// Recognised as a hub from the graph's structure.
    DetectedHub { reason: String },
    /// Shared by two rings, recorded as a bridge between them, not merged through.
    Bridge { a: u32, b: u32 },
    /// Mentioned only as the victim's own or a legitimate reference.
    Role,
}

/// A value on the way, or shared by both reports, that did not join them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ignored {
    pub indicator: u32,
    pub because: IgnoredBecause,
}

/// The answer of [`explain`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    pub a: u32,
    pub b: u32,
    /// The rings (labels of the clustering) of `a` and `b`.
    pub ring_a: u32,
    pub ring_b: u32,
    pub same_ring: bool,
    /// Same ring: the shortest path of linking values inside the ring.
    /// Different rings: the shortest path over linking values across rings
    /// (its cross-ring hops are bridges), or, if none, over every value
    /// (its hubs and non-linking mentions are listed in `ignored`); empty
    /// when nothing at all connects them.
    pub path: Vec<Step>,
    /// Values on `path`, or mentioned by both reports, that did not link;
    /// each once, in order of first appearance.
    pub ignored: Vec<Ignored>,
}

/// Explains `a` and `b` under `clustering` (computed from `graph` and
/// `warnings`). Reports out of range are treated as mentioning nothing.
pub fn explain(
    graph: &LinkGraph,
    warnings: &WarningList,
    clustering: &Clustering,
    a: u32,
    b: u32,
) -> Explanation {
    let n = graph.reports;
    let ni = graph.indicators.len();
    let label = |r: u32| {
        clustering
            .labels
            .get(r as usize)
            .copied()
            .unwrap_or(u32::MAX)
    };
    let listed: Vec<bool> = graph
        .indicators
        .iter()
        .map(|i| warnings.hub(i).is_some())
        .collect();
    let mut detected: Vec<Option<&str>> = vec![None; ni];
    for h in &clustering.hubs {
        if let Some(d) = detected.get_mut(h.indicator as usize) {
            *d = Some(h.reason.as_str());
        }
    }
    let usable = |i: u32, may: bool| may && !listed[i as usize] && detected[i as usize].is_none();

    // adjacency both ways, mentions kept with their flag
    let by_report = rows(n, graph.mentions.iter().map(|&(r, i, m)| (r, i, m)));
    let by_value = rows(ni, graph.mentions.iter().map(|&(r, i, m)| (i, r, m)));
    let bfs = |allowed: &dyn Fn(u32, u32, bool) -> bool| -> Option<Vec<Step>> {
        if a as usize >= n || b as usize >= n {
            return None;
        }
        let mut prev: Vec<Option<(u32, u32)>> = vec![None; n];
        let mut seen_r = vec![false; n];
        let mut seen_v = vec![false; ni];
        let mut q = VecDeque::from([a]);
        seen_r[a as usize] = true;
        while let Some(r) = q.pop_front() {
            if r == b {
                let mut path = Vec::new();
                let mut cur = b;
                while let Some((p, i)) = prev[cur as usize] {
                    path.push(Step {
                        from: p,
                        indicator: i,
                        to: cur,
                    });
                    cur = p;
                }
                path.reverse();
                return Some(path);
            }
            for &(i, may) in &by_report[r as usize] {
                if seen_v[i as usize] || !allowed(r, i, may) {
                    continue;
                }
                seen_v[i as usize] = true;
                for &(r2, may2) in &by_value[i as usize] {
                    if !seen_r[r2 as usize] && allowed(r2, i, may2) {
                        seen_r[r2 as usize] = true;
                        prev[r2 as usize] = Some((r, i));
                        q.push_back(r2);
                    }
                }
            }
        }
        None
    };

    let (ring_a, ring_b) = (label(a), label(b));
    let same_ring = ring_a == ring_b && ring_a != u32::MAX;
    let path = if same_ring {
        bfs(&|r, i, m| usable(i, m) && label(r) == ring_a)
    } else {
        bfs(&|_, i, m| usable(i, m)).or_else(|| bfs(&|_, _, _| true))
    }
    .unwrap_or_default();

    let mut ignored: Vec<Ignored> = Vec::new();
    let mut note = |i: u32, because: IgnoredBecause| {
        if !ignored.iter().any(|x| x.indicator == i) {
            ignored.push(Ignored {
                indicator: i,
                because,
            });
        }
    };
    let why = |i: u32, may_both: bool| -> Option<IgnoredBecause> {
        if let Some(h) = warnings.hub(&graph.indicators[i as usize]) {
            return Some(IgnoredBecause::ListedHub {
                owner: h.owner.clone(),
                note: h.note.clone(),
            });
        }
        if let Some(reason) = detected[i as usize] {
            return Some(IgnoredBecause::DetectedHub {
                reason: reason.to_string(),
            });
        }
        (!may_both).then_some(IgnoredBecause::Role)
    };
    let may = |r: u32, i: u32| {
        by_report
            .get(r as usize)
            .and_then(|row| row.iter().find(|x| x.0 == i))
            .map(|x| x.1)
    };
    for s in &path {
        let both = may(s.from, s.indicator) == Some(true) && may(s.to, s.indicator) == Some(true);
        if let Some(w) = why(s.indicator, both) {
            note(s.indicator, w);
        } else if label(s.from) != label(s.to) {
            let (x, y) = (label(s.from), label(s.to));
            note(
                s.indicator,
                IgnoredBecause::Bridge {
                    a: x.min(y),
                    b: x.max(y),
                },
            );
        }
    }
    // values both reports mention that did not join them
    if (a as usize) < n && (b as usize) < n {
        for &(i, ma) in &by_report[a as usize] {
            if let Some(mb) = may(b, i) {
                if let Some(w) = why(i, ma && mb) {
                    note(i, w);
                }
            }
        }
    }
    Explanation {
        a,
        b,
        ring_a,
        ring_b,
        same_ring,
        path,
        ignored,
    }
}

/// Rows `key -> [(other, may_link)]`, in mention order.
fn rows(n: usize, it: impl Iterator<Item = (u32, u32, bool)>) -> Vec<Vec<(u32, bool)>> {
    let mut out = vec![Vec::new(); n];
    for (k, o, m) in it {
        if let Some(row) = out.get_mut(k as usize) {
            row.push((o, m));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::{cluster, ClusterParams};
    use ringtrace_model::{Indicator, Kind};

    fn g(reports: usize, rows: &[(u32, (Kind, &str), bool)]) -> LinkGraph {
        let mut graph = LinkGraph {
            reports,
            ..LinkGraph::default()
        };
        for &(r, (k, v), may) in rows {
            let ind = Indicator::new(k, v);
            let id = match graph.indicators.iter().position(|x| *x == ind) {
                Some(p) => p,
                None => {
                    graph.indicators.push(ind);
                    graph.indicators.len() - 1
                }
            };
            graph.mentions.push((r, id as u32, may));
        }
        graph
    }

    const P1: (Kind, &str) = (Kind::Phone, "+18445550101");
    const P2: (Kind, &str) = (Kind::Phone, "+18445550102");
    const MS: (Kind, &str) = (Kind::Phone, "+18006427676");
    const VICTIM: (Kind, &str) = (Kind::Phone, "+33612345678");

    #[test]
    fn path_inside_a_ring() {
        // 0 -P1- 1 -P2- 2, and 0 and 2 both called Microsoft's real number
        let graph = g(
            3,
            &[
                (0, P1, true),
                (1, P1, true),
                (1, P2, true),
                (2, P2, true),
                (0, MS, true),
                (2, MS, true),
            ],
        );
        let w = WarningList::shipped();
        let c = cluster(&graph, &w, &ClusterParams::default());
        let e = explain(&graph, &w, &c, 0, 2);
        assert!(e.same_ring);
        let via: Vec<u32> = e.path.iter().map(|s| s.indicator).collect();
        assert_eq!(via, vec![0, 1]);
        assert_eq!((e.path[0].from, e.path[1].to), (0, 2));
        assert_eq!(e.ignored.len(), 1);
        assert!(matches!(
            &e.ignored[0].because,
            IgnoredBecause::ListedHub { owner, .. } if owner == "Microsoft"
        ));
    }

    #[test]
    fn hub_and_role_paths_are_ignored() {
        let graph = g(
            3,
            &[
                (0, MS, true),
                (1, MS, true),
                (1, VICTIM, false),
                (2, VICTIM, false),
            ],
        );
        let w = WarningList::shipped();
        let c = cluster(&graph, &w, &ClusterParams::default());
        let e = explain(&graph, &w, &c, 0, 2);
        assert!(!e.same_ring);
        assert_eq!(e.path.len(), 2);
        let reasons: Vec<&IgnoredBecause> = e.ignored.iter().map(|x| &x.because).collect();
        assert!(matches!(reasons[0], IgnoredBecause::ListedHub { .. }));
        assert_eq!(reasons[1], &IgnoredBecause::Role);
        // nothing at all between a report and one out of range
        let e = explain(&graph, &w, &c, 0, 9);
        assert!(e.path.is_empty() && !e.same_ring);
    }

    #[test]
    fn bridges_are_named() {
        // two dense groups sharing one value (report 2 and 3 both mention P2)
        let mut rows = Vec::new();
        let ring_a = [(Kind::Phone, "+18445550201"), (Kind::Email, "a@x.com")];
        let ring_b = [(Kind::Phone, "+18445550301"), (Kind::Email, "b@x.com")];
        for r in 0..10 {
            for v in ring_a {
                rows.push((r, v, true));
            }
        }
        for r in 10..20 {
            for v in ring_b {
                rows.push((r, v, true));
            }
        }
        rows.push((2, P2, true));
        rows.push((13, P2, true));
        let graph = g(20, &rows);
        let w = WarningList::default();
        let c = cluster(&graph, &w, &ClusterParams::default());
        let e = explain(&graph, &w, &c, 0, 15);
        assert!(!e.same_ring, "{:?}", c.labels);
        assert_eq!(e.path.len(), 3);
        assert_eq!(e.path[1].indicator, 4);
        assert_eq!(e.ignored.len(), 1);
        assert_eq!(
            e.ignored[0].because,
            IgnoredBecause::Bridge {
                a: c.labels[0].min(c.labels[15]),
                b: c.labels[0].max(c.labels[15])
            }
        );
    }
}
