//! The steps between a decoded record and the rings: extraction of each
//! report's mentions, and relinking (full or incremental) inside the unit of
//! work that stored them. The command line's `import` and the service's
//! `POST /v1/reports` both go through here; it speaks to the store only
//! through its trait.

mod dirty;
mod incremental;

pub use dirty::Dirty;
pub use incremental::{check_rings, place_reports, MAX_INCREMENTAL};

use ringtrace_intake::{Decoded, Rejected};
use ringtrace_link::{assign_ring_ids, cluster, ClusterParams, Hub, Scope, WarningList};
use ringtrace_model::{Indicator, Mention, MentionSource, RingId};
use ringtrace_store::{
    DetectedHub, PreparedReport, RingBridge, StoreError, Transaction, WarningEntry, WarningVerdict,
};
use std::collections::{HashMap, HashSet};

/// Turns a decoded record into a report ready to store: the partner's given
/// indicators canonicalised (a bad one rejects the record, naming it), and
/// the narrative's indicators extracted.
pub fn prepare(d: Decoded) -> Result<PreparedReport, Rejected> {
    prepare_many(vec![Ok(d)])
        .pop()
        .expect("one prepared record for one record")
}

/// [`prepare`] for each of several records (or why each was refused), in
/// order: the narratives go to `extract_many` together, which reads some
/// tens of texts faster than one at a time.
pub fn prepare_many(
    items: Vec<Result<Decoded, Rejected>>,
) -> Vec<Result<PreparedReport, Rejected>> {
    let checked: Vec<Result<(Decoded, Vec<Mention>), Rejected>> = items
        .into_iter()
        .map(|item| item.and_then(given_mentions))
        .collect();
    let texts: Vec<(&str, Option<&str>)> = checked
        .iter()
        .filter_map(|c| c.as_ref().ok())
        .filter_map(|(d, _)| {
            let region = d.report.region.as_ref().map(|r| r.as_str());
            d.report.narrative.as_deref().map(|t| (t, region))
        })
        .collect();
    let mut found = ringtrace_extract::extract_many(&texts).into_iter();
    checked
        .into_iter()
        .map(|c| {
            let (d, mut mentions) = c?;
            if d.report.narrative.is_some() {
                let narrative = found.next().expect("one result per narrative");
                mentions.extend(narrative.into_iter().map(|f| Mention {
                    indicator: f.indicator,
                    source: MentionSource::Narrative,
                    span: Some((f.start, f.end)),
                    role: f.role,
                }));
            }
            Ok(PreparedReport {
                report: d.report,
                record: d.record,
                content_hash: d.content_hash,
                mentions,
            })
        })
        .collect()
}

/// The partner's given indicators of a record, canonicalised, or the
/// rejection naming the first that is not valid.
fn given_mentions(d: Decoded) -> Result<(Decoded, Vec<Mention>), Rejected> {
    let region = d.report.region.as_ref().map(|r| r.as_str());
    let mut mentions = Vec::new();
    for (n, (kind, value)) in d.report.given_indicators.iter().enumerate() {
        match ringtrace_extract::canonicalize(*kind, value, region) {
            Ok(canonical) => mentions.push(Mention {
                indicator: Indicator::new(*kind, canonical),
                source: MentionSource::Given,
                span: None,
                role: None,
            }),
            Err(e) => {
                return Err(Rejected {
                    line: d.line,
                    field: Some(format!("indicators[{n}].value")),
                    message: format!("`{value}` is not a valid {kind}: {e}"),
                    raw: serde_json::Value::Object(d.record.clone()).to_string(),
                })
            }
        }
    }
    Ok((d, mentions))
}

/// The shipped warning list with the analysts' entries on top.
pub fn effective_warnings(entries: &[WarningEntry]) -> WarningList {
    let mut list = WarningList::shipped();
    for e in entries {
        match e.verdict {
            WarningVerdict::Hub => list.add(Hub {
                indicator: e.indicator.clone(),
                scope: Scope::Exact,
                owner: "analyst".into(),
                note: e.note.clone(),
            }),
            WarningVerdict::NotHub => {
                list.overrule(e.indicator.clone());
            }
        }
    }
    list
}

/// What relinking changed.
#[derive(Debug, Default, Clone)]
pub struct Relinked {
    pub rings_touched: usize,
    pub rings_created: usize,
    pub rings_merged: usize,
    /// Every report's ring may have moved (a full relink); otherwise only
    /// the reports of this unit of work were placed.
    pub full: bool,
    /// Reports outside this unit of work that changed ring (the parts split
    /// off a ring that no longer held together), when not `full`.
    pub moved: Vec<i64>,
}

/// How the rings follow a unit of work that stored reports.
#[derive(Debug, Clone, Copy)]
pub struct RingUpdate<'a> {
    /// Reports already in the store before this unit of work.
    pub reports_before: u64,
    /// Recompute every ring, whatever the size of the change.
    pub full_relink: bool,
    /// Why, for the rings' history.
    pub reason: &'a str,
}

