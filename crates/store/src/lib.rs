//! The store: where reports, mentions and rings live.
//!
//! One trait, [`Store`], speaks only in domain types; the embedded SQLite
//! implementation is the default, and a PostgreSQL one shares the trait and
//! the contract tests. Writes go through a [`Transaction`]: a file's reports
//! and the rings they change land together or not at all.

mod error;
mod model;
pub mod sqlite;

pub use error::StoreError;
pub use model::{
    IndicatorVerdict, LinkInput, PreparedReport, ReportState, StoredReport, Upsert, VerdictRing,
};

use ringtrace_link::Assignment;
use ringtrace_model::{Indicator, ReportKey, RingSummary};

/// Selects rings for listing.
#[derive(Clone, Debug)]
pub struct RingQuery {
    pub min_reports: u64,
    pub limit: Option<u64>,
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
}

/// One unit of work.
pub trait Transaction {
    /// Inserts a report, or replaces it when its content changed (the old
    /// version goes to the history), or leaves it alone when it did not.
    /// Returns what it did and the report's store key (as in
    /// [`LinkInput::report_pks`]).
    fn upsert_report(&mut self, report: &PreparedReport) -> Result<(Upsert, i64), StoreError>;

    /// The graph and the current ring of every report, as linking needs them.
    fn link_input(&mut self) -> Result<LinkInput, StoreError>;

    /// Writes the rings of `assignment` (indexed like `input.reports`).
    fn apply_rings(&mut self, input: &LinkInput, assignment: &Assignment)
        -> Result<(), StoreError>;

    /// Makes everything written through this transaction durable.
    fn commit(self: Box<Self>) -> Result<(), StoreError>;
}

/// Opens the store a `--db` value names: a file path (SQLite) or a
/// `postgres://` URL.
pub fn open(location: &str) -> Result<Box<dyn Store>, StoreError> {
    if location.starts_with("postgres://") || location.starts_with("postgresql://") {
        return Err(StoreError::Unsupported(
            "PostgreSQL storage arrives with the service; use a SQLite file path for now".into(),
        ));
    }
    Ok(Box::new(sqlite::SqliteStore::open(location)?))
}
