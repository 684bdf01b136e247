//! Times as MISP writes them: epoch seconds as text, `YYYY-MM-DD` dates, and
//! `first_seen`/`last_seen` with microseconds and an offset.

use chrono::{DateTime, NaiveDate, SecondsFormat, TimeZone, Utc};

fn parse(rfc3339: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(rfc3339)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Epoch seconds of an RFC 3339 time, as text (MISP's `timestamp`); `"0"`
/// for a time that does not parse (the store writes only valid ones).
pub fn epoch(rfc3339: &str) -> String {
    parse(rfc3339).map_or(0, |t| t.timestamp()).to_string()
}

/// The UTC day of an RFC 3339 time (MISP's event `date`).
pub fn day(rfc3339: &str) -> String {
    parse(rfc3339).map_or_else(
        || rfc3339.get(..10).unwrap_or("1970-01-01").to_string(),
        |t| t.format("%Y-%m-%d").to_string(),
    )
}

/// A `first_seen`/`last_seen` value: `2023-10-01T09:00:00.000000+00:00`.
pub fn seen(rfc3339: &str) -> String {
    parse(rfc3339).map_or_else(
        || rfc3339.to_string(),
        |t| t.format("%Y-%m-%dT%H:%M:%S%.6f+00:00").to_string(),
    )
}

/// An event's `date` (`YYYY-MM-DD`) as an RFC 3339 time at midnight UTC.
pub fn from_day(date: &str) -> Option<String> {
    let d = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok()?;
    Some(format!("{d}T00:00:00Z"))
}

/// Epoch seconds (MISP's `timestamp`) as an RFC 3339 time.
pub fn from_epoch(secs: i64) -> Option<String> {
    Utc.timestamp_opt(secs, 0)
        .single()
        .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(epoch("2023-10-01T09:00:00Z"), "1696150800");
        assert_eq!(day("2023-10-01T23:30:00-02:00"), "2023-10-02");
        assert_eq!(
            seen("2023-10-01T09:00:00Z"),
            "2023-10-01T09:00:00.000000+00:00"
        );
        assert_eq!(
            from_day("2016-08-29").as_deref(),
            Some("2016-08-29T00:00:00Z")
        );
        assert_eq!(
            from_epoch(1696150800).as_deref(),
            Some("2023-10-01T09:00:00Z")
        );
    }
}
