//! Seized-device exhibits over the store: import one extract into a case
//! (all or nothing, its chain of custody recorded and audited), and match
//! a case's exhibits against the rings.

use super::InvestigationError;
use chrono::{DateTime, SecondsFormat, Utc};
use ringtrace_act::case::{CaseError, CaseId};
use ringtrace_act::device::{
    device_indicators, match_exhibits, parse_extract, CustodyEntry, Exhibit, ExhibitId,
    ExhibitIndicator, ExhibitMatches, ExtractFormat, RingHit,
};
use ringtrace_model::{AuditDraft, Indicator, ReportKey};
use ringtrace_store::{ExhibitRecord, Store};
use std::collections::{BTreeMap, HashMap, HashSet};

/// One extract to import.
#[derive(Clone, Debug)]
pub struct ImportRequest<'a> {
    pub case: &'a CaseId,
    pub exhibit: &'a str,
    pub site: &'a str,
    /// The file's name, for errors and the custody record.
    pub file_name: &'a str,
    pub bytes: &'a [u8],
    pub format: ExtractFormat,
    /// Default region of numbers written without a country code.
    pub region: Option<&'a str>,
    pub by: &'a str,
    pub at: DateTime<Utc>,
}

/// What an import stored and what it touches.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Imported {
    pub custody: CustodyEntry,
    pub indicators: usize,
    /// The new exhibit matched alone.
    pub matches: ExhibitMatches,
}

/// Imports one extract into a case. Nothing is stored unless all of it
/// parses; a file imported before (same SHA-256) is refused, naming the
/// exhibit it was.
pub fn import(
    store: &mut dyn Store,
    req: &ImportRequest<'_>,
) -> Result<Imported, InvestigationError> {
    let loaded = super::log::get(store, req.case)?;
    if loaded.case.status.is_closed() {
        return Err(CaseError::Closed {
            case: req.case.to_string(),
            what: "given evidence",
        }
        .into());
    }
    let exhibit = ExhibitId::parse(req.exhibit).map_err(InvestigationError::Invalid)?;
    let site = req.site.trim();
    if site.is_empty() {
        return Err(InvestigationError::Invalid(
            "--site must name where the exhibit was seized".into(),
        ));
    }
    let custody = CustodyEntry::of(
        exhibit.clone(),
        site,
        req.file_name,
        req.bytes,
        req.format,
        req.by,
        req.at,
    );
    if let Some(before) = store
        .exhibits(None)?
        .into_iter()
        .find(|e| e.sha256 == custody.sha256)
    {
        return Err(InvestigationError::AlreadyImported {
            file: req.file_name.to_string(),
            sha256: custody.sha256,
            exhibit: before.exhibit_id,
            case: before.case_id,
        });
    }
    let extract = parse_extract(req.bytes, req.format, req.file_name)?;
    let indicators = device_indicators(&extract, req.region);
    let json = |v: serde_json::Result<String>| {
        v.map_err(|e| InvestigationError::Invalid(format!("{}: {e}", req.file_name)))
    };
    let record = ExhibitRecord {
        exhibit_id: exhibit.to_string(),
        case_id: req.case.to_string(),
        site: site.to_string(),
        file_name: req.file_name.to_string(),
        sha256: custody.sha256.clone(),
        format: req.format.as_str().to_string(),
        size: custody.size,
        imported_by: req.by.to_string(),
        imported_at: req.at.to_rfc3339_opts(SecondsFormat::Micros, true),
        extract: json(serde_json::to_string(&extract))?,
        indicators: json(serde_json::to_string(&indicators))?,
    };
    // the exhibit and its audit entry commit together
    store.add_exhibit(
        &record,
        &AuditDraft {
            actor: req.by.to_string(),
            action: "evidence.import".into(),
            target: exhibit.to_string(),
            detail: serde_json::json!({
                "case": req.case.as_str(),
                "site": site,
                "file": req.file_name,
                "sha256": custody.sha256,
                "size": custody.size,
                "format": req.format.as_str(),
                "indicators": indicators.len(),
            })
            .to_string(),
        },
    )?;
    let ex = Exhibit {
        id: exhibit,
        site: site.to_string(),
        indicators,
    };
    let matches = matches_of(store, std::slice::from_ref(&ex))?;
    Ok(Imported {
        custody,
        indicators: ex.indicators.len(),
        matches,
    })
}

/// The exhibits of a case as stored, with their indicators.
pub fn exhibits(store: &dyn Store, case: &CaseId) -> Result<Vec<Exhibit>, InvestigationError> {
    store
        .exhibits(Some(case.as_str()))?
        .into_iter()
        .map(|r| exhibit_of(&r))
        .collect()
}

