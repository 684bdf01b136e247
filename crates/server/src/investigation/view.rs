//! What a case shows now: its rings with their current report counts, the
//! reports that joined them since the case was opened, its exhibits.

use super::log::Loaded;
use super::InvestigationError;
use chrono::{DateTime, Utc};
use ringtrace_act::case::{Case, CaseEvent};
use ringtrace_model::ReportKey;
use ringtrace_store::{RingQuery, Store};
use serde::Serialize;

/// A case with what its rings hold today.
#[derive(Clone, Debug, Serialize)]
pub struct CaseView {
    pub case: Case,
    pub rings: Vec<RingState>,
    /// The reports linked explicitly, with the ring each is in now.
    pub linked_reports: Vec<LinkedReport>,
    pub exhibits: Vec<ExhibitLine>,
    pub events: Vec<CaseEvent>,
}

/// One ring of the case as it is now.
#[derive(Clone, Debug, Serialize)]
pub struct RingState {
    pub ring: String,
    /// False when a relink merged the ring away or emptied it.
    pub exists: bool,
    pub report_count: u64,
    /// Reports of the ring first stored after the case was opened.
    pub new_reports: Vec<NewReport>,
}

#[derive(Clone, Debug, Serialize)]
pub struct NewReport {
    pub report: String,
    pub first_imported_at: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct LinkedReport {
    pub report: String,
    /// None when the report is not (or no longer) stored.
    pub ring: Option<String>,
    pub stored: bool,
}

/// An exhibit of the case, as its custody record says.
#[derive(Clone, Debug, Serialize)]
pub struct ExhibitLine {
    pub exhibit: String,
    pub site: String,
    pub file_name: String,
    pub sha256: String,
    pub imported_by: String,
    pub imported_at: String,
}

fn parse_time(t: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(t)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Reads what the case's rings, reports and exhibits are now.
pub fn view(store: &dyn Store, loaded: Loaded) -> Result<CaseView, InvestigationError> {
    let Loaded { case, events, .. } = loaded;
    let mut rings = Vec::new();
    for r in &case.rings {
        let found = store.rings(&RingQuery {
            ring: Some(r.clone()),
            ..Default::default()
        })?;
        let Some(summary) = found.into_iter().next() else {
            rings.push(RingState {
                ring: r.clone(),
                exists: false,
                report_count: 0,
                new_reports: Vec::new(),
            });
            continue;
        };
        let mut new_reports = Vec::new();
        for key in &summary.reports {
            let Ok(k) = ReportKey::parse(key) else {
                continue;
            };
            let Some(stored) = store.report(&k)? else {
                continue;
            };
            let first = &stored.state.first_imported_at;
            if parse_time(first).is_some_and(|t| t > case.opened_at) {
                new_reports.push(NewReport {
                    report: key.clone(),
                    first_imported_at: first.clone(),
                });
            }
        }
        new_reports.sort_by(|a, b| {
            (&a.first_imported_at, &a.report).cmp(&(&b.first_imported_at, &b.report))
        });
        rings.push(RingState {
            ring: r.clone(),
            exists: summary.report_count > 0,
            report_count: summary.report_count,
            new_reports,
        });
    }
    let mut linked_reports = Vec::new();
    for k in &case.reports {
        let stored = store.report(k)?;
        linked_reports.push(LinkedReport {
            report: k.to_string(),
            ring: stored.as_ref().and_then(|s| s.ring.clone()),
            stored: stored.is_some(),
        });
    }
    let exhibits = store
        .exhibits(Some(case.id.as_str()))?
        .into_iter()
        .map(|e| ExhibitLine {
            exhibit: e.exhibit_id,
            site: e.site,
            file_name: e.file_name,
            sha256: e.sha256,
            imported_by: e.imported_by,
            imported_at: e.imported_at,
        })
        .collect();
    Ok(CaseView {
        case,
        rings,
        linked_reports,
        exhibits,
        events,
    })
}
