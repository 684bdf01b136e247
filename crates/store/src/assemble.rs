//! Backend-independent assembly of query rows into ring records and
//! verdicts, so SQLite and PostgreSQL give the same answers.

use crate::{IndicatorVerdict, StoreError, VerdictRing};
use ringtrace_model::{Indicator, Kind, RingId, RingIndicator, RingSummary};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Now, UTC to the microsecond, as every timestamp the store writes (what
/// is stored later sorts later, which TAXII's `added_after` relies on).
pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

pub(crate) fn kind_of(s: &str) -> Result<Kind, StoreError> {
    s.parse()
        .map_err(|e: ringtrace_model::UnknownKind| StoreError::Corrupt(e.to_string()))
}

pub(crate) fn ring_id(s: &str) -> Result<RingId, StoreError> {
    RingId::parse(s).ok_or_else(|| StoreError::Corrupt(format!("`{s}` is not a ring id")))
}

/// The selection of rings, shared by both backends (`?1` min reports, `?2`
/// limit or -1, `?3` one ring or NULL; PostgreSQL rewrites the placeholders).
pub(crate) const SELECTED_RINGS: &str =
    "SELECT ring_id FROM reports WHERE ring_id IS NOT NULL AND (?3 IS NULL OR ring_id = ?3)
     GROUP BY ring_id HAVING COUNT(*) >= ?1 ORDER BY COUNT(*) DESC, ring_id LIMIT ?2";

#[derive(Default)]
struct RingAcc {
    reports: Vec<String>,
    partners: BTreeSet<String>,
    brands: BTreeSet<String>,
    loss: BTreeMap<String, f64>,
    first: Option<String>,
    last: Option<String>,
    indicators: HashMap<(String, String), BTreeSet<i64>>,
}

fn widen(first: &mut Option<String>, last: &mut Option<String>, at: &str) {
    if first.as_deref().is_none_or(|f| at < f) {
        *first = Some(at.to_string());
    }
    if last.as_deref().is_none_or(|l| at > l) {
        *last = Some(at.to_string());
    }
}

/// Ring records built from their reports' rows and mentions' rows.
pub(crate) struct RingAssembler {
    order: Vec<String>,
    acc: HashMap<String, RingAcc>,
}

/// One report row of a selected ring.
pub(crate) struct ReportRow {
    pub ring: String,
    pub partner: String,
    pub id: String,
    pub brand: Option<String>,
    pub loss_amount: Option<f64>,
    pub loss_currency: Option<String>,
    pub received_at: String,
}

impl RingAssembler {
    pub(crate) fn new(order: Vec<String>) -> Self {
        let acc = order
            .iter()
            .map(|id| (id.clone(), RingAcc::default()))
            .collect();
        RingAssembler { order, acc }
    }

    pub(crate) fn add_report(&mut self, r: ReportRow) {
        let Some(a) = self.acc.get_mut(&r.ring) else {
            return;
        };
        a.reports.push(format!("{}:{}", r.partner, r.id));
        a.partners.insert(r.partner);
        if let Some(b) = r.brand {
            a.brands.insert(b);
        }
        if let (Some(amount), Some(currency)) = (r.loss_amount, r.loss_currency) {
            *a.loss.entry(currency).or_default() += amount;
        }
        widen(&mut a.first, &mut a.last, &r.received_at);
    }

    pub(crate) fn add_mention(&mut self, ring: &str, report_pk: i64, kind: String, value: String) {
        if let Some(a) = self.acc.get_mut(ring) {
            a.indicators
                .entry((kind, value))
                .or_default()
                .insert(report_pk);
        }
    }

    pub(crate) fn finish(mut self) -> Result<Vec<RingSummary>, StoreError> {
        self.order
            .into_iter()
            .map(|id| {
                let a = self.acc.remove(&id).unwrap_or_default();
                let mut reports = a.reports;
                reports.sort();
                let mut indicators = a
                    .indicators
                    .into_iter()
                    .map(|((kind, value), pks)| {
                        Ok(RingIndicator {
                            kind: kind_of(&kind)?,
                            value,
                            reports: pks.len() as u64,
                        })
                    })
                    .collect::<Result<Vec<_>, StoreError>>()?;
                indicators.sort_by(|x, y| {
                    y.reports
                        .cmp(&x.reports)
                        .then(x.kind.cmp(&y.kind))
                        .then(x.value.cmp(&y.value))
                });
                Ok(RingSummary {
                    ring: ring_id(&id)?,
                    report_count: reports.len() as u64,
                    reports,
                    indicators,
                    partners: a.partners.into_iter().collect(),
                    brands: a.brands.into_iter().collect(),
                    loss_total: a.loss,
                    first_seen: a.first.unwrap_or_default(),
                    last_seen: a.last.unwrap_or_default(),
                })
            })
            .collect()
    }
}

/// A lookup's verdict built from the rows of the reports that mention the value.
#[derive(Default)]
pub(crate) struct VerdictAssembler {
    reports: BTreeSet<i64>,
    partners: BTreeSet<String>,
    rings: BTreeSet<String>,
    roles: BTreeMap<String, u64>,
    first: Option<String>,
    last: Option<String>,
}

impl VerdictAssembler {
    pub(crate) fn add(
        &mut self,
        report_pk: i64,
        partner: String,
        ring: Option<String>,
        at: &str,
        role: Option<String>,
    ) {
        self.reports.insert(report_pk);
        self.partners.insert(partner);
        if let Some(r) = ring {
            self.rings.insert(r);
        }
        widen(&mut self.first, &mut self.last, at);
        *self
            .roles
            .entry(role.unwrap_or_else(|| "none".into()))
            .or_default() += 1;
    }

    /// The rings to size with `ring_size`.
    pub(crate) fn rings(&self) -> Vec<String> {
        self.rings.iter().cloned().collect()
    }

    pub(crate) fn finish(
        self,
        indicator: &Indicator,
        sizes: Vec<(String, u64)>,
    ) -> Option<IndicatorVerdict> {
        if self.reports.is_empty() {
            return None;
        }
        let mut rings: Vec<VerdictRing> = sizes
            .into_iter()
            .map(|(ring, report_count)| VerdictRing { ring, report_count })
            .collect();
        rings.sort_by(|a, b| {
            b.report_count
                .cmp(&a.report_count)
                .then(a.ring.cmp(&b.ring))
        });
        Some(IndicatorVerdict {
            indicator: indicator.clone(),
            reports: self.reports.len() as u64,
            rings,
            partners: self.partners.into_iter().collect(),
            first_seen: self.first.unwrap_or_default(),
            last_seen: self.last.unwrap_or_default(),
            roles: self.roles.into_iter().collect(),
        })
    }
}

/// What writing an assignment changes, whatever the backend.
pub(crate) struct RingChanges<'a> {
    /// Reports whose ring changed: (store key, new ring).
    pub set_ring: Vec<(i64, &'a RingId)>,
    /// Rings whose size changed: (ring, report count, merged into).
    pub ring_rows: Vec<(&'a RingId, i64, Option<&'a RingId>)>,
    /// Events: (kind, ring, other ring).
    pub events: Vec<(&'static str, &'a RingId, Option<&'a RingId>)>,
}

pub(crate) fn ring_changes<'a>(
    input: &'a crate::LinkInput,
    a: &'a ringtrace_link::Assignment,
) -> RingChanges<'a> {
    use ringtrace_link::RingEvent;
    let mut counts: HashMap<&RingId, i64> = HashMap::new();
    for id in &a.rings {
        *counts.entry(id).or_default() += 1;
    }
    let mut touched: BTreeSet<&RingId> = BTreeSet::new();
    let mut set_ring = Vec::new();
    for ((pk, prev), new) in input.report_pks.iter().zip(&input.previous).zip(&a.rings) {
        if prev.as_ref() != Some(new) {
            set_ring.push((*pk, new));
            touched.insert(new);
            if let Some(p) = prev {
                touched.insert(p);
            }
        }
    }
    let merged_into: HashMap<&RingId, &RingId> = a
        .events
        .iter()
        .filter_map(|e| match e {
            RingEvent::Merged { from, into } => Some((from, into)),
            _ => None,
        })
        .collect();
    let ring_rows = touched
        .into_iter()
        .map(|id| {
            (
                id,
                counts.get(id).copied().unwrap_or(0),
                merged_into.get(id).copied(),
            )
        })
        .collect();
    let events = a
        .events
        .iter()
        .map(|e| match e {
            RingEvent::Created { ring } => ("created", ring, None),
            RingEvent::Merged { from, into } => ("merged", from, Some(into)),
            RingEvent::SplitFrom { ring, from } => ("split", ring, Some(from)),
        })
        .collect();
    RingChanges {
        set_ring,
        ring_rows,
        events,
    }
}

