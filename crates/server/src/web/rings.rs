//! The ring list: every ring the key may see, filtered by partner, brand,
//! channel, victim country, date range and size, and sorted.
//!
//! Filters on reports keep a ring when at least one of its visible reports
//! matches all of them; the size filter applies to the ring's visible size.

use super::cache::{self, PageCache};
use super::session::Web;
use super::{fmt, layout, Page, WebError, WebResult};
use crate::state::Shared;
use crate::views::Looker;
use axum::extract::{Query, State};
use axum::response::IntoResponse;
use axum::Extension;
use chrono::NaiveDate;
use maud::html;
use maud::Markup;
use ringtrace_model::Channel;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::sync::Arc;

const PAGE: usize = 50;

#[derive(Clone, Debug, Default, Deserialize)]
pub struct Filters {
    pub partner: Option<String>,
    pub brand: Option<String>,
    pub channel: Option<String>,
    pub country: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub min: Option<String>,
    pub max: Option<String>,
    pub sort: Option<String>,
    pub page: Option<String>,
}

fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl Filters {
    fn query(&self, page: usize) -> String {
        let mut parts = Vec::new();
        for (k, v) in [
            ("partner", &self.partner),
            ("brand", &self.brand),
            ("channel", &self.channel),
            ("country", &self.country),
            ("from", &self.from),
            ("to", &self.to),
            ("min", &self.min),
            ("max", &self.max),
            ("sort", &self.sort),
        ] {
            if let Some(v) = nonempty(v) {
                parts.push(format!("{k}={}", super::enc(v)));
            }
        }
        parts.push(format!("page={page}"));
        format!("/rings?{}", parts.join("&"))
    }
}

struct Row<'a> {
    g: u32,
    size: u64,
    matched: u64,
    first: &'a str,
    last: &'a str,
    partners: Vec<u16>,
    brands: Vec<(&'a str, u64)>,
}

/// `GET /rings`.
pub async fn page(
    State(state): State<Shared>,
    Extension(cache): Extension<Arc<PageCache>>,
    web: Web,
    Query(f): Query<Filters>,
) -> WebResult {
    let title = web.lang.t("Rings", "Réseaux");
    let key = format!(
        "rings {} {} {} {}",
        web.viewer().partner,
        web.viewer().role,
        web.lang.code(),
        web.here
    );
    let stamp = cache::stamp(&state.catalog());
    let body = match cache.get(&key, stamp) {
        Some(b) => b,
        None => {
            let b = build(&state, &web, f).await?;
            cache.put(key, stamp, &b);
            b
        }
    };
    Ok(Page::from(layout::page(&web, title, body)).into_response())
}

async fn build(state: &Shared, web: &Web, f: Filters) -> Result<Markup, WebError> {
    let l = web.lang;
    let slugs: Vec<String> = state
        .blocking(|s| {
            s.readers
                .with(|store| store.partners())
                .map_err(crate::problem::Problem::from)
        })
        .await
        .map_err(|p| WebError::from_problem(l, p))?
        .into_iter()
        .map(|p| p.slug)
        .collect();
    // Reading every visible report is CPU work: off the async threads.
    let (state, web) = (state.clone(), web.clone());
    tokio::task::spawn_blocking(move || compute(&state, &web, &f, &slugs))
        .await
        .map_err(|e| WebError::internal(l, e))?
}

