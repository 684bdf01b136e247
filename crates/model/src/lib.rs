//! The domain model of ringtrace: the words of the glossary as types.
//!
//! Every type here parses its input once ("parse, don't validate"): holding a
//! [`PartnerSlug`], a [`Tlp`] or an [`Indicator`] means the value is valid.
//! This crate does no IO.

#[macro_use]
mod values;
mod access;
mod audit;
mod indicator;
mod report;
mod ring;

pub use access::{sight, AccessRole, Sight, Viewer};
pub use audit::{verify_chain, AuditDraft, AuditEntry, ChainBreak, GENESIS};
pub use indicator::{Indicator, Kind, Mention, MentionSource, Role, UnknownKind};
pub use report::{Loss, Report, ReportKey};
pub use ring::{RingId, RingIndicator, RingSummary};
pub use values::{
    Channel, CurrencyCode, LanguageTag, PartnerSlug, RegionCode, ReportId, Tlp, ValueError,
};
