//! The dashboard: reports per week, new and growing rings, the most
//! reported indicators and each partner's contribution, over what the
//! signed-in key may see.

use super::cache::{self, PageCache};
use super::graph::{bars, fill_weeks, monday};
use super::session::Web;
use super::{fmt, layout, Page, WebResult};
use crate::catalog::Catalog;
use crate::state::Shared;
use crate::views::Looker;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::Extension;
use chrono::NaiveDate;
use maud::{html, Markup};
use ringtrace_model::Sight;
use std::collections::BTreeMap;
use std::sync::Arc;

/// "Recent" is the last four weeks up to the newest visible report.
const RECENT_DAYS: i64 = 28;

struct RingStat {
    first: Option<NaiveDate>,
    recent: u64,
    total: u64,
}

/// `GET /`.
pub async fn page(
    State(state): State<Shared>,
    Extension(cache): Extension<Arc<PageCache>>,
    web: Web,
) -> WebResult {
    let l = web.lang;
    let title = l.t("Dashboard", "Tableau de bord");
    let key = format!(
        "dashboard {} {} {}",
        web.viewer().partner,
        web.viewer().role,
        l.code()
    );
    let stamp = cache::stamp(&state.catalog());
    let body = match cache.get(&key, stamp) {
        Some(b) => b,
        None => {
            // Reading every visible report is CPU work: off the async threads.
            let (st, w) = (state.clone(), web.clone());
            let b = tokio::task::spawn_blocking(move || body(&st, &st.catalog(), &w))
                .await
                .map_err(|e| super::WebError::internal(l, e))?;
            cache.put(key, stamp, &b);
            b
        }
    };
    Ok(Page::from(layout::page(&web, title, body)).into_response())
}

