//! The report page: facts, TLP marking, ring, indicators, and — when the
//! key may read it — the narrative with every extracted indicator
//! highlighted where it occurs. Reading the narrative is recorded in the
//! audit log, as `GET /v1/reports/{key}` records it.

use super::session::Web;
use super::{fmt, layout, Page, WebError, WebResult};
use crate::problem::Problem;
use crate::state::Shared;
use crate::views::Looker;
use axum::extract::{Query, State};
use axum::response::IntoResponse;
use maud::{html, Markup};
use ringtrace_model::{ReportKey, Sight};
use serde_json::{json, Value};

#[derive(Debug, serde::Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    pub key: String,
    pub submitted: Option<String>,
}

/// The narrative with `<mark>`s at the extracted spans (overlaps keep the
/// first, longer reading: a URL over its own domain).
pub fn highlight(l: super::Lang, text: &str, region: Option<&str>) -> (Markup, usize) {
    let found = ringtrace_extract::extract(text, region);
    let mut pieces: Vec<Markup> = Vec::new();
    let mut at = 0usize;
    let mut n = 0usize;
    for f in &found {
        if f.start < at || f.end <= f.start {
            continue;
        }
        let (Some(before), Some(raw)) = (text.get(at..f.start), text.get(f.start..f.end)) else {
            continue;
        };
        let kind = f.indicator.kind.as_str();
        let role = f.role.map_or("", |r| r.as_str());
        let label = format!(
            "{} {}{}",
            layout::kind_name(l, kind),
            f.indicator.value,
            if role.is_empty() {
                String::new()
            } else {
                format!(" ({})", layout::role_name(l, role))
            }
        );
        pieces.push(html! { (before) });
        pieces.push(html! {
            mark data-kind=(kind) title=(label) {
                a href=(super::indicator_href(kind, &f.indicator.value)) { (raw) }
            }
        });
        at = f.end;
        n += 1;
    }
    pieces.push(html! { (text.get(at..).unwrap_or("")) });
    (html! { @for p in pieces { (p) } }, n)
}

