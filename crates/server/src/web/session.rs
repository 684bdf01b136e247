//! Sessions: an API key presented once at sign-in becomes a random session
//! token in an HttpOnly, SameSite=Strict cookie; the server keeps the
//! sessions in memory with an expiry, and a CSRF token per session that
//! every form carries back.
//!
//! The key behind a session is checked again against the store as often as
//! the API trusts its key cache (`key_cache`, [`RECHECK`] at most), so a
//! revoked key or a disabled partner ends its sessions.

use super::i18n::Lang;
use crate::auth::Caller;
use crate::problem::Problem;
use crate::state::Shared;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine;
use rand::RngCore;
use ringtrace_model::Viewer;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use subtle::ConstantTimeEq;

/// The session cookie's name.
pub const COOKIE: &str = "rt_session";
/// How long a session lives at most.
pub const LIFETIME: Duration = Duration::from_secs(8 * 3600);
/// How long a session may sit unused.
pub const IDLE: Duration = Duration::from_secs(3600);
/// How often the key behind a session is read again.
pub const RECHECK: Duration = Duration::from_secs(30);

#[derive(Clone, Debug)]
struct Session {
    key_id: String,
    viewer: Viewer,
    csrf: String,
    created: Instant,
    used: Instant,
    checked: Instant,
}

/// The server's sessions, by token.
#[derive(Debug, Default)]
pub struct Sessions {
    map: Mutex<HashMap<String, Session>>,
}

/// 32 random bytes, base64url.
pub fn token() -> String {
    let mut b = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut b);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

impl Sessions {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Session>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Opens a session for a checked key; returns its token.
    pub fn open(&self, key_id: &str, viewer: Viewer) -> String {
        let now = Instant::now();
        let t = token();
        let mut map = self.lock();
        if map.len() > 1000 {
            map.retain(|_, s| alive(s, now));
        }
        map.insert(
            t.clone(),
            Session {
                key_id: key_id.to_string(),
                viewer,
                csrf: token(),
                created: now,
                used: now,
                checked: now,
            },
        );
        t
    }

    pub fn close(&self, token: &str) {
        self.lock().remove(token);
    }

    /// Ends every session of a key.
    pub fn close_key(&self, key_id: &str) {
        self.lock().retain(|_, s| s.key_id != key_id);
    }

    fn touch(&self, token: &str) -> Option<Session> {
        self.touch_at(token, Instant::now())
    }

    fn touch_at(&self, token: &str, now: Instant) -> Option<Session> {
        let mut map = self.lock();
        let s = map.get_mut(token)?;
        if !alive(s, now) {
            map.remove(token);
            return None;
        }
        s.used = now;
        Some(s.clone())
    }

    fn checked(&self, token: &str) {
        if let Some(s) = self.lock().get_mut(token) {
            s.checked = Instant::now();
        }
    }

    /// Live sessions (for tests and metrics).
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn alive(s: &Session, now: Instant) -> bool {
    now.duration_since(s.created) < LIFETIME && now.duration_since(s.used) < IDLE
}

/// The value of one cookie of the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The `Set-Cookie` value of a session; `Secure` when the browser came over
/// HTTPS (through a proxy that says so with `X-Forwarded-Proto`).
pub fn session_cookie(token: &str, https: bool) -> String {
    format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
        LIFETIME.as_secs(),
        if https { "; Secure" } else { "" }
    )
}

/// Whether the request reached the proxy in front of ringtrace over HTTPS.
pub fn over_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"))
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie() -> String {
    format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
}

/// A signed-in analyst, as a page handler sees them.
#[derive(Clone, Debug)]
pub struct Web {
    pub caller: Caller,
    pub csrf: String,
    pub lang: Lang,
    /// The path and query of this request (where the language switch returns).
    pub here: String,
    pub token: String,
}

impl Web {
    pub fn viewer(&self) -> &Viewer {
        &self.caller.viewer
    }

    /// Whether a form's CSRF token is this session's.
    pub fn csrf_ok(&self, presented: &str) -> bool {
        !presented.is_empty() && bool::from(presented.as_bytes().ct_eq(self.csrf.as_bytes()))
    }

