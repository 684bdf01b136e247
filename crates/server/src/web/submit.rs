//! The report form for support agents. "Preview" reads the indicators out
//! of the narrative on the server and shows them (with what the service
//! already knows of each) before anything is stored; "Submit" sends the
//! report through the same path as `POST /v1/reports`, then opens it.
//! Works without JavaScript; both steps carry the session's CSRF token.

use super::session::Web;
use super::{fmt, layout, Page, WebResult};
use crate::routes::{reports, resolve};
use crate::state::Shared;
use crate::views::Looker;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::{Form, Json};
use maud::{html, Markup};
use ringtrace_model::{Channel, Tlp};
use serde::Deserialize;
use serde_json::{json, Map, Value};

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReportForm {
    pub csrf: String,
    pub action: String,
    pub id: String,
    pub received_at: String,
    pub channel: String,
    pub brand: String,
    pub region: String,
    pub language: String,
    pub tlp: String,
    pub loss_amount: String,
    pub loss_currency: String,
    pub payment_method: String,
    pub narrative: String,
    pub indicators: String,
}

fn fresh(web: &Web) -> ReportForm {
    let now = chrono::Utc::now();
    ReportForm {
        id: format!(
            "web-{}-{}",
            now.format("%Y%m%d-%H%M%S"),
            &super::session::token()[..6]
        ),
        received_at: now.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        tlp: "amber".into(),
        language: web.lang.code().into(),
        ..ReportForm::default()
    }
}

fn opt(s: &str) -> Option<&str> {
    Some(s.trim()).filter(|s| !s.is_empty())
}

/// The structured indicators typed one a line, `kind: value` or a bare
/// value: each read, or why not.
fn given(f: &ReportForm) -> Vec<(String, Result<ringtrace_model::Indicator, String>)> {
    f.indicators
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(200)
        .map(|line| {
            let region = opt(&f.region);
            let parsed = match line.split_once(':') {
                Some((k, v)) if k.trim().parse::<ringtrace_model::Kind>().is_ok() => {
                    resolve(v.trim(), Some(k.trim()), region)
                }
                _ => resolve(line, None, region),
            };
            (line.to_string(), parsed)
        })
        .collect()
}

/// The record as `POST /v1/reports` takes it.
fn record(web: &Web, f: &ReportForm) -> Result<Value, String> {
    let l = web.lang;
    let mut o = Map::new();
    o.insert("id".into(), json!(f.id.trim()));
    o.insert("partner".into(), json!(web.viewer().partner));
    o.insert("received_at".into(), json!(f.received_at.trim()));
    for (k, v) in [
        ("channel", &f.channel),
        ("brand", &f.brand),
        ("language", &f.language),
        ("payment_method", &f.payment_method),
        ("narrative", &f.narrative),
    ] {
        if let Some(v) = opt(v) {
            o.insert(k.into(), json!(v));
        }
    }
    if let Some(r) = opt(&f.region) {
        o.insert("region".into(), json!(r.to_uppercase()));
    }
    o.insert("tlp".into(), json!(opt(&f.tlp).unwrap_or("amber")));
    match (opt(&f.loss_amount), opt(&f.loss_currency)) {
        (None, None) => {}
        (Some(a), Some(c)) => {
            let amount: f64 = a
                .replace([' ', '\u{a0}', '\u{202f}'], "")
                .replace(',', ".")
                .parse()
                .map_err(|_| {
                    l.t(
                        "The loss must be a number.",
                        "La perte doit être un nombre.",
                    )
                    .to_string()
                })?;
            o.insert(
                "loss".into(),
                json!({"amount": amount, "currency": c.to_uppercase()}),
            );
        }
        _ => {
            return Err(l
                .t(
                    "A loss needs both an amount and a currency.",
                    "Une perte demande un montant et une devise.",
                )
                .to_string())
        }
    }
    let mut inds = Vec::new();
    for (line, parsed) in given(f) {
        match parsed {
            Ok(ind) => inds.push(json!({"kind": ind.kind.as_str(), "value": ind.value})),
            Err(e) => {
                return Err(format!(
                    "{}: {line}: {e}",
                    l.t("Indicator not read", "Indicateur illisible")
                ))
            }
        }
    }
    if !inds.is_empty() {
        o.insert("indicators".into(), Value::Array(inds));
    }
    Ok(Value::Object(o))
}

