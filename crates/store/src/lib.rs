//! The store: where reports, mentions and rings live.
//!
//! One trait, [`Store`], speaks only in domain types; the embedded SQLite
//! implementation is the default, and a PostgreSQL one shares the trait and
//! the contract tests. Writes go through a [`Transaction`]: a file's reports
//! and the rings they change land together or not at all.

mod access;
mod assemble;
mod error;
mod model;
pub mod postgres;
pub mod sqlite;

pub use access::{ApiKeyRecord, CatalogMention, CatalogReport, Partner};
pub use error::StoreError;
pub use model::{
    DetectedHub, ExhibitRecord, IndicatorVerdict, LinkChange, LinkInput, Neighbourhood, Placement,
    PreparedReport, PsiLink, ReportState, RingBridge, RingHistoryEntry, RingReportFacts,
    SharedValue, StoredReport, Upsert, VerdictRing, WarningEntry, WarningVerdict, Withdrawal,
};

use ringtrace_link::Assignment;
use ringtrace_model::{AuditDraft, AuditEntry, Indicator, ReportKey, RingId, RingSummary};

/// Selects rings for listing.
#[derive(Clone, Debug, Default)]
pub struct RingQuery {
    pub min_reports: u64,
    pub limit: Option<u64>,
    /// Only this ring.
    pub ring: Option<String>,
}

/// Everything ringtrace keeps, whatever holds it.
pub trait Store: Send {
    /// Begins a unit of work; dropping it without `commit` undoes it.
    fn begin(&mut self) -> Result<Box<dyn Transaction + '_>, StoreError>;

    /// Rings with at least `min_reports` reports, largest first.
    fn rings(&self, query: &RingQuery) -> Result<Vec<RingSummary>, StoreError>;

    /// What the store knows of one indicator; None if no report mentions it.
    fn lookup(&self, indicator: &Indicator) -> Result<Option<IndicatorVerdict>, StoreError>;

    /// Every report as `(store key, "partner:id", ring)`, in store-key order.
    fn report_rings(&self) -> Result<Vec<(i64, String, String)>, StoreError>;

    /// The report–indicator graph over all reports, for scoring baselines.
    fn link_input(&self) -> Result<LinkInput, StoreError>;

    /// The current version of a report and the number of earlier versions kept.
    fn report(&self, key: &ReportKey) -> Result<Option<StoredReport>, StoreError>;

    /// Counts: reports, indicators, mentions, rings (with at least one report).
    fn counts(&self) -> Result<[u64; 4], StoreError>;

    /// The number of reports (`counts()[0]`), without counting the rest:
    /// what deciding between placing new reports and relinking needs.
    fn report_count(&self) -> Result<u64, StoreError> {
        Ok(self.counts()?[0])
    }

    /// The store key of a report.
    fn report_pk(&self, key: &ReportKey) -> Result<Option<i64>, StoreError>;

    /// Analysts' warning-list entries.
    fn warninglist(&self) -> Result<Vec<WarningEntry>, StoreError>;

    /// Adds or replaces an analyst's entry.
    fn set_warning(&mut self, entry: &WarningEntry) -> Result<(), StoreError>;

    /// Removes an analyst's entry; true if there was one.
    fn remove_warning(&mut self, indicator: &Indicator) -> Result<bool, StoreError>;

    /// Hubs recognised from the graph at the last relink.
    fn detected_hubs(&self) -> Result<Vec<DetectedHub>, StoreError>;

    /// Where an exchange with another system stopped (e.g. a TAXII pull's
    /// last `date_added`), by a name the caller chooses; None at first.
    fn sync_state(&self, name: &str) -> Result<Option<String>, StoreError>;

    /// Records where an exchange stopped.
    fn set_sync_state(&mut self, name: &str, value: &str) -> Result<(), StoreError>;

    /// A ring's history: its creation, merges and splits, oldest first, and
    /// those of rings merged into it or split from it.
    fn ring_history(&self, ring: &str) -> Result<Vec<RingHistoryEntry>, StoreError>;

    /// Values shared between this ring and others that clustering kept apart.
    fn ring_bridges(&self, ring: &str) -> Result<Vec<RingBridge>, StoreError>;

    /// Dates, channels and victims' regions of a ring's reports.
    fn ring_report_facts(&self, ring: &str) -> Result<RingReportFacts, StoreError>;

