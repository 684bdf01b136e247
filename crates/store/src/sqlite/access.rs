//! Partners, API keys, AMBER grants and the audit log on SQLite.

use super::{backend, now};
use crate::access::{
    check_secret_hash, key_exists, or_now, partner_exists, role_of, sql_limit, unknown_partner,
};
use crate::{ApiKeyRecord, Partner, StoreError};
use ringtrace_model::{AuditDraft, AuditEntry, GENESIS};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

pub(super) fn add_partner(conn: &Connection, p: &Partner) -> Result<(), StoreError> {
    let n = conn
        .execute(
            "INSERT INTO partners (slug, name, disabled, created_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (slug) DO NOTHING",
            params![p.slug, p.name, p.disabled, or_now(&p.created_at)],
        )
        .map_err(backend)?;
    if n == 0 {
        return Err(partner_exists(&p.slug));
    }
    Ok(())
}

pub(super) fn partners(conn: &Connection) -> Result<Vec<Partner>, StoreError> {
    let mut stmt = conn
        .prepare("SELECT slug, name, disabled, created_at FROM partners ORDER BY slug")
        .map_err(backend)?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Partner {
                slug: r.get(0)?,
                name: r.get(1)?,
                disabled: r.get(2)?,
                created_at: r.get(3)?,
            })
        })
        .map_err(backend)?;
    rows.collect::<Result<_, _>>().map_err(backend)
}

pub(super) fn set_partner_disabled(
    conn: &Connection,
    slug: &str,
    disabled: bool,
) -> Result<bool, StoreError> {
    let n = conn
        .execute(
            "UPDATE partners SET disabled = ?2 WHERE slug = ?1",
            params![slug, disabled],
        )
        .map_err(backend)?;
    Ok(n > 0)
}

fn partner_known(conn: &Connection, slug: &str) -> Result<bool, StoreError> {
    conn.query_row("SELECT 1 FROM partners WHERE slug = ?1", [slug], |_| Ok(()))
        .optional()
        .map_err(backend)
        .map(|r| r.is_some())
}

pub(super) fn add_key(conn: &mut Connection, k: &ApiKeyRecord) -> Result<(), StoreError> {
    check_secret_hash(k)?;
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(backend)?;
    if !partner_known(&tx, &k.partner)? {
        return Err(unknown_partner(&k.partner));
    }
    let n = tx
        .execute(
            "INSERT INTO api_keys (key_id, partner, role, secret_hash, label, created_at, revoked_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (key_id) DO NOTHING",
            params![
                k.key_id,
                k.partner,
                k.role.as_str(),
                k.secret_hash,
                k.label,
                or_now(&k.created_at),
                k.revoked_at
            ],
        )
        .map_err(backend)?;
    if n == 0 {
        return Err(key_exists(&k.key_id));
    }
    tx.commit().map_err(backend)
}

const KEY_COLUMNS: &str = "key_id, partner, role, secret_hash, label, created_at, revoked_at";

fn key_row(r: &rusqlite::Row<'_>) -> Result<ApiKeyRecord, StoreError> {
    let role: String = r.get(2).map_err(backend)?;
    Ok(ApiKeyRecord {
        key_id: r.get(0).map_err(backend)?,
        partner: r.get(1).map_err(backend)?,
        role: role_of(&role)?,
        secret_hash: r.get(3).map_err(backend)?,
        label: r.get(4).map_err(backend)?,
        created_at: r.get(5).map_err(backend)?,
        revoked_at: r.get(6).map_err(backend)?,
    })
}

pub(super) fn key(conn: &Connection, key_id: &str) -> Result<Option<ApiKeyRecord>, StoreError> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {KEY_COLUMNS} FROM api_keys WHERE key_id = ?1"
        ))
        .map_err(backend)?;
    let mut rows = stmt.query([key_id]).map_err(backend)?;
    match rows.next().map_err(backend)? {
        Some(r) => Ok(Some(key_row(r)?)),
        None => Ok(None),
    }
}

pub(super) fn keys(
    conn: &Connection,
    partner: Option<&str>,
) -> Result<Vec<ApiKeyRecord>, StoreError> {
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {KEY_COLUMNS} FROM api_keys WHERE ?1 IS NULL OR partner = ?1
             ORDER BY created_at, key_id"
        ))
        .map_err(backend)?;
    let mut rows = stmt.query([partner]).map_err(backend)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next().map_err(backend)? {
        out.push(key_row(r)?);
    }
    Ok(out)
}

