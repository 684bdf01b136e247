//! `integrity` and `recount` on SQLite: the file's own check, then the
//! invariants between tables that the store keeps.

use super::backend;
use crate::StoreError;
use rusqlite::Connection;

/// The counters only SQLite keeps this way (see `assemble::TABLE_INVARIANTS`
/// for the rest).
const INVARIANTS: &[(&str, &str)] = &[(
    "audit entries not counted beside the log (meta.audit_count)",
    "SELECT ABS((SELECT COUNT(*) FROM audit_log)
                  - (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'audit_count'))",
)];

pub(super) fn integrity(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let mut problems = Vec::new();
    let mut stmt = conn.prepare("PRAGMA integrity_check").map_err(backend)?;
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .map_err(backend)?
        .collect::<Result<_, _>>()
        .map_err(backend)?;
    if rows != ["ok"] {
        for r in rows {
            problems.push(format!("SQLite integrity check: {r}"));
        }
        // the tables cannot be trusted for the checks below
        return Ok(problems);
    }
    for (what, sql) in crate::assemble::TABLE_INVARIANTS.iter().chain(INVARIANTS) {
        let n: i64 = conn.query_row(sql, [], |r| r.get(0)).map_err(backend)?;
        if n != 0 {
            problems.push(format!("{what}: {n}"));
        }
    }
    Ok(problems)
}

/// Sets every ring's size and the audit counter from the rows; returns how
/// many values changed.
pub(super) fn recount(conn: &mut Connection) -> Result<u64, StoreError> {
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(backend)?;
    let mut changed = tx
        .execute(
            "UPDATE rings SET report_count =
                 (SELECT COUNT(*) FROM reports r WHERE r.ring_id = rings.ring_id)
              WHERE report_count != (SELECT COUNT(*) FROM reports r WHERE r.ring_id = rings.ring_id)",
            [],
        )
        .map_err(backend)? as u64;
    changed += tx
        .execute(
            "UPDATE meta SET value = CAST((SELECT COUNT(*) FROM audit_log) AS TEXT)
              WHERE key = 'audit_count' AND value != CAST((SELECT COUNT(*) FROM audit_log) AS TEXT)",
            [],
        )
        .map_err(backend)? as u64;
    tx.commit().map_err(backend)?;
    Ok(changed)
}