/// `GET /report?key=partner:id`.
pub async fn page(
    State(state): State<Shared>,
    web: Web,
    Query(q): Query<ReportQuery>,
) -> WebResult {
    let l = web.lang;
    let key = q.key.clone();
    let Some((partner, id)) = key.split_once(':') else {
        return Err(WebError::not_found(l));
    };
    struct Facts {
        tlp: String,
        received: String,
        ring: Option<String>,
        channel: Option<String>,
        brand: Option<String>,
        region: Option<String>,
        loss: Option<(f64, String)>,
        indicators: Vec<(String, String, Option<String>, bool)>,
    }
    let (facts, sight) = {
        let cat = state.catalog();
        let who = Looker::new(&cat, web.viewer());
        let rix = cat
            .by_key(partner, id)
            .ok_or_else(|| WebError::not_found(l))?;
        let sight = cat.sight_of(&who, rix);
        if sight == Sight::Hidden {
            return Err(WebError::not_found(l));
        }
        let e = cat.entry(rix);
        let indicators = e
            .mentions
            .iter()
            .map(|m| {
                let ind = cat.indicator(m.indicator);
                (
                    ind.kind.as_str().to_string(),
                    ind.value.clone(),
                    m.role.map(|r| r.as_str().to_string()),
                    m.may_link,
                )
            })
            .collect();
        (
            Facts {
                tlp: e.tlp.as_str().to_string(),
                received: e.received_at.to_string(),
                ring: e.ring.map(|g| cat.ring_id(g).to_string()),
                channel: e.channel.as_deref().map(str::to_string),
                brand: e.brand.as_deref().map(str::to_string),
                region: e.region.as_deref().map(str::to_string),
                loss: e.loss.as_ref().map(|(a, c)| (*a, c.to_string())),
                indicators,
            },
            sight,
        )
    };
    let record = if sight == Sight::Full {
        let k = ReportKey::parse(&key).map_err(|_| WebError::not_found(l))?;
        let actor = web.caller.actor();
        let target = key.clone();
        let stored = state
            .blocking(move |s| {
                s.audit(&actor, "report.read", &target, json!({"via": "web"}))?;
                s.readers
                    .with(|store| store.report(&k))
                    .map_err(Problem::from)
            })
            .await
            .map_err(|p| WebError::from_problem(l, p))?
            .ok_or_else(|| WebError::not_found(l))?;
        Some(stored)
    } else {
        None
    };
    let narrative = record
        .as_ref()
        .and_then(|r| r.record.get("narrative"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let payment = record
        .as_ref()
        .and_then(|r| r.record.get("payment_method"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let title = format!("{} {key}", l.t("Report", "Signalement"));
    let body = html! {
        h1 { (l.t("Report", "Signalement")) " " span.value { (key) } }
        @if q.submitted.is_some() {
            p.note role="status" #submitted { (l.t("Report stored.", "Signalement enregistré.")) " "
                @match &facts.ring {
                    Some(r) => { (l.t("It joined ring", "Il a rejoint le réseau")) " " a href=(super::ring_href(r)) { (r) } "." },
                    None => (l.t("It shares no value with another report yet, so it is in no ring.", "Il ne partage encore aucune valeur avec un autre signalement ; il n'est dans aucun réseau.")),
                }
            }
        }
        p { (layout::tlp(&facts.tlp)) " "
            @match facts.tlp.as_str() {
                "clear" => (l.t("Shareable with anyone.", "Partageable sans restriction.")),
                "green" => (l.t("Shareable with the community of this service.", "Partageable avec la communauté de ce service.")),
                "amber" => (l.t("Other partners see its ring and indicators; narrative and loss only if its owner shares them.", "Les autres partenaires voient son réseau et ses indicateurs ; récit et perte seulement si le propriétaire les partage.")),
                "amber+strict" => (l.t("Seen only by its own partner.", "Vu seulement par son propre partenaire.")),
                _ => (l.t("Seen only by its own partner; its indicators still link rings.", "Vu seulement par son propre partenaire ; ses indicateurs relient tout de même des réseaux.")),
            }
        }
        dl.facts {
            dt { (l.t("Partner", "Partenaire")) } dd { (partner) }
            dt { (l.t("Received", "Reçu")) } dd { (fmt::datetime(l, &facts.received)) }
            dt { (l.t("Ring", "Réseau")) } dd #report-ring {
                @match &facts.ring { Some(r) => a href=(super::ring_href(r)) { (r) }, None => "—" }
            }
            dt { (l.t("Channel", "Canal")) } dd { (layout::channel_name(l, facts.channel.as_deref().unwrap_or(""))) }
            dt { (l.t("Brand", "Marque")) } dd { (facts.brand.clone().unwrap_or_else(|| "—".into())) }
            dt { (l.t("Victim's country", "Pays de la victime")) } dd { (facts.region.clone().unwrap_or_else(|| "—".into())) }
            @if sight == Sight::Full {
                dt { (l.t("Loss", "Perte")) } dd { (facts.loss.as_ref().map(|(a, c)| fmt::amount(l, *a, c)).unwrap_or_else(|| "—".into())) }
                @if let Some(p) = &payment { dt { (l.t("Payment method", "Moyen de paiement")) } dd { (p) } }
                @if let Some(r) = &record { dt { (l.t("Version", "Version")) } dd { (r.version) } }
            }
        }
        h2 { (l.t("Narrative", "Récit")) }
        @if sight == Sight::Full {
            @match &narrative {
                Some(text) => {
                    @let (marked, n) = highlight(l, text, facts.region.as_deref());
                    p.help { (n) " " (l.t("indicators highlighted where they were read; select one to open it.", "indicateurs surlignés là où ils ont été lus ; sélectionnez-en un pour l'ouvrir.")) }
                    div.narrative #narrative lang=[record.as_ref().and_then(|r| r.record.get("language")).and_then(Value::as_str)] { (marked) }
                    p.help { (l.t("This reading was recorded in the audit log.", "Cette lecture a été inscrite au journal d'audit.")) }
                }
                None => p { (l.t("This report has no narrative.", "Ce signalement n'a pas de récit.")) },
            }
        } @else {
            p.note { (l.t("The narrative and loss of this report are not shared with your partner (TLP AMBER); you see its ring and indicators.",
                          "Le récit et la perte de ce signalement ne sont pas partagés avec votre partenaire (TLP AMBER) ; vous voyez son réseau et ses indicateurs.")) }
        }
        h2 { (l.t("Indicators", "Indicateurs")) }
        div.scroll { table {
            thead { tr {
                th scope="col" { (l.t("Kind", "Type")) }
                th scope="col" { (l.t("Value", "Valeur")) }
                th scope="col" { (l.t("Role", "Rôle")) }
                th scope="col" { (l.t("Links reports", "Relie des signalements")) }
            } }
            tbody { @for (kind, value, role, links) in &facts.indicators {
                tr {
                    td { (layout::kind_name(l, kind)) }
                    td { a.value href=(super::indicator_href(kind, value)) { (value) } }
                    td { (layout::role_name(l, role.as_deref().unwrap_or(""))) }
                    td { @if *links { (l.t("yes", "oui")) } @else { (l.t("no", "non")) } }
                }
            } }
        } }
    };
    Ok(Page::from(layout::page(&web, &title, body)).into_response())
}
