//! `ringtrace ring R-…`: one ring's profile.

use super::rings::load_query;
use super::thousands;
use crate::args::RingArgs;
use crate::config::open_store;
use anyhow::{bail, Result};
use chrono::{Datelike, NaiveDate};
use ringtrace_model::{Kind, RingSummary};
use ringtrace_store::{RingBridge, RingHistoryEntry, RingQuery, Store};
use serde::Serialize;
use std::collections::BTreeMap;
use std::process::ExitCode;

/// Everything the profile shows.
#[derive(Serialize)]
pub struct RingProfile {
    #[serde(flatten)]
    pub summary: RingSummary,
    pub channels: BTreeMap<String, u64>,
    pub victim_regions: BTreeMap<String, u64>,
    pub phone_countries: BTreeMap<String, u64>,
    /// Reports per ISO week (`2023-W41`), from the first week to the last.
    pub weekly: Vec<(String, u64)>,
    pub bridges: Vec<RingBridge>,
    pub history: Vec<RingHistoryEntry>,
}

pub fn run(db: &str, args: &RingArgs) -> Result<ExitCode> {
    let store = open_store(db)?;
    let profile = match profile(store.as_ref(), &args.ring)? {
        Some(p) => p,
        None => {
            let history = store.ring_history(&args.ring)?;
            if let Some(m) = history
                .iter()
                .rev()
                .find(|e| e.event == "merged" && e.ring == args.ring)
            {
                bail!(
                    "ring {} was merged into {} on {}; see `ringtrace ring {}`",
                    args.ring,
                    m.other.as_deref().unwrap_or("?"),
                    m.at,
                    m.other.as_deref().unwrap_or("?")
                );
            }
            bail!("no ring {} in this database", args.ring);
        }
    };
    if args.json {
        println!("{}", serde_json::to_string(&profile)?);
    } else {
        print!("{}", render(&profile));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn profile(store: &dyn Store, ring: &str) -> Result<Option<RingProfile>> {
    let query = RingQuery {
        min_reports: 1,
        limit: Some(1),
        ring: Some(ring.to_string()),
    };
    let Some(summary) = load_query(store, &query)?.into_iter().next() else {
        return Ok(None);
    };
    let facts = store.ring_report_facts(ring)?;
    let mut channels = BTreeMap::new();
    let mut victim_regions = BTreeMap::new();
    let mut weeks: BTreeMap<(i32, u32), u64> = BTreeMap::new();
    for (at, channel, region) in &facts.reports {
        *channels
            .entry(channel.clone().unwrap_or_else(|| "unknown".into()))
            .or_default() += 1;
        *victim_regions
            .entry(region.clone().unwrap_or_else(|| "unknown".into()))
            .or_default() += 1;
        if let Some(day) = at
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        {
            let w = day.iso_week();
            *weeks.entry((w.year(), w.week())).or_default() += 1;
        }
    }
    let mut phone_countries = BTreeMap::new();
    for i in summary.indicators.iter().filter(|i| i.kind == Kind::Phone) {
        let country = phonenumber::parse(None, &i.value)
            .ok()
            .and_then(|n| n.country().id())
            .map(|id| format!("{id:?}"))
            .unwrap_or_else(|| "unknown".into());
        *phone_countries.entry(country).or_default() += 1;
    }
    Ok(Some(RingProfile {
        channels,
        victim_regions,
        phone_countries,
        weekly: fill_weeks(&weeks),
        bridges: store.ring_bridges(ring)?,
        history: store.ring_history(ring)?,
        summary,
    }))
}

/// Every ISO week from the first to the last, with zeroes where nothing came.
fn fill_weeks(weeks: &BTreeMap<(i32, u32), u64>) -> Vec<(String, u64)> {
    let (Some(first), Some(last)) = (weeks.keys().next(), weeks.keys().next_back()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let Some(mut day) = NaiveDate::from_isoywd_opt(first.0, first.1, chrono::Weekday::Mon) else {
        return Vec::new();
    };
    loop {
        let w = day.iso_week();
        let key = (w.year(), w.week());
        out.push((
            format!("{}-W{:02}", key.0, key.1),
            weeks.get(&key).copied().unwrap_or(0),
        ));
        if key >= *last {
            break;
        }
        day += chrono::Duration::days(7);
    }
    out
}

/// A one-line chart of `values`, at most `width` characters wide.
pub fn sparkline(values: &[u64], width: usize) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    if values.is_empty() {
        return String::new();
    }
    let per = values.len().div_ceil(width.max(1));
    let buckets: Vec<u64> = values.chunks(per).map(|c| c.iter().sum()).collect();
    let max = buckets.iter().copied().max().unwrap_or(0).max(1);
    buckets
        .iter()
        .map(|&v| {
            if v == 0 {
                ' '
            } else {
                BARS[((v * 7) / max) as usize]
            }
        })
        .collect()
}

fn counts(m: &BTreeMap<String, u64>) -> String {
    let mut v: Vec<(&String, &u64)> = m.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    v.iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn render(p: &RingProfile) -> String {
    let s = &p.summary;
    let mut out = String::new();
    let mut line = |l: String| {
        out.push_str(&l);
        out.push('\n');
    };
    line(format!(
        "ring {}: {} reports, {} to {}",
        s.ring,
        thousands(s.report_count),
        s.first_seen,
        s.last_seen
    ));
    line(format!("  partners: {}", s.partners.join(", ")));
    line(format!("  brands impersonated: {}", s.brands.join(", ")));
    line(format!("  channels: {}", counts(&p.channels)));
    line(format!(
        "  victims' countries: {}",
        counts(&p.victim_regions)
    ));
    line(format!(
        "  phone numbers' countries: {}",
        counts(&p.phone_countries)
    ));
    let loss: Vec<String> = s
        .loss_total
        .iter()
        .map(|(c, a)| format!("{} {c}", thousands(a.round() as u64)))
        .collect();
    line(format!(
        "  losses: {}",
        if loss.is_empty() {
            "none reported".into()
        } else {
            loss.join(" + ")
        }
    ));
    let weekly: Vec<u64> = p.weekly.iter().map(|w| w.1).collect();
    if let (Some(first), Some(last)) = (p.weekly.first(), p.weekly.last()) {
        let peak = weekly.iter().max().copied().unwrap_or(0);
        line(format!(
            "  weekly reports {} |{}| {} (peak {peak}/week)",
            first.0,
            sparkline(&weekly, 60),
            last.0
        ));
    }
    line("  top indicators:".into());
    for i in s.indicators.iter().take(15) {
        line(format!("    {:>5}  {}:{}", i.reports, i.kind, i.value));
    }
    if !p.bridges.is_empty() {
        line("  shares with other rings (bridges, not merged through):".into());
        for b in p.bridges.iter().take(15) {
            let (other, mine, theirs) = if b.ring_a == s.ring.as_str() {
                (&b.ring_b, b.reports_a, b.reports_b)
            } else {
                (&b.ring_a, b.reports_b, b.reports_a)
            };
            line(format!(
                "    {other}: {}:{} ({mine} reports here, {theirs} there)",
                b.indicator.kind, b.indicator.value
            ));
        }
    }
    if !p.history.is_empty() {
        line("  history:".into());
        for e in &p.history {
            let other = e
                .other
                .as_deref()
                .map(|o| format!(" {o}"))
                .unwrap_or_default();
            let reason = e
                .reason
                .as_deref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default();
            line(format!(
                "    {}  {} {}{other}{reason}",
                e.at, e.ring, e.event
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparklines_scale_and_bucket() {
        assert_eq!(sparkline(&[0, 1, 7, 7], 10), " ▂██");
        assert_eq!(sparkline(&[1, 1, 1, 1], 2), "██");
        assert_eq!(sparkline(&[], 5), "");
    }

    #[test]
    fn weeks_are_filled() {
        let mut w = BTreeMap::new();
        w.insert((2023, 52), 2);
        w.insert((2024, 2), 1);
        let filled = fill_weeks(&w);
        let keys: Vec<&str> = filled.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(keys, ["2023-W52", "2024-W01", "2024-W02"]);
        assert_eq!(filled[1].1, 0);
    }
}
