//! The query parameters of the objects, manifest and versions endpoints:
//! `added_after`, `limit`, `next`, `match[id]`, `match[type]`,
//! `match[version]`, `match[spec_version]` (section 3.4 of TAXII 2.1).

use super::{Cursor, DEFAULT_LIMIT, MAX_LIMIT};
use chrono::{DateTime, SecondsFormat, Utc};

/// Which versions of an object are wanted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VersionMatch {
    Last,
    First,
    All,
    /// These exact versions (timestamps as the objects write them).
    Exact(Vec<String>),
}

/// A request's filters, parsed.
#[derive(Clone, Debug)]
pub struct Filter {
    /// Only objects added strictly after this time (UTC text, microseconds).
    pub added_after: Option<String>,
    pub limit: usize,
    pub next: Option<Cursor>,
    pub ids: Vec<String>,
    pub types: Vec<String>,
    pub versions: VersionMatch,
    pub spec_versions: Vec<String>,
}

/// A parameter the server cannot honour.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{parameter}: {message}")]
pub struct FilterError {
    pub parameter: String,
    pub message: String,
}

fn bad(parameter: &str, message: impl Into<String>) -> FilterError {
    FilterError {
        parameter: parameter.to_string(),
        message: message.into(),
    }
}

/// A timestamp as TAXII writes it: UTC, microseconds, `Z` (the store keeps
/// its times to the microsecond, so that what is added later is later).
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

impl Filter {
    /// Reads the query string's pairs (already percent-decoded).
    pub fn parse(pairs: &[(String, String)]) -> Result<Filter, FilterError> {
        let mut f = Filter {
            added_after: None,
            limit: DEFAULT_LIMIT,
            next: None,
            ids: Vec::new(),
            types: Vec::new(),
            versions: VersionMatch::Last,
            spec_versions: Vec::new(),
        };
        let list = |v: &str| -> Vec<String> {
            v.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        };
        for (k, v) in pairs {
            match k.as_str() {
                "added_after" => {
                    let t = DateTime::parse_from_rfc3339(v)
                        .map_err(|e| bad(k, format!("`{v}` is not an RFC 3339 timestamp: {e}")))?;
                    f.added_after = Some(timestamp(t.with_timezone(&Utc)));
                }
                "limit" => {
                    let n: usize = v
                        .parse()
                        .map_err(|_| bad(k, format!("`{v}` is not a positive number")))?;
                    if n == 0 {
                        return Err(bad(k, "must be at least 1"));
                    }
                    f.limit = n.min(MAX_LIMIT);
                }
                "next" => {
                    f.next = Some(
                        Cursor::decode(v).ok_or_else(|| bad(k, "not a cursor this server gave"))?,
                    );
                }
                "match[id]" => f.ids.extend(list(v)),
                "match[type]" => f.types.extend(list(v)),
                "match[spec_version]" => f.spec_versions.extend(list(v)),
                "match[version]" => {
                    let mut exact = Vec::new();
                    for item in list(v) {
                        match item.as_str() {
                            "last" => f.versions = VersionMatch::Last,
                            "first" => f.versions = VersionMatch::First,
                            "all" => f.versions = VersionMatch::All,
                            t => {
                                let parsed = DateTime::parse_from_rfc3339(t).map_err(|_| {
                                    bad(
                                        k,
                                        format!(
                                            "`{t}` is neither last, first, all nor a timestamp"
                                        ),
                                    )
                                })?;
                                exact.push(timestamp(parsed.with_timezone(&Utc)));
                            }
                        }
                    }
                    if !exact.is_empty() {
                        f.versions = VersionMatch::Exact(exact);
                    }
                }
                other if other.starts_with("match[") => {
                    return Err(bad(other, "this server does not filter on that property"));
                }
                _ => {} // other parameters are ignored, as the standard allows
            }
        }
        Ok(f)
    }

    /// Whether an object passes the id, type and spec-version filters.
    pub fn admits(&self, id: &str, spec_version: &str) -> bool {
        let ty = id.split_once("--").map_or(id, |(t, _)| t);
        (self.ids.is_empty() || self.ids.iter().any(|i| i == id))
            && (self.types.is_empty() || self.types.iter().any(|t| t == ty))
            && (self.spec_versions.is_empty()
                || self.spec_versions.iter().any(|v| v == spec_version))
    }

    /// Whether a version of an object (its `modified`, or its date added
    /// when it has none) passes `match[version]`, given the object's only
    /// version: ringtrace keeps the latest version of each object, so
    /// `first`, `last` and `all` all take it.
    pub fn admits_version(&self, version: &str) -> bool {
        match &self.versions {
            VersionMatch::Exact(v) => v.iter().any(|x| same_time(x, version)),
            _ => true,
        }
    }
}

/// Two timestamps are the same instant (milliseconds or not).
fn same_time(a: &str, b: &str) -> bool {
    match (
        DateTime::parse_from_rfc3339(a),
        DateTime::parse_from_rfc3339(b),
    ) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(q: &[(&str, &str)]) -> Result<Filter, FilterError> {
        let pairs: Vec<(String, String)> = q
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Filter::parse(&pairs)
    }

    #[test]
    fn filters() {
        let f = parse(&[
            ("added_after", "2024-01-01T00:00:00+01:00"),
            ("limit", "50000"),
            ("match[type]", "indicator,report"),
            ("match[id]", "report--1"),
        ])
        .unwrap();
        assert_eq!(
            f.added_after.as_deref(),
            Some("2023-12-31T23:00:00.000000Z")
        );
        assert_eq!(f.limit, MAX_LIMIT);
        assert!(f.admits("report--1", "2.1"));
        assert!(!f.admits("report--2", "2.1"));
        assert!(!f.admits("identity--1", "2.1"));
        let v = parse(&[("match[version]", "2024-01-01T00:00:00Z")]).unwrap();
        assert!(v.admits_version("2024-01-01T00:00:00.000Z"));
        assert!(!v.admits_version("2024-01-01T00:00:01.000Z"));
    }

    #[test]
    fn bad_parameters_are_named() {
        for (q, p) in [
            (("limit", "0"), "limit"),
            (("limit", "ten"), "limit"),
            (("added_after", "yesterday"), "added_after"),
            (("next", "zz"), "next"),
            (("match[version]", "newest"), "match[version]"),
            (("match[name]", "x"), "match[name]"),
        ] {
            assert_eq!(parse(&[q]).unwrap_err().parameter, p, "{q:?}");
        }
    }
}