/// An exhibit record read back.
pub fn exhibit_of(r: &ExhibitRecord) -> Result<Exhibit, InvestigationError> {
    let corrupt = |m: String| {
        InvestigationError::Invalid(format!(
            "exhibit {} as stored cannot be read: {m}",
            r.exhibit_id
        ))
    };
    let indicators: Vec<ExhibitIndicator> =
        serde_json::from_str(&r.indicators).map_err(|e| corrupt(e.to_string()))?;
    Ok(Exhibit {
        id: ExhibitId::parse(&r.exhibit_id).map_err(corrupt)?,
        site: r.site.clone(),
        indicators,
    })
}

/// The chain of custody of a case's exhibits, in import order.
pub fn custody(store: &dyn Store, case: &CaseId) -> Result<Vec<CustodyEntry>, InvestigationError> {
    store
        .exhibits(Some(case.as_str()))?
        .into_iter()
        .map(|r| {
            let bad = |m: String| {
                InvestigationError::Invalid(format!(
                    "exhibit {} as stored cannot be read: {m}",
                    r.exhibit_id
                ))
            };
            Ok(CustodyEntry {
                exhibit: ExhibitId::parse(&r.exhibit_id).map_err(bad)?,
                format: r.format.parse().map_err(bad)?,
                imported_at: DateTime::parse_from_rfc3339(&r.imported_at)
                    .map_err(|e| bad(e.to_string()))?
                    .with_timezone(&Utc),
                site: r.site,
                file_name: r.file_name,
                sha256: r.sha256,
                imported_by: r.imported_by,
                size: r.size,
            })
        })
        .collect()
}

/// Matches exhibits against the rings of the server's in-memory catalog
/// (no scan of the store): only through reports `viewer` may see, when
/// given; values on `warnings` link no sites.
pub fn matches_in_catalog(
    cat: &crate::catalog::Catalog,
    warnings: &ringtrace_link::WarningList,
    viewer: Option<&ringtrace_model::Viewer>,
    exhibits: &[Exhibit],
) -> ExhibitMatches {
    let who = viewer.map(|v| crate::views::Looker::new(cat, v));
    let lookup = |i: &Indicator| cat.ring_hits(i, who.as_ref());
    let is_hub = |i: &Indicator| warnings.hub(i).is_some();
    match_exhibits(exhibits, &lookup, &is_hub)
}

/// Matches exhibits against every ring of the store (the command line's
/// way: it has no catalog in memory). An indicator belongs
/// to the ring of each report that mentions it as a scammer's value (a
/// mention that may link) or as the victim's own (a number the device
/// called is a victim's); values legitimately referenced or on the warning
/// list do not count.
pub fn matches_of(
    store: &dyn Store,
    exhibits: &[Exhibit],
) -> Result<ExhibitMatches, InvestigationError> {
    let wanted: HashSet<&Indicator> = exhibits
        .iter()
        .flat_map(|e| e.indicators.iter().map(|i| &i.indicator))
        .collect();
    let mut reports: HashMap<i64, (String, Option<String>)> = HashMap::new();
    let mut hits: HashMap<Indicator, Vec<i64>> = HashMap::new();
    store.catalog(
        &mut |r| {
            reports.insert(r.report_pk, (format!("{}:{}", r.partner, r.id), r.ring));
        },
        &mut |m| {
            let counts = m.may_link || m.role.as_deref() == Some("victim_own");
            if counts && wanted.contains(&m.indicator) {
                hits.entry(m.indicator).or_default().push(m.report_pk);
            }
        },
    )?;
    let mut index: HashMap<Indicator, Vec<RingHit>> = HashMap::new();
    for (ind, pks) in hits {
        let mut by_ring: BTreeMap<String, Vec<ReportKey>> = BTreeMap::new();
        for pk in pks {
            let Some((key, Some(ring))) = reports.get(&pk) else {
                continue;
            };
            if let Ok(k) = ReportKey::parse(key) {
                by_ring.entry(ring.clone()).or_default().push(k);
            }
        }
        index.insert(
            ind,
            by_ring
                .into_iter()
                .map(|(ring, reports)| RingHit { ring, reports })
                .collect(),
        );
    }
    let lookup = |i: &Indicator| index.get(i).cloned().unwrap_or_default();
    let warnings = ringtrace_ingest::effective_warnings(&store.warninglist()?);
    let is_hub = |i: &Indicator| warnings.hub(i).is_some();
    Ok(match_exhibits(exhibits, &lookup, &is_hub))
}
