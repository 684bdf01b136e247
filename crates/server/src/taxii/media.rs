//! TAXII's media type on the way out, its checks on the way in (406, 415),
//! and its error messages in place of the API's problem details.

use crate::auth::Caller;
use crate::problem::Problem;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use ringtrace_share::taxii::{self, CollectionDef, MEDIA_TYPE};
use serde_json::Value;

/// An error as TAXII writes it.
#[derive(Debug)]
pub struct TaxiiError {
    pub status: StatusCode,
    pub description: String,
}

impl TaxiiError {
    pub fn new(status: StatusCode, description: impl Into<String>) -> Self {
        TaxiiError {
            status,
            description: description.into(),
        }
    }
}

impl From<Problem> for TaxiiError {
    fn from(p: Problem) -> Self {
        TaxiiError {
            status: StatusCode::from_u16(p.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            description: p.detail,
        }
    }
}

impl IntoResponse for TaxiiError {
    fn into_response(self) -> Response {
        let body = taxii::error_message(
            self.status.as_u16(),
            self.status.canonical_reason().unwrap_or("Error"),
            &self.description,
        );
        let mut res = (self.status, body.to_string()).into_response();
        res.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(MEDIA_TYPE));
        if self.status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer, Basic realm=\"ringtrace\""),
            );
        }
        res
    }
}

pub type TaxiiResult<T> = Result<T, TaxiiError>;

/// A TAXII JSON answer, with extra headers.
pub fn reply(status: StatusCode, body: &Value, headers: &[(&'static str, String)]) -> Response {
    let mut res = (status, body.to_string()).into_response();
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(MEDIA_TYPE));
    for (k, v) in headers {
        if let Ok(v) = HeaderValue::from_str(v) {
            res.headers_mut().insert(*k, v);
        }
    }
    res
}

/// 406 unless the client accepts TAXII 2.1.
pub fn check_accept(headers: &HeaderMap) -> TaxiiResult<()> {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    if taxii::accepts_taxii(accept) {
        Ok(())
    } else {
        Err(TaxiiError::new(
            StatusCode::NOT_ACCEPTABLE,
            format!("this server answers only {MEDIA_TYPE}"),
        ))
    }
}

/// The caller, or 401 as a TAXII error.
pub fn caller(c: Result<Caller, Problem>) -> TaxiiResult<Caller> {
    c.map_err(TaxiiError::from)
}

/// The API root must be ours.
pub fn check_root(root: &str) -> TaxiiResult<()> {
    if root == taxii::API_ROOT {
        Ok(())
    } else {
        Err(TaxiiError::new(
            StatusCode::NOT_FOUND,
            format!(
                "no API root `{root}`; this server has `{}`",
                taxii::API_ROOT
            ),
        ))
    }
}

/// A collection the caller may use: 404 when unknown, 403 when it may not
/// read (or write) it.
pub fn collection(caller: &Caller, id: &str, write: bool) -> TaxiiResult<&'static CollectionDef> {
    let coll = CollectionDef::find(id).ok_or_else(|| {
        TaxiiError::new(
            StatusCode::NOT_FOUND,
            format!("no collection `{id}`; list them at the API root's collections/"),
        )
    })?;
    let role = caller.role();
    let allowed = if write {
        coll.can_write && role.may_submit()
    } else {
        coll.can_read && role.may_read()
    };
    if !allowed {
        return Err(TaxiiError::new(
            StatusCode::FORBIDDEN,
            format!(
                "a key with role `{role}` may not {} collection `{id}`",
                if write { "add objects to" } else { "read" }
            ),
        ));
    }
    Ok(coll)
}
