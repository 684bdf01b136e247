//! The case page (`/cases/{id}`): status, the graph of sites, exhibits and
//! rings, the rings with the reports that joined them since the case was
//! opened, exhibits, tasks, notes (with a form to add one) and the
//! timeline of its events.

use super::cases::{may_see_cases, status_name};
use super::session::Web;
use super::{fmt, layout, Page, WebError, WebResult};
use crate::investigation::{evidence, log, tlp, view};
use crate::problem::Problem;
use crate::state::Shared;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use chrono::Utc;
use maud::html;
use ringtrace_act::case::{CaseEvent, CaseId, CaseStatus};

/// `GET /cases/{id}`.
pub async fn page(State(state): State<Shared>, web: Web, Path(id): Path<String>) -> WebResult {
    let l = web.lang;
    may_see_cases(&web)?;
    let id = CaseId::parse(&id).map_err(|_| WebError::not_found(l))?;
    let viewer = web.viewer().clone();
    let (v, exhibits, matches) = state
        .blocking(move |s| {
            let (mut v, ex) = s
                .readers
                .with(|st| {
                    let v = view::view(st, log::get(st, &id)?)?;
                    let ex = evidence::exhibits(st, &v.case.id)?;
                    Ok::<_, crate::investigation::InvestigationError>((v, ex))
                })
                .map_err(Problem::from)?;
            let cat = s.catalog();
            tlp::filter_view(&cat, &viewer, &mut v);
            let m = evidence::matches_in_catalog(&cat, &s.warnings(), Some(&viewer), &ex);
            Ok::<_, Problem>((v, ex, m))
        })
        .await
        .map_err(|p| WebError::from_problem(l, p))?;
    let c = &v.case;
    let title = format!("{} {} · {}", l.t("Case", "Dossier"), c.id, c.title);
    let status = match &c.status {
        CaseStatus::Open => status_name(l, "open").to_string(),
        CaseStatus::Referred { agency, at } => format!(
            "{} {agency} ({})",
            l.t("referred to", "transmis à"),
            fmt::date(l, &at.to_rfc3339())
        ),
        CaseStatus::Closed { resolution, at } => format!(
            "{} ({}) : {resolution}",
            status_name(l, "closed"),
            fmt::date(l, &at.to_rfc3339())
        ),
    };
    let body = html! {
        h1 { (title) }
        dl.facts {
            dt { (l.t("Status", "Statut")) } dd #case-status { (status) }
            dt { (l.t("Assignee", "Responsable")) } dd { (c.assignee.as_deref().unwrap_or("—")) }
            dt { (l.t("Agency", "Service saisi")) } dd { (c.agency.as_deref().unwrap_or("—")) }
            dt { (l.t("Opened", "Ouvert")) } dd { (fmt::datetime(l, &c.opened_at.to_rfc3339())) " · " (c.opened_by) }
        }
        section aria-labelledby="case-graph-h" {
            h2 #case-graph-h { (l.t("Sites, exhibits and rings", "Sites, scellés et réseaux")) }
            div.graph-wrap { (super::case_graph::svg(l, c.id.as_str(), &c.rings, &exhibits, &matches)) }
        }
        section aria-labelledby="rings-h" {
            h2 #rings-h { (l.t("Rings", "Réseaux")) }
            ul #case-rings { @for r in &v.rings { li {
                a.value href=(super::ring_href(&r.ring)) { (r.ring) } " — "
                @if r.exists { (fmt::count(l, r.report_count)) " " (l.t("reports", "signalements")) }
                @else { (l.t("no longer exists (merged or emptied by a relink)", "n'existe plus (fusionné ou vidé par un recalcul)")) }
                @if !r.new_reports.is_empty() {
                    p { (l.t("New since the case was opened:", "Nouveaux depuis l'ouverture du dossier :")) " "
                        @for n in &r.new_reports { a.value href=(super::report_href(&n.report)) { (n.report) } " " } }
                }
            } } }
            @if !v.linked_reports.is_empty() {
                h3 { (l.t("Reports linked to the case", "Signalements rattachés au dossier")) }
                ul { @for r in &v.linked_reports { li { a.value href=(super::report_href(&r.report)) { (r.report) } } } }
            }
        }
        section aria-labelledby="exhibits-h" {
            h2 #exhibits-h { (l.t("Exhibits", "Scellés")) }
            @if v.exhibits.is_empty() { p { "—" } } @else {
                div.scroll { table #exhibits {
                    thead { tr {
                        th scope="col" { (l.t("Exhibit", "Scellé")) }
                        th scope="col" { (l.t("Site", "Site")) }
                        th scope="col" { (l.t("Rings touched", "Réseaux touchés")) }
                        th scope="col" { (l.t("File and SHA-256", "Fichier et SHA-256")) }
                        th scope="col" { (l.t("Imported", "Importé")) }
                    } }
                    tbody { @for e in &v.exhibits { tr {
                        td { (e.exhibit) }
                        td { a href=(format!("/cases/{}/sites/{}", c.id, super::seg(&e.site))) { (e.site) } }
                        td { @if let Some(m) = matches.exhibits.iter().find(|m| m.exhibit.as_str() == e.exhibit) {
                            @for r in &m.rings { a.value href=(super::ring_href(&r.ring)) { (r.ring) } " " }
                        } @else { "—" } }
                        td { (e.file_name) br; code { (e.sha256) } }
                        td { (fmt::datetime(l, &e.imported_at)) " · " (e.imported_by) }
                    } } }
                } }
            }
            @for link in &matches.sites { @for s in site_link_sentences(l, link) { p.site-link { (s) } } }
        }
        section aria-labelledby="tasks-h" {
            h2 #tasks-h { (l.t("Tasks", "Tâches")) }
            @if c.tasks.is_empty() { p { "—" } } @else {
                ul { @for t in &c.tasks { li {
                    (if t.done { "☑ " } else { "☐ " }) (t.id) ". " (t.text)
                    @if let Some(a) = &t.assignee { " (" (a) ")" }
                } } }
            }
        }
        section aria-labelledby="notes-h" {
            h2 #notes-h { (l.t("Notes", "Notes")) }
            @for n in &c.notes { blockquote { p { (n.text) } footer { (n.author) " · " (fmt::datetime(l, &n.at.to_rfc3339())) } } }
            form method="post" action=(format!("/cases/{}/notes", c.id)) {
                input type="hidden" name="csrf" value=(web.csrf);
                label for="note" { (l.t("Add a note", "Ajouter une note")) }
                textarea #note name="text" required rows="3" {}
                button type="submit" { (l.t("Add", "Ajouter")) }
            }
        }
        section aria-labelledby="timeline-h" {
            h2 #timeline-h { (l.t("Timeline", "Chronologie")) }
            ol #timeline { @for e in &v.events { li {
                (fmt::datetime(l, &e.at().to_rfc3339())) " · " (e.by()) " · " (event_text(l, e))
            } } }
        }
    };
    Ok(Page::from(layout::page(&web, &title, body)).into_response())
}

