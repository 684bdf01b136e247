//! Incremental linking: new reports join the rings they link to, or start
//! new ones; replaced reports whose values changed are placed again; rings
//! that lost a link are checked to still hold together, and split into
//! their connected parts when they do not. The work is bounded by the
//! values the reports share and the rings they touch, not by the store.
//!
//! A full relink (`ringtrace relink`, or an import too large to place report
//! by report) re-clusters everything; between full relinks, this keeps rings
//! current in milliseconds per report.

use crate::{effective_warnings, Relinked};
use ringtrace_link::{place_with_values, specificity, ClusterParams, RingLink};
use ringtrace_model::{Indicator, RingId};
use ringtrace_store::{LinkChange, Placement, StoreError, Transaction};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// The most reports an import places one by one before it relinks all.
pub const MAX_INCREMENTAL: usize = 5_000;

/// Places `new_reports` (store keys of reports new to the store, already
/// written) in rings.
pub fn place_new_reports(
    tx: &mut dyn Transaction,
    new_reports: &[i64],
    reason: &str,
) -> Result<Relinked, StoreError> {
    place_reports(tx, new_reports, &[], reason)
}

/// Places `new_reports` and the replaced reports of `updated` (whose
/// linkable values changed) in rings, then checks the rings they left, or
/// lost a value in, still hold together.
pub fn place_reports(
    tx: &mut dyn Transaction,
    new_reports: &[i64],
    updated: &[(i64, LinkChange)],
    reason: &str,
) -> Result<Relinked, StoreError> {
    let hubs = Hubs::read(tx)?;
    let is_hub = |i: &Indicator| hubs.is_hub(i);
    let params = ClusterParams::default();
    let changes: HashMap<i64, LinkChange> = updated.iter().copied().collect();
    let mut order: Vec<i64> = new_reports.iter().chain(changes.keys()).copied().collect();
    order.sort_unstable();
    order.dedup();
    let hoods = tx.neighbourhoods(&order, &is_hub)?;
    let mut placed: HashMap<i64, RingId> = HashMap::new();
    let mut next_seq = tx.next_ring_seq()?;
    let mut placements = Vec::with_capacity(order.len());
    let mut touched = BTreeSet::new();
    // Rings that may no longer hold together: left by a report, or kept by
    // one that lost a value.
    let mut to_check: BTreeSet<RingId> = BTreeSet::new();
    let mut created = 0;
    for hood in &hoods {
        let previous = match changes.get(&hood.report_pk) {
            Some(_) => hood.ring.as_deref().and_then(RingId::parse),
            None => None,
        };
        // Links to each ring, as the clustering weighs them: per shared
        // value, its specificity times the ring's reports that mention it;
        // and the ring's reports the report is linked to (see `RingLink`).
        let mut links: BTreeMap<RingId, (f64, HashSet<i64>, u32)> = BTreeMap::new();
        for shared in &hood.shared {
            if is_hub(&shared.indicator) {
                continue;
            }
            let df = shared.others.len() as u32 + 1;
            let weight = specificity(df);
            let mut rings_here = HashSet::new();
            for (other, ring) in &shared.others {
                let ring = match placed.get(other) {
                    Some(r) => Some(r.clone()),
                    None => ring.as_deref().and_then(RingId::parse),
                };
                if let Some(r) = ring {
                    let link = links.entry(r.clone()).or_default();
                    link.0 += weight;
                    link.1.insert(*other);
                    rings_here.insert(r);
                }
            }
            for r in rings_here {
                links.entry(r).or_default().2 += 1;
            }
        }
        let rings: Vec<RingId> = links.keys().cloned().collect();
        let candidates: Vec<RingLink> = links
            .values()
            .enumerate()
            .map(|(n, (weight, linked, values))| RingLink {
                ring: n as u32,
                weight: *weight,
                size: linked.len() as u32,
                values: *values,
            })
            .collect();
        let chosen = place_with_values(&candidates, params.gamma, params.min_shared_values)
            .map(|n| rings[n as usize].clone());
        let (ring, is_new) = match (chosen, &previous) {
            (Some(r), _) => (r, false),
            // Tied to no ring strongly enough: a replaced report stays
            // where it was (the check below splits it off if nothing holds
            // it there any more).
            (None, Some(p)) => (p.clone(), false),
            (None, None) => {
                let id = RingId::from_sequence(next_seq);
                next_seq += 1;
                created += 1;
                (id, true)
            }
        };
        if let Some(p) = &previous {
            if *p != ring || changes.get(&hood.report_pk) == Some(&LinkChange::Lost) {
                to_check.insert(p.clone());
            }
            if *p != ring {
                touched.insert(p.clone());
            }
        }
        placed.insert(hood.report_pk, ring.clone());
        touched.insert(ring.clone());
        placements.push(Placement {
            report_pk: hood.report_pk,
            ring,
            created: is_new,
            previous,
        });
    }
    tx.place_reports(&placements, next_seq, reason)?;
    let split = split_detached(tx, &hubs, &to_check, reason)?;
    touched.extend(split.created.iter().cloned());
    Ok(Relinked {
        rings_touched: touched.len(),
        rings_created: created + split.created.len(),
        rings_merged: 0,
        full: false,
        moved: split.moved,
    })
}

