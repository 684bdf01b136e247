//! Stable ring identifiers: new components inherit the identifiers of the
//! rings they continue.
//!
//! The rules (the spec's section 3): a ring that gains reports keeps its
//! identifier; when rings merge, the larger one's identifier survives and the
//! others are recorded as merged into it; when a ring splits, its largest
//! part keeps the identifier and the others get new ones.

use ringtrace_model::RingId;
use std::collections::HashMap;

/// A change to the set of rings, for the history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RingEvent {
    Created { ring: RingId },
    Merged { from: RingId, into: RingId },
    SplitFrom { ring: RingId, from: RingId },
}

/// The outcome of one assignment.
#[derive(Clone, Debug)]
pub struct Assignment {
    /// The ring of each report, indexed like the components.
    pub rings: Vec<RingId>,
    pub events: Vec<RingEvent>,
    /// The sequence number the next new ring will take.
    pub next_seq: u64,
}

/// Gives each component an identifier. `previous[r]` is report `r`'s ring
/// before (None for a report new to the store); `components[r]` its component
/// now; `next_seq` the sequence of the next new ring identifier.
pub fn assign_ring_ids(
    previous: &[Option<RingId>],
    components: &[u32],
    mut next_seq: u64,
) -> Assignment {
    assert_eq!(previous.len(), components.len());
    let n_components = components
        .iter()
        .map(|&c| c as usize + 1)
        .max()
        .unwrap_or(0);

    // How many reports of each old ring went to each component, and each old
    // ring's size.
    let mut overlap: HashMap<(u32, &RingId), u64> = HashMap::new();
    let mut old_size: HashMap<&RingId, u64> = HashMap::new();
    for (prev, &comp) in previous.iter().zip(components) {
        if let Some(id) = prev {
            *overlap.entry((comp, id)).or_default() += 1;
            *old_size.entry(id).or_default() += 1;
        }
    }

    // Claims, strongest first: most reports carried over, then the larger old
    // ring, then the identifier for a deterministic order.
    let mut claims: Vec<(u32, &RingId, u64)> =
        overlap.iter().map(|(&(c, id), &n)| (c, id, n)).collect();
    claims.sort_by(|a, b| {
        b.2.cmp(&a.2)
            .then_with(|| old_size[b.1].cmp(&old_size[a.1]))
            .then_with(|| a.1.cmp(b.1))
            .then_with(|| a.0.cmp(&b.0))
    });
    let mut id_of: Vec<Option<RingId>> = vec![None; n_components];
    let mut taken: HashMap<&RingId, u32> = HashMap::new();
    for &(comp, id, _) in &claims {
        if id_of[comp as usize].is_none() && !taken.contains_key(id) {
            id_of[comp as usize] = Some(id.clone());
            taken.insert(id, comp);
        }
    }

    let mut events = Vec::new();
    // New identifiers, in order of each component's first report.
    let mut rings = Vec::with_capacity(components.len());
    for &comp in components {
        let slot = &mut id_of[comp as usize];
        if slot.is_none() {
            let id = RingId::from_sequence(next_seq);
            next_seq += 1;
            events.push(RingEvent::Created { ring: id.clone() });
            *slot = Some(id);
        }
        rings.push(slot.clone().expect("assigned above"));
    }

    // Old rings that lost their identifier: merged into where most of their
    // reports went, or, when their largest part went to a component that kept
    // another identifier and they kept none, likewise merged. Parts of a ring
    // that kept its identifier elsewhere are splits.
    let mut best_home: HashMap<&RingId, (u64, u32)> = HashMap::new();
    for &(comp, id, n) in &claims {
        best_home.entry(id).or_insert((n, comp));
    }
    let mut merged: Vec<RingEvent> = best_home
        .iter()
        .filter(|(id, _)| !taken.contains_key(*id))
        .map(|(id, &(_, comp))| RingEvent::Merged {
            from: (*id).clone(),
            into: id_of[comp as usize]
                .clone()
                .expect("every component has an id"),
        })
        .collect();
    let created: std::collections::HashSet<RingId> = events
        .iter()
        .filter_map(|e| match e {
            RingEvent::Created { ring } => Some(ring.clone()),
            _ => None,
        })
        .collect();
    let mut splits: Vec<RingEvent> = claims
        .iter()
        .filter_map(|&(comp, id, _)| {
            let own = id_of[comp as usize].as_ref()?;
            let kept_elsewhere = taken.get(id).is_some_and(|home| *home != comp);
            (created.contains(own) && kept_elsewhere).then(|| RingEvent::SplitFrom {
                ring: own.clone(),
                from: id.clone(),
            })
        })
        .collect();
    merged.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    splits.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    splits.dedup();
    // A new component made only of split-off parts is recorded as a split, not a creation.
    let split_rings: Vec<RingId> = splits
        .iter()
        .filter_map(|e| match e {
            RingEvent::SplitFrom { ring, .. } => Some(ring.clone()),
            _ => None,
        })
        .collect();
    events.retain(|e| !matches!(e, RingEvent::Created { ring } if split_rings.contains(ring)));
    events.extend(merged);
    events.extend(splits);

    Assignment {
        rings,
        events,
        next_seq,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(seq: u64) -> RingId {
        RingId::from_sequence(seq)
    }

    #[test]
    fn first_assignment_numbers_components_in_order() {
        let a = assign_ring_ids(&[None, None, None], &[0, 1, 0], 0);
        assert_eq!(a.rings, vec![id(0), id(1), id(0)]);
        assert_eq!(a.next_seq, 2);
        assert_eq!(a.events.len(), 2);
    }

    #[test]
    fn growing_ring_keeps_its_id() {
        let prev = [Some(id(5)), Some(id(5)), None];
        let a = assign_ring_ids(&prev, &[0, 0, 0], 9);
        assert_eq!(a.rings, vec![id(5); 3]);
        assert_eq!(a.next_seq, 9);
        assert!(a.events.is_empty());
    }

    #[test]
    fn merge_keeps_the_larger_and_records_the_other() {
        // ring 1 has one report, ring 2 has two; a new report joins them all.
        let prev = [Some(id(1)), Some(id(2)), Some(id(2)), None];
        let a = assign_ring_ids(&prev, &[0, 0, 0, 0], 3);
        assert_eq!(a.rings, vec![id(2); 4]);
        assert_eq!(
            a.events,
            vec![RingEvent::Merged {
                from: id(1),
                into: id(2)
            }]
        );
    }

    #[test]
    fn split_keeps_id_on_the_larger_part() {
        let prev = [Some(id(7)), Some(id(7)), Some(id(7))];
        let a = assign_ring_ids(&prev, &[0, 1, 1], 8);
        assert_eq!(a.rings, vec![id(8), id(7), id(7)]);
        assert_eq!(
            a.events,
            vec![RingEvent::SplitFrom {
                ring: id(8),
                from: id(7)
            }]
        );
    }
}