/// One query per invariant between tables, the same SQL on both backends:
/// (what breaks it, SQL counting the offenders). Each backend adds its own
/// counters (`*/check.rs`).
pub(crate) const TABLE_INVARIANTS: &[(&str, &str)] = &[
    (
        "reports in a ring that does not exist",
        "SELECT COUNT(*) FROM reports r WHERE r.ring_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM rings g WHERE g.ring_id = r.ring_id)",
    ),
    (
        "rings whose recorded size is not their number of reports",
        "SELECT COUNT(*) FROM rings g
          WHERE g.report_count != (SELECT COUNT(*) FROM reports r WHERE r.ring_id = g.ring_id)",
    ),
    (
        "mentions of a report that does not exist",
        "SELECT COUNT(*) FROM mentions m
          WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.report_pk = m.report_pk)",
    ),
    (
        "mentions of an indicator that does not exist",
        "SELECT COUNT(*) FROM mentions m
          WHERE NOT EXISTS (SELECT 1 FROM indicators i WHERE i.indicator_pk = m.indicator_pk)",
    ),
    (
        "earlier versions of a report that does not exist",
        "SELECT COUNT(*) FROM report_versions v
          WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.report_pk = v.report_pk)",
    ),
    (
        "exhibits of a case that does not exist",
        "SELECT COUNT(*) FROM exhibits x
          WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = x.case_id)",
    ),
];

