//! `/v1/reports`: submit reports (one or a batch, all or nothing,
//! idempotent on `partner:id`), list the ones the caller may see, read one.

use super::{decode_number_cursor, encode_cursor, page_size};
use crate::auth::Caller;
use crate::problem::{ApiResult, FieldError, Problem};
use crate::state::{AppState, Shared};
use crate::views::{Looker, ReportRef};
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use ringtrace_ingest::{prepare, update_rings, Dirty, RingUpdate};
use ringtrace_model::{AccessRole, Sight};
use ringtrace_store::{PreparedReport, Upsert};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::HashSet;
use utoipa::{IntoParams, ToSchema};

/// What happened to one submitted report.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Accepted {
    pub report: String,
    /// `new`, `updated` (another version replaced it) or `unchanged`.
    pub status: String,
    pub ring: Option<String>,
    pub indicators: usize,
}

/// The answer to a submission.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Submitted {
    pub new: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rings_touched: usize,
    pub reports: Vec<Accepted>,
}

/// Submits one report (an object), or a batch (an array, or `{"reports": [...]}`),
/// as records of the spec's section 1. `partner` may be left out: it is the
/// caller's. All or nothing: one bad report refuses the batch, naming it.
#[utoipa::path(post, path = "/v1/reports", tag = "reports", request_body(content = Object, description = "a report record, an array of them, or {\"reports\": [...]}"),
    security(("bearer" = [])),
    responses((status = 200, body = Submitted), (status = 400, body = Problem), (status = 403, body = Problem),
        (status = 413, body = Problem), (status = 415, body = Problem), (status = 422, body = Problem)))]
pub async fn submit(
    State(state): State<Shared>,
    caller: Caller,
    body: Result<Json<Value>, JsonRejection>,
) -> ApiResult<Json<Submitted>> {
    caller.require(caller.role().may_submit(), "submit reports")?;
    let Json(body) = body?;
    let items = match body {
        Value::Array(items) => items,
        Value::Object(mut o) if o.contains_key("reports") && !o.contains_key("id") => {
            match o.remove("reports") {
                Some(Value::Array(items)) => items,
                _ => {
                    return Err(Problem::invalid(
                        "reports: must be an array of report records",
                        vec![],
                    ))
                }
            }
        }
        v @ Value::Object(_) => vec![v],
        _ => {
            return Err(Problem::invalid(
                "the body must be a report record, an array of them, or {\"reports\": [...]}",
                vec![],
            ))
        }
    };
    let max = state.config.limits.max_batch;
    if items.len() > max {
        return Err(Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "batch-too-large",
            format!(
                "reports: {} reports in one batch, at most {max}",
                items.len()
            ),
        ));
    }
    if items.is_empty() {
        return Err(Problem::invalid("reports: the batch is empty", vec![]));
    }
    let caller2 = caller.clone();
    let prepared = tokio::task::spawn_blocking(move || decode_all(items, &caller2))
        .await
        .map_err(Problem::internal)??;
    let actor = caller.actor();
    let out = state
        .blocking(move |s| store_batch(s, prepared, &actor))
        .await?;
    state.metrics.reports_ingested.inc_by(out.new + out.updated);
    Ok(Json(out))
}

