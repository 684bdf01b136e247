//! Linking: reports joined through shared, linkable indicators into rings
//! with stable identifiers, and the scores that tell how right the rings are.
//!
//! Everything here is a pure function of its inputs: the store hands over the
//! report–indicator graph, this crate hands back ring assignments.

pub mod assign;
pub mod components;
pub mod eval;
pub mod graph;
pub mod warninglist;

pub use assign::{assign_ring_ids, Assignment, RingEvent};
pub use components::connected_components;
pub use graph::LinkGraph;
pub use warninglist::{Hub, Scope, WarningList, WarningListError};