/// What an incremental update writes (see [`crate::Transaction::place_reports`]).
pub(crate) struct PlacementChanges<'a> {
    /// Reports whose ring changes, with their new ring.
    pub set_ring: Vec<(i64, &'a RingId)>,
    /// Per ring, whether it is created and how many reports it gains (or
    /// loses, when negative).
    pub counts: BTreeMap<&'a RingId, (bool, i64)>,
    /// History events: `(event, ring, other)`.
    pub events: Vec<(&'static str, &'a RingId, Option<&'a RingId>)>,
    /// Rings that lost reports, each with the ring its last leaving report
    /// went to (where it is recorded as merged should it be left empty).
    pub left: BTreeMap<&'a RingId, &'a RingId>,
}

pub(crate) fn placement_changes(placements: &[crate::Placement]) -> PlacementChanges<'_> {
    let mut out = PlacementChanges {
        set_ring: Vec::new(),
        counts: BTreeMap::new(),
        events: Vec::new(),
        left: BTreeMap::new(),
    };
    let mut split_from: BTreeMap<&RingId, &RingId> = BTreeMap::new();
    for p in placements {
        if p.previous.as_ref() == Some(&p.ring) {
            continue; // stays where it was
        }
        out.set_ring.push((p.report_pk, &p.ring));
        let e = out.counts.entry(&p.ring).or_default();
        e.0 |= p.created;
        e.1 += 1;
        if let Some(prev) = &p.previous {
            out.counts.entry(prev).or_default().1 -= 1;
            out.left.insert(prev, &p.ring);
            if p.created {
                split_from.entry(&p.ring).or_insert(prev);
            }
        }
    }
    for (ring, (created, _)) in &out.counts {
        if *created {
            match split_from.get(ring) {
                Some(from) => out.events.push(("split", ring, Some(from))),
                None => out.events.push(("created", ring, None)),
            }
        }
    }
    out
}

