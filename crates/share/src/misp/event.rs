//! One ring as one MISP event: its indicators as attributes and objects
//! (`kinds`), its marking as a TLP tag and the distribution that matches.
//!
//! Mentions whose role is `victim_own` or `legitimate_reference` are left
//! out: a victim's own number or address is personal data and no indicator
//! of the scam, and a legitimate reference is no indicator either. A value
//! that the warning list keeps from linking is exported with `to_ids` false
//! and a comment saying so. Counts and first/last seen are over the ring's
//! exported reports that mention the value in a role that may link.

use super::feed::FeedOptions;
use super::kinds::{self, Part};
use super::{time, tlp, uuid_for};
use crate::{SharedReport, SharedRing};
use ringtrace_model::{Indicator, Role};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// MISP's threat level 3, "low": mass-market crime, no targeted attack.
const THREAT_LEVEL: &str = "3";
/// MISP's analysis 1, "ongoing": a ring keeps growing.
const ANALYSIS: &str = "1";

/// What making one event did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventSummary {
    pub uuid: String,
    /// Attributes written, those inside objects included.
    pub attributes: usize,
    /// Distinct values left out because every mention was a victim's own or
    /// a legitimate reference.
    pub left_out: usize,
}

/// One value of the ring, over its reports.
struct Seen {
    reports: u64,
    first: String,
    last: String,
    modified: String,
    may_link: bool,
    roles: BTreeSet<&'static str>,
}

fn excluded(role: Option<Role>) -> bool {
    matches!(role, Some(Role::VictimOwn | Role::LegitimateReference))
}

/// The event of `ring`, from its `reports` (the ring's exported reports).
pub fn ring_event(
    ring: &SharedRing,
    reports: &[&SharedReport],
    opts: &FeedOptions,
) -> (Value, EventSummary) {
    let mut values: BTreeMap<&Indicator, Seen> = BTreeMap::new();
    let mut left_out: HashSet<&Indicator> = HashSet::new();
    let mut marking = ring.tlp;
    for r in reports.iter().filter(|r| !r.withdrawn) {
        marking = marking.max(r.tlp);
        let mut counted: HashSet<&Indicator> = HashSet::new();
        for m in &r.mentions {
            if excluded(m.role) {
                left_out.insert(&m.indicator);
                continue;
            }
            let seen = values.entry(&m.indicator).or_insert_with(|| Seen {
                reports: 0,
                first: r.received_at.clone(),
                last: r.received_at.clone(),
                modified: r.modified.clone(),
                may_link: false,
                roles: BTreeSet::new(),
            });
            seen.may_link |= m.may_link;
            if let Some(role) = m.role {
                seen.roles.insert(role.as_str());
            }
            if counted.insert(&m.indicator) {
                seen.reports += 1;
                if r.received_at < seen.first {
                    seen.first = r.received_at.clone();
                }
                if r.received_at > seen.last {
                    seen.last = r.received_at.clone();
                }
                if r.modified > seen.modified {
                    seen.modified = r.modified.clone();
                }
            }
        }
    }
    left_out.retain(|i| !values.contains_key(i));

    let event_uuid = uuid_for(&format!("ring:{}", ring.id));
    let mut attributes = Vec::new();
    let mut objects = Vec::new();
    let mut count = 0;
    for (ind, seen) in &values {
        let rep = kinds::represent(ind);
        let base = format!("ring:{}|{}", ring.id, ind);
        let comment = comment(seen, &ring.id);
        let ts = time::epoch(&seen.modified);
        let attr = |p: &Part, uuid: String| -> Value {
            let mut a = Map::new();
            a.insert("uuid".into(), json!(uuid));
            if let Some(rel) = p.relation {
                a.insert("object_relation".into(), json!(rel));
            }
            a.insert("type".into(), json!(p.type_));
            a.insert("category".into(), json!(p.category));
            a.insert("value".into(), json!(p.value));
            a.insert("to_ids".into(), json!(p.main && seen.may_link));
            a.insert("disable_correlation".into(), json!(!p.main));
            a.insert(
                "comment".into(),
                json!(if p.main { comment.as_str() } else { "" }),
            );
            a.insert("timestamp".into(), json!(ts));
            if p.main {
                a.insert("first_seen".into(), json!(time::seen(&seen.first)));
                a.insert("last_seen".into(), json!(time::seen(&seen.last)));
                if rep.kind_tag {
                    a.insert(
                        "Tag".into(),
                        json!([{"name": kinds::kind_tag(ind.kind), "colour": "#0088cc", "exportable": true}]),
                    );
                }
            }
            Value::Object(a)
        };
        count += rep.parts.len();
        match rep.object {
            None => attributes.push(attr(&rep.parts[0], uuid_for(&base))),
            Some(t) => {
                let parts: Vec<Value> = rep
                    .parts
                    .iter()
                    .map(|p| attr(p, uuid_for(&format!("{base}|{}", p.relation.unwrap_or("")))))
                    .collect();
                objects.push(json!({
                    "uuid": uuid_for(&format!("{base}|object")),
                    "name": t.name,
                    "meta-category": t.meta_category,
                    "description": t.description,
                    "template_uuid": t.uuid,
                    "template_version": t.version.to_string(),
                    "timestamp": ts,
                    "comment": "",
                    "first_seen": time::seen(&seen.first),
                    "last_seen": time::seen(&seen.last),
                    "deleted": false,
                    "Attribute": parts,
                }));
            }
        }
    }

    let modified = time::epoch(&ring.modified);
    let mut event = Map::new();
    event.insert("uuid".into(), json!(event_uuid));
    event.insert("info".into(), json!(format!("ringtrace ring {}", ring.id)));
    event.insert("date".into(), json!(time::day(&ring.first_seen)));
    event.insert("threat_level_id".into(), json!(THREAT_LEVEL));
    event.insert("analysis".into(), json!(ANALYSIS));
    event.insert(
        "distribution".into(),
        json!(tlp::distribution(marking).to_string()),
    );
    event.insert("published".into(), json!(true));
    event.insert("timestamp".into(), json!(modified));
    event.insert("publish_timestamp".into(), json!(modified));
    event.insert("Orgc".into(), orgc(opts));
    event.insert(
        "Tag".into(),
        json!([{"name": tlp::tag_name(marking), "colour": tlp::tag_colour(marking), "exportable": true}]),
    );
    event.insert("Attribute".into(), Value::Array(attributes));
    event.insert("Object".into(), Value::Array(objects));
    (
        json!({ "Event": Value::Object(event) }),
        EventSummary {
            uuid: event_uuid,
            attributes: count,
            left_out: left_out.len(),
        },
    )
}

/// The creating organisation: its name and a UUIDv5 of it.
pub(crate) fn orgc(opts: &FeedOptions) -> Value {
    json!({"name": opts.org, "uuid": uuid_for(&format!("org:{}", opts.org))})
}

fn comment(seen: &Seen, ring: &str) -> String {
    let reports = if seen.reports == 1 {
        "1 report".to_string()
    } else {
        format!("{} reports", seen.reports)
    };
    if !seen.may_link {
        return format!(
            "on ringtrace's warning list (a legitimate or widely shared value): it links no reports; in {reports} of ring {ring}"
        );
    }
    let role = match (
        seen.roles.contains("scammer_contact"),
        seen.roles.contains("payment_destination"),
    ) {
        (true, true) => "scammer contact and payment destination",
        (true, false) => "scammer contact",
        (false, true) => "payment destination",
        (false, false) => "reported",
    };
    format!("{role}; in {reports} of ring {ring}")
}
