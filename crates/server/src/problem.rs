//! Errors as RFC 9457 problem details (`application/problem+json`).
//!
//! Every error the API returns is one of these: a status, a short title, a
//! sentence of detail and, for bad input, the fields at fault with the index
//! of the item in a batch.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// One field at fault.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// Position of the item in a batch, when the request held several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
    /// The field, e.g. `tlp` or `indicators[2].value`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub message: String,
}

/// An RFC 9457 problem.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Seconds to wait, sent as `Retry-After` (429 and 503).
    #[serde(skip)]
    pub retry_after: Option<u64>,
}

impl Problem {
    pub fn new(status: StatusCode, slug: &str, detail: impl Into<String>) -> Self {
        Problem {
            kind: format!("https://ringtrace.invalid/problems/{slug}"),
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            status: status.as_u16(),
            detail: detail.into(),
            errors: Vec::new(),
            retry_after: None,
        }
    }

    /// 429: too many requests; `wait` is sent as `Retry-After` (whole
    /// seconds, at least 1).
    pub fn rate_limited(detail: impl Into<String>, wait: std::time::Duration) -> Self {
        let mut p = Problem::new(StatusCode::TOO_MANY_REQUESTS, "rate-limited", detail);
        p.retry_after = Some(wait.as_secs_f64().ceil().max(1.0) as u64);
        p
    }

    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.errors = errors;
        self
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Problem::new(StatusCode::BAD_REQUEST, "bad-request", detail)
    }

    pub fn invalid(detail: impl Into<String>, errors: Vec<FieldError>) -> Self {
        Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid-input", detail).with_errors(errors)
    }

    /// The same answer for a missing, malformed, wrong or revoked key: it
    /// says nothing about which.
    pub fn unauthorized() -> Self {
        Problem::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "a valid API key is required: `Authorization: Bearer rt_…`",
        )
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Problem::new(StatusCode::FORBIDDEN, "forbidden", detail)
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Problem::new(StatusCode::NOT_FOUND, "not-found", detail)
    }

    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(error = %detail, "internal error");
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the server failed to answer; the error is in its log",
        )
    }

    pub fn unavailable(detail: impl Into<String>) -> Self {
        Problem::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", detail)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut res = (status, body).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(secs) = self.retry_after {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"ringtrace\""),
            );
        }
        res
    }
}

impl From<ringtrace_store::StoreError> for Problem {
    fn from(e: ringtrace_store::StoreError) -> Self {
        Problem::internal(e)
    }
}

impl From<JsonRejection> for Problem {
    fn from(r: JsonRejection) -> Self {
        match r {
            JsonRejection::MissingJsonContentType(_) => Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "the body must be JSON, sent with `Content-Type: application/json`",
            ),
            JsonRejection::BytesRejection(b) if b.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                too_large()
            }
            JsonRejection::JsonSyntaxError(e) => {
                Problem::bad_request(format!("the body is not valid JSON: {}", source_text(&e)))
            }
            JsonRejection::JsonDataError(e) => Problem::invalid(
                format!(
                    "the body does not have the expected shape: {}",
                    source_text(&e)
                ),
                Vec::new(),
            ),
            other => Problem::bad_request(other.body_text()),
        }
    }
}

fn source_text(e: &dyn std::error::Error) -> String {
    let mut cause: &dyn std::error::Error = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

/// 413 for a body over the limit.
pub fn too_large() -> Problem {
    Problem::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too-large",
        "the request body is larger than the server accepts (see `max_body_bytes`)",
    )
}

impl From<QueryRejection> for Problem {
    fn from(r: QueryRejection) -> Self {
        Problem::bad_request(format!("bad query parameters: {}", r.body_text()))
    }
}

/// The result type of handlers.
pub type ApiResult<T> = Result<T, Problem>;
