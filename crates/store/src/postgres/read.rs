//! Reads on PostgreSQL: the same queries as SQLite's, in PostgreSQL's dialect.

use super::{backend, verdict_of};
use crate::assemble::{kind_of, ring_id, ReportRow, RingAssembler, VerdictAssembler};
use crate::{
    IndicatorVerdict, LinkInput, ReportState, RingQuery, StoreError, StoredReport, WarningEntry,
};
use postgres::GenericClient;
use ringtrace_link::LinkGraph;
use ringtrace_model::{Indicator, ReportKey, RingSummary};
use std::collections::HashMap;

const SHARED: &str =
    "SELECT indicator_pk FROM mentions GROUP BY indicator_pk HAVING COUNT(DISTINCT report_pk) > 1";

const SELECTED_RINGS: &str =
    "SELECT ring_id FROM reports WHERE ring_id IS NOT NULL AND ($3::text IS NULL OR ring_id = $3::text)
     GROUP BY ring_id HAVING COUNT(*) >= $1 ORDER BY COUNT(*) DESC, ring_id LIMIT $2";

pub(super) fn link_input(c: &mut impl GenericClient) -> Result<LinkInput, StoreError> {
    let mut input = LinkInput::default();
    let mut index: HashMap<i64, u32> = HashMap::new();
    for row in c
        .query(
            "SELECT report_pk, ring_id FROM reports ORDER BY report_pk",
            &[],
        )
        .map_err(backend)?
    {
        let pk: i64 = row.get(0);
        let ring: Option<String> = row.get(1);
        index.insert(pk, input.report_pks.len() as u32);
        input.report_pks.push(pk);
        input
            .previous
            .push(ring.as_deref().map(ring_id).transpose()?);
    }
    let mut indicator_index: HashMap<i64, u32> = HashMap::new();
    let mut indicators = Vec::new();
    for row in c
        .query(
            &format!("SELECT indicator_pk, kind, value FROM indicators WHERE indicator_pk IN ({SHARED}) ORDER BY indicator_pk"),
            &[],
        )
        .map_err(backend)?
    {
        indicator_index.insert(row.get(0), indicators.len() as u32);
        indicators.push(Indicator::new(kind_of(row.get(1))?, row.get::<_, String>(2)));
    }
    let mut mentions = Vec::new();
    for row in c
        .query(
            &format!(
                "SELECT report_pk, indicator_pk, bool_or(may_link) FROM mentions
                 WHERE indicator_pk IN ({SHARED}) GROUP BY report_pk, indicator_pk"
            ),
            &[],
        )
        .map_err(backend)?
    {
        let (r, i): (i64, i64) = (row.get(0), row.get(1));
        if let (Some(&r), Some(&i)) = (index.get(&r), indicator_index.get(&i)) {
            mentions.push((r, i, row.get::<_, bool>(2)));
        }
    }
    input.graph = LinkGraph {
        reports: input.report_pks.len(),
        indicators,
        mentions,
    };
    let seq: String = c
        .query_one("SELECT value FROM meta WHERE key = 'next_ring_seq'", &[])
        .map_err(backend)?
        .get(0);
    input.next_seq = seq
        .parse()
        .map_err(|_| StoreError::Corrupt("meta.next_ring_seq is not a number".into()))?;
    Ok(input)
}

pub(super) fn rings(
    c: &mut impl GenericClient,
    q: &RingQuery,
) -> Result<Vec<RingSummary>, StoreError> {
    let min = q.min_reports as i64;
    let limit = q.limit.map(|l| l as i64);
    let args: [&(dyn postgres::types::ToSql + Sync); 3] = [&min, &limit, &q.ring];
    let order: Vec<String> = c
        .query(SELECTED_RINGS, &args)
        .map_err(backend)?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut acc = RingAssembler::new(order);
    for row in c
        .query(
            &format!(
                "SELECT ring_id, partner, id, brand, loss_amount, loss_currency, received_at
                 FROM reports WHERE ring_id IN ({SELECTED_RINGS})"
            ),
            &args,
        )
        .map_err(backend)?
    {
        acc.add_report(ReportRow {
            ring: row.get(0),
            partner: row.get(1),
            id: row.get(2),
            brand: row.get(3),
            loss_amount: row.get(4),
            loss_currency: row.get(5),
            received_at: row.get(6),
        });
    }
    for row in c
        .query(
            &format!(
                "SELECT r.ring_id, r.report_pk, i.kind, i.value
                 FROM reports r JOIN mentions m ON m.report_pk = r.report_pk
                 JOIN indicators i ON i.indicator_pk = m.indicator_pk
                 WHERE m.may_link AND r.ring_id IN ({SELECTED_RINGS})"
            ),
            &args,
        )
        .map_err(backend)?
    {
        let ring: String = row.get(0);
        acc.add_mention(&ring, row.get(1), row.get(2), row.get(3));
    }
    acc.finish()
}