/// Checks that each of `rings` (which lost reports or links) still holds
/// together, and splits off the parts that do not, as new rings. Returns
/// the rings created and the rings split.
pub fn check_rings(
    tx: &mut dyn Transaction,
    rings: &BTreeSet<RingId>,
    reason: &str,
) -> Result<Relinked, StoreError> {
    let hubs = Hubs::read(tx)?;
    let split = split_detached(tx, &hubs, rings, reason)?;
    Ok(Relinked {
        rings_touched: split.created.len() + split.split,
        rings_created: split.created.len(),
        rings_merged: 0,
        full: false,
        moved: split.moved,
    })
}

/// The values that do not link: the warning list's hubs and those the last
/// full relink recognised.
struct Hubs {
    warnings: ringtrace_link::WarningList,
    detected: HashSet<Indicator>,
}

impl Hubs {
    fn read(tx: &mut dyn Transaction) -> Result<Self, StoreError> {
        Ok(Hubs {
            warnings: effective_warnings(&tx.warninglist()?),
            detected: tx
                .detected_hubs()?
                .into_iter()
                .map(|h| h.indicator)
                .collect(),
        })
    }

    fn is_hub(&self, i: &Indicator) -> bool {
        self.warnings.hub(i).is_some() || self.detected.contains(i)
    }
}

/// What [`split_detached`] did.
struct Split {
    /// The rings made of split-off parts.
    created: Vec<RingId>,
    /// How many rings were split.
    split: usize,
    /// The reports that moved to them.
    moved: Vec<i64>,
}

/// Splits the parts of `rings` that no longer link to the rest into new
/// rings.
fn split_detached(
    tx: &mut dyn Transaction,
    hubs: &Hubs,
    rings: &BTreeSet<RingId>,
    reason: &str,
) -> Result<Split, StoreError> {
    let mut next_seq = tx.next_ring_seq()?;
    let mut out = Split {
        created: Vec::new(),
        split: 0,
        moved: Vec::new(),
    };
    let mut placements = Vec::new();
    for ring in rings {
        let parts = detached_parts(&tx.ring_links(ring)?, &|i| hubs.is_hub(i));
        out.split += usize::from(!parts.is_empty());
        for members in parts {
            let id = RingId::from_sequence(next_seq);
            next_seq += 1;
            out.created.push(id.clone());
            out.moved.extend(&members);
            placements.extend(members.into_iter().map(|report_pk| Placement {
                report_pk,
                ring: id.clone(),
                created: true,
                previous: Some(ring.clone()),
            }));
        }
    }
    if !placements.is_empty() {
        tx.place_reports(&placements, next_seq, reason)?;
    }
    Ok(out)
}

