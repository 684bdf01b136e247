//! STIX objects made from the catalog as one caller may see them within
//! one collection: the report as `SharedReport`, its ring as `SharedRing`,
//! each indicator's marking (the least restrictive among the reports of the
//! collection that mention it), then `ringtrace_share::stix` does the rest.

use crate::catalog::{Catalog, Gix, Iix, Rix, Tombstone};
use crate::views::Looker;
use ringtrace_model::{ReportKey, Sight, Tlp};
use ringtrace_share::stix::{self, ExportOptions};
use ringtrace_share::taxii::CollectionDef;
use ringtrace_share::{SharedMention, SharedReport, SharedRing};
use serde_json::Value;
use std::cell::RefCell;
use std::collections::HashMap;

/// Where a listed object comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    /// Marking definitions, extension definitions, the producer.
    Common,
    /// One report: the report object and what it refers to.
    Report(Rix),
    /// A ring's intrusion set.
    Ring(Gix),
    /// A withdrawn report's revoked object (an index of the catalog's
    /// tombstones).
    Withdrawn(u32),
}

/// A stored time as TAXII writes it (microseconds, `Z`).
pub fn added_time(t: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(t) {
        Ok(d) => ringtrace_share::taxii::timestamp(d.with_timezone(&chrono::Utc)),
        Err(_) => t.to_string(),
    }
}

fn options() -> ExportOptions {
    ExportOptions::default()
}

pub fn common_objects() -> Vec<Value> {
    stix::common_objects(&options())
}

pub fn common_ids() -> Vec<String> {
    common_objects().iter().filter_map(id_of).collect()
}

pub fn id_of(o: &Value) -> Option<String> {
    o.get("id").and_then(Value::as_str).map(String::from)
}

/// The details only the store holds (never kept in the catalog).
#[derive(Clone, Debug, Default)]
pub struct Details {
    pub language: Option<String>,
    pub payment_method: Option<String>,
    pub narrative: Option<String>,
}

/// One caller's view of one collection, with what it learnt on the way.
pub struct View<'a> {
    pub cat: &'a Catalog,
    pub who: &'a Looker<'a>,
    pub coll: &'a CollectionDef,
    tlps: RefCell<HashMap<Iix, Tlp>>,
}

impl<'a> View<'a> {
    pub fn new(cat: &'a Catalog, who: &'a Looker<'a>, coll: &'a CollectionDef) -> Self {
        View {
            cat,
            who,
            coll,
            tlps: RefCell::new(HashMap::new()),
        }
    }

    /// Whether report `rix` is in this collection for this caller.
    pub fn holds(&self, rix: Rix) -> bool {
        let e = self.cat.entry(rix);
        e.live
            && self.cat.sight_of(self.who, rix) != Sight::Hidden
            && self.coll.holds(self.who.pix == Some(e.partner), e.tlp)
    }

    /// Whether the caller may know that this report was withdrawn: it may
    /// have seen the report, and the collection would hold it.
    pub fn holds_withdrawn(&self, t: &Tombstone) -> bool {
        if !t.active {
            return false;
        }
        let own = self.who.pix == Some(t.partner);
        let sight = if own {
            Sight::Full
        } else {
            ringtrace_model::sight(
                self.who.viewer,
                self.cat.partner_slug(t.partner),
                t.tlp,
                self.cat.amber_shared(t.partner, self.who.pix),
            )
        };
        sight != Sight::Hidden && self.coll.holds(own, t.tlp)
    }

    /// The revoked report object of a withdrawn report, and its partner.
    pub fn withdrawn_objects(&self, t: &Tombstone) -> Vec<Value> {
        let Ok(key) = ReportKey::parse(&format!("{}:{}", self.cat.partner_slug(t.partner), t.id))
        else {
            return Vec::new();
        };
        let shared = SharedReport::withdrawn(key, t.tlp, &t.received_at, &t.withdrawn_at);
        stix::report_objects(&shared, &|_| t.tlp, &options())
    }

    /// The least restrictive marking among the collection's reports that
    /// mention indicator `iix`.
    fn indicator_tlp(&self, iix: Iix) -> Tlp {
        if let Some(t) = self.tlps.borrow().get(&iix) {
            return *t;
        }
        let mut best = Tlp::Red;
        for &r in &self.cat.indicator_reports[iix as usize] {
            let t = self.cat.entry(r).tlp;
            if t < best && self.holds(r) {
                best = t;
                if best == Tlp::Clear {
                    break;
                }
            }
        }
        self.tlps.borrow_mut().insert(iix, best);
        best
    }

