//! Cases as event logs and the exhibits imported into them (issue 8).

use super::backend;
use crate::assemble::now;
use crate::{ExhibitRecord, StoreError};
use postgres::error::SqlState;
use postgres::GenericClient;
use ringtrace_model::AuditDraft;

/// A unique violation as the conflict it is (two writers at once).
fn conflict_or_backend(e: postgres::Error, what: impl FnOnce() -> String) -> StoreError {
    if e.code() == Some(&SqlState::UNIQUE_VIOLATION) {
        StoreError::Conflict(what())
    } else {
        backend(e)
    }
}

pub(super) fn append(
    c: &mut postgres::Client,
    case_id: &str,
    after_seq: u64,
    events: &[(String, String)],
    audits: &[AuditDraft],
) -> Result<u64, StoreError> {
    let changed = |last: String| {
        format!("case {case_id} changed meanwhile: its last event is {last}, not {after_seq}; try again")
    };
    let mut tx = c.transaction().map_err(backend)?;
    if !audits.is_empty() {
        super::access::lock_audit(&mut tx)?;
    }
    let last: i64 = tx
        .query_one(
            "SELECT COALESCE(MAX(seq), 0)::BIGINT FROM case_events WHERE case_id = $1",
            &[&case_id],
        )
        .map_err(backend)?
        .get(0);
    if last as u64 != after_seq {
        return Err(StoreError::Conflict(changed(last.to_string())));
    }
    let mut seq = after_seq;
    for (event, at) in events {
        seq += 1;
        tx.execute(
            "INSERT INTO case_events (case_id, seq, event, at) VALUES ($1, $2, $3, $4)",
            &[&case_id, &(seq as i64), event, at],
        )
        .map_err(|e| conflict_or_backend(e, || changed("newer".into())))?;
    }
    for a in audits {
        super::access::append_audit_in(&mut tx, a)?;
    }
    tx.commit()
        .map_err(|e| conflict_or_backend(e, || changed("newer".into())))?;
    Ok(seq)
}

pub(super) fn events(
    c: &mut impl GenericClient,
    case_id: &str,
) -> Result<Vec<(u64, String)>, StoreError> {
    let rows = c
        .query(
            "SELECT seq, event FROM case_events WHERE case_id = $1 ORDER BY seq",
            &[&case_id],
        )
        .map_err(backend)?;
    Ok(rows
        .iter()
        .map(|r| (r.get::<_, i64>(0) as u64, r.get(1)))
        .collect())
}

pub(super) fn ids(c: &mut impl GenericClient) -> Result<Vec<String>, StoreError> {
    let rows = c
        .query(
            "SELECT DISTINCT case_id FROM case_events ORDER BY case_id",
            &[],
        )
        .map_err(backend)?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

pub(super) fn add_exhibit(
    c: &mut postgres::Client,
    e: &ExhibitRecord,
    audit: &AuditDraft,
) -> Result<(), StoreError> {
    let at = if e.imported_at.is_empty() {
        now()
    } else {
        e.imported_at.clone()
    };
    let exists = || format!("exhibit {} already exists", e.exhibit_id);
    let mut tx = c.transaction().map_err(backend)?;
    super::access::lock_audit(&mut tx)?;
    tx.execute(
        "INSERT INTO exhibits (exhibit_id, case_id, site, file_name, sha256, format, size,
             imported_by, imported_at, extract, indicators)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        &[
            &e.exhibit_id,
            &e.case_id,
            &e.site,
            &e.file_name,
            &e.sha256,
            &e.format,
            &(e.size as i64),
            &e.imported_by,
            &at,
            &e.extract,
            &e.indicators,
        ],
    )
    .map_err(|err| conflict_or_backend(err, exists))?;
    super::access::append_audit_in(&mut tx, audit)?;
    tx.commit().map_err(backend)?;
    Ok(())
}

pub(super) fn exhibits(
    c: &mut impl GenericClient,
    case_id: Option<&str>,
) -> Result<Vec<ExhibitRecord>, StoreError> {
    let rows = c
        .query(
            "SELECT exhibit_id, case_id, site, file_name, sha256, format, size, imported_by,
                    imported_at, extract, indicators
             FROM exhibits WHERE $1::TEXT IS NULL OR case_id = $1
             ORDER BY imported_at, exhibit_id",
            &[&case_id],
        )
        .map_err(backend)?;
    Ok(rows
        .iter()
        .map(|r| ExhibitRecord {
            exhibit_id: r.get(0),
            case_id: r.get(1),
            site: r.get(2),
            file_name: r.get(3),
            sha256: r.get(4),
            format: r.get(5),
            size: r.get::<_, i64>(6) as u64,
            imported_by: r.get(7),
            imported_at: r.get(8),
            extract: r.get(9),
            indicators: r.get(10),
        })
        .collect())
}
