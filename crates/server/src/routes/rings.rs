//! `/v1/rings`: the rings the caller may see, largest first, and one ring's
//! profile, members, bridges and history.

use super::{decode_cursor, decode_number_cursor, encode_cursor, page_size, report_page};
use crate::auth::Caller;
use crate::problem::{ApiResult, Problem};
use crate::state::Shared;
use crate::views::{Looker, ReportRef, RingCount, RingView};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Clone, Debug, Deserialize, IntoParams)]
pub struct RingListQuery {
    /// Only rings with at least this many reports the caller sees (default 2).
    pub min_reports: Option<u64>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct RingPage {
    pub rings: Vec<RingCount>,
    pub next_cursor: Option<String>,
}

/// Rings, largest first (ties by id). The cursor is the last ring of the
/// page: the next page starts after it, whatever grew in between.
#[utoipa::path(get, path = "/v1/rings", tag = "rings", params(RingListQuery), security(("bearer" = [])),
    responses((status = 200, body = RingPage), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn list(
    State(state): State<Shared>,
    caller: Caller,
    query: Result<Query<RingListQuery>, QueryRejection>,
) -> ApiResult<Json<RingPage>> {
    caller.require(caller.role().may_read(), "read rings")?;
    let Query(q) = query?;
    let limit = page_size(q.limit, state.config.limits.max_page)?;
    let after = match decode_cursor(q.cursor.as_deref())? {
        None => None,
        Some(c) => {
            let (size, ring) = c
                .split_once(' ')
                .and_then(|(n, r)| Some((n.parse::<u64>().ok()?, r.to_string())))
                .ok_or_else(|| Problem::bad_request("cursor: not a cursor this server gave"))?;
            Some((size, ring))
        }
    };
    let cat = state.catalog();
    let who = Looker::new(&cat, &caller.viewer);
    let all = cat.ring_list(&who, q.min_reports.unwrap_or(2));
    let start = match &after {
        None => 0,
        Some((size, ring)) => all
            .iter()
            .position(|(g, n)| n < size || (n == size && cat.ring_id(*g) > ring.as_str()))
            .unwrap_or(all.len()),
    };
    let rings: Vec<RingCount> = all[start..]
        .iter()
        .take(limit)
        .map(|(g, n)| RingCount {
            ring: cat.ring_id(*g).to_string(),
            report_count: *n,
        })
        .collect();
    let next_cursor = (start + rings.len() < all.len())
        .then(|| {
            rings
                .last()
                .map(|r| encode_cursor(&format!("{} {}", r.report_count, r.ring)))
        })
        .flatten();
    Ok(Json(RingPage { rings, next_cursor }))
}

#[derive(Clone, Debug, Deserialize, IntoParams)]
pub struct RingQuery {
    /// Members per page (default 100).
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

/// A value this ring shares with another ring that clustering kept apart.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct BridgeView {
    pub other_ring: String,
    pub kind: String,
    pub value: String,
}

/// A merge, split or creation.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct HistoryView {
    pub at: String,
    pub event: String,
    pub ring: String,
    pub other: Option<String>,
    pub reason: Option<String>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct RingDetail {
    pub profile: RingView,
    pub members: Vec<ReportRef>,
    pub next_cursor: Option<String>,
    pub bridges: Vec<BridgeView>,
    pub history: Vec<HistoryView>,
}

/// One ring as the caller sees it.
#[utoipa::path(get, path = "/v1/rings/{id}", tag = "rings", params(("id" = String, Path, description = "R-…"), RingQuery),
    security(("bearer" = [])),
    responses((status = 200, body = RingDetail), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn read(
    State(state): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
    query: Result<Query<RingQuery>, QueryRejection>,
) -> ApiResult<Json<RingDetail>> {
    caller.require(caller.role().may_read(), "read rings")?;
    let Query(q) = query?;
    let limit = page_size(q.limit, state.config.limits.max_page)?;
    let offset: usize = decode_number_cursor(q.cursor.as_deref())?.unwrap_or(0);
    let not_found = || Problem::not_found(format!("no ring `{id}` that you may see"));
    let (profile, members, next_cursor) = {
        let cat = state.catalog();
        let who = Looker::new(&cat, &caller.viewer);
        let g = cat.ring_ix(&id).ok_or_else(not_found)?;
        let profile = cat.ring_view(&who, g).ok_or_else(not_found)?;
        let (page, next) = report_page(&cat, &who, &cat.visible_members(&who, g), offset, limit);
        (profile, page, next)
    };
    let ring = id.clone();
    let (bridges, history) = state
        .blocking(move |s| {
            s.readers
                .with(|store| {
                    Ok::<_, ringtrace_store::StoreError>((
                        store.ring_bridges(&ring)?,
                        store.ring_history(&ring)?,
                    ))
                })
                .map_err(Problem::from)
        })
        .await?;
    // A bridge names the other ring only if the caller sees some of it.
    let bridges = {
        let cat = state.catalog();
        let who = Looker::new(&cat, &caller.viewer);
        bridges
            .into_iter()
            .filter_map(|b| {
                let other = if b.ring_a == id { b.ring_b } else { b.ring_a };
                let g = cat.ring_ix(&other)?;
                (cat.visible_size(&who, g) > 0).then(|| BridgeView {
                    other_ring: other,
                    kind: b.indicator.kind.as_str().into(),
                    value: b.indicator.value,
                })
            })
            .collect()
    };
    let history = history
        .into_iter()
        .map(|h| HistoryView {
            at: h.at,
            event: h.event,
            ring: h.ring,
            other: h.other,
            reason: h.reason,
        })
        .collect();
    Ok(Json(RingDetail {
        profile,
        members,
        next_cursor,
        bridges,
        history,
    }))
}
