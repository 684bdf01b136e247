//! Cases as event logs and the exhibits imported into them (issue 8).

use super::backend;
use crate::assemble::now;
use crate::{ExhibitRecord, StoreError};
use ringtrace_model::AuditDraft;
use rusqlite::{params, OptionalExtension};

pub(super) fn append(
    conn: &mut rusqlite::Connection,
    case_id: &str,
    after_seq: u64,
    events: &[(String, String)],
    audits: &[AuditDraft],
) -> Result<u64, StoreError> {
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(backend)?;
    let last: i64 = tx
        .query_row(
            "SELECT COALESCE(MAX(seq), 0) FROM case_events WHERE case_id = ?1",
            [case_id],
            |r| r.get(0),
        )
        .map_err(backend)?;
    if last as u64 != after_seq {
        return Err(StoreError::Conflict(format!(
            "case {case_id} changed meanwhile: its last event is {last}, not {after_seq}; try again"
        )));
    }
    let mut seq = after_seq;
    {
        let mut ins = tx
            .prepare_cached(
                "INSERT INTO case_events (case_id, seq, event, at) VALUES (?1, ?2, ?3, ?4)",
            )
            .map_err(backend)?;
        for (event, at) in events {
            seq += 1;
            ins.execute(params![case_id, seq as i64, event, at])
                .map_err(backend)?;
        }
    }
    for a in audits {
        super::access::append_audit_in(&tx, a)?;
    }
    tx.commit().map_err(backend)?;
    Ok(seq)
}

pub(super) fn events(
    conn: &rusqlite::Connection,
    case_id: &str,
) -> Result<Vec<(u64, String)>, StoreError> {
    let mut stmt = conn
        .prepare_cached("SELECT seq, event FROM case_events WHERE case_id = ?1 ORDER BY seq")
        .map_err(backend)?;
    let rows = stmt
        .query_map([case_id], |r| Ok((r.get::<_, i64>(0)? as u64, r.get(1)?)))
        .map_err(backend)?;
    rows.collect::<Result<_, _>>().map_err(backend)
}

pub(super) fn ids(conn: &rusqlite::Connection) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn
        .prepare_cached("SELECT DISTINCT case_id FROM case_events ORDER BY case_id")
        .map_err(backend)?;
    let rows = stmt.query_map([], |r| r.get(0)).map_err(backend)?;
    rows.collect::<Result<_, _>>().map_err(backend)
}

pub(super) fn add_exhibit(
    conn: &mut rusqlite::Connection,
    e: &ExhibitRecord,
    audit: &AuditDraft,
) -> Result<(), StoreError> {
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(backend)?;
    let existing: Option<String> = tx
        .query_row(
            "SELECT case_id FROM exhibits WHERE exhibit_id = ?1",
            [&e.exhibit_id],
            |r| r.get(0),
        )
        .optional()
        .map_err(backend)?;
    if let Some(case) = existing {
        return Err(StoreError::Conflict(format!(
            "exhibit {} already exists (case {case})",
            e.exhibit_id
        )));
    }
    let at = if e.imported_at.is_empty() {
        now()
    } else {
        e.imported_at.clone()
    };
    tx.execute(
        "INSERT INTO exhibits (exhibit_id, case_id, site, file_name, sha256, format, size,
             imported_by, imported_at, extract, indicators)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            e.exhibit_id,
            e.case_id,
            e.site,
            e.file_name,
            e.sha256,
            e.format,
            e.size as i64,
            e.imported_by,
            at,
            e.extract,
            e.indicators
        ],
    )
    .map_err(backend)?;
    super::access::append_audit_in(&tx, audit)?;
    tx.commit().map_err(backend)
}

pub(super) fn exhibits(
    conn: &rusqlite::Connection,
    case_id: Option<&str>,
) -> Result<Vec<ExhibitRecord>, StoreError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT exhibit_id, case_id, site, file_name, sha256, format, size, imported_by,
                    imported_at, extract, indicators
             FROM exhibits WHERE ?1 IS NULL OR case_id = ?1
             ORDER BY imported_at, exhibit_id",
        )
        .map_err(backend)?;
    let rows = stmt
        .query_map([case_id], |r| {
            Ok(ExhibitRecord {
                exhibit_id: r.get(0)?,
                case_id: r.get(1)?,
                site: r.get(2)?,
                file_name: r.get(3)?,
                sha256: r.get(4)?,
                format: r.get(5)?,
                size: r.get::<_, i64>(6)? as u64,
                imported_by: r.get(7)?,
                imported_at: r.get(8)?,
                extract: r.get(9)?,
                indicators: r.get(10)?,
            })
        })
        .map_err(backend)?;
    rows.collect::<Result<_, _>>().map_err(backend)
}