    pub fn shared_report(&self, rix: Rix, details: Option<Details>) -> SharedReport {
        let cat = self.cat;
        let e = cat.entry(rix);
        let detail = cat.sight_of(self.who, rix) == Sight::Full;
        let d = details.filter(|_| detail).unwrap_or_default();
        let key = ReportKey::parse(&format!("{}:{}", cat.partner_slug(e.partner), e.id))
            .expect("catalog keys were parsed when stored");
        SharedReport {
            key,
            tlp: e.tlp,
            received_at: e.received_at.to_string(),
            modified: e.updated_at.to_string(),
            ring: e.ring.map(|g| cat.ring_id(g).to_string()),
            detail,
            channel: e.channel.as_deref().filter(|_| detail).map(String::from),
            brand: e.brand.as_deref().filter(|_| detail).map(String::from),
            region: e.region.as_deref().filter(|_| detail).map(String::from),
            language: d.language,
            loss: e
                .loss
                .as_ref()
                .filter(|_| detail)
                .map(|(a, c)| (*a, c.to_string())),
            payment_method: d.payment_method,
            narrative: d.narrative,
            mentions: e
                .mentions
                .iter()
                .map(|m| SharedMention {
                    indicator: cat.indicator(m.indicator).clone(),
                    role: m.role,
                    may_link: m.may_link,
                })
                .collect(),
            withdrawn: false,
        }
    }

    /// Ring `g` as the caller sees it within the collection.
    pub fn shared_ring(&self, g: Gix) -> Option<SharedRing> {
        let mut ring: Option<SharedRing> = None;
        for &r in &self.cat.ring_entry(g).members {
            if !self.holds(r) {
                continue;
            }
            let e = self.cat.entry(r);
            let ring = ring.get_or_insert_with(|| SharedRing {
                id: self.cat.ring_id(g).to_string(),
                report_count: 0,
                first_seen: e.received_at.to_string(),
                last_seen: e.received_at.to_string(),
                modified: e.updated_at.to_string(),
                tlp: e.tlp,
            });
            ring.report_count += 1;
            if *e.received_at < *ring.first_seen {
                ring.first_seen = e.received_at.to_string();
            }
            if *e.received_at > *ring.last_seen {
                ring.last_seen = e.received_at.to_string();
            }
            if *e.updated_at > *ring.modified {
                ring.modified = e.updated_at.to_string();
            }
            ring.tlp = ring.tlp.max(e.tlp);
        }
        ring
    }

    /// The objects made from report `rix`.
    pub fn report_objects(&self, rix: Rix, details: Option<Details>) -> Vec<Value> {
        let shared = self.shared_report(rix, details);
        let cat = self.cat;
        let tlp_of = |ind: &ringtrace_model::Indicator| {
            cat.indicator_ix(ind)
                .map_or(shared.tlp, |iix| self.indicator_tlp(iix))
        };
        stix::report_objects(&shared, &tlp_of, &options())
    }

    pub fn ring_objects(&self, g: Gix) -> Vec<Value> {
        self.shared_ring(g)
            .map(|r| stix::ring_objects(&r, &options()))
            .unwrap_or_default()
    }
}

/// The ids of the objects report `rix` brings into the collection, and
/// where each comes from (its ring's objects come from the ring).
pub fn ids_of(view: &View<'_>, rix: Rix) -> Vec<(String, Source)> {
    let cat = view.cat;
    let mut out: Vec<(String, Source)> = Vec::new();
    // A ring is one `intrusion-set` whose id is made of the ring's alone
    // (and the report, visible here, makes the ring visible): no need to
    // make it, which would walk the ring's members for each of them.
    if let Some(g) = cat.entry(rix).ring {
        out.push((stix::ring_id(cat.ring_id(g)), Source::Ring(g)));
    }
    // The report's own objects after its ring, so that a reader meets the
    // intrusion set before the report that refers to it.
    for o in view.report_objects(rix, None) {
        if let Some(id) = id_of(&o) {
            out.push((id, Source::Report(rix)));
        }
    }
    out
}
