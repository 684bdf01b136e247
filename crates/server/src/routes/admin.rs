//! `/v1/partners`, `/v1/keys`, `/v1/audit` and `/v1/shares`: what
//! administrators (and, for sharing, a partner's analysts) change.

use crate::admin::{self, AdminError};
use crate::auth::Caller;
use crate::problem::{ApiResult, Problem};
use crate::state::Shared;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use ringtrace_model::{AccessRole, AuditEntry};
use ringtrace_store::{ApiKeyRecord, Partner};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

impl From<AdminError> for Problem {
    fn from(e: AdminError) -> Self {
        match e {
            AdminError::Invalid(m) => Problem::invalid(m, vec![]),
            AdminError::NotFound(m) => Problem::not_found(m),
            AdminError::Store(ringtrace_store::StoreError::Conflict(m)) => {
                Problem::new(StatusCode::CONFLICT, "conflict", m)
            }
            AdminError::Store(e) => Problem::internal(e),
        }
    }
}

fn admin_only(caller: &Caller) -> Result<(), Problem> {
    caller.require(caller.role().may_administer(), "administer the service")
}

/// Partners of the service.
#[utoipa::path(get, path = "/v1/partners", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = [PartnerSchema]), (status = 403, body = Problem)))]
pub async fn partners(
    State(state): State<Shared>,
    caller: Caller,
) -> ApiResult<Json<Vec<Partner>>> {
    admin_only(&caller)?;
    let list = state
        .blocking(|s| s.readers.with(|st| st.partners()).map_err(Problem::from))
        .await?;
    Ok(Json(list))
}

/// The schema of a partner (documentation only).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct PartnerSchema {
    slug: String,
    name: String,
    disabled: bool,
    created_at: String,
}

#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct NewPartner {
    pub slug: String,
    #[serde(default)]
    pub name: String,
}

/// Adds a partner.
#[utoipa::path(post, path = "/v1/partners", tag = "admin", request_body = NewPartner, security(("bearer" = [])),
    responses((status = 201, body = PartnerSchema), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn add_partner(
    State(state): State<Shared>,
    caller: Caller,
    body: Result<Json<NewPartner>, JsonRejection>,
) -> ApiResult<(StatusCode, Json<Partner>)> {
    admin_only(&caller)?;
    let Json(p) = body?;
    let actor = caller.actor();
    let partner = state
        .blocking(move |s| {
            let mut w = s.writer.lock().unwrap_or_else(|e| e.into_inner());
            admin::add_partner(w.as_mut(), &p.slug, &p.name, &actor).map_err(Problem::from)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(partner)))
}

#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct PartnerState {
    pub disabled: bool,
}

/// Disables (or enables again) a partner: a disabled partner's keys are refused.
#[utoipa::path(put, path = "/v1/partners/{slug}/state", tag = "admin", request_body = PartnerState,
    params(("slug" = String, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn set_partner_state(
    State(state): State<Shared>,
    caller: Caller,
    Path(slug): Path<String>,
    body: Result<Json<PartnerState>, JsonRejection>,
) -> ApiResult<StatusCode> {
    admin_only(&caller)?;
    let Json(ps) = body?;
    let actor = caller.actor();
    state
        .blocking(move |s| {
            let mut w = s.writer.lock().unwrap_or_else(|e| e.into_inner());
            admin::set_disabled(w.as_mut(), &slug, ps.disabled, &actor).map_err(Problem::from)
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Clone, Debug, Deserialize, IntoParams)]
pub struct KeyListQuery {
    pub partner: Option<String>,
}

/// A key as listed: never its secret.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct KeySchema {
    key_id: String,
    partner: String,
    role: String,
    label: String,
    created_at: String,
    revoked_at: Option<String>,
}

/// API keys (never their secrets).
#[utoipa::path(get, path = "/v1/keys", tag = "admin", params(KeyListQuery), security(("bearer" = [])),
    responses((status = 200, body = [KeySchema]), (status = 403, body = Problem)))]
pub async fn keys(
    State(state): State<Shared>,
    caller: Caller,
    query: Result<Query<KeyListQuery>, QueryRejection>,
) -> ApiResult<Json<Vec<ApiKeyRecord>>> {
    admin_only(&caller)?;
    let Query(q) = query?;
    let list = state
        .blocking(move |s| {
            s.readers
                .with(|st| st.keys(q.partner.as_deref()))
                .map_err(Problem::from)
        })
        .await?;
    Ok(Json(list))
}

#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct NewKey {
    pub partner: String,
    pub role: String,
    #[serde(default)]
    pub label: String,
}

/// A new key: `key` is shown this once.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct CreatedKey {
    pub key: String,
    pub key_id: String,
    pub partner: String,
    pub role: String,
}

