//! The OpenAPI 3.1 document, generated from the handlers' annotations and
//! served at `/openapi.json`.

use crate::routes::{admin, cases, health, indicators, lookup, reports, rings};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("rt_<key id>_<secret>")
                    .build(),
            ),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "ringtrace", description = "Tech-support scam reports linked into rings: submit, read, look up. Every request but /healthz needs `Authorization: Bearer <key>`; what a key sees follows its role and TLP 2.0. Errors are RFC 9457 problem details."),
    paths(
        health::healthz, health::readyz, health::metrics,
        lookup::lookup_one, lookup::lookup_many,
        reports::submit, reports::list, reports::read, reports::withdraw,
        rings::list, rings::read,
        indicators::read,
        admin::partners, admin::add_partner, admin::set_partner_state,
        admin::keys, admin::create_key, admin::revoke_key, admin::audit,
        admin::grant_amber, admin::withdraw_amber,
        cases::list, cases::read, cases::open, cases::change,
        crate::psi::session::describe, crate::psi::session::respond,
        crate::psi::session::matches, crate::psi::session::reveal,
        crate::psi::oprf::published, crate::psi::oprf::evaluate,
    ),
    modifiers(&Bearer),
    tags(
        (name = "lookup", description = "Is this value a scam?"),
        (name = "reports", description = "Scam reports as partners send them"),
        (name = "rings", description = "Reports linked into rings"),
        (name = "indicators", description = "Phone numbers, URLs, accounts, … and where they appear"),
        (name = "admin", description = "Partners, keys, sharing, audit log"),
        (name = "cases", description = "Investigations: cases opened on rings, their notes, tasks, referral and closing"),
        (name = "psi", description = "Private matching with partners: PSI sessions and OPRF lookups"),
        (name = "operations", description = "Health, readiness, metrics"),
    )
)]
pub struct ApiDoc;

/// The document as JSON text.
pub fn document() -> String {
    ApiDoc::openapi().to_pretty_json().unwrap_or_default()
}
