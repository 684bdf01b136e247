//! MISP: feed export (manifest, events, hashes.csv), event import, warning lists.
//!
//! - [`feed`] turns the reports and rings of an export into a MISP feed:
//!   `manifest.json`, one `<uuid>.json` event per ring and `hashes.csv`, all
//!   deterministic (UUIDv5 identifiers, timestamps taken from the data).
//! - [`event_records`] reads MISP events (`{"Event": …}`, a bare event, a
//!   list of them, or an API `{"response": […]}`) back into report records of
//!   the spec's section 1.
//! - [`warninglists`] writes ringtrace's hub values as MISP warning lists;
//!   [`read_warninglist`] reads a MISP warning list into indicators.
//!
//! The kinds map onto MISP's attribute types and objects in [`kinds`]; TLP
//! 2.0 onto tags and distribution levels in [`tlp`].

mod event;
mod feed;
mod import;
pub mod kinds;
mod time;
pub mod tlp;
mod warninglist;

pub use event::{ring_event, EventSummary};
pub use feed::{feed, md5_hex, Feed, FeedEvent, FeedOptions};
pub use import::{event_records, ImportError, ImportFault, ImportedEvent};
pub use warninglist::{
    read_warninglist, warninglists, HubValue, ReadWarninglist, WarninglistError, WarninglistFile,
    SHIPPED_VERSION,
};

use uuid::Uuid;

/// The namespace of every UUIDv5 ringtrace gives MISP objects: the same ring,
/// indicator or organisation always gets the same identifier.
pub const NAMESPACE: Uuid = Uuid::from_u128(0x6f1c_2a4e_8d3b_4c57_9e21_5b7a_0c9d_3e84);

/// A UUIDv5 in [`NAMESPACE`] of `name`.
pub fn uuid_for(name: &str) -> String {
    Uuid::new_v5(&NAMESPACE, name.as_bytes()).to_string()
}
