//! Cases as event logs in the store: read and replay, open, change. Every
//! event is appended with optimistic concurrency and audited as
//! `case.<event>` with the event as detail.

use super::InvestigationError;
use chrono::{DateTime, SecondsFormat, Utc};
use ringtrace_act::case::{Case, CaseEvent, CaseId};
use ringtrace_model::AuditDraft;
use ringtrace_store::Store;

/// A case as replayed, with the number of its last event.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub case: Case,
    pub events: Vec<CaseEvent>,
    pub last_seq: u64,
}

/// The case and its events; `None` if there is no such case.
pub fn load(store: &dyn Store, id: &CaseId) -> Result<Option<Loaded>, InvestigationError> {
    let rows = store.case_events(id.as_str())?;
    if rows.is_empty() {
        return Ok(None);
    }
    let mut events = Vec::with_capacity(rows.len());
    let mut last_seq = 0;
    for (seq, json) in rows {
        let e: CaseEvent =
            serde_json::from_str(&json).map_err(|e| InvestigationError::Corrupt {
                case: id.to_string(),
                seq,
                message: e.to_string(),
            })?;
        events.push(e);
        last_seq = seq;
    }
    let case = Case::replay(&events)?;
    Ok(Some(Loaded {
        case,
        events,
        last_seq,
    }))
}

/// The case, or [`InvestigationError::NoSuchCase`].
pub fn get(store: &dyn Store, id: &CaseId) -> Result<Loaded, InvestigationError> {
    load(store, id)?.ok_or_else(|| InvestigationError::NoSuchCase(id.to_string()))
}

/// Every case, by id.
pub fn all(store: &dyn Store) -> Result<Vec<Loaded>, InvestigationError> {
    let mut out = Vec::new();
    for id in store.case_ids()? {
        let id = CaseId::parse(&id).map_err(|e| InvestigationError::Corrupt {
            case: id.clone(),
            seq: 0,
            message: e.to_string(),
        })?;
        out.extend(load(store, &id)?);
    }
    Ok(out)
}

fn stored_time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Appends `events` after `after_seq` and audits each one, in one transaction.
fn append(
    store: &mut dyn Store,
    id: &CaseId,
    after_seq: u64,
    events: &[CaseEvent],
) -> Result<(), InvestigationError> {
    let rows: Vec<(String, String)> = events
        .iter()
        .map(|e| (e.audit_detail(), stored_time(e.at())))
        .collect();
    let audits: Vec<AuditDraft> = events
        .iter()
        .map(|e| AuditDraft {
            actor: e.by().to_string(),
            action: format!("case.{}", e.name()),
            target: id.to_string(),
            detail: e.audit_detail(),
        })
        .collect();
    // the events and their audit entries commit together
    store.append_case_events(id.as_str(), after_seq, &rows, &audits)?;
    Ok(())
}

/// Opens a new case (the next free `C-` number) on `rings`, which must exist.
pub fn open(
    store: &mut dyn Store,
    title: &str,
    rings: &[String],
    by: &str,
    at: DateTime<Utc>,
) -> Result<Case, InvestigationError> {
    for r in rings {
        ring_exists(store, r)?;
    }
    // Two openers at once: the second finds the number taken and takes the next.
    for _ in 0..5 {
        let n = store.case_ids()?.len() as u32 + 1;
        let id = CaseId::from_number(n)
            .ok_or_else(|| InvestigationError::Invalid("there are already 999999 cases".into()))?;
        let mut events = vec![CaseEvent::Opened {
            id: id.clone(),
            title: title.trim().to_string(),
            at,
            by: by.to_string(),
        }];
        events.extend(rings.iter().map(|r| CaseEvent::RingLinked {
            ring: r.clone(),
            at,
            by: by.to_string(),
        }));
        let case = Case::replay(&events)?;
        match append(store, &id, 0, &events) {
            Ok(()) => return Ok(case),
            Err(InvestigationError::Conflict(_)) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(InvestigationError::Conflict(
        "could not find a free case number: others are opening cases; try again".into(),
    ))
}

/// Applies the event `make` builds from the current case, and records it.
/// The case's rules refuse illegal changes with a clear error.
pub fn change(
    store: &mut dyn Store,
    id: &CaseId,
    make: impl FnOnce(&Case) -> Result<CaseEvent, InvestigationError>,
) -> Result<(Case, CaseEvent), InvestigationError> {
    let Loaded {
        mut case, last_seq, ..
    } = get(store, id)?;
    let event = make(&case)?;
    if let CaseEvent::RingLinked { ring, .. } = &event {
        ring_exists(store, ring)?;
    }
    case.apply(&event)?;
    append(store, id, last_seq, std::slice::from_ref(&event))?;
    Ok((case, event))
}

fn ring_exists(store: &dyn Store, ring: &str) -> Result<(), InvestigationError> {
    let found = store.rings(&ringtrace_store::RingQuery {
        ring: Some(ring.to_string()),
        ..Default::default()
    })?;
    if found.is_empty() {
        return Err(InvestigationError::Invalid(format!(
            "there is no ring {ring} (`ringtrace rings` lists them)"
        )));
    }
    Ok(())
}
