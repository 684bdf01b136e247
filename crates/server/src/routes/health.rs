//! `/healthz` (the process answers), `/readyz` (the catalog is loaded and
//! the database answers) and `/metrics`.

use crate::auth::Caller;
use crate::problem::{ApiResult, Problem};
use crate::state::Shared;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use std::sync::atomic::Ordering;

/// Liveness: no key needed.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "the process answers", body = String)))]
pub async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: the catalog is loaded and the database answers.
#[utoipa::path(get, path = "/readyz", tag = "operations", security(("bearer" = [])),
    responses((status = 200, body = String), (status = 503, body = Problem)))]
pub async fn readyz(State(state): State<Shared>, _caller: Caller) -> ApiResult<&'static str> {
    if !state.ready.load(Ordering::Relaxed) {
        return Err(Problem::unavailable("the catalog is still loading"));
    }
    state
        .blocking(|s| {
            s.readers
                .with(|store| store.report_count().map_err(Problem::from))
        })
        .await
        .map_err(|_| Problem::unavailable("the database does not answer"))?;
    Ok("ready")
}

/// Prometheus metrics (admin keys).
#[utoipa::path(get, path = "/metrics", tag = "operations", security(("bearer" = [])),
    responses((status = 200, description = "Prometheus text format", body = String), (status = 403, body = Problem)))]
pub async fn metrics(State(state): State<Shared>, caller: Caller) -> ApiResult<impl IntoResponse> {
    caller.require(caller.role().may_administer(), "read the metrics")?;
    {
        let cat = state.catalog();
        state.metrics.catalog_reports.set(cat.len() as i64);
        state.metrics.catalog_rings.set(cat.ring_count() as i64);
    }
    Ok((
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.metrics.render(),
    ))
}
