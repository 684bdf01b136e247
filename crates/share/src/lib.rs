//! What ringtrace exchanges with partners, as data and pure functions:
//! STIX 2.1 (`stix`), MISP feeds, events and warning lists (`misp`), and
//! the TAXII 2.1 envelopes, filters and cursors (`taxii`).
//!
//! The input is a [`SharedReport`]: one report as its recipient may see it
//! (the edge that reads the store decides what that is with
//! `ringtrace_model::sight`). Nothing here opens a file or a socket.

pub mod misp;
pub mod stix;
pub mod taxii;

use ringtrace_model::{Indicator, ReportKey, Role, Tlp};

/// One report as a recipient may see it.
#[derive(Clone, Debug, PartialEq)]
pub struct SharedReport {
    pub key: ReportKey,
    pub tlp: Tlp,
    /// When the partner received it (RFC 3339, UTC).
    pub received_at: String,
    /// When this version was stored (RFC 3339, UTC): the STIX `modified`.
    pub modified: String,
    pub ring: Option<String>,
    /// False when the recipient may see only ring membership and indicators
    /// (AMBER without the owner's grant): then the fields below are `None`.
    pub detail: bool,
    pub channel: Option<String>,
    pub brand: Option<String>,
    pub region: Option<String>,
    pub language: Option<String>,
    pub loss: Option<(f64, String)>,
    pub payment_method: Option<String>,
    pub narrative: Option<String>,
    pub mentions: Vec<SharedMention>,
    /// Withdrawn at its source: exported as a revoked object.
    pub withdrawn: bool,
}

impl SharedReport {
    /// What is left of a report withdrawn at its source: its key, marking
    /// and time, exported as a revoked object so that holders of a copy
    /// withdraw theirs.
    pub fn withdrawn(key: ReportKey, tlp: Tlp, received_at: &str, withdrawn_at: &str) -> Self {
        SharedReport {
            key,
            tlp,
            received_at: received_at.to_string(),
            modified: withdrawn_at.to_string(),
            ring: None,
            detail: false,
            channel: None,
            brand: None,
            region: None,
            language: None,
            loss: None,
            payment_method: None,
            narrative: None,
            mentions: Vec::new(),
            withdrawn: true,
        }
    }
}

/// One indicator of a shared report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedMention {
    pub indicator: Indicator,
    pub role: Option<Role>,
    /// False when the role (or the warning list) forbids linking on it.
    pub may_link: bool,
}

/// One ring as a recipient may see it.
#[derive(Clone, Debug, PartialEq)]
pub struct SharedRing {
    pub id: String,
    /// Reports of the ring the recipient sees.
    pub report_count: u64,
    pub first_seen: String,
    pub last_seen: String,
    /// The latest `modified` of its visible reports.
    pub modified: String,
    /// The most restrictive marking among its visible reports.
    pub tlp: Tlp,
}
