//! `/v1/cases`: investigations (issue 8). Admins, analysts and
//! investigators read them; admins and analysts open and change them;
//! investigators add notes. Every change is an event of the case, checked
//! by its rules and audited (`crate::investigation::log`).

use crate::auth::Caller;
use crate::investigation::{log, tlp, view, InvestigationError};
use crate::problem::{ApiResult, FieldError, Problem};
use crate::state::Shared;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::Utc;
use ringtrace_act::case::{Case, CaseEvent, CaseId};
use ringtrace_model::{AccessRole, ReportKey};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

impl From<InvestigationError> for Problem {
    fn from(e: InvestigationError) -> Self {
        use InvestigationError as E;
        match e {
            E::NoSuchCase(_) => Problem::not_found(e.to_string()),
            E::Refused(_) | E::Conflict(_) | E::AlreadyImported { .. } | E::NoSigningKey => {
                Problem::new(StatusCode::CONFLICT, "conflict", e.to_string())
            }
            E::Invalid(_) | E::Extract(_) => Problem::invalid(e.to_string(), vec![]),
            other => Problem::internal(other),
        }
    }
}

fn may_read(caller: &Caller) -> Result<(), Problem> {
    caller.require(
        matches!(
            caller.role(),
            AccessRole::Admin | AccessRole::Analyst | AccessRole::Investigator
        ),
        "read cases",
    )
}

fn may_change(caller: &Caller, what: &str) -> Result<(), Problem> {
    caller.require(
        matches!(caller.role(), AccessRole::Admin | AccessRole::Analyst),
        what,
    )
}

fn case_id(id: &str) -> Result<CaseId, Problem> {
    CaseId::parse(id).map_err(|e| Problem::not_found(e.to_string()))
}

/// A case in a list.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct CaseLine {
    pub id: String,
    pub title: String,
    /// `open`, `referred` or `closed`.
    pub status: String,
    pub assignee: Option<String>,
    pub agency: Option<String>,
    pub rings: Vec<String>,
    pub opened_at: String,
}

impl CaseLine {
    pub fn of(c: &Case) -> CaseLine {
        CaseLine {
            id: c.id.to_string(),
            title: c.title.clone(),
            status: c.status.name().to_string(),
            assignee: c.assignee.clone(),
            agency: c.agency.clone(),
            rings: c.rings.clone(),
            opened_at: c.opened_at.to_rfc3339(),
        }
    }
}

/// Every case.
#[utoipa::path(get, path = "/v1/cases", tag = "cases", security(("bearer" = [])),
    responses((status = 200, body = [CaseLine]), (status = 403, body = Problem)))]
pub async fn list(State(state): State<Shared>, caller: Caller) -> ApiResult<Json<Vec<CaseLine>>> {
    may_read(&caller)?;
    let cases = state
        .blocking(|s| s.readers.with(|st| log::all(st)).map_err(Problem::from))
        .await?;
    Ok(Json(cases.iter().map(|l| CaseLine::of(&l.case)).collect()))
}

/// The schema of a case as read (documentation only): the case, its rings
/// with their current report counts and the reports that joined them since
/// it was opened, its linked reports, exhibits and events.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct CaseViewSchema {
    case: serde_json::Value,
    rings: Vec<serde_json::Value>,
    linked_reports: Vec<serde_json::Value>,
    exhibits: Vec<serde_json::Value>,
    events: Vec<serde_json::Value>,
}

/// One case as it stands.
#[utoipa::path(get, path = "/v1/cases/{id}", tag = "cases", params(("id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = CaseViewSchema), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn read(
    State(state): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<view::CaseView>> {
    may_read(&caller)?;
    let id = case_id(&id)?;
    let viewer = caller.viewer.clone();
    let v = state
        .blocking(move |s| {
            let mut v = s
                .readers
                .with(|st| view::view(st, log::get(st, &id)?))
                .map_err(Problem::from)?;
            tlp::filter_view(&s.catalog(), &viewer, &mut v);
            Ok::<_, Problem>(v)
        })
        .await?;
    Ok(Json(v))
}

#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCase {
    pub title: String,
    /// The rings (R-…) the case is opened on.
    pub rings: Vec<String>,
}