    /// Adds a partner (`created_at` empty: now); [`StoreError::Conflict`]
    /// if its slug exists.
    fn add_partner(&mut self, partner: &Partner) -> Result<(), StoreError>;

    /// Every partner, by slug.
    fn partners(&self) -> Result<Vec<Partner>, StoreError>;

    /// Disables or enables a partner; false if there is no such partner.
    fn set_partner_disabled(&mut self, slug: &str, disabled: bool) -> Result<bool, StoreError>;

    /// Adds an API key (`created_at` empty: now). [`StoreError::Conflict`]
    /// if its id exists or its partner does not; [`StoreError::Invalid`] if
    /// `secret_hash` is not a SHA-256 in lowercase hex.
    fn add_key(&mut self, key: &ApiKeyRecord) -> Result<(), StoreError>;

    /// One API key by its public identifier.
    fn key(&self, key_id: &str) -> Result<Option<ApiKeyRecord>, StoreError>;

    /// API keys, of one partner or all, by creation time then id.
    fn keys(&self, partner: Option<&str>) -> Result<Vec<ApiKeyRecord>, StoreError>;

    /// Revokes a key now; false if there is no such key or it was revoked.
    fn revoke_key(&mut self, key_id: &str) -> Result<bool, StoreError>;

    /// Lets `grantee` see the narrative and loss of `owner`'s AMBER reports
    /// (`shared` false removes the grant). Granting between partners that do
    /// not exist is a [`StoreError::Conflict`]; removing a grant that does
    /// not exist does nothing.
    fn share_amber(&mut self, owner: &str, grantee: &str, shared: bool) -> Result<(), StoreError>;

    /// Every AMBER grant as `(owner, grantee)`, sorted.
    fn amber_grants(&self) -> Result<Vec<(String, String)>, StoreError>;

    /// Seals `draft` as the next entry of the audit log and appends it,
    /// atomically with respect to other appenders, in this process or
    /// another.
    fn append_audit(&mut self, draft: &AuditDraft) -> Result<AuditEntry, StoreError>;

    /// Up to `limit` audit entries with `seq` above `after_seq`, in order.
    fn audit_entries(&self, after_seq: u64, limit: u64) -> Result<Vec<AuditEntry>, StoreError>;

    /// Reports withdrawn at their source after `since` (all when None)
    /// that were not stored again since, oldest first.
    fn withdrawals(&self, since: Option<&str>) -> Result<Vec<Withdrawal>, StoreError>;

    /// Records values found in common by private set intersection (a
    /// value already recorded for its session is left as it is).
    fn add_psi_links(&mut self, links: &[PsiLink]) -> Result<(), StoreError>;

    /// Values found in common, newest first; only those in `ring` if given.
    fn psi_links(&self, ring: Option<&str>) -> Result<Vec<PsiLink>, StoreError>;

    /// Sets the sizes and counters kept beside the tables from the rows
    /// themselves, in one transaction; returns how many values changed.
    fn recount(&mut self) -> Result<u64, StoreError>;

    /// Appends events to a case's log (each `(event JSON, at)`), numbered
    /// after `after_seq`, all or none. [`StoreError::Conflict`] when the
    /// case's last event is not `after_seq` (someone changed it meanwhile;
    /// 0 for a case that must not exist yet). Returns the new last number.
    /// `audits` are appended to the audit log in the same transaction: the
    /// change and its record commit together or not at all.
    fn append_case_events(
        &mut self,
        case_id: &str,
        after_seq: u64,
        events: &[(String, String)],
        audits: &[AuditDraft],
    ) -> Result<u64, StoreError>;

    /// A case's events as `(seq, event JSON)`, in order; empty if no such case.
    fn case_events(&self, case_id: &str) -> Result<Vec<(u64, String)>, StoreError>;

    /// Every case's id, sorted.
    fn case_ids(&self) -> Result<Vec<String>, StoreError>;

    /// Records an imported exhibit (`imported_at` empty: now) and appends
    /// `audit` to the audit log, in one transaction;
    /// [`StoreError::Conflict`] if its id exists.
    fn add_exhibit(
        &mut self,
        exhibit: &ExhibitRecord,
        audit: &AuditDraft,
    ) -> Result<(), StoreError>;

    /// The exhibits of one case or all, in import order.
    fn exhibits(&self, case_id: Option<&str>) -> Result<Vec<ExhibitRecord>, StoreError>;

