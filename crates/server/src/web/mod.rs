//! The analyst's web interface: server-rendered pages (maud) over the same
//! catalog and TLP views as the API, in English and French.
//!
//! Sessions come from signing in with an API key (`session`); every page
//! asks the catalog's views what the signed-in key may see, exactly as the
//! API does. No page needs JavaScript; `static/app.js` only adds zoom and
//! filtering to the ring graph.

pub mod assets;
pub mod cache;
pub mod case;
pub mod case_graph;
pub mod cases;
pub mod dashboard;
pub mod fmt;
pub mod graph;
pub mod graph_plain;
pub mod i18n;
pub mod indicator;
pub mod layout;
pub mod report;
pub mod ring;
pub mod rings;
pub mod search;
pub mod session;
pub mod signin;
pub mod site;
pub mod submit;
pub mod warnings;

use crate::state::Shared;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use std::sync::Arc;

pub use i18n::Lang;
pub use session::{Sessions, Web};

/// The pages, their assets and the session store, with security headers.
pub fn router() -> Router<Shared> {
    Router::new()
        .route("/", get(dashboard::page))
        .route("/sign-in", get(signin::form).post(signin::submit))
        .route("/sign-out", post(signin::sign_out))
        .route("/lang/{lang}", get(i18n::switch))
        .route("/rings", get(rings::page))
        .route("/rings/{id}", get(ring::page))
        .route("/report", get(report::page))
        .route("/indicator", get(indicator::page))
        .route("/search", get(search::page))
        .route("/submit", get(submit::form).post(submit::post))
        .route("/warnings", get(warnings::page))
        .route("/cases", get(cases::page))
        .route("/cases/{id}", get(case::page))
        .route("/cases/{id}/notes", post(case::add_note))
        .route("/cases/{id}/sites/{site}", get(site::page))
        .route("/static/app.css", get(assets::css))
        .route("/static/app.js", get(assets::js))
        .route("/favicon.ico", get(assets::favicon))
        .layer(Extension(Arc::new(Sessions::default())))
        .layer(Extension(Arc::new(cache::PageCache::default())))
        .layer(middleware::from_fn(security_headers))
}

/// Headers every page carries: no inline script or style, no framing, no
/// referrer leaving the site, no content sniffing.
async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, name: &'static str, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    set(
        h,
        "content-security-policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         form-action 'self'; frame-ancestors 'none'; base-uri 'none'; connect-src 'self'",
    );
    set(h, "x-content-type-options", "nosniff");
    set(h, "referrer-policy", "same-origin");
    set(h, "x-frame-options", "DENY");
    if !h.contains_key(header::CACHE_CONTROL) {
        set(h, "cache-control", "no-store");
    }
    res
}

/// An HTML answer.
pub struct Page(pub StatusCode, pub maud::Markup);

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        (
            self.0,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            self.1.into_string(),
        )
            .into_response()
    }
}

impl From<maud::Markup> for Page {
    fn from(m: maud::Markup) -> Self {
        Page(StatusCode::OK, m)
    }
}

/// What a page handler returns: a page, a redirect, or an error page.
pub type WebResult = Result<Response, WebError>;

/// An error shown as a page in the caller's language.
#[derive(Debug)]
pub struct WebError {
    pub status: StatusCode,
    pub lang: Lang,
    pub message: String,
}

impl WebError {
    pub fn new(lang: Lang, status: StatusCode, message: impl Into<String>) -> Self {
        WebError {
            status,
            lang,
            message: message.into(),
        }
    }

    pub fn not_found(lang: Lang) -> Self {
        Self::new(
            lang,
            StatusCode::NOT_FOUND,
            lang.t(
                "Nothing here that you may see.",
                "Rien ici que vous puissiez voir.",
            ),
        )
    }

    pub fn internal(lang: Lang, e: impl std::fmt::Display) -> Self {
        tracing::error!(error = %e, "web page failed");
        Self::new(
            lang,
            StatusCode::INTERNAL_SERVER_ERROR,
            lang.t(
                "Something went wrong on our side; please try again.",
                "Une erreur est survenue de notre côté ; veuillez réessayer.",
            ),
        )
    }

    pub fn from_problem(lang: Lang, p: crate::problem::Problem) -> Self {
        let status = StatusCode::from_u16(p.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if status.is_server_error() {
            return Self::internal(lang, p.detail);
        }
        Self::new(lang, status, p.detail)
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let l = self.lang;
        let title = if self.status == StatusCode::NOT_FOUND {
            l.t("Not found", "Introuvable")
        } else {
            l.t("Error", "Erreur")
        };
        let body = maud::html! {
            h1 { (title) }
            p role="alert" { (self.message) }
            p { a href="/" { (l.t("Back to the dashboard", "Retour au tableau de bord")) } }
        };
        Page(self.status, layout::bare(l, title, body)).into_response()
    }
}

/// URL-encodes a query value.
pub fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// `s` percent-encoded as one path segment: a space is `%20`, not `+` (a
/// `+` in a path is a plus sign). A literal `+` is already `%2B` in
/// [`enc`]'s output, so every `+` left there stands for a space.
pub fn seg(s: &str) -> String {
    enc(s).replace('+', "%20")
}

/// The link to an indicator's page.
pub fn indicator_href(kind: &str, value: &str) -> String {
    format!("/indicator?kind={}&value={}", enc(kind), enc(value))
}

/// The link to a report's page.
pub fn report_href(key: &str) -> String {
    format!("/report?key={}", enc(key))
}

/// The link to a ring's page.
pub fn ring_href(id: &str) -> String {
    format!("/rings/{}", enc(id))
}

#[cfg(test)]
mod tests {
    #[test]
    fn path_segments_keep_spaces_and_plus_signs_apart() {
        for (raw, want) in [
            ("Site 01, Noida", "Site%2001%2C%20Noida"),
            ("a+b", "a%2Bb"),
            ("12/3", "12%2F3"),
        ] {
            assert_eq!(super::seg(raw), want);
        }
    }
}
