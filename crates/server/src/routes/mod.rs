//! One module per resource of the API.

pub mod admin;
pub mod cases;
pub mod health;
pub mod indicators;
pub mod lookup;
pub mod reports;
pub mod rings;

use crate::problem::Problem;
use ringtrace_model::{Indicator, Kind};

/// Reads a value as an indicator: canonicalised as `kind` when given, else
/// recognised (a national phone number needs `region`).
pub fn resolve(value: &str, kind: Option<&str>, region: Option<&str>) -> Result<Indicator, String> {
    let region = match region {
        Some(r) => Some(
            ringtrace_model::RegionCode::parse(r)
                .map_err(|e| format!("region: {e}"))?
                .as_str()
                .to_string(),
        ),
        None => None,
    };
    let region = region.as_deref();
    match kind {
        Some(k) => {
            let kind: Kind = k.parse().map_err(|e| format!("kind: {e}"))?;
            let canonical = ringtrace_extract::canonicalize(kind, value, region)
                .map_err(|e| format!("`{value}` is not a valid {kind}: {e}"))?;
            Ok(Indicator::new(kind, canonical))
        }
        None => ringtrace_extract::detect(value, region).ok_or_else(|| {
            format!("cannot tell what kind of value `{value}` is; give `kind` (and `region` for a national phone number)")
        }),
    }
}

/// An opaque cursor: a position in a list, as text.
pub fn decode_cursor(cursor: Option<&str>) -> Result<Option<String>, Problem> {
    use base64::Engine;
    match cursor {
        None | Some("") => Ok(None),
        Some(c) => base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(c)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .map(Some)
            .ok_or_else(|| Problem::bad_request("cursor: not a cursor this server gave")),
    }
}

pub fn encode_cursor(position: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(position)
}

/// A cursor that holds a number (a position or a report index); None
/// without one.
pub fn decode_number_cursor<T: std::str::FromStr>(
    cursor: Option<&str>,
) -> Result<Option<T>, Problem> {
    decode_cursor(cursor)?
        .map(|c| {
            c.parse()
                .map_err(|_| Problem::bad_request("cursor: not a cursor this server gave"))
        })
        .transpose()
}

/// One page of `reports` (catalog indices) from the position in `cursor`,
/// and the cursor of the next page, if any.
pub fn report_page(
    cat: &crate::catalog::Catalog,
    who: &crate::views::Looker<'_>,
    all: &[crate::catalog::Rix],
    offset: usize,
    limit: usize,
) -> (Vec<crate::views::ReportRef>, Option<String>) {
    let page: Vec<crate::views::ReportRef> = all
        .iter()
        .skip(offset)
        .take(limit)
        .map(|r| cat.report_ref(who, *r))
        .collect();
    let next = (offset + page.len() < all.len())
        .then(|| encode_cursor(&(offset + page.len()).to_string()));
    (page, next)
}

/// Checks a page size against the server's limit.
pub fn page_size(limit: Option<usize>, max: usize) -> Result<usize, Problem> {
    match limit {
        None => Ok(100.min(max)),
        Some(0) => Err(Problem::bad_request("limit: must be at least 1")),
        Some(n) if n > max => Err(Problem::bad_request(format!("limit: at most {max}"))),
        Some(n) => Ok(n),
    }
}
