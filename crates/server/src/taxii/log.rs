//! A collection's object log, per caller: every STIX object the caller may
//! have from the collection, once, in the order they were added. Positions
//! in it never move while it grows, which makes the `next` cursor stable;
//! when something already listed changes (a report replaced, rings
//! reshuffled, a grant made or withdrawn), the log is rebuilt under a new
//! epoch and older cursors resume at their `date_added` in it.
//!
//! The log holds ids and where each object comes from, not the objects:
//! they are made again from the catalog when a page is served.

use super::objects::{self, Source, View};
use crate::catalog::{Catalog, Rix};
use crate::views::Looker;
use ringtrace_share::taxii::CollectionDef;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

static EPOCHS: AtomicU64 = AtomicU64::new(1);

/// One object of the log.
#[derive(Clone, Debug)]
pub struct Listed {
    pub id: Box<str>,
    pub source: Source,
    /// When it was added (UTC, microseconds), never earlier than the
    /// object before it.
    pub date_added: Box<str>,
}

/// The log.
#[derive(Debug)]
pub struct ObjectLog {
    pub epoch: u64,
    revision: u64,
    /// Catalog entries below this index have been read.
    consumed: usize,
    /// Each listed id's position.
    seen: HashMap<Box<str>, usize>,
    pub listed: Vec<Listed>,
}

impl ObjectLog {
    fn empty(revision: u64) -> Self {
        ObjectLog {
            epoch: EPOCHS.fetch_add(1, Ordering::Relaxed),
            revision,
            consumed: 0,
            seen: HashMap::new(),
            listed: Vec::new(),
        }
    }

    /// Brings the log up to date with the catalog: appends what arrived
    /// since, or starts again when listed things changed.
    pub fn refresh(
        log: &mut Option<ObjectLog>,
        cat: &Catalog,
        who: &Looker<'_>,
        coll: &CollectionDef,
    ) {
        let stale = log.as_ref().is_none_or(|l| l.revision != cat.revision);
        if stale {
            let mut fresh = ObjectLog::empty(cat.revision);
            // The first time, the catalog's reports are taken in the order
            // they were stored; afterwards, in the order they arrive.
            let mut order: Vec<Rix> = (0..cat.entries() as Rix).collect();
            order.sort_by(|a, b| {
                let (ea, eb) = (cat.entry(*a), cat.entry(*b));
                ea.updated_at.cmp(&eb.updated_at).then(ea.pk.cmp(&eb.pk))
            });
            fresh.append(cat, who, coll, &order);
            fresh.append_withdrawn(cat, who, coll);
            fresh.consumed = cat.entries();
            *log = Some(fresh);
            return;
        }
        let l = log.as_mut().expect("checked above");
        if l.consumed < cat.entries() {
            let order: Vec<Rix> = (l.consumed as Rix..cat.entries() as Rix).collect();
            l.append(cat, who, coll, &order);
            l.consumed = cat.entries();
        }
    }

    fn append(&mut self, cat: &Catalog, who: &Looker<'_>, coll: &CollectionDef, order: &[Rix]) {
        let view = View::new(cat, who, coll);
        for &rix in order {
            if !view.holds(rix) {
                continue;
            }
            let e = cat.entry(rix);
            let at = objects::added_time(&e.updated_at);
            let at: Box<str> = match self.listed.last() {
                Some(last) if *last.date_added > *at => last.date_added.clone(),
                _ => at.into(),
            };
            if self.listed.is_empty() {
                for id in objects::common_ids() {
                    self.push(id, Source::Common, &at);
                }
            }
            for (id, source) in objects::ids_of(&view, rix) {
                self.push(id, source, &at);
            }
        }
    }

    /// Withdrawn reports the caller may know of, as revoked objects, added
    /// when they were withdrawn (a withdrawal moves the catalog's revision,
    /// so they are met only when the log is made again).
    fn append_withdrawn(&mut self, cat: &Catalog, who: &Looker<'_>, coll: &CollectionDef) {
        let view = View::new(cat, who, coll);
        for (t, stone) in cat.withdrawn.iter().enumerate() {
            if !view.holds_withdrawn(stone) {
                continue;
            }
            let at = objects::added_time(&stone.withdrawn_at);
            let at: Box<str> = match self.listed.last() {
                Some(last) if *last.date_added > *at => last.date_added.clone(),
                _ => at.into(),
            };
            if self.listed.is_empty() {
                for id in objects::common_ids() {
                    self.push(id, Source::Common, &at);
                }
            }
            for o in view.withdrawn_objects(stone) {
                if let Some(id) = objects::id_of(&o) {
                    self.push(id, Source::Withdrawn(t as u32), &at);
                }
            }
        }
    }

    fn push(&mut self, id: String, source: Source, at: &str) {
        if !self.seen.contains_key(id.as_str()) {
            self.seen.insert(id.clone().into(), self.listed.len());
            self.listed.push(Listed {
                id: id.into(),
                source,
                date_added: at.into(),
            });
        }
    }

    /// The first position whose object was added after `t`.
    /// The first position added at or after `t`.
    pub fn at_or_after(&self, t: &str) -> usize {
        self.listed.partition_point(|l| *l.date_added < *t)
    }

    pub fn after(&self, t: &str) -> usize {
        self.listed.partition_point(|l| *l.date_added <= *t)
    }

    pub fn position_of(&self, id: &str) -> Option<usize> {
        self.seen.get(id).copied()
    }
}