fn body(state: &crate::state::AppState, cat: &Catalog, web: &Web) -> Markup {
    let l = web.lang;
    let warnings = state.warnings();
    let who = Looker::new(cat, web.viewer());
    let mut latest: Option<NaiveDate> = None;
    let mut visible: Vec<(u32, NaiveDate)> = Vec::new();
    let mut per_partner: Vec<u64> = Vec::new();
    for rix in 0..cat.reports.len() as u32 {
        if cat.sight_of(&who, rix) == Sight::Hidden {
            continue;
        }
        let e = cat.entry(rix);
        let p = e.partner as usize;
        if per_partner.len() <= p {
            per_partner.resize(p + 1, 0);
        }
        per_partner[p] += 1;
        if let Some(d) = fmt::parse_day(&e.received_at) {
            latest = Some(latest.map_or(d, |l| l.max(d)));
            visible.push((rix, d));
        }
    }
    let partners: BTreeMap<&str, u64> = per_partner
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(p, n)| (cat.partner_slug(p as u16), *n))
        .collect();
    let since = latest.map(|d| d - chrono::Duration::days(RECENT_DAYS));
    let mut weeks: BTreeMap<NaiveDate, u64> = BTreeMap::new();
    let mut per_indicator = vec![0u32; cat.indicator_reports.len()];
    let mut counted_for = vec![u32::MAX; cat.indicator_reports.len()];
    let mut ring_stats: Vec<RingStat> = (0..cat.rings.len())
        .map(|_| RingStat {
            first: None,
            recent: 0,
            total: 0,
        })
        .collect();
    for &(rix, d) in &visible {
        let e = cat.entry(rix);
        *weeks.entry(monday(d)).or_default() += 1;
        for m in e.mentions.iter().filter(|m| m.may_link) {
            let i = m.indicator as usize;
            if counted_for[i] != rix {
                counted_for[i] = rix;
                per_indicator[i] += 1;
            }
        }
        if let Some(g) = e.ring {
            let s = &mut ring_stats[g as usize];
            s.total += 1;
            s.first = Some(s.first.map_or(d, |f| f.min(d)));
            if since.is_some_and(|s0| d > s0) {
                s.recent += 1;
            }
        }
    }
    let rings: Vec<(u32, &RingStat)> = ring_stats
        .iter()
        .enumerate()
        .filter(|(_, s)| s.total > 0)
        .map(|(g, s)| (g as u32, s))
        .collect();
    let weeks = fill_weeks(&weeks, 52);
    let mut top: Vec<(u32, u32)> = per_indicator
        .iter()
        .enumerate()
        .filter(|(_, n)| **n >= 2)
        .map(|(i, n)| (i as u32, *n))
        .filter(|(i, _)| warnings.hub(cat.indicator(*i)).is_none())
        .collect();
    let by_count = |a: &(u32, u32), b: &(u32, u32)| {
        b.1.cmp(&a.1)
            .then_with(|| cat.indicator(a.0).cmp(cat.indicator(b.0)))
    };
    // The ten first without sorting them all.
    if top.len() > 10 {
        top.select_nth_unstable_by(9, by_count);
        top.truncate(10);
    }
    top.sort_by(by_count);
    let ring_count = rings.iter().filter(|(_, s)| s.total >= 2).count();
    let mut new_rings: Vec<(u32, &RingStat)> = rings
        .iter()
        .filter(|(_, s)| s.total >= 2 && since.is_some_and(|s0| s.first.is_some_and(|f| f > s0)))
        .copied()
        .collect();
    new_rings.sort_by(|a, b| {
        b.1.total
            .cmp(&a.1.total)
            .then_with(|| cat.ring_id(a.0).cmp(cat.ring_id(b.0)))
    });
    new_rings.truncate(10);
    let mut growing: Vec<(u32, &RingStat)> = rings
        .iter()
        .filter(|(_, s)| {
            s.total >= 2 && s.recent > 0 && since.is_some_and(|s0| s.first.is_some_and(|f| f <= s0))
        })
        .copied()
        .collect();
    growing.sort_by(|a, b| {
        b.1.recent
            .cmp(&a.1.recent)
            .then_with(|| cat.ring_id(a.0).cmp(cat.ring_id(b.0)))
    });
    growing.truncate(10);
    let mut largest: Vec<(u32, u64)> = rings
        .iter()
        .filter(|(_, s)| s.total >= 2)
        .map(|(g, s)| (*g, s.total))
        .collect();
    largest.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| cat.ring_id(a.0).cmp(cat.ring_id(b.0)))
    });
    largest.truncate(5);
    let total: u64 = partners.values().sum();
    let title = l.t("Dashboard", "Tableau de bord");
    let ring_table = |rows: &[(u32, &RingStat)], recent_col: bool| {
        html! {
            @if rows.is_empty() {
                p { (l.t("None in this period.", "Aucun sur cette période.")) }
            } @else {
                table {
                    thead { tr {
                        th scope="col" { (l.t("Ring", "Réseau")) }
                        th.num scope="col" { (l.t("Reports", "Signalements")) }
                        @if recent_col { th.num scope="col" { (l.t("Last 4 weeks", "4 dernières semaines")) } }
                        @else { th scope="col" { (l.t("First seen", "Vu la première fois")) } }
                    } }
                    tbody {
                        @for (g, s) in rows {
                            tr {
                                td { a href=(super::ring_href(cat.ring_id(*g))) { (cat.ring_id(*g)) } }
                                td.num { (fmt::count(l, s.total)) }
                                @if recent_col { td.num { "+" (fmt::count(l, s.recent)) } }
                                @else { td { (s.first.map(|f| fmt::day(l, f)).unwrap_or_default()) } }
                            }
                        }
                    }
                }
            }
        }
    };
    html! {
        h1 { (title) }
        ul.stats {
            li { strong { (fmt::count(l, total)) } (l.t("reports you may see", "signalements visibles")) }
            li { strong { (fmt::count(l, ring_count as u64)) } (l.t("rings of two or more", "réseaux de deux ou plus")) }
            li { strong { (fmt::count(l, partners.len() as u64)) } (l.t("partners", "partenaires")) }
            @if let Some(d) = latest {
                li { strong { (fmt::day(l, d)) } (l.t("newest report", "signalement le plus récent")) }
            }
        }
        @if let Some((g, n)) = largest.first() {
            p.note {
                (l.t("The largest ring is ", "Le plus grand réseau est "))
                a href=(super::ring_href(cat.ring_id(*g))) #largest-ring { (cat.ring_id(*g)) }
                " (" (fmt::count(l, *n)) " " (l.t("reports", "signalements")) "). "
                (l.t("Open it to see why its reports belong together.", "Ouvrez-le pour voir pourquoi ses signalements vont ensemble."))
            }
        }
        section.card aria-labelledby="weekly-h" {
            h2 #weekly-h { (l.t("Reports per week", "Signalements par semaine")) }
            (bars(l, "weekly", l.t("Reports per week (last 52 weeks)", "Signalements par semaine (52 dernières semaines)"), &weeks, 1))
        }
        div.grid {
            section.card aria-labelledby="new-h" {
                h2 #new-h { (l.t("New rings", "Nouveaux réseaux")) }
                p.help { (l.t("First seen in the last four weeks.", "Apparus ces quatre dernières semaines.")) }
                (ring_table(&new_rings, false))
            }
            section.card aria-labelledby="growing-h" {
                h2 #growing-h { (l.t("Growing rings", "Réseaux en croissance")) }
                p.help { (l.t("Older rings with new reports in the last four weeks.", "Réseaux plus anciens avec de nouveaux signalements ces quatre dernières semaines.")) }
                (ring_table(&growing, true))
            }
            section.card aria-labelledby="top-h" {
                h2 #top-h { (l.t("Top indicators", "Indicateurs les plus signalés")) }
                table {
                    thead { tr {
                        th scope="col" { (l.t("Kind", "Type")) }
                        th scope="col" { (l.t("Value", "Valeur")) }
                        th.num scope="col" { (l.t("Reports", "Signalements")) }
                    } }
                    tbody {
                        @for (iix, n) in &top {
                            @let ind = cat.indicator(*iix);
                            tr {
                                td { (layout::kind_name(l, ind.kind.as_str())) }
                                td { a.value href=(super::indicator_href(ind.kind.as_str(), &ind.value)) { (ind.value) } }
                                td.num { (fmt::count(l, u64::from(*n))) }
                            }
                        }
                    }
                }
            }
            section.card aria-labelledby="partners-h" {
                h2 #partners-h { (l.t("Partners' contributions", "Contributions des partenaires")) }
                table {
                    thead { tr {
                        th scope="col" { (l.t("Partner", "Partenaire")) }
                        th.num scope="col" { (l.t("Reports", "Signalements")) }
                        th.num scope="col" { (l.t("Share", "Part")) }
                    } }
                    tbody {
                        @for (p, n) in &partners {
                            tr {
                                td { a href=(format!("/rings?partner={}", super::enc(p))) { (p) } }
                                td.num { (fmt::count(l, *n)) }
                                td.num { (format!("{:.0}\u{a0}%", *n as f64 * 100.0 / total.max(1) as f64)) }
                            }
                        }
                    }
                }
            }
        }
    }
}
