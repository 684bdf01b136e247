//! `CaseStatus`: open, referred to an agency, closed; and which moves are legal.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where a case stands.
///
/// Legal moves: open → referred, open → closed, referred → closed, closed →
/// open (reopen). Everything else is refused with [`CaseError::Transition`].
///
/// [`CaseError::Transition`]: crate::case::CaseError::Transition
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum CaseStatus {
    Open,
    Referred {
        agency: String,
        at: DateTime<Utc>,
    },
    Closed {
        resolution: String,
        at: DateTime<Utc>,
    },
}

impl CaseStatus {
    /// The state's name: `open`, `referred` or `closed`.
    pub fn name(&self) -> &'static str {
        match self {
            CaseStatus::Open => "open",
            CaseStatus::Referred { .. } => "referred",
            CaseStatus::Closed { .. } => "closed",
        }
    }

    pub fn is_closed(&self) -> bool {
        matches!(self, CaseStatus::Closed { .. })
    }
}