/// The parts of a ring (its reports with their linkable values) that no
/// longer link to its main part through values other than hubs: the
/// connected components after the largest (ties: the one holding the
/// lowest store key, so the ring keeps its oldest reports), each in
/// store-key order. Empty when the ring holds together.
fn detached_parts(
    members: &[(i64, Vec<Indicator>)],
    is_hub: &dyn Fn(&Indicator) -> bool,
) -> Vec<Vec<i64>> {
    let mut parent: Vec<usize> = (0..members.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut first: HashMap<&Indicator, usize> = HashMap::new();
    for (n, (_, values)) in members.iter().enumerate() {
        for v in values {
            if is_hub(v) {
                continue;
            }
            match first.get(v) {
                Some(&m) => {
                    let (a, b) = (root(&mut parent, m), root(&mut parent, n));
                    if a != b {
                        parent[a.max(b)] = a.min(b);
                    }
                }
                None => {
                    first.insert(v, n);
                }
            }
        }
    }
    let mut parts: BTreeMap<usize, Vec<i64>> = BTreeMap::new();
    for (n, (pk, _)) in members.iter().enumerate() {
        let r = root(&mut parent, n);
        parts.entry(r).or_default().push(*pk);
    }
    let mut parts: Vec<Vec<i64>> = parts.into_values().collect();
    if parts.len() <= 1 {
        return Vec::new();
    }
    // Members come in store-key order, so each part is sorted and roots
    // are their lowest member's index; the largest part stays.
    let keep = parts
        .iter()
        .enumerate()
        .max_by(|(_, a), (_, b)| a.len().cmp(&b.len()).then(b[0].cmp(&a[0])))
        .map(|(n, _)| n)
        .expect("two parts or more");
    parts.remove(keep);
    parts
}

#[cfg(test)]
mod tests {
    use super::detached_parts;
    use ringtrace_model::{Indicator, Kind};

    fn phone(n: u32) -> Indicator {
        Indicator::new(Kind::Phone, format!("+1844555{n:04}"))
    }

    fn check(members: &[(i64, &[u32])], hubs: &[u32], expect: &[&[i64]]) {
        let members: Vec<(i64, Vec<Indicator>)> = members
            .iter()
            .map(|(pk, vs)| (*pk, vs.iter().map(|v| phone(*v)).collect()))
            .collect();
        let hubs: Vec<Indicator> = hubs.iter().map(|v| phone(*v)).collect();
        let got = detached_parts(&members, &|i| hubs.contains(i));
        let expect: Vec<Vec<i64>> = expect.iter().map(|p| p.to_vec()).collect();
        assert_eq!(got, expect);
    }

    #[test]
    fn a_ring_that_holds_together_loses_nothing() {
        check(&[(1, &[1, 2]), (2, &[2, 3]), (3, &[3])], &[], &[]);
        check(&[(7, &[])], &[], &[]);
        check(&[], &[], &[]);
    }

    #[test]
    fn parts_linked_only_through_a_hub_come_apart_and_the_largest_stays() {
        check(
            &[(1, &[9, 5]), (2, &[5]), (3, &[9, 6]), (4, &[6]), (5, &[6])],
            &[9],
            &[&[1, 2]],
        );
    }

    #[test]
    fn a_report_with_nothing_left_to_link_by_leaves_alone() {
        check(&[(1, &[1]), (2, &[1]), (3, &[])], &[], &[&[3]]);
    }

    #[test]
    fn between_equal_parts_the_oldest_reports_keep_the_ring() {
        check(
            &[(1, &[1]), (2, &[1]), (3, &[2]), (4, &[2]), (5, &[3])],
            &[],
            &[&[3, 4], &[5]],
        );
    }
}
