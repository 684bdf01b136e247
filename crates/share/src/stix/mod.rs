//! STIX 2.1: objects, bundles, TLP 2.0 markings, ringtrace extension definitions.
//!
//! Export (pure, object by object, so a caller can stream a bundle):
//! [`common_objects`] once, [`ring_objects`] per ring, [`report_objects`]
//! per report with each indicator's marking from [`indicator_tlps`];
//! objects may repeat across calls with the same content, so a writer keeps
//! the first of each id ([`Seen`]). Import: [`import_bundle`] turns a
//! bundle into report records.
//!
//! Decisions, in short (the module docs say more):
//! - identifiers are deterministic: SCOs UUIDv5 in the STIX namespace over
//!   their value (spec §2.9); everything ringtrace derives UUIDv5 in its own
//!   namespace over a name that fixes the object's whole content (the
//!   marking included where it may differ), so a re-export is identical and
//!   the receiving side deduplicates;
//! - objects derived from one report carry its marking; an SCO or indicator
//!   mentioned by several reports carries the least restrictive marking
//!   among them (`tlp_of`), the same in every report that repeats it;
//! - a mention that may not link (role `victim_own` or
//!   `legitimate_reference`, or a hub of the warning list) is an SCO only,
//!   never an `indicator`; its role is in the report's extension.

mod export;
pub mod extensions;
pub mod ids;
mod import;
pub mod observables;
pub mod tlp;

pub use export::{
    bundle_id, common_objects, indicator_id, indicator_tlps, partner_identity_id, report_id,
    report_objects, ring_id, ring_objects, ExportOptions, Seen,
};
pub use import::{import_bundle, ImportOptions, Imported, StixError};
pub use tlp::tlp_of_object;
