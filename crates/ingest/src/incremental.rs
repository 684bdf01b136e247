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
    // Where each report is now.
    let ring_now = |pk: i64, ring: &Option<String>| -> Option<RingId> {
        match placed.get(&pk) {
            Some(r) => Some(r.clone()),
            None => ring.as_deref().and_then(RingId::parse),
        }
    };
    // A ring that lost links can only have come apart between the reports
    // at the ends of the links it lost: the changed reports still in it and
    // the reports of it they were linked to (through the values they link
    // by now or those they dropped). Every part of it holds one of them.
    let mut sources: BTreeMap<RingId, BTreeSet<i64>> = BTreeMap::new();
    for hood in &hoods {
        let Some(ring) = hood.ring.as_deref().and_then(RingId::parse) else {
            continue;
        };
        if !changes.contains_key(&hood.report_pk) || !to_check.contains(&ring) {
            continue;
        }
        let ends = sources.entry(ring.clone()).or_default();
        if placed.get(&hood.report_pk) == Some(&ring) {
            ends.insert(hood.report_pk);
        }
        let dropped = tx.dropped_values(hood.report_pk);
        let dropped: Vec<Indicator> = dropped.into_iter().filter(|v| !is_hub(v)).collect();
        let was_shared = tx.mentioning(&dropped)?;
        for shared in hood.shared.iter().chain(&was_shared) {
            if is_hub(&shared.indicator) {
                continue;
            }
            for (other, r) in &shared.others {
                if *other != hood.report_pk && ring_now(*other, r).as_ref() == Some(&ring) {
                    ends.insert(*other);
                }
            }
        }
    }
    let mut parts = Vec::new();
    for (ring, ends) in &sources {
        let detached = search_parts(tx, &hubs, ring, ends)?;
        if !detached.is_empty() {
            parts.push((ring.clone(), detached));
        }
    }
    let split = write_splits(tx, parts, reason)?;
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
/// rings, reading each ring whole.
fn split_detached(
    tx: &mut dyn Transaction,
    hubs: &Hubs,
    rings: &BTreeSet<RingId>,
    reason: &str,
) -> Result<Split, StoreError> {
    let mut parts = Vec::new();
    for ring in rings {
        let detached = detached_parts(&tx.ring_links(ring)?, &|i| hubs.is_hub(i));
        if !detached.is_empty() {
            parts.push((ring.clone(), detached));
        }
    }
    write_splits(tx, parts, reason)
}

