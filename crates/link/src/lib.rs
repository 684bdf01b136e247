//! Linking: reports joined through shared, linkable indicators into rings
//! with stable identifiers, and the scores that tell how right the rings are.
//!
//! Everything here is a pure function of its inputs: the store hands over the
//! report–indicator graph, this crate hands back ring assignments.
//!
//! - [`cluster::cluster`]: rings as dense groups (hubs detected, values
//!   weighted by [`weight::specificity`], Leiden with the constant Potts
//!   model, bridges recorded); [`connected_components`] is the plain baseline.
//! - [`explain::explain`]: why two reports are, or are not, in one ring.
//! - [`weight::place`]: the ring a new report joins between full relinks.
//! - [`assign_ring_ids`]: stable identifiers from old rings to new clusters.
//! - [`eval::score`]: B-cubed, pairwise and adjusted Rand index.

pub mod assign;
pub mod cluster;
pub mod components;
pub mod eval;
pub mod explain;
pub mod graph;
pub mod hubs;
pub mod leiden;
pub mod warninglist;
pub mod weight;

pub use assign::{assign_ring_ids, Assignment, RingEvent};
pub use cluster::{cluster, report_graph, Bridge, ClusterParams, Clustering};
pub use components::connected_components;
pub use explain::{explain, Explanation, Ignored, IgnoredBecause, Step};
pub use graph::LinkGraph;
pub use hubs::{DetectedHub, HubParams};
pub use warninglist::{Hub, Scope, WarningList, WarningListError};
pub use weight::{place, place_with_values, specificity, RingLink};
