//! What an export may hold, read from the store: the selected reports as
//! their recipient may see them (TLP 2.0 through `ringtrace_model::sight`),
//! and the rings they make up. Shared by `export stix`, `export misp` and
//! `sync push`.

use crate::ExchangeError;
use ringtrace_model::{sight, ReportKey, Role, Sight, Tlp, Viewer};
use ringtrace_share::{SharedMention, SharedReport, SharedRing};
use ringtrace_store::{CatalogMention, CatalogReport, Store};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Which reports an export takes.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Only this ring's reports.
    pub ring: Option<String>,
    /// Received at or after (RFC 3339 text, compared as UTC text).
    pub since: Option<String>,
    /// Received before.
    pub until: Option<String>,
    /// The most restrictive marking exported.
    pub tlp_max: Option<Tlp>,
    /// The partner the export is for: TLP decides what it may see. `None`:
    /// the operator's own export of everything selected.
    pub recipient: Option<Viewer>,
}

/// The reports and rings of an export, in store order.
#[derive(Debug, Default)]
pub struct Shared {
    pub reports: Vec<SharedReport>,
    pub rings: Vec<SharedRing>,
}

/// Reads the selection. `progress` is told how many reports were read.
pub fn load(
    store: &dyn Store,
    sel: &Selection,
    progress: &mut dyn FnMut(u64),
) -> Result<Shared, ExchangeError> {
    let mut rows: Vec<CatalogReport> = Vec::new();
    let mut mentions: HashMap<i64, Vec<CatalogMention>> = HashMap::new();
    store
        .catalog(&mut |r| rows.push(r), &mut |m| {
            mentions.entry(m.report_pk).or_default().push(m)
        })
        .map_err(|e| ExchangeError::store("reading the reports", e))?;
    let grants: HashSet<(String, String)> = store.amber_grants()?.into_iter().collect();

    let mut out = Shared::default();
    let mut read = 0u64;
    for row in rows {
        if !selected(&row, sel) {
            continue;
        }
        let seen = match &sel.recipient {
            None => Sight::Full,
            Some(v) => {
                let shared = grants.contains(&(row.partner.clone(), v.partner.clone()));
                sight(v, &row.partner, row.tlp, shared)
            }
        };
        if seen == Sight::Hidden {
            continue;
        }
        let key = ReportKey::parse(&format!("{}:{}", row.partner, row.id))
            .map_err(|e| ExchangeError::Corrupt(e.to_string()))?;
        let detail = seen == Sight::Full;
        let (language, payment_method, narrative) = if detail {
            let stored = store.report(&key)?.ok_or_else(|| {
                ExchangeError::Corrupt(format!("report {key} vanished while exporting"))
            })?;
            let text = |f: &str| {
                stored
                    .record
                    .get(f)
                    .and_then(|v| v.as_str())
                    .map(String::from)
            };
            (text("language"), text("payment_method"), text("narrative"))
        } else {
            (None, None, None)
        };
        let ms = mentions.remove(&row.report_pk).unwrap_or_default();
        out.reports.push(SharedReport {
            key,
            tlp: row.tlp,
            received_at: row.received_at,
            modified: row.updated_at,
            ring: row.ring,
            detail,
            channel: row.channel.filter(|_| detail),
            brand: row.brand.filter(|_| detail),
            region: row.region.filter(|_| detail),
            language,
            loss: match (row.loss_amount, row.loss_currency) {
                (Some(a), Some(c)) if detail => Some((a, c)),
                _ => None,
            },
            payment_method,
            narrative,
            mentions: ms
                .into_iter()
                .map(|m| SharedMention {
                    indicator: m.indicator,
                    role: m.role.as_deref().and_then(role_of),
                    may_link: m.may_link,
                })
                .collect(),
            withdrawn: false,
        });
        read += 1;
        if read.is_multiple_of(10_000) {
            progress(read);
        }
    }
    progress(read);
    out.rings = rings_of(&out.reports);
    Ok(out)
}

/// Reports of the selection withdrawn at their source, as revoked objects
/// (a recipient that may have had one learns that it was withdrawn).
pub fn withdrawn(store: &dyn Store, sel: &Selection) -> Result<Vec<SharedReport>, ExchangeError> {
    let grants: HashSet<(String, String)> = store.amber_grants()?.into_iter().collect();
    let mut out = Vec::new();
    for w in store.withdrawals(None)? {
        let partner = w.key.partner.as_str();
        let within = sel.tlp_max.is_none_or(|max| w.tlp <= max)
            && sel.ring.as_ref().is_none_or(|r| w.ring.as_ref() == Some(r))
            && sel
                .since
                .as_ref()
                .is_none_or(|t| w.received_at.as_str() >= t.as_str())
            && sel
                .until
                .as_ref()
                .is_none_or(|t| w.received_at.as_str() < t.as_str());
        let visible = sel.recipient.as_ref().is_none_or(|v| {
            let shared = grants.contains(&(partner.to_string(), v.partner.clone()));
            sight(v, partner, w.tlp, shared) != Sight::Hidden
        });
        if within && visible {
            out.push(SharedReport::withdrawn(
                w.key,
                w.tlp,
                &w.received_at,
                &w.withdrawn_at,
            ));
        }
    }
    Ok(out)
}

fn selected(row: &CatalogReport, sel: &Selection) -> bool {
    if let Some(max) = sel.tlp_max {
        if row.tlp > max {
            return false;
        }
    }
    if let Some(ring) = &sel.ring {
        if row.ring.as_deref() != Some(ring) {
            return false;
        }
    }
    if let Some(since) = &sel.since {
        if row.received_at.as_str() < since.as_str() {
            return false;
        }
    }
    if let Some(until) = &sel.until {
        if row.received_at.as_str() >= until.as_str() {
            return false;
        }
    }
    true
}

fn role_of(s: &str) -> Option<Role> {
    [
        Role::ScammerContact,
        Role::PaymentDestination,
        Role::VictimOwn,
        Role::LegitimateReference,
    ]
    .into_iter()
    .find(|r| r.as_str() == s)
}

/// The rings as the selected reports make them up.
pub fn rings_of(reports: &[SharedReport]) -> Vec<SharedRing> {
    let mut rings: BTreeMap<&str, SharedRing> = BTreeMap::new();
    for r in reports {
        let Some(id) = r.ring.as_deref() else {
            continue;
        };
        let ring = rings.entry(id).or_insert_with(|| SharedRing {
            id: id.to_string(),
            report_count: 0,
            first_seen: r.received_at.clone(),
            last_seen: r.received_at.clone(),
            modified: r.modified.clone(),
            tlp: r.tlp,
        });
        ring.report_count += 1;
        if r.received_at < ring.first_seen {
            ring.first_seen = r.received_at.clone();
        }
        if r.received_at > ring.last_seen {
            ring.last_seen = r.received_at.clone();
        }
        if r.modified > ring.modified {
            ring.modified = r.modified.clone();
        }
        ring.tlp = ring.tlp.max(r.tlp);
    }
    rings.into_values().collect()
}
