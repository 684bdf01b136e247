//! `Case`: the state an event log replays to, and the rules each event obeys.

use super::{CaseError, CaseEvent, CaseId, CaseStatus};
use chrono::{DateTime, Utc};
use ringtrace_model::ReportKey;
use serde::{Deserialize, Serialize};

/// A note an investigator wrote on the case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub at: DateTime<Utc>,
    pub author: String,
    pub text: String,
}

/// A task on the case, numbered from 1 in the order added.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub id: u32,
    pub text: String,
    pub done: bool,
    pub assignee: Option<String>,
}

/// An investigation opened on one or more rings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub id: CaseId,
    pub title: String,
    pub status: CaseStatus,
    pub assignee: Option<String>,
    /// The agency the case was last referred to (kept after closing).
    pub agency: Option<String>,
    /// Rings linked to the case, in the order linked.
    pub rings: Vec<String>,
    /// Reports linked explicitly (beyond those of its rings).
    #[serde(with = "crate::keys_serde::list")]
    pub reports: Vec<ReportKey>,
    pub notes: Vec<Note>,
    pub tasks: Vec<Task>,
    pub opened_at: DateTime<Utc>,
    pub opened_by: String,
}

impl Case {
    /// A new case from its `opened` event.
    pub fn open(event: &CaseEvent) -> Result<Case, CaseError> {
        match event {
            CaseEvent::Opened { id, title, at, by } => {
                if title.trim().is_empty() {
                    return Err(CaseError::Empty {
                        case: id.to_string(),
                        field: "title",
                    });
                }
                Ok(Case {
                    id: id.clone(),
                    title: title.clone(),
                    status: CaseStatus::Open,
                    assignee: None,
                    agency: None,
                    rings: Vec::new(),
                    reports: Vec::new(),
                    notes: Vec::new(),
                    tasks: Vec::new(),
                    opened_at: *at,
                    opened_by: by.clone(),
                })
            }
            other => Err(CaseError::NotOpened {
                event: other.name(),
            }),
        }
    }

    /// The case an event log describes: the first event opens it, the others
    /// apply in order. The first refused event stops the replay.
    pub fn replay<'a>(events: impl IntoIterator<Item = &'a CaseEvent>) -> Result<Case, CaseError> {
        let mut it = events.into_iter();
        let first = it.next().ok_or(CaseError::NotOpened { event: "nothing" })?;
        let mut case = Case::open(first)?;
        for e in it {
            case.apply(e)?;
        }
        Ok(case)
    }

    /// The number the next task should get.
    pub fn next_task_id(&self) -> u32 {
        self.tasks.iter().map(|t| t.id).max().unwrap_or(0) + 1
    }

    /// Applies one event, or says why it is refused (and changes nothing).
    ///
    /// A closed case accepts only notes and `reopened`.
    pub fn apply(&mut self, event: &CaseEvent) -> Result<(), CaseError> {
        let case = self.id.to_string();
        let closed = self.status.is_closed();
        let refuse_closed = |what: &'static str| -> Result<(), CaseError> {
            if closed {
                Err(CaseError::Closed {
                    case: case.clone(),
                    what,
                })
            } else {
                Ok(())
            }
        };
        let non_empty = |v: &str, field: &'static str| -> Result<(), CaseError> {
            if v.trim().is_empty() {
                Err(CaseError::Empty {
                    case: case.clone(),
                    field,
                })
            } else {
                Ok(())
            }
        };
        match event {
            CaseEvent::Opened { .. } => return Err(CaseError::AlreadyOpened { case }),
            CaseEvent::RingLinked { ring, .. } => {
                refuse_closed("linked to a ring")?;
                non_empty(ring, "ring")?;
                if self.rings.contains(ring) {
                    return Err(CaseError::RingAlreadyLinked {
                        case,
                        ring: ring.clone(),
                    });
                }
                self.rings.push(ring.clone());
            }
            CaseEvent::RingUnlinked { ring, .. } => {
                refuse_closed("unlinked from a ring")?;
                let Some(pos) = self.rings.iter().position(|r| r == ring) else {
                    return Err(CaseError::RingNotLinked {
                        case,
                        ring: ring.clone(),
                    });
                };
                self.rings.remove(pos);
            }
            CaseEvent::ReportLinked { report, .. } => {
                refuse_closed("linked to a report")?;
                if self.reports.contains(report) {
                    return Err(CaseError::ReportAlreadyLinked {
                        case,
                        report: report.to_string(),
                    });
                }
                self.reports.push(report.clone());
            }
            CaseEvent::Assigned { assignee, .. } => {
                refuse_closed("assigned")?;
                non_empty(assignee, "assignee")?;
                self.assignee = Some(assignee.clone());
            }
            CaseEvent::Noted { text, at, by } => {
                non_empty(text, "text")?;
                self.notes.push(Note {
                    at: *at,
                    author: by.clone(),
                    text: text.clone(),
                });
            }
            CaseEvent::TaskAdded {
                task,
                text,
                assignee,
                ..
            } => {
                refuse_closed("given a task")?;
                non_empty(text, "text")?;
                if self.tasks.iter().any(|t| t.id == *task) {
                    return Err(CaseError::TaskExists { case, task: *task });
                }
                self.tasks.push(Task {
                    id: *task,
                    text: text.clone(),
                    done: false,
                    assignee: assignee.clone(),
                });
            }
            CaseEvent::TaskDone { task, .. } => {
                refuse_closed("changed")?;
                let Some(t) = self.tasks.iter_mut().find(|t| t.id == *task) else {
                    return Err(CaseError::NoSuchTask { case, task: *task });
                };
                if t.done {
                    return Err(CaseError::TaskAlreadyDone { case, task: *task });
                }
                t.done = true;
            }
            CaseEvent::Referred { agency, at, .. } => {
                if !matches!(self.status, CaseStatus::Open) {
                    return Err(self.transition("referred"));
                }
                non_empty(agency, "agency")?;
                self.agency = Some(agency.clone());
                self.status = CaseStatus::Referred {
                    agency: agency.clone(),
                    at: *at,
                };
            }
            CaseEvent::Closed { resolution, at, .. } => {
                if closed {
                    return Err(self.transition("closed"));
                }
                non_empty(resolution, "resolution")?;
                self.status = CaseStatus::Closed {
                    resolution: resolution.clone(),
                    at: *at,
                };
            }
            CaseEvent::Reopened { .. } => {
                if !closed {
                    return Err(self.transition("reopened"));
                }
                self.status = CaseStatus::Open;
            }
        }
        Ok(())
    }

    fn transition(&self, to: &'static str) -> CaseError {
        CaseError::Transition {
            case: self.id.to_string(),
            from: self.status.name(),
            to,
        }
    }
}
