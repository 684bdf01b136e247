//! The evidence package of a case, read from the store: the rings' facts,
//! the reports, the STIX bundle of the redacted reports, the ring graph as
//! SVG, signed with the stored key.

use super::InvestigationError;
use chrono::{DateTime, Utc};
use ringtrace_act::case::CaseId;
use ringtrace_act::keys::SigningKeyFile;
use ringtrace_act::package::{
    redact_reports, scammer_indicators, write_package, Bridge, IndicatorFacts, PackageInput,
    PackageSummary, Redaction, RingFacts,
};
use ringtrace_exchange::selection::{self, rings_of, Selection};
use ringtrace_model::{AuditDraft, Indicator, Tlp};
use ringtrace_share::stix::{self, ExportOptions, Seen};
use ringtrace_share::SharedReport;
use ringtrace_store::{RingQuery, Store};
use std::collections::{BTreeMap, HashSet};
use std::io::{Seek, Write};

/// The signing key kept in the store.
pub fn signing_key(store: &dyn Store) -> Result<SigningKeyFile, InvestigationError> {
    let pem = store
        .signing_key()?
        .ok_or(InvestigationError::NoSigningKey)?;
    Ok(SigningKeyFile::from_pem(&pem)?)
}

fn time(t: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(t)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

/// Everything the package of `case` is made of, as the operator sees it
/// (every report, whatever its marking: the exporter decides what to
/// redact with `redaction`).
pub fn input(
    store: &dyn Store,
    case: &CaseId,
    exporter: &str,
    redaction: Redaction,
    at: DateTime<Utc>,
) -> Result<PackageInput, InvestigationError> {
    let case = super::log::get(store, case)?.case;
    let all = selection::load(
        store,
        &Selection {
            tlp_max: Some(Tlp::Red),
            ..Default::default()
        },
        &mut |_| {},
    )?;
    let rings: HashSet<&str> = case.rings.iter().map(String::as_str).collect();
    let reports: Vec<SharedReport> = all
        .reports
        .into_iter()
        .filter(|r| {
            r.ring.as_deref().is_some_and(|g| rings.contains(g)) || case.reports.contains(&r.key)
        })
        .collect();
    let mut facts = Vec::new();
    for id in &case.rings {
        facts.extend(ring_facts(store, id, &reports)?);
    }
    let ring_values = facts
        .iter()
        .flat_map(|r: &RingFacts| r.indicators.iter().map(|f| &f.indicator));
    let scammer = scammer_indicators(ring_values, &reports);
    let redacted = redact_reports(&reports, redaction, &scammer);
    let stix_bundle = stix_bundle(&redacted);
    let hubs: HashSet<Indicator> = store
        .warninglist()?
        .into_iter()
        .filter(|w| w.verdict == ringtrace_store::WarningVerdict::Hub)
        .map(|w| w.indicator)
        .collect();
    let svg = crate::web::graph_plain::case_rings_svg(&reports, &case.rings, &|i| hubs.contains(i));
    Ok(PackageInput {
        case,
        exporter: exporter.to_string(),
        generated_at: at,
        rings: facts,
        reports,
        stix_bundle,
        ring_graph_svg: Some(svg),
    })
}

/// One ring's facts; None when the ring is gone.
fn ring_facts(
    store: &dyn Store,
    id: &str,
    reports: &[SharedReport],
) -> Result<Option<RingFacts>, InvestigationError> {
    let Some(s) = store
        .rings(&RingQuery {
            ring: Some(id.to_string()),
            ..Default::default()
        })?
        .into_iter()
        .next()
    else {
        return Ok(None);
    };
    // First and last seen of each value among the ring's reports.
    let mut seen: BTreeMap<&Indicator, (&str, &str)> = BTreeMap::new();
    for r in reports.iter().filter(|r| r.ring.as_deref() == Some(id)) {
        for m in &r.mentions {
            let e = seen
                .entry(&m.indicator)
                .or_insert((&r.received_at, &r.received_at));
            e.0 = e.0.min(r.received_at.as_str());
            e.1 = e.1.max(r.received_at.as_str());
        }
    }
    let indicators = s
        .indicators
        .iter()
        .map(|i| {
            let indicator = Indicator::new(i.kind, i.value.clone());
            let (first, last) = seen
                .get(&indicator)
                .map(|(a, b)| (time(a), time(b)))
                .unwrap_or((time(&s.first_seen), time(&s.last_seen)));
            IndicatorFacts {
                indicator,
                first_seen: first,
                last_seen: last,
                reports: i.reports,
            }
        })
        .collect();
    let bridges = store
        .ring_bridges(id)?
        .into_iter()
        .map(|b| Bridge {
            ring: if b.ring_a == id { b.ring_b } else { b.ring_a },
            via: b.indicator,
        })
        .collect();
    Ok(Some(RingFacts {
        id: id.to_string(),
        report_count: s.report_count,
        partners: s.partners,
        brands: s.brands,
        first_seen: time(&s.first_seen),
        last_seen: time(&s.last_seen),
        loss: s.loss_total,
        indicators,
        bridges,
    }))
}

/// The STIX 2.1 bundle of these (already redacted) reports and their rings.
pub fn stix_bundle(reports: &[SharedReport]) -> Vec<u8> {
    let opts = ExportOptions::default();
    let rings = rings_of(reports);
    let tlps = stix::indicator_tlps(reports);
    let tlp_of = |i: &Indicator| tlps.get(i).copied().unwrap_or(Tlp::Red);
    let mut seen = Seen::default();
    let mut objects = Vec::new();
    let mut keep = |o: serde_json::Value| {
        let id = o.get("id").and_then(|v| v.as_str()).unwrap_or_default();
        if seen.first(id) {
            objects.push(o);
        }
    };
    stix::common_objects(&opts).into_iter().for_each(&mut keep);
    for r in &rings {
        stix::ring_objects(r, &opts).into_iter().for_each(&mut keep);
    }
    for r in reports {
        stix::report_objects(r, &tlp_of, &opts)
            .into_iter()
            .for_each(&mut keep);
    }
    let bundle = serde_json::json!({
        "type": "bundle",
        "id": stix::bundle_id(reports, &rings, &opts),
        "objects": objects,
    });
    let mut out = serde_json::to_vec_pretty(&bundle).unwrap_or_default();
    out.push(b'\n');
    out
}

/// Builds, signs and writes the package (the caller audits it with
/// [`audit_export`] once it knows the written file's hash).
pub fn export<W: Write + Seek>(
    store: &dyn Store,
    case: &CaseId,
    exporter: &str,
    redaction: Redaction,
    at: DateTime<Utc>,
    out: W,
) -> Result<PackageSummary, InvestigationError> {
    let key = signing_key(store)?;
    let input = input(store, case, exporter, redaction, at)?;
    Ok(write_package(&input, redaction, &key.key, out)?)
}

/// Records an export in the audit log.
pub fn audit_export(
    store: &mut dyn Store,
    case: &CaseId,
    by: &str,
    summary: &PackageSummary,
    file: &str,
    file_sha256: &str,
) -> Result<(), InvestigationError> {
    store.append_audit(&AuditDraft {
        actor: by.to_string(),
        action: "case.export".into(),
        target: case.to_string(),
        detail: serde_json::json!({
            "file": file,
            "sha256": file_sha256,
            "manifest_sha256": summary.manifest_sha256,
            "signer": summary.key_id,
            "redaction": summary.manifest.redaction.as_str(),
            "exporter": summary.manifest.exporter,
            "reports": summary.reports,
        })
        .to_string(),
    })?;
    Ok(())
}