fn compute(
    state: &crate::state::AppState,
    web: &Web,
    f: &Filters,
    slugs: &[String],
) -> Result<Markup, WebError> {
    let l = web.lang;
    let bad = |what: &str| WebError::new(l, axum::http::StatusCode::BAD_REQUEST, what.to_string());
    let min: u64 = match nonempty(&f.min) {
        Some(m) => m.parse().map_err(|_| {
            bad(l.t(
                "The minimum size must be a whole number.",
                "La taille minimale doit être un nombre entier.",
            ))
        })?,
        None => 2,
    };
    let max: Option<u64> = match nonempty(&f.max) {
        Some(m) => Some(m.parse().map_err(|_| {
            bad(l.t(
                "The maximum size must be a whole number.",
                "La taille maximale doit être un nombre entier.",
            ))
        })?),
        None => None,
    };
    let date = |field: &Option<String>| -> Result<Option<NaiveDate>, _> {
        nonempty(field)
            .map(|d| {
                NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                    bad(l.t(
                        "Dates are written YYYY-MM-DD.",
                        "Les dates s'écrivent AAAA-MM-JJ.",
                    ))
                })
            })
            .transpose()
    };
    let from = date(&f.from)?;
    let to = date(&f.to)?;
    let page: usize = nonempty(&f.page)
        .and_then(|p| p.parse().ok())
        .unwrap_or(1)
        .max(1);
    let brand = nonempty(&f.brand).map(str::to_lowercase);
    let channel = nonempty(&f.channel).map(str::to_string);
    let country = nonempty(&f.country).map(str::to_uppercase);
    let partner = nonempty(&f.partner).map(str::to_string);
    let sort = nonempty(&f.sort).unwrap_or("size").to_string();
    let per_report = brand.is_some()
        || channel.is_some()
        || country.is_some()
        || partner.is_some()
        || from.is_some()
        || to.is_some();

    let cat = state.catalog();
    let who = Looker::new(&cat, web.viewer());
    let partner_ix = partner.as_deref().map(|p| cat.partner_ix(p));
    let mut all_brands: BTreeSet<&str> = BTreeSet::new();
    let mut rows: Vec<Row> = Vec::new();
    for (g, size) in cat.ring_list(&who, min.max(1)) {
        if max.is_some_and(|m| size > m) {
            continue;
        }
        let mut row = Row {
            g,
            size,
            matched: 0,
            first: "",
            last: "",
            partners: Vec::new(),
            brands: Vec::new(),
        };
        // Unsorted: the order does not matter here, and sorting every
        // ring's members would cost more than the whole page.
        for &rix in &cat.ring_entry(g).members {
            if cat.sight_of(&who, rix) == ringtrace_model::Sight::Hidden {
                continue;
            }
            let e = cat.entry(rix);
            if let Some(b) = e.brand.as_deref() {
                match row.brands.iter_mut().find(|x| x.0 == b) {
                    Some(x) => x.1 += 1,
                    None => row.brands.push((b, 1)),
                }
            }
            if !row.partners.contains(&e.partner) {
                row.partners.push(e.partner);
            }
            let at: &str = &e.received_at;
            if row.first.is_empty() || at < row.first {
                row.first = at;
            }
            if at > row.last {
                row.last = at;
            }
            if per_report {
                let ok = partner_ix.is_none_or(|p| p == Some(e.partner))
                    && brand.as_deref().is_none_or(|b| {
                        e.brand
                            .as_deref()
                            .is_some_and(|eb| eb.eq_ignore_ascii_case(b) || eb.to_lowercase() == b)
                    })
                    && channel
                        .as_deref()
                        .is_none_or(|c| e.channel.as_deref() == Some(c))
                    && country
                        .as_deref()
                        .is_none_or(|c| e.region.as_deref() == Some(c))
                    && (from.is_none() && to.is_none() || {
                        let day = fmt::parse_day(at);
                        from.is_none_or(|f0| day.is_some_and(|d| d >= f0))
                            && to.is_none_or(|t0| day.is_some_and(|d| d <= t0))
                    });
                if ok {
                    row.matched += 1;
                }
            }
        }
        all_brands.extend(row.brands.iter().map(|b| b.0));
        if !per_report || row.matched > 0 {
            rows.push(row);
        }
    }
    match sort.as_str() {
        "recent" => rows.sort_by(|a, b| b.last.cmp(a.last).then(b.size.cmp(&a.size))),
        "oldest" => rows.sort_by(|a, b| a.first.cmp(b.first).then(b.size.cmp(&a.size))),
        "matched" => rows.sort_by(|a, b| b.matched.cmp(&a.matched).then(b.size.cmp(&a.size))),
        "id" => rows.sort_by(|a, b| cat.ring_id(a.g).cmp(cat.ring_id(b.g))),
        _ => {}
    }
    let total = rows.len();
    let pages = total.div_ceil(PAGE).max(1);
    let page = page.min(pages);
    let shown = &rows[(page - 1) * PAGE..(page * PAGE).min(total)];
    let title = l.t("Rings", "Réseaux");
    let sorts = [
        ("size", l.t("Largest first", "Les plus grands d'abord")),
        (
            "recent",
            l.t("Most recent activity", "Activité la plus récente"),
        ),
        ("oldest", l.t("Oldest first", "Les plus anciens d'abord")),
        (
            "matched",
            l.t(
                "Most matching reports",
                "Le plus de signalements correspondants",
            ),
        ),
        ("id", l.t("By identifier", "Par identifiant")),
    ];
    Ok(html! {
        h1 { (title) }
        form.filters method="get" action="/rings" aria-label=(l.t("Filter rings", "Filtrer les réseaux")) {
            div.field {
                label for="f-partner" { (l.t("Partner", "Partenaire")) }
                select #f-partner name="partner" {
                    option value="" { (l.t("Any", "Tous")) }
                    @for s in slugs {
                        option value=(s) selected[partner.as_deref() == Some(s.as_str())] { (s) }
                    }
                }
            }
            div.field {
                label for="f-brand" { (l.t("Brand", "Marque")) }
                input #f-brand name="brand" list="brands" value=(f.brand.clone().unwrap_or_default());
                datalist #brands { @for b in &all_brands { option value=(b) {} } }
            }
            div.field {
                label for="f-channel" { (l.t("Channel", "Canal")) }
                select #f-channel name="channel" {
                    option value="" { (l.t("Any", "Tous")) }
                    @for c in Channel::ALL {
                        option value=(c.as_str()) selected[channel.as_deref() == Some(c.as_str())] { (layout::channel_name(l, c.as_str())) }
                    }
                }
            }
            div.field {
                label for="f-country" { (l.t("Victim country", "Pays de la victime")) }
                input #f-country name="country" size="4" maxlength="2" pattern="[A-Za-z]{2}" placeholder="FR" value=(f.country.clone().unwrap_or_default());
            }
            div.field {
                label for="f-from" { (l.t("From", "Du")) }
                input #f-from type="date" name="from" value=(f.from.clone().unwrap_or_default());
            }
            div.field {
                label for="f-to" { (l.t("To", "Au")) }
                input #f-to type="date" name="to" value=(f.to.clone().unwrap_or_default());
            }
            div.field {
                label for="f-min" { (l.t("Min. size", "Taille min.")) }
                input #f-min type="number" min="1" name="min" value=(min);
            }
            div.field {
                label for="f-max" { (l.t("Max. size", "Taille max.")) }
                input #f-max type="number" min="1" name="max" value=(max.map(|m| m.to_string()).unwrap_or_default());
            }
            div.field {
                label for="f-sort" { (l.t("Sort", "Trier")) }
                select #f-sort name="sort" {
                    @for (v, name) in sorts {
                        option value=(v) selected[sort == v] { (name) }
                    }
                }
            }
            button.primary type="submit" { (l.t("Apply", "Appliquer")) }
            a href="/rings" { (l.t("Clear", "Effacer")) }
        }
        p #ring-count role="status" {
            (fmt::count(l, total as u64)) " " (l.t("rings", "réseaux"))
            @if pages > 1 { " · " (l.t("page", "page")) " " (page) " / " (pages) }
        }
        div.scroll {
            table #ring-table {
                thead { tr {
                    th scope="col" { (l.t("Ring", "Réseau")) }
                    th.num scope="col" { (l.t("Reports", "Signalements")) }
                    @if per_report { th.num scope="col" { (l.t("Matching", "Correspondants")) } }
                    th.num scope="col" { (l.t("Partners", "Partenaires")) }
                    th scope="col" { (l.t("Main brands", "Marques principales")) }
                    th scope="col" { (l.t("First seen", "Premier")) }
                    th scope="col" { (l.t("Last seen", "Dernier")) }
                } }
                tbody {
                    @for r in shown {
                        @let brands = top_brands(&r.brands);
                        tr {
                            td { a href=(super::ring_href(cat.ring_id(r.g))) { (cat.ring_id(r.g)) } }
                            td.num { (fmt::count(l, r.size)) }
                            @if per_report { td.num { (fmt::count(l, r.matched)) } }
                            td.num { (r.partners.len()) }
                            td { (brands) }
                            td { (fmt::date(l, r.first)) }
                            td { (fmt::date(l, r.last)) }
                        }
                    }
                }
            }
        }
        @if pages > 1 {
            nav.pager aria-label=(l.t("Pages", "Pages")) {
                @if page > 1 { a href=(f.query(page - 1)) rel="prev" { "← " (l.t("Previous", "Précédente")) } }
                @if page < pages { a href=(f.query(page + 1)) rel="next" { (l.t("Next", "Suivante")) " →" } }
            }
        }
    })
}

/// The two brands most reports of a ring name.
fn top_brands(brands: &[(&str, u64)]) -> String {
    let mut v = brands.to_vec();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v.iter().take(2).map(|b| b.0).collect::<Vec<_>>().join(", ")
}
