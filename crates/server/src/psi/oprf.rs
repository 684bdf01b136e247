//! OPRF lookups (RFC 9497, base mode, ristretto255): a partner or a
//! telecom checks values against this instance's without showing them.
//!
//! - `GET /v1/oprf/{kind}`: the published set, F(k, v) for every value this
//!   instance offers (hex, sorted), and the key's id;
//! - `POST /v1/oprf/{kind}/evaluate` `{"blinded": [hex, …]}`: the blinded
//!   values evaluated with the key, `{"evaluated": [hex, …]}`, counted
//!   against the key's daily limit.
//!
//! The server never sees the values asked about, and without the key the
//! published set cannot be reversed offline: every guess costs an
//! evaluation, which the limit bounds. The key is made on first use and
//! kept in the store.

use super::element_kind;
use crate::auth::Caller;
use crate::problem::{ApiResult, Problem};
use crate::state::{AppState, Shared};
use axum::extract::{Path, State};
use axum::Json;
use ringtrace_psi::{BlindedValue, OprfOutput, OprfServerKey};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The store's name for the key (its hex).
const KEY_NAME: &str = "oprf key";

/// A published set, kept up to date: each offered value's output (so that
/// a change evaluates only the values new since), the sorted set, and the
/// catalog state it was made at.
#[derive(Debug, Default)]
struct Published {
    stamp: Option<(usize, u64)>,
    outputs: HashMap<String, OprfOutput>,
    sorted: Arc<Vec<OprfOutput>>,
}

/// The key, the published sets (made again when the catalog changes) and
/// what each key asked today.
#[derive(Debug, Default)]
pub struct OprfState {
    key: Mutex<Option<Arc<OprfServerKey>>>,
    published: Mutex<HashMap<String, Published>>,
    usage: super::DailyUsage,
}

/// 32 bytes from their hex text.
pub fn unhex32(text: &str) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(text, &mut out).ok()?;
    Some(out)
}

/// The key, read from the store or made and kept there.
fn key(state: &AppState) -> Result<Arc<OprfServerKey>, Problem> {
    let mut slot = state.psi.oprf.key.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(k) = slot.as_ref() {
        return Ok(k.clone());
    }
    let mut w = state.writer.lock().unwrap_or_else(|p| p.into_inner());
    let key = match w.sync_state(KEY_NAME)? {
        Some(text) => unhex32(&text)
            .and_then(|b| OprfServerKey::from_bytes(&b).ok())
            .ok_or_else(|| Problem::internal("the stored OPRF key is damaged"))?,
        None => {
            let k = OprfServerKey::generate(&mut rand::rngs::OsRng).map_err(Problem::internal)?;
            w.set_sync_state(KEY_NAME, &hex::encode(k.to_bytes()))?;
            k
        }
    };
    let key = Arc::new(key);
    *slot = Some(key.clone());
    Ok(key)
}

/// A short public name of the key, so that a client notices a new one.
fn key_id(key: &OprfServerKey) -> String {
    use sha2::Digest;
    hex::encode(&sha2::Sha256::digest(key.to_bytes())[..8])
}

fn kind_of(kind: &str) -> Result<(ringtrace_model::Kind, ringtrace_psi::ElementKind), Problem> {
    element_kind(kind).ok_or_else(|| {
        Problem::not_found(format!(
            "OPRF lookups take {}; not `{kind}`",
            super::KINDS.join(", ")
        ))
    })
}

/// `GET /v1/oprf/{kind}`: the published OPRF outputs of this instance's
/// values of `kind` (hex, sorted) and the key's id.
#[utoipa::path(get, path = "/v1/oprf/{kind}", tag = "psi",
    params(("kind" = String, Path, description = "phone, domain, url, email or crypto_wallet")),
    security(("bearer" = [])),
    responses((status = 200, body = Object), (status = 404, body = Problem)))]