    /// The evidence-package signing key (PKCS#8 PEM), if one was made.
    fn signing_key(&self) -> Result<Option<String>, StoreError> {
        self.sync_state("signing key")
    }

    /// Stores the evidence-package signing key, replacing any.
    fn set_signing_key(&mut self, pem: &str) -> Result<(), StoreError> {
        self.set_sync_state("signing key", pem)
    }

    /// The number of audit entries appended, as counted beside the log.
    fn audit_recorded(&self) -> Result<u64, StoreError>;

    /// What is wrong with the stored data, one sentence each (empty: all
    /// is well): the backend's own check where it has one (SQLite's
    /// `integrity_check`), then the invariants between tables (a report's
    /// ring exists, ring sizes, no orphan mentions, versions or exhibits,
    /// the counters kept beside the tables). That every report has a ring
    /// is the linker's invariant, not the store's: see `ringtrace check`.
    fn integrity(&self) -> Result<Vec<String>, StoreError>;

    /// Writes a consistent copy of the whole database to the new file
    /// `path`, while others go on reading and writing (SQLite: `VACUUM
    /// INTO`, one read transaction). PostgreSQL has its own tools
    /// (`pg_dump`): [`StoreError::Unsupported`] there.
    fn backup_into(&self, path: &str) -> Result<(), StoreError> {
        let _ = path;
        Err(StoreError::Unsupported(
            "this database backs up with its own tools (PostgreSQL: pg_dump)".into(),
        ))
    }

    /// Readies the store for one very large write by this process alone.
    /// SQLite leaves its write-ahead log for a rollback journal while no
    /// other connection has the file open (every page read inside a write of
    /// gigabytes would otherwise search a log of millions of frames), and
    /// returns to the log when the store is closed; a crash meanwhile is
    /// rolled back from the journal as from the log. True when it did; false
    /// when others have the database open, or the backend has no such mode.
    fn bulk_write(&mut self) -> Result<bool, StoreError> {
        Ok(false)
    }

    /// Streams every report (in store-key order), then every mention (in no
    /// particular order), from one consistent snapshot; for the service's
    /// in-memory catalog.
    fn catalog(
        &self,
        reports: &mut dyn FnMut(CatalogReport),
        mentions: &mut dyn FnMut(CatalogMention),
    ) -> Result<(), StoreError>;

    /// The same for some reports (after an ingest): those of `report_pks`
    /// that exist, in store-key order, then their mentions, report by report.
    fn catalog_reports(
        &self,
        report_pks: &[i64],
        reports: &mut dyn FnMut(CatalogReport),
        mentions: &mut dyn FnMut(CatalogMention),
    ) -> Result<(), StoreError>;
}

/// One unit of work.
pub trait Transaction {
    /// Inserts a report, or replaces it when its content changed (the old
    /// version goes to the history), or leaves it alone when it did not.
    /// Returns what it did and the report's store key (as in
    /// [`LinkInput::report_pks`]).
    fn upsert_report(&mut self, report: &PreparedReport) -> Result<(Upsert, i64), StoreError>;

    /// Names the reports `upsert_report` is about to be given, so that a
    /// backend can look them all up at once rather than one by one. Only a
    /// hint: `upsert_report` behaves the same with or without it, for
    /// reports named or not.
    fn upcoming(&mut self, reports: &[PreparedReport]) -> Result<(), StoreError> {
        let _ = reports;
        Ok(())
    }

    /// Withdraws a report: its record, history and mentions are erased, its
    /// ring counts one report less, and a tombstone records when and why.
    /// None when there is no such report. The rings still need a relink.
    /// `via`: the TAXII server whose revocation this applies, if any.
    fn withdraw_report(
        &mut self,
        key: &ReportKey,
        reason: &str,
        via: Option<&str>,
    ) -> Result<Option<Withdrawal>, StoreError>;

    /// The graph and the current ring of every report, as linking needs them.
    fn link_input(&mut self) -> Result<LinkInput, StoreError>;

    /// Writes the rings of `assignment` (indexed like `input.reports`);
    /// `reason` says why they changed, for the history.
    fn apply_rings(
        &mut self,
        input: &LinkInput,
        assignment: &Assignment,
        reason: &str,
    ) -> Result<(), StoreError>;

