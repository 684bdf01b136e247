//! PSI sessions this instance answers, over HTTP:
//!
//! - `GET /v1/psi`: the policy, the kinds, the limits and today's use;
//! - `POST /v1/psi/{kind}?since=DATE`: a `Request` (binary, as
//!   `ringtrace_psi` encodes it) answered with the `Response`, the session
//!   id in `x-ringtrace-psi-session`;
//! - `POST /v1/psi/sessions/{id}/matches`: the initiator's `Matches`, when
//!   the policy shares them: the common values become PSI links here;
//! - `GET /v1/psi/sessions/{id}/reveal`: after a cardinality-only answer,
//!   the `Reveal`, when the operator allows it.
//!
//! Each step is in the audit log with the session id; sessions live in
//! memory for ten minutes and are answered once (a replayed request is 409).

use super::{element_kind, parse_session, session_hex, DailyUsage};
use crate::auth::Caller;
use crate::problem::{ApiResult, Problem};
use crate::state::Shared;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use ringtrace_model::{AccessRole, Indicator};
use ringtrace_psi::{
    ElementKind, Matches, PsiConfig, PsiError, Request, Responder, ResponderSession, RevealLevel,
    SessionId,
};
use ringtrace_store::PsiLink;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long an answered session waits for its `Matches` or reveal.
const SESSION_LIFE: Duration = Duration::from_secs(600);

/// The sessions in flight and what each partner used today.
#[derive(Debug, Default)]
pub struct PsiState {
    responders: Mutex<HashMap<ElementKind, Responder>>,
    open: Mutex<HashMap<SessionId, Open>>,
    pub usage: DailyUsage,
    pub oprf: super::oprf::OprfState,
}

#[derive(Debug)]
struct Open {
    partner: String,
    kind: ringtrace_model::Kind,
    session: ResponderSession,
    answered_at: Instant,
}

fn may_match(caller: &Caller) -> Result<(), Problem> {
    caller.require(
        matches!(
            caller.role(),
            AccessRole::Admin | AccessRole::Analyst | AccessRole::Partner
        ),
        "run private set intersection",
    )
}

fn psi_problem(e: PsiError) -> Problem {
    match e {
        PsiError::Replayed => Problem::new(StatusCode::CONFLICT, "replayed", e.to_string()),
        PsiError::PolicyMismatch | PsiError::KindMismatch => Problem::new(
            StatusCode::CONFLICT,
            "policy-mismatch",
            format!("{e}; read it at GET /v1/psi"),
        ),
        PsiError::TooLarge { .. } => {
            Problem::new(StatusCode::PAYLOAD_TOO_LARGE, "too-large", e.to_string())
        }
        _ => Problem::bad_request(e.to_string()),
    }
}

fn binary(bytes: Vec<u8>, session: &SessionId) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_string()),
            (
                header::HeaderName::from_static("x-ringtrace-psi-session"),
                session_hex(session),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// `GET /v1/psi`: what a session with this instance would be: the policy,
/// the kinds, the limits.
#[utoipa::path(get, path = "/v1/psi", tag = "psi", security(("bearer" = [])),
    responses((status = 200, body = Object), (status = 403, body = Problem)))]
pub async fn describe(State(state): State<Shared>, caller: Caller) -> ApiResult<Json<Value>> {
    may_match(&caller)?;
    let s = &state.config.psi;
    Ok(Json(json!({
        "policy": {
            "responder_reveals": match s.policy.responder_reveals {
                RevealLevel::Reveal => "items",
                RevealLevel::CardinalityOnly => "cardinality",
            },
            "initiator_shares_matches": s.policy.initiator_shares_matches,
            "reveal_later": s.reveal_later,
        },
        "kinds": super::KINDS,
        "tlp_max": s.tlp_max.as_str(),
        "max_set_size": s.max_set_size,
        "max_elements_per_day": s.max_elements_per_day,
        "max_sessions_per_day": s.max_sessions_per_day,
        "protocol": "ECDH-PSI over ristretto255, docs/psi.md",
    })))
}

#[derive(Debug, Deserialize)]
pub struct SinceQuery {
    /// Only values of reports received on or after this day (YYYY-MM-DD).
    pub since: Option<String>,
}

fn since_of(q: &SinceQuery) -> Result<Option<String>, Problem> {
    match &q.since {
        None => Ok(None),
        Some(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(|d| Some(format!("{d}T00:00:00Z")))
            .map_err(|_| Problem::bad_request(format!("since: `{d}` is not a day YYYY-MM-DD"))),
    }
}

/// `POST /v1/psi/{kind}`: answers a session's `Request` (binary, see
/// docs/psi.md) with the `Response`; the session id is in
/// `x-ringtrace-psi-session`.
#[utoipa::path(post, path = "/v1/psi/{kind}", tag = "psi",
    params(("kind" = String, Path, description = "phone, domain, url, email or crypto_wallet"),
           ("since" = Option<String>, Query, description = "only values of reports received since this day, YYYY-MM-DD")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    security(("bearer" = [])),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>),
        (status = 400, body = Problem), (status = 403, body = Problem), (status = 409, body = Problem),
        (status = 413, body = Problem), (status = 429, body = Problem)))]
