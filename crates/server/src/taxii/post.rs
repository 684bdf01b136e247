//! Adding objects (POST to a writable collection) and the status resource
//! that tells how it went. The envelope's objects go through
//! `ringtrace_share::stix::import_bundle` to report records, then the same
//! path as `POST /v1/reports`: decoded, credited to the caller's partner
//! (an administrator may add any partner's), stored in one transaction,
//! rings updated. The work is done before the answer, so the status is
//! already `complete`.

use super::media::{self, reply, TaxiiError, TaxiiResult};
use crate::auth::Caller;
use crate::problem::Problem;
use crate::routes::reports::{decode_all, store_batch, withdraw_reports};
use crate::state::Shared;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use ringtrace_share::stix::{self, ImportOptions};
use ringtrace_share::taxii;
use serde_json::{json, Value};
use std::collections::VecDeque;

/// Status resources kept for clients to poll.
const KEPT: usize = 1000;

#[derive(Debug, Default)]
pub struct Statuses {
    kept: VecDeque<(String, Value)>,
}

impl Statuses {
    fn put(&mut self, id: String, status: Value) {
        if self.kept.len() == KEPT {
            self.kept.pop_front();
        }
        self.kept.push_back((id, status));
    }

    fn get(&self, id: &str) -> Option<&Value> {
        self.kept.iter().find(|(i, _)| i == id).map(|(_, s)| s)
    }
}

pub async fn add_objects(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((root, coll)): Path<(String, String)>,
    c: Result<Caller, Problem>,
    body: Bytes,
) -> TaxiiResult<Response> {
    media::check_accept(&headers)?;
    let caller = media::caller(c)?;
    media::check_root(&root)?;
    media::collection(&caller, &coll, true)?;
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    if !taxii::is_taxii_content(ct) {
        return Err(TaxiiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("send {} (an envelope of objects)", taxii::MEDIA_TYPE),
        ));
    }
    let envelope: Value = serde_json::from_slice(&body).map_err(|e| {
        TaxiiError::new(
            StatusCode::BAD_REQUEST,
            format!("the body is not JSON: {e}"),
        )
    })?;
    let objects = envelope
        .get("objects")
        .and_then(Value::as_array)
        .cloned()
        .ok_or_else(|| {
            TaxiiError::new(
                StatusCode::BAD_REQUEST,
                "objects: an envelope holds an array of objects",
            )
        })?;
    let ids: Vec<(String, String)> = objects
        .iter()
        .map(|o| {
            let id = o
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let version = o
                .get("modified")
                .or_else(|| o.get("created"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            (id, version)
        })
        .collect();
    let requested = taxii::timestamp(chrono::Utc::now());
    let bundle = json!({
        "type": "bundle",
        "id": format!("bundle--{}", uuid::Uuid::new_v4()),
        "objects": objects,
    });
    let opts = ImportOptions {
        partner: Some(caller.viewer.partner.clone()),
    };
    let mut failures: Vec<Value> = Vec::new();
    let imported = stix::import_bundle(&bundle, &opts);
    let mut stored = true;
    match imported {
        Err(e) => {
            stored = false;
            failures.push(json!({"id": "", "message": e.to_string()}));
        }
        Ok(imported) => {
            for (id, why) in &imported.ignored {
                failures.push(json!({"id": id, "message": why}));
            }
            // A revoked report withdraws the stored one, when the caller's
            // partner owns it (an administrator: any).
            let mut withdraw = Vec::new();
            for key in &imported.withdrawn {
                let id = stix::report_id(key);
                match ringtrace_model::ReportKey::parse(key) {
                    Ok(k)
                        if k.partner.as_str() == caller.viewer.partner
                            || caller.role() == ringtrace_model::AccessRole::Admin =>
                    {
                        withdraw.push(k)
                    }
                    Ok(_) => failures.push(json!({"id": id, "message": format!(
                        "a key of partner `{}` may withdraw only that partner's reports; `{key}` was kept",
                        caller.viewer.partner)})),
                    Err(e) => failures.push(json!({"id": id, "message": e.to_string()})),
                }
            }
            if !withdraw.is_empty() {
                let actor = caller.actor();
                let reason = format!("revoked over TAXII by {}", caller.viewer.partner);
                state
                    .blocking(move |s| withdraw_reports(s, &withdraw, &reason, None, &actor))
                    .await
                    .map_err(TaxiiError::from)?;
            }
            let records: Vec<Value> = imported.reports.into_iter().map(Value::Object).collect();
            if !records.is_empty() {
                let caller2 = caller.clone();
                let decoded = tokio::task::spawn_blocking(move || decode_all(records, &caller2))
                    .await
                    .map_err(|e| {
                        TaxiiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
                    })?;
                match decoded {
                    Err(p) => {
                        stored = false;
                        failures.push(json!({"id": "", "message": p.detail}));
                        for f in p.errors {
                            failures.push(json!({
                                "id": "",
                                "message": format!("report {}{}: {}", f.index.unwrap_or(0),
                                    f.field.map(|x| format!(" ({x})")).unwrap_or_default(), f.message),
                            }));
                        }
                    }
                    Ok(prepared) => {
                        let actor = caller.actor();
                        let out = state
                            .blocking(move |s| store_batch(s, prepared, &actor))
                            .await
                            .map_err(TaxiiError::from)?;
                        state.metrics.reports_ingested.inc_by(out.new + out.updated);
                    }
                }
            }
        }
    }
    let failed: std::collections::HashSet<&str> = failures
        .iter()
        .filter_map(|f| f.get("id").and_then(Value::as_str))
        .collect();
    let successes: Vec<Value> = if stored {
        ids.iter()
            .filter(|(id, _)| !failed.contains(id.as_str()))
            .map(|(id, v)| json!({"id": id, "version": v}))
            .collect()
    } else {
        Vec::new()
    };
    let status_id = uuid::Uuid::new_v4().to_string();
    let status = json!({
        "id": status_id,
        "status": "complete",
        "request_timestamp": requested,
        "total_count": ids.len(),
        "success_count": successes.len(),
        "successes": successes,
        "failure_count": ids.len() - successes.len(),
        "failures": failures,
        "pending_count": 0,
    });
    state
        .taxii
        .statuses
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .put(status_id, status.clone());
    Ok(reply(StatusCode::ACCEPTED, &status, &[]))
}

pub async fn status(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((root, id)): Path<(String, String)>,
    c: Result<Caller, Problem>,
) -> TaxiiResult<Response> {
    media::check_accept(&headers)?;
    media::caller(c)?;
    media::check_root(&root)?;
    let statuses = state
        .taxii
        .statuses
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    let status = statuses
        .get(&id)
        .ok_or_else(|| TaxiiError::new(StatusCode::NOT_FOUND, format!("no status `{id}`")))?;
    Ok(reply(StatusCode::OK, status, &[]))
}
