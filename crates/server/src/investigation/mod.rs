//! Investigations over the store (issue 8), shared by the command line and
//! the service: cases kept as event logs (`log`), what a case shows now
//! (`view`), seized-device exhibits imported and matched (`evidence`), and
//! the signed evidence package read from the store (`package`). The rules
//! themselves live in `ringtrace-act`; this is its edge.

mod error;
pub mod evidence;
pub mod log;
pub mod package;
pub mod tlp;
pub mod view;

pub use error::InvestigationError;
