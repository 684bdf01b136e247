//! `CaseError`: why an event cannot apply to a case.

use super::BadCaseId;

/// Why an event was refused. Each message is one sentence naming the case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    #[error(transparent)]
    BadId(#[from] BadCaseId),
    #[error("case {case} is {from} and cannot be {to}")]
    Transition {
        case: String,
        from: &'static str,
        to: &'static str,
    },
    #[error("case {case} is closed: reopen it before it can be {what}")]
    Closed { case: String, what: &'static str },
    #[error("case {case} is already open")]
    AlreadyOpened { case: String },
    #[error("the first event of a case must be `opened`, not `{event}`")]
    NotOpened { event: &'static str },
    #[error("case {case}: ring {ring} is already linked")]
    RingAlreadyLinked { case: String, ring: String },
    #[error("case {case}: ring {ring} is not linked")]
    RingNotLinked { case: String, ring: String },
    #[error("case {case}: report {report} is already linked")]
    ReportAlreadyLinked { case: String, report: String },
    #[error("case {case}: task {task} already exists")]
    TaskExists { case: String, task: u32 },
    #[error("case {case}: there is no task {task}")]
    NoSuchTask { case: String, task: u32 },
    #[error("case {case}: task {task} is already done")]
    TaskAlreadyDone { case: String, task: u32 },
    #[error("case {case}: `{field}` must not be empty")]
    Empty { case: String, field: &'static str },
}
