//! The figures `report.html` shows, computed from the redacted reports:
//! per country, per week, per partner.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use ringtrace_share::SharedReport;
use std::collections::{BTreeMap, BTreeSet};

/// Reports and losses of one victim country.
#[derive(Debug, Default)]
pub struct CountryRow {
    pub reports: u64,
    pub loss: BTreeMap<String, f64>,
}

/// What one partner contributed.
#[derive(Debug, Default)]
pub struct PartnerRow {
    pub reports: u64,
    pub rings: BTreeSet<String>,
    pub indicators: BTreeSet<String>,
    pub loss: BTreeMap<String, f64>,
}

pub fn received(r: &SharedReport) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(&r.received_at)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

pub fn by_country(reports: &[SharedReport], unknown: &str) -> BTreeMap<String, CountryRow> {
    let mut out: BTreeMap<String, CountryRow> = BTreeMap::new();
    for r in reports {
        let c = r.region.clone().unwrap_or_else(|| unknown.to_string());
        let row = out.entry(c).or_default();
        row.reports += 1;
        if let Some((amount, cur)) = &r.loss {
            *row.loss.entry(cur.clone()).or_default() += amount;
        }
    }
    out
}

pub fn loss_total(reports: &[SharedReport]) -> BTreeMap<String, f64> {
    let mut out: BTreeMap<String, f64> = BTreeMap::new();
    for (amount, cur) in reports.iter().filter_map(|r| r.loss.as_ref()) {
        *out.entry(cur.clone()).or_default() += amount;
    }
    out
}

pub fn by_partner(reports: &[SharedReport]) -> BTreeMap<String, PartnerRow> {
    let mut out: BTreeMap<String, PartnerRow> = BTreeMap::new();
    for r in reports {
        let row = out.entry(r.key.partner.to_string()).or_default();
        row.reports += 1;
        if let Some(ring) = &r.ring {
            row.rings.insert(ring.clone());
        }
        for m in &r.mentions {
            row.indicators.insert(m.indicator.to_string());
        }
        if let Some((amount, cur)) = &r.loss {
            *row.loss.entry(cur.clone()).or_default() += amount;
        }
    }
    out
}

/// At most this many bars; longer periods group weeks together.
const MAX_BARS: usize = 104;

/// Reports per week from the first report's week to the last's, gaps
/// filled; past two years, several weeks per bar. Labels are the Monday.
pub fn by_week(reports: &[SharedReport]) -> Vec<(String, u64)> {
    let mut counts: BTreeMap<NaiveDate, u64> = BTreeMap::new();
    for t in reports.iter().filter_map(received) {
        let d = t.date_naive();
        let monday = d - Duration::days(i64::from(d.weekday().num_days_from_monday()));
        *counts.entry(monday).or_default() += 1;
    }
    let (Some(first), Some(last)) = (
        counts.keys().next().copied(),
        counts.keys().next_back().copied(),
    ) else {
        return Vec::new();
    };
    let weeks = ((last - first).num_days() / 7 + 1) as usize;
    let per = weeks.div_ceil(MAX_BARS).max(1);
    let mut out = Vec::new();
    let mut week = first;
    while week <= last {
        let mut n = 0;
        for k in 0..per {
            n += counts
                .get(&(week + Duration::days(7 * k as i64)))
                .copied()
                .unwrap_or(0);
        }
        out.push((week.format("%Y-%m-%d").to_string(), n));
        week += Duration::days(7 * per as i64);
    }
    out
}

/// Money amounts as printed: two decimals, thin grouping left out.
pub fn money(amount: f64, currency: &str) -> String {
    format!("{amount:.2} {currency}")
}

pub fn money_list(loss: &BTreeMap<String, f64>, none: &str) -> String {
    if loss.is_empty() {
        return none.to_string();
    }
    loss.iter()
        .map(|(c, a)| money(*a, c))
        .collect::<Vec<_>>()
        .join(", ")
}