pub(super) fn lookup(
    c: &mut impl GenericClient,
    ind: &Indicator,
) -> Result<Option<IndicatorVerdict>, StoreError> {
    let mut acc = VerdictAssembler::default();
    for row in c
        .query(
            "SELECT r.report_pk, r.partner, r.ring_id, r.received_at, m.role
             FROM indicators i JOIN mentions m ON m.indicator_pk = i.indicator_pk
             JOIN reports r ON r.report_pk = m.report_pk
             WHERE i.kind = $1 AND i.value = $2",
            &[&ind.kind.as_str(), &ind.value],
        )
        .map_err(backend)?
    {
        let at: String = row.get(3);
        acc.add(row.get(0), row.get(1), row.get(2), &at, row.get(4));
    }
    let mut sizes = Vec::new();
    for ring in acc.rings() {
        let n: i64 = c
            .query_one("SELECT COUNT(*) FROM reports WHERE ring_id = $1", &[&ring])
            .map_err(backend)?
            .get(0);
        sizes.push((ring, n as u64));
    }
    Ok(acc.finish(ind, sizes))
}

pub(super) fn report_rings(
    c: &mut impl GenericClient,
) -> Result<Vec<(i64, String, String)>, StoreError> {
    Ok(c
        .query(
            "SELECT report_pk, partner || ':' || id, COALESCE(ring_id, '') FROM reports ORDER BY report_pk",
            &[],
        )
        .map_err(backend)?
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect())
}

pub(super) fn report(
    c: &mut impl GenericClient,
    key: &ReportKey,
) -> Result<Option<StoredReport>, StoreError> {
    let Some(row) = c
        .query_opt(
            "SELECT record, version, ring_id, first_imported_at, updated_at,
                    (SELECT COUNT(*) FROM report_versions v WHERE v.report_pk = r.report_pk)
             FROM reports r WHERE partner = $1 AND id = $2",
            &[&key.partner.as_str(), &key.id.as_str()],
        )
        .map_err(backend)?
    else {
        return Ok(None);
    };
    let record: String = row.get(0);
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
        version: row.get::<_, i64>(1) as u32,
        earlier_versions: row.get::<_, i64>(5) as u32,
        ring: row.get(2),
        state: ReportState {
            first_imported_at: row.get(3),
            updated_at: row.get(4),
        },
    }))
}

/// The number of reports, as counted beside them (migration 4).
pub(super) fn report_count(c: &mut impl GenericClient) -> Result<u64, StoreError> {
    let value: String = c
        .query_opt("SELECT value FROM meta WHERE key = 'report_count'", &[])
        .map_err(backend)?
        .ok_or_else(|| StoreError::Corrupt("meta.report_count is missing".into()))?
        .get(0);
    value
        .parse()
        .map_err(|_| StoreError::Corrupt("meta.report_count is not a number".into()))
}

pub(super) fn counts(c: &mut impl GenericClient) -> Result<[u64; 4], StoreError> {
    // Reports as counted beside them: counting a million rows takes seconds
    // on a table autovacuum has not visited yet.
    let r = c
        .query_one(
            "SELECT (SELECT value::BIGINT FROM meta WHERE key = 'report_count'), (SELECT COUNT(*) FROM indicators),
                    (SELECT COUNT(*) FROM mentions), (SELECT COUNT(DISTINCT ring_id) FROM reports)",
            &[],
        )
        .map_err(backend)?;
    let reports: Option<i64> = r.get(0);
    Ok([
        reports.ok_or_else(|| StoreError::Corrupt("meta.report_count is missing".into()))? as u64,
        r.get::<_, i64>(1) as u64,
        r.get::<_, i64>(2) as u64,
        r.get::<_, i64>(3) as u64,
    ])
}

pub(super) fn warninglist(c: &mut impl GenericClient) -> Result<Vec<WarningEntry>, StoreError> {
    c.query(
        "SELECT kind, value, verdict, note, added_at FROM warninglist ORDER BY kind, value",
        &[],
    )
    .map_err(backend)?
    .iter()
    .map(|r| {
        Ok(WarningEntry {
            indicator: Indicator::new(kind_of(r.get(0))?, r.get::<_, String>(1)),
            verdict: verdict_of(r.get(2))?,
            note: r.get(3),
            added_at: r.get(4),
        })
    })
    .collect()
}

pub(super) fn detected_hubs(
    c: &mut impl GenericClient,
) -> Result<Vec<crate::DetectedHub>, StoreError> {
    c.query(
        "SELECT kind, value, reports, clusters, reason, detected_at FROM detected_hubs
         ORDER BY reports DESC, kind, value",
        &[],
    )
    .map_err(backend)?
    .iter()
    .map(|r| {
        Ok(crate::DetectedHub {
            indicator: Indicator::new(kind_of(r.get(0))?, r.get::<_, String>(1)),
            reports: r.get::<_, i64>(2) as u64,
            clusters: r.get::<_, i64>(3) as u64,
            reason: r.get(4),
            detected_at: r.get(5),
        })
    })
    .collect()
}
