//! `/v1/indicators/{kind}/{value}`: every report and ring an indicator
//! appears in, as the caller may see them, with its verdict.

use super::{decode_number_cursor, page_size, report_page, resolve};
use crate::auth::Caller;
use crate::problem::{ApiResult, FieldError, Problem};
use crate::state::Shared;
use crate::views::{Looker, LookupAnswer, ReportRef};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Clone, Debug, Deserialize, IntoParams)]
pub struct IndicatorQuery {
    /// Region for a national phone number.
    pub region: Option<String>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct IndicatorDetail {
    pub verdict: LookupAnswer,
    pub reports: Vec<ReportRef>,
    pub next_cursor: Option<String>,
}

/// One indicator: its verdict and the reports that mention it.
#[utoipa::path(get, path = "/v1/indicators/{kind}/{value}", tag = "indicators",
    params(("kind" = String, Path), ("value" = String, Path), IndicatorQuery), security(("bearer" = [])),
    responses((status = 200, body = IndicatorDetail), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn read(
    State(state): State<Shared>,
    caller: Caller,
    Path((kind, value)): Path<(String, String)>,
    query: Result<Query<IndicatorQuery>, QueryRejection>,
) -> ApiResult<Json<IndicatorDetail>> {
    caller.require(caller.role().may_read(), "read indicators")?;
    let Query(q) = query?;
    let limit = page_size(q.limit, state.config.limits.max_page)?;
    let offset: usize = decode_number_cursor(q.cursor.as_deref())?.unwrap_or(0);
    let indicator = resolve(&value, Some(&kind), q.region.as_deref()).map_err(|m| {
        let field = if m.starts_with("kind") {
            "kind"
        } else {
            "value"
        };
        Problem::bad_request(m.clone()).with_errors(vec![FieldError {
            index: None,
            field: Some(field.into()),
            message: m,
        }])
    })?;
    let cat = state.catalog();
    let who = Looker::new(&cat, &caller.viewer);
    let verdict = cat.lookup(&who, &indicator, &state.warnings());
    let (reports, next_cursor) = match cat.indicator_ix(&indicator) {
        None => (Vec::new(), None),
        Some(iix) => report_page(&cat, &who, &cat.indicator_members(&who, iix), offset, limit),
    };
    Ok(Json(IndicatorDetail {
        verdict,
        reports,
        next_cursor,
    }))
}
