//! The case list (`/cases`): every investigation with its status, for the
//! roles that work on cases (admin, analyst, investigator).

use super::session::Web;
use super::{layout, Page, WebError, WebResult};
use crate::investigation::log;
use crate::problem::Problem;
use crate::state::Shared;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use maud::html;
use ringtrace_model::AccessRole;

/// Whether the signed-in key works on cases.
pub fn may_see_cases(web: &Web) -> Result<(), WebError> {
    let ok = matches!(
        web.viewer().role,
        AccessRole::Admin | AccessRole::Analyst | AccessRole::Investigator
    );
    if ok {
        Ok(())
    } else {
        Err(WebError::new(
            web.lang,
            StatusCode::FORBIDDEN,
            web.lang.t(
                "Cases are for administrators, analysts and investigators.",
                "Les dossiers sont réservés aux administrateurs, analystes et enquêteurs.",
            ),
        ))
    }
}

/// A status in the page's language.
pub fn status_name(l: super::Lang, s: &str) -> &'static str {
    match s {
        "open" => l.t("open", "ouvert"),
        "referred" => l.t("referred", "transmis"),
        _ => l.t("closed", "clos"),
    }
}

/// `GET /cases`.
pub async fn page(State(state): State<Shared>, web: Web) -> WebResult {
    let l = web.lang;
    may_see_cases(&web)?;
    let cases = state
        .blocking(|s| s.readers.with(|st| log::all(st)).map_err(Problem::from))
        .await
        .map_err(|p| WebError::from_problem(l, p))?;
    let title = l.t("Cases", "Dossiers");
    let body = html! {
        h1 { (title) }
        @if cases.is_empty() {
            p { (l.t("No case yet: open one with `ringtrace case open` or POST /v1/cases.",
                     "Aucun dossier : ouvrez-en un avec `ringtrace case open` ou POST /v1/cases.")) }
        } @else {
            div.scroll { table #cases {
                thead { tr {
                    th scope="col" { (l.t("Case", "Dossier")) }
                    th scope="col" { (l.t("Title", "Titre")) }
                    th scope="col" { (l.t("Status", "Statut")) }
                    th scope="col" { (l.t("Assignee", "Responsable")) }
                    th scope="col" { (l.t("Rings", "Réseaux")) }
                } }
                tbody { @for c in &cases { @let c = &c.case; tr {
                    td { a href=(format!("/cases/{}", c.id)) { (c.id) } }
                    td { (c.title) }
                    td { (status_name(l, c.status.name())) }
                    td { (c.assignee.as_deref().unwrap_or("—")) }
                    td { @for r in &c.rings { a.value href=(super::ring_href(r)) { (r) } " " } }
                } } }
            } }
        }
    };
    Ok(Page::from(layout::page(&web, title, body)).into_response())
}