fn form_markup(web: &Web, f: &ReportForm, previewed: bool) -> Markup {
    let l = web.lang;
    let tlp = opt(&f.tlp).unwrap_or("amber");
    html! {
        form method="post" action="/submit" #report-form {
            input type="hidden" name="csrf" value=(web.csrf);
            div.field {
                label for="narrative" { (l.t("What happened (narrative)", "Ce qui s'est passé (récit)")) }
                textarea #narrative name="narrative" aria-describedby="narrative-help" { (f.narrative) }
                p #narrative-help .help { (l.t("Paste the victim's or the agent's words; phone numbers, sites, emails, wallets and remote-access IDs are read out of it.",
                                               "Collez les mots de la victime ou de l'agent ; numéros, sites, e-mails, portefeuilles et ID d'accès à distance en sont extraits.")) }
            }
            div.row {
                div.field {
                    label for="region" { (l.t("Victim's country", "Pays de la victime")) }
                    input #region name="region" maxlength="2" size="4" placeholder="FR" value=(f.region) aria-describedby="region-help";
                    p #region-help .help { (l.t("Two letters; needed for national phone numbers.", "Deux lettres ; nécessaire pour les numéros nationaux.")) }
                }
                div.field {
                    label for="channel" { (l.t("Channel", "Canal")) }
                    select #channel name="channel" {
                        option value="" { (l.t("Unknown", "Inconnu")) }
                        @for c in Channel::ALL {
                            option value=(c.as_str()) selected[f.channel == c.as_str()] { (layout::channel_name(l, c.as_str())) }
                        }
                    }
                }
                div.field {
                    label for="brand" { (l.t("Brand impersonated", "Marque usurpée")) }
                    input #brand name="brand" value=(f.brand);
                }
                div.field {
                    label for="tlp" { (l.t("Sharing (TLP)", "Diffusion (TLP)")) }
                    select #tlp name="tlp" {
                        @for t in Tlp::ALL {
                            option value=(t.as_str()) selected[tlp == t.as_str()] { "TLP:" (t.as_str().to_uppercase()) }
                        }
                    }
                }
            }
            div.row {
                div.field {
                    label for="loss_amount" { (l.t("Loss amount", "Montant perdu")) }
                    input #loss_amount name="loss_amount" inputmode="decimal" value=(f.loss_amount);
                }
                div.field {
                    label for="loss_currency" { (l.t("Currency", "Devise")) }
                    input #loss_currency name="loss_currency" maxlength="3" size="4" placeholder="EUR" value=(f.loss_currency);
                }
                div.field {
                    label for="payment_method" { (l.t("Payment method", "Moyen de paiement")) }
                    input #payment_method name="payment_method" placeholder="gift_card" value=(f.payment_method);
                }
            }
            div.field {
                label for="indicators" { (l.t("Other indicators, one a line (optional)", "Autres indicateurs, un par ligne (facultatif)")) }
                textarea #indicators name="indicators" rows="3" placeholder="phone: +33 1 49 99 37 17" { (f.indicators) }
            }
            div.row {
                div.field {
                    label for="id" { (l.t("Your reference", "Votre référence")) }
                    input #id name="id" required maxlength="128" value=(f.id);
                }
                div.field {
                    label for="received_at" { (l.t("Received at (RFC 3339)", "Reçu le (RFC 3339)")) }
                    input #received_at name="received_at" required value=(f.received_at);
                }
                div.field {
                    label for="language" { (l.t("Narrative language", "Langue du récit")) }
                    input #language name="language" size="6" value=(f.language);
                }
            }
            div.row {
                button type="submit" name="action" value="preview" .primary[!previewed] { (l.t("Preview indicators", "Prévisualiser les indicateurs")) }
                @if previewed {
                    button.primary type="submit" name="action" value="submit" #submit-report { (l.t("Submit report", "Envoyer le signalement")) }
                }
            }
        }
    }
}

fn render(
    web: &Web,
    f: &ReportForm,
    preview: Option<Markup>,
    error: Option<&str>,
    status: StatusCode,
) -> axum::response::Response {
    let l = web.lang;
    let title = l.t("New report", "Nouveau signalement");
    let previewed = preview.is_some();
    let body = html! {
        h1 { (title) }
        p { (l.t("Fill in what the victim told you, then preview: the indicators read from the narrative are shown before anything is stored.",
                 "Saisissez ce que la victime vous a dit, puis prévisualisez : les indicateurs lus dans le récit s'affichent avant tout enregistrement.")) }
        @if let Some(e) = error { p.error role="alert" { (e) } }
        @if let Some(p) = preview { (p) }
        (form_markup(web, f, previewed))
    };
    Page(status, layout::page(web, title, body)).into_response()
}

/// `GET /submit`.
pub async fn form(web: Web) -> WebResult {
    let f = fresh(&web);
    Ok(render(&web, &f, None, None, StatusCode::OK))
}