pub async fn published(
    State(state): State<Shared>,
    caller: Caller,
    Path(kind): Path<String>,
) -> ApiResult<Json<Value>> {
    let _ = caller;
    let (model_kind, element) = kind_of(&kind)?;
    let out = state
        .blocking(move |s| {
            let key = key(s)?;
            let mut cache = s
                .psi
                .oprf
                .published
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            let p = cache.entry(kind.clone()).or_default();
            let (stamp, values) = {
                let cat = s.catalog();
                let stamp = (cat.entries(), cat.revision);
                let stale = p.stamp != Some(stamp);
                (
                    stamp,
                    stale.then(|| cat.linking_values(model_kind, None, s.config.psi.tlp_max)),
                )
            };
            if let Some(values) = values {
                let new: Vec<&String> = values
                    .iter()
                    .filter(|v| !p.outputs.contains_key(*v))
                    .collect();
                let outs = key.outputs(element, &new).map_err(Problem::internal)?;
                let mut kept: HashMap<String, OprfOutput> = HashMap::with_capacity(values.len());
                for (v, o) in new.into_iter().zip(outs) {
                    kept.insert(v.clone(), o);
                }
                for v in values {
                    if let Some(o) = p.outputs.remove(&v) {
                        kept.insert(v, o);
                    }
                }
                let mut sorted: Vec<OprfOutput> = kept.values().copied().collect();
                sorted.sort_unstable();
                sorted.dedup();
                *p = Published {
                    stamp: Some(stamp),
                    outputs: kept,
                    sorted: Arc::new(sorted),
                };
            }
            let set = p.sorted.clone();
            Ok(json!({
                "kind": kind,
                "key_id": key_id(&key),
                "count": set.len(),
                "outputs": set.iter().map(hex::encode).collect::<Vec<_>>(),
            }))
        })
        .await?;
    Ok(Json(out))
}

#[derive(Debug, Deserialize)]
pub struct EvaluateBody {
    pub blinded: Vec<String>,
}

/// `POST /v1/oprf/{kind}/evaluate`: blinded values (hex) evaluated with
/// the key, counted against the key's daily limit.
#[utoipa::path(post, path = "/v1/oprf/{kind}/evaluate", tag = "psi",
    params(("kind" = String, Path, description = "phone, domain, url, email or crypto_wallet")),
    request_body(content = Object, description = "{\"blinded\": [hex, …]}"),
    security(("bearer" = [])),
    responses((status = 200, body = Object), (status = 400, body = Problem), (status = 429, body = Problem)))]
pub async fn evaluate(
    State(state): State<Shared>,
    caller: Caller,
    Path(kind): Path<String>,
    body: Result<Json<EvaluateBody>, axum::extract::rejection::JsonRejection>,
) -> ApiResult<Json<Value>> {
    kind_of(&kind)?;
    let Json(body) = body?;
    let mut blinded = Vec::with_capacity(body.blinded.len());
    for (i, b) in body.blinded.iter().enumerate() {
        blinded.push(BlindedValue(unhex32(b).ok_or_else(|| {
            Problem::bad_request(format!("blinded[{i}] is not 32 bytes of hex"))
        })?));
    }
    let limit = state.config.psi.max_oprf_per_day;
    state
        .psi
        .oprf
        .usage
        .take(&caller.key_id, blinded.len() as u64, u64::MAX, limit)
        .map_err(|m| Problem::rate_limited(m, super::until_next_utc_day()))?;
    let out = state
        .blocking(move |s| {
            let key = key(s)?;
            let evaluated = key
                .evaluate_batch(&blinded)
                .map_err(|e| Problem::bad_request(e.to_string()))?;
            Ok(json!({
                "key_id": key_id(&key),
                "evaluated": evaluated.iter().map(|e| hex::encode(e.0)).collect::<Vec<_>>(),
            }))
        })
        .await?;
    Ok(Json(out))
}
