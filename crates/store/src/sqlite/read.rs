//! Reads: rings, lookups, the linking graph.

use super::backend;
use crate::assemble::{
    kind_of, ring_id, ReportRow, RingAssembler, VerdictAssembler, SELECTED_RINGS,
};
use crate::{IndicatorVerdict, LinkInput, ReportState, RingQuery, StoreError, StoredReport};
use ringtrace_link::LinkGraph;
use ringtrace_model::{Indicator, ReportKey, RingSummary};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

/// Indicators mentioned by more than one report: the only ones that can link.
const SHARED: &str =
    "SELECT indicator_pk FROM mentions GROUP BY indicator_pk HAVING COUNT(DISTINCT report_pk) > 1";

pub(super) fn link_input(conn: &Connection) -> Result<LinkInput, StoreError> {
    let mut input = LinkInput::default();
    let mut index: HashMap<i64, u32> = HashMap::new();
    let mut stmt = conn
        .prepare("SELECT report_pk, ring_id FROM reports ORDER BY report_pk")
        .map_err(backend)?;
    let mut rows = stmt.query([]).map_err(backend)?;
    while let Some(row) = rows.next().map_err(backend)? {
        let pk: i64 = row.get(0).map_err(backend)?;
        let ring: Option<String> = row.get(1).map_err(backend)?;
        index.insert(pk, input.report_pks.len() as u32);
        input.report_pks.push(pk);
        input
            .previous
            .push(ring.as_deref().map(ring_id).transpose()?);
    }
    let mut indicator_index: HashMap<i64, u32> = HashMap::new();
    let mut indicators = Vec::new();
    let mut stmt = conn
        .prepare(&format!(
            "SELECT indicator_pk, kind, value FROM indicators WHERE indicator_pk IN ({SHARED}) ORDER BY indicator_pk"
        ))
        .map_err(backend)?;
    let mut rows = stmt.query([]).map_err(backend)?;
    while let Some(row) = rows.next().map_err(backend)? {
        let pk: i64 = row.get(0).map_err(backend)?;
        let kind: String = row.get(1).map_err(backend)?;
        indicator_index.insert(pk, indicators.len() as u32);
        indicators.push(Indicator::new(
            kind_of(&kind)?,
            row.get::<_, String>(2).map_err(backend)?,
        ));
    }
    let mut mentions = Vec::new();
    let mut stmt = conn
        .prepare(&format!(
            "SELECT report_pk, indicator_pk, MAX(may_link) FROM mentions
             WHERE indicator_pk IN ({SHARED}) GROUP BY report_pk, indicator_pk"
        ))
        .map_err(backend)?;
    let mut rows = stmt.query([]).map_err(backend)?;
    while let Some(row) = rows.next().map_err(backend)? {
        let r: i64 = row.get(0).map_err(backend)?;
        let i: i64 = row.get(1).map_err(backend)?;
        let may_link: bool = row.get(2).map_err(backend)?;
        if let (Some(&r), Some(&i)) = (index.get(&r), indicator_index.get(&i)) {
            mentions.push((r, i, may_link));
        }
    }
    input.graph = LinkGraph {
        reports: input.report_pks.len(),
        indicators,
        mentions,
    };
    input.next_seq = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'next_ring_seq'",
            [],
            |r| r.get::<_, String>(0),
        )
        .map_err(backend)?
        .parse()
        .map_err(|_| StoreError::Corrupt("meta.next_ring_seq is not a number".into()))?;
    Ok(input)
}

