//! The embedded SQLite store (rusqlite, bundled SQLite): WAL, versioned
//! migrations, one transaction per unit of work.

mod access;
mod cases;
mod catalog;
mod check;
mod psi;
mod read;
mod warnings;
mod withdraw;
mod write;

use crate::{
    ApiKeyRecord, CatalogMention, CatalogReport, DetectedHub, IndicatorVerdict, LinkInput, Partner,
    RingBridge, RingHistoryEntry, RingQuery, RingReportFacts, Store, StoreError, StoredReport,
    Transaction, WarningEntry,
};
use ringtrace_model::{AuditDraft, AuditEntry, Indicator, ReportKey, RingSummary};
use rusqlite::Connection;

/// Migrations, in order; the position is the version.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/sqlite/0001_init.sql"),
    include_str!("../../migrations/sqlite/0002_warninglist_history.sql"),
    include_str!("../../migrations/sqlite/0003_access_audit.sql"),
    include_str!("../../migrations/sqlite/0004_withdrawn.sql"),
    include_str!("../../migrations/sqlite/0005_psi_links.sql"),
    include_str!("../../migrations/sqlite/0006_cases.sql"),
    include_str!("../../migrations/sqlite/0007_withdrawn_via.sql"),
];

pub(crate) fn backend(e: rusqlite::Error) -> StoreError {
    StoreError::Backend(Box::new(e))
}

/// A SQLite database file.
pub struct SqliteStore {
    conn: Connection,
    /// In a rollback journal for one large write (see `bulk_write`).
    bulk: bool,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore").finish_non_exhaustive()
    }
}

impl SqliteStore {
    /// Opens (creating if needed) and migrates the database at `path`.
    pub fn open(path: &str) -> Result<SqliteStore, StoreError> {
        let open_err = |e: rusqlite::Error| StoreError::Open {
            path: path.to_string(),
            message: e.to_string(),
        };
        let conn = Connection::open(path).map_err(open_err)?;
        // The busy timeout first: the switch to WAL below needs a lock that
        // another connection opening the same file at once may hold.
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(open_err)?;
        // FULL: a commit is on disk (the WAL synced) before it returns, so
        // what was acknowledged survives a power loss, not only a crash of
        // the process; one sync per transaction (a file, a batch).
        let pragmas = "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA busy_timeout = 10000;
             PRAGMA cache_size = -65536;
             PRAGMA wal_autocheckpoint = 0;"; // checkpoints run on close (see Drop), off the write path
                                              // Changing the journal mode does not always wait on the busy
                                              // handler; retry for as long as the busy timeout would have.
        let started = std::time::Instant::now();
        loop {
            match conn.execute_batch(pragmas) {
                Ok(()) => break,
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if e.code == rusqlite::ErrorCode::DatabaseBusy
                        && started.elapsed() < std::time::Duration::from_secs(10) =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                Err(e) => return Err(open_err(e)),
            }
        }
        let mut store = SqliteStore { conn, bulk: false };
        store.migrate(path)?;
        Ok(store)
    }

    /// The schema version, read without taking the write lock.
    fn schema_version(&self) -> Result<i64, StoreError> {
        let tracked: bool = self
            .conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations')",
                [],
                |r| r.get(0),
            )
            .map_err(backend)?;
        if !tracked {
            return Ok(0);
        }
        self.conn
            .query_row(
                "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
                [],
                |r| r.get(0),
            )
            .map_err(backend)
    }

    fn migrate(&mut self, path: &str) -> Result<(), StoreError> {
        // Opening an up-to-date database takes no write lock, so it does not
        // wait for another process's long import.
        let known = MIGRATIONS.len() as i64;
        match self.schema_version()? {
            v if v == known => return Ok(()),
            v if v > known => {
                return Err(StoreError::TooNew {
                    path: path.to_string(),
                    found: v,
                    known,
                })
            }
            _ => {}
        }
        // Migrating takes the write lock first: two processes opening an old
        // database at once migrate one after the other (the second finds
        // nothing left to do) instead of failing to upgrade a read lock.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(backend)?;
        tx.execute_batch(
            "CREATE TABLE IF NOT EXISTS schema_migrations (
                 version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
        )
        .map_err(backend)?;
        let current: i64 = tx
            .query_row(
                "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
                [],
                |r| r.get(0),
            )
            .map_err(backend)?;
        if current > known {
            return Err(StoreError::TooNew {
                path: path.to_string(),
                found: current,
                known,
            });
        }
        for (n, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
            tx.execute_batch(sql).map_err(backend)?;
            tx.execute(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)",
                rusqlite::params![n as i64 + 1, now()],
            )
            .map_err(backend)?;
        }
        tx.commit().map_err(backend)
    }
}

