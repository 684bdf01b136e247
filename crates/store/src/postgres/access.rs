//! Partners, API keys, AMBER grants, the audit log and the catalog scan on
//! PostgreSQL.

use super::backend;
use crate::access::{
    check_secret_hash, key_exists, or_now, partner_exists, role_of, sql_limit, tlp_of,
    unknown_partner,
};
use crate::assemble::{kind_of, now};
use crate::{ApiKeyRecord, CatalogMention, CatalogReport, Partner, StoreError};
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::ToSql;
use postgres::{Client, GenericClient, IsolationLevel, Row};
use ringtrace_model::{AuditDraft, AuditEntry, Indicator, GENESIS};

pub(super) fn add_partner(c: &mut Client, p: &Partner) -> Result<(), StoreError> {
    let n = c
        .execute(
            "INSERT INTO partners (slug, name, disabled, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (slug) DO NOTHING",
            &[&p.slug, &p.name, &p.disabled, &or_now(&p.created_at)],
        )
        .map_err(backend)?;
    if n == 0 {
        return Err(partner_exists(&p.slug));
    }
    Ok(())
}

pub(super) fn partners(c: &mut Client) -> Result<Vec<Partner>, StoreError> {
    Ok(c.query(
        "SELECT slug, name, disabled, created_at FROM partners ORDER BY slug",
        &[],
    )
    .map_err(backend)?
    .iter()
    .map(|r| Partner {
        slug: r.get(0),
        name: r.get(1),
        disabled: r.get(2),
        created_at: r.get(3),
    })
    .collect())
}

pub(super) fn set_partner_disabled(
    c: &mut Client,
    slug: &str,
    disabled: bool,
) -> Result<bool, StoreError> {
    let n = c
        .execute(
            "UPDATE partners SET disabled = $2 WHERE slug = $1",
            &[&slug, &disabled],
        )
        .map_err(backend)?;
    Ok(n > 0)
}

fn partner_known(c: &mut impl GenericClient, slug: &str) -> Result<bool, StoreError> {
    Ok(
        c.query_opt("SELECT 1 FROM partners WHERE slug = $1", &[&slug])
            .map_err(backend)?
            .is_some(),
    )
}

pub(super) fn add_key(c: &mut Client, k: &ApiKeyRecord) -> Result<(), StoreError> {
    check_secret_hash(k)?;
    let mut tx = c.transaction().map_err(backend)?;
    // Partners are never removed, so a partner seen here is still there at
    // the insert (the foreign key would refuse it otherwise).
    if !partner_known(&mut tx, &k.partner)? {
        return Err(unknown_partner(&k.partner));
    }
    let n = tx
        .execute(
            "INSERT INTO api_keys (key_id, partner, role, secret_hash, label, created_at, revoked_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (key_id) DO NOTHING",
            &[
                &k.key_id,
                &k.partner,
                &k.role.as_str(),
                &k.secret_hash,
                &k.label,
                &or_now(&k.created_at),
                &k.revoked_at,
            ],
        )
        .map_err(backend)?;
    if n == 0 {
        return Err(key_exists(&k.key_id));
    }
    tx.commit().map_err(backend)
}

const KEY_COLUMNS: &str = "key_id, partner, role, secret_hash, label, created_at, revoked_at";

fn key_row(r: &Row) -> Result<ApiKeyRecord, StoreError> {
    Ok(ApiKeyRecord {
        key_id: r.get(0),
        partner: r.get(1),
        role: role_of(r.get(2))?,
        secret_hash: r.get(3),
        label: r.get(4),
        created_at: r.get(5),
        revoked_at: r.get(6),
    })
}

pub(super) fn key(c: &mut Client, key_id: &str) -> Result<Option<ApiKeyRecord>, StoreError> {
    c.query_opt(
        &format!("SELECT {KEY_COLUMNS} FROM api_keys WHERE key_id = $1"),
        &[&key_id],
    )
    .map_err(backend)?
    .as_ref()
    .map(key_row)
    .transpose()
}

pub(super) fn keys(c: &mut Client, partner: Option<&str>) -> Result<Vec<ApiKeyRecord>, StoreError> {
    c.query(
        &format!(
            "SELECT {KEY_COLUMNS} FROM api_keys WHERE $1::text IS NULL OR partner = $1::text
             ORDER BY created_at, key_id"
        ),
        &[&partner],
    )
    .map_err(backend)?
    .iter()
    .map(key_row)
    .collect()
}

