//! Authentication: the `Authorization: Bearer rt_…` header turned into a
//! [`Caller`], with keys cached for a short while so that a lookup does not
//! cost a database read.
//!
//! HTTP Basic with the key as password is taken too (TAXII clients).
//! A missing, malformed, unknown, wrong or revoked key, or a key of a
//! disabled partner, all get the same 401.

use crate::keys;
use crate::problem::Problem;
use crate::state::Shared;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use ringtrace_model::{AccessRole, Viewer};
use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

/// Who made a request.
#[derive(Clone, Debug)]
pub struct Caller {
    pub key_id: String,
    pub viewer: Viewer,
}

impl Caller {
    /// `partner/key_id`, as the audit log names actors.
    pub fn actor(&self) -> String {
        format!("{}/{}", self.viewer.partner, self.key_id)
    }

    pub fn role(&self) -> AccessRole {
        self.viewer.role
    }

    pub fn require(&self, ok: bool, what: &str) -> Result<(), Problem> {
        if ok {
            Ok(())
        } else {
            Err(Problem::forbidden(format!(
                "a key with role `{}` may not {what}",
                self.viewer.role
            )))
        }
    }
}

/// A key as last read from the store (None: no usable key by that id).
#[derive(Clone, Debug)]
struct Cached {
    key: Option<(String, Viewer)>,
    fetched: Instant,
}

/// Keys read from the store, trusted for `ttl`.
#[derive(Debug)]
pub struct KeyCache {
    ttl: Duration,
    entries: RwLock<HashMap<String, Cached>>,
}

impl KeyCache {
    pub fn new(ttl: Duration) -> Self {
        KeyCache {
            ttl,
            entries: RwLock::new(HashMap::new()),
        }
    }

    /// Forgets a key at once (after a revocation through this server).
    pub fn forget(&self, key_id: &str) {
        if let Ok(mut e) = self.entries.write() {
            e.remove(key_id);
        }
    }

    fn fresh(&self, key_id: &str) -> Option<Cached> {
        let entries = self.entries.read().ok()?;
        let c = entries.get(key_id)?;
        (c.fetched.elapsed() < self.ttl).then(|| c.clone())
    }

    fn remember(&self, key_id: &str, key: Option<(String, Viewer)>) {
        if let Ok(mut e) = self.entries.write() {
            if e.len() > 100_000 {
                e.clear(); // a flood of made-up key ids cannot grow this without end
            }
            e.insert(
                key_id.to_string(),
                Cached {
                    key,
                    fetched: Instant::now(),
                },
            );
        }
    }
}

/// Reads a key and its partner from the store: the secret's hash and who
/// it makes the caller, or None when it is unknown, revoked or its partner
/// disabled.
fn load_key(
    state: &crate::state::AppState,
    key_id: &str,
) -> Result<Option<(String, Viewer)>, Problem> {
    state.readers.with(|store| {
        let Some(key) = store.key(key_id)? else {
            return Ok(None);
        };
        if key.revoked_at.is_some() {
            return Ok(None);
        }
        let partner_ok = store
            .partners()?
            .iter()
            .any(|p| p.slug == key.partner && !p.disabled);
        Ok(partner_ok.then_some({
            (
                key.secret_hash,
                Viewer {
                    partner: key.partner,
                    role: key.role,
                },
            )
        }))
    })
}

/// The key in an `Authorization` header: `Bearer KEY`, or HTTP Basic with
/// the key as the password (what TAXII clients such as taxii2-client and
/// many threat-intelligence platforms send; the user name is ignored).
fn presented_key(header: &str) -> Option<String> {
    use base64::Engine;
    let (scheme, rest) = header.split_once(' ')?;
    if scheme.eq_ignore_ascii_case("bearer") {
        return Some(rest.trim().to_string());
    }
    if scheme.eq_ignore_ascii_case("basic") {
        let raw = base64::engine::general_purpose::STANDARD
            .decode(rest.trim())
            .ok()?;
        let text = String::from_utf8(raw).ok()?;
        let (_, password) = text.split_once(':')?;
        return Some(password.to_string());
    }
    None
}

impl FromRequestParts<Shared> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, Problem> {
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .ok_or_else(Problem::unauthorized)?;
        let presented = presented_key(header).ok_or_else(Problem::unauthorized)?;
        let (key_id, secret) = keys::parse(&presented).ok_or_else(Problem::unauthorized)?;
        let cached = match state.keys.fresh(key_id) {
            Some(c) => c.key,
            None => {
                let id = key_id.to_string();
                let key = state.blocking(move |s| load_key(s, &id)).await?;
                state.keys.remember(key_id, key.clone());
                key
            }
        };
        let Some((hash, viewer)) = cached else {
            state.metrics.auth_failures.inc();
            return Err(Problem::unauthorized());
        };
        if !keys::secret_matches(secret, &hash) {
            state.metrics.auth_failures.inc();
            return Err(Problem::unauthorized());
        }
        if let Err(wait) = state.rate.take(key_id, std::time::Instant::now()) {
            return Err(Problem::rate_limited(
                "this key made more requests than `[limits] requests_per_second_per_key` allows",
                wait,
            ));
        }
        Ok(Caller {
            key_id: key_id.to_string(),
            viewer,
        })
    }
}
