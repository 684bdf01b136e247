//! The case as data: its identifier, status, record and the events that change it.
//!
//! The edges store a case as its event log (each event is also an audit
//! entry) and rebuild it with [`Case::replay`]; [`Case::apply`] holds every
//! rule, so a refused change is refused the same way everywhere.

mod error;
mod event;
mod id;
mod record;
mod status;

pub use error::CaseError;
pub use event::CaseEvent;
pub use id::{BadCaseId, CaseId};
pub use record::{Case, Note, Task};
pub use status::CaseStatus;