pub async fn respond(
    State(state): State<Shared>,
    caller: Caller,
    Path(kind): Path<String>,
    Query(q): Query<SinceQuery>,
    body: Bytes,
) -> ApiResult<Response> {
    may_match(&caller)?;
    let (model_kind, element) = element_kind(&kind).ok_or_else(|| {
        Problem::not_found(format!(
            "private matching takes {}; not `{kind}`",
            super::KINDS.join(", ")
        ))
    })?;
    let since = since_of(&q)?;
    let request = Request::from_bytes(&body).map_err(psi_problem)?;
    let settings = state.config.psi.clone();
    let partner = caller.viewer.partner.clone();
    state
        .psi
        .usage
        .take(
            &partner,
            request.points.len() as u64,
            settings.max_sessions_per_day,
            settings.max_elements_per_day,
        )
        .map_err(|m| Problem::rate_limited(m, super::until_next_utc_day()))?;
    let values = state
        .catalog()
        .linking_values(model_kind, since.as_deref(), settings.tlp_max);
    let actor = caller.actor();
    let sent = request.points.len();
    let ours = values.len();
    let (session, response) = state
        .blocking(move |s| {
            let mut responders = s.psi.responders.lock().unwrap_or_else(|p| p.into_inner());
            let responder = responders.entry(element).or_insert_with(|| {
                Responder::new(PsiConfig::new(
                    element,
                    settings.policy,
                    settings.max_set_size,
                ))
            });
            responder
                .respond(&request, &values, &mut rand::rngs::OsRng)
                .map_err(psi_problem)
        })
        .await?;
    let id = session.session();
    {
        let mut open = state.psi.open.lock().unwrap_or_else(|p| p.into_inner());
        open.retain(|_, o| o.answered_at.elapsed() < SESSION_LIFE);
        open.insert(
            id,
            Open {
                partner,
                kind: model_kind,
                session,
                answered_at: Instant::now(),
            },
        );
    }
    state.audit(
        &actor,
        "psi.respond",
        &session_hex(&id),
        json!({"kind": kind, "since": q.since, "their_elements": sent, "our_elements": ours}),
    )?;
    Ok(binary(response.to_bytes(), &id))
}

/// `POST /v1/psi/sessions/{id}/matches`: which of this instance's values
/// the initiator found in common (a binary `Matches`); they are recorded as
/// PSI links.
#[utoipa::path(post, path = "/v1/psi/sessions/{id}/matches", tag = "psi",
    params(("id" = String, Path, description = "the session id, hex")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    security(("bearer" = [])),
    responses((status = 200, body = Object), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub async fn matches(
    State(state): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    may_match(&caller)?;
    let sid = parse_session(&id).ok_or_else(|| Problem::not_found(format!("no session `{id}`")))?;
    let m = Matches::from_bytes(&body).map_err(psi_problem)?;
    let (kind, items) = {
        let mut open = state.psi.open.lock().unwrap_or_else(|p| p.into_inner());
        let o = open
            .get_mut(&sid)
            .filter(|o| {
                o.partner == caller.viewer.partner && o.answered_at.elapsed() < SESSION_LIFE
            })
            .ok_or_else(|| Problem::not_found(format!("no open session `{id}` of yours")))?;
        (o.kind, o.session.handle_matches(&m).map_err(psi_problem)?)
    };
    let links: Vec<PsiLink> = {
        let cat = state.catalog();
        items
            .iter()
            .map(|v| {
                let indicator = Indicator::new(kind, String::from_utf8_lossy(v).into_owned());
                PsiLink {
                    session: id.clone(),
                    peer: caller.viewer.partner.clone(),
                    ring: cat.ring_of_value(&indicator),
                    indicator,
                    found_at: String::new(),
                }
            })
            .collect()
    };
    let n = links.len();
    let rings: std::collections::BTreeSet<String> =
        links.iter().filter_map(|l| l.ring.clone()).collect();
    state
        .blocking(move |s| {
            let mut w = s.writer.lock().unwrap_or_else(|p| p.into_inner());
            w.add_psi_links(&links).map_err(Problem::from)
        })
        .await?;
    state.audit(
        &caller.actor(),
        "psi.matches",
        &id,
        json!({"common": n, "rings": rings}),
    )?;
    Ok(Json(json!({"session": id, "common": n, "rings": rings})))
}

/// `GET /v1/psi/sessions/{id}/reveal`: the order behind a cardinality-only
/// answer (a binary `Reveal`), when the operator allows it.
#[utoipa::path(get, path = "/v1/psi/sessions/{id}/reveal", tag = "psi",
    params(("id" = String, Path, description = "the session id, hex")),
    security(("bearer" = [])),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>),
        (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn reveal(
    State(state): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    may_match(&caller)?;
    if !state.config.psi.reveal_later {
        return Err(Problem::forbidden(
            "this instance answers with the count only and does not reveal the items",
        ));
    }
    let sid = parse_session(&id).ok_or_else(|| Problem::not_found(format!("no session `{id}`")))?;
    let reveal = {
        let mut open = state.psi.open.lock().unwrap_or_else(|p| p.into_inner());
        let o = open
            .get_mut(&sid)
            .filter(|o| {
                o.partner == caller.viewer.partner && o.answered_at.elapsed() < SESSION_LIFE
            })
            .ok_or_else(|| Problem::not_found(format!("no open session `{id}` of yours")))?;
        o.session.reveal().map_err(psi_problem)?
    };
    state.audit(&caller.actor(), "psi.reveal", &id, json!({}))?;
    Ok(binary(reveal.to_bytes(), &sid))
}
