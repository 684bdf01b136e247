//! `CaseEvent`: every change to a case, as the event the edges store,
//! audit and replay.

use super::CaseId;
use chrono::{DateTime, Utc};
use ringtrace_model::ReportKey;
use serde::{Deserialize, Serialize};

/// One change to a case. Each carries when it happened (`at`) and who made
/// it (`by`, a user or key name), so the event is its own audit entry.
/// JSON: `{"event": "ring_linked", "ring": "R-…", "at": "…", "by": "…"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case", deny_unknown_fields)]
pub enum CaseEvent {
    Opened {
        id: CaseId,
        title: String,
        at: DateTime<Utc>,
        by: String,
    },
    RingLinked {
        ring: String,
        at: DateTime<Utc>,
        by: String,
    },
    RingUnlinked {
        ring: String,
        at: DateTime<Utc>,
        by: String,
    },
    ReportLinked {
        #[serde(with = "crate::keys_serde::one")]
        report: ReportKey,
        at: DateTime<Utc>,
        by: String,
    },
    Assigned {
        assignee: String,
        at: DateTime<Utc>,
        by: String,
    },
    Noted {
        text: String,
        at: DateTime<Utc>,
        by: String,
    },
    TaskAdded {
        task: u32,
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        assignee: Option<String>,
        at: DateTime<Utc>,
        by: String,
    },
    TaskDone {
        task: u32,
        at: DateTime<Utc>,
        by: String,
    },
    Referred {
        agency: String,
        at: DateTime<Utc>,
        by: String,
    },
    Closed {
        resolution: String,
        at: DateTime<Utc>,
        by: String,
    },
    Reopened {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        at: DateTime<Utc>,
        by: String,
    },
}

impl CaseEvent {
    /// The event's name as written in JSON (`ring_linked`, …).
    pub fn name(&self) -> &'static str {
        match self {
            CaseEvent::Opened { .. } => "opened",
            CaseEvent::RingLinked { .. } => "ring_linked",
            CaseEvent::RingUnlinked { .. } => "ring_unlinked",
            CaseEvent::ReportLinked { .. } => "report_linked",
            CaseEvent::Assigned { .. } => "assigned",
            CaseEvent::Noted { .. } => "noted",
            CaseEvent::TaskAdded { .. } => "task_added",
            CaseEvent::TaskDone { .. } => "task_done",
            CaseEvent::Referred { .. } => "referred",
            CaseEvent::Closed { .. } => "closed",
            CaseEvent::Reopened { .. } => "reopened",
        }
    }

    /// When it happened.
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            CaseEvent::Opened { at, .. }
            | CaseEvent::RingLinked { at, .. }
            | CaseEvent::RingUnlinked { at, .. }
            | CaseEvent::ReportLinked { at, .. }
            | CaseEvent::Assigned { at, .. }
            | CaseEvent::Noted { at, .. }
            | CaseEvent::TaskAdded { at, .. }
            | CaseEvent::TaskDone { at, .. }
            | CaseEvent::Referred { at, .. }
            | CaseEvent::Closed { at, .. }
            | CaseEvent::Reopened { at, .. } => *at,
        }
    }

    /// Who made it.
    pub fn by(&self) -> &str {
        match self {
            CaseEvent::Opened { by, .. }
            | CaseEvent::RingLinked { by, .. }
            | CaseEvent::RingUnlinked { by, .. }
            | CaseEvent::ReportLinked { by, .. }
            | CaseEvent::Assigned { by, .. }
            | CaseEvent::Noted { by, .. }
            | CaseEvent::TaskAdded { by, .. }
            | CaseEvent::TaskDone { by, .. }
            | CaseEvent::Referred { by, .. }
            | CaseEvent::Closed { by, .. }
            | CaseEvent::Reopened { by, .. } => by,
        }
    }

    /// The event as the compact JSON an audit entry's detail holds.
    pub fn audit_detail(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}