pub(super) fn revoke_key(c: &mut Client, key_id: &str) -> Result<bool, StoreError> {
    let n = c
        .execute(
            "UPDATE api_keys SET revoked_at = $2 WHERE key_id = $1 AND revoked_at IS NULL",
            &[&key_id, &now()],
        )
        .map_err(backend)?;
    Ok(n > 0)
}

pub(super) fn share_amber(
    c: &mut Client,
    owner: &str,
    grantee: &str,
    shared: bool,
) -> Result<(), StoreError> {
    if !shared {
        c.execute(
            "DELETE FROM amber_grants WHERE owner = $1 AND grantee = $2",
            &[&owner, &grantee],
        )
        .map_err(backend)?;
        return Ok(());
    }
    let mut tx = c.transaction().map_err(backend)?;
    for slug in [owner, grantee] {
        if !partner_known(&mut tx, slug)? {
            return Err(unknown_partner(slug));
        }
    }
    tx.execute(
        "INSERT INTO amber_grants (owner, grantee, granted_at) VALUES ($1, $2, $3)
         ON CONFLICT (owner, grantee) DO NOTHING",
        &[&owner, &grantee, &now()],
    )
    .map_err(backend)?;
    tx.commit().map_err(backend)
}

pub(super) fn amber_grants(c: &mut Client) -> Result<Vec<(String, String)>, StoreError> {
    Ok(c.query(
        "SELECT owner, grantee FROM amber_grants ORDER BY owner, grantee",
        &[],
    )
    .map_err(backend)?
    .iter()
    .map(|r| (r.get(0), r.get(1)))
    .collect())
}

/// Reads the last entry and appends the next in one transaction holding the
/// table's EXCLUSIVE lock (which readers pass, appenders wait for), so
/// concurrent appenders, in any process, chain one after the other.
pub(super) fn append_audit(c: &mut Client, draft: &AuditDraft) -> Result<AuditEntry, StoreError> {
    let mut tx = c.transaction().map_err(backend)?;
    lock_audit(&mut tx)?;
    let entry = append_audit_in(&mut tx, draft)?;
    tx.commit().map_err(backend)?;
    Ok(entry)
}

/// Takes the audit log's EXCLUSIVE lock in `tx`; take it first, before
/// any other lock, so that audit appenders queue in one order.
pub(super) fn lock_audit(tx: &mut postgres::Transaction<'_>) -> Result<(), StoreError> {
    tx.batch_execute("LOCK TABLE audit_log IN EXCLUSIVE MODE")
        .map_err(backend)
}

/// Appends the next audit entry inside `tx`, which holds the lock of
/// [`lock_audit`], so that the entry commits with what it records.
pub(super) fn append_audit_in(
    tx: &mut postgres::Transaction<'_>,
    draft: &AuditDraft,
) -> Result<AuditEntry, StoreError> {
    let last = tx
        .query_opt(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            &[],
        )
        .map_err(backend)?
        .map(|r| (r.get::<_, i64>(0), r.get::<_, String>(1)));
    let (seq, prev) = match &last {
        Some((seq, hash)) => (*seq as u64 + 1, hash.as_str()),
        None => (1, GENESIS),
    };
    let entry = AuditEntry::seal(draft, seq, now(), prev);
    tx.execute(
        "INSERT INTO audit_log (seq, at, actor, action, target, detail, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        &[
            &(entry.seq as i64),
            &entry.at,
            &entry.actor,
            &entry.action,
            &entry.target,
            &entry.detail,
            &entry.prev_hash,
            &entry.hash,
        ],
    )
    .map_err(backend)?;
    let counted = tx
        .execute(
            "UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'audit_count'",
            &[],
        )
        .map_err(backend)?;
    if counted != 1 {
        return Err(StoreError::Corrupt("meta.audit_count is missing".into()));
    }
    Ok(entry)
}

pub(super) fn audit_entries(
    c: &mut Client,
    after_seq: u64,
    limit: u64,
) -> Result<Vec<AuditEntry>, StoreError> {
    Ok(c.query(
        "SELECT seq, at, actor, action, target, detail, prev_hash, hash FROM audit_log
             WHERE seq > $1 ORDER BY seq LIMIT $2",
        &[&sql_limit(after_seq), &sql_limit(limit)],
    )
    .map_err(backend)?
    .iter()
    .map(|r| AuditEntry {
        seq: r.get::<_, i64>(0) as u64,
        at: r.get(1),
        actor: r.get(2),
        action: r.get(3),
        target: r.get(4),
        detail: r.get(5),
        prev_hash: r.get(6),
        hash: r.get(7),
    })
    .collect())
}

