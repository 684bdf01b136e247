//! The service's side of the store: partners, API keys, AMBER sharing grants, and the catalog scan.

use crate::StoreError;
use ringtrace_model::{AccessRole, Indicator, Tlp};

/// A partner organisation of the service.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Partner {
    pub slug: String,
    pub name: String,
    pub disabled: bool,
    /// RFC 3339, UTC; the store fills it in when empty.
    pub created_at: String,
}

/// An API key as stored: never the secret, only its SHA-256 (hex).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ApiKeyRecord {
    /// Public identifier, unique.
    pub key_id: String,
    pub partner: String,
    pub role: AccessRole,
    /// SHA-256 of the secret, 64 lowercase hex digits.
    #[serde(skip)]
    pub secret_hash: String,
    pub label: String,
    /// RFC 3339, UTC; the store fills it in when empty.
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// A report's facts for the service's in-memory catalog (no narrative).
#[derive(Clone, Debug, PartialEq)]
pub struct CatalogReport {
    pub report_pk: i64,
    pub partner: String,
    pub id: String,
    pub tlp: Tlp,
    pub ring: Option<String>,
    pub received_at: String,
    pub brand: Option<String>,
    pub channel: Option<String>,
    pub region: Option<String>,
    pub loss_amount: Option<f64>,
    pub loss_currency: Option<String>,
    /// When this version of the report was stored (RFC 3339, UTC).
    pub updated_at: String,
}

/// One mention for the catalog.
#[derive(Clone, Debug, PartialEq)]
pub struct CatalogMention {
    pub report_pk: i64,
    pub indicator: Indicator,
    pub role: Option<String>,
    pub may_link: bool,
}

pub(crate) fn role_of(s: &str) -> Result<AccessRole, StoreError> {
    s.parse()
        .map_err(|e| StoreError::Corrupt(format!("API key role: {e}")))
}

pub(crate) fn tlp_of(s: &str) -> Result<Tlp, StoreError> {
    s.parse()
        .map_err(|e| StoreError::Corrupt(format!("report TLP: {e}")))
}

/// The store keeps hashes of secrets, never secrets: anything but a SHA-256
/// in hex is refused, so that a secret passed by mistake is not written.
pub(crate) fn check_secret_hash(key: &ApiKeyRecord) -> Result<(), StoreError> {
    let h = &key.secret_hash;
    if h.len() == 64 && h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "the secret hash of key `{}` is not a SHA-256 in lowercase hex",
            key.key_id
        )))
    }
}

pub(crate) fn partner_exists(slug: &str) -> StoreError {
    StoreError::Conflict(format!("partner `{slug}` already exists"))
}

pub(crate) fn key_exists(key_id: &str) -> StoreError {
    StoreError::Conflict(format!("API key `{key_id}` already exists"))
}

pub(crate) fn unknown_partner(slug: &str) -> StoreError {
    StoreError::Conflict(format!("no partner `{slug}`: add the partner first"))
}

/// A timestamp given by the caller, or now.
pub(crate) fn or_now(at: &str) -> String {
    if at.is_empty() {
        crate::assemble::now()
    } else {
        at.to_string()
    }
}

/// `audit_entries`' limit as SQL wants it.
pub(crate) fn sql_limit(limit: u64) -> i64 {
    i64::try_from(limit).unwrap_or(i64::MAX)
}