/// Decodes and extracts every report of a batch, or names every one at fault.
pub(crate) fn decode_all(
    items: Vec<Value>,
    caller: &Caller,
) -> Result<Vec<PreparedReport>, Problem> {
    use rayon::prelude::*;
    let results: Vec<Result<PreparedReport, FieldError>> = items
        .into_par_iter()
        .enumerate()
        .map(|(index, mut item)| {
            let fault = |field: Option<String>, message: String| FieldError {
                index: Some(index),
                field,
                message,
            };
            let Value::Object(o) = &mut item else {
                return Err(fault(None, "a report must be a JSON object".into()));
            };
            match o.get("partner") {
                None => {
                    o.insert(
                        "partner".into(),
                        Value::String(caller.viewer.partner.clone()),
                    );
                }
                Some(Value::String(p)) if *p == caller.viewer.partner => {}
                // An administrator may submit on any partner's behalf.
                Some(Value::String(_)) if caller.role() == AccessRole::Admin => {}
                Some(_) => {
                    return Err(fault(
                        Some("partner".into()),
                        format!(
                            "a key of partner `{}` may submit only that partner's reports",
                            caller.viewer.partner
                        ),
                    ))
                }
            }
            let raw = item.to_string();
            let decoded = ringtrace_intake::decode_record(index, item, &raw)
                .map_err(|r| fault(r.field, r.message))?;
            prepare(decoded).map_err(|r| fault(r.field, r.message))
        })
        .collect();
    let mut ok = Vec::with_capacity(results.len());
    let mut faults = Vec::new();
    for r in results {
        match r {
            Ok(p) => ok.push(p),
            Err(f) => faults.push(f),
        }
    }
    if !faults.is_empty() {
        let detail = match faults.as_slice() {
            [one] => format!(
                "report {} is invalid{}: {}; nothing was stored",
                one.index.unwrap_or(0),
                one.field
                    .as_deref()
                    .map(|f| format!(" ({f})"))
                    .unwrap_or_default(),
                one.message
            ),
            many => format!("{} reports are invalid; nothing was stored", many.len()),
        };
        return Err(Problem::invalid(detail, faults));
    }
    // The same report twice in one batch: the last one wins, as if sent one
    // after the other; say so rather than store it twice.
    let mut seen = HashSet::new();
    let mut dups = Vec::new();
    for (i, p) in ok.iter().enumerate() {
        if !seen.insert(p.report.key.to_string()) {
            dups.push(FieldError {
                index: Some(i),
                field: Some("id".into()),
                message: format!("`{}` appears twice in the batch", p.report.key),
            });
        }
    }
    if !dups.is_empty() {
        return Err(Problem::invalid(
            "the batch holds the same report twice; nothing was stored",
            dups,
        ));
    }
    Ok(ok)
}

/// Stores a batch in one transaction, updates the rings, then the catalog.
pub(crate) fn store_batch(
    state: &AppState,
    prepared: Vec<PreparedReport>,
    actor: &str,
) -> Result<Submitted, Problem> {
    let mut store = state
        .writer
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let reports_before = store.report_count()?;
    let mut tx = store.begin()?;
    tx.upcoming(&prepared)?;
    let mut out = Submitted {
        new: 0,
        updated: 0,
        unchanged: 0,
        rings_touched: 0,
        reports: Vec::with_capacity(prepared.len()),
    };
    let mut dirty = Dirty::default();
    for p in &prepared {
        let (outcome, pk) = tx.upsert_report(p)?;
        let status = match outcome {
            Upsert::New => {
                out.new += 1;
                "new"
            }
            Upsert::Updated(_) => {
                out.updated += 1;
                "updated"
            }
            Upsert::Unchanged => {
                out.unchanged += 1;
                "unchanged"
            }
        };
        dirty.record(outcome, pk);
        out.reports.push(Accepted {
            report: p.report.key.to_string(),
            status: status.into(),
            ring: None,
            indicators: p.mentions.len(),
        });
    }
    let reason = format!("reports submitted by {actor}");
    let relinked = update_rings(
        tx.as_mut(),
        &dirty,
        &RingUpdate {
            reports_before,
            full_relink: false,
            reason: &reason,
        },
    )?;
    tx.commit()?;
    out.rings_touched = relinked.rings_touched;
    // The catalog follows the store; the writer stays locked meanwhile so
    // that catalog updates happen in commit order.
    // Reports split off a ring by this change moved too.
    let mut dirty: Vec<i64> = dirty.keys().into_iter().collect();
    dirty.extend(&relinked.moved);
    dirty.sort_unstable();
    dirty.dedup();
    let mut rows = Vec::new();
    let mut mentions = Vec::new();
    store.catalog_reports(&dirty, &mut |r| rows.push(r), &mut |m| mentions.push(m))?;
    // Placed reports carry their ring in the rows above; a full relink may
    // have moved any report.
    let all_rings = if relinked.full {
        Some(store.report_rings()?)
    } else {
        None
    };
    let mut cat = state.catalog_mut();
    cat.apply(rows, mentions);
    if let Some(all) = all_rings {
        cat.reassign(&all);
    }
    for (accepted, p) in out.reports.iter_mut().zip(&prepared) {
        let key = &p.report.key;
        if let Some(rix) = cat.by_key(key.partner.as_str(), key.id.as_str()) {
            accepted.ring = cat.entry(rix).ring.map(|g| cat.ring_id(g).to_string());
        }
    }
    Ok(out)
}