/// Updates the rings after the reports of `dirty` were added or replaced
/// inside `tx`. Replaced reports that link by the same values as before
/// leave the rings as they are; a few reports whose ring may move (new
/// ones, and replaced ones whose values changed) in a large store are
/// placed one by one, and the rings they leave checked (work bounded by
/// what they share and the rings they touch); anything larger relinks
/// everything.
pub fn update_rings(
    tx: &mut dyn Transaction,
    dirty: &Dirty,
    how: &RingUpdate<'_>,
) -> Result<Relinked, StoreError> {
    if dirty.is_empty() {
        return Ok(Relinked::default());
    }
    let moving = dirty.moving();
    if !how.full_relink && moving <= MAX_INCREMENTAL && (moving as u64) * 100 <= how.reports_before
    {
        let new: Vec<i64> = dirty.new_reports().collect();
        let updated: Vec<_> = dirty.relinkable().collect();
        if new.is_empty() && updated.is_empty() {
            return Ok(Relinked::default());
        }
        place_reports(tx, &new, &updated, how.reason)
    } else {
        relink(tx, &dirty.keys(), how.reason)
    }
}

/// Recomputes the rings inside `tx` and writes what changed. `dirty` are the
/// store keys of reports this unit of work added or changed: their rings
/// count as touched even when their identifier stayed.
pub fn relink(
    tx: &mut dyn Transaction,
    dirty: &HashSet<i64>,
    reason: &str,
) -> Result<Relinked, StoreError> {
    let warnings = effective_warnings(&tx.warninglist()?);
    let input = tx.link_input()?;
    let clustering = cluster(&input.graph, &warnings, &ClusterParams::default());
    let assignment = assign_ring_ids(&input.previous, &clustering.labels, input.next_seq);
    let mut touched = HashSet::new();
    for ((pk, prev), new) in input
        .report_pks
        .iter()
        .zip(&input.previous)
        .zip(&assignment.rings)
    {
        if prev.as_ref() != Some(new) || dirty.contains(pk) {
            touched.insert(new.clone());
            if let Some(p) = prev {
                touched.insert(p.clone());
            }
        }
    }
    let mut out = Relinked {
        rings_touched: touched.len(),
        full: true,
        ..Relinked::default()
    };
    for e in &assignment.events {
        match e {
            ringtrace_link::RingEvent::Created { .. }
            | ringtrace_link::RingEvent::SplitFrom { .. } => out.rings_created += 1,
            ringtrace_link::RingEvent::Merged { .. } => out.rings_merged += 1,
        }
    }
    // The ring of each clustering label, through any report that has it.
    let mut ring_of_label: HashMap<u32, &RingId> = HashMap::new();
    for (label, ring) in clustering.labels.iter().zip(&assignment.rings) {
        ring_of_label.entry(*label).or_insert(ring);
    }
    let indicator = |i: u32| input.graph.indicators[i as usize].clone();
    let hubs: Vec<DetectedHub> = clustering
        .hubs
        .iter()
        .map(|h| DetectedHub {
            indicator: indicator(h.indicator),
            reports: u64::from(h.reports),
            clusters: u64::from(h.clusters),
            reason: h.reason.clone(),
            detected_at: String::new(),
        })
        .collect();
    let bridges: Vec<RingBridge> = clustering
        .bridges
        .iter()
        .filter_map(|b| {
            Some(RingBridge {
                ring_a: ring_of_label.get(&b.a)?.as_str().to_string(),
                ring_b: ring_of_label.get(&b.b)?.as_str().to_string(),
                indicator: indicator(b.indicator),
                reports_a: u64::from(b.reports_a),
                reports_b: u64::from(b.reports_b),
            })
        })
        .collect();
    tx.replace_detected_hubs(&hubs)?;
    tx.replace_bridges(&bridges)?;
    tx.apply_rings(&input, &assignment, reason)?;
    Ok(out)
}

/// Withdraws the reports of `keys` inside `tx` (`via`: the TAXII server
/// whose revocation this applies) (those that exist; the rest
/// are left out of the answer) and relinks what they leave behind: their
/// rings shrink, and any part of one that held to the rest only through a
/// withdrawn report becomes a ring of its own (a withdrawal of more than
/// [`MAX_INCREMENTAL`] reports relinks everything instead).
pub fn withdraw(
    tx: &mut dyn Transaction,
    keys: &[ringtrace_model::ReportKey],
    reason: &str,
    via: Option<&str>,
) -> Result<(Vec<ringtrace_store::Withdrawal>, Relinked), StoreError> {
    let mut gone = Vec::new();
    for key in keys {
        if let Some(w) = tx.withdraw_report(key, reason, via)? {
            gone.push(w);
        }
    }
    if gone.is_empty() {
        return Ok((gone, Relinked::default()));
    }
    let relinked = if gone.len() <= MAX_INCREMENTAL {
        let rings = gone
            .iter()
            .filter_map(|w| w.ring.as_deref().and_then(RingId::parse))
            .collect();
        check_rings(tx, &rings, reason)?
    } else {
        relink(tx, &HashSet::new(), reason)?
    };
    Ok((gone, relinked))
}