/// Opens a case on rings.
#[utoipa::path(post, path = "/v1/cases", tag = "cases", request_body = NewCase, security(("bearer" = [])),
    responses((status = 201, body = CaseLine), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn open(
    State(state): State<Shared>,
    caller: Caller,
    body: Result<Json<NewCase>, JsonRejection>,
) -> ApiResult<(StatusCode, Json<CaseLine>)> {
    may_change(&caller, "open cases")?;
    let Json(n) = body?;
    if n.rings.is_empty() {
        return Err(Problem::invalid(
            "a case is opened on at least one ring",
            vec![FieldError {
                index: None,
                field: Some("rings".into()),
                message: "empty".into(),
            }],
        ));
    }
    let actor = caller.actor();
    let case = state
        .blocking(move |s| {
            let mut w = s.writer.lock().unwrap_or_else(|e| e.into_inner());
            log::open(w.as_mut(), &n.title, &n.rings, &actor, Utc::now()).map_err(Problem::from)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(CaseLine::of(&case))))
}

/// One change to a case, as `POST /v1/cases/{id}/events` takes it.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(tag = "event", rename_all = "snake_case", deny_unknown_fields)]
pub enum CaseChange {
    Noted {
        text: String,
    },
    Assigned {
        assignee: String,
    },
    TaskAdded {
        text: String,
        #[serde(default)]
        assignee: Option<String>,
    },
    TaskDone {
        task: u32,
    },
    RingLinked {
        ring: String,
    },
    RingUnlinked {
        ring: String,
    },
    /// `partner:id`.
    ReportLinked {
        report: String,
    },
    Referred {
        agency: String,
    },
    Closed {
        resolution: String,
    },
    Reopened {
        #[serde(default)]
        reason: Option<String>,
    },
}

impl CaseChange {
    fn event(self, case: &Case, by: String) -> Result<CaseEvent, InvestigationError> {
        let at = Utc::now();
        Ok(match self {
            CaseChange::Noted { text } => CaseEvent::Noted { text, at, by },
            CaseChange::Assigned { assignee } => CaseEvent::Assigned { assignee, at, by },
            CaseChange::TaskAdded { text, assignee } => CaseEvent::TaskAdded {
                task: case.next_task_id(),
                text,
                assignee,
                at,
                by,
            },
            CaseChange::TaskDone { task } => CaseEvent::TaskDone { task, at, by },
            CaseChange::RingLinked { ring } => CaseEvent::RingLinked { ring, at, by },
            CaseChange::RingUnlinked { ring } => CaseEvent::RingUnlinked { ring, at, by },
            CaseChange::ReportLinked { report } => CaseEvent::ReportLinked {
                report: ReportKey::parse(&report)
                    .map_err(|e| InvestigationError::Invalid(format!("report: {e}")))?,
                at,
                by,
            },
            CaseChange::Referred { agency } => CaseEvent::Referred { agency, at, by },
            CaseChange::Closed { resolution } => CaseEvent::Closed { resolution, at, by },
            CaseChange::Reopened { reason } => CaseEvent::Reopened { reason, at, by },
        })
    }
}

/// The case after a change, and the event recorded.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Changed {
    pub case: CaseLine,
    #[schema(value_type = Object)]
    pub event: CaseEvent,
}

/// Changes a case: one event, refused (409) when the case's rules forbid it.
#[utoipa::path(post, path = "/v1/cases/{id}/events", tag = "cases", request_body = CaseChange,
    params(("id" = String, Path)), security(("bearer" = [])),
    responses((status = 201, body = Changed), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn change(
    State(state): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
    body: Result<Json<CaseChange>, JsonRejection>,
) -> ApiResult<(StatusCode, Json<Changed>)> {
    may_read(&caller)?;
    let Json(change) = body?;
    if !matches!(change, CaseChange::Noted { .. }) {
        may_change(&caller, "change cases other than by adding notes")?;
    }
    let id = case_id(&id)?;
    let actor = caller.actor();
    let (case, event) = state
        .blocking(move |s| {
            let mut w = s.writer.lock().unwrap_or_else(|e| e.into_inner());
            log::change(w.as_mut(), &id, |c| change.event(c, actor)).map_err(Problem::from)
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(Changed {
            case: CaseLine::of(&case),
            event,
        }),
    ))
}
