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
    /// Replaced by a new version; what became of the values it links by.
    Updated(LinkChange),
    Unchanged,
}

/// How a new version of a report changed the values it may link by (its
/// mentions other than `victim_own` and `legitimate_reference`), which is
/// all that linking reads of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkChange {
    /// The same values: its ring stands as it was.
    Same,
    /// Values added, none lost: it may now belong with more reports.
    Grown,
    /// Some value lost (others may be added): it may no longer belong with
    /// reports it was linked to.
    Lost,
}

impl LinkChange {
    /// Compares the linkable values of two versions, as `(kind, value)`.
    pub fn between<T: Ord>(
        old: &std::collections::BTreeSet<T>,
        new: &std::collections::BTreeSet<T>,
    ) -> Self {
        if old == new {
            LinkChange::Same
        } else if old.is_subset(new) {
            LinkChange::Grown
        } else {
            LinkChange::Lost
        }
    }
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
    /// The ring the report is in now, if any.
    pub ring: Option<String>,
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
    /// The ring the report was in before (a report updated or a ring split
    /// up), which counts one report less; None for a report new to the store.
    pub previous: Option<RingId>,
}

/// A report withdrawn at its source: its content is erased, this is what
/// remains (see `migrations/*/0004_withdrawn.sql`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Withdrawal {
    pub key: ringtrace_model::ReportKey,
    /// The store key the report had (as in [`LinkInput::report_pks`]),
    /// when it was withdrawn by this unit of work; None when read back.
    pub report_pk: Option<i64>,
    pub tlp: ringtrace_model::Tlp,
    pub received_at: String,
    /// The ring it was in.
    pub ring: Option<String>,
    pub withdrawn_at: String,
    pub reason: String,
    /// The TAXII server whose revocation withdrew this copy; None when the
    /// withdrawal was made here.
    pub via: Option<String>,
}

/// A tombstone as read from either backend, before its values are parsed.
pub(crate) struct TombstoneRow {
    pub partner: String,
    pub id: String,
    pub tlp: String,
    pub received_at: String,
    pub ring: Option<String>,
    pub withdrawn_at: String,
    pub reason: String,
    pub via: Option<String>,
}

impl TombstoneRow {
    pub(crate) fn parse(self) -> Result<Withdrawal, crate::StoreError> {
        let (partner, id) = (&self.partner, &self.id);
        let key = ringtrace_model::ReportKey::parse(&format!("{partner}:{id}")).map_err(|e| {
            crate::StoreError::Corrupt(format!("withdrawn report {partner}:{id}: {e}"))
        })?;
        Ok(Withdrawal {
            key,
            report_pk: None,
            tlp: crate::access::tlp_of(&self.tlp)?,
            received_at: self.received_at,
            ring: self.ring,
            withdrawn_at: self.withdrawn_at,
            reason: self.reason,
            via: self.via.filter(|v| !v.is_empty()),
        })
    }
}

/// A value found in common with a partner by private set intersection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PsiLink {
    /// The session, as hex.
    pub session: String,
    /// The partner (or server) it was found with.
    pub peer: String,
    pub indicator: ringtrace_model::Indicator,
    /// The ring the value is in here, when it is in one.
    pub ring: Option<String>,
    /// Filled in by the store when empty.
    pub found_at: String,
}

/// One seized-device extract imported into a case (issue 8). The store
/// keeps the parsed extract and its indicators as JSON text it does not
/// read; `ringtrace-act` gives them their meaning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExhibitRecord {
    /// `EXH-…`, unique across cases.
    pub exhibit_id: String,
    pub case_id: String,
    /// The address or name of the place it was seized at.
    pub site: String,
    pub file_name: String,
    /// Lower-case hex SHA-256 of the file as imported.
    pub sha256: String,
    /// `json` or `csv`.
    pub format: String,
    /// Bytes.
    pub size: u64,
    pub imported_by: String,
    /// Filled in by the store when empty.
    pub imported_at: String,
    /// The parsed extract (JSON).
    pub extract: String,
    /// The indicators read off it (JSON list).
    pub indicators: String,
}
