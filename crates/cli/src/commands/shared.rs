//! What an export may hold, read from the store: the selected reports as
//! their recipient may see them (TLP 2.0 through `ringtrace_model::sight`),
//! and the rings they make up. Shared by `export stix` and `export misp`.

use anyhow::{Context, Result};
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
pub fn load(store: &dyn Store, sel: &Selection, progress: &mut dyn FnMut(u64)) -> Result<Shared> {
    let mut rows: Vec<CatalogReport> = Vec::new();
    let mut mentions: HashMap<i64, Vec<CatalogMention>> = HashMap::new();
    store
        .catalog(&mut |r| rows.push(r), &mut |m| {
            mentions.entry(m.report_pk).or_default().push(m)
        })
        .context("reading the reports")?;
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
        let key = ReportKey::parse(&format!("{}:{}", row.partner, row.id))?;
        let detail = seen == Sight::Full;
        let (language, payment_method, narrative) = if detail {
            let stored = store
                .report(&key)?
                .with_context(|| format!("report {key} vanished while exporting"))?;
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

/// The selection flags, validated.
pub fn selection(args: &crate::args::ExportSelection) -> Result<Selection> {
    let tlp_max = match args.tlp_max.as_deref() {
        None => Tlp::Amber,
        Some(t) => t
            .parse::<Tlp>()
            .map_err(|e| anyhow::anyhow!("--tlp-max: {e}"))?,
    };
    let recipient = match &args.r#for {
        None => None,
        Some(p) => Some(Viewer {
            partner: ringtrace_model::PartnerSlug::parse(p)
                .map_err(|e| anyhow::anyhow!("--for: {e}"))?
                .as_str()
                .to_string(),
            role: ringtrace_model::AccessRole::Partner,
        }),
    };
    Ok(Selection {
        ring: args.ring.clone(),
        since: args
            .since
            .as_deref()
            .map(|t| time("--since", t))
            .transpose()?,
        until: args
            .until
            .as_deref()
            .map(|t| time("--until", t))
            .transpose()?,
        tlp_max: Some(tlp_max),
        recipient,
    })
}

/// An RFC 3339 time or a day, as the store's UTC text (`…Z`, seconds).
fn time(flag: &str, text: &str) -> Result<String> {
    use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t
            .with_timezone(&Utc)
            .to_rfc3339_opts(SecondsFormat::Secs, true));
    }
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(format!("{d}T00:00:00Z"));
    }
    anyhow::bail!("{flag}: `{text}` is neither an RFC 3339 time nor a date YYYY-MM-DD")
}