pub(super) fn rings(conn: &Connection, q: &RingQuery) -> Result<Vec<RingSummary>, StoreError> {
    let limit = q.limit.map_or(-1, |l| l as i64);
    let selected = SELECTED_RINGS;
    let args = params![q.min_reports as i64, limit, q.ring];
    let mut order = Vec::new();
    {
        let mut stmt = conn.prepare(selected).map_err(backend)?;
        let mut rows = stmt.query(args).map_err(backend)?;
        while let Some(row) = rows.next().map_err(backend)? {
            order.push(row.get::<_, String>(0).map_err(backend)?);
        }
    }
    let mut acc = RingAssembler::new(order);
    let mut stmt = conn
        .prepare(&format!(
            "SELECT ring_id, partner, id, brand, loss_amount, loss_currency, received_at
             FROM reports WHERE ring_id IN ({selected})"
        ))
        .map_err(backend)?;
    let mut rows = stmt.query(args).map_err(backend)?;
    while let Some(row) = rows.next().map_err(backend)? {
        acc.add_report(ReportRow {
            ring: row.get(0).map_err(backend)?,
            partner: row.get(1).map_err(backend)?,
            id: row.get(2).map_err(backend)?,
            brand: row.get(3).map_err(backend)?,
            loss_amount: row.get(4).map_err(backend)?,
            loss_currency: row.get(5).map_err(backend)?,
            received_at: row.get(6).map_err(backend)?,
        });
    }
    let mut stmt = conn
        .prepare(&format!(
            "SELECT r.ring_id, r.report_pk, i.kind, i.value
             FROM reports r JOIN mentions m ON m.report_pk = r.report_pk
             JOIN indicators i ON i.indicator_pk = m.indicator_pk
             WHERE m.may_link = 1 AND r.ring_id IN ({selected})"
        ))
        .map_err(backend)?;
    let mut rows = stmt.query(args).map_err(backend)?;
    while let Some(row) = rows.next().map_err(backend)? {
        let ring: String = row.get(0).map_err(backend)?;
        acc.add_mention(
            &ring,
            row.get(1).map_err(backend)?,
            row.get(2).map_err(backend)?,
            row.get(3).map_err(backend)?,
        );
    }
    acc.finish()
}

pub(super) fn lookup(
    conn: &Connection,
    ind: &Indicator,
) -> Result<Option<IndicatorVerdict>, StoreError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT r.report_pk, r.partner, r.ring_id, r.received_at, m.role
             FROM indicators i JOIN mentions m ON m.indicator_pk = i.indicator_pk
             JOIN reports r ON r.report_pk = m.report_pk
             WHERE i.kind = ?1 AND i.value = ?2",
        )
        .map_err(backend)?;
    let mut rows = stmt
        .query(params![ind.kind.as_str(), ind.value])
        .map_err(backend)?;
    let mut acc = VerdictAssembler::default();
    while let Some(row) = rows.next().map_err(backend)? {
        let at: String = row.get(3).map_err(backend)?;
        acc.add(
            row.get(0).map_err(backend)?,
            row.get(1).map_err(backend)?,
            row.get(2).map_err(backend)?,
            &at,
            row.get(4).map_err(backend)?,
        );
    }
    let mut count = conn
        .prepare_cached("SELECT COUNT(*) FROM reports WHERE ring_id = ?1")
        .map_err(backend)?;
    let mut sizes = Vec::new();
    for ring in acc.rings() {
        let n: i64 = count
            .query_row(params![ring], |r| r.get(0))
            .map_err(backend)?;
        sizes.push((ring, n as u64));
    }
    Ok(acc.finish(ind, sizes))
}

pub(super) fn report_rings(conn: &Connection) -> Result<Vec<(i64, String, String)>, StoreError> {
    let mut stmt = conn
        .prepare("SELECT report_pk, partner || ':' || id, COALESCE(ring_id, '') FROM reports ORDER BY report_pk")
        .map_err(backend)?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .map_err(backend)?;
    rows.collect::<Result<_, _>>().map_err(backend)
}

