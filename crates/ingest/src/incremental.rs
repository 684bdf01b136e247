//! Incremental linking: new reports join the rings they link to, or start
//! new ones, with work bounded by the values they share, not by the store.
//!
//! A full relink (`ringtrace relink`, or an import too large to place report
//! by report) re-clusters everything; between full relinks, this keeps rings
//! current in milliseconds per report.

use crate::{effective_warnings, Relinked};
use ringtrace_link::{place_with_values, specificity, ClusterParams, RingLink};
use ringtrace_model::RingId;
use ringtrace_store::{Placement, StoreError, Transaction};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The most new reports an import places one by one before it relinks all.
pub const MAX_INCREMENTAL: usize = 5_000;

/// Places `new_reports` (store keys of reports new to the store, already
/// written) in rings.
pub fn place_new_reports(
    tx: &mut dyn Transaction,
    new_reports: &[i64],
    reason: &str,
) -> Result<Relinked, StoreError> {
    let warnings = effective_warnings(&tx.warninglist()?);
    let params = ClusterParams::default();
    let detected: HashSet<_> = tx
        .detected_hubs()?
        .into_iter()
        .map(|h| h.indicator)
        .collect();
    let is_hub = |i: &ringtrace_model::Indicator| warnings.hub(i).is_some() || detected.contains(i);
    let hoods = tx.neighbourhoods(new_reports, &is_hub)?;
    let mut placed: HashMap<i64, RingId> = HashMap::new();
    let mut next_seq = tx.next_ring_seq()?;
    let mut placements = Vec::with_capacity(new_reports.len());
    let mut touched = HashSet::new();
    let mut created = 0;
    for hood in &hoods {
        // Links to each ring, as the clustering weighs them: per shared
        // value, its specificity times the ring's reports that mention it;
        // and the ring's reports the new one is linked to (see `RingLink`).
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
        let (ring, is_new) =
            match place_with_values(&candidates, params.gamma, params.min_shared_values) {
                Some(n) => (rings[n as usize].clone(), false),
                None => {
                    let id = RingId::from_sequence(next_seq);
                    next_seq += 1;
                    created += 1;
                    (id, true)
                }
            };
        placed.insert(hood.report_pk, ring.clone());
        touched.insert(ring.clone());
        placements.push(Placement {
            report_pk: hood.report_pk,
            ring,
            created: is_new,
        });
    }
    tx.place_reports(&placements, next_seq, reason)?;
    Ok(Relinked {
        rings_touched: touched.len(),
        rings_created: created,
        rings_merged: 0,
        full: false,
    })
}