fn preview(state: &Shared, web: &Web, f: &ReportForm) -> Markup {
    let l = web.lang;
    let region = opt(&f.region).map(str::to_uppercase);
    let found = ringtrace_extract::extract(&f.narrative, region.as_deref());
    let typed = given(f);
    let cat = state.catalog();
    let who = Looker::new(&cat, web.viewer());
    let warnings = state.warnings();
    let known = |ind: &ringtrace_model::Indicator| -> Markup {
        let v = cat.lookup(&who, ind, &warnings);
        html! {
            @match v.verdict.as_str() {
                "legitimate" => span.badge.hub { (l.t("hub: never links", "hub : ne relie jamais")) },
                "known" => {
                    (fmt::count(l, v.reports)) " " (l.t("reports", "signalements"))
                    @if let Some(r) = v.rings.first() { " · " a href=(super::ring_href(&r.ring)) { (r.ring) } }
                },
                _ => (l.t("new", "nouveau")),
            }
        }
    };
    let (marked, _) = super::report::highlight(l, &f.narrative, region.as_deref());
    html! {
        section.preview aria-labelledby="preview-h" #preview {
            h2 #preview-h { (l.t("Preview: indicators found", "Aperçu : indicateurs trouvés")) }
            @if found.is_empty() && typed.is_empty() {
                p { (l.t("No indicator was found. A report without one cannot join a ring.", "Aucun indicateur trouvé. Un signalement sans indicateur ne peut rejoindre aucun réseau.")) }
            } @else {
                div.scroll { table #preview-table {
                    thead { tr {
                        th scope="col" { (l.t("Kind", "Type")) }
                        th scope="col" { (l.t("Read as", "Lu comme")) }
                        th scope="col" { (l.t("As written", "Tel qu'écrit")) }
                        th scope="col" { (l.t("Role", "Rôle")) }
                        th scope="col" { (l.t("Already known", "Déjà connu")) }
                    } }
                    tbody {
                        @for x in &found {
                            tr {
                                td { (layout::kind_name(l, x.indicator.kind.as_str())) }
                                td.value { (x.indicator.value) }
                                td { (f.narrative.get(x.start..x.end).unwrap_or("")) }
                                td { (layout::role_name(l, x.role.map_or("", |r| r.as_str()))) }
                                td { (known(&x.indicator)) }
                            }
                        }
                        @for (line, r) in &typed {
                            tr {
                                @match r {
                                    Ok(ind) => {
                                        td { (layout::kind_name(l, ind.kind.as_str())) }
                                        td.value { (ind.value) }
                                        td { (line) }
                                        td { (l.t("given", "fourni")) }
                                        td { (known(ind)) }
                                    }
                                    Err(e) => {
                                        td { "?" }
                                        td.error colspan="4" { (line) " — " (e) }
                                    }
                                }
                            }
                        }
                    }
                } }
                @if !f.narrative.trim().is_empty() {
                    h3 { (l.t("Where they were read", "Où ils ont été lus")) }
                    div.narrative { (marked) }
                }
            }
            p.help { (l.t("Nothing is stored until you select “Submit report”.", "Rien n'est enregistré tant que vous n'avez pas choisi « Envoyer le signalement »."))  }
        }
    }
}

/// `POST /submit`: preview, or submit.
pub async fn post(State(state): State<Shared>, web: Web, Form(f): Form<ReportForm>) -> WebResult {
    web.require_csrf(&f.csrf)?;
    let l = web.lang;
    if f.narrative.len() > 64 * 1024 {
        return Ok(render(
            &web,
            &f,
            None,
            Some(l.t(
                "The narrative is longer than 64 KiB.",
                "Le récit dépasse 64 Kio.",
            )),
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    if f.action != "submit" {
        let p = preview(&state, &web, &f);
        return Ok(render(&web, &f, Some(p), None, StatusCode::OK));
    }
    let rec = match record(&web, &f) {
        Ok(r) => r,
        Err(e) => {
            let p = preview(&state, &web, &f);
            return Ok(render(
                &web,
                &f,
                Some(p),
                Some(&e),
                StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
    };
    match reports::submit(State(state.clone()), web.caller.clone(), Ok(Json(rec))).await {
        Ok(Json(done)) => {
            let key = done
                .reports
                .first()
                .map(|r| r.report.clone())
                .unwrap_or_else(|| format!("{}:{}", web.viewer().partner, f.id.trim()));
            Ok(Redirect::to(&format!("{}&submitted=1", super::report_href(&key))).into_response())
        }
        Err(problem) => {
            let mut msg = problem.detail.clone();
            for e in &problem.errors {
                msg.push_str(&format!(
                    "; {}{}",
                    e.field
                        .as_deref()
                        .map(|f| format!("{f}: "))
                        .unwrap_or_default(),
                    e.message
                ));
            }
            let status =
                StatusCode::from_u16(problem.status).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
            let p = preview(&state, &web, &f);
            Ok(render(&web, &f, Some(p), Some(&msg), status))
        }
    }
}