/// Filters and page of the report list.
#[derive(Clone, Debug, Deserialize, IntoParams)]
pub struct ReportListQuery {
    /// Only this partner's reports.
    pub partner: Option<String>,
    /// Only this ring's reports.
    pub ring: Option<String>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

/// A page of a list.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ReportPage {
    pub reports: Vec<ReportRef>,
    /// Pass as `cursor` for the next page; absent on the last.
    pub next_cursor: Option<String>,
}

/// Lists the reports the caller may see, in the order they arrived.
#[utoipa::path(get, path = "/v1/reports", tag = "reports", params(ReportListQuery), security(("bearer" = [])),
    responses((status = 200, body = ReportPage), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn list(
    State(state): State<Shared>,
    caller: Caller,
    query: Result<Query<ReportListQuery>, QueryRejection>,
) -> ApiResult<Json<ReportPage>> {
    caller.require(caller.role().may_read(), "read reports")?;
    let Query(q) = query?;
    let limit = page_size(q.limit, state.config.limits.max_page)?;
    let after: Option<u32> = decode_number_cursor(q.cursor.as_deref())?;
    let cat = state.catalog();
    let who = Looker::new(&cat, &caller.viewer);
    let partner = match &q.partner {
        Some(p) => match cat.partner_ix(p) {
            Some(ix) => Some(ix),
            None => {
                return Ok(Json(ReportPage {
                    reports: vec![],
                    next_cursor: None,
                }))
            }
        },
        None => None,
    };
    let ring = match &q.ring {
        Some(r) => match cat.ring_ix(r) {
            Some(g) => Some(g),
            None => {
                return Ok(Json(ReportPage {
                    reports: vec![],
                    next_cursor: None,
                }))
            }
        },
        None => None,
    };
    let start = after.map_or(0, |a| a as usize + 1);
    let mut reports = Vec::with_capacity(limit);
    let mut last = None;
    for rix in start..cat.reports.len() {
        let rix = rix as u32;
        let e = cat.entry(rix);
        if partner.is_some_and(|p| p != e.partner) || ring.is_some_and(|g| e.ring != Some(g)) {
            continue;
        }
        if cat.sight_of(&who, rix) == Sight::Hidden {
            continue;
        }
        if reports.len() == limit {
            break;
        }
        reports.push(cat.report_ref(&who, rix));
        last = Some(rix);
    }
    let next_cursor = (reports.len() == limit)
        .then(|| last.map(|l| encode_cursor(&l.to_string())))
        .flatten();
    Ok(Json(ReportPage {
        reports,
        next_cursor,
    }))
}

/// A report as the caller may see it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ReportView {
    pub report: String,
    pub partner: String,
    pub tlp: String,
    pub ring: Option<String>,
    /// `full`: `record` holds the report as sent; `linkage`: only its
    /// ring and indicators (TLP AMBER of another partner).
    pub sight: String,
    #[schema(value_type = Object)]
    pub record: Option<Value>,
    pub version: Option<u32>,
    pub received_at: String,
    pub indicators: Vec<MentionView>,
}

/// One indicator of a report.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct MentionView {
    pub kind: String,
    pub value: String,
    pub role: Option<String>,
    pub links: bool,
}

