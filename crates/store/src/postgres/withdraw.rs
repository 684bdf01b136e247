//! Withdrawn reports: the erasure of one report and the tombstones left.

use super::backend;
use crate::access::tlp_of;
use crate::{StoreError, Withdrawal};
use postgres::GenericClient;
use ringtrace_model::ReportKey;

/// Erases the report of `key` and leaves its tombstone.
pub(super) fn withdraw(
    c: &mut impl GenericClient,
    now: &str,
    key: &ReportKey,
    reason: &str,
    via: Option<&str>,
) -> Result<Option<Withdrawal>, StoreError> {
    let (partner, id) = (key.partner.as_str(), key.id.as_str());
    let Some(row) = c
        .query_opt(
            "SELECT report_pk, tlp, received_at, ring_id FROM reports WHERE partner = $1 AND id = $2 FOR UPDATE",
            &[&partner, &id],
        )
        .map_err(backend)?
    else {
        return Ok(None);
    };
    let pk: i64 = row.get(0);
    let tlp: String = row.get(1);
    let received_at: String = row.get(2);
    let ring: Option<String> = row.get(3);
    for sql in [
        "DELETE FROM mentions WHERE report_pk = $1",
        "DELETE FROM report_versions WHERE report_pk = $1",
        "DELETE FROM reports WHERE report_pk = $1",
    ] {
        c.execute(sql, &[&pk]).map_err(backend)?;
    }
    if let Some(ring) = &ring {
        c.execute(
            "UPDATE rings SET report_count = GREATEST(report_count - 1, 0), updated_at = $2 WHERE ring_id = $1",
            &[ring, &now],
        )
        .map_err(backend)?;
    }
    c.execute(
        "INSERT INTO withdrawn_reports (partner, id, tlp, received_at, ring_id, withdrawn_at, reason, via)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (partner, id) DO UPDATE SET tlp = excluded.tlp, received_at = excluded.received_at,
             ring_id = excluded.ring_id, withdrawn_at = excluded.withdrawn_at, reason = excluded.reason,
             via = excluded.via",
        &[&partner, &id, &tlp, &received_at, &ring, &now, &reason, &via],
    )
    .map_err(backend)?;
    Ok(Some(Withdrawal {
        key: key.clone(),
        report_pk: Some(pk),
        tlp: tlp_of(&tlp)?,
        received_at,
        ring,
        withdrawn_at: now.to_string(),
        reason: reason.to_string(),
        via: via.map(String::from),
    }))
}

/// Tombstones after `since`, without the reports stored again since.
pub(super) fn withdrawals(
    c: &mut impl GenericClient,
    since: Option<&str>,
) -> Result<Vec<Withdrawal>, StoreError> {
    let rows = c
        .query(
            "SELECT w.partner, w.id, w.tlp, w.received_at, w.ring_id, w.withdrawn_at, w.reason, w.via
             FROM withdrawn_reports w
             WHERE w.withdrawn_at > $1
               AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.partner = w.partner AND r.id = w.id)
             ORDER BY w.withdrawn_at, w.partner, w.id",
            &[&since.unwrap_or("")],
        )
        .map_err(backend)?;
    rows.iter()
        .map(|r| {
            crate::model::TombstoneRow {
                partner: r.get(0),
                id: r.get(1),
                tlp: r.get(2),
                received_at: r.get(3),
                ring: r.get(4),
                withdrawn_at: r.get(5),
                reason: r.get(6),
                via: r.get(7),
            }
            .parse()
        })
        .collect()
}
