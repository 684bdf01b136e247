//! What the edge hands over to build an evidence package: the case, the
//! rings' facts and the reports as the exporter may see them.

use crate::case::Case;
use chrono::{DateTime, Utc};
use ringtrace_model::Indicator;
use ringtrace_share::SharedReport;
use std::collections::BTreeMap;

/// Everything an evidence package is made of. The edge (CLI or server)
/// reads it from the store; nothing here reads anything.
#[derive(Clone, Debug)]
pub struct PackageInput {
    pub case: Case,
    /// The exporting partner's slug.
    pub exporter: String,
    pub generated_at: DateTime<Utc>,
    /// The case's rings.
    pub rings: Vec<RingFacts>,
    /// The case's reports (its rings' and those linked explicitly), as the
    /// exporter may see them; each one's owner is `key.partner`. The
    /// package redacts them itself ([`super::Redaction`]).
    pub reports: Vec<SharedReport>,
    /// The STIX 2.1 bundle, made by the edge with `ringtrace_share::stix`
    /// from [`super::redact_reports`] of the same reports, so that it leaves
    /// out what the chosen redaction removes.
    pub stix_bundle: Vec<u8>,
    /// The ring graph as the server draws it (`web/graph.rs`); embedded
    /// only if it holds no script, event handler or external reference.
    pub ring_graph_svg: Option<String>,
}

/// What the report says about one ring.
#[derive(Clone, Debug, PartialEq)]
pub struct RingFacts {
    pub id: String,
    pub report_count: u64,
    pub partners: Vec<String>,
    pub brands: Vec<String>,
    pub first_seen: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
    /// Total loss per ISO 4217 currency.
    pub loss: BTreeMap<String, f64>,
    pub indicators: Vec<IndicatorFacts>,
    pub bridges: Vec<Bridge>,
}

/// One indicator of a ring, with when and how often it was reported.
#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorFacts {
    pub indicator: Indicator,
    pub first_seen: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
    /// Reports of the ring that mention it.
    pub reports: u64,
}

/// A single indicator joining this ring to another one (recorded, not merged through).
#[derive(Clone, Debug, PartialEq)]
pub struct Bridge {
    pub ring: String,
    pub via: Indicator,
}