/// `site 12 and site 40 share a payment account (upi:…)`, one per value,
/// in the page's language.
fn site_link_sentences(l: super::Lang, link: &ringtrace_act::device::SiteLink) -> Vec<String> {
    use ringtrace_model::Kind;
    if l == super::Lang::En {
        return link.sentences();
    }
    let (a, b) = &link.sites;
    link.shared
        .iter()
        .map(|v| {
            let what = match v.indicator.kind {
                Kind::Phone => "un numéro de téléphone",
                Kind::Email => "une adresse électronique",
                Kind::Url => "une page web",
                Kind::Domain => "un domaine",
                Kind::Ip => "une adresse IP",
                Kind::Upi | Kind::Iban | Kind::BankAccount => "un compte de paiement",
                Kind::CryptoWallet => "un portefeuille de cryptomonnaie",
                Kind::GiftCard => "une carte cadeau",
                Kind::RemoteId => "un identifiant d'accès à distance",
            };
            format!(
                "le site {a} et le site {b} ont en commun {what} ({})",
                v.indicator
            )
        })
        .collect()
}

/// One event in a sentence.
fn event_text(l: super::Lang, e: &CaseEvent) -> String {
    match e {
        CaseEvent::Opened { title, .. } => format!("{} « {title} »", l.t("opened", "ouvert")),
        CaseEvent::RingLinked { ring, .. } => {
            format!("{} {ring}", l.t("ring linked:", "réseau rattaché :"))
        }
        CaseEvent::RingUnlinked { ring, .. } => {
            format!("{} {ring}", l.t("ring unlinked:", "réseau détaché :"))
        }
        CaseEvent::ReportLinked { report, .. } => format!(
            "{} {report}",
            l.t("report linked:", "signalement rattaché :")
        ),
        CaseEvent::Assigned { assignee, .. } => {
            format!("{} {assignee}", l.t("assigned to", "confié à"))
        }
        CaseEvent::Noted { .. } => l.t("note added", "note ajoutée").to_string(),
        CaseEvent::TaskAdded { task, text, .. } => {
            format!("{} {task}: {text}", l.t("task", "tâche"))
        }
        CaseEvent::TaskDone { task, .. } => {
            format!("{} {task} {}", l.t("task", "tâche"), l.t("done", "faite"))
        }
        CaseEvent::Referred { agency, .. } => {
            format!("{} {agency}", l.t("referred to", "transmis à"))
        }
        CaseEvent::Closed { resolution, .. } => format!("{}: {resolution}", l.t("closed", "clos")),
        CaseEvent::Reopened { reason, .. } => format!(
            "{}{}",
            l.t("reopened", "rouvert"),
            reason
                .as_deref()
                .map(|r| format!(": {r}"))
                .unwrap_or_default()
        ),
    }
}

#[derive(Debug, serde::Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub text: String,
}

/// `POST /cases/{id}/notes`: a note by the signed-in key (any role that sees cases).
pub async fn add_note(
    State(state): State<Shared>,
    web: Web,
    Path(id): Path<String>,
    Form(f): Form<NoteForm>,
) -> WebResult {
    web.require_csrf(&f.csrf)?;
    let l = web.lang;
    may_see_cases(&web)?;
    let id = CaseId::parse(&id).map_err(|_| WebError::not_found(l))?;
    let actor = web.caller.actor();
    let target = id.clone();
    state
        .blocking(move |s| {
            let mut w = s.writer.lock().unwrap_or_else(|e| e.into_inner());
            log::change(w.as_mut(), &target, |_| {
                Ok(CaseEvent::Noted {
                    text: f.text,
                    at: Utc::now(),
                    by: actor,
                })
            })
            .map_err(Problem::from)
        })
        .await
        .map_err(|p| WebError::from_problem(l, p))?;
    Ok(Redirect::to(&format!("/cases/{id}#notes-h")).into_response())
}