pub(crate) use crate::assemble::now;

impl Drop for SqliteStore {
    /// Writes the write-ahead log back into the database file. Automatic
    /// checkpoints are off so that no commit pays for one (they cost some
    /// 10 ms, every thousand pages); a long-running writer checkpoints on
    /// its own schedule.
    fn drop(&mut self) {
        if self.bulk {
            let _ = self.conn.execute_batch("PRAGMA journal_mode = WAL;");
        }
        let _ = self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
    }
}

impl Store for SqliteStore {
    fn bulk_write(&mut self) -> Result<bool, StoreError> {
        if self.bulk {
            return Ok(true);
        }
        // Only with the file to ourselves: leaving WAL needs every other
        // connection gone, and a server's must not be waited for.
        self.conn
            .busy_timeout(std::time::Duration::ZERO)
            .map_err(backend)?;
        let mode = self
            .conn
            .query_row("PRAGMA journal_mode = TRUNCATE", [], |r| {
                r.get::<_, String>(0)
            });
        self.conn
            .busy_timeout(std::time::Duration::from_secs(10))
            .map_err(backend)?;
        match mode {
            Ok(m) if m.eq_ignore_ascii_case("truncate") => {
                self.bulk = true;
                Ok(true)
            }
            Ok(_) => Ok(false),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) =>
            {
                Ok(false)
            }
            Err(e) => Err(backend(e)),
        }
    }

    fn begin(&mut self) -> Result<Box<dyn Transaction + '_>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(backend)?;
        Ok(Box::new(write::SqliteTransaction::new(tx)))
    }

    fn rings(&self, query: &RingQuery) -> Result<Vec<RingSummary>, StoreError> {
        read::rings(&self.conn, query)
    }

    fn lookup(&self, indicator: &Indicator) -> Result<Option<IndicatorVerdict>, StoreError> {
        read::lookup(&self.conn, indicator)
    }

    fn report_rings(&self) -> Result<Vec<(i64, String, String)>, StoreError> {
        read::report_rings(&self.conn)
    }

    fn link_input(&self) -> Result<LinkInput, StoreError> {
        read::link_input(&self.conn)
    }

    fn report(&self, key: &ReportKey) -> Result<Option<StoredReport>, StoreError> {
        read::report(&self.conn, key)
    }

    fn counts(&self) -> Result<[u64; 4], StoreError> {
        read::counts(&self.conn)
    }

    fn report_count(&self) -> Result<u64, StoreError> {
        self.conn
            .query_row("SELECT COUNT(*) FROM reports", [], |r| r.get::<_, i64>(0))
            .map(|n| n as u64)
            .map_err(backend)
    }

    fn report_pk(&self, key: &ReportKey) -> Result<Option<i64>, StoreError> {
        read::report_pk(&self.conn, key)
    }

    fn warninglist(&self) -> Result<Vec<WarningEntry>, StoreError> {
        warnings::list(&self.conn)
    }

    fn set_warning(&mut self, entry: &WarningEntry) -> Result<(), StoreError> {
        warnings::set(&self.conn, entry)
    }

    fn remove_warning(&mut self, indicator: &Indicator) -> Result<bool, StoreError> {
        warnings::remove(&self.conn, indicator)
    }

    fn detected_hubs(&self) -> Result<Vec<DetectedHub>, StoreError> {
        warnings::detected(&self.conn)
    }

    fn sync_state(&self, name: &str) -> Result<Option<String>, StoreError> {
        use rusqlite::OptionalExtension;
        self.conn
            .query_row(
                "SELECT value FROM meta WHERE key = ?1",
                [format!("sync/{name}")],
                |r| r.get(0),
            )
            .optional()
            .map_err(backend)
    }

    fn set_sync_state(&mut self, name: &str, value: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [format!("sync/{name}"), value.to_string()],
            )
            .map_err(backend)?;
        Ok(())
    }

    fn ring_history(&self, ring: &str) -> Result<Vec<RingHistoryEntry>, StoreError> {
        read::ring_history(&self.conn, ring)
    }

    fn ring_bridges(&self, ring: &str) -> Result<Vec<RingBridge>, StoreError> {
        read::ring_bridges(&self.conn, ring)
    }

    fn ring_report_facts(&self, ring: &str) -> Result<RingReportFacts, StoreError> {
        read::ring_report_facts(&self.conn, ring)
    }

    fn add_partner(&mut self, partner: &Partner) -> Result<(), StoreError> {
        access::add_partner(&self.conn, partner)
    }

    fn partners(&self) -> Result<Vec<Partner>, StoreError> {
        access::partners(&self.conn)
    }

    fn set_partner_disabled(&mut self, slug: &str, disabled: bool) -> Result<bool, StoreError> {
        access::set_partner_disabled(&self.conn, slug, disabled)
    }

    fn add_key(&mut self, key: &ApiKeyRecord) -> Result<(), StoreError> {
        access::add_key(&mut self.conn, key)
    }

    fn key(&self, key_id: &str) -> Result<Option<ApiKeyRecord>, StoreError> {
        access::key(&self.conn, key_id)
    }

    fn keys(&self, partner: Option<&str>) -> Result<Vec<ApiKeyRecord>, StoreError> {
        access::keys(&self.conn, partner)
    }

    fn revoke_key(&mut self, key_id: &str) -> Result<bool, StoreError> {
        access::revoke_key(&self.conn, key_id)
    }

    fn share_amber(&mut self, owner: &str, grantee: &str, shared: bool) -> Result<(), StoreError> {
        access::share_amber(&mut self.conn, owner, grantee, shared)
    }

    fn amber_grants(&self) -> Result<Vec<(String, String)>, StoreError> {
        access::amber_grants(&self.conn)
    }

    fn append_audit(&mut self, draft: &AuditDraft) -> Result<AuditEntry, StoreError> {
        access::append_audit(&mut self.conn, draft)
    }

    fn audit_entries(&self, after_seq: u64, limit: u64) -> Result<Vec<AuditEntry>, StoreError> {
        access::audit_entries(&self.conn, after_seq, limit)
    }

    fn audit_recorded(&self) -> Result<u64, StoreError> {
        access::audit_recorded(&self.conn)
    }

    fn integrity(&self) -> Result<Vec<String>, StoreError> {
        check::integrity(&self.conn)
    }

    fn backup_into(&self, path: &str) -> Result<(), StoreError> {
        self.conn
            .execute("VACUUM INTO ?1", [path])
            .map_err(backend)?;
        Ok(())
    }

    fn recount(&mut self) -> Result<u64, StoreError> {
        check::recount(&mut self.conn)
    }

    fn withdrawals(&self, since: Option<&str>) -> Result<Vec<crate::Withdrawal>, StoreError> {
        withdraw::withdrawals(&self.conn, since)
    }

    fn add_psi_links(&mut self, links: &[crate::PsiLink]) -> Result<(), StoreError> {
        psi::add(&mut self.conn, links)
    }

    fn psi_links(&self, ring: Option<&str>) -> Result<Vec<crate::PsiLink>, StoreError> {
        psi::list(&self.conn, ring)
    }

    fn append_case_events(
        &mut self,
        case_id: &str,
        after_seq: u64,
        events: &[(String, String)],
        audits: &[AuditDraft],
    ) -> Result<u64, StoreError> {
        cases::append(&mut self.conn, case_id, after_seq, events, audits)
    }

    fn case_events(&self, case_id: &str) -> Result<Vec<(u64, String)>, StoreError> {
        cases::events(&self.conn, case_id)
    }

    fn case_ids(&self) -> Result<Vec<String>, StoreError> {
        cases::ids(&self.conn)
    }

    fn add_exhibit(
        &mut self,
        exhibit: &crate::ExhibitRecord,
        audit: &AuditDraft,
    ) -> Result<(), StoreError> {
        cases::add_exhibit(&mut self.conn, exhibit, audit)
    }

    fn exhibits(&self, case_id: Option<&str>) -> Result<Vec<crate::ExhibitRecord>, StoreError> {
        cases::exhibits(&self.conn, case_id)
    }

    fn catalog(
        &self,
        reports: &mut dyn FnMut(CatalogReport),
        mentions: &mut dyn FnMut(CatalogMention),
    ) -> Result<(), StoreError> {
        catalog::catalog(&self.conn, reports, mentions)
    }

    fn catalog_reports(
        &self,
        report_pks: &[i64],
        reports: &mut dyn FnMut(CatalogReport),
        mentions: &mut dyn FnMut(CatalogMention),
    ) -> Result<(), StoreError> {
        catalog::catalog_reports(&self.conn, report_pks, reports, mentions)
    }
}
