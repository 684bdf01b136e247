//! Seized-device extracts: the layout (`docs/evidence.md`), the parser, the
//! indicators an extract holds, matching exhibits against rings and sites
//! against each other, and the chain-of-custody record.

mod csv_layout;
mod custody;
mod error;
mod extract;
mod ids;
mod indicators;
mod matching;
mod parse;

pub use csv_layout::{COLUMNS as CSV_COLUMNS, SECTIONS as CSV_SECTIONS};
pub use custody::CustodyEntry;
pub use error::ExtractError;
pub use extract::{
    Call, Contact, DeviceExtract, DeviceType, Direction, EmailAccount, EmailMessage, PaymentApp,
    PaymentKind, RemoteTool, Sim, Sms, Timestamp, Visit,
};
pub use ids::{ExhibitId, Iccid, Imei, Imsi};
pub use indicators::{device_indicators, ExhibitIndicator};
pub use matching::{
    match_exhibits, Exhibit, ExhibitMatch, ExhibitMatches, MatchedIndicator, OwnMatch, RingHit,
    RingTouch, SharedValue, SiteLink,
};
pub use parse::{parse_extract, ExtractFormat, MAX_EXTRACT_BYTES, MAX_SECTION_ITEMS};
