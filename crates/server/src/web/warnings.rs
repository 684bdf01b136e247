//! The warning-list page: values that never link reports (hubs: the
//! shipped list and analysts' entries), values analysts declared not to be
//! hubs, and the hubs the last relink recognised from the graph's shape.
//!
//! A detected hub is shown only when the key sees at least one report that
//! mentions it, with the number of those reports.

use super::session::Web;
use super::{fmt, layout, Page, WebError, WebResult};
use crate::problem::Problem;
use crate::state::Shared;
use crate::views::Looker;
use axum::extract::State;
use axum::response::IntoResponse;
use maud::html;
use ringtrace_store::WarningVerdict;

/// `GET /warnings`.
pub async fn page(State(state): State<Shared>, web: Web) -> WebResult {
    let l = web.lang;
    let (analysts, detected) = state
        .blocking(|s| {
            s.readers
                .with(|store| {
                    Ok::<_, ringtrace_store::StoreError>((
                        store.warninglist()?,
                        store.detected_hubs()?,
                    ))
                })
                .map_err(Problem::from)
        })
        .await
        .map_err(|p| WebError::from_problem(l, p))?;
    let cat = state.catalog();
    let who = Looker::new(&cat, web.viewer());
    let warnings = state.warnings();
    let detected: Vec<(ringtrace_store::DetectedHub, usize)> = detected
        .into_iter()
        .filter_map(|h| {
            let iix = cat.indicator_ix(&h.indicator)?;
            let n = cat.indicator_members(&who, iix).len();
            (n > 0).then_some((h, n))
        })
        .collect();
    let overruled: Vec<_> = analysts
        .iter()
        .filter(|e| e.verdict == WarningVerdict::NotHub)
        .collect();
    let entries = warnings.entries();
    let title = l.t("Warning list", "Liste d'avertissement");
    let body = html! {
        h1 { (title) }
        p { (l.t("A hub is a value many unrelated victims mention — a bank's real number, a big webmail, a remote-access vendor's site. Hubs never link reports into rings; they are still stored and shown.",
                 "Un hub est une valeur que mentionnent beaucoup de victimes sans lien entre elles — le vrai numéro d'une banque, une grande messagerie, le site d'un éditeur d'accès à distance. Les hubs ne relient jamais de signalements ; ils restent enregistrés et affichés.")) }
        section aria-labelledby="detected-h" {
            h2 #detected-h { (l.t("Hubs recognised from the graph", "Hubs reconnus d'après le graphe")) }
            @if detected.is_empty() { p { "—" } } @else {
                div.scroll { table #detected-hubs {
                    thead { tr {
                        th scope="col" { (l.t("Kind", "Type")) }
                        th scope="col" { (l.t("Value", "Valeur")) }
                        th.num scope="col" { (l.t("Reports you see", "Signalements visibles")) }
                        th.num scope="col" { (l.t("Groups", "Groupes")) }
                        th scope="col" { (l.t("Recognised", "Reconnu le")) }
                    } }
                    tbody { @for (h, n) in &detected {
                        tr {
                            td { (layout::kind_name(l, h.indicator.kind.as_str())) }
                            td { a.value href=(super::indicator_href(h.indicator.kind.as_str(), &h.indicator.value)) { (h.indicator.value) } }
                            td.num { (fmt::count(l, *n as u64)) }
                            td.num { (fmt::count(l, h.clusters)) }
                            td { (fmt::date(l, &h.detected_at)) }
                        }
                    } }
                } }
            }
        }
        section aria-labelledby="list-h" {
            h2 #list-h { (l.t("On the warning list", "Sur la liste d'avertissement")) }
            div.scroll { table #warning-list {
                thead { tr {
                    th scope="col" { (l.t("Kind", "Type")) }
                    th scope="col" { (l.t("Value", "Valeur")) }
                    th scope="col" { (l.t("Source", "Source")) }
                    th scope="col" { (l.t("Note", "Note")) }
                } }
                tbody { @for h in &entries {
                    tr {
                        td { (layout::kind_name(l, h.indicator.kind.as_str())) }
                        td { a.value href=(super::indicator_href(h.indicator.kind.as_str(), &h.indicator.value)) { (h.indicator.value) } }
                        td { (h.owner) }
                        td { (h.note) }
                    }
                } }
            } }
        }
        section aria-labelledby="overruled-h" {
            h2 #overruled-h { (l.t("Declared not to be hubs", "Déclarées comme n'étant pas des hubs")) }
            @if overruled.is_empty() { p { "—" } } @else {
                ul { @for e in &overruled {
                    li { a.value href=(super::indicator_href(e.indicator.kind.as_str(), &e.indicator.value)) { (e.indicator.value) } " — " (e.note) }
                } }
            }
        }
        p.help { (l.t("Analysts change the list with `ringtrace warninglist`; a relink applies it.",
                      "Les analystes modifient la liste avec `ringtrace warninglist` ; un nouveau calcul des réseaux l'applique.")) }
    };
    Ok(Page::from(layout::page(&web, title, body)).into_response())
}
