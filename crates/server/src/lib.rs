//! `ringtrace serve`: the HTTP API under `/v1` (axum on tokio).
//!
//! `startup` builds the app; `routes` holds one module per resource;
//! `catalog` keeps every report's facts in memory for lookups and ring
//! views, `views` decides what each caller sees of it (TLP 2.0 through
//! `ringtrace_model::sight`), `auth` turns API keys into callers, `admin`
//! changes partners and keys with an audit entry each, and `problem` makes
//! every error an RFC 9457 problem detail. `taxii` is the TAXII 2.1 server
//! under `/taxii2/`.

pub mod admin;
pub mod auth;
pub mod catalog;
pub mod config;
pub mod investigation;
pub mod keys;
pub mod metrics;
pub mod openapi;
pub mod problem;
pub mod psi;
pub mod rate;
pub mod routes;
pub mod startup;
pub mod state;
pub mod sync;
pub mod taxii;
pub mod views;
pub mod web;

pub use config::{Limits, ServerConfig};
pub use psi::PsiSettings;
pub use startup::{build, serve, shutdown_signal, App};
pub use sync::{Direction as SyncDirection, SyncJob};
