//! The PostgreSQL store (the `postgres` crate, synchronous): the same
//! contract as SQLite, for a shared production database.

mod access;
mod cases;
mod check;
mod psi;
mod read;
mod withdraw;
mod write;

use crate::assemble::kind_of;
use crate::{
    ApiKeyRecord, CatalogMention, CatalogReport, DetectedHub, IndicatorVerdict, LinkInput, Partner,
    RingBridge, RingHistoryEntry, RingQuery, RingReportFacts, Store, StoreError, StoredReport,
    Transaction, WarningEntry, WarningVerdict,
};
use postgres::error::SqlState;
use postgres::{Client, NoTls};
use ringtrace_model::{AuditDraft, AuditEntry, Indicator, ReportKey, RingSummary};

const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/postgres/0001_init.sql"),
    include_str!("../../migrations/postgres/0002_warninglist_history.sql"),
    include_str!("../../migrations/postgres/0003_access_audit.sql"),
    include_str!("../../migrations/postgres/0004_report_count.sql"),
    include_str!("../../migrations/postgres/0005_withdrawn.sql"),
    include_str!("../../migrations/postgres/0006_psi_links.sql"),
    include_str!("../../migrations/postgres/0007_cases.sql"),
    include_str!("../../migrations/postgres/0008_withdrawn_via.sql"),
];

pub(crate) fn backend(e: postgres::Error) -> StoreError {
    // the driver's Display is only "db error": say what the server said
    let told = match e.as_db_error() {
        Some(db) => format!(
            "{} {}: {}{}",
            db.severity(),
            db.code().code(),
            db.message(),
            db.detail().map(|d| format!(" ({d})")).unwrap_or_default()
        ),
        None => match std::error::Error::source(&e) {
            Some(src) => format!("{e}: {src}"),
            None => e.to_string(),
        },
    };
    StoreError::Backend(told.into())
}

/// A PostgreSQL database (one schema of it).
pub struct PostgresStore {
    client: std::cell::RefCell<Client>,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore").finish_non_exhaustive()
    }
}

impl PostgresStore {
    /// Connects to `url` and migrates the schema `schema` (created if
    /// missing), or the connection's default schema when `None`.
    pub fn open(url: &str, schema: Option<&str>) -> Result<PostgresStore, StoreError> {
        let open_err = |e: postgres::Error| StoreError::Open {
            path: redact(url),
            // The server's own words; the error's text alone says "db error".
            message: match e.as_db_error() {
                Some(db) => format!("{e}: {}", db.message()),
                None => e.to_string(),
            },
        };
        let mut client = Client::connect(url, NoTls).map_err(open_err)?;
        if let Some(schema) = schema {
            if !schema
                .bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_')
            {
                return Err(StoreError::Unsupported(format!(
                    "`{schema}` is not a plain schema name"
                )));
            }
            if let Err(e) = client.batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS {schema}")) {
                // Another connection made it at the same moment: IF NOT
                // EXISTS does not cover that race.
                let raced = matches!(
                    e.code(),
                    Some(&SqlState::UNIQUE_VIOLATION | &SqlState::DUPLICATE_SCHEMA)
                );
                if !raced {
                    return Err(open_err(e));
                }
            }
            client
                .batch_execute(&format!("SET search_path TO {schema}"))
                .map_err(open_err)?;
        }
        let mut store = PostgresStore {
            client: std::cell::RefCell::new(client),
        };
        store.migrate(url)?;
        Ok(store)
    }

    fn migrate(&mut self, url: &str) -> Result<(), StoreError> {
        let mut tx = self.client.get_mut().transaction().map_err(backend)?;
        // One migrator at a time, whatever the number of processes.
        tx.batch_execute(
            "SELECT pg_advisory_xact_lock(7465723001);
             CREATE TABLE IF NOT EXISTS schema_migrations (
                 version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)",
        )
        .map_err(backend)?;
        let current: i64 = tx
            .query_one(
                "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
                &[],
            )
            .map_err(backend)?
            .get(0);
        let known = MIGRATIONS.len() as i64;
        if current > known {
            return Err(StoreError::TooNew {
                path: redact(url),
                found: current,
                known,
            });
        }
        for (n, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
            tx.batch_execute(sql).map_err(backend)?;
            tx.execute(
                "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)",
                &[&(n as i64 + 1), &crate::assemble::now()],
            )
            .map_err(backend)?;
        }
        tx.commit().map_err(backend)
    }
}