/// Makes a key.
#[utoipa::path(post, path = "/v1/keys", tag = "admin", request_body = NewKey, security(("bearer" = [])),
    responses((status = 201, body = CreatedKey), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn create_key(
    State(state): State<Shared>,
    caller: Caller,
    body: Result<Json<NewKey>, JsonRejection>,
) -> ApiResult<(StatusCode, Json<CreatedKey>)> {
    admin_only(&caller)?;
    let Json(k) = body?;
    let role: AccessRole = k
        .role
        .parse()
        .map_err(|e: ringtrace_model::ValueError| Problem::invalid(format!("role: {e}"), vec![]))?;
    let actor = caller.actor();
    let (plaintext, record) = state
        .blocking(move |s| {
            let mut w = s.writer.lock().unwrap_or_else(|e| e.into_inner());
            admin::create_key(w.as_mut(), &k.partner, role, &k.label, &actor).map_err(Problem::from)
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedKey {
            key: plaintext,
            key_id: record.key_id,
            partner: record.partner,
            role: record.role.as_str().into(),
        }),
    ))
}

/// Revokes a key, at once. Administrators revoke any key; any caller may
/// revoke the key it uses.
#[utoipa::path(delete, path = "/v1/keys/{key_id}", tag = "admin", params(("key_id" = String, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn revoke_key(
    State(state): State<Shared>,
    caller: Caller,
    Path(key_id): Path<String>,
) -> ApiResult<StatusCode> {
    caller.require(
        caller.role().may_administer() || caller.key_id == key_id,
        "revoke other keys",
    )?;
    let actor = caller.actor();
    let id = key_id.clone();
    state
        .blocking(move |s| {
            let mut w = s.writer.lock().unwrap_or_else(|e| e.into_inner());
            admin::revoke_key(w.as_mut(), &id, &actor).map_err(Problem::from)
        })
        .await?;
    state.keys.forget(&key_id);
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Clone, Debug, Deserialize, IntoParams)]
pub struct AuditQuery {
    /// Entries after this sequence number (default 0).
    pub after: Option<u64>,
    pub limit: Option<usize>,
}

/// An audit entry (documentation only).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct AuditSchema {
    seq: u64,
    at: String,
    actor: String,
    action: String,
    target: String,
    detail: String,
    prev_hash: String,
    hash: String,
}

/// The audit log, oldest first.
#[utoipa::path(get, path = "/v1/audit", tag = "admin", params(AuditQuery), security(("bearer" = [])),
    responses((status = 200, body = [AuditSchema]), (status = 403, body = Problem)))]
pub async fn audit(
    State(state): State<Shared>,
    caller: Caller,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> ApiResult<Json<Vec<AuditEntry>>> {
    admin_only(&caller)?;
    let Query(q) = query?;
    let limit = super::page_size(q.limit, state.config.limits.max_page)? as u64;
    let list = state
        .blocking(move |s| {
            s.readers
                .with(|st| st.audit_entries(q.after.unwrap_or(0), limit))
                .map_err(Problem::from)
        })
        .await?;
    Ok(Json(list))
}

/// Lets partner `grantee` read the narratives and losses of the caller's
/// partner's AMBER reports (PUT), or withdraws that (DELETE).
#[utoipa::path(put, path = "/v1/shares/amber/{grantee}", tag = "admin", params(("grantee" = String, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn grant_amber(
    State(state): State<Shared>,
    caller: Caller,
    Path(grantee): Path<String>,
) -> ApiResult<StatusCode> {
    set_amber(state, caller, grantee, true).await
}

#[utoipa::path(delete, path = "/v1/shares/amber/{grantee}", tag = "admin", params(("grantee" = String, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn withdraw_amber(
    State(state): State<Shared>,
    caller: Caller,
    Path(grantee): Path<String>,
) -> ApiResult<StatusCode> {
    set_amber(state, caller, grantee, false).await
}

async fn set_amber(
    state: Shared,
    caller: Caller,
    grantee: String,
    shared: bool,
) -> ApiResult<StatusCode> {
    caller.require(
        matches!(caller.role(), AccessRole::Admin | AccessRole::Analyst),
        "change what its partner shares",
    )?;
    let owner = caller.viewer.partner.clone();
    let actor = caller.actor();
    let (o, g) = (owner.clone(), grantee.clone());
    state
        .blocking(move |s| {
            let mut w = s.writer.lock().unwrap_or_else(|e| e.into_inner());
            admin::share_amber(w.as_mut(), &o, &g, shared, &actor).map_err(Problem::from)
        })
        .await?;
    state.catalog_mut().grant_amber(&owner, &grantee, shared);
    Ok(StatusCode::NO_CONTENT)
}
