//! The search box: a ring id opens the ring, a report key (`partner:id`)
//! opens the report, and any other value (number, URL, email, wallet, …)
//! opens its indicator page, as `lookup` recognises it.

use super::session::Web;
use super::{layout, Page, WebResult};
use crate::routes::resolve;
use crate::state::Shared;
use crate::views::Looker;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use maud::html;
use ringtrace_model::Sight;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    pub q: String,
    pub region: Option<String>,
}

/// `GET /search?q=…`.
pub async fn page(
    State(state): State<Shared>,
    web: Web,
    Query(q): Query<SearchQuery>,
) -> WebResult {
    let l = web.lang;
    let text = q.q.trim();
    let region = q.region.as_deref().map(str::trim).filter(|r| !r.is_empty());
    if !text.is_empty() {
        let cat = state.catalog();
        let who = Looker::new(&cat, web.viewer());
        let upper = text.to_ascii_uppercase();
        if let Some(g) =
            ringtrace_model::RingId::parse(&upper).and_then(|r| cat.ring_ix(r.as_str()))
        {
            if cat.visible_size(&who, g) > 0 {
                return Ok(Redirect::to(&super::ring_href(cat.ring_id(g))).into_response());
            }
        }
        if let Some((p, id)) = text.split_once(':') {
            if let Some(rix) = cat.by_key(p, id) {
                if cat.sight_of(&who, rix) != Sight::Hidden {
                    return Ok(Redirect::to(&super::report_href(text)).into_response());
                }
            }
        }
        if let Ok(ind) = resolve(text, None, region) {
            let mut href = super::indicator_href(ind.kind.as_str(), &ind.value);
            if let Some(r) = region {
                href.push_str(&format!("&region={}", super::enc(r)));
            }
            return Ok(Redirect::to(&href).into_response());
        }
    }
    let title = l.t("Search", "Recherche");
    let body = html! {
        h1 { (title) }
        @if !text.is_empty() {
            p.error role="alert" {
                (l.t("Nothing recognised in “", "Rien de reconnu dans « ")) (text) (l.t("”. A national phone number needs its country.", " ». Un numéro national a besoin de son pays."))
            }
        }
        form method="get" action="/search" {
            div.field {
                label for="q2" { (l.t("A value or a ring id", "Une valeur ou un identifiant de réseau")) }
                input #q2 type="search" name="q" value=(text) required;
            }
            div.field {
                label for="region" { (l.t("Country for a national phone number (optional)", "Pays d'un numéro national (facultatif)")) }
                input #region name="region" maxlength="2" size="4" placeholder="FR" value=(region.unwrap_or(""));
            }
            button.primary type="submit" { (l.t("Search", "Rechercher")) }
        }
    };
    let status = if text.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    Ok(Page(status, layout::page(&web, title, body)).into_response())
}
