//! TAXII 2.1: the media type, the collections ringtrace offers (one per
//! sharing audience), the query filters of the objects and manifest
//! endpoints, and the opaque paging cursor. The server and the sync client
//! both speak through these; nothing here does IO.

mod collections;
mod cursor;
mod filter;

pub use collections::{Audience, CollectionDef, COLLECTIONS};
pub use cursor::Cursor;
pub use filter::{timestamp, Filter, FilterError, VersionMatch};

/// The TAXII 2.1 media type, sent and required.
pub const MEDIA_TYPE: &str = "application/taxii+json;version=2.1";
/// The STIX 2.1 media type (manifest entries).
pub const STIX_MEDIA_TYPE: &str = "application/stix+json;version=2.1";
/// The API root's name under `/taxii2/`.
pub const API_ROOT: &str = "ringtrace";
/// Objects per page when the client does not say, and at most.
pub const DEFAULT_LIMIT: usize = 1000;
pub const MAX_LIMIT: usize = 10_000;

/// Whether an `Accept` header admits TAXII 2.1 JSON (`*/*` and
/// `application/*` do; a missing header does too).
pub fn accepts_taxii(accept: Option<&str>) -> bool {
    let Some(accept) = accept else {
        return true;
    };
    accept.split(',').any(|part| {
        let mut params = part.split(';').map(str::trim);
        let ty = params.next().unwrap_or("").to_ascii_lowercase();
        let version = params
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("version"))
            .map(|(_, v)| v.trim().trim_matches('"').to_string());
        match ty.as_str() {
            "*/*" | "application/*" => true,
            "application/taxii+json" => version.is_none_or(|v| v == "2.1"),
            _ => false,
        }
    })
}

/// Whether a `Content-Type` header is TAXII 2.1 JSON (or STIX 2.1 JSON,
/// which some clients send for bundles).
pub fn is_taxii_content(content_type: Option<&str>) -> bool {
    let Some(ct) = content_type else {
        return false;
    };
    let mut params = ct.split(';').map(str::trim);
    let ty = params.next().unwrap_or("").to_ascii_lowercase();
    let version = params
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("version"))
        .map(|(_, v)| v.trim().trim_matches('"').to_string());
    matches!(
        ty.as_str(),
        "application/taxii+json" | "application/stix+json"
    ) && version.is_none_or(|v| v == "2.1")
}

/// A TAXII error message (section 3.6.1 of the standard).
pub fn error_message(status: u16, title: &str, description: &str) -> serde_json::Value {
    serde_json::json!({
        "title": title,
        "description": description,
        "http_status": status.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_headers() {
        for ok in [
            None,
            Some("application/taxii+json;version=2.1"),
            Some("application/taxii+json; version=2.1"),
            Some("application/taxii+json"),
            Some("text/html, */*"),
            Some("application/json, application/taxii+json;version=2.1"),
        ] {
            assert!(accepts_taxii(ok), "{ok:?}");
        }
        for bad in [
            Some("application/taxii+json;version=2.0"),
            Some("application/json"),
            Some("text/html"),
            Some(""),
        ] {
            assert!(!accepts_taxii(bad), "{bad:?}");
        }
    }

    #[test]
    fn content_types() {
        assert!(is_taxii_content(Some("application/taxii+json;version=2.1")));
        assert!(is_taxii_content(Some("application/stix+json;version=2.1")));
        assert!(is_taxii_content(Some("application/taxii+json")));
        assert!(!is_taxii_content(Some("application/json")));
        assert!(!is_taxii_content(Some(
            "application/taxii+json;version=2.0"
        )));
        assert!(!is_taxii_content(None));
    }
}