/// Makes a new ring of each part split off a ring.
fn write_splits(
    tx: &mut dyn Transaction,
    parts: Vec<(RingId, Vec<Vec<i64>>)>,
    reason: &str,
) -> Result<Split, StoreError> {
    let mut next_seq = tx.next_ring_seq()?;
    let mut out = Split {
        created: Vec::new(),
        split: parts.len(),
        moved: Vec::new(),
    };
    let mut placements = Vec::new();
    for (ring, detached) in parts {
        for members in detached {
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

/// How many reports one step of [`search_parts`] expands at once.
const SEARCH_BATCH: usize = 32;

/// The parts of `ring` that no longer link to its main part, found by
/// searching out from `ends` (reports of the ring such that every part holds
/// one): one search per end, searches that meet become one, and the search
/// with the fewest reports is always the next to grow, so a part that has
/// come off is read whole and the ring's main part only as far as it takes
/// to meet. Each value is followed once. The parts are returned in
/// store-key order; empty when the ends all meet.
fn search_parts(
    tx: &mut dyn Transaction,
    hubs: &Hubs,
    ring: &RingId,
    ends: &BTreeSet<i64>,
) -> Result<Vec<Vec<i64>>, StoreError> {
    if ends.len() <= 1 {
        return Ok(Vec::new());
    }
    struct Search {
        members: Vec<i64>,
        frontier: std::collections::VecDeque<i64>,
    }
    // Searches by index; `merged[i]` points to the search that took in i.
    let mut searches: Vec<Option<Search>> = Vec::new();
    let mut merged: Vec<usize> = Vec::new();
    let mut owner: HashMap<i64, usize> = HashMap::new();
    fn find(merged: &mut [usize], mut i: usize) -> usize {
        while merged[i] != i {
            merged[i] = merged[merged[i]];
            i = merged[i];
        }
        i
    }
    for &end in ends {
        owner.insert(end, searches.len());
        merged.push(searches.len());
        searches.push(Some(Search {
            members: vec![end],
            frontier: [end].into_iter().collect(),
        }));
    }
    let mut followed: HashSet<Indicator> = HashSet::new();
    loop {
        let live: Vec<usize> = (0..searches.len())
            .filter(|&i| searches[i].is_some())
            .collect();
        if live.len() == 1 {
            return Ok(Vec::new());
        }
        let growing: Vec<usize> = live
            .iter()
            .copied()
            .filter(|&i| searches[i].as_ref().is_some_and(|s| !s.frontier.is_empty()))
            .collect();
        if growing.len() <= 1 {
            // Every search but at most one has read its part whole without
            // meeting another: those parts have come off. The one still
            // growing (or, if all are done, the largest) keeps the ring.
            let keep = match growing.first() {
                Some(&g) => g,
                None => *live
                    .iter()
                    .max_by(|&&a, &&b| {
                        let (sa, sb) = (searches[a].as_ref(), searches[b].as_ref());
                        let (la, lb) = (
                            sa.map_or(0, |s| s.members.len()),
                            sb.map_or(0, |s| s.members.len()),
                        );
                        let min =
                            |s: Option<&Search>| s.and_then(|s| s.members.iter().min().copied());
                        la.cmp(&lb).then(min(sb).cmp(&min(sa)))
                    })
                    .expect("two searches or more"),
            };
            let mut parts: Vec<Vec<i64>> = live
                .into_iter()
                .filter(|&i| i != keep)
                .filter_map(|i| searches[i].take())
                .map(|s| {
                    let mut m = s.members;
                    m.sort_unstable();
                    m
                })
                .collect();
            parts.sort();
            return Ok(parts);
        }
        let grow = *growing
            .iter()
            .min_by_key(|&&i| searches[i].as_ref().map_or(usize::MAX, |s| s.members.len()))
            .expect("two growing searches or more");
        let batch: Vec<i64> = {
            let s = searches[grow].as_mut().expect("live");
            let n = s.frontier.len().min(SEARCH_BATCH);
            s.frontier.drain(..n).collect()
        };
        let skip = |v: &Indicator| hubs.is_hub(v) || followed.contains(v);
        let hoods = tx.neighbourhoods(&batch, &skip)?;
        for hood in &hoods {
            for shared in &hood.shared {
                if skip(&shared.indicator) {
                    continue;
                }
                for (other, r) in &shared.others {
                    if r.as_deref() != Some(ring.as_str()) {
                        continue;
                    }
                    let here = find(&mut merged, grow);
                    match owner.get(other).map(|&o| find(&mut merged, o)) {
                        Some(there) if there == here => {}
                        Some(there) => {
                            // Two searches meet: the smaller joins the larger.
                            let (big, small) = {
                                let lh = searches[here].as_ref().map_or(0, |s| s.members.len());
                                let lt = searches[there].as_ref().map_or(0, |s| s.members.len());
                                if lh >= lt {
                                    (here, there)
                                } else {
                                    (there, here)
                                }
                            };
                            let taken = searches[small].take().expect("live");
                            let into = searches[big].as_mut().expect("live");
                            into.members.extend(taken.members);
                            into.frontier.extend(taken.frontier);
                            merged[small] = big;
                        }
                        None => {
                            owner.insert(*other, here);
                            let s = searches[here].as_mut().expect("live");
                            s.members.push(*other);
                            s.frontier.push_back(*other);
                        }
                    }
                }
            }
        }
        // A value read from one report has been read for all.
        for hood in &hoods {
            for shared in &hood.shared {
                if !hubs.is_hub(&shared.indicator) {
                    followed.insert(shared.indicator.clone());
                }
            }
        }
    }
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
