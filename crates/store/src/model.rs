//! The values that cross the store's boundary.

use ringtrace_model::{Indicator, Mention, Report, RingId};
use serde_json::{Map, Value};

/// A report ready to store: parsed, its record as sent, and its mentions.
#[derive(Clone, Debug)]
pub struct PreparedReport {
    pub report: Report,
    pub record: Map<String, Value>,
    pub content_hash: String,
    pub mentions: Vec<Mention>,
}

/// What an upsert did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Upsert {
    New,
    Updated,
    Unchanged,
}

/// The linking graph with the state it is compared against.
#[derive(Clone, Debug, Default)]
pub struct LinkInput {
    /// Store keys of the reports, indexed like the graph's reports.
    pub report_pks: Vec<i64>,
    pub graph: ringtrace_link::LinkGraph,
    /// Each report's ring before this change.
    pub previous: Vec<Option<RingId>>,
    pub next_seq: u64,
}

/// A report as stored.
#[derive(Clone, Debug)]
pub struct StoredReport {
    pub record: Map<String, Value>,
    pub version: u32,
    pub earlier_versions: u32,
    pub ring: Option<String>,
    pub state: ReportState,
}

/// Housekeeping about a stored report.
#[derive(Clone, Debug)]
pub struct ReportState {
    pub first_imported_at: String,
    pub updated_at: String,
}

/// One ring a looked-up value appears in.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct VerdictRing {
    pub ring: String,
    pub report_count: u64,
}

/// What is known of one indicator.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct IndicatorVerdict {
    pub indicator: Indicator,
    pub reports: u64,
    pub rings: Vec<VerdictRing>,
    pub partners: Vec<String>,
    pub first_seen: String,
    pub last_seen: String,
    /// Roles the mentions had, with counts (`none` when the text said nothing).
    pub roles: Vec<(String, u64)>,
}

/// An analyst's word on one value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningVerdict {
    /// A hub: it never links reports.
    Hub,
    /// Not a hub, whatever the graph's structure suggests.
    NotHub,
}

impl WarningVerdict {
    pub fn as_str(self) -> &'static str {
        match self {
            WarningVerdict::Hub => "hub",
            WarningVerdict::NotHub => "not_hub",
        }
    }
}

/// An analyst's warning-list entry.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct WarningEntry {
    pub indicator: Indicator,
    pub verdict: WarningVerdict,
    pub note: String,
    pub added_at: String,
}

/// A value recognised as a hub from the graph's structure.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct DetectedHub {
    pub indicator: Indicator,
    pub reports: u64,
    pub clusters: u64,
    pub reason: String,
    pub detected_at: String,
}

/// One value shared by two rings that clustering kept apart.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct RingBridge {
    pub ring_a: String,
    pub ring_b: String,
    pub indicator: Indicator,
    pub reports_a: u64,
    pub reports_b: u64,
}

/// One entry of a ring's history.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct RingHistoryEntry {
    pub at: String,
    /// `created`, `merged` (ring merged into other), `split` (ring split from other).
    pub event: String,
    pub ring: String,
    pub other: Option<String>,
    pub reason: Option<String>,
}

/// What a ring's reports say beyond the ring record: for the profile.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct RingReportFacts {
    /// `(received_at, channel, region)` of each report, oldest first.
    pub reports: Vec<(String, Option<String>, Option<String>)>,
}

/// What one report shares with the rest of the store, for placing it in a
/// ring without recomputing the others.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Neighbourhood {
    pub report_pk: i64,
    /// Each linkable value of the report, with every other report that
    /// mentions it linkably and that report's ring.
    pub shared: Vec<SharedValue>,
}

/// One value a report shares.
#[derive(Clone, Debug, PartialEq)]
pub struct SharedValue {
    pub indicator: Indicator,
    /// `(report_pk, ring)` of the other reports mentioning it.
    pub others: Vec<(i64, Option<String>)>,
}

/// A report placed in a ring by an incremental update.
#[derive(Clone, Debug, PartialEq)]
pub struct Placement {
    pub report_pk: i64,
    pub ring: RingId,
    /// The ring is new.
    pub created: bool,
}