    /// Refuses a form whose CSRF token is not this session's.
    pub fn require_csrf(&self, presented: &str) -> Result<(), super::WebError> {
        if self.csrf_ok(presented) {
            Ok(())
        } else {
            Err(super::WebError::new(
                self.lang,
                StatusCode::FORBIDDEN,
                self.lang.t(
                    "This form has expired or did not come from this site; please reload the page and try again.",
                    "Ce formulaire a expiré ou ne vient pas de ce site ; rechargez la page et réessayez.",
                ),
            ))
        }
    }
}

/// Where a request without a session goes.
fn to_sign_in(parts: &Parts) -> Response {
    let here = parts
        .uri
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_string();
    let target = if here == "/" || parts.method != axum::http::Method::GET {
        "/sign-in".to_string()
    } else {
        format!("/sign-in?next={}", super::enc(&here))
    };
    Redirect::to(&target).into_response()
}

/// Whether the key behind a session is still good (not revoked, partner
/// enabled).
fn key_still_good(state: &crate::state::AppState, key_id: &str) -> Result<bool, Problem> {
    state.readers.with(|store| {
        let Some(key) = store.key(key_id)? else {
            return Ok(false);
        };
        if key.revoked_at.is_some() {
            return Ok(false);
        }
        Ok(store
            .partners()?
            .iter()
            .any(|p| p.slug == key.partner && !p.disabled))
    })
}

impl FromRequestParts<Shared> for Web {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, Response> {
        let lang = Lang::of(&parts.headers);
        let Some(sessions) = parts.extensions.get::<Arc<Sessions>>().cloned() else {
            return Err(to_sign_in(parts));
        };
        let Some(token) = cookie(&parts.headers, COOKIE).map(str::to_string) else {
            return Err(to_sign_in(parts));
        };
        let Some(session) = sessions.touch(&token) else {
            return Err(to_sign_in(parts));
        };
        if session.checked.elapsed() >= RECHECK.min(state.config.key_cache) {
            let id = session.key_id.clone();
            let good = state
                .blocking(move |s| key_still_good(s, &id))
                .await
                .map_err(|p| super::WebError::from_problem(lang, p).into_response())?;
            if !good {
                sessions.close(&token);
                return Err(to_sign_in(parts));
            }
            sessions.checked(&token);
        }
        let here = parts
            .uri
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_string();
        Ok(Web {
            caller: Caller {
                key_id: session.key_id,
                viewer: session.viewer,
            },
            csrf: session.csrf,
            lang,
            here,
            token,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_read_by_name() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, "a=1; rt_session=xyz; b=2".parse().unwrap());
        assert_eq!(cookie(&h, COOKIE), Some("xyz"));
        assert_eq!(cookie(&h, "b"), Some("2"));
        assert_eq!(cookie(&h, "c"), None);
    }

    fn analyst() -> Viewer {
        Viewer {
            partner: "p".into(),
            role: ringtrace_model::AccessRole::Analyst,
        }
    }

    #[test]
    fn sessions_open_and_close() {
        let s = Sessions::default();
        let t = s.open("k1", analyst());
        assert!(s.touch(&t).is_some());
        assert!(s.touch("nope").is_none());
        s.close_key("k1");
        assert!(s.touch(&t).is_none());
    }

    #[test]
    fn sessions_expire_when_idle_and_at_their_lifetime() {
        let s = Sessions::default();
        let busy = s.open("k1", analyst());
        let idle = s.open("k2", analyst());
        let t0 = Instant::now();
        let minute = Duration::from_secs(60);
        // Used every 59 minutes, a session lives until its lifetime ends.
        let mut at = t0;
        while at + 59 * minute < t0 + LIFETIME {
            at += 59 * minute;
            assert!(s.touch_at(&busy, at).is_some(), "{:?} in", at - t0);
        }
        assert!(s.touch_at(&busy, t0 + LIFETIME + minute).is_none());
        // Unused for an hour, it ends, and stays ended.
        assert!(s.touch_at(&idle, t0 + IDLE + minute).is_none());
        assert!(s.touch_at(&idle, t0).is_none());
        assert!(s.is_empty());
    }
}