/// A connection URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            let user = creds.split(':').next().unwrap_or("");
            format!("{}{}@{}", &url[..s + 3], user, &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

impl Store for PostgresStore {
    fn begin(&mut self) -> Result<Box<dyn Transaction + '_>, StoreError> {
        Ok(Box::new(write::PostgresTransaction::begin(
            self.client.get_mut(),
        )?))
    }

    fn rings(&self, query: &RingQuery) -> Result<Vec<RingSummary>, StoreError> {
        read::rings(&mut *self.client(), query)
    }

    fn lookup(&self, indicator: &Indicator) -> Result<Option<IndicatorVerdict>, StoreError> {
        read::lookup(&mut *self.client(), indicator)
    }

    fn report_rings(&self) -> Result<Vec<(i64, String, String)>, StoreError> {
        read::report_rings(&mut *self.client())
    }

    fn link_input(&self) -> Result<LinkInput, StoreError> {
        read::link_input(&mut *self.client())
    }

    fn report(&self, key: &ReportKey) -> Result<Option<StoredReport>, StoreError> {
        read::report(&mut *self.client(), key)
    }

    fn counts(&self) -> Result<[u64; 4], StoreError> {
        read::counts(&mut *self.client())
    }

    fn report_count(&self) -> Result<u64, StoreError> {
        read::report_count(&mut *self.client())
    }

    fn report_pk(&self, key: &ReportKey) -> Result<Option<i64>, StoreError> {
        Ok(self
            .client()
            .query_opt(
                "SELECT report_pk FROM reports WHERE partner = $1 AND id = $2",
                &[&key.partner.as_str(), &key.id.as_str()],
            )
            .map_err(backend)?
            .map(|r| r.get(0)))
    }

    fn warninglist(&self) -> Result<Vec<WarningEntry>, StoreError> {
        read::warninglist(&mut *self.client())
    }

    fn set_warning(&mut self, e: &WarningEntry) -> Result<(), StoreError> {
        let at = if e.added_at.is_empty() {
            crate::assemble::now()
        } else {
            e.added_at.clone()
        };
        self.client
            .get_mut()
            .execute(
                "INSERT INTO warninglist (kind, value, verdict, note, added_at) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (kind, value) DO UPDATE SET verdict = excluded.verdict, note = excluded.note,
                     added_at = excluded.added_at",
                &[&e.indicator.kind.as_str(), &e.indicator.value, &e.verdict.as_str(), &e.note, &at],
            )
            .map_err(backend)?;
        Ok(())
    }

    fn remove_warning(&mut self, i: &Indicator) -> Result<bool, StoreError> {
        let n = self
            .client
            .get_mut()
            .execute(
                "DELETE FROM warninglist WHERE kind = $1 AND value = $2",
                &[&i.kind.as_str(), &i.value],
            )
            .map_err(backend)?;
        Ok(n > 0)
    }

    fn detected_hubs(&self) -> Result<Vec<DetectedHub>, StoreError> {
        read::detected_hubs(&mut *self.client())
    }

    fn sync_state(&self, name: &str) -> Result<Option<String>, StoreError> {
        let row = self
            .client()
            .query_opt(
                "SELECT value FROM meta WHERE key = $1",
                &[&format!("sync/{name}")],
            )
            .map_err(backend)?;
        Ok(row.map(|r| r.get(0)))
    }

    fn set_sync_state(&mut self, name: &str, value: &str) -> Result<(), StoreError> {
        self.client
            .get_mut()
            .execute(
                "INSERT INTO meta (key, value) VALUES ($1, $2)
                 ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                &[&format!("sync/{name}"), &value],
            )
            .map_err(backend)?;
        Ok(())
    }

    fn ring_history(&self, ring: &str) -> Result<Vec<RingHistoryEntry>, StoreError> {
        let rows = self
            .client()
            .query(
                "SELECT at, event, ring_id, other, reason FROM ring_events
                 WHERE ring_id = $1 OR other = $1 ORDER BY event_pk",
                &[&ring],
            )
            .map_err(backend)?;
        Ok(rows
            .iter()
            .map(|r| RingHistoryEntry {
                at: r.get(0),
                event: r.get(1),
                ring: r.get(2),
                other: r.get(3),
                reason: r.get(4),
            })
            .collect())
    }

    fn ring_bridges(&self, ring: &str) -> Result<Vec<RingBridge>, StoreError> {
        let rows = self
            .client()
            .query(
                "SELECT ring_a, ring_b, kind, value, reports_a, reports_b FROM ring_bridges
                 WHERE ring_a = $1 OR ring_b = $1 ORDER BY reports_a + reports_b DESC, kind, value",
                &[&ring],
            )
            .map_err(backend)?;
        rows.iter()
            .map(|r| {
                Ok(RingBridge {
                    ring_a: r.get(0),
                    ring_b: r.get(1),
                    indicator: Indicator::new(kind_of(r.get(2))?, r.get::<_, String>(3)),
                    reports_a: r.get::<_, i64>(4) as u64,
                    reports_b: r.get::<_, i64>(5) as u64,
                })
            })
            .collect()
    }

    fn ring_report_facts(&self, ring: &str) -> Result<RingReportFacts, StoreError> {
        let rows = self
            .client()
            .query(
                "SELECT received_at, channel, region FROM reports WHERE ring_id = $1 ORDER BY received_at",
                &[&ring],
            )
            .map_err(backend)?;
        Ok(RingReportFacts {
            reports: rows
                .iter()
                .map(|r| (r.get(0), r.get(1), r.get(2)))
                .collect(),
        })
    }

    fn add_partner(&mut self, partner: &Partner) -> Result<(), StoreError> {
        access::add_partner(self.client.get_mut(), partner)
    }

    fn partners(&self) -> Result<Vec<Partner>, StoreError> {
        access::partners(&mut self.client())
    }

    fn set_partner_disabled(&mut self, slug: &str, disabled: bool) -> Result<bool, StoreError> {
        access::set_partner_disabled(self.client.get_mut(), slug, disabled)
    }

    fn add_key(&mut self, key: &ApiKeyRecord) -> Result<(), StoreError> {
        access::add_key(self.client.get_mut(), key)
    }

    fn key(&self, key_id: &str) -> Result<Option<ApiKeyRecord>, StoreError> {
        access::key(&mut self.client(), key_id)
    }

    fn keys(&self, partner: Option<&str>) -> Result<Vec<ApiKeyRecord>, StoreError> {
        access::keys(&mut self.client(), partner)
    }

    fn revoke_key(&mut self, key_id: &str) -> Result<bool, StoreError> {
        access::revoke_key(self.client.get_mut(), key_id)
    }

    fn share_amber(&mut self, owner: &str, grantee: &str, shared: bool) -> Result<(), StoreError> {
        access::share_amber(self.client.get_mut(), owner, grantee, shared)
    }

    fn amber_grants(&self) -> Result<Vec<(String, String)>, StoreError> {
        access::amber_grants(&mut self.client())
    }

    fn append_audit(&mut self, draft: &AuditDraft) -> Result<AuditEntry, StoreError> {
        access::append_audit(self.client.get_mut(), draft)
    }

    fn audit_entries(&self, after_seq: u64, limit: u64) -> Result<Vec<AuditEntry>, StoreError> {
        access::audit_entries(&mut self.client(), after_seq, limit)
    }

    fn audit_recorded(&self) -> Result<u64, StoreError> {
        access::audit_recorded(&mut self.client())
    }

    fn integrity(&self) -> Result<Vec<String>, StoreError> {
        check::integrity(&mut *self.client())
    }

    fn recount(&mut self) -> Result<u64, StoreError> {
        check::recount(self.client.get_mut())
    }

    fn withdrawals(&self, since: Option<&str>) -> Result<Vec<crate::Withdrawal>, StoreError> {
        withdraw::withdrawals(&mut *self.client(), since)
    }

    fn add_psi_links(&mut self, links: &[crate::PsiLink]) -> Result<(), StoreError> {
        psi::add(self.client.get_mut(), links)
    }

    fn psi_links(&self, ring: Option<&str>) -> Result<Vec<crate::PsiLink>, StoreError> {
        psi::list(&mut *self.client(), ring)
    }

    fn append_case_events(
        &mut self,
        case_id: &str,
        after_seq: u64,
        events: &[(String, String)],
        audits: &[AuditDraft],
    ) -> Result<u64, StoreError> {
        cases::append(self.client.get_mut(), case_id, after_seq, events, audits)
    }

    fn case_events(&self, case_id: &str) -> Result<Vec<(u64, String)>, StoreError> {
        cases::events(&mut *self.client(), case_id)
    }

    fn case_ids(&self) -> Result<Vec<String>, StoreError> {
        cases::ids(&mut *self.client())
    }

    fn add_exhibit(
        &mut self,
        exhibit: &crate::ExhibitRecord,
        audit: &AuditDraft,
    ) -> Result<(), StoreError> {
        cases::add_exhibit(self.client.get_mut(), exhibit, audit)
    }

    fn exhibits(&self, case_id: Option<&str>) -> Result<Vec<crate::ExhibitRecord>, StoreError> {
        cases::exhibits(&mut *self.client(), case_id)
    }

    fn catalog(
        &self,
        reports: &mut dyn FnMut(CatalogReport),
        mentions: &mut dyn FnMut(CatalogMention),
    ) -> Result<(), StoreError> {
        access::catalog(&mut self.client(), reports, mentions)
    }

    fn catalog_reports(
        &self,
        report_pks: &[i64],
        reports: &mut dyn FnMut(CatalogReport),
        mentions: &mut dyn FnMut(CatalogMention),
    ) -> Result<(), StoreError> {
        access::catalog_reports(&mut self.client(), report_pks, reports, mentions)
    }
}

impl PostgresStore {
    /// The client, for reads: `Store` reads take `&self` while the client's
    /// calls take `&mut`; the store is used from one thread at a time (it is
    /// `Send`, not `Sync`), so a `RefCell` hands out the one borrow.
    fn client(&self) -> std::cell::RefMut<'_, Client> {
        self.client.borrow_mut()
    }
}

pub(crate) fn verdict_of(s: &str) -> Result<WarningVerdict, StoreError> {
    match s {
        "hub" => Ok(WarningVerdict::Hub),
        "not_hub" => Ok(WarningVerdict::NotHub),
        other => Err(StoreError::Corrupt(format!(
            "warning-list verdict `{other}`"
        ))),
    }
}