pub(super) fn report(
    conn: &Connection,
    key: &ReportKey,
) -> Result<Option<StoredReport>, StoreError> {
    let row = conn
        .query_row(
            "SELECT record, version, ring_id, first_imported_at, updated_at,
                    (SELECT COUNT(*) FROM report_versions v WHERE v.report_pk = r.report_pk)
             FROM reports r WHERE partner = ?1 AND id = ?2",
            params![key.partner.as_str(), key.id.as_str()],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, i64>(5)?,
                ))
            },
        )
        .optional()
        .map_err(backend)?;
    let Some((record, version, ring, first, updated, earlier)) = row else {
        return Ok(None);
    };
    let record = match serde_json::from_str(&record) {
        Ok(serde_json::Value::Object(o)) => o,
        _ => {
            return Err(StoreError::Corrupt(format!(
                "the record of {key} is not a JSON object"
            )))
        }
    };
    Ok(Some(StoredReport {
        record,
        version: version as u32,
        earlier_versions: earlier as u32,
        ring,
        state: ReportState {
            first_imported_at: first,
            updated_at: updated,
        },
    }))
}

pub(super) fn counts(conn: &Connection) -> Result<[u64; 4], StoreError> {
    conn.query_row(
        "SELECT (SELECT COUNT(*) FROM reports), (SELECT COUNT(*) FROM indicators),
                (SELECT COUNT(*) FROM mentions), (SELECT COUNT(DISTINCT ring_id) FROM reports)",
        [],
        |r| {
            Ok([
                r.get::<_, i64>(0)? as u64,
                r.get::<_, i64>(1)? as u64,
                r.get::<_, i64>(2)? as u64,
                r.get::<_, i64>(3)? as u64,
            ])
        },
    )
    .map_err(backend)
}

pub(super) fn report_pk(conn: &Connection, key: &ReportKey) -> Result<Option<i64>, StoreError> {
    conn.query_row(
        "SELECT report_pk FROM reports WHERE partner = ?1 AND id = ?2",
        params![key.partner.as_str(), key.id.as_str()],
        |r| r.get(0),
    )
    .optional()
    .map_err(backend)
}

pub(super) fn ring_history(
    conn: &Connection,
    ring: &str,
) -> Result<Vec<crate::RingHistoryEntry>, StoreError> {
    let mut stmt = conn
        .prepare(
            "SELECT at, event, ring_id, other, reason FROM ring_events
             WHERE ring_id = ?1 OR other = ?1 ORDER BY event_pk",
        )
        .map_err(backend)?;
    let rows = stmt
        .query_map(params![ring], |r| {
            Ok(crate::RingHistoryEntry {
                at: r.get(0)?,
                event: r.get(1)?,
                ring: r.get(2)?,
                other: r.get(3)?,
                reason: r.get(4)?,
            })
        })
        .map_err(backend)?;
    rows.collect::<Result<_, _>>().map_err(backend)
}

pub(super) fn ring_bridges(
    conn: &Connection,
    ring: &str,
) -> Result<Vec<crate::RingBridge>, StoreError> {
    let mut stmt = conn
        .prepare(
            "SELECT ring_a, ring_b, kind, value, reports_a, reports_b FROM ring_bridges
             WHERE ring_a = ?1 OR ring_b = ?1 ORDER BY reports_a + reports_b DESC, kind, value",
        )
        .map_err(backend)?;
    let mut rows = stmt.query(params![ring]).map_err(backend)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next().map_err(backend)? {
        let kind: String = r.get(2).map_err(backend)?;
        out.push(crate::RingBridge {
            ring_a: r.get(0).map_err(backend)?,
            ring_b: r.get(1).map_err(backend)?,
            indicator: Indicator::new(kind_of(&kind)?, r.get::<_, String>(3).map_err(backend)?),
            reports_a: r.get::<_, i64>(4).map_err(backend)? as u64,
            reports_b: r.get::<_, i64>(5).map_err(backend)? as u64,
        });
    }
    Ok(out)
}

pub(super) fn ring_report_facts(
    conn: &Connection,
    ring: &str,
) -> Result<crate::RingReportFacts, StoreError> {
    let mut stmt = conn
        .prepare("SELECT received_at, channel, region FROM reports WHERE ring_id = ?1 ORDER BY received_at")
        .map_err(backend)?;
    let rows = stmt
        .query_map(params![ring], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .map_err(backend)?;
    Ok(crate::RingReportFacts {
        reports: rows.collect::<Result<_, _>>().map_err(backend)?,
    })
}
