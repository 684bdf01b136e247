//! TAXII 2.1 under `/taxii2/`: discovery, the `ringtrace` API root, its
//! collections (one per sharing audience, see
//! `ringtrace_share::taxii::COLLECTIONS`), objects with `added_after`,
//! `limit`, `next` and `match[…]`, manifest, versions, object by id, POST
//! to the inbox with a status resource. Partner keys authenticate
//! (`Authorization: Bearer`, or HTTP Basic with the key as password), and
//! every object a caller gets passed the TLP rule.

mod log;
mod media;
mod objects;
mod pages;
mod post;

use crate::state::Shared;
use axum::routing::get;
use axum::Router;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub use media::TaxiiError;

/// One log per (collection, caller's partner, caller's role).
type LogKey = (&'static str, String, ringtrace_model::AccessRole);

/// The TAXII server's own state.
#[derive(Debug, Default)]
pub struct TaxiiState {
    logs: Mutex<HashMap<LogKey, Arc<Mutex<Option<log::ObjectLog>>>>>,
    statuses: Mutex<post::Statuses>,
}

impl TaxiiState {
    fn log(&self, key: LogKey) -> Arc<Mutex<Option<log::ObjectLog>>> {
        let mut logs = self.logs.lock().unwrap_or_else(|p| p.into_inner());
        logs.entry(key).or_default().clone()
    }
}

/// The TAXII routes.
pub fn router() -> Router<Shared> {
    Router::new()
        .route("/taxii2/", get(pages::discovery))
        .route("/taxii2/{root}/", get(pages::api_root))
        .route("/taxii2/{root}/status/{status}/", get(post::status))
        .route("/taxii2/{root}/collections/", get(pages::collections))
        .route("/taxii2/{root}/collections/{coll}/", get(pages::collection))
        .route(
            "/taxii2/{root}/collections/{coll}/objects/",
            get(pages::objects).post(post::add_objects),
        )
        .route(
            "/taxii2/{root}/collections/{coll}/objects/{object}/",
            get(pages::object),
        )
        .route(
            "/taxii2/{root}/collections/{coll}/objects/{object}/versions/",
            get(pages::versions),
        )
        .route(
            "/taxii2/{root}/collections/{coll}/manifest/",
            get(pages::manifest),
        )
}
