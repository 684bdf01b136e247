//! The site page (`/cases/{id}/sites/{site}`): the exhibits seized at one
//! address, the rings and victims' reports they touch, the SIMs and mail
//! accounts that were the rings' own, and the other sites sharing values.

use super::cases::may_see_cases;
use super::session::Web;
use super::{layout, Page, WebError, WebResult};
use crate::investigation::{evidence, log};
use crate::problem::Problem;
use crate::state::Shared;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use maud::html;
use ringtrace_act::case::CaseId;

/// `GET /cases/{id}/sites/{site}`.
pub async fn page(
    State(state): State<Shared>,
    web: Web,
    Path((id, site)): Path<(String, String)>,
) -> WebResult {
    let l = web.lang;
    may_see_cases(&web)?;
    let id = CaseId::parse(&id).map_err(|_| WebError::not_found(l))?;
    let case = id.clone();
    let viewer = web.viewer().clone();
    let (exhibits, m) = state
        .blocking(move |s| {
            let ex = s
                .readers
                .with(|st| {
                    log::get(st, &case)?;
                    evidence::exhibits(st, &case)
                })
                .map_err(Problem::from)?;
            let m = evidence::matches_in_catalog(&s.catalog(), &s.warnings(), Some(&viewer), &ex);
            Ok::<_, Problem>((ex, m))
        })
        .await
        .map_err(|p| WebError::from_problem(l, p))?;
    let here: Vec<_> = exhibits.iter().filter(|e| e.site == site).collect();
    if here.is_empty() {
        return Err(WebError::not_found(l));
    }
    let title = format!(
        "{} {site} · {} {id}",
        l.t("Site", "Site"),
        l.t("case", "dossier")
    );
    let links: Vec<_> = m
        .sites
        .iter()
        .filter(|s| s.sites.0 == site || s.sites.1 == site)
        .collect();
    let body = html! {
        h1 { (title) }
        p { a href=(format!("/cases/{id}")) { (l.t("Back to the case", "Retour au dossier")) } }
        section aria-labelledby="site-exhibits-h" {
            h2 #site-exhibits-h { (l.t("Exhibits seized here", "Scellés saisis ici")) }
            @for e in &here {
                h3 { (e.id) }
                @match m.exhibits.iter().find(|x| x.exhibit == e.id) {
                    None => p { (l.t("Touches no ring.", "Ne touche aucun réseau.")) },
                    Some(x) => {
                        ul { @for r in &x.rings { li {
                            (l.t("Ring", "Réseau")) " " a.value href=(super::ring_href(&r.ring)) { (r.ring) } " : "
                            @for i in &r.indicators {
                                a.value href=(super::indicator_href(i.indicator.kind.as_str(), &i.indicator.value)) { (i.indicator.value) }
                                " (" (i.sources.join(", ")) ") "
                            }
                        } } }
                        p { (l.t("Victims' reports reached:", "Signalements de victimes atteints :")) " "
                            @for k in &x.reports { a.value href=(super::report_href(&k.to_string())) { (k.to_string()) } " " } }
                    }
                }
            }
            @for s in m.sims.iter().filter(|s| s.site == site) {
                p.sim { (l.t("SIM card of", "Carte SIM de")) " " (s.exhibit) " " (l.t("carried", "portait")) " " (s.indicator.value) ", "
                    (l.t("a number victims called (ring", "un numéro appelé par des victimes (réseau")) " " (s.rings.join(", ")) ")." }
            }
            @for a in m.mail_accounts.iter().filter(|a| a.site == site) {
                p.mail { (l.t("Mail account", "Compte de messagerie")) " " (a.indicator.value) " " (l.t("on", "sur")) " " (a.exhibit) " "
                    (l.t("sent the scam mails of ring", "a envoyé les courriels d'arnaque du réseau")) " " (a.rings.join(", ")) "." }
            }
        }
        section aria-labelledby="other-sites-h" {
            h2 #other-sites-h { (l.t("Other sites sharing values", "Autres sites partageant des valeurs")) }
            @if links.is_empty() { p { "—" } } @else {
                ul #site-links { @for link in &links {
                    @let other = if link.sites.0 == site { &link.sites.1 } else { &link.sites.0 };
                    li {
                        a href=(format!("/cases/{id}/sites/{}", super::seg(other))) { (l.t("site", "site")) " " (other) } " : "
                        @for v in &link.shared { span.value { (v.indicator) } " " }
                    }
                } }
            }
        }
    };
    Ok(Page::from(layout::page(&web, &title, body)).into_response())
}
