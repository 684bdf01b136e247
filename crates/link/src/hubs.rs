//! Structural hub detection: values that many unrelated reports share.
//!
//! A value is a hub when the reports that mention it *otherwise* belong to
//! many different groups, none of which holds most of them. "Otherwise" is
//! computed without the value: groups are connected components over the
//! other linking values. Values are examined from the rarest up, each
//! against the components of the rarer values accepted before it, and values
//! found not to be hubs are added to the components; a value first flagged
//! against that partial picture is examined again against the components of
//! every accepted value (so a ring number examined while its ring was still
//! in pieces is not mistaken for a hub).
//!
//! The criterion, for a value `v` of kind `k` mentioned (linkingly) by `df`
//! reports: of those reports, the *context* reports are those whose group
//! holds at least one other report; `v` is a hub iff
//! - `df >= min_reports` (20), and
//! - its context reports fall into at least `min_groups` (10) distinct groups,
//! - either the largest of those groups holds less than `max_share` (50%) of
//!   them (scattered), or `v` covers less than `min_coverage` (10%) of that largest
//!   group (a minor part of a group other links made large: bridges chain
//!   rings into big components, and a hub's reports can fall mostly into
//!   one of them), and
//! - no analyst overruled `v` ([`crate::WarningList::is_overruled`]).
//!
//! A real ring's number that 2,000 victims called is not a hub: reports that
//! mention nothing else have no context and do not count, and reports that
//! mention the ring's other values fall into the ring's one group. A support
//! number or webmail domain that victims of many rings mention falls into
//! as many groups as rings. Each value is judged on its own reports, by the
//! thresholds of its kind (`ClusterParams::hub_kinds`, else
//! `ClusterParams::hubs`); the reason names the kind.

use crate::cluster::ValueIndex;
use ringtrace_model::Indicator;

/// One value recognised as a hub from the graph's structure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DetectedHub {
    /// The indicator's index in the graph.
    pub indicator: u32,
    /// Reports that mention it linkingly.
    pub reports: u32,
    /// Distinct groups its context reports belong to without it.
    pub clusters: u32,
    /// Why, in words: `phone +1800…: 312 reports, 280 of them linked otherwise, in 57 groups; the largest holds 8%`.
    pub reason: String,
}

/// The thresholds of the criterion (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HubParams {
    /// Reports a value must have to be judged at all (default 20).
    pub min_reports: u32,
    /// Distinct groups its context reports must fall into (default 10).
    pub min_groups: u32,
    /// Scattered: the largest group holds less than this share of its context reports (default 0.5).
    pub max_share: f64,
    /// Minor: it covers less than this share of its largest group (default 0.1).
    pub min_coverage: f64,
}

impl Default for HubParams {
    fn default() -> HubParams {
        HubParams {
            min_reports: 20,
            min_groups: 10,
            max_share: 0.5,
            min_coverage: 0.1,
        }
    }
}

/// Union–find over reports, with component sizes.
struct Groups {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl Groups {
    fn new(n: usize) -> Groups {
        Groups {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let g = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = g;
            x = g;
        }
        x
    }

    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (big, small) = if self.size[ra as usize] >= self.size[rb as usize] {
                (ra, rb)
            } else {
                (rb, ra)
            };
            self.parent[small as usize] = big;
            self.size[big as usize] += self.size[small as usize];
        }
    }

    fn union_all(&mut self, reports: &[u32]) {
        for w in reports.windows(2) {
            self.union(w[0], w[1]);
        }
    }

    /// How `reports` spread over the groups.
    fn spread(&mut self, reports: &[u32], scratch: &mut Vec<u32>) -> Spread {
        scratch.clear();
        for &r in reports {
            let root = self.find(r);
            if self.size[root as usize] >= 2 {
                scratch.push(root);
            }
        }
        scratch.sort_unstable();
        let mut s = Spread {
            context: scratch.len() as u32,
            ..Spread::default()
        };
        let mut run = 0u32;
        for (i, &g) in scratch.iter().enumerate() {
            if i == 0 || scratch[i - 1] != g {
                s.groups += 1;
                run = 0;
            }
            run += 1;
            if run > s.largest {
                s.largest = run;
                s.largest_size = self.size[g as usize];
            }
        }
        s
    }
}

/// How a value's reports spread over the groups formed without it.
#[derive(Clone, Copy, Debug, Default)]
struct Spread {
    /// Reports whose group holds another report.
    context: u32,
    /// Distinct groups of the context reports.
    groups: u32,
    /// Context reports in the largest of them, and that group's size.
    largest: u32,
    largest_size: u32,
}

fn is_hub(p: &HubParams, df: u32, s: Spread) -> bool {
    let scattered = f64::from(s.largest) < p.max_share * f64::from(s.context);
    // most of its reports in one group of which it is a small part: a hub
    // inside a group that other links already made large
    let minor = f64::from(s.largest) < p.min_coverage * f64::from(s.largest_size);
    df >= p.min_reports && s.groups >= p.min_groups && s.context > 0 && (scattered || minor)
}

/// The values of `index` that behave like hubs, in indicator order.
/// `overruled[v]` marks values an analyst declared not to be hubs;
/// `params[v]` are the thresholds for value `v` (per kind).
pub(crate) fn detect(
    reports: usize,
    indicators: &[Indicator],
    index: &ValueIndex,
    overruled: &[bool],
    params: &[HubParams],
) -> Vec<DetectedHub> {
    let min_reports = params
        .iter()
        .map(|p| p.min_reports)
        .min()
        .unwrap_or(u32::MAX);
    let mut order: Vec<u32> = (0..index.values() as u32)
        .filter(|&v| index.df(v) >= 2)
        .collect();
    order.sort_by_key(|&v| (index.df(v), v));
    let mut groups = Groups::new(reports);
    let mut scratch = Vec::new();
    let mut flagged: Vec<u32> = Vec::new();
    for &v in &order {
        let rs = index.reports(v);
        let df = rs.len() as u32;
        if df >= min_reports && !overruled[v as usize] {
            let s = groups.spread(rs, &mut scratch);
            if is_hub(&params[v as usize], df, s) {
                flagged.push(v);
                continue;
            }
        }
        groups.union_all(rs);
    }
    // Second look, against the components of every accepted value.
    let mut hubs = Vec::new();
    let mut cleared = Vec::new();
    for &v in &flagged {
        let rs = index.reports(v);
        let df = rs.len() as u32;
        let s = groups.spread(rs, &mut scratch);
        let (ctx, g, largest) = (s.context, s.groups, s.largest);
        if is_hub(&params[v as usize], df, s) {
            let ind = &indicators[v as usize];
            hubs.push(DetectedHub {
                indicator: v,
                reports: df,
                clusters: g,
                reason: format!(
                    "{} {}: {df} reports, {ctx} of them linked otherwise, in {g} groups; \
                     the largest holds {:.0}% ({:.1}% of that group)",
                    ind.kind,
                    ind.value,
                    100.0 * f64::from(largest) / f64::from(ctx),
                    100.0 * f64::from(largest) / f64::from(s.largest_size)
                ),
            });
        } else {
            cleared.push(v);
        }
    }
    hubs.sort_by_key(|h| h.indicator);
    hubs
}
