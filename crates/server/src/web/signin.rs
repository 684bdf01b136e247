//! Sign-in with an API key (turned into a session) and sign-out.
//!
//! The key is read once, checked like the API checks it (hash compared in
//! constant time, not revoked, partner enabled), and never stored in the
//! browser: the cookie holds a random session token. The sign-in form
//! carries a token of its own, matched against a short-lived cookie, so
//! that another site cannot sign a browser in with its key.

use super::i18n::Lang;
use super::layout;
use super::session::{self, cookie, Sessions, Web};
use super::{Page, WebError, WebResult};
use crate::keys;
use crate::problem::Problem;
use crate::state::Shared;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect};
use axum::{Extension, Form};
use maud::html;
use ringtrace_model::Viewer;
use serde::Deserialize;
use std::sync::Arc;

const PRE: &str = "rt_pre";

#[derive(Debug, Deserialize)]
pub struct Next {
    pub next: Option<String>,
}

/// Only a path of this site.
fn safe_next(next: Option<&str>) -> String {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\'))
        .unwrap_or("/")
        .to_string()
}

fn form_page(lang: Lang, pre: &str, next: &str, error: Option<&str>) -> maud::Markup {
    let l = lang;
    let title = l.t("Sign in", "Connexion");
    let here = if next == "/" {
        "/sign-in".to_string()
    } else {
        format!("/sign-in?next={}", super::enc(next))
    };
    layout::bare_at(
        l,
        title,
        &here,
        html! {
            h1 { (title) }
            p { (l.t("Sign in with the API key your administrator gave you. It is checked once; the browser then keeps only a session cookie.",
                     "Connectez-vous avec la clé d'API fournie par votre administrateur. Elle est vérifiée une fois ; le navigateur ne garde ensuite qu'un cookie de session.")) }
            @if let Some(e) = error {
                p.error role="alert" { (e) }
            }
            form method="post" action="/sign-in" {
                input type="hidden" name="csrf" value=(pre);
                input type="hidden" name="next" value=(next);
                div.field {
                    label for="key" { (l.t("API key", "Clé d'API")) }
                    input #key type="password" name="key" required autocomplete="off"
                        spellcheck="false" placeholder="rt_…" aria-describedby="key-help";
                    p #key-help .help { (l.t("It starts with rt_.", "Elle commence par rt_.")) }
                }
                button.primary type="submit" { (l.t("Sign in", "Se connecter")) }
            }
        },
    )
}

fn pre_cookie(token: &str) -> String {
    format!("{PRE}={token}; Path=/sign-in; HttpOnly; SameSite=Strict; Max-Age=3600")
}

/// `GET /sign-in`.
pub async fn form(headers: HeaderMap, Query(q): Query<Next>) -> impl IntoResponse {
    let lang = Lang::of(&headers);
    let pre = session::token();
    let next = safe_next(q.next.as_deref());
    (
        [(header::SET_COOKIE, pre_cookie(&pre))],
        Page(StatusCode::OK, form_page(lang, &pre, &next, None)),
    )
}

#[derive(Debug, Deserialize)]
pub struct SignIn {
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub csrf: String,
    pub next: Option<String>,
}

/// Checks a presented key as the API would; who it makes the caller.
fn check_key(
    state: &crate::state::AppState,
    presented: &str,
) -> Result<Option<(String, Viewer)>, Problem> {
    let Some((key_id, secret)) = keys::parse(presented.trim()) else {
        return Ok(None);
    };
    state.readers.with(|store| {
        let Some(key) = store.key(key_id)? else {
            return Ok(None);
        };
        if key.revoked_at.is_some() || !keys::secret_matches(secret, &key.secret_hash) {
            return Ok(None);
        }
        let enabled = store
            .partners()?
            .iter()
            .any(|p| p.slug == key.partner && !p.disabled);
        Ok(enabled.then(|| {
            (
                key_id.to_string(),
                Viewer {
                    partner: key.partner,
                    role: key.role,
                },
            )
        }))
    })
}

/// `POST /sign-in`.
pub async fn submit(
    State(state): State<Shared>,
    Extension(sessions): Extension<Arc<Sessions>>,
    headers: HeaderMap,
    Form(f): Form<SignIn>,
) -> WebResult {
    let lang = Lang::of(&headers);
    let next = safe_next(f.next.as_deref());
    let pre_ok = cookie(&headers, PRE).is_some_and(|c| {
        use subtle::ConstantTimeEq;
        !c.is_empty() && bool::from(c.as_bytes().ct_eq(f.csrf.as_bytes()))
    });
    let again = |status: StatusCode, msg: &str| {
        let pre = session::token();
        (
            status,
            [(header::SET_COOKIE, pre_cookie(&pre))],
            Page(status, form_page(lang, &pre, &next, Some(msg))),
        )
            .into_response()
    };
    if !pre_ok {
        return Ok(again(
            StatusCode::FORBIDDEN,
            lang.t(
                "The sign-in form expired; please try again.",
                "Le formulaire de connexion a expiré ; veuillez réessayer.",
            ),
        ));
    }
    let key = f.key.clone();
    let checked = state
        .blocking(move |s| check_key(s, &key))
        .await
        .map_err(|p| WebError::from_problem(lang, p))?;
    let Some((key_id, viewer)) = checked else {
        state.metrics.auth_failures.inc();
        return Ok(again(
            StatusCode::UNAUTHORIZED,
            lang.t(
                "That key was not accepted.",
                "Cette clé n'a pas été acceptée.",
            ),
        ));
    };
    if !viewer.role.may_read() {
        return Ok(again(
            StatusCode::FORBIDDEN,
            lang.t(
                "This key's role may only look values up through the API; the web interface needs an analyst, investigator, partner or admin key.",
                "Le rôle de cette clé ne permet que les vérifications par l'API ; l'interface web demande une clé d'analyste, d'enquêteur, de partenaire ou d'administrateur.",
            ),
        ));
    }
    let actor = format!("{}/{}", viewer.partner, key_id);
    state
        .blocking(move |s| s.audit(&actor, "session.start", "web", serde_json::json!({})))
        .await
        .map_err(|p| WebError::from_problem(lang, p))?;
    let token = sessions.open(&key_id, viewer);
    let mut res = Redirect::to(&next).into_response();
    let h = res.headers_mut();
    if let Ok(v) = session::session_cookie(&token, session::over_https(&headers)).parse() {
        h.append(header::SET_COOKIE, v);
    }
    if let Ok(v) = format!("{PRE}=; Path=/sign-in; HttpOnly; SameSite=Strict; Max-Age=0").parse() {
        h.append(header::SET_COOKIE, v);
    }
    Ok(res)
}

#[derive(Debug, Deserialize)]
pub struct Csrf {
    #[serde(default)]
    pub csrf: String,
}

/// `POST /sign-out`.
pub async fn sign_out(
    web: Web,
    Extension(sessions): Extension<Arc<Sessions>>,
    Form(f): Form<Csrf>,
) -> WebResult {
    web.require_csrf(&f.csrf)?;
    sessions.close(&web.token);
    Ok((
        [(header::SET_COOKIE, session::clear_cookie())],
        Redirect::to("/sign-in"),
    )
        .into_response())
}