/// The reports of a ring with their linkable values (`?1` the ring, `?2`
/// true); a report with none has one row with no value.
pub(crate) const RING_LINKS: &str = "SELECT r.report_pk, i.kind, i.value
     FROM reports r
     LEFT JOIN mentions m ON m.report_pk = r.report_pk AND m.may_link = ?2
     LEFT JOIN indicators i ON i.indicator_pk = m.indicator_pk
     WHERE r.ring_id = ?1 ORDER BY r.report_pk";

/// Gathers the rows of [`RING_LINKS`] by report.
pub(crate) fn ring_links(
    rows: impl IntoIterator<Item = (i64, Option<String>, Option<String>)>,
) -> Result<Vec<(i64, Vec<Indicator>)>, StoreError> {
    let mut out: Vec<(i64, Vec<Indicator>)> = Vec::new();
    for (pk, kind, value) in rows {
        if out.last().map(|(p, _)| *p) != Some(pk) {
            out.push((pk, Vec::new()));
        }
        if let (Some(kind), Some(value)) = (kind, value) {
            let indicator = Indicator::new(kind_of(&kind)?, value);
            out.last_mut().expect("pushed above").1.push(indicator);
        }
    }
    Ok(out)
}

/// The values a version of a report may link by, as `(kind, value)`.
pub(crate) fn linkable(p: &crate::PreparedReport) -> BTreeSet<(String, String)> {
    p.mentions
        .iter()
        .filter(|m| m.may_link())
        .map(|m| {
            (
                m.indicator.kind.as_str().to_string(),
                m.indicator.value.as_str().to_string(),
            )
        })
        .collect()
}

/// Notes the values `before` held and `after` does not, as the report's
/// dropped values (see [`crate::Transaction::dropped_values`]).
pub(crate) fn note_dropped(
    dropped: &mut HashMap<i64, Vec<Indicator>>,
    report_pk: i64,
    before: &BTreeSet<(String, String)>,
    after: &BTreeSet<(String, String)>,
) -> Result<(), StoreError> {
    let entry = dropped.entry(report_pk).or_default();
    for (kind, value) in before.difference(after) {
        let v = Indicator::new(kind_of(kind)?, value.clone());
        if !entry.contains(&v) {
            entry.push(v);
        }
    }
    Ok(())
}

/// The linkable values of a stored report as `(kind, value)` (`?1` the
/// report, `?2` true).
pub(crate) const LINKABLE: &str = "SELECT DISTINCT i.kind, i.value
     FROM mentions m JOIN indicators i ON i.indicator_pk = m.indicator_pk
     WHERE m.report_pk = ?1 AND m.may_link = ?2";

/// A report's linkable values (`?1` the report).
pub(crate) const OWN_VALUES: &str = "SELECT DISTINCT i.indicator_pk, i.kind, i.value
     FROM mentions m JOIN indicators i ON i.indicator_pk = m.indicator_pk
     WHERE m.report_pk = ?1 AND m.may_link = ?2 ORDER BY i.kind, i.value";

/// The other reports that mention a value linkably, with their rings
/// (`?1` the value, `?2` the report itself).
pub(crate) const OTHERS: &str = "SELECT DISTINCT m.report_pk, r.ring_id
     FROM mentions m JOIN reports r ON r.report_pk = m.report_pk
     WHERE m.indicator_pk = ?1 AND m.report_pk <> ?2 AND m.may_link = ?3
     ORDER BY m.report_pk";
