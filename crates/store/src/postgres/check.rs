//! `integrity` and `recount` on PostgreSQL: the invariants between tables
//! that the store keeps (the server checks its own pages and WAL).

use super::backend;
use crate::StoreError;
use postgres::GenericClient;

/// The counters kept beside the tables (see `assemble::TABLE_INVARIANTS`
/// for the rest).
const INVARIANTS: &[(&str, &str)] = &[
    (
        "audit entries not counted beside the log (meta.audit_count)",
        "SELECT ABS((SELECT COUNT(*) FROM audit_log)
                  - (SELECT value::BIGINT FROM meta WHERE key = 'audit_count'))",
    ),
    (
        "reports not counted beside the table (meta.report_count)",
        "SELECT ABS((SELECT COUNT(*) FROM reports)
                  - (SELECT value::BIGINT FROM meta WHERE key = 'report_count'))",
    ),
];

pub(super) fn integrity(c: &mut impl GenericClient) -> Result<Vec<String>, StoreError> {
    let mut problems = Vec::new();
    for (what, sql) in crate::assemble::TABLE_INVARIANTS.iter().chain(INVARIANTS) {
        let n: i64 = c
            .query_one(*sql, &[])
            .map_err(backend)?
            .get::<_, Option<i64>>(0)
            .unwrap_or(-1);
        if n != 0 {
            problems.push(format!("{what}: {n}"));
        }
    }
    Ok(problems)
}

pub(super) fn recount(c: &mut postgres::Client) -> Result<u64, StoreError> {
    let mut tx = c.transaction().map_err(backend)?;
    tx.batch_execute("LOCK TABLE audit_log IN EXCLUSIVE MODE")
        .map_err(backend)?;
    let mut changed = tx
        .execute(
            "UPDATE rings SET report_count = n.c
               FROM (SELECT g.ring_id, (SELECT COUNT(*) FROM reports r WHERE r.ring_id = g.ring_id) AS c
                       FROM rings g) n
              WHERE rings.ring_id = n.ring_id AND rings.report_count != n.c",
            &[],
        )
        .map_err(backend)?;
    for (key, table) in [("audit_count", "audit_log"), ("report_count", "reports")] {
        changed += tx
            .execute(
                &format!(
                    "UPDATE meta SET value = (SELECT COUNT(*) FROM {table})::text
                      WHERE key = $1 AND value != (SELECT COUNT(*) FROM {table})::text"
                ),
                &[&key],
            )
            .map_err(backend)?;
    }
    tx.commit().map_err(backend)?;
    Ok(changed)
}