    /// What each of these reports shares with other reports (incremental
    /// linking); values for which `skip` says true (hubs) are listed without
    /// the reports that share them, which may be many.
    fn neighbourhoods(
        &mut self,
        report_pks: &[i64],
        skip: &dyn Fn(&Indicator) -> bool,
    ) -> Result<Vec<Neighbourhood>, StoreError>;

    /// Writes reports placed by an incremental update: rings grow, are
    /// created, or (for a placement with a `previous` ring) lose the report;
    /// a new ring made of a previous ring's reports is recorded as split from
    /// it, and a ring left with no report as merged into where its last one
    /// went. `next_seq` is the ring sequence after them.
    fn place_reports(
        &mut self,
        placements: &[Placement],
        next_seq: u64,
        reason: &str,
    ) -> Result<(), StoreError>;

    /// The values a report replaced in this unit of work linked by and its
    /// current version no longer does (empty when none, or when the report
    /// was not replaced here): what incremental linking needs to find the
    /// reports it was linked to.
    fn dropped_values(&mut self, report_pk: i64) -> Vec<Indicator>;

    /// Every report that mentions each of `values` linkably, with its
    /// ring, in the order given (a value nobody mentions has no reports).
    fn mentioning(&mut self, values: &[Indicator]) -> Result<Vec<SharedValue>, StoreError>;

    /// The reports of a ring, in store-key order, each with the values it
    /// may link by: what an incremental update reads to check that a ring
    /// which lost a link still holds together.
    fn ring_links(&mut self, ring: &RingId) -> Result<Vec<(i64, Vec<Indicator>)>, StoreError>;

    /// The next ring sequence number.
    fn next_ring_seq(&mut self) -> Result<u64, StoreError>;

    /// Hubs recognised from the graph at the last full relink.
    fn detected_hubs(&mut self) -> Result<Vec<DetectedHub>, StoreError>;

    /// Replaces the hubs recognised from the graph.
    fn replace_detected_hubs(&mut self, hubs: &[DetectedHub]) -> Result<(), StoreError>;

    /// Replaces the bridges between rings.
    fn replace_bridges(&mut self, bridges: &[RingBridge]) -> Result<(), StoreError>;

    /// Analysts' warning-list entries, read inside the transaction.
    fn warninglist(&mut self) -> Result<Vec<WarningEntry>, StoreError>;

    /// Makes everything written through this transaction durable.
    fn commit(self: Box<Self>) -> Result<(), StoreError>;
}

/// Opens the store a `--db` value names: a file path (SQLite) or a
/// `postgres://` URL. A `schema=NAME` query parameter in the URL keeps
/// ringtrace's tables in that PostgreSQL schema (made if missing), so that
/// several databases of ringtrace can share one PostgreSQL database.
pub fn open(location: &str) -> Result<Box<dyn Store>, StoreError> {
    if is_postgres(location) {
        let (url, schema) = split_schema(location);
        return Ok(Box::new(postgres::PostgresStore::open(
            &url,
            schema.as_deref(),
        )?));
    }
    Ok(Box::new(sqlite::SqliteStore::open(location)?))
}

/// Whether a `--db` value names a PostgreSQL database (else a SQLite file).
pub fn is_postgres(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

/// Takes `schema=NAME` out of a URL's query: the URL PostgreSQL's own tools
/// understand, and the schema.
pub fn split_schema(url: &str) -> (String, Option<String>) {
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_string(), None);
    };
    let mut schema = None;
    let rest: Vec<&str> = query
        .split('&')
        .filter(|p| match p.strip_prefix("schema=") {
            Some(s) => {
                schema = Some(s.to_string());
                false
            }
            None => true,
        })
        .collect();
    let url = if rest.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", rest.join("&"))
    };
    (url, schema)
}

#[cfg(test)]
mod tests {
    #[test]
    fn schema_parameter_is_taken_out() {
        for (url, base, schema) in [
            ("postgres://u@h/db", "postgres://u@h/db", None),
            (
                "postgres://u@h/db?schema=rt_a",
                "postgres://u@h/db",
                Some("rt_a"),
            ),
            (
                "postgres://u@h/db?sslmode=disable&schema=x&connect_timeout=5",
                "postgres://u@h/db?sslmode=disable&connect_timeout=5",
                Some("x"),
            ),
        ] {
            let (b, s) = super::split_schema(url);
            assert_eq!((b.as_str(), s.as_deref()), (base, schema), "{url}");
        }
    }
}
