//! The indicator page: the lookup verdict on one value, the rings it
//! appears in and every report that mentions it, as the key may see them.

use super::session::Web;
use super::{fmt, layout, Page, WebError, WebResult};
use crate::routes::resolve;
use crate::state::Shared;
use crate::views::Looker;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use maud::html;
use serde::Deserialize;

const PAGE: usize = 100;

#[derive(Debug, Deserialize)]
pub struct IndicatorQuery {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub value: String,
    pub region: Option<String>,
    pub page: Option<String>,
}

/// `GET /indicator?kind=…&value=…`.
pub async fn page(
    State(state): State<Shared>,
    web: Web,
    Query(q): Query<IndicatorQuery>,
) -> WebResult {
    let l = web.lang;
    let kind = Some(q.kind.as_str()).filter(|k| !k.is_empty());
    let region = q.region.as_deref().filter(|r| !r.is_empty());
    let indicator = resolve(&q.value, kind, region)
        .map_err(|m| WebError::new(l, StatusCode::BAD_REQUEST, m))?;
    let page: usize = q
        .page
        .as_deref()
        .and_then(|p| p.parse().ok())
        .unwrap_or(1)
        .max(1);
    let cat = state.catalog();
    let warnings = state.warnings();
    let who = Looker::new(&cat, web.viewer());
    let verdict = cat.lookup(&who, &indicator, &warnings);
    let members: Vec<u32> = cat
        .indicator_ix(&indicator)
        .map(|iix| cat.indicator_members(&who, iix))
        .unwrap_or_default();
    let newest_first: Vec<u32> = members.iter().rev().copied().collect();
    let pages = newest_first.len().div_ceil(PAGE).max(1);
    let page = page.min(pages);
    let shown = &newest_first[(page - 1) * PAGE..(page * PAGE).min(newest_first.len())];
    let kind_s = indicator.kind.as_str();
    let title = format!("{} {}", layout::kind_name(l, kind_s), indicator.value);
    let here = super::indicator_href(kind_s, &indicator.value);
    let body = html! {
        h1 { (layout::kind_name(l, kind_s)) " " span.value { (indicator.value) } }
        p #verdict .note {
            strong { (l.t("Verdict: ", "Verdict : ")) }
            @match verdict.verdict.as_str() {
                "known" => (l.t("known — reports you may see mention it.", "connu — des signalements visibles le mentionnent.")),
                "legitimate" => (l.t("legitimate — it is on the warning list and never links reports.", "légitime — il figure sur la liste d'avertissement et ne relie jamais de signalements.")),
                _ => (l.t("unknown — no report you may see mentions it.", "inconnu — aucun signalement visible ne le mentionne.")),
            }
            @if let Some(w) = &verdict.warning_list {
                " (" (w.owner) @if !w.note.is_empty() { ": " (w.note) } ")"
            }
        }
        dl.facts {
            dt { (l.t("Reports", "Signalements")) } dd { (fmt::count(l, verdict.reports)) }
            dt { (l.t("Partners", "Partenaires")) } dd { @if verdict.partners.is_empty() { "—" } @else { (verdict.partners.join(", ")) } }
            dt { (l.t("First seen", "Vu la première fois")) } dd { (verdict.first_seen.as_deref().map(|d| fmt::date(l, d)).unwrap_or_else(|| "—".into())) }
            dt { (l.t("Last seen", "Vu la dernière fois")) } dd { (verdict.last_seen.as_deref().map(|d| fmt::date(l, d)).unwrap_or_else(|| "—".into())) }
            dt { (l.t("Roles", "Rôles")) } dd {
                @if verdict.roles.is_empty() { "—" }
                @else { (verdict.roles.iter().map(|(r, n)| format!("{} ({})", layout::role_name(l, r), fmt::count(l, *n))).collect::<Vec<_>>().join(", ")) }
            }
        }
        h2 { (l.t("Rings", "Réseaux")) }
        @if verdict.rings.is_empty() {
            p { (l.t("In no ring you may see.", "Dans aucun réseau visible.")) }
        } @else {
            table #indicator-rings {
                thead { tr { th scope="col" { (l.t("Ring", "Réseau")) } th.num scope="col" { (l.t("Reports", "Signalements")) } } }
                tbody { @for r in &verdict.rings {
                    tr { td { a href=(super::ring_href(&r.ring)) { (r.ring) } } td.num { (fmt::count(l, r.report_count)) } }
                } }
            }
        }
        h2 { (l.t("Reports, newest first", "Signalements, du plus récent au plus ancien")) }
        @if shown.is_empty() { p { "—" } } @else {
            div.scroll { table #indicator-reports {
                thead { tr {
                    th scope="col" { (l.t("Report", "Signalement")) }
                    th scope="col" { (l.t("Received", "Reçu")) }
                    th scope="col" { "TLP" }
                    th scope="col" { (l.t("Ring", "Réseau")) }
                } }
                tbody { @for rix in shown {
                    @let r = cat.report_ref(&who, *rix);
                    tr {
                        td { a href=(super::report_href(&r.report)) { (r.report) } }
                        td { (fmt::datetime(l, &r.received_at)) }
                        td { (layout::tlp(&r.tlp)) }
                        td { @match &r.ring { Some(g) => a href=(super::ring_href(g)) { (g) }, None => "—" } }
                    }
                } }
            } }
            @if pages > 1 {
                nav.pager aria-label=(l.t("Pages of reports", "Pages de signalements")) {
                    @if page > 1 { a href=(format!("{here}&page={}", page - 1)) rel="prev" { "← " (l.t("Newer", "Plus récents")) } }
                    span { (page) " / " (pages) }
                    @if page < pages { a href=(format!("{here}&page={}", page + 1)) rel="next" { (l.t("Older", "Plus anciens")) " →" } }
                }
            }
        }
    };
    Ok(Page::from(layout::page(&web, &title, body)).into_response())
}