pub(super) fn revoke_key(conn: &Connection, key_id: &str) -> Result<bool, StoreError> {
    let n = conn
        .execute(
            "UPDATE api_keys SET revoked_at = ?2 WHERE key_id = ?1 AND revoked_at IS NULL",
            params![key_id, now()],
        )
        .map_err(backend)?;
    Ok(n > 0)
}

pub(super) fn share_amber(
    conn: &mut Connection,
    owner: &str,
    grantee: &str,
    shared: bool,
) -> Result<(), StoreError> {
    if !shared {
        conn.execute(
            "DELETE FROM amber_grants WHERE owner = ?1 AND grantee = ?2",
            params![owner, grantee],
        )
        .map_err(backend)?;
        return Ok(());
    }
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(backend)?;
    for slug in [owner, grantee] {
        if !partner_known(&tx, slug)? {
            return Err(unknown_partner(slug));
        }
    }
    tx.execute(
        "INSERT INTO amber_grants (owner, grantee, granted_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (owner, grantee) DO NOTHING",
        params![owner, grantee, now()],
    )
    .map_err(backend)?;
    tx.commit().map_err(backend)
}

pub(super) fn amber_grants(conn: &Connection) -> Result<Vec<(String, String)>, StoreError> {
    let mut stmt = conn
        .prepare("SELECT owner, grantee FROM amber_grants ORDER BY owner, grantee")
        .map_err(backend)?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(backend)?;
    rows.collect::<Result<_, _>>().map_err(backend)
}

/// Reads the last entry and appends the next in one IMMEDIATE transaction:
/// the write lock is taken before the read, so appenders in other
/// connections or processes wait their turn (busy timeout) rather than both
/// taking the same `seq`.
pub(super) fn append_audit(
    conn: &mut Connection,
    draft: &AuditDraft,
) -> Result<AuditEntry, StoreError> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(backend)?;
    let entry = append_audit_in(&tx, draft)?;
    tx.commit().map_err(backend)?;
    Ok(entry)
}

/// Appends the next audit entry inside `tx`, which must be IMMEDIATE (it
/// holds the write lock), so that the entry commits with what it records.
pub(super) fn append_audit_in(
    tx: &rusqlite::Transaction<'_>,
    draft: &AuditDraft,
) -> Result<AuditEntry, StoreError> {
    let last: Option<(i64, String)> = tx
        .query_row(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(backend)?;
    let (seq, prev) = match &last {
        Some((seq, hash)) => (*seq as u64 + 1, hash.as_str()),
        None => (1, GENESIS),
    };
    let entry = AuditEntry::seal(draft, seq, now(), prev);
    tx.execute(
        "INSERT INTO audit_log (seq, at, actor, action, target, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            entry.seq as i64,
            entry.at,
            entry.actor,
            entry.action,
            entry.target,
            entry.detail,
            entry.prev_hash,
            entry.hash
        ],
    )
    .map_err(backend)?;
    let counted = tx
        .execute(
            "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'audit_count'",
            [],
        )
        .map_err(backend)?;
    if counted != 1 {
        return Err(StoreError::Corrupt("meta.audit_count is missing".into()));
    }
    Ok(entry)
}

pub(super) fn audit_entries(
    conn: &Connection,
    after_seq: u64,
    limit: u64,
) -> Result<Vec<AuditEntry>, StoreError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT seq, at, actor, action, target, detail, prev_hash, hash FROM audit_log
             WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )
        .map_err(backend)?;
    let rows = stmt
        .query_map(params![sql_limit(after_seq), sql_limit(limit)], |r| {
            Ok(AuditEntry {
                seq: r.get::<_, i64>(0)? as u64,
                at: r.get(1)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                target: r.get(4)?,
                detail: r.get(5)?,
                prev_hash: r.get(6)?,
                hash: r.get(7)?,
            })
        })
        .map_err(backend)?;
    rows.collect::<Result<_, _>>().map_err(backend)
}

pub(super) fn audit_recorded(conn: &Connection) -> Result<u64, StoreError> {
    let value: String = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'audit_count'",
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(backend)?
        .ok_or_else(|| StoreError::Corrupt("meta.audit_count is missing".into()))?;
    value
        .parse()
        .map_err(|_| StoreError::Corrupt("meta.audit_count is not a number".into()))
}