pub(super) fn audit_recorded(c: &mut Client) -> Result<u64, StoreError> {
    let value: String = c
        .query_opt("SELECT value FROM meta WHERE key = 'audit_count'", &[])
        .map_err(backend)?
        .ok_or_else(|| StoreError::Corrupt("meta.audit_count is missing".into()))?
        .get(0);
    value
        .parse()
        .map_err(|_| StoreError::Corrupt("meta.audit_count is not a number".into()))
}

const REPORTS: &str = "SELECT report_pk, partner, id, tlp, ring_id, received_at, brand, channel,
        region, loss_amount, loss_currency, updated_at FROM reports";

const MENTIONS: &str = "SELECT m.report_pk, i.kind, i.value, m.role, m.may_link
        FROM mentions m JOIN indicators i ON i.indicator_pk = m.indicator_pk";

fn report_row(r: &Row) -> Result<CatalogReport, StoreError> {
    Ok(CatalogReport {
        report_pk: r.get(0),
        partner: r.get(1),
        id: r.get(2),
        tlp: tlp_of(r.get(3))?,
        ring: r.get(4),
        received_at: r.get(5),
        brand: r.get(6),
        channel: r.get(7),
        region: r.get(8),
        loss_amount: r.get(9),
        loss_currency: r.get(10),
        updated_at: r.get(11),
    })
}

fn mention_row(r: &Row) -> Result<CatalogMention, StoreError> {
    Ok(CatalogMention {
        report_pk: r.get(0),
        indicator: Indicator::new(kind_of(r.get(1))?, r.get::<_, String>(2)),
        role: r.get(3),
        may_link: r.get(4),
    })
}

/// Both queries in one read-only REPEATABLE READ transaction, so they see
/// the same snapshot; rows stream as they arrive rather than being
/// collected first.
fn scan(
    c: &mut Client,
    reports_sql: &str,
    mentions_sql: &str,
    args: &[&(dyn ToSql + Sync)],
    reports: &mut dyn FnMut(CatalogReport),
    mentions: &mut dyn FnMut(CatalogMention),
) -> Result<(), StoreError> {
    let mut tx = c
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .map_err(backend)?;
    {
        let mut rows = tx
            .query_raw(reports_sql, args.iter().copied())
            .map_err(backend)?;
        while let Some(r) = rows.next().map_err(backend)? {
            reports(report_row(&r)?);
        }
    }
    {
        let mut rows = tx
            .query_raw(mentions_sql, args.iter().copied())
            .map_err(backend)?;
        while let Some(r) = rows.next().map_err(backend)? {
            mentions(mention_row(&r)?);
        }
    }
    tx.commit().map_err(backend)
}

pub(super) fn catalog(
    c: &mut Client,
    reports: &mut dyn FnMut(CatalogReport),
    mentions: &mut dyn FnMut(CatalogMention),
) -> Result<(), StoreError> {
    scan(
        c,
        &format!("{REPORTS} ORDER BY report_pk"),
        MENTIONS,
        &[],
        reports,
        mentions,
    )
}

pub(super) fn catalog_reports(
    c: &mut Client,
    report_pks: &[i64],
    reports: &mut dyn FnMut(CatalogReport),
    mentions: &mut dyn FnMut(CatalogMention),
) -> Result<(), StoreError> {
    if report_pks.is_empty() {
        return Ok(());
    }
    // Report by report through the indexes, whatever the statistics say:
    // on a table not analysed since it grew, `= ANY` of a thousand keys
    // was planned as a scan of every mention.
    scan(
        c,
        &format!("{REPORTS} WHERE report_pk = ANY($1::bigint[]) ORDER BY report_pk"),
        "SELECT q.report_pk, i.kind, i.value, m.role, m.may_link
         FROM (SELECT DISTINCT unnest($1::bigint[]) AS report_pk) q
         CROSS JOIN LATERAL (
             SELECT m.indicator_pk, m.role, m.may_link FROM mentions m
             WHERE m.report_pk = q.report_pk OFFSET 0
         ) m
         CROSS JOIN LATERAL (
             SELECT i.kind, i.value FROM indicators i WHERE i.indicator_pk = m.indicator_pk OFFSET 0
         ) i
         ORDER BY q.report_pk, i.kind, i.value",
        &[&report_pks],
        reports,
        mentions,
    )
}