/// Reads one report, `partner:id`. Reading its content is recorded in the
/// audit log.
#[utoipa::path(get, path = "/v1/reports/{key}", tag = "reports", params(("key" = String, Path, description = "partner:id")),
    security(("bearer" = [])),
    responses((status = 200, body = ReportView), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn read(
    State(state): State<Shared>,
    caller: Caller,
    Path(key): Path<String>,
) -> ApiResult<Json<ReportView>> {
    caller.require(caller.role().may_read(), "read reports")?;
    let not_found = || Problem::not_found(format!("no report `{key}` that you may see"));
    let (partner, id) = key.split_once(':').ok_or_else(not_found)?;
    let (mut view, sight) = {
        let cat = state.catalog();
        let who = Looker::new(&cat, &caller.viewer);
        let rix = cat.by_key(partner, id).ok_or_else(not_found)?;
        let sight = cat.sight_of(&who, rix);
        if sight == Sight::Hidden {
            return Err(not_found());
        }
        let r = cat.report_ref(&who, rix);
        let e = cat.entry(rix);
        let indicators = e
            .mentions
            .iter()
            .map(|m| {
                let ind = cat.indicator(m.indicator);
                MentionView {
                    kind: ind.kind.as_str().into(),
                    value: ind.value.clone(),
                    role: m.role.map(|r| r.as_str().to_string()),
                    links: m.may_link,
                }
            })
            .collect();
        (
            ReportView {
                report: r.report,
                partner: r.partner,
                tlp: r.tlp,
                ring: r.ring,
                sight: r.sight,
                record: None,
                version: None,
                received_at: r.received_at,
                indicators,
            },
            sight,
        )
    };
    if sight == Sight::Full {
        let k = ringtrace_model::ReportKey::parse(&key).map_err(|_| not_found())?;
        let actor = caller.actor();
        let target = key.clone();
        let stored = state
            .blocking(move |s| {
                s.audit(&actor, "report.read", &target, json!({}))?;
                s.readers
                    .with(|store| store.report(&k))
                    .map_err(Problem::from)
            })
            .await?
            .ok_or_else(not_found)?;
        view.version = Some(stored.version);
        view.record = Some(Value::Object(stored.record));
    }
    Ok(Json(view))
}

/// Why a report is withdrawn.
#[derive(Clone, Debug, Deserialize, IntoParams)]
pub struct WithdrawQuery {
    /// Why, for the audit log and for partners that hold a copy.
    pub reason: Option<String>,
}

/// A withdrawn report.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Withdrawn {
    pub report: String,
    pub withdrawn_at: String,
    /// The ring it was in.
    pub ring: Option<String>,
    pub reason: String,
}

/// Withdraws one of the caller's partner's reports (an administrator: any
/// report): its content is erased, its ring relinked, and partners syncing
/// over TAXII receive it as a revoked object.
#[utoipa::path(delete, path = "/v1/reports/{key}", tag = "reports",
    params(("key" = String, Path, description = "partner:id"), WithdrawQuery),
    security(("bearer" = [])),
    responses((status = 200, body = Withdrawn), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn withdraw(
    State(state): State<Shared>,
    caller: Caller,
    Path(key): Path<String>,
    query: Result<Query<WithdrawQuery>, QueryRejection>,
) -> ApiResult<Json<Withdrawn>> {
    caller.require(caller.role().may_submit(), "withdraw reports")?;
    let Query(q) = query?;
    let not_found = || Problem::not_found(format!("no report `{key}` to withdraw"));
    let parsed = ringtrace_model::ReportKey::parse(&key).map_err(|_| not_found())?;
    if parsed.partner.as_str() != caller.viewer.partner && caller.role() != AccessRole::Admin {
        return Err(Problem::forbidden(format!(
            "a key of partner `{}` may withdraw only that partner's reports",
            caller.viewer.partner
        )));
    }
    let reason = q
        .reason
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| format!("withdrawn by {}", caller.viewer.partner));
    let actor = caller.actor();
    let gone = state
        .blocking(move |s| withdraw_reports(s, &[parsed], &reason, None, &actor))
        .await?;
    let w = gone.into_iter().next().ok_or_else(not_found)?;
    Ok(Json(Withdrawn {
        report: w.key.to_string(),
        withdrawn_at: w.withdrawn_at,
        ring: w.ring,
        reason: w.reason,
    }))
}

/// Withdraws reports in one transaction, relinks, records each in the audit
/// log, then updates the catalog (`via`: the TAXII server whose revocation
/// this applies).
pub(crate) fn withdraw_reports(
    state: &AppState,
    keys: &[ringtrace_model::ReportKey],
    reason: &str,
    via: Option<&str>,
    actor: &str,
) -> Result<Vec<ringtrace_store::Withdrawal>, Problem> {
    let mut store = state
        .writer
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let mut tx = store.begin()?;
    let (gone, _) = ringtrace_ingest::withdraw(tx.as_mut(), keys, reason, via)?;
    tx.commit()?;
    if gone.is_empty() {
        return Ok(gone);
    }
    for w in &gone {
        state.audit(
            actor,
            "report.withdraw",
            &w.key.to_string(),
            json!({"reason": reason, "ring": w.ring}),
        )?;
    }
    let all = store.report_rings()?;
    let mut cat = state.catalog_mut();
    for w in &gone {
        cat.withdraw(w);
    }
    cat.reassign(&all);
    Ok(gone)
}
