//! What a unit of work stored, as the rings need to know it: reports new to
//! the store, and reports replaced, with how their linkable values changed.

use ringtrace_store::{LinkChange, Upsert};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// The reports a unit of work added or replaced (store keys).
#[derive(Debug, Default, Clone)]
pub struct Dirty {
    new: BTreeSet<i64>,
    updated: BTreeMap<i64, LinkChange>,
}

impl Dirty {
    /// Records what `upsert_report` did to the report `pk`.
    pub fn record(&mut self, outcome: Upsert, pk: i64) {
        match outcome {
            Upsert::New => {
                self.new.insert(pk);
            }
            // A report new in this unit of work is placed as new, whatever
            // its later versions in the same unit did.
            Upsert::Updated(_) if self.new.contains(&pk) => {}
            Upsert::Updated(change) => {
                let e = self.updated.entry(pk).or_insert(LinkChange::Same);
                *e = combine(*e, change);
            }
            Upsert::Unchanged => {}
        }
    }

    pub fn is_empty(&self) -> bool {
        self.new.is_empty() && self.updated.is_empty()
    }

    /// Reports new to the store, in store-key order.
    pub fn new_reports(&self) -> impl Iterator<Item = i64> + '_ {
        self.new.iter().copied()
    }

    /// Replaced reports whose linkable values changed, in store-key order.
    pub fn relinkable(&self) -> impl Iterator<Item = (i64, LinkChange)> + '_ {
        self.updated
            .iter()
            .filter(|(_, c)| **c != LinkChange::Same)
            .map(|(pk, c)| (*pk, *c))
    }

    /// Reports whose ring may move: new ones and replaced ones whose
    /// linkable values changed.
    pub fn moving(&self) -> usize {
        self.new.len() + self.relinkable().count()
    }

    /// Every report added or replaced.
    pub fn keys(&self) -> HashSet<i64> {
        self.new
            .iter()
            .chain(self.updated.keys())
            .copied()
            .collect()
    }
}

/// Two changes in a row, as one.
fn combine(a: LinkChange, b: LinkChange) -> LinkChange {
    use LinkChange::*;
    match (a, b) {
        (Lost, _) | (_, Lost) => Lost,
        (Grown, _) | (_, Grown) => Grown,
        (Same, Same) => Same,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_new_in_the_unit_stays_new_and_changes_add_up() {
        let mut d = Dirty::default();
        d.record(Upsert::New, 1);
        d.record(Upsert::Updated(LinkChange::Lost), 1);
        d.record(Upsert::Updated(LinkChange::Same), 2);
        d.record(Upsert::Updated(LinkChange::Grown), 3);
        d.record(Upsert::Updated(LinkChange::Same), 3);
        d.record(Upsert::Updated(LinkChange::Grown), 4);
        d.record(Upsert::Updated(LinkChange::Lost), 4);
        d.record(Upsert::Unchanged, 5);
        assert_eq!(d.new_reports().collect::<Vec<_>>(), [1]);
        assert_eq!(
            d.relinkable().collect::<Vec<_>>(),
            [(3, LinkChange::Grown), (4, LinkChange::Lost)]
        );
        assert_eq!(d.moving(), 3);
        let mut keys: Vec<_> = d.keys().into_iter().collect();
        keys.sort_unstable();
        assert_eq!(keys, [1, 2, 3, 4]);
    }

    #[test]
    fn nothing_recorded_is_empty() {
        let mut d = Dirty::default();
        assert!(d.is_empty());
        d.record(Upsert::Unchanged, 9);
        assert!(d.is_empty());
        d.record(Upsert::Updated(LinkChange::Same), 9);
        assert!(!d.is_empty());
        assert_eq!(d.moving(), 0);
    }
}
