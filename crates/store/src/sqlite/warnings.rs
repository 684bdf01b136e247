//! Analysts' warning-list entries and hubs detected from the graph.

use super::{backend, now};
use crate::assemble::kind_of;
use crate::{DetectedHub, StoreError, WarningEntry, WarningVerdict};
use ringtrace_model::Indicator;
use rusqlite::{params, Connection};

pub(super) fn list(conn: &Connection) -> Result<Vec<WarningEntry>, StoreError> {
    let mut stmt = conn
        .prepare(
            "SELECT kind, value, verdict, note, added_at FROM warninglist ORDER BY kind, value",
        )
        .map_err(backend)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })
        .map_err(backend)?;
    let mut out = Vec::new();
    for row in rows {
        let (kind, value, verdict, note, added_at) = row.map_err(backend)?;
        let verdict = match verdict.as_str() {
            "hub" => WarningVerdict::Hub,
            "not_hub" => WarningVerdict::NotHub,
            other => {
                return Err(StoreError::Corrupt(format!(
                    "warning-list verdict `{other}`"
                )))
            }
        };
        out.push(WarningEntry {
            indicator: Indicator::new(kind_of(&kind)?, value),
            verdict,
            note,
            added_at,
        });
    }
    Ok(out)
}

pub(super) fn set(conn: &Connection, e: &WarningEntry) -> Result<(), StoreError> {
    let at = if e.added_at.is_empty() {
        now()
    } else {
        e.added_at.clone()
    };
    conn.execute(
        "INSERT INTO warninglist (kind, value, verdict, note, added_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (kind, value) DO UPDATE SET verdict = excluded.verdict, note = excluded.note,
             added_at = excluded.added_at",
        params![
            e.indicator.kind.as_str(),
            e.indicator.value,
            e.verdict.as_str(),
            e.note,
            at
        ],
    )
    .map_err(backend)?;
    Ok(())
}

pub(super) fn remove(conn: &Connection, i: &Indicator) -> Result<bool, StoreError> {
    let n = conn
        .execute(
            "DELETE FROM warninglist WHERE kind = ?1 AND value = ?2",
            params![i.kind.as_str(), i.value],
        )
        .map_err(backend)?;
    Ok(n > 0)
}

pub(super) fn detected(conn: &Connection) -> Result<Vec<DetectedHub>, StoreError> {
    let mut stmt = conn
        .prepare(
            "SELECT kind, value, reports, clusters, reason, detected_at FROM detected_hubs
             ORDER BY reports DESC, kind, value",
        )
        .map_err(backend)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })
        .map_err(backend)?;
    let mut out = Vec::new();
    for row in rows {
        let (kind, value, reports, clusters, reason, detected_at) = row.map_err(backend)?;
        out.push(DetectedHub {
            indicator: Indicator::new(kind_of(&kind)?, value),
            reports: reports as u64,
            clusters: clusters as u64,
            reason,
            detected_at,
        });
    }
    Ok(out)
}

pub(super) fn replace_detected(
    conn: &Connection,
    hubs: &[DetectedHub],
    at: &str,
) -> Result<(), StoreError> {
    conn.execute("DELETE FROM detected_hubs", [])
        .map_err(backend)?;
    let mut stmt = conn
        .prepare_cached(
            "INSERT INTO detected_hubs (kind, value, reports, clusters, reason, detected_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .map_err(backend)?;
    for h in hubs {
        stmt.execute(params![
            h.indicator.kind.as_str(),
            h.indicator.value,
            h.reports as i64,
            h.clusters as i64,
            h.reason,
            at
        ])
        .map_err(backend)?;
    }
    Ok(())
}
