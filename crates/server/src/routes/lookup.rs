//! `GET /v1/lookup` and `POST /v1/lookup`: is this value a scam?
//!
//! Answered from the in-memory catalog, for every role, with only what the
//! caller may see.

use super::resolve;
use crate::auth::Caller;
use crate::problem::{ApiResult, FieldError, Problem};
use crate::state::Shared;
use crate::views::{Looker, LookupAnswer};
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// One value to look up.
#[derive(Clone, Debug, Deserialize, IntoParams, ToSchema)]
pub struct LookupQuery {
    /// A phone number, URL, domain, email, IBAN, wallet, UPI ID, …
    pub value: String,
    /// Its kind, when it cannot be told from the value alone.
    pub kind: Option<String>,
    /// ISO 3166-1 alpha-2 region for a phone number written without its country code.
    pub region: Option<String>,
}

/// Many values at once.
#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct LookupBatch {
    pub values: Vec<LookupItem>,
}

/// A value, bare or with its kind and region.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum LookupItem {
    Bare(String),
    Described(LookupQuery),
}

/// The answers, in the order asked; a value that could not be read has an
/// `error` instead of a verdict.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct LookupResults {
    pub results: Vec<LookupResult>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum LookupResult {
    Answer(Box<LookupAnswer>),
    Error { value: String, error: String },
}

/// The verdict on one value.
#[utoipa::path(get, path = "/v1/lookup", tag = "lookup", params(LookupQuery), security(("bearer" = [])),
    responses((status = 200, body = LookupAnswer), (status = 400, body = Problem), (status = 401, body = Problem)))]
pub async fn lookup_one(
    State(state): State<Shared>,
    caller: Caller,
    query: Result<Query<LookupQuery>, QueryRejection>,
) -> ApiResult<Json<LookupAnswer>> {
    let Query(q) = query?;
    let indicator = resolve(&q.value, q.kind.as_deref(), q.region.as_deref()).map_err(|m| {
        Problem::bad_request(m.clone()).with_errors(vec![FieldError {
            index: None,
            field: Some("value".into()),
            message: m,
        }])
    })?;
    state.metrics.lookups.inc();
    let cat = state.catalog();
    let who = Looker::new(&cat, &caller.viewer);
    Ok(Json(cat.lookup(&who, &indicator, &state.warnings())))
}

/// Verdicts on up to `max_lookup_values` values.
#[utoipa::path(post, path = "/v1/lookup", tag = "lookup", request_body = LookupBatch, security(("bearer" = [])),
    responses((status = 200, body = LookupResults), (status = 400, body = Problem), (status = 413, body = Problem)))]
pub async fn lookup_many(
    State(state): State<Shared>,
    caller: Caller,
    body: Result<Json<LookupBatch>, JsonRejection>,
) -> ApiResult<Json<LookupResults>> {
    let Json(batch) = body?;
    let max = state.config.limits.max_lookup_values;
    if batch.values.len() > max {
        return Err(Problem::new(
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "too-many-values",
            format!(
                "values: {} values, at most {max} in one request",
                batch.values.len()
            ),
        ));
    }
    let resolved: Vec<(String, Result<ringtrace_model::Indicator, String>)> = batch
        .values
        .iter()
        .map(|item| match item {
            LookupItem::Bare(v) => (v.clone(), resolve(v, None, None)),
            LookupItem::Described(q) => (
                q.value.clone(),
                resolve(&q.value, q.kind.as_deref(), q.region.as_deref()),
            ),
        })
        .collect();
    state.metrics.lookups.inc_by(resolved.len() as u64);
    let cat = state.catalog();
    let who = Looker::new(&cat, &caller.viewer);
    let warnings = state.warnings();
    let results = resolved
        .into_iter()
        .map(|(value, r)| match r {
            Ok(ind) => LookupResult::Answer(Box::new(cat.lookup(&who, &ind, &warnings))),
            Err(error) => LookupResult::Error { value, error },
        })
        .collect();
    Ok(Json(LookupResults { results }))
}
