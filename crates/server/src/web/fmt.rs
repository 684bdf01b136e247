//! Dates, counts and amounts written the way each language writes them.

use super::i18n::Lang;
use chrono::{DateTime, Datelike, NaiveDate};

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTHS_FR: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];

/// A day: `12 Mar 2024` / `12 mars 2024`.
pub fn day(lang: Lang, d: NaiveDate) -> String {
    let m = d.month0() as usize;
    match lang {
        Lang::En => format!("{} {} {}", d.day(), MONTHS_EN[m], d.year()),
        Lang::Fr => format!("{} {} {}", d.day(), MONTHS_FR[m], d.year()),
    }
}

/// A timestamp as stored (RFC 3339): its date and time of day as written;
/// the text itself when it does not parse.
pub fn datetime(lang: Lang, at: &str) -> String {
    match DateTime::parse_from_rfc3339(at) {
        Ok(t) => {
            let d = day(lang, t.date_naive());
            match lang {
                Lang::En => format!("{d}, {}", t.format("%H:%M")),
                Lang::Fr => format!("{d} à {}", t.format("%H:%M")),
            }
        }
        Err(_) => at.to_string(),
    }
}

/// The date part of a stored timestamp.
pub fn date(lang: Lang, at: &str) -> String {
    match parse_day(at) {
        Some(d) => day(lang, d),
        None => at.to_string(),
    }
}

/// The calendar day of a stored timestamp (as written, in its own offset).
/// Read by hand: pages call it for every visible report.
pub fn parse_day(at: &str) -> Option<NaiveDate> {
    let b = at.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

fn group(digits: &str, sep: &str) -> String {
    let n = digits.len();
    let mut out = String::with_capacity(n + n / 3 * sep.len());
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// A count: `12,345` / `12 345` (narrow no-break space).
pub fn count(lang: Lang, n: u64) -> String {
    group(&n.to_string(), lang.t(",", "\u{202f}"))
}

/// An amount with two decimals and its currency code: `1,318.00 EUR` /
/// `1 318,00 EUR`.
pub fn amount(lang: Lang, value: f64, currency: &str) -> String {
    if !value.is_finite() {
        return format!("? {currency}");
    }
    let cents = (value.abs() * 100.0).round() as u64;
    let (whole, frac) = (cents / 100, cents % 100);
    let sign = if value < 0.0 { "-" } else { "" };
    let (sep, dec) = match lang {
        Lang::En => (",", "."),
        Lang::Fr => ("\u{202f}", ","),
    };
    format!(
        "{sign}{}{dec}{frac:02}\u{a0}{currency}",
        group(&whole.to_string(), sep)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_locale() {
        assert_eq!(count(Lang::En, 1234567), "1,234,567");
        assert_eq!(count(Lang::Fr, 1234), "1\u{202f}234");
        assert_eq!(count(Lang::En, 12), "12");
        assert_eq!(amount(Lang::En, 1318.0, "EUR"), "1,318.00\u{a0}EUR");
        assert_eq!(amount(Lang::Fr, 1318.5, "EUR"), "1\u{202f}318,50\u{a0}EUR");
        assert_eq!(date(Lang::Fr, "2024-08-03T10:00:00Z"), "3 août 2024");
        assert_eq!(
            datetime(Lang::En, "2024-03-12T17:01:02+01:00"),
            "12 Mar 2024, 17:01"
        );
        assert_eq!(date(Lang::En, "garbage"), "garbage");
        assert_eq!(
            date(Lang::En, "2024-13-01T00:00:00Z"),
            "2024-13-01T00:00:00Z"
        );
        assert_eq!(
            parse_day("2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        assert_eq!(parse_day("2024-0a-01"), None);
        assert_eq!(parse_day("é"), None);
    }
}
