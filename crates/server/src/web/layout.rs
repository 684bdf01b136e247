//! The frame of every page: skip link, header with navigation, search box,
//! language switch and sign-out, then the page's own content.

use super::i18n::Lang;
use super::session::Web;
use maud::{html, Markup, DOCTYPE};

fn head(lang: Lang, title: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) " · ringtrace" }
            link rel="stylesheet" href="/static/app.css";
            script src="/static/app.js" defer {}
            meta name="description" content=(lang.t("ringtrace: tech-support scam rings", "ringtrace : réseaux d'arnaques au faux support technique"));
        }
    }
}

fn switch(lang: Lang, here: &str) -> Markup {
    let other = lang.other();
    html! {
        a.lang href=(format!("/lang/{}?back={}", other.code(), super::enc(here)))
            lang=(other.code()) hreflang=(other.code()) id="lang-switch" {
            (other.name())
        }
    }
}

/// A page for a signed-in analyst.
pub fn page(web: &Web, title: &str, body: Markup) -> Markup {
    let l = web.lang;
    let nav = [
        ("/", l.t("Dashboard", "Tableau de bord")),
        ("/rings", l.t("Rings", "Réseaux")),
        ("/submit", l.t("New report", "Nouveau signalement")),
        ("/warnings", l.t("Warning list", "Liste d'avertissement")),
        ("/cases", l.t("Cases", "Dossiers")),
    ];
    let path = web.here.split('?').next().unwrap_or("/");
    html! {
        (DOCTYPE)
        html lang=(l.code()) {
            (head(l, title))
            body {
                a.skip href="#main" { (l.t("Skip to content", "Aller au contenu")) }
                header.top {
                    a.brand href="/" { "ringtrace" }
                    nav aria-label=(l.t("Main", "Principale")) {
                        ul {
                            @for (href, label) in nav {
                                @let current = path == href || (href != "/" && path.starts_with(href));
                                li {
                                    @if current {
                                        a href=(href) aria-current="page" { (label) }
                                    } @else {
                                        a href=(href) { (label) }
                                    }
                                }
                            }
                        }
                    }
                    form.search role="search" action="/search" method="get" {
                        label for="q" { (l.t("Search", "Rechercher")) }
                        input #q type="search" name="q" required
                            placeholder=(l.t("number, URL, email, wallet, ring id…", "numéro, URL, e-mail, portefeuille, réseau…"));
                        button type="submit" { (l.t("Go", "OK")) }
                    }
                    div.who {
                        span { (web.viewer().partner) " · " (web.viewer().role.to_string()) }
                        (switch(l, &web.here))
                        form action="/sign-out" method="post" {
                            input type="hidden" name="csrf" value=(web.csrf);
                            button.link type="submit" { (l.t("Sign out", "Se déconnecter")) }
                        }
                    }
                }
                main #main tabindex="-1" { (body) }
                footer {
                    p { (l.t("Only what your key's partner and role may see (TLP 2.0) is shown.",
                             "Seul ce que le partenaire et le rôle de votre clé peuvent voir (TLP 2.0) est affiché.")) }
                }
            }
        }
    }
}

/// A page without a session (sign-in, errors).
pub fn bare(lang: Lang, title: &str, body: Markup) -> Markup {
    bare_at(lang, title, "/", body)
}

pub fn bare_at(lang: Lang, title: &str, here: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            (head(lang, title))
            body {
                header.top {
                    a.brand href="/" { "ringtrace" }
                    div.who { (switch(lang, here)) }
                }
                main #main.narrow { (body) }
            }
        }
    }
}

/// The TLP marking as a label in the TLP 2.0 colours.
pub fn tlp(tlp: &str) -> Markup {
    let class = format!("tlp tlp-{}", tlp.replace('+', "-"));
    html! { span class=(class) { "TLP:" (tlp.to_uppercase()) } }
}

/// Words for an indicator kind.
pub fn kind_name(l: Lang, kind: &str) -> &'static str {
    match kind {
        "phone" => l.t("phone", "téléphone"),
        "url" => "URL",
        "domain" => l.t("domain", "domaine"),
        "email" => l.t("email", "e-mail"),
        "ip" => l.t("IP address", "adresse IP"),
        "upi" => "UPI",
        "iban" => "IBAN",
        "crypto_wallet" => l.t("crypto wallet", "portefeuille crypto"),
        "remote_id" => l.t("remote-access ID", "ID d'accès à distance"),
        "gift_card" => l.t("gift card", "carte cadeau"),
        "bank_account" => l.t("bank account", "compte bancaire"),
        _ => l.t("other", "autre"),
    }
}

/// Words for a channel.
pub fn channel_name(l: Lang, ch: &str) -> &'static str {
    match ch {
        "popup" => l.t("pop-up", "fenêtre surgissante"),
        "phone_call" => l.t("phone call", "appel téléphonique"),
        "search_ad" => l.t("search ad", "annonce de recherche"),
        "email" => l.t("email", "e-mail"),
        "sms" => "SMS",
        "social" => l.t("social media", "réseaux sociaux"),
        "other" => l.t("other", "autre"),
        _ => l.t("unknown", "inconnu"),
    }
}

/// Words for a mention's role.
pub fn role_name(l: Lang, role: &str) -> &'static str {
    match role {
        "scammer_contact" => l.t("scammer's contact", "contact de l'escroc"),
        "payment_destination" => l.t("payment destination", "destination du paiement"),
        "victim_own" => l.t(
            "victim's own (never links)",
            "de la victime (ne relie jamais)",
        ),
        "legitimate_reference" => l.t(
            "legitimate reference (never links)",
            "référence légitime (ne relie jamais)",
        ),
        _ => l.t("unspecified", "non précisé"),
    }
}
